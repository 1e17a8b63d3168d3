"""An image file (JPEG, PNG, TIFF, BMP, WebP: a scan saved as a picture, a phone photo of the
signed paper form) to a Document, through the same OCR route as a scanned PDF's pages
(extract.ocr.scanner): this module only decodes the frames, one a page.

Before any pixel is decoded, every frame's size is read from the file's header and a frame of
more than `ReadOptions.max_image_pixels` is refused (TOO_LARGE): a few KB of PNG can declare a
30,000 × 30,000 picture. A frame is turned upright as its EXIF orientation says, and brought to
a resolution OCR reads well at. A scan states its own (plausible for a paper form, and agreeing
with its table's width): it is read as a scanned PDF's page is, at that resolution up to
raster.WORK_DPI. A photo says 72 dpi, or nothing: its resolution is estimated from the width of
the form's ruled table, and it is read at it, within raster's bounds. Boxes are pixels at the
document's dpi (Document.dpi), page numbers frame numbers.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from extract.errors import ReadError
from extract.ocr import photo, raster
from model import Document

if TYPE_CHECKING:
    from extract.read import ReadOptions

PAGE_INCH = (8.27, 11.69)
"""A4, short and long side: the paper these forms are printed on (portrait or landscape)."""
TABLE_SHARE = 0.89
"""A form's table spans this share of its page's width (7.3 of 8.27 inches portrait, 10.1–10.9
of 11.69 landscape, over every corpus layout)."""
_PLAUSIBLE_PAGE = ((5.5, 12.5), (7.5, 17.5))
"""Inches of the short and long side of a page between A5 and A3 beyond its margins: a stated
resolution implying a page outside these is not the paper's (a phone's 72 dpi)."""
_AGREE = 0.2
"""A stated resolution within this share of the table's estimate is taken as exact."""
_DETECT_SIDE = 1200
"""Long side in pixels of the copy the table is looked for in."""
_MIN_TABLE_SHARE = 0.4
"""The table is the largest inked component at least this share of the frame's width."""


def read_image(path: Path, options: ReadOptions) -> Document:
    from extract.ocr.engine import OcrUnavailable
    from extract.ocr.scanner import Scanner

    with _opened(path) as image:
        frames = _frame_sizes(image)
        if options.max_pages and len(frames) > options.max_pages:
            raise ReadError(
                "TOO_LARGE",
                f"图像文件共 {len(frames)} 页（帧），超过单个文件 {options.max_pages} 页的上限；"
                "请拆分后重试，或用 --max-pages 放宽上限。",
                pages=len(frames),
            )
        for number, (width, height) in enumerate(frames, start=1):
            if width * height > options.max_image_pixels:
                raise _too_large(number, width, height, options.max_image_pixels)
        if options.ocr == "never":
            return Document(method="image-ocr", pages=len(frames), blocks=[])
        scanner = Scanner()
        source = _Frames(image)
        try:
            contents = [scanner.read(number, source) for number in range(1, len(frames) + 1)]
        except OcrUnavailable as e:
            raise ReadError("OCR_UNAVAILABLE", e.message) from e
        return scanner.document(contents, "image-ocr")


@contextmanager
def _opened(path: Path) -> Iterator[Image.Image]:
    """The image with only its header read; damage found while decoding becomes FILE_CORRUPT."""
    try:
        with warnings.catch_warnings():
            # this module's limit decides; Pillow's own warning is not an error here
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as e:
        found = re.search(r"\((\d+) pixels\)", str(e))
        pixels = f"{int(found.group(1)) / 1e8:.1f} 亿像素" if found else "超过 1.7 亿像素"
        raise ReadError(
            "TOO_LARGE", f"图像达 {pixels}，超过上限，疑似解压炸弹，未解码；请以 300 dpi 重新扫描后提交。"
        ) from e
    except UnidentifiedImageError as e:
        raise ReadError(
            "FILE_CORRUPT", "图像文件已损坏或格式无法识别，无法解码；请重新扫描或拍摄后提交。"
        ) from e
    except (OSError, SyntaxError, ValueError) as e:
        raise _corrupt(e) from e
    try:
        with image:
            yield image
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise _corrupt(e) from e


def _frame_sizes(image: Image.Image) -> list[tuple[int, int]]:
    """Each frame's width and height from its header (a TIFF's IFDs), nothing decoded."""
    sizes = []
    for k in range(getattr(image, "n_frames", 1)):
        image.seek(k)
        sizes.append(image.size)
    return sizes


class _Frames:
    """The frames of an opened image as the page images the OCR scanner reads."""

    def __init__(self, image: Image.Image) -> None:
        self._image = image

    def image(self, number: int, dpi: int | None) -> tuple[np.ndarray, int]:
        image = self._image
        image.seek(number - 1)
        stated = _stated_dpi(image)
        if image.format == "JPEG":
            # decode a phone's 48-megapixel photo at a half or a quarter of it straight away
            longest = max(image.size)
            if longest > 2 * _MAX_LONG_SIDE:
                scale = _MAX_LONG_SIDE / longest
                before = image.size
                image.draft(image.mode, (round(image.width * scale), round(image.height * scale)))
                if stated is not None and image.size != before:
                    stated *= image.size[0] / before[0]
        pixels = _to_array(ImageOps.exif_transpose(image))
        own, scanned = _page_dpi(pixels, stated)
        # a scan is read as a scanned PDF's page is, at its own resolution up to WORK_DPI (a
        # 200-dpi PNG read a lone ≤ as M at 200 and right at 150); a photo at its own: its
        # pixels go through unwarping and deskewing, each an interpolation, and at 150 it lost
        # a field in a hundred more than at its own 170-220
        own_target = raster.snap_dpi(own)
        target = dpi or (min(own_target, raster.WORK_DPI) if scanned else own_target)
        return _resampled(pixels, target / own), target


