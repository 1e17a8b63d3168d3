"""Image files (JPEG, PNG, TIFF, BMP, WebP): sniffed by content, frames as pages, EXIF
orientation, resolution from the file or from the table, bombs refused from the header."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

from extract import image_reader
from extract.errors import ReadError
from extract.filetype import sniff
from extract.ocr import photo
from extract.read import read_document
from model import Document
from tests.extract.ocr import images

A4_200 = (round(11.69 * 200), round(8.27 * 200))  # height, width of a portrait page at 200 dpi


def form_page(height: int, width: int, table_share: float = image_reader.TABLE_SHARE) -> np.ndarray:
    """A white page with a ruled table spanning `table_share` of its width."""
    page = images.page(width, height)
    x0 = round(width * (1 - table_share) / 2)
    x1 = width - x0
    xs = [x0 + (x1 - x0) * k // 6 for k in range(7)]
    ys = [round(height * 0.1) + k * height // 20 for k in range(9)]
    return images.table(page, xs, ys, thickness=3)


def save(pixels: np.ndarray, path: Path, **params: Any) -> Path:
    Image.fromarray(pixels).save(path, **params)
    return path


def read(path: Path, **options: Any) -> Document:
    return read_document(path, **options)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "BMP", "WEBP"])
def test_each_image_format_is_sniffed_by_content_and_read_by_ocr(
    fmt: str, tmp_path: Path, ocr_calls: list[Any]
) -> None:
    path = save(form_page(*A4_200), tmp_path / "scan.docx", format=fmt, dpi=(200, 200))  # a wrong name
    assert sniff(path) == "image"
    doc = read(path)
    assert (doc.method, doc.pages, doc.ocr_pages) == ("image-ocr", 1, [1])
    ((number, shape, dpi),) = ocr_calls
    # a stated resolution is a scanner's: read as a scanned PDF is, up to raster.WORK_DPI; WebP
    # states none, and an estimated one (a photo's) is read as it is
    expected = 200 if fmt == "WEBP" else 150
    assert number == 1 and dpi == expected
    scale = expected / 200
    assert abs(shape[0] - A4_200[0] * scale) <= 2 and abs(shape[1] - A4_200[1] * scale) <= 2


def test_a_multi_page_tiff_is_one_page_a_frame(tmp_path: Path, ocr_calls: list[Any]) -> None:
    frames = [Image.fromarray(form_page(*A4_200)) for _ in range(3)]
    path = tmp_path / "three.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(200, 200), compression="tiff_deflate")
    doc = read(path)
    assert (doc.pages, doc.ocr_pages, doc.dpi) == (3, [1, 2, 3], 150)
    assert [c[0] for c in ocr_calls] == [1, 2, 3]


def test_a_tiff_with_more_frames_than_the_page_limit_is_refused(tmp_path: Path, ocr_calls: list[Any]) -> None:
    frames = [Image.new("L", (100, 100), 255) for _ in range(4)]
    path = tmp_path / "four.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    with pytest.raises(ReadError) as e:
        read(path, max_pages=3)
    assert e.value.code == "TOO_LARGE" and "4 页" in e.value.message and ocr_calls == []


TURNS = [(3, Image.Transpose.ROTATE_180), (6, Image.Transpose.ROTATE_90), (8, Image.Transpose.ROTATE_270)]
"""EXIF orientation, and how a phone stores the upright picture under it."""


@pytest.mark.parametrize(("orientation", "turn"), TURNS)
def test_exif_orientation_turns_the_photo_upright(
    orientation: int, turn: Image.Transpose, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upright = form_page(*A4_200)
    upright[10:60, 10:60] = 0  # a mark at the top left of the upright page
    seen: list[np.ndarray] = []
    from extract.ocr import scanner
    from extract.page import PageContent

    monkeypatch.setattr(scanner, "get_engine", lambda: object())
    monkeypatch.setattr(
        scanner, "read_scanned_page", lambda image, n, *_: seen.append(image) or PageContent(n)
    )
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored = Image.fromarray(upright).transpose(turn)
    path = tmp_path / "photo.jpg"
    stored.save(path, quality=90, exif=exif.tobytes(), dpi=(72, 72))  # a phone says 72
    read(path)
    (image,) = seen
    assert image.shape[:2] == upright.shape[:2]
    assert image[35, 35] < 80 and image[-35, -35] > 200  # the mark is back at the top left


def test_a_phones_72_dpi_is_replaced_by_the_tables_width(tmp_path: Path, ocr_calls: list[Any]) -> None:
    """A4 photographed at about 240 pixels an inch but stated as 72: the table says 240."""
    page = form_page(round(11.69 * 240), round(8.27 * 240))
    read(save(page, tmp_path / "photo.jpg", quality=90, dpi=(72, 72)))
    ((_, shape, dpi),) = ocr_calls
    assert dpi == 240 and shape[1] == page.shape[1]


def test_a_very_high_resolution_is_brought_down(tmp_path: Path, ocr_calls: list[Any]) -> None:
    page = form_page(round(11.69 * 600), round(8.27 * 600))
    read(save(page, tmp_path / "hi.png", dpi=(600, 600)))
    ((_, shape, dpi),) = ocr_calls
    assert dpi == 150 and abs(shape[1] - round(8.27 * 150)) <= 2


def test_a_photos_resolution_is_its_tables_not_the_sheets_on_the_desk() -> None:
    """A sheet photographed at 180 pixels an inch on a dark desk, its edge in shadow: the
    table's ruled outline gives 180, not the sheet with its shadowed edge (15 % more)."""
    h, w = round(11.69 * 180), round(8.27 * 180)
    sheet = form_page(h, w).astype(np.float32)
    sheet[:, :40] *= np.linspace(0.35, 1.0, 40, dtype=np.float32)[None, :]  # the edge in shadow
    picture = np.full((h + 300, w + 300), 70, np.float32)
    picture[150 : 150 + h, 150 : 150 + w] = sheet
    estimate = image_reader.estimate_dpi(picture.astype(np.uint8))
    assert estimate is not None and abs(estimate - 180) <= 5


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG declaring width × height pixels with a few bytes of (truncated) data: a bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1000))


