"""Fixtures shared by the reader tests."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def ocr_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, tuple[int, ...], int]]:
    """The pages sent to OCR, as (page, image shape, dpi); each comes back empty, no engine runs."""
    from extract.ocr import scanner
    from extract.page import PageContent

    calls: list[tuple[int, tuple[int, ...], int]] = []

    def recorder(image: np.ndarray, number: int, dpi: int, *_: object) -> PageContent:
        calls.append((number, image.shape, dpi))
        assert image.dtype == np.uint8
        return PageContent(number)

    monkeypatch.setattr(scanner, "get_engine", lambda: object())
    monkeypatch.setattr(scanner, "read_scanned_page", recorder)
    return calls
