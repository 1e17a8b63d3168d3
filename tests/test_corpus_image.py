"""Image inputs of the corpus (phone photos, a multi-page TIFF, PNG scans) against their
hand-verified truth, compared field by field as tests/test_corpus_scan.py compares scans.

Issue 10 asks for 99 % of fields per sort; every sort reaches it. MIN_ACCURACY holds what each
sort reaches today, measured here, less a field, as the floor no change may fall below (OCR
still misreads a character in a few of 144 fields a form: a decimal point, a bracket under a
seal).

Each image file is read once per session, two at a time in worker processes (see
tests/test_corpus_scan.py); `python bench/accuracy_scan.py`-style numbers per file are printed
by the failure message.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

import pytest

from pipeline import FileResult
from tests.test_corpus_scan import INDEX, FieldResult, _process, field_results

IMAGES = [e for e in INDEX if e["kind"] == "image"]
SORTS = sorted({e["image"] for e in IMAGES})
MIN_ACCURACY = {"png": 0.996, "tiff": 0.993, "photo": 0.996}
"""Measured at this commit: png 288 of 288 fields (100 %), tiff 430 of 432 (99.54 %), photo 1149
of 1152 (99.74 %)."""
TARGET = 0.99

pytestmark = pytest.mark.skipif(not IMAGES, reason="no image files in corpus/files/index.json")


@cache
def processed() -> dict[str, FileResult]:
    paths = [e["path"] for e in IMAGES]
    workers = max(1, min(2, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return dict(zip(paths, pool.map(_process, paths), strict=True))


def results(sort: str) -> list[FieldResult]:
    done = processed()
    return [r for e in IMAGES if e["image"] == sort for r in field_results(e, done[e["path"]])]


def test_the_image_corpus_covers_photos_a_multi_page_tiff_and_png() -> None:
    assert SORTS == ["photo", "png", "tiff"]
    photos = [e for e in IMAGES if e["image"] == "photo"]
    assert len(photos) >= 8 and {e["degradation"]["orientation"] for e in photos} >= {1, 3, 6, 8}
    (tiff,) = [e for e in IMAGES if e["image"] == "tiff"]
    assert len(tiff["forms"]) == 3 and tiff["forms"][-1]["page_end"] == tiff["degradation"]["frames"]


@pytest.mark.parametrize("entry", IMAGES, ids=[e["path"] for e in IMAGES])
def test_an_image_is_read_by_ocr_into_its_forms(entry: dict[str, Any]) -> None:
    result = processed()[entry["path"]]
    assert result.entry.status == "ok", result.entry.error_message
    assert result.entry.method == "image-ocr"
    assert [(f.page_start, f.page_end) for f in result.forms] == [
        (f["page_start"], f["page_end"]) for f in entry["forms"]
    ]
    assert all(f.method == "image-ocr" and f.dpi for f in result.forms)


@pytest.mark.parametrize("sort", SORTS)
def test_each_sort_keeps_its_share_of_fields_equal_to_truth(sort: str) -> None:
    found = results(sort)
    wrong = [r for r in found if not r.ok]
    accuracy = 1 - len(wrong) / len(found)
    report = "\n".join(map(str, wrong))
    floor = MIN_ACCURACY[sort]
    assert floor >= TARGET and accuracy >= floor, (
        f"{sort}: {accuracy:.2%} of {len(found)} fields right; wrong:\n{report}"
    )
