"""The shared contract checker finds nothing wrong in a folder written by RunOutput with the scorer's
run check and finishers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_output.py"


@pytest.mark.skipif(not CHECKER.exists(), reason=f"{CHECKER} is not beside the checkout")
def test_contract_checker_finds_no_problem(run_dir: Path):
    result = subprocess.run(
        [sys.executable, str(CHECKER), str(run_dir)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check_output: 0 problem(s); forms=55" in result.stdout
