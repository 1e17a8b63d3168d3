"""PDF pages to pixels with pdfium, at a resolution that keeps a scan's own detail.

An image-only page is rendered at its embedded image's resolution up to WORK_DPI, within
bounds that keep a page's cost predictable; a page with a broken text layer has no such image
and is rendered at DEFAULT_DPI.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pypdfium2
import pypdfium2.raw as pdfium_c

DEFAULT_DPI = 200
MIN_DPI = 120
MAX_DPI = 300
WORK_DPI = 150
"""A finer scan is read at this resolution. The recognizer reads each line at 48 pixels high
whatever the page's resolution (a 150-dpi body line is about 30 pixels with its margins), so
more pixels buy it little, while finding the seals, the grid and the lines costs four times
as much at 300 dpi: the scanned corpus's 300-dpi scans keep every field read at 150 dpi
(432 of 432; 431 at 300 dpi), at less than half the time a page."""
_COMMON_DPI = (150, 200, 240, 300)
_PAGE_COVER = 0.5  # an image this share of the page is the scan, not a logo


def image_dpi(page: pypdfium2.PdfPage) -> int | None:
    """The resolution of the image covering most of the page, if one covers at least half."""
    width, height = page.get_size()
    best: tuple[float, float] | None = None
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        area = (x1 - x0) * (y1 - y0)
        if area >= _PAGE_COVER * width * height and (best is None or area > best[0]):
            meta = obj.get_metadata()
            best = (area, min(meta.horizontal_dpi, meta.vertical_dpi))
    if best is None or best[1] <= 0:
        return None
    return snap_dpi(best[1])


def working_dpi(page: pypdfium2.PdfPage) -> int:
    """The resolution a page needing OCR is rendered and read at."""
    scanned = image_dpi(page)
    return DEFAULT_DPI if scanned is None else min(scanned, WORK_DPI)


def snap_dpi(dpi: float) -> int:
    """A scanner's nominal resolution: 149.98 is 150; outside the bounds, the nearest bound."""
    for common in _COMMON_DPI:
        if abs(dpi - common) <= 0.02 * common:
            return common
    return int(min(max(round(dpi), MIN_DPI), MAX_DPI))


def is_gray_page(page: pypdfium2.PdfPage) -> bool:
    """True when every image on the page is single-channel (a grayscale scan)."""
    images = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
    return bool(images) and all(
        obj.get_metadata().colorspace == pdfium_c.FPDF_COLORSPACE_DEVICEGRAY for obj in images
    )


def render(page: pypdfium2.PdfPage, dpi: int, gray: bool) -> np.ndarray:
    """The page as a uint8 array: H×W for gray, H×W×3 BGR (OpenCV's order) for colour."""
    bitmap: Any = page.render(scale=dpi / 72, grayscale=gray, rev_byteorder=False)
    pixels = bitmap.to_numpy()
    if gray:
        return np.ascontiguousarray(pixels if pixels.ndim == 2 else pixels[:, :, 0])
    return np.ascontiguousarray(pixels[:, :, :3])
