"""Scanned copies of rendered corpus PDFs: image-only PDFs degraded as real scans are.

    python -m corpus.generate.scan            # from the repo root; run by hand, never by tests

Each scan is a rendered corpus PDF rasterized at 150 or 300 dpi and put through what a
scanner does to paper: a red seal stamped over the table (before scanning, so it is in the
image), a small rotation and shift, optical blur, sensor noise, colour or grayscale, JPEG.
Every choice comes from a random generator seeded by the output name, so a re-run writes the
same bytes. The truth is the source's: the same truth ids and page ranges.

corpus/files/index.json is shared with the main generator, which rewrites it from scratch: this
script replaces only the entries of kind "scan" and keeps every other entry as it is, so it
can be re-run after a regeneration.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from corpus.generate.index import replace_entries

FILES = Path(__file__).resolve().parents[1] / "files"
OUT = FILES / "scan"
INDEX = FILES / "index.json"
KIND = "scan"
FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
FONT_FALLBACK = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SEAL_NAMES = [
    "北京市朝阳区数据局",
    "北京市朝阳区财政局",
    "北京市朝阳区政务服务管理局",
    "北京市朝阳区科学技术委员会",
]
SEAL_WORDS = ["绩效评价专用章", "财务专用章", ""]
FIXED_DATE = time.struct_time((2025, 3, 1, 9, 0, 0, 5, 60, 0))
MM = 1 / 25.4  # inches


@dataclass
class Degradation:
    dpi: int
    colour: str  # "colour" | "gray"
    seal: bool
    angles: list[float]  # degrees per page, counter-clockwise positive
    shift_mm: list[tuple[float, float]]  # per page
    blur: float  # Gaussian sigma, pixels
    noise: float  # Gaussian sigma, grey levels
    jpeg_quality: int
    seal_pages: list[int]  # 1-based pages of this file carrying a seal

    def describe(self) -> dict[str, Any]:
        d = asdict(self)
        d["angles"] = [round(a, 2) for a in self.angles]
        d["shift_mm"] = [[round(x, 2), round(y, 2)] for x, y in self.shift_mm]
        d["blur"] = round(self.blur, 2)
        d["noise"] = round(self.noise, 1)
        d["angle_max"] = round(max(abs(a) for a in self.angles), 2)
        return d


@dataclass
class Job:
    out: str  # file name under scan/
    source: str  # path under corpus/files
    pages: list[int]  # 1-based source pages, in order
    dpi: int
    colour: str
    seal: bool


def _jobs() -> list[Job]:
    """20 single forms (10 exported from Word, 10 from Excel: every layout, both one- and
    two-page forms) and a 10-form slice of the department bundle; three pages at 300 dpi."""
    jobs: list[Job] = []
    single = [("pdf-word", f"{n:02d}") for n in range(1, 11)] + [
        ("pdf-excel", f"{n:02d}") for n in range(13, 23)
    ]
    hi_res = {"pdf-word/10", "pdf-excel/16", "pdf-excel/21"}
    for k, (kind, num) in enumerate(single):
        source = f"{kind}/{num}.pdf"
        n_pages = len(pypdfium2.PdfDocument(str(FILES / source)))
        jobs.append(
            Job(
                out=f"{kind.removeprefix('pdf-')}-{num}.pdf",
                source=source,
                pages=list(range(1, n_pages + 1)),
                dpi=300 if f"{kind}/{num}" in hi_res else 150,
                colour="colour" if k % 2 == 0 else "gray",
                seal=k % 4 != 3,
            )
        )
    jobs.append(
        Job(
            out="bundle-36-45.pdf",
            source="bundle/department_bundle.pdf",
            pages=[],
            dpi=150,
            colour="gray",
            seal=True,
        )
    )
    return jobs


def _degradation(job: Job, n_pages: int, form_starts: list[int], rng: random.Random) -> Degradation:
    angles = [rng.choice((-1, 1)) * rng.uniform(0.3, 2.0) for _ in range(n_pages)]
    shifts = [(rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)) for _ in range(n_pages)]
    return Degradation(
        dpi=job.dpi,
        colour=job.colour,
        seal=job.seal,
        angles=angles,
        shift_mm=shifts,
        blur=rng.uniform(0.3, 0.9),
        noise=rng.uniform(2, 5),
        jpeg_quality=rng.randint(55, 80),
        seal_pages=form_starts if job.seal else [],
    )


def _font(size: int) -> ImageFont.FreeTypeFont:
    path = FONT if FONT.exists() else FONT_FALLBACK
    return ImageFont.truetype(str(path), size, index=2 if path == FONT else 0)  # index 2: SC


def _seal(dpi: int, rng: random.Random) -> Image.Image:
    """A red official seal as an "L" ink-density image: ring, star, name round the top, a
    purpose line below the star; uneven ink as stamps leave it."""
    radius = round(rng.uniform(19, 21) * MM * dpi)
    size = 2 * radius + 8
    ink = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(ink)
    c = size / 2
    ring = max(2, round(1.1 * MM * dpi))
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=255, width=ring)
    star_r = radius * 0.32
    pts = []
    for i in range(10):
        r = star_r if i % 2 == 0 else star_r * 0.38
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((c + r * math.cos(a), c + r * math.sin(a)))
    draw.polygon(pts, fill=255)
    name = rng.choice(SEAL_NAMES)
    font = _font(round(radius * 0.24))
    span = math.radians(min(250, 24 * len(name)))
    text_r = radius - ring - radius * 0.16
    for i, ch in enumerate(name):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(name)
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size, font.size), ch, fill=255, font=font, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a + math.pi / 2), resample=Image.BICUBIC)
        x, y = c + text_r * math.cos(a), c + text_r * math.sin(a)
        ink.paste(255, (round(x - font.size), round(y - font.size)), glyph)
    words = rng.choice(SEAL_WORDS)
    if words:
        small = _font(round(radius * 0.17))
        draw.text((c, c + radius * 0.55), words, fill=255, font=small, anchor="mm")
    # a stamp leaves ink unevenly: a smooth density field times speckle
    field = np.array(
        Image.effect_noise((size // 8 + 1, size // 8 + 1), 40).resize((size, size), Image.BICUBIC)
    )
    density = np.clip(0.55 + (field.astype(np.float32) - 128) / 255, 0.35, 1.0)
    density *= np.where(np.random.default_rng(rng.randrange(1 << 30)).random((size, size)) < 0.04, 0.3, 1.0)
    arr = np.asarray(ink, dtype=np.float32) / 255 * density * rng.uniform(0.7, 0.9)
    return Image.fromarray(np.round(arr * 255).astype(np.uint8)).rotate(
        rng.uniform(-25, 25), resample=Image.BICUBIC
    )


def _stamp(page: np.ndarray, dpi: int, rng: random.Random) -> np.ndarray:
    """Multiply the seal onto the page (RGB floats): ink absorbs, it does not cover."""
    seal = np.asarray(_seal(dpi, rng), dtype=np.float32) / 255
    h, w = page.shape[:2]
    sh, sw = seal.shape
    cx = round(rng.uniform(0.45, 0.8) * w)
    cy = round(rng.uniform(0.22, 0.6) * h)
    y0, x0 = cy - sh // 2, cx - sw // 2
    colour = (
        np.array([rng.uniform(190, 225), rng.uniform(20, 45), rng.uniform(30, 55)], dtype=np.float32) / 255
    )
    region = page[y0 : y0 + sh, x0 : x0 + sw]
    alpha = seal[: region.shape[0], : region.shape[1], None]
    region *= 1 - alpha * (1 - colour)
    return page


def _scan(rgb: np.ndarray, deg: Degradation, index: int, rng: random.Random) -> Image.Image:
    page = rgb.astype(np.float32) / 255
    if index + 1 in deg.seal_pages:
        page = _stamp(page, deg.dpi, rng)
    img = Image.fromarray(np.round(page * 255).astype(np.uint8), "RGB")
    if deg.colour == "gray":
        img = img.convert("L")
    dx, dy = (v * MM * deg.dpi for v in deg.shift_mm[index])
    fill = 255 if img.mode == "L" else (255, 255, 255)
    img = img.rotate(deg.angles[index], resample=Image.BICUBIC, translate=(dx, dy), fillcolor=fill)
    arr = np.asarray(img, dtype=np.float32)
    # paper grain and sensor noise, then the optics' blur over both; paper is not quite white
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, deg.noise, arr.shape[:2])
    arr = (arr + (noise[:, :, None] if arr.ndim == 3 else noise)) * 0.95 + 4
    img = Image.fromarray(np.clip(np.round(arr), 0, 255).astype(np.uint8), img.mode)
    arr = np.asarray(img.filter(ImageFilter.GaussianBlur(deg.blur)), dtype=np.float32)
    # the scanner's auto-levels clip the paper to white, as most office scanners do
    arr = (arr - 12) * 255 / (232 - 12)
    return Image.fromarray(np.clip(np.round(arr), 0, 255).astype(np.uint8), img.mode)


def _render(source: Path, pages: list[int], dpi: int) -> list[np.ndarray]:
    doc = pypdfium2.PdfDocument(str(source))
    try:
        return [doc[p - 1].render(scale=dpi / 72).to_numpy()[:, :, :3][:, :, ::-1].copy() for p in pages]
    finally:
        doc.close()


def _seed(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")


def _bundle_slice(
    index: list[dict[str, Any]], first: str, last: str
) -> tuple[list[int], list[dict[str, Any]]]:
    bundle = next(e for e in index if e["kind"] == "bundle" and e["path"].endswith(".pdf"))
    forms = [f for f in bundle["forms"] if first <= f["truth"] <= last]
    start, stop = forms[0]["page_start"], forms[-1]["page_end"]
    shifted = [
        {
            "truth": f["truth"],
            "page_start": f["page_start"] - start + 1,
            "page_end": f["page_end"] - start + 1,
        }
        for f in forms
    ]
    return list(range(start, stop + 1)), shifted


def generate() -> list[dict[str, Any]]:
    index = json.loads(INDEX.read_text(encoding="utf-8"))
    by_path = {e["path"]: e for e in index}
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.pdf"):
        old.unlink()
    entries = []
    for job in _jobs():
        if job.source.startswith("bundle/"):
            job.pages, forms = _bundle_slice(index, "36", "45")
            layout = "bundle-slice"
        else:
            src = by_path[job.source]
            forms, layout = [dict(f) for f in src["forms"]], src["layout"]
        rng = random.Random(_seed(job.out))
        deg = _degradation(job, len(job.pages), [f["page_start"] for f in forms], rng)
        images = [
            _scan(rgb, deg, i, rng) for i, rgb in enumerate(_render(FILES / job.source, job.pages, job.dpi))
        ]
        path = OUT / job.out
        images[0].save(
            path,
            save_all=True,
            append_images=images[1:],
            resolution=float(job.dpi),
            quality=deg.jpeg_quality,
            title=job.out,
            creationDate=FIXED_DATE,
            modDate=FIXED_DATE,
        )
        entries.append(
            {
                "path": f"scan/{job.out}",
                "kind": KIND,
                "layout": layout,
                "source": job.source,
                "source_pages": job.pages,
                "degradation": deg.describe(),
                "forms": forms,
            }
        )
        print(f"{path.relative_to(FILES)}: {len(images)} pages, {path.stat().st_size // 1024} KB")
    return entries


def write_index(entries: list[dict[str, Any]]) -> None:
    """Replace the scan entries of the shared index, keep the others in their order."""
    replace_entries(INDEX, (KIND,), entries)


def main() -> None:
    write_index(generate())


if __name__ == "__main__":
    main()
