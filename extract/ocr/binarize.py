"""Ink versus paper, relative to the paper around each pixel.

Scans have grey or unevenly lit paper and faint hairlines (a 0.5 pt ruling at 150 dpi is one
pixel of light grey after blur): a global threshold loses the hairlines or keeps the shadows.
Dividing by the local paper level (a grey dilation: the brightest pixel nearby is paper)
makes "darker than its surroundings by a share" the test, wherever the page is.
"""

from __future__ import annotations

import cv2
import numpy as np

INK_SHARE = 0.86  # a pixel at most this share of its paper's brightness is ink
TEXT_INK_SHARE = 0.7  # ...and printed text, at least its strokes' cores, is this dark
_PAPER_INCH = 0.1  # paper shows within this distance of any ink
_COARSE = 4  # the paper level varies slowly: estimate it on a 4x smaller image


def paper_level(gray: np.ndarray, dpi: int) -> np.ndarray:
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // _COARSE), max(1, h // _COARSE)), interpolation=cv2.INTER_AREA)
    k = max(3, round(dpi * _PAPER_INCH / _COARSE)) | 1
    small = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def ink_mask(gray: np.ndarray, dpi: int, share: float = INK_SHARE) -> np.ndarray:
    """uint8 image, 255 where there is ink."""
    threshold = cv2.convertScaleAbs(np.maximum(paper_level(gray, dpi), 64), alpha=share)
    return cv2.compare(gray, threshold, cv2.CMP_LT)
