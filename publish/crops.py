"""The source beside every finding: for each finding of a form read from a page (a text PDF, a
scan, a photo), a PNG of the page around the cell it is about, that cell outlined in red and the
cells it was computed from in blue. Crops are files in OUT (`crops/<form_id>/<name>.png`, named
by what identifies the finding: code, field, indicator seq, see `crop_names`), staged with the
rest of OUT and replaced with it in one step; `crops/<form_id>/index.json` says where each crop
was cut from, so that the report (and a test) can tell which pixels are the cell.

Forms without a page image (DOCX, XLSX, OFD) get no crop: the report shows the reconstructed
table with the cell outlined and its sheet/cell reference instead.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codes import code_info
from publish.atomic import link_or_copy

if TYPE_CHECKING:  # OpenCV and numpy are imported where a crop is drawn: a run's driver
    import numpy as np  # only copies crops, and importing OpenCV cost it 0.16 s

CROP_DPI = 150
"""Text PDFs (boxes in points) are rendered at this resolution; scans at their own dpi."""
TARGET_BGR = (0, 0, 255)
"""The outline of the finding's own cell: pure red, which the report's test looks for."""
RELATED_BGR = (255, 128, 0)
_OUTLINE = 3
_PAD_POINTS = (36.0, 18.0)
"""Context kept around the cells, horizontally and vertically, in points."""
_NEAR_POINTS = 160.0
"""A related cell is drawn only when it is this close (vertically) to the finding's cell."""
_PDF_METHODS = frozenset({"pdf-text", "pdf-ocr"})
_IMAGE_METHODS = frozenset({"image-ocr"})
INDEX = "index.json"
_CELL_OF = {"actual_grade": "actual_text", "actual_value": "actual_text", "target_value": "target_text"}
"""Values computed from a cell: their crop is that cell's."""

Box = tuple[float, float, float, float]


_SAFE = re.compile(r"[^A-Za-z0-9_]")


def crop_names(doc: dict[str, Any]) -> list[str]:
    """Each finding's crop name, by what identifies it across runs and re-scorings (code, field,
    seq; a repeat gets a counter), as a safe file name whatever the JSON holds."""
    seen: dict[str, int] = {}
    names = []
    for finding in doc.get("anomalies", []):
        seq = finding.get("seq")
        base = "-".join(
            _SAFE.sub("_", str(part))[:60] or "_"
            for part in (finding.get("code"), finding.get("field"), seq if isinstance(seq, int) else 0)
        )
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return names


@dataclass(frozen=True)
class CropPlan:
    name: str
    page: int
    target: Box
    related: tuple[Box, ...]
    region: Box
    """In the form's box unit (points, or pixels at the form's dpi)."""


def _cells(finding: dict[str, Any], doc: dict[str, Any]) -> list[tuple[str, int | None]]:
    """The cells a finding rests on (codes.toml rests_on), by (field, seq); see score.vetting."""
    seqs = [i.get("seq") for i in doc.get("indicators", [])]
    out: list[tuple[str, int | None]] = []
    for name in code_info(finding.get("code", "")).rests_on:
        scope, _, field = name.rpartition(".")
        if scope == "row":
            if finding.get("seq") is not None:
                out.append((field, finding["seq"]))
        elif scope == "indicators":
            out.extend((field, seq) for seq in seqs)
        else:
            out.append((field, None))
    return out


def _box(p: dict[str, Any] | None) -> Box | None:
    box = p.get("box") if p else None
    if not isinstance(box, list | tuple) or len(box) != 4:
        return None
    try:
        x0, top, x1, bottom = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    return (x0, top, x1, bottom) if x1 > x0 and bottom > top else None


def plans(doc: dict[str, Any]) -> list[CropPlan]:
    """Where each finding of `doc` would be cut from, for those whose cell has a box on a page."""
    provenance = {(p.get("field"), p.get("seq")): p for p in doc.get("provenance", [])}
    unit = (doc.get("dpi") or 72) / 72  # form units per point
    out: list[CropPlan] = []
    for name, finding in zip(crop_names(doc), doc.get("anomalies", []), strict=True):
        field = finding.get("field")
        own = provenance.get((field, finding.get("seq"))) or provenance.get(
            (_CELL_OF.get(field), finding.get("seq"))
        )
        target = _box(own)
        page = own.get("page") if own else None
        if target is None or not isinstance(page, int):
            continue
        near = _NEAR_POINTS * unit
        related: list[Box] = []
        for cell in _cells(finding, doc):
            p = provenance.get(cell)
            box = _box(p)
            if box is None or p is None or p.get("page") != page or box == target:
                continue
            if abs((box[1] + box[3]) / 2 - (target[1] + target[3]) / 2) <= near and box not in related:
                related.append(box)
        boxes = [target, *related]
        pad_x, pad_y = _PAD_POINTS[0] * unit, _PAD_POINTS[1] * unit
        region = (
            max(0.0, min(b[0] for b in boxes) - pad_x),
            max(0.0, min(b[1] for b in boxes) - pad_y),
            max(b[2] for b in boxes) + pad_x,
            max(b[3] for b in boxes) + pad_y,
        )
        out.append(CropPlan(name, page, target, tuple(related), region))
    return out


