"""The recognizer, loaded once per process and only when a page needs OCR.

rapidocr's ONNX models ship inside its wheel; they are named explicitly so that rapidocr never
falls back to downloading one. onnxruntime runs on one thread: a run already uses one process
per core, and one-thread timings are the ones that predict a batch's wall time.

The recognizer runs in an onnxruntime session of our own, decoded as rapidocr decodes it
(Recognizer): importing rapidocr's pipeline costs 0.6 s of CPU a process (it parses its YAML
configuration), more than reading a page's seals and grid. rapidocr itself is loaded only
for detect(), which few pages need.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
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
_RECENT = 8
"""Line images whose probabilities are kept: a piece's images (at most 3) are asked about again
(posterior) right after it is read. A wide line's probabilities are megabytes (18,710
characters a step)."""
MIN_WIDTH = 96
"""Crops narrower than this (a lone "≤", "10") are padded to it: with only a few time steps
the recognizer misreads symbols."""


QUICK_MIN_WIDTH = 48
QUICK_SURE = 0.99
"""A short line ("10", "≤", "100%") is read first padded only to QUICK_MIN_WIDTH, a forward
pass costing its input's width: a reading at least QUICK_SURE confident is kept, any other is
read again padded to MIN_WIDTH. On the scanned corpus 86 % of the short lines are kept, all of
them read as at MIN_WIDTH. (Narrowing wide lines further the same way, to a squeeze of 0.5,
drops a line's final "。" or "，" with certainty: not done.)"""
_QUICK_GAIN = 0.75  # the quick input is tried only when at most this share of the full one's width


def input_width(line: np.ndarray) -> float:
    """Columns of a line image as the recognizer gets it (height _HEIGHT, narrowed by SQUEEZE),
    before any padding."""
    h, w = line.shape[:2]
    return _HEIGHT * w / h * SQUEEZE


def _quick_shape(part: np.ndarray) -> int | None:
    """The min_width of the quick first read of a line image, or None where it would not be
    quicker."""
    natural = input_width(part)
    return QUICK_MIN_WIDTH if max(natural, QUICK_MIN_WIDTH) <= _QUICK_GAIN * MIN_WIDTH else None


class OcrUnavailable(Exception):
    """The OCR engine cannot run here; `message` is for people (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Recognized:
    text: str
    score: float
    """The mean probability of the line's characters, as rapidocr gives it."""
    weakest: float = 0.0
    """The probability of its least sure character: a long line's mean hides one misread
    character (0.98 over 40 characters with one at 0.39)."""


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
    scaled = input_width(crop)
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


MAX_ASPECT = 4
"""The detector scales a region's shorter side up to 736 pixels: a sliver 5 pixels wide and 199
high (a phone photo's desk edge) became 29,000 × 736, 30 s and 3 GB. A region longer than this
many times its width is padded with paper on its short side (right or bottom, so boxes keep their
coordinates), which bounds the detector's input to about 736² × MAX_ASPECT pixels."""


def pad_to_aspect(image: np.ndarray, limit: int = MAX_ASPECT) -> np.ndarray:
    h, w = image.shape[:2]
    if h == 0 or w == 0:
        return image
    right = max(0, -(-h // limit) - w)
    bottom = max(0, -(-w // limit) - h)
    if not (right or bottom):
        return image
    return cv2.copyMakeBorder(image, 0, bottom, 0, right, cv2.BORDER_CONSTANT, value=(255, 255, 255))


def ctc_log_likelihood(probs: np.ndarray, labels: Sequence[int], blank: int = 0) -> float:
    """log P(labels | per-step probabilities) under CTC: the sum over all alignments."""
    ext = np.full(2 * len(labels) + 1, blank, dtype=np.int64)
    ext[1::2] = labels
    n = len(ext)
    logp = np.log(np.maximum(probs[:, ext], 1e-30))  # steps x extended labels
    # a step may skip the blank between two different labels
    skip = np.zeros(n, dtype=bool)
    skip[2:] = (ext[2:] != blank) & (ext[2:] != ext[:-2])
    alpha = np.full(n, -np.inf)
    alpha[0] = logp[0, 0]
    if n > 1:
        alpha[1] = logp[0, 1]
    one = np.full(n, -np.inf)
    two = np.full(n, -np.inf)
    for t in range(1, logp.shape[0]):
        one[1:] = alpha[:-1]
        two[2:] = np.where(skip[2:], alpha[:-2], -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, one), two) + logp[t]
    return float(np.logaddexp(alpha[-1], alpha[-2]) if n > 1 else alpha[-1])


def model_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


def _session(path: Path) -> Any:
    """An onnxruntime session on one thread, with rapidocr's options."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


class Recognizer:
    """The line recognizer: per-step probabilities of a line image, and their greedy CTC
    decoding exactly as rapidocr's CTCLabelDecode does it (its characters are the model's,
    with the blank first and a space last; confidences rounded to 5 places)."""

    def __init__(self, path: Path) -> None:
        self._session = _session(path)
        self._input = self._session.get_inputs()[0].name
        meta = self._session.get_modelmeta().custom_metadata_map
        self.characters = ["blank", *meta["character"].splitlines(), " "]
        self.index = {ch: i for i, ch in enumerate(self.characters)}

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self._session.run(None, {self._input: x})[0]

    def decode(self, probs: np.ndarray) -> tuple[str, float, float]:
        """The text of the first line of `probs` (batch x steps x characters), the mean
        probability of its characters and that of the least sure one (0 for none)."""
        steps = probs[0].argmax(axis=1)
        keep = np.ones(len(steps), dtype=bool)
        keep[1:] = steps[1:] != steps[:-1]
        keep &= steps != 0
        confidences = [round(c, 5) for c in probs[0].max(axis=1)[keep].tolist()] or [0]
        text = "".join(self.characters[i] for i in steps[keep])
        return text, float(np.mean(confidences).round(5)), float(min(confidences))


class Engine:
    def __init__(self, rec: Recognizer, models: Path) -> None:
        self._rec = rec
        self._models = models
        self._ocr: Any = None
        self._recent: OrderedDict[tuple[int, float, int], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        """id of a recently predicted line image -> (the image, its probabilities): posterior()
        asks again about images just recognized, and a forward pass is most of a page's time."""

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
        weakest = 1.0
        for part in split_long_line(crop):
            text, score, least = self._read_part(part)
            texts.append(text)
            scores += [score] * max(1, len(text))
            weakest = min(weakest, least)
        return Recognized("".join(texts), sum(scores) / len(scores), weakest)

    def _read_part(self, part: np.ndarray) -> tuple[str, float, float]:
        """A line image, read first at a smaller input where it is short (QUICK_MIN_WIDTH)."""
        quick = _quick_shape(part)
        if quick is not None:
            read = self._decode(self._predict(part, min_width=quick))
            if read[1] >= QUICK_SURE:
                return read
        return self._decode(self._predict(part))

    def _decode(self, probs: np.ndarray) -> tuple[str, float, float]:
        return self._rec.decode(probs)

    def posterior(self, crops: Sequence[np.ndarray], texts: Sequence[str]) -> dict[str, float] | None:
        """How likely one line shows each of some texts, given one or more images of it
        (their likelihoods multiply): CTC likelihoods normalised over the texts ("" is the
        line read as nothing). None when none can be written with the recognizer's
        characters."""
        index = self._rec.index
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

    def _predict(self, crop: np.ndarray, squeeze: float = SQUEEZE, min_width: int = MIN_WIDTH) -> np.ndarray:
        """The recognizer's per-step character probabilities for one line image."""
        key = (id(crop), squeeze, min_width)
        if (seen := self._recent.get(key)) is not None and seen[0] is crop:
            self._recent.move_to_end(key)
            return seen[1]
        probs = self._forward(crop, squeeze, min_width)
        self._recent[key] = (crop, probs)  # the image is kept, so its id is not reused meanwhile
        if len(self._recent) > _RECENT:
            self._recent.popitem(last=False)
        return probs

    def _forward(self, crop: np.ndarray, squeeze: float, min_width: int) -> np.ndarray:
        h, w = crop.shape[:2]
        width = max(1, round(_HEIGHT * w / h * squeeze))
        resized = cv2.resize(
            crop, (width, _HEIGHT), interpolation=cv2.INTER_AREA if h > _HEIGHT else cv2.INTER_CUBIC
        )
        if resized.ndim == 3:
            resized = cv2.cvtColor(resized, cv2.COLOR_BGR2GRAY)
        # the model's normalisation, (v/255 - 0.5) / 0.5; padding is 0 after it, as in training
        x = np.zeros((1, 3, _HEIGHT, max(width, min_width)), dtype=np.float32)
        x[0, :, :, :width] = resized.astype(np.float32) * (2 / 255) - 1
        return self._rec(x)

    def detect(self, image: np.ndarray) -> list[Detected]:
        """Whole-region detection: only for text the grid does not locate. rapidocr's detector
        finds the lines; each is read here as a cell's line is (recognize), not by rapidocr's
        recognizer, which pads every line to 320 columns and each batch to its widest line: on a
        phone photo whose grid is found only in part, that padding was two thirds of the
        photo's time."""
        img = image if image.ndim == 3 else np.repeat(image[:, :, None], 3, axis=2)
        img = pad_to_aspect(img)
        if self._ocr is None:
            self._ocr = _rapidocr(self._models)
        result = self._ocr(img, use_det=True, use_cls=False, use_rec=False)
        if getattr(result, "boxes", None) is None:
            return []
        found = []
        for quad in result.boxes:
            line = line_image(img, np.asarray(quad, dtype=np.float32))
            read = self._recognize_one(line)
            if read.score < DETECTED_SURE and line.size and input_width(line) < DETECTED_MIN_WIDTH:
                # a detected line is cut tight round its ink: a short one ("1.", "填") may
                # read right only with the room rapidocr's recognizer gives it (a line as wide
                # would be the same input again)
                roomy = self._decode(self._predict(line, min_width=DETECTED_MIN_WIDTH))
                if roomy[1] > read.score:
                    read = Recognized(*roomy)
            xs, ys = quad[:, 0], quad[:, 1]
            found.append(
                Detected(
                    (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())),
                    read.text,
                    read.score,
                )
            )
        return found


DETECTED_SURE = 0.9
DETECTED_MIN_WIDTH = 320
"""rapidocr's recognizer input is at least this wide; a detected line read less surely than
DETECTED_SURE is read again padded to it, the likelier reading kept."""


def line_image(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The detected quadrilateral (clockwise from top left) straightened to a rectangle, as
    rapidocr crops it; a line much taller than wide is vertical text, turned to run across."""
    width = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
    height = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
    if width == 0 or height == 0:
        return np.zeros((0, 0), dtype=image.dtype)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad, target)
    line = cv2.warpPerspective(
        image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC
    )
    return np.rot90(line) if height / width >= 1.5 else line


def _load() -> Engine:
    try:
        import onnxruntime  # noqa: F401
    except Exception as e:  # a broken onnxruntime fails at import time, with many exception types
        raise OcrUnavailable(f"OCR 引擎无法加载（{type(e).__name__}: {e}）；扫描件无法识别。") from e
    models = model_dir()
    missing = [name for name in (DET_MODEL, REC_MODEL) if not (models / name).is_file()]
    if missing:
        raise OcrUnavailable(f"缺少 OCR 模型文件 {', '.join(missing)}（应位于 {models}）；扫描件无法识别。")
    try:
        return Engine(Recognizer(models / REC_MODEL), models)
    except Exception as e:
        raise OcrUnavailable(f"OCR 引擎无法加载（{type(e).__name__}: {e}）；扫描件无法识别。") from e


def _rapidocr(models: Path) -> Any:
    """rapidocr's detector, for detect() (its recognizer is not run: Engine reads the lines)."""
    from rapidocr import RapidOCR

    return RapidOCR(
        params={
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Det.model_path": str(models / DET_MODEL),
            "Rec.model_path": str(models / REC_MODEL),
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )


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
