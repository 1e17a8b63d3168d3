from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.publish.browser import chrome, require_chromium
from tests.publish.run_fixture import build_run


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One finished output folder (truth forms, a hostile pair, a failed file) for the read-only tests."""
    return build_run(tmp_path_factory.mktemp("run") / "out")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium (tests/publish/browser.py), one per test module that asks for it;
    skipped with the reason where selenium or Chromium is absent."""
    require_chromium()
    driver = chrome(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()
