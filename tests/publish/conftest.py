from __future__ import annotations

from pathlib import Path

import pytest

from tests.publish.run_fixture import build_run


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One finished output folder (truth forms, a hostile pair, a failed file) for the read-only tests."""
    return build_run(tmp_path_factory.mktemp("run") / "out")