_MAX_LONG_SIDE = round(PAGE_INCH[1] * raster.MAX_DPI * 1.25)
"""A frame decoded with more pixels than this on its long side is more than OCR uses."""


def _stated_dpi(image: Image.Image) -> float | None:
    dpi = image.info.get("dpi")
    try:
        x, y = (float(v) for v in dpi) if dpi else (0.0, 0.0)
    except (TypeError, ValueError):
        return None
    return min(x, y) if x > 0 and y > 0 else None


def _to_array(image: Image.Image) -> np.ndarray:
    """Grey (H×W) or BGR (H×W×3) uint8 pixels, a transparent background made white."""
    if image.mode in ("1", "L", "I;16", "I;16B", "I", "F"):
        return np.asarray(image.convert("L"))
    if image.mode in ("RGBA", "LA", "PA", "P", "RGBa"):
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
        if image.mode == "LA":
            return np.asarray(image.convert("L"))
    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


def _page_dpi(pixels: np.ndarray, stated: float | None) -> tuple[float, bool]:
    """The frame's resolution in pixels per inch of paper, and whether it is the file's own
    (a scanner's, which states it right) rather than estimated (a photo's)."""
    estimate = estimate_dpi(pixels)
    if (
        stated is not None
        and _plausible(pixels.shape[1] / stated, pixels.shape[0] / stated)
        and (estimate is None or abs(stated - estimate) <= _AGREE * estimate)
    ):
        return stated, True
    if estimate is not None:
        return estimate, False
    # no table: the frame is taken to be the page
    height, width = pixels.shape[:2]
    return max(width, height) / PAGE_INCH[1], False


def _plausible(width_inch: float, height_inch: float) -> bool:
    short, long = sorted((width_inch, height_inch))
    return _PLAUSIBLE_PAGE[0][0] <= short <= _PLAUSIBLE_PAGE[0][1] and (
        _PLAUSIBLE_PAGE[1][0] <= long <= _PLAUSIBLE_PAGE[1][1]
    )


def estimate_dpi(pixels: np.ndarray) -> float | None:
    """Pixels per inch from the width of the form's table, taken to span TABLE_SHARE of an A4
    page as wide as the frame's orientation says; None when no table is found.

    The table is its ruled grid (photo.table_outline: the largest outline of ruling lines
    holding cells), found after the desk around the sheet is painted out: the largest inked
    component of a photo is the table joined to the sheet's shadowed edge, some 15 % wider
    than the table (photos of the corpus read at 200-230 "dpi" that were 171-218 on paper,
    and every length in inches was then that much off: a one-line row fell below the
    shortest ruling looked for). The component is the fallback where no grid is found."""
    height, width = pixels.shape[:2]
    page_inch = PAGE_INCH[0] if height >= width else PAGE_INCH[1]
    # a provisional resolution for the finders' kernels: the frame as wide as the page
    provisional = max(1, round(width / page_inch))
    quad = photo.table_outline(photo.clear_desk(pixels, provisional), provisional)
    if quad is not None:
        tl, tr, br, bl = quad
        table_width = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
        if table_width >= _MIN_TABLE_SHARE * width:
            return table_width / (TABLE_SHARE * page_inch)
    return _component_dpi(pixels, page_inch)


def _component_dpi(pixels: np.ndarray, page_inch: float) -> float | None:
    """Pixels per inch from the width of the frame's largest inked component."""
    gray = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    height, width = gray.shape
    scale = min(1.0, _DETECT_SIDE / max(height, width))
    small = cv2.resize(gray, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 2:
        return None
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    best = int(np.argmax(widths * heights))
    table_width = float(widths[best])
    if table_width < _MIN_TABLE_SHARE * small.shape[1] or heights[best] < 0.1 * small.shape[0]:
        return None
    return table_width / scale / (TABLE_SHARE * page_inch)


def _resampled(pixels: np.ndarray, scale: float) -> np.ndarray:
    if abs(scale - 1) < 0.01:
        return np.ascontiguousarray(pixels)
    height, width = pixels.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)


def _too_large(number: int, width: int, height: int, limit: int) -> ReadError:
    return ReadError(
        "TOO_LARGE",
        f"图像第 {number} 页（帧）达 {width} × {height} 像素，超过 {limit // 1_000_000} 百万像素的上限，"
        "疑似解压炸弹，未解码；请以 300 dpi 重新扫描或拍摄后提交。",
    )


def _corrupt(error: BaseException) -> ReadError:
    return ReadError(
        "FILE_CORRUPT",
        f"图像文件已损坏或不完整，无法解码（{type(error).__name__}）；请重新扫描或拍摄后提交。",
    )
