"""Synthetic page images for the OCR tests: a ruled table, text drawn with OpenCV's own fonts
(no font files needed), seals, rotation. Pixels are at DPI."""

from __future__ import annotations

import math

import cv2
import numpy as np

DPI = 150
WHITE = 255


def page(width: int = 1200, height: int = 900) -> np.ndarray:
    return np.full((height, width), WHITE, np.uint8)


def table(img: np.ndarray, xs: list[int], ys: list[int], thickness: int = 2) -> np.ndarray:
    """A full grid: every row and column line."""
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, thickness)
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, thickness)
    return img


def text(img: np.ndarray, s: str, x: int, baseline: int, scale: float = 0.8) -> np.ndarray:
    cv2.putText(img, s, (x, baseline), cv2.FONT_HERSHEY_SIMPLEX, scale, 0, 2, cv2.LINE_AA)
    return img


def rotated(img: np.ndarray, degrees: float) -> np.ndarray:
    """Turned counter-clockwise by `degrees` as a scanner would (white corners)."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    white = (255, 255, 255) if img.ndim == 3 else 255
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=white)


def seal_ink(shape: tuple[int, int], cx: int, cy: int, r: int) -> np.ndarray:
    """0..1 ink density of a seal: ring, five-pointed star, an arc of bars for its lettering."""
    ink = np.zeros(shape, np.float32)
    cv2.circle(ink, (cx, cy), r, 1.0, max(3, r // 18), cv2.LINE_AA)
    star = []
    for i in range(10):
        rr = r * 0.32 if i % 2 == 0 else r * 0.12
        a = -math.pi / 2 + i * math.pi / 5
        star.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    cv2.fillPoly(ink, [np.round(np.array(star)).astype(np.int32)], 1.0, cv2.LINE_AA)
    for k in range(9):
        a = -math.pi / 2 - 2.0 + 4.0 * k / 8
        x, y = cx + 0.72 * r * math.cos(a), cy + 0.72 * r * math.sin(a)
        cv2.circle(ink, (round(x), round(y)), max(3, r // 12), 1.0, -1, cv2.LINE_AA)
    return ink


def stamp_red(gray: np.ndarray, cx: int, cy: int, r: int, density: float = 0.85) -> np.ndarray:
    """A BGR page with a red seal multiplied onto it."""
    bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR).astype(np.float32) / 255
    ink = seal_ink(gray.shape, cx, cy, r)[:, :, None] * density
    red = np.array([0.2, 0.15, 0.85], np.float32)  # B, G, R
    out = bgr * (1 - ink * (1 - red))
    return np.clip(np.round(out * 255), 0, 255).astype(np.uint8)


def stamp_grey(gray: np.ndarray, cx: int, cy: int, r: int, tone: int = 150) -> np.ndarray:
    """A grey page with a seal as a grayscale scan shows a red one: lighter than the print."""
    ink = seal_ink(gray.shape, cx, cy, r)
    out = gray.astype(np.float32) * (1 - ink * (1 - tone / 255))
    return np.clip(np.round(out), 0, 255).astype(np.uint8)
