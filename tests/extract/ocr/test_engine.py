"""The recognizer: loaded lazily, one thread, never downloading; and what happens without it."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.ocr import engine
from extract.read import ReadError, read_document
from tests.corpus_truth import CORPUS
from tests.extract.ocr.images import page, text

FILES = CORPUS / "files"


def test_a_line_of_digits_is_recognized_with_a_confidence() -> None:
    img = text(page(320, 60), "738.62892", 10, 42, scale=1.0)
    (found,) = engine.get_engine().recognize([img])
    assert found.text == "738.62892" and found.score > 0.9


def test_a_line_reading_gives_its_least_sure_character_beside_the_mean() -> None:
    """A long line's mean hides one unsure character (0.98 over 40 characters, one at 0.39):
    decode gives the least sure one's probability too, as a split line's parts together do."""
    rec = engine.get_engine()._rec
    a, b, c = (rec.index[ch] for ch in "增强人")
    probs = np.full((1, 6, len(rec.characters)), 1e-6, dtype=np.float32)
    for step, (k, p) in enumerate([(a, 0.95), (0, 0.99), (b, 0.4), (b, 0.3), (0, 0.99), (c, 0.99)]):
        probs[0, step, k] = p
    # a repeated step is one character, its probability that of its first step (rapidocr)
    assert rec.decode(probs) == ("增强人", round((0.95 + 0.4 + 0.99) / 3, 5), 0.4)
    line = text(page(2400, 60), "738.62892 " * 18, 10, 42, scale=1.0)
    assert len(engine.split_long_line(line)) > 1
    (found,) = engine.get_engine().recognize([line])
    assert 0 < found.weakest <= found.score <= 1


def test_how_likely_a_line_shows_each_of_some_texts() -> None:
    img = text(page(320, 60), "100.25", 10, 42, scale=1.0)
    odds = engine.get_engine().posterior([img, img], ["100.25", "100,25", "1OO.25"])
    assert odds is not None and max(odds, key=lambda t: odds[t]) == "100.25"
    assert odds["100.25"] > 0.5 and abs(sum(odds.values()) - 1) < 1e-9


def test_ctc_likelihood_sums_alignments() -> None:
    steps = np.full((4, 3), 0.05)
    steps[[0, 1, 2, 3], [1, 0, 2, 2]] = 0.9  # a - b b
    steps /= steps.sum(axis=1, keepdims=True)
    assert engine.ctc_log_likelihood(steps, [1, 2]) > engine.ctc_log_likelihood(steps, [2, 1])
    assert engine.ctc_log_likelihood(steps, [1, 2]) > engine.ctc_log_likelihood(steps, [1, 2, 2])


def _collapse(path: tuple[int, ...]) -> list[int]:
    """A CTC alignment's labels: repeats merged, then blanks (0) dropped."""
    return [k for k, _ in itertools.groupby(path) if k != 0]


@settings(max_examples=60, deadline=None)
@given(
    steps=st.integers(1, 5),
    labels=st.lists(st.integers(1, 2), max_size=3),
    seed=st.integers(0, 2**32 - 1),
)
def test_ctc_likelihood_is_the_sum_over_every_alignment(steps: int, labels: list[int], seed: int) -> None:
    probs = np.random.default_rng(seed).random((steps, 3)) + 0.01
    probs /= probs.sum(axis=1, keepdims=True)
    total = sum(
        float(np.prod(probs[np.arange(steps), list(path)]))
        for path in itertools.product(range(3), repeat=steps)
        if _collapse(path) == labels
    )
    got = engine.ctc_log_likelihood(probs, labels)
    if total == 0:
        assert got == -np.inf
    else:
        assert abs(got - np.log(total)) < 1e-9


def test_a_line_image_asked_about_again_is_not_recognized_again(monkeypatch: pytest.MonkeyPatch) -> None:
    img = text(page(320, 60), "100.25", 10, 42, scale=1.0)
    eng = engine.get_engine()
    first = eng.posterior([img], ["100.25", "100,25"])
    forward = eng._forward
    runs: list[int] = []
    monkeypatch.setattr(eng, "_forward", lambda *a: runs.append(1) or forward(*a))
    assert eng.posterior([img], ["100.25", "100,25"]) == first and runs == []
    eng.posterior([img.copy()], ["100.25"])  # the same pixels in another image: read again
    assert runs == [1]


