"""Image inputs: phone photos of printed corpus forms, a multi-page TIFF and PNG scans.

    python -m corpus.generate.photo           # from the repo root; run by hand, never by tests

Photos (JPEG): a single-page corpus PDF rendered as the paper, a red seal stamped on it, then
photographed: lying on a desk a little off square (a few degrees of keystone and turn), lit
unevenly, half under a soft shadow, slightly blurred and noisy, a warm cast, saved at JPEG
quality about 80 with the 72 dpi a phone states; three are stored sideways or upside down with
the EXIF orientation that turns them upright, as phones do. TIFF: the pages of three forms as
one multi-page grey scan, each frame a page (JPEG-compressed). PNG: two single-page scans.
Scans go through corpus.generate.scan's own degradations. Every choice comes from a random
generator seeded by the output name, so a re-run writes the same bytes.

Entries have kind "image" and an "image" field naming the sort (photo, tiff, png); this script
replaces only the "image" entries of corpus/files/index.json and keeps the others as they are.
"""

from __future__ import annotations

import json
import random
from typing import Any

import cv2
import numpy as np
from PIL import Image

from corpus.generate.index import replace_entries
from corpus.generate.pages import page_count
from corpus.generate.scan import FILES, INDEX, Degradation, _render, _scan, _seed, _stamp

OUT = FILES / "image"
KIND = "image"
EXIF_ORIENTATION = 0x0112
_STORED = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
"""How a phone stores an upright picture whose EXIF orientation is the key."""

PHOTOS = [
    ("photo-word-01.jpg", "pdf-word/01.pdf", 1),
    ("photo-word-02.jpg", "pdf-word/02.pdf", 6),
    ("photo-word-08.jpg", "pdf-word/08.pdf", 1),
    ("photo-word-37.jpg", "pdf-word/37.pdf", 1),
    ("photo-excel-03.jpg", "pdf-excel/03.pdf", 8),
    ("photo-excel-05.jpg", "pdf-excel/05.pdf", 1),
    ("photo-excel-12.jpg", "pdf-excel/12.pdf", 3),
    ("photo-excel-35.jpg", "pdf-excel/35.pdf", 1),
]
"""Output, source (single-page forms of every layout), EXIF orientation (1: upright)."""
TIFF = ("scans-3-forms.tif", ["pdf-word/11.pdf", "pdf-word/12.pdf", "pdf-excel/14.pdf"])
PNGS = [
    ("scan-word-17.png", "pdf-word/17.pdf", "colour", 150),
    ("scan-excel-15.png", "pdf-excel/15.pdf", "gray", 200),
]

PAPER_DPI = 200
PHOTO_LONG_SIDE = 2400


def _photo(rgb: np.ndarray, rng: random.Random) -> tuple[Image.Image, dict[str, Any]]:
    """The page photographed: an upright RGB picture and what was done to it."""
    page = _stamp(rgb.astype(np.float32) / 255, PAPER_DPI, rng)
    h, w = page.shape[:2]
    landscape = w > h
    out_w, out_h = (PHOTO_LONG_SIDE, PHOTO_LONG_SIDE * 3 // 4) if landscape else (
        PHOTO_LONG_SIDE * 3 // 4, PHOTO_LONG_SIDE)  # fmt: skip
    cover = rng.uniform(0.86, 0.92)  # the page's share of the picture's width
    scale = min(out_w * cover / w, out_h * 0.96 / h)
    pw, ph = w * scale, h * scale
    cx, cy = out_w / 2 + rng.uniform(-0.02, 0.02) * out_w, out_h / 2 + rng.uniform(-0.015, 0.015) * out_h
    keystone = rng.uniform(0.025, 0.05)  # the far edge this share narrower: a few degrees of tilt
    far_top = rng.random() < 0.5
    turn = np.radians(rng.uniform(-2.0, 2.0))
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        narrow = keystone if (sy < 0) == far_top else 0.0
        x, y = sx * pw / 2 * (1 - narrow), sy * ph / 2
        corners.append((cx + x * np.cos(turn) - y * np.sin(turn), cy + x * np.sin(turn) + y * np.cos(turn)))
    src = np.float32([(0, 0), (w, 0), (w, h), (0, h)])
    matrix = cv2.getPerspectiveTransform(src, np.float32(corners))
    desk = np.array([rng.uniform(0.35, 0.5), rng.uniform(0.3, 0.42), rng.uniform(0.25, 0.35)], np.float32)
    photo = cv2.warpPerspective(
        page, matrix, (out_w, out_h), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_CONSTANT,
        borderValue=tuple(float(v) for v in desk),
    )  # fmt: skip
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    # uneven light: a gradient across the sheet and a brighter spot under the lamp
    gx, gy = rng.uniform(-0.25, 0.25), rng.uniform(-0.25, 0.25)
    lx, ly = rng.uniform(0.2, 0.8) * out_w, rng.uniform(0.2, 0.8) * out_h
    spot = np.exp(-((xx - lx) ** 2 + (yy - ly) ** 2) / (2 * (0.6 * max(out_w, out_h)) ** 2))
    light = 0.78 + gx * (xx / out_w - 0.5) + gy * (yy / out_h - 0.5) + 0.2 * spot
    # a soft shadow (the phone, a hand) over one corner region
    shadow = np.zeros((out_h, out_w), np.float32)
    corner = rng.randrange(4)
    ax, ay = (0 if corner in (0, 3) else out_w), (0 if corner < 2 else out_h)
    reach = rng.uniform(0.35, 0.55)
    pts = np.int32(
        [(ax, ay), (ax + (1 if ax == 0 else -1) * out_w * reach, ay),
         (ax, ay + (1 if ay == 0 else -1) * out_h * reach * 1.3)]
    )  # fmt: skip
    cv2.fillPoly(shadow, [pts], 1.0)
    shadow = cv2.GaussianBlur(shadow, (0, 0), out_w * 0.03)
    depth = rng.uniform(0.25, 0.4)
    light = light * (1 - depth * shadow)
    cast = np.array([rng.uniform(0.97, 1.0), rng.uniform(0.93, 0.97), rng.uniform(0.85, 0.92)], np.float32)
    photo = photo * light[:, :, None] * cast
    blur = rng.uniform(0.5, 0.9)
    photo = cv2.GaussianBlur(photo, (0, 0), blur)
    noise = rng.uniform(0.01, 0.02)
    photo = (
        photo + np.random.default_rng(rng.randrange(1 << 30)).normal(0, noise, photo.shape[:2])[:, :, None]
    )
    pixels = np.clip(np.round(photo * 255), 0, 255).astype(np.uint8)
    return Image.fromarray(pixels, "RGB"), {
        "keystone": round(keystone, 3),
        "turn": round(float(np.degrees(turn)), 2),
        "shadow_depth": round(depth, 2),
        "blur": round(blur, 2),
        "noise": round(noise * 255, 1),
    }


def _scan_degradation(
    dpi: int, colour: str, n: int, seal_pages: list[int], rng: random.Random
) -> Degradation:
    return Degradation(
        dpi=dpi,
        colour=colour,
        seal=bool(seal_pages),
        angles=[rng.choice((-1, 1)) * rng.uniform(0.3, 1.5) for _ in range(n)],
        shift_mm=[(rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)) for _ in range(n)],
        blur=rng.uniform(0.3, 0.7),
        noise=rng.uniform(2, 4),
        jpeg_quality=80,
        seal_pages=seal_pages,
    )