def _page_images(path: Path, method: str, pages: Iterable[int], dpi: int | None) -> dict[int, np.ndarray]:
    """The pages as BGR arrays in crop pixels."""
    import cv2
    import numpy as np

    wanted = sorted(set(pages))
    if method in _IMAGE_METHODS:
        image = cv2.imdecode(np.fromfile(str(path), dtype=np.uint8), cv2.IMREAD_COLOR)
        return {1: image} if image is not None and 1 in wanted else {}
    import pypdfium2

    scale = (dpi or CROP_DPI) / 72
    images: dict[int, np.ndarray] = {}
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for number in wanted:
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                bitmap: Any = page.render(scale=scale, rev_byteorder=False)
                pixels = bitmap.to_numpy()
                images[number] = np.ascontiguousarray(pixels[:, :, :3])
            finally:
                page.close()
    finally:
        pdf.close()
    return images


def _scaled(box: Box, scale: float, origin: tuple[int, int]) -> tuple[int, int, int, int]:
    return (
        round(box[0] * scale) - origin[0],
        round(box[1] * scale) - origin[1],
        round(box[2] * scale) - origin[0],
        round(box[3] * scale) - origin[1],
    )


def _write_png(path: Path, image: np.ndarray) -> None:
    import cv2

    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise OSError(f"cannot encode {path.name}")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data.tobytes())
    os.replace(tmp, path)


def renderable(doc: dict[str, Any]) -> bool:
    return doc.get("method") in _PDF_METHODS | _IMAGE_METHODS


def render_crops(source: Path, doc: dict[str, Any], dest: Path) -> int:
    """Write the crops of `doc`'s findings into `dest` (crops/<form_id>); returns how many.
    A form without a page image writes nothing."""
    if not renderable(doc):
        return 0
    todo = plans(doc)
    if not todo:
        return 0
    import cv2

    dpi = doc.get("dpi")
    # boxes in pixels at the form's dpi are cut from a page rendered at that dpi; points at CROP_DPI
    scale = 1.0 if dpi else CROP_DPI / 72
    images = _page_images(source, str(doc.get("method")), (p.page for p in todo), dpi)
    dest.mkdir(parents=True, exist_ok=True)
    index: dict[str, Any] = {}
    for plan in todo:
        image = images.get(plan.page)
        if image is None:
            continue
        height, width = image.shape[:2]
        x0, y0, x1, y1 = (round(v * scale) for v in plan.region)
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        crop = image[y0:y1, x0:x1].copy()
        for box in plan.related:
            bx0, by0, bx1, by1 = _scaled(box, scale, (x0, y0))
            cv2.rectangle(crop, (bx0, by0), (bx1, by1), RELATED_BGR, 1)
        tx0, ty0, tx1, ty1 = _scaled(plan.target, scale, (x0, y0))
        cv2.rectangle(crop, (tx0, ty0), (tx1, ty1), TARGET_BGR, _OUTLINE)
        _write_png(dest / f"{plan.name}.png", crop)
        index[plan.name] = {
            "page": plan.page,
            "dpi": dpi or CROP_DPI,
            "unit": "pixels" if dpi else "points",
            "origin": [x0, y0],
            "size": [x1 - x0, y1 - y0],
            "box": [tx0, ty0, tx1, ty1],
        }
    if index:
        tmp = dest / (INDEX + ".tmp")
        tmp.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, dest / INDEX)
    return len(index)


def copy_crops(previous: Path, dest: Path, doc: dict[str, Any]) -> bool:
    """Reuse the crops of an unchanged form from the previous OUT; False when it lacks one."""
    if not (previous / INDEX).is_file() or previous.is_symlink():
        return False
    try:
        held = json.loads((previous / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(held, dict) or any(p.name not in held for p in plans(doc)):
        return False
    dest.mkdir(parents=True, exist_ok=True)
    for entry in previous.iterdir():
        if entry.is_file() and not entry.is_symlink() and entry.suffix in (".png", ".json"):
            link_or_copy(entry, dest / entry.name)  # never rewritten in place (_write_png renames)
    return True


def crop_index(out: Path, form_id: str) -> dict[str, Any]:
    """The index of a form's crops in an output (or staged) folder; {} when it has none."""
    try:
        data = json.loads((out / "crops" / form_id / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
