"""OFD copies of rendered corpus PDFs, written from their glyphs and rulings.

    python -m corpus.generate.ofd             # from the repo root; run by hand, never by tests

Each OFD (GB/T 33190-2016) is a Word-exported corpus PDF page for page: pdfplumber gives every
character with its font, size and baseline origin, and every drawn line; they are written as
an OFD writer converting the PDF would (no LibreOffice or OFD library involved). The truth is
the source's: the same truth ids and page ranges. Writers differ in how they lay text and
paths out, and each file is written in one of their styles (WRITERS), so the reader is tested
on the variety it meets:

- text: one TextObject per run of glyphs (same font, size and baseline) with one TextCode and
  the step to each next glyph in DeltaX, equal steps written with the `g N v` shorthand; or the
  same in point units under a CTM that scales them to millimetres (Size in points too); or one
  TextCode per glyph with its own X and the Y left to be inherited;
- rulings: a stroked PathObject per line (`M 0 0 L w 0` relative to its Boundary), a filled
  rectangle as thick as the line, or all of a page's lines as subpaths of one PathObject in
  point units under a CTM;
- structure: rulings and text in PageBlocks nested two deep, or the rulings in a Background
  layer, or in a template page (CommonData/TemplatePage) the page draws under its content; a
  page whose size differs from the document's PageArea states its own Area.

Files are deterministic: fixed zip timestamps, IDs in reading order, the document ID derived
from the file name. corpus/files/index.json is shared with the other generators: this script
replaces only the entries of kind "ofd" and keeps every other entry as it is.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pdfplumber

from corpus.generate.index import replace_entries

FILES = Path(__file__).resolve().parents[1] / "files"
OUT = FILES / "ofd"
INDEX = FILES / "index.json"
KIND = "ofd"
SCAN_KIND = "ofd-scan"
SCANNED = "scan/word-04.pdf"
"""The scanned OFD (kind ofd-scan) is this scan's page images: two grey 150-dpi pages, a form
running over both."""
NS = "http://www.ofdspec.org/2016"
MM_PER_PT = 25.4 / 72
ZIP_DATE = (2025, 3, 1, 9, 0, 0)
CREATION_DATE = "2025-03-01"
PT_CTM = f"{MM_PER_PT:.6f} 0 0 {MM_PER_PT:.6f} 0 0"
"""The CTM of objects written in point units (Size and coordinates in points)."""


@dataclass(frozen=True)
class Writer:
    """How one OFD writer lays a page out (see the module docstring)."""

    text: str  # "run" | "run-pt" | "per-glyph" | "mixed" (the three by turns)
    rulings: str  # "stroke" | "fill" | "one-path-pt" | "mixed" (horizontals in one path, verticals by turns)
    structure: str  # "flat" | "blocks" | "background" | "template"


WRITERS = {
    "01": Writer("run", "stroke", "flat"),
    "02": Writer("run-pt", "fill", "blocks"),
    "03": Writer("per-glyph", "one-path-pt", "background"),
    "04": Writer("mixed", "mixed", "template"),
    "05": Writer("run-pt", "stroke", "blocks"),
    "06": Writer("run", "one-path-pt", "flat"),
    "07": Writer("mixed", "mixed", "blocks"),
    "08": Writer("per-glyph", "fill", "flat"),
    "09": Writer("run", "fill", "template"),
    "10": Writer("mixed", "mixed", "background"),
}
BUNDLE = ("16", "21")  # the forms of the multi-form OFD, a slice of the department bundle PDF
BUNDLE_WRITER = Writer("mixed", "mixed", "blocks")


# ---------------------------------------------------------------- what a PDF page holds


@dataclass
class Glyph:
    text: str
    x: float  # baseline origin, points, top-down
    y: float
    size: float
    font: str
    x1: float


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float


@dataclass
class Page:
    width: float  # points
    height: float
    glyphs: list[Glyph]
    lines: list[Line]
    image: bytes | None = None
    """A scanned page: its JPEG, drawn over the whole page."""


def _font_name(pdf_name: str) -> str:
    """The font's name without the subset tag (`BAAAAA+NotoSerifCJKjp-Bold` → `NotoSerifCJKjp-Bold`)."""
    return re.sub(r"^[A-Z]{6}\+", "", pdf_name)