def generate() -> list[dict[str, Any]]:
    index = json.loads(INDEX.read_text(encoding="utf-8"))
    by_path = {e["path"]: e for e in index}
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    entries = []
    for name, source, orientation in PHOTOS:
        rng = random.Random(_seed(name))
        (rgb,) = _render(FILES / source, [1], PAPER_DPI)
        picture, what = _photo(rgb, rng)
        exif = Image.Exif()
        stored = picture
        if orientation != 1:
            exif[EXIF_ORIENTATION] = orientation
            stored = picture.transpose(_STORED[orientation])
        quality = rng.randint(78, 82)
        stored.save(OUT / name, quality=quality, dpi=(72, 72), exif=exif.tobytes())
        what.update(quality=quality, orientation=orientation)
        entries.append(_entry(name, "photo", [source], what, [dict(f) for f in by_path[source]["forms"]]))
    name, sources = TIFF
    rng = random.Random(_seed(name))
    frames, forms = [], []
    for source in sources:
        n = len(frames)
        rgbs = _render(FILES / source, list(range(1, page_count(FILES / source) + 1)), 150)
        deg = _scan_degradation(150, "gray", len(rgbs), [1], rng)
        frames += [_scan(rgb, deg, i, rng) for i, rgb in enumerate(rgbs)]
        forms += [
            {"truth": f["truth"], "page_start": f["page_start"] + n, "page_end": f["page_end"] + n}
            for f in by_path[source]["forms"]
        ]
    frames[0].save(
        OUT / name, save_all=True, append_images=frames[1:], compression="jpeg", quality=80, dpi=(150, 150)
    )
    entries.append(
        _entry(name, "tiff", sources, {"dpi": 150, "colour": "gray", "frames": len(frames)}, forms)
    )
    for name, source, colour, dpi in PNGS:
        rng = random.Random(_seed(name))
        (rgb,) = _render(FILES / source, [1], dpi)
        deg = _scan_degradation(dpi, colour, 1, [1] if colour == "colour" else [], rng)
        _scan(rgb, deg, 0, rng).save(OUT / name, dpi=(dpi, dpi), optimize=True)
        what = {"dpi": dpi, "colour": colour, "seal": deg.seal}
        entries.append(_entry(name, "png", [source], what, [dict(f) for f in by_path[source]["forms"]]))
    for e in entries:
        print(f"{e['path']}: {(FILES / e['path']).stat().st_size // 1024} KB")
    return entries


def _entry(
    name: str, sort: str, sources: list[str], what: dict[str, Any], forms: list[Any]
) -> dict[str, Any]:
    return {
        "path": f"image/{name}",
        "kind": KIND,
        "image": sort,
        "layout": sort,
        "source": sources[0] if len(sources) == 1 else sources,
        "degradation": what,
        "forms": forms,
    }


def main() -> None:
    replace_entries(INDEX, (KIND,), generate())  # the image entries replaced, the others kept


if __name__ == "__main__":
    main()
