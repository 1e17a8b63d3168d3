"""Line images for the recognizer: a band of a page with the margins it reads best with."""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr.textlines import Band

_PAD = 0.12  # margin around a line, in line heights
_SIDE_PAD = 0.3  # sideways more: a light final "。" or "、" may have too little ink to have counted
WIDE_SHORT = 2.5
_MIN_HEIGHT = 0.8  # crops are at least this many line heights high (a lone "—" needs context)


def crop(gray: np.ndarray, band: Band, line: float, wide: bool = False) -> np.ndarray:
    """The band with margins; `wide` gives a short line paper either side up to WIDE_SHORT
    line heights, the way a lone symbol is sometimes (not always) read better."""
    pad = max(2, round(_PAD * line))
    top, bottom = band.top - pad, band.bottom + pad
    short = _MIN_HEIGHT * line - (bottom - top)
    if short > 0:
        top -= int(short / 2)
        bottom += int(short / 2) + 1
    side = max(pad, round(_SIDE_PAD * line))
    if wide:
        side = max(side, round((WIDE_SHORT * line - band.width) / 2))
    x0, x1 = band.x0 - side, band.x1 + side
    h, w = gray.shape
    part = gray[max(0, top) : min(h, bottom), max(0, x0) : min(w, x1)]
    # where the band is at the page's edge, white margin as elsewhere
    return cv2.copyMakeBorder(
        part,
        max(0, -top),
        max(0, bottom - h),
        max(0, -x0),
        max(0, x1 - w),
        cv2.BORDER_CONSTANT,
        value=255,
    )
