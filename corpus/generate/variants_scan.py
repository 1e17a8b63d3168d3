"""Scanned copies of a few corpus/variants/ PDFs: `python -m corpus.generate.variants_scan`.

The same degradations as scan.py (rasterized at 150 or 300 dpi, seal, rotation, shift, blur,
noise, colour or grey, JPEG; every choice seeded by the output name, so the bytes repeat).
Replaces only the `scan` entries of corpus/variants/index.json: run it again after
variants_build, which rewrites the index from scratch.
"""

from __future__ import annotations

import json
import random

import pypdfium2

from . import scan
from .variants_truth import VARIANTS_DIR

FILES = VARIANTS_DIR / "files"
INDEX = VARIANTS_DIR / "index.json"
# (source, dpi, colour, seal): both renderers, four layouts, one page each
JOBS = (
    ("pdf-word/V01.pdf", 150, "colour", True),
    ("pdf-excel/V12.pdf", 150, "gray", True),
    ("pdf-word/V23.pdf", 300, "gray", True),
    ("pdf-excel/V34.pdf", 150, "colour", False),
)


def generate() -> list[dict[str, object]]:
    index = json.loads(INDEX.read_text(encoding="utf-8"))
    by_path = {e["path"]: e for e in index}
    out_dir = FILES / "scan"
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.pdf"):
        old.unlink()
    entries: list[dict[str, object]] = []
    for source, dpi, colour, seal in JOBS:
        kind, name = source.split("/")
        out = f"{kind.removeprefix('pdf-')}-{name}"
        n_pages = len(pypdfium2.PdfDocument(str(FILES / source)))
        job = scan.Job(out, source, list(range(1, n_pages + 1)), dpi, colour, seal)
        src = by_path[source]
        forms = [dict(f) for f in src["forms"]]
        rng = random.Random(scan._seed(out))
        deg = scan._degradation(job, n_pages, [f["page_start"] for f in forms], rng)
        pages = scan._render(FILES / source, job.pages, dpi)
        images = [scan._scan(rgb, deg, i, rng) for i, rgb in enumerate(pages)]
        path = out_dir / out
        images[0].save(
            path,
            save_all=True,
            append_images=images[1:],
            resolution=float(dpi),
            quality=deg.jpeg_quality,
            title=out,
            creationDate=scan.FIXED_DATE,
            modDate=scan.FIXED_DATE,
        )
        entries.append(
            {
                "path": f"scan/{out}",
                "kind": "scan",
                "layout": src["layout"],
                "source": source,
                "source_pages": job.pages,
                "degradation": deg.describe(),
                "forms": forms,
            }
        )
        print(f"{path.relative_to(FILES)}: {len(images)} pages, {path.stat().st_size // 1024} KB")
    return entries


def main() -> None:
    index = json.loads(INDEX.read_text(encoding="utf-8"))
    kept = [e for e in index if e.get("kind") != "scan"]
    text = json.dumps(kept + generate(), ensure_ascii=False, indent=1)
    INDEX.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