def test_a_decompression_bomb_is_refused_from_its_header(tmp_path: Path, ocr_calls: list[Any]) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(30_000, 30_000))
    with pytest.raises(ReadError) as e:
        read(path)
    assert e.value.code == "TOO_LARGE" and "解压炸弹" in e.value.message and ocr_calls == []


def test_the_pixel_limit_is_a_setting(tmp_path: Path, ocr_calls: list[Any]) -> None:
    path = save(form_page(*A4_200), tmp_path / "page.png")
    with pytest.raises(ReadError) as e:
        read(path, max_image_pixels=1_000_000)
    assert e.value.code == "TOO_LARGE" and f"{A4_200[1]} × {A4_200[0]}" in e.value.message
    assert ocr_calls == []
    read(path)  # under the default limit
    assert len(ocr_calls) == 1


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_image_is_corrupt(fmt: str, tmp_path: Path, ocr_calls: list[Any]) -> None:
    buffer = io.BytesIO()
    Image.fromarray(form_page(*A4_200)).save(buffer, format=fmt)
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(ReadError) as e:
        read(path)
    assert e.value.code == "FILE_CORRUPT" and "损坏" in e.value.message


def test_garbage_after_an_image_signature_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "fake.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"\x00garbage" * 100)
    with pytest.raises(ReadError) as e:
        read(path)
    assert e.value.code == "FILE_CORRUPT"


# ---------------------------------------------------------------- photo corrections (extract.ocr.photo)


def test_an_evenly_lit_scan_is_left_as_it_is() -> None:
    page = form_page(*A4_200)
    assert photo.flatten(page, 200) is page
    assert photo.unwarp(page, 200) is page
    turned = images.rotated(page, 1.5)  # a turn is deskew's: the sides stay parallel
    assert photo.unwarp(turned, 200) is turned


def test_uneven_light_is_flattened() -> None:
    page = form_page(*A4_200).astype(np.float32)
    h, w = page.shape
    light = np.linspace(0.45, 1.0, w, dtype=np.float32)[None, :] * np.ones((h, 1), np.float32)
    dim = (page * light).astype(np.uint8)
    flat = photo.flatten(dim, 200)
    assert flat is not dim
    paper = flat[round(h * 0.8) :, :]  # below the table: paper only
    assert paper.min() >= 200
    row = round(h * 0.1)  # a ruling stays dark at both ends
    assert flat[row, w // 10] < 100 and flat[row, w - w // 10] < 100


def test_a_shadow_on_a_sheet_lying_on_a_desk_is_flattened() -> None:
    """The desk painted white is not paper: a shadow over a quarter of the sheet still counts as
    uneven light (measured over the sheet alone, it is the darkest quarter of it)."""
    h, w = A4_200
    page = form_page(h, w).astype(np.float32)
    page[:, round(w * 0.75) :] *= 0.6  # the phone's shadow over the right quarter
    photo_ = np.full((h + 400, w + 400), 60, np.float32)  # the desk around the sheet
    photo_[200 : 200 + h, 200 : 200 + w] = page
    seen = photo_.astype(np.uint8)
    surface = photo.desk(seen, 200)
    assert surface is not None
    cleared = photo.clear_desk(seen, 200, surface)
    assert cleared[50, 50] == 255 and cleared[200 + round(h * 0.9), 200 + w // 3] > 200
    flat = photo.flatten(cleared, 200, surface)
    assert flat is not cleared
    shaded = flat[200 + round(h * 0.8) : 200 + h - 50, 200 + round(w * 0.8) : 200 + w - 50]
    assert shaded.min() >= 200  # the shadowed paper made white
    assert photo.desk(form_page(h, w), 200) is None  # a scan's edges are paper


def test_a_keystone_is_made_square() -> None:
    page = form_page(*A4_200)
    h, w = page.shape
    src = np.float32([(0, 0), (w, 0), (w, h), (0, h)])
    dst = np.float32([(w * 0.03, 0), (w * 0.97, 0), (w, h), (0, h)])  # the top edge farther away
    seen = cv2.warpPerspective(page, cv2.getPerspectiveTransform(src, dst), (w, h), borderValue=255)
    square = photo.unwarp(seen, 200)
    assert square is not seen
    tl, tr, br, bl = photo.table_outline(square, 200)
    assert abs(tl[0] - bl[0]) <= 4 and abs(tr[0] - br[0]) <= 4  # upright sides
    assert abs(tl[1] - tr[1]) <= 4 and abs(bl[1] - br[1]) <= 4