def test_a_short_line_read_with_certainty_at_the_quick_input_is_not_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    img = text(page(60, 40), "10", 8, 30, scale=0.8)
    eng = engine.get_engine()
    forward = eng._forward
    shapes: list[tuple[float, int]] = []
    monkeypatch.setattr(eng, "_forward", lambda c, *shape: shapes.append(shape) or forward(c, *shape))
    (found,) = eng.recognize([img])
    assert found.text == "10" and found.score >= engine.QUICK_SURE
    assert shapes == [(engine.SQUEEZE, engine.QUICK_MIN_WIDTH)]
    shapes.clear()
    eng.recognize([page(60, 40)])  # nothing to read: not certain of anything, read again
    assert shapes == [(engine.SQUEEZE, engine.QUICK_MIN_WIDTH), (engine.SQUEEZE, engine.MIN_WIDTH)]
    shapes.clear()
    eng.recognize([text(page(300, 40), "ABCDEFG", 8, 30, scale=0.8)])  # a wide line: read once
    assert shapes == [(engine.SQUEEZE, engine.MIN_WIDTH)]


@pytest.fixture
def broken_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """onnxruntime cannot start: a fresh process would find no engine."""

    def fail() -> engine.Engine:
        raise engine.OcrUnavailable("OCR 引擎无法加载（测试）；扫描件无法识别。")

    monkeypatch.setattr(engine, "_engine", None)
    monkeypatch.setattr(engine, "_load", fail)


@pytest.mark.usefixtures("broken_engine")
def test_without_an_engine_a_scan_is_ocr_unavailable() -> None:
    with pytest.raises(ReadError) as caught:
        read_document(FILES / "scan" / "word-01.pdf")
    assert caught.value.code == "OCR_UNAVAILABLE"
    assert "OCR" in caught.value.message


@pytest.mark.usefixtures("broken_engine")
def test_without_an_engine_text_pdfs_and_docx_are_read_as_ever() -> None:
    assert read_document(FILES / "pdf-word" / "01.pdf").method == "pdf-text"
    assert read_document(FILES / "docx" / "01.docx").method == "docx"


def test_a_missing_model_file_is_ocr_unavailable_not_a_download(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setattr(engine, "_engine", None)
    monkeypatch.setattr(engine, "model_dir", lambda: tmp_path)
    with pytest.raises(engine.OcrUnavailable) as caught:
        engine.get_engine()
    assert engine.REC_MODEL in caught.value.message


def test_detection_finds_the_lines_of_a_region_the_grid_does_not_locate() -> None:
    img = page(700, 200)
    text(img, "FIRST LINE 2024", 20, 60, scale=1.2)
    text(img, "SECOND 738.62", 20, 150, scale=1.2)
    found = engine.get_engine().detect(img)
    assert [d.text.replace(" ", "") for d in sorted(found, key=lambda d: d.box[1])] == [
        "FIRSTLINE2024",
        "SECOND738.62",
    ]
    assert all(0 <= d.box[0] < d.box[2] <= 700 and d.score > 0.5 for d in found)


@given(st.integers(1, 400), st.integers(1, 400), st.booleans())
def test_a_region_is_padded_to_a_bounded_aspect_in_place(h: int, w: int, colour: bool) -> None:
    from extract.ocr.engine import MAX_ASPECT, pad_to_aspect

    image = np.zeros((h, w, 3) if colour else (h, w), dtype=np.uint8)
    padded = pad_to_aspect(image)
    ph, pw = padded.shape[:2]
    assert max(ph, pw) <= MAX_ASPECT * min(ph, pw) + MAX_ASPECT
    assert (ph, pw) >= (h, w) and padded.ndim == image.ndim
    assert not padded[:h, :w].any()  # the region itself, where it was
    assert (padded[h:, :] == 255).all() and (padded[:, w:] == 255).all()  # paper beside it


def test_a_detected_quadrilateral_is_straightened_to_its_line() -> None:
    from extract.ocr.engine import line_image

    img = page(400, 200)
    text(img, "738.62", 100, 120, scale=1.2)
    rotated_img = cv2.warpAffine(
        img, cv2.getRotationMatrix2D((200, 100), 8, 1.0), (400, 200), borderValue=255
    )
    # the corners of the text's box, turned as the page was
    m = cv2.getRotationMatrix2D((200, 100), 8, 1.0)
    box = np.array([[95, 85, 1], [230, 85, 1], [230, 130, 1], [95, 130, 1]], dtype=np.float64)
    quad = (box @ m.T).astype(np.float32)
    line = line_image(rotated_img, quad)
    assert line.shape == (45, 135)
    assert engine.get_engine().recognize([line])[0].text == "738.62"


def test_a_detected_line_much_taller_than_wide_is_turned_to_run_across() -> None:
    from extract.ocr.engine import line_image

    img = page(100, 300)
    quad = np.array([[10, 10], [40, 10], [40, 250], [10, 250]], dtype=np.float32)
    assert line_image(img, quad).shape == (30, 240)
    assert line_image(img, np.array([[5, 5]] * 4, dtype=np.float32)).size == 0
