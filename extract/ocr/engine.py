"""The recognizer, loaded once per process and only when a page needs OCR.

rapidocr's ONNX models ship inside its wheel; they are named explicitly so that rapidocr never
falls back to downloading one. onnxruntime runs on one thread: a run already uses one process
per core, and one-thread timings are the ones that predict a batch's wall time.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
_HEIGHT = 48  # the recognizer's input height
MAX_WIDTH = 800
"""Lines wider than this at the recognizer's height are read in parts (split_long_line)."""
SQUEEZE = 0.7
"""Line images are narrowed to this share of their width before recognition. The recognizer's
cost is its input's width, and it reads print narrowed so far as well as at its own shape
(scanned corpus: 99.3 % of fields right at 0.7 and at 1.0, fewer at 0.5), for 30 % less time."""
MIN_WIDTH = 96
"""Crops narrower than this (a lone "≤", "10") are padded to it: with only a few time steps
the recognizer misreads symbols."""


class OcrUnavailable(Exception):
    """The OCR engine cannot run here; `message` is for people (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Recognized:
    text: str
    score: float


@dataclass(frozen=True)
class Detected:
    box: tuple[float, float, float, float]
    """[x0, top, x1, bottom] in the pixels of the image given to detect()."""
    text: str
    score: float


def split_long_line(crop: np.ndarray) -> list[np.ndarray]:
    """A line longer than MAX_WIDTH (as the recognizer gets it) in parts cut at the widest
    blank gap near each cut point. The recognizer's memory grows with its input's width, and
    beyond about a thousand columns its time grows faster than the width (2000 columns cost
    2.8 times 1000): a long line costs less in parts. A cut needs a gap between characters;
    without one nearby the line stays whole there."""
    h, w = crop.shape[:2]
    scaled = _HEIGHT * w / h * SQUEEZE
    if scaled <= MAX_WIDTH:
        return [crop]
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    blank = (gray < 0.7 * float(gray.max())).sum(axis=0) == 0
    n = int(np.ceil(scaled / MAX_WIDTH))
    reach = h  # about a character either side of the ideal cut
    cuts = [0]
    for k in range(1, n):
        target = round(k * w / n)
        best = _widest_gap(blank, max(cuts[-1] + reach, target - reach), min(w - reach, target + reach))
        if best is not None:
            cuts.append(best)
    cuts.append(w)
    return [crop[:, a:b] for a, b in itertools.pairwise(cuts) if b > a]


def _widest_gap(blank: np.ndarray, lo: int, hi: int) -> int | None:
    """The middle of the widest run of blank columns in [lo, hi), if it is at least 2 wide."""
    best: tuple[int, int] | None = None
    start = None
    for x in range(lo, hi + 1):
        if x < hi and blank[x]:
            start = x if start is None else start
        elif start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    if best is None or best[1] - best[0] < 2:
        return None
    return (best[0] + best[1]) // 2


def ctc_log_likelihood(probs: np.ndarray, labels: Sequence[int], blank: int = 0) -> float:
    """log P(labels | per-step probabilities) under CTC: the sum over all alignments."""
    logp = np.log(np.maximum(probs, 1e-30))
    ext = [blank]
    for lab in labels:
        ext += [lab, blank]
    n = len(ext)
    alpha = np.full(n, -np.inf)
    alpha[0] = logp[0, ext[0]]
    if n > 1:
        alpha[1] = logp[0, ext[1]]
    for t in range(1, logp.shape[0]):
        prev = alpha
        alpha = np.full(n, -np.inf)
        for s in range(n):
            terms = [prev[s]]
            if s > 0:
                terms.append(prev[s - 1])
            if s > 1 and ext[s] != blank and ext[s] != ext[s - 2]:
                terms.append(prev[s - 2])
            alpha[s] = np.logaddexp.reduce(terms) + logp[t, ext[s]]
    return float(np.logaddexp(alpha[-1], alpha[-2]) if n > 1 else alpha[-1])


def model_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


class Engine:
    def __init__(self, ocr: Any) -> None:
        self._ocr = ocr
        self._rec = ocr._load_rec_model()
        self._det: Any = None

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Recognized]:
        """Text of each line crop (grey or BGR), in order.

        Each crop runs alone at its own width. rapidocr's batching pads every crop to the
        widest of its batch and to at least 320 columns: a cell holding "10" then costs what
        a line of text does, and a page is mostly such cells."""
        return [self._recognize_one(c) for c in crops]

    def _recognize_one(self, crop: np.ndarray) -> Recognized:
        h, w = crop.shape[:2]
        if h == 0 or w == 0:
            return Recognized("", 0.0)
        texts: list[str] = []
        scores: list[float] = []
        for part in split_long_line(crop):
            (text, score), *_ = self._rec.postprocess_op(self._predict(part))[0]
            texts.append(text)
            scores += [float(score)] * max(1, len(text))
        return Recognized("".join(texts), sum(scores) / len(scores))

    def posterior(self, crops: Sequence[np.ndarray], texts: Sequence[str]) -> dict[str, float] | None:
        """How likely one line shows each of some texts, given one or more images of it
        (their likelihoods multiply): CTC likelihoods normalised over the texts ("" is the
        line read as nothing). None when none can be written with the recognizer's
        characters."""
        index = self._rec.postprocess_op.dict
        known = [t for t in dict.fromkeys(texts) if all(ch in index for ch in t)]
        if not known or not crops:
            return None
        logs = dict.fromkeys(known, 0.0)
        for crop in crops:
            probs = self._predict(crop)[0]
            for text in known:
                logs[text] += ctc_log_likelihood(probs, [index[ch] for ch in text])
        top = max(logs.values())
        weights = {t: float(np.exp(log - top)) for t, log in logs.items()}
        total = sum(weights.values())
        return {t: w / total for t, w in weights.items()}

    def _predict(self, crop: np.ndarray) -> np.ndarray:
        """The recognizer's per-step character probabilities for one line image."""
        h, w = crop.shape[:2]
        width = max(1, round(_HEIGHT * w / h * SQUEEZE))
        resized = cv2.resize(
            crop, (width, _HEIGHT), interpolation=cv2.INTER_AREA if h > _HEIGHT else cv2.INTER_CUBIC
        )
        if resized.ndim == 3:
            resized = cv2.cvtColor(resized, cv2.COLOR_BGR2GRAY)
        # the model's normalisation, (v/255 - 0.5) / 0.5; padding is 0 after it, as in training
        x = np.zeros((1, 3, _HEIGHT, max(width, MIN_WIDTH)), dtype=np.float32)
        x[0, :, :, :width] = resized.astype(np.float32) * (2 / 255) - 1
        return self._rec.session(x)

    def detect(self, image: np.ndarray) -> list[Detected]:
        """Whole-region detection and recognition: only for text the grid does not locate."""
        img = image if image.ndim == 3 else np.repeat(image[:, :, None], 3, axis=2)
        result = self._ocr(img, use_det=True, use_cls=False, use_rec=True)
        if getattr(result, "boxes", None) is None or result.txts is None:
            return []
        found = []
        for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
            xs, ys = quad[:, 0], quad[:, 1]
            found.append(
                Detected(
                    (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())), text, float(score)
                )
            )
        return found


def _load() -> Engine:
    try:
        from rapidocr import RapidOCR
    except Exception as e:  # a broken onnxruntime fails at import time, with many exception types
        raise OcrUnavailable(f"OCR 引擎无法加载（{type(e).__name__}: {e}）；扫描件无法识别。") from e
    models = model_dir()
    missing = [name for name in (DET_MODEL, REC_MODEL) if not (models / name).is_file()]
    if missing:
        raise OcrUnavailable(f"缺少 OCR 模型文件 {', '.join(missing)}（应位于 {models}）；扫描件无法识别。")
    try:
        ocr = RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": False,
                "Det.model_path": str(models / DET_MODEL),
                "Rec.model_path": str(models / REC_MODEL),
                "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )
        return Engine(ocr)
    except Exception as e:
        raise OcrUnavailable(f"OCR 引擎无法加载（{type(e).__name__}: {e}）；扫描件无法识别。") from e


_lock = threading.Lock()
_engine: Engine | None = None


def get_engine() -> Engine:
    """The process's engine, loaded on first use. A failed load is not remembered: the next
    file tries again (and fails fast) rather than inheriting a stale error."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                _engine = _load()
    return _engine