def pdf_pages(path: Path, numbers: Sequence[int] | None = None) -> list[Page]:
    out = []
    with pdfplumber.open(path) as pdf:
        for number in numbers or range(1, len(pdf.pages) + 1):
            page = pdf.pages[number - 1]
            height = float(page.height)
            glyphs = [
                Glyph(
                    c["text"],
                    c["matrix"][4],
                    height - c["matrix"][5],
                    c["size"],
                    _font_name(c["fontname"]),
                    c["x1"],
                )
                for c in page.chars
            ]
            lines = []
            for obj in page.lines + page.rects + page.curves:
                pts = obj["pts"]
                lines += [Line(a[0], a[1], b[0], b[1], obj.get("linewidth") or 0.5) for a, b in pairwise(pts)]
            out.append(Page(float(page.width), height, glyphs, lines))
    return out


def scan_pages(path: Path) -> list[Page]:
    """The pages of an image-only PDF (corpus/generate/scan.py's), each its embedded JPEG as is."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        out = []
        for page in pdf:
            (image,) = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
            assert image.get_filters() == ["DCTDecode"]
            width, height = page.get_size()
            out.append(Page(width, height, [], [], bytes(image.get_data(decode_simple=False))))
        return out
    finally:
        pdf.close()


def runs(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs in content order cut into runs of one font, size and baseline, left to right, with
    no gap wider than a character: what one text-showing operator draws."""
    out: list[list[Glyph]] = []
    for g in glyphs:
        prev = out[-1][-1] if out else None
        if (
            prev is not None
            and g.font == prev.font
            and abs(g.size - prev.size) < 0.01
            and abs(g.y - prev.y) < 0.01
            and prev.x < g.x <= prev.x1 + g.size
        ):
            out[-1].append(g)
        else:
            out.append([g])
    return out


# ---------------------------------------------------------------- XML


def mm(v: float) -> str:
    """A length in millimetres as writers print it: at most 3 decimals, no trailing zeros."""
    text = f"{v * MM_PER_PT:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def num(v: float) -> str:
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def delta_x(steps: list[str]) -> str:
    """DeltaX with runs of three or more equal steps as `g N v`."""
    out: list[str] = []
    i = 0
    while i < len(steps):
        j = i
        while j < len(steps) and steps[j] == steps[i]:
            j += 1
        out += [f"g {j - i} {steps[i]}"] if j - i >= 3 else steps[i:j]
        i = j
    return " ".join(out)


@dataclass
class Ids:
    value: int = 0
    fonts: dict[str, int] = field(default_factory=dict)

    def next(self) -> int:
        self.value += 1
        return self.value

    def font(self, name: str) -> int:
        if name not in self.fonts:
            self.fonts[name] = self.next()
        return self.fonts[name]


def _bbox(glyphs: list[Glyph]) -> tuple[float, float, float, float]:
    top = min(g.y - g.size for g in glyphs)
    return glyphs[0].x, top, max(g.x1 for g in glyphs), max(g.y + 0.2 * g.size for g in glyphs)


def text_object(run: list[Glyph], style: str, ids: Ids) -> str:
    x0, top, x1, bottom = _bbox(run)
    boundary = f"{mm(x0)} {mm(top)} {mm(x1 - x0)} {mm(bottom - top)}"
    head = f'<ofd:TextObject ID="{ids.next()}" Boundary="{boundary}" Font="{ids.font(run[0].font)}"'
    fill = '<ofd:FillColor Value="0 0 0"/>'
    text = escape("".join(g.text for g in run))
    if style == "run":
        steps = [mm(b.x - a.x) for a, b in pairwise(run)]
        dx = f' DeltaX="{delta_x(steps)}"' if steps else ""
        code = f'<ofd:TextCode X="{mm(run[0].x - x0)}" Y="{mm(run[0].y - top)}"{dx}>{text}</ofd:TextCode>'
        return f'{head} Size="{mm(run[0].size)}">{fill}{code}</ofd:TextObject>'
    if style == "run-pt":
        # coordinates and size in points; the CTM scales them into the Boundary's millimetres
        steps = [num(b.x - a.x) for a, b in pairwise(run)]
        dx = f' DeltaX="{delta_x(steps)}"' if steps else ""
        code = f'<ofd:TextCode X="{num(run[0].x - x0)}" Y="{num(run[0].y - top)}"{dx}>{text}</ofd:TextCode>'
        return f'{head} CTM="{PT_CTM}" Size="{num(run[0].size)}">{fill}{code}</ofd:TextObject>'
    # per glyph: each TextCode its own X, Y stated once and inherited by the ones after it
    codes = []
    for k, g in enumerate(run):
        y = f' Y="{mm(g.y - top)}"' if k == 0 else ""
        codes.append(f'<ofd:TextCode X="{mm(g.x - x0)}"{y}>{escape(g.text)}</ofd:TextCode>')
    return f'{head} Size="{mm(run[0].size)}">{fill}{"".join(codes)}</ofd:TextObject>'


def line_object(line: Line, style: str, ids: Ids) -> str:
    x0, x1 = sorted((line.x0, line.x1))
    y0, y1 = sorted((line.y0, line.y1))
    half = line.width / 2
    if style == "fill":
        # the line as a rectangle as thick as its width, filled (how table borders are often drawn)
        if y1 - y0 < x1 - x0:
            box = (x0, y0 - half, x1 - x0, line.width)
        else:
            box = (x0 - half, y0, line.width, y1 - y0)
        w, h = mm(box[2]), mm(box[3])
        return (
            f'<ofd:PathObject ID="{ids.next()}" Boundary="{mm(box[0])} {mm(box[1])} {w} {h}" Stroke="false" '
            f'Fill="true"><ofd:FillColor Value="0 0 0"/>'
            f"<ofd:AbbreviatedData>M 0 0 L {w} 0 L {w} {h} L 0 {h} C</ofd:AbbreviatedData></ofd:PathObject>"
        )
    bx, by = x0 - half, y0 - half
    boundary = f"{mm(bx)} {mm(by)} {mm(x1 - x0 + line.width)} {mm(y1 - y0 + line.width)}"
    data = f"M {mm(x0 - bx)} {mm(y0 - by)} L {mm(x1 - bx)} {mm(y1 - by)}"
    return (
        f'<ofd:PathObject ID="{ids.next()}" Boundary="{boundary}" LineWidth="{mm(line.width)}">'
        f'<ofd:StrokeColor Value="0 0 0"/><ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>'
    )


def lines_object(lines: list[Line], ids: Ids) -> str:
    """All lines as subpaths of one path, in points relative to the Boundary, under a CTM."""
    bx = min(min(ln.x0, ln.x1) for ln in lines) - 1
    by = min(min(ln.y0, ln.y1) for ln in lines) - 1
    w = max(max(ln.x0, ln.x1) for ln in lines) + 1 - bx
    h = max(max(ln.y0, ln.y1) for ln in lines) + 1 - by
    data = " ".join(
        f"M {num(ln.x0 - bx)} {num(ln.y0 - by)} L {num(ln.x1 - bx)} {num(ln.y1 - by)}" for ln in lines
    )
    attrs = f'CTM="{PT_CTM}" Boundary="{mm(bx)} {mm(by)} {mm(w)} {mm(h)}" LineWidth="{num(lines[0].width)}"'
    return (
        f'<ofd:PathObject ID="{ids.next()}" {attrs}>'
        f'<ofd:StrokeColor Value="0 0 0"/><ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>'
    )


def _pick(style: str, k: int, choices: Sequence[str]) -> str:
    return choices[k % len(choices)] if style == "mixed" else style


def text_objects(page: Page, writer: Writer, ids: Ids) -> list[str]:
    return [
        text_object(r, _pick(writer.text, k, ("run", "run-pt", "per-glyph")), ids)
        for k, r in enumerate(runs(page.glyphs))
    ]


def ruling_objects(page: Page, writer: Writer, ids: Ids) -> list[str]:
    if not page.lines:
        return []
    if writer.rulings == "one-path-pt":
        return [lines_object(page.lines, ids)]
    if writer.rulings == "mixed":
        # horizontal lines in one path, verticals one by one, stroked or filled by turns
        horizontal = [ln for ln in page.lines if abs(ln.y1 - ln.y0) < abs(ln.x1 - ln.x0)]
        vertical = [ln for ln in page.lines if ln not in horizontal]
        out = [lines_object(horizontal, ids)] if horizontal else []
        return out + [line_object(ln, ("stroke", "fill")[k % 2], ids) for k, ln in enumerate(vertical)]
    return [line_object(ln, writer.rulings, ids) for ln in page.lines]


def _block(objects: list[str], ids: Ids, depth: int) -> str:
    inner = "".join(objects)
    for _ in range(depth):
        inner = f'<ofd:PageBlock ID="{ids.next()}">{inner}</ofd:PageBlock>'
    return inner


def _layer(body: str, ids: Ids, kind: str = "Body") -> str:
    return f'<ofd:Layer ID="{ids.next()}" Type="{kind}">{body}</ofd:Layer>'


def _xml(root: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + root).encode("utf-8")


def _box(page: Page) -> str:
    return f"0 0 {mm(page.width)} {mm(page.height)}"


def write_ofd(path: Path, pages: list[Page], writer: Writer, doc_id: str) -> None:
    ids = Ids()
    parts: dict[str, bytes] = {}
    default_box = _box(pages[0])
    page_refs: list[str] = []
    templates: list[str] = []
    media: list[str] = []
    for n, page in enumerate(pages):
        if page.image is not None:
            # a scanner writing OFD: the page is one image in the document's resources
            media_id = ids.next()
            parts[f"Doc_0/Res/image_{n}.jpg"] = page.image
            media.append(
                f'<ofd:MultiMedia ID="{media_id}" Type="Image"><ofd:MediaFile>image_{n}.jpg</ofd:MediaFile>'
                "</ofd:MultiMedia>"
            )
            w, h = mm(page.width), mm(page.height)
            place = f'Boundary="0 0 {w} {h}" CTM="{w} 0 0 {h} 0 0"'
            image = f'<ofd:ImageObject ID="{ids.next()}" {place} ResourceID="{media_id}"/>'
            parts[f"Doc_0/Pages/Page_{n}/Content.xml"] = _xml(
                f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content>{_layer(image, ids)}</ofd:Content></ofd:Page>'
            )
            page_refs.append(f'<ofd:Page ID="{ids.next()}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
            continue
        texts = text_objects(page, writer, ids)
        rulings = ruling_objects(page, writer, ids)
        if writer.structure == "blocks":
            content = _layer(_block(rulings, ids, 1) + _block(texts, ids, 2), ids)
        elif writer.structure == "background":
            content = _layer("".join(rulings), ids, "Background") + _layer("".join(texts), ids)
        elif writer.structure == "template":
            tpl_id = ids.next()
            templates.append(f'<ofd:TemplatePage ID="{tpl_id}" BaseLoc="Tpls/Tpl_{n}/Content.xml"/>')
            layer = _layer("".join(rulings), ids)
            parts[f"Doc_0/Tpls/Tpl_{n}/Content.xml"] = _xml(
                f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content>{layer}</ofd:Content></ofd:Page>'
            )
            content = f'<ofd:Template TemplateID="{tpl_id}" ZOrder="Background"/>'
            content += "<ofd:Content>" + _layer("".join(texts), ids) + "</ofd:Content>"
        else:
            content = _layer("".join(rulings + texts), ids)
        if writer.structure != "template":
            content = f"<ofd:Content>{content}</ofd:Content>"
        area = (
            ""
            if _box(page) == default_box
            else f"<ofd:Area><ofd:PhysicalBox>{_box(page)}</ofd:PhysicalBox></ofd:Area>"
        )
        # a template reference comes before the page's content, after its area (CT_Page order)
        parts[f"Doc_0/Pages/Page_{n}/Content.xml"] = _xml(
            f'<ofd:Page xmlns:ofd="{NS}">{area}{content}</ofd:Page>'
        )
        page_refs.append(f'<ofd:Page ID="{ids.next()}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    fonts = "".join(
        f'<ofd:Font ID="{i}" FontName={quoteattr(name)} FamilyName={quoteattr(name.split("-")[0])}/>'
        for name, i in ids.fonts.items()
    )
    parts["Doc_0/PublicRes.xml"] = _xml(
        f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>{fonts}</ofd:Fonts></ofd:Res>'
    )
    document_res = ""
    if media:
        document_res = "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
        items = "".join(media)
        parts["Doc_0/DocumentRes.xml"] = _xml(
            f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{items}</ofd:MultiMedias></ofd:Res>'
        )
    document = (
        f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{ids.value}</ofd:MaxUnitID>'
        f"<ofd:PageArea><ofd:PhysicalBox>{default_box}</ofd:PhysicalBox></ofd:PageArea>"
        f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{document_res}{''.join(templates)}</ofd:CommonData>"
        f"<ofd:Pages>{''.join(page_refs)}</ofd:Pages></ofd:Document>"
    )
    ofd = (
        f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
        f"<ofd:DocID>{doc_id}</ofd:DocID><ofd:Creator>evalforms corpus</ofd:Creator>"
        f"<ofd:CreationDate>{CREATION_DATE}</ofd:CreationDate></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    ordered = {"OFD.xml": _xml(ofd), "Doc_0/Document.xml": _xml(document)} | dict(sorted(parts.items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in ordered.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def _doc_id(name: str) -> str:
    return uuid.UUID(bytes=hashlib.sha256(name.encode()).digest()[:16]).hex


# ---------------------------------------------------------------- page text (for corpus.generate.check)


def page_texts(path: Path) -> list[str]:
    """Each page's TextCode texts in content order, by the generator's own layout (Doc_0, pages
    and templates as write_ofd names them): the after-generation check reads the files without
    the product's reader."""
    out = []
    with zipfile.ZipFile(path) as z:
        names = sorted(
            (n for n in z.namelist() if re.fullmatch(r"Doc_0/Pages/Page_\d+/Content\.xml", n)),
            key=lambda n: int(re.findall(r"\d+", n)[1]),
        )
        for name in names:
            text = z.read(name).decode("utf-8")
            out.append("".join(re.findall(r"<ofd:TextCode[^>]*>([^<]*)</ofd:TextCode>", text)))
    return out


# ---------------------------------------------------------------- driver


@dataclass
class Job:
    name: str
    source: str  # relative to corpus/files
    pages: list[int]
    writer: Writer | None  # None: a scanned OFD, its page images as they are
    forms: list[dict[str, Any]]
    layout: str
    kind: str = KIND
    degradation: dict[str, Any] | None = None


def _jobs(index: list[dict[str, Any]]) -> Iterator[Job]:
    by_path = {e["path"]: e for e in index}
    for truth_id, writer in WRITERS.items():
        entry = by_path[f"pdf-word/{truth_id}.pdf"]
        pages = list(range(1, max(f["page_end"] for f in entry["forms"]) + 1))
        yield Job(
            f"{truth_id}.ofd",
            entry["path"],
            pages,
            writer,
            [dict(f) for f in entry["forms"]],
            entry["layout"],
        )
    bundle = next(e for e in index if e["kind"] == "bundle" and e["path"].endswith(".pdf"))
    forms = [f for f in bundle["forms"] if BUNDLE[0] <= f["truth"] <= BUNDLE[1]]
    start, stop = forms[0]["page_start"], forms[-1]["page_end"]
    shifted = [
        {
            "truth": f["truth"],
            "page_start": f["page_start"] - start + 1,
            "page_end": f["page_end"] - start + 1,
        }
        for f in forms
    ]
    pages = list(range(start, stop + 1))
    yield Job(
        f"bundle-{BUNDLE[0]}-{BUNDLE[1]}.ofd", bundle["path"], pages, BUNDLE_WRITER, shifted, "bundle-slice"
    )
    scan = by_path[SCANNED]
    forms, pages = [dict(f) for f in scan["forms"]], list(range(1, len(scan["source_pages"]) + 1))
    yield Job(
        f"scan-{Path(SCANNED).stem}.ofd",
        SCANNED,
        pages,
        None,
        forms,
        scan["layout"],
        SCAN_KIND,
        scan["degradation"],
    )


def generate() -> list[dict[str, Any]]:
    index = json.loads(INDEX.read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.ofd"):
        old.unlink()
    entries = []
    for job in _jobs(index):
        path = OUT / job.name
        source = FILES / job.source
        if job.writer is None:
            write_ofd(path, scan_pages(source), BUNDLE_WRITER, _doc_id(job.name))
        else:
            write_ofd(path, pdf_pages(source, job.pages), job.writer, _doc_id(job.name))
        entry: dict[str, Any] = {
            "path": f"ofd/{job.name}",
            "kind": job.kind,
            "layout": job.layout,
            "source": job.source,
            "source_pages": job.pages,
            "writer": asdict(job.writer) if job.writer else "scanner: one JPEG per page",
        }
        if job.degradation is not None:
            entry["degradation"] = job.degradation
        entries.append(entry | {"forms": job.forms})
        size = path.stat().st_size // 1024
        print(f"{path.relative_to(FILES)}: {len(job.pages)} pages, {size} KB, {entry['writer']}")
    return entries


def write_index(entries: list[dict[str, Any]]) -> None:
    """Replace the ofd and ofd-scan entries of the shared index, keep the others in their order."""
    replace_entries(INDEX, (KIND, SCAN_KIND), entries)


def main() -> None:
    write_index(generate())


if __name__ == "__main__":
    main()
