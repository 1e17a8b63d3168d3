"""OFD (GB/T 33190-2016, China's fixed-layout format for e-documents) to a Document, read as a text
PDF is: each page's text objects become glyph pieces and its path objects ruling segments
(extract.page.PageObjects), and extract.page.page_content builds the page's tables from them,
the same code that serves a PDF page. A page that is only a picture (a scanned OFD) is read by
OCR from its embedded image.

An OFD is a zip of XML parts: `OFD.xml` names each document's `Document.xml` (DocBody/DocRoot),
which lists the pages (Pages/Page BaseLoc → `Pages/Page_0/Content.xml`) and the page size
(CommonData/PageArea/PhysicalBox, which a page may override with its own Area). A page's layers
hold TextObject, PathObject and ImageObject, possibly inside nested PageBlocks, and a page may
draw a template page (CommonData/TemplatePage) under or over its own content.

Geometry: page coordinates are millimetres, origin top left, y downwards. An object's own
coordinates go through its CTM (`a b c d e f`: x' = a·x + c·y + e, y' = b·x + d·y + f) and are
then offset by its Boundary's origin. A TextCode puts its first glyph's baseline origin at X, Y;
each DeltaX value (`g N v` is N times v) is the step to the next glyph. Boxes are converted to
points (× 72 / 25.4) so that an OFD page has the same numbers a PDF page of the same form has.

Safety: the zip is checked before anything is parsed (extract.zipcheck); each XML part is size
capped and refused when it declares a DTD or an entity (no OFD needs one), so ElementTree never
sees an entity to expand; nesting is capped.
"""

from __future__ import annotations

import math
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from extract.assemble import assemble
from extract.errors import ReadError
from extract.ocr.routing import needs_ocr
from extract.page import SCAN_SHARE, PageContent, PageObjects, page_content
from extract.ruling import Segment, TextPiece
from extract.vector import polyline_segments, rect_segments
from extract.zipcheck import open_zip
from model import Document

if TYPE_CHECKING:
    import numpy as np

    from extract.read import ReadOptions

NS = "http://www.ofdspec.org/2016"
PT_PER_MM = 72 / 25.4
_WHAT = "OFD 文件"
_A4 = (0.0, 0.0, 210.0, 297.0)
"""The page box when a document states none (PageArea is mandatory; some writers omit it)."""

MAX_PART = 40 * 1024 * 1024
"""Bytes of one XML part: ElementTree takes about 20 times that in memory, and a page's content
is a few hundred KB."""
MAX_IMAGE_PART = 60 * 1024 * 1024
MAX_IMAGE_PIXELS = 120_000_000
"""A scanned page with more pixels is refused before it is decoded (a 600-dpi A3 scan has 70
million)."""
MAX_DEPTH = 64
"""PageBlocks nested deeper than this are a crafted file, not a document."""

ASCENT, DESCENT = 0.88, 0.12
"""A glyph's extent above and below its baseline, in font sizes: an OFD states no font metrics,
and these are those of the CJK fonts forms are set in."""
_WIDE, _NARROW = 1.0, 0.55
"""Advance of a glyph whose step to the next one is not given (the last of a TextCode), in font
sizes: a CJK character is square; Latin letters and digits are about half as wide."""

_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def read_ofd(path: Path, options: ReadOptions) -> Document:
    from extract.ocr.engine import OcrUnavailable

    try:
        with open_zip(path, _WHAT) as z:
            return _Reader(_Package(z), options).read()
    except OcrUnavailable as e:
        raise ReadError("OCR_UNAVAILABLE", e.message) from e
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError) as e:
        raise ReadError(
            "FILE_CORRUPT", f"OFD 文件的压缩数据已损坏，无法解压（{type(e).__name__}）；请重新导出后提交。"
        ) from e


# ---------------------------------------------------------------- the package and its XML parts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if c.tag == name]


def _child(el: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if c.tag == name), None)
    return el


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def resolve(base: str, loc: str) -> str:
    """A location (ST_Loc) as a zip member name: absolute from the package root when it starts
    with `/`, else relative to the folder of the part that names it (`base`)."""
    loc = loc.strip().replace("\\", "/")
    joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(posixpath.dirname(base), loc)
    return posixpath.normpath(joined).lstrip("/") if joined else ""


class _Package:
    def __init__(self, z: zipfile.ZipFile) -> None:
        self._z = z
        self._infos = {i.filename: i for i in z.infolist()}
        # Windows writers and hand-zipped files do not always keep the case the XML names
        self._folded = {name.lower(): name for name in self._infos}

    def info(self, name: str) -> zipfile.ZipInfo | None:
        found = self._infos.get(name) or self._infos.get(self._folded.get(name.lower(), ""))
        return found

    def read(self, name: str, limit: int) -> bytes:
        info = self.info(name)
        if info is None:
            raise KeyError(name)
        if info.flag_bits & 0x1:
            raise ReadError("FILE_ENCRYPTED", "OFD 文件已加密，需要密码才能打开；请提供未加密的文件。")
        if info.file_size > limit:
            raise ReadError(
                "TOO_LARGE",
                f"OFD 文件中的 {name} 达 {info.file_size >> 20} MB，超过 {limit >> 20} MB 的上限，"
                "疑似被恶意构造，已跳过；请拆分文件后重试。",
            )
        return self._z.read(info)

    def xml(self, name: str) -> ET.Element:
        """A part parsed, with namespaces dropped from tag names (writers differ in prefixes and
        some omit the namespace). Raises KeyError when the part is missing."""
        text = _decode(self.read(name, MAX_PART), name)
        if _DTD.search(text):
            raise ReadError(
                "FILE_CORRUPT",
                f"OFD 文件中的 {name} 含有 DTD 或实体声明（OFD 标准不使用），疑似被恶意构造，已拒绝读取。",
            )
        try:
            root = ET.fromstring(text)
        except ET.ParseError as e:
            raise ReadError(
                "FILE_CORRUPT", f"OFD 文件中的 {name} 不是有效的 XML（{e}），文件已损坏；请重新导出后提交。"
            ) from e
        for el in root.iter():
            el.tag = _local(el.tag)
        return root


def _decode(data: bytes, name: str) -> str:
    """The part as text, by its byte-order mark or XML declaration (OFD asks for UTF-8). Parsed
    from a str, expat ignores the declaration, so the DTD check sees what expat will."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        declared = _ENCODING.match(data)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as e:
        raise ReadError(
            "FILE_CORRUPT", f"OFD 文件中的 {name} 编码无法识别（{encoding}），文件已损坏；请重新导出后提交。"
        ) from e


# ---------------------------------------------------------------- numbers and transforms


def numbers(value: str | None, where: str) -> list[float]:
    """An ST_Array of numbers, `g N v` expanded to N copies of v (DeltaX, DeltaY)."""
    if not value:
        return []
    tokens = value.split()
    out: list[float] = []
    i = 0
    try:
        while i < len(tokens):
            if tokens[i] == "g":
                count, step = int(tokens[i + 1]), _finite(tokens[i + 2])
                if count < 0 or count > 100_000:
                    raise ValueError(tokens[i + 1])
                out += [step] * count
                i += 3
            else:
                out.append(_finite(tokens[i]))
                i += 1
    except (ValueError, IndexError) as e:
        raise ReadError("FILE_CORRUPT", f"OFD 文件中{where}的数值“{value[:60]}”无法解析，文件已损坏。") from e
    return out


def _finite(token: str) -> float:
    value = float(token) if _NUMBER.fullmatch(token) else math.nan
    if not math.isfinite(value):
        raise ValueError(token)
    return value


@dataclass(frozen=True)
class Matrix:
    """x' = a·x + c·y + e, y' = b·x + d·y + f (GB/T 33190 ST_Array CTM)."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def then_move(self, dx: float, dy: float) -> Matrix:
        return Matrix(self.a, self.b, self.c, self.d, self.e + dx, self.f + dy)


def _box(value: str | None, where: str) -> tuple[float, float, float, float] | None:
    values = numbers(value, where)
    if not values:
        return None
    if len(values) != 4:
        raise ReadError("FILE_CORRUPT", f"OFD 文件中{where}的矩形“{value}”不是 4 个数，文件已损坏。")
    return values[0], values[1], values[2], values[3]


def object_matrix(el: ET.Element, where: str) -> Matrix:
    """Object space to page millimetres: the object's CTM, then its Boundary's origin."""
    ctm = numbers(el.get("CTM"), where)
    if ctm and len(ctm) != 6:
        raise ReadError("FILE_CORRUPT", f"OFD 文件中{where}的变换矩阵 CTM 不是 6 个数，文件已损坏。")
    boundary = _box(el.get("Boundary"), where) or (0.0, 0.0, 0.0, 0.0)
    return Matrix(*ctm).then_move(boundary[0], boundary[1]) if ctm else Matrix().then_move(*boundary[:2])


def _pt_box(m: Matrix, corners: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    pts = [m.apply(x, y) for x, y in corners]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs) * PT_PER_MM, min(ys) * PT_PER_MM, max(xs) * PT_PER_MM, max(ys) * PT_PER_MM


# ---------------------------------------------------------------- page objects


def glyph_advance(ch: str, size: float) -> float:
    """A glyph's advance when nothing states it: square for CJK characters and the punctuation
    CJK fonts draw full width (East Asian width W, F, A), half a size for the rest."""
    return size * (_WIDE if unicodedata.east_asian_width(ch) in ("W", "F", "A") else _NARROW)


def _origins(obj: ET.Element, where: str, size: float) -> list[tuple[str, float, float]]:
    """Each character of a TextObject with its baseline origin in object space."""
    out: list[tuple[str, float, float]] = []
    x = y = 0.0
    for code in _children(obj, "TextCode"):
        # X and Y may be left out after the first TextCode: the previous one's then holds
        x = (numbers(code.get("X"), where) or [x])[0]
        y = (numbers(code.get("Y"), where) or [y])[0]
        dxs = numbers(code.get("DeltaX"), where)
        dys = numbers(code.get("DeltaY"), where)
        for i, ch in enumerate(code.text or ""):
            out.append((ch, x, y))
            x += dxs[i] if i < len(dxs) else glyph_advance(ch, size)
            y += dys[i] if i < len(dys) else 0.0
    return out


def text_pieces(obj: ET.Element, where: str) -> list[TextPiece]:
    """The glyphs of one TextObject, each boxed from its baseline origin and the font size.

    A glyph's width is its step to the next glyph on the same baseline (DeltaX, or the next
    TextCode's X), up to a full size: a longer step is a gap after it. The last glyph has no
    step; it reaches the object's Boundary edge when that is within a size of it (writers bound
    the glyphs they draw), else its width by kind. Widths matter to tell a space between words
    (`Mbps` must not read as `M bps`)."""
    m = object_matrix(obj, where)
    size = numbers(obj.get("Size"), where)
    if len(size) != 1 or size[0] <= 0:
        raise ReadError("FILE_CORRUPT", f"OFD 文件中{where}的文字对象没有有效的字号 Size，文件已损坏。")
    s = size[0]
    hscale = (numbers(obj.get("HScale"), where) or [1.0])[0]
    boundary = _box(obj.get("Boundary"), where)
    upright = m.b == 0 and m.c == 0 and m.a > 0
    right = (boundary[0] + boundary[2]) * PT_PER_MM if boundary and upright else None
    glyphs = _origins(obj, where, s)
    pieces: list[TextPiece] = []
    for k, (ch, x, y) in enumerate(glyphs):
        if ch.isspace():
            continue
        nxt = glyphs[k + 1] if k + 1 < len(glyphs) else None
        full = _WIDE * s * hscale
        if nxt is not None and nxt[2] == y and x < nxt[1]:
            width = min(nxt[1] - x, full)
        else:
            width = glyph_advance(ch, s) * hscale
        box = _pt_box(m, [(x, y - ASCENT * s), (x + width, y - ASCENT * s), (x, y + DESCENT * s),
                          (x + width, y + DESCENT * s)])  # fmt: skip
        if nxt is None and right is not None and box[2] < right <= box[0] + full * m.a * PT_PER_MM:
            box = (box[0], box[1], right, box[3])
        pieces.append(TextPiece(ch, *box))
    return pieces


@dataclass
class _Subpath:
    points: list[tuple[float, float]] = field(default_factory=list)
    straight: bool = True
    closed: bool = False


def path_subpaths(data: str, where: str) -> list[_Subpath]:
    """AbbreviatedData (`M x y L x y … C`) as subpaths of points in object space. A subpath
    with a curve in it (Q, B, A) keeps its end points but is no longer straight."""
    tokens = data.split()
    arity = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    subpaths: list[_Subpath] = []
    current: _Subpath | None = None
    i = 0
    try:
        while i < len(tokens):
            op = tokens[i]
            if op not in arity:
                raise ValueError(op)
            args = [_finite(t) for t in tokens[i + 1 : i + 1 + arity[op]]]
            if len(args) != arity[op]:
                raise ValueError(op)
            i += 1 + arity[op]
            if op in ("S", "M"):
                current = _Subpath([(args[0], args[1])])
                subpaths.append(current)
            elif op == "C":
                if current is not None:
                    current.closed = True
                    current = _Subpath([current.points[0]])
                    subpaths.append(current)
            else:
                if current is None:
                    current = _Subpath([(0.0, 0.0)])
                    subpaths.append(current)
                current.points.append((args[-2], args[-1]))
                current.straight &= op == "L"
    except ValueError as e:
        raise ReadError(
            "FILE_CORRUPT", f"OFD 文件中{where}的路径数据“{data[:60]}”无法解析，文件已损坏。"
        ) from e
    return [p for p in subpaths if len(p.points) > 1]


def _rectangle(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """The box of a closed four-cornered axis-parallel path, else None."""
    if len(points) == 5 and points[0] == points[-1]:
        points = points[:4]
    if len(points) != 4:
        return None
    for (ax, ay), (bx, by) in zip(points, points[1:] + points[:1], strict=True):
        if abs(ax - bx) > 0.01 and abs(ay - by) > 0.01:
            return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def path_segments(obj: ET.Element, where: str) -> list[Segment]:
    stroke = obj.get("Stroke", "true").strip().lower() != "false"
    fill = obj.get("Fill", "false").strip().lower() == "true"
    if not stroke and not fill:
        return []
    m = object_matrix(obj, where)
    out: list[Segment] = []
    for sub in path_subpaths(_text(_child(obj, "AbbreviatedData")), where):
        pts = [(x * PT_PER_MM, y * PT_PER_MM) for x, y in (m.apply(px, py) for px, py in sub.points)]
        rect = _rectangle(pts) if sub.straight and sub.closed else None
        if rect is not None:
            out += rect_segments(*rect, stroke)
        elif sub.straight:
            out += polyline_segments([*pts, pts[0]] if sub.closed else pts)
    return out


@dataclass
class _Image:
    resource: str
    box: tuple[float, float, float, float]
    """Where the image is drawn, in points: the unit square through the object's matrix."""


@dataclass
class _Drawn:
    pieces: list[TextPiece] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    images: list[_Image] = field(default_factory=list)


def _walk(container: ET.Element, depth: int = 0) -> Iterator[ET.Element]:
    if depth > MAX_DEPTH:
        raise ReadError(
            "FILE_CORRUPT", f"OFD 页面的图元块嵌套超过 {MAX_DEPTH} 层，疑似被恶意构造，已拒绝读取。"
        )
    for el in container:
        if el.tag == "PageBlock":
            yield from _walk(el, depth + 1)
        else:
            yield el


def drawn_objects(page: ET.Element, where: str, into: _Drawn) -> None:
    """Text, rulings and images of a page's (or a template's) layers, nested blocks included."""
    content = _child(page, "Content")
    for layer in _children(content, "Layer") if content is not None else []:
        for el in _walk(layer):
            if el.tag == "TextObject":
                into.pieces += text_pieces(el, where)
            elif el.tag == "PathObject":
                into.segments += path_segments(el, where)
            elif el.tag == "ImageObject":
                box = _pt_box(object_matrix(el, where), [(0, 0), (1, 0), (0, 1), (1, 1)])
                into.images.append(_Image(el.get("ResourceID", ""), box))


# ---------------------------------------------------------------- documents and pages


@dataclass
class _DocumentPart:
    part: str
    templates: dict[str, str]
    """TemplatePage IDs to their parts."""
    res_parts: list[str]
    """Resource files of the document (PublicRes, DocumentRes)."""
    page_box: tuple[float, float, float, float]
    """CommonData/PageArea/PhysicalBox, millimetres."""


@dataclass
class _PageRef:
    number: int
    part: str
    document: _DocumentPart


@dataclass
class _Page:
    ref: _PageRef
    xml: ET.Element
    box: tuple[float, float, float, float]
    """PhysicalBox, millimetres: the page's own Area, else its document's."""
    drawn: _Drawn

    @property
    def number(self) -> int:
        return self.ref.number

    def objects(self) -> PageObjects:
        area = self.box[2] * self.box[3] * PT_PER_MM * PT_PER_MM
        largest = max((_area(i.box) for i in self.drawn.images), default=0.0)
        share = min(largest / area, 1.0) if area > 0 else 0.0
        return PageObjects(self.drawn.pieces, self.drawn.segments, share)


def _area(box: tuple[float, float, float, float]) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _missing(part: str, what: str) -> ReadError:
    return ReadError("FILE_CORRUPT", f"OFD 文件缺少{what}（{part}），文件已损坏或不完整；请重新导出后提交。")


class _Reader:
    def __init__(self, package: _Package, options: ReadOptions) -> None:
        self.pkg = package
        self.options = options

    def read(self) -> Document:
        refs = self._page_refs()
        if self.options.max_pages and len(refs) > self.options.max_pages:
            raise ReadError(
                "TOO_LARGE",
                f"OFD 共 {len(refs)} 页，超过单个文件 {self.options.max_pages} 页的上限；"
                "请拆分后重试，或用 --max-pages 放宽上限。",
                pages=len(refs),
            )
        contents: list[PageContent] = []
        scans: list[_Page] = []
        for ref in refs:
            page = self._page(ref)
            objects = page.objects()
            texts = [p.text for p in objects.pieces]
            if objects.image_share >= SCAN_SHARE and (
                self.options.ocr == "always" or needs_ocr(self.options.ocr, texts, True, objects.scanned_grid)
            ):
                scans.append(page)
                contents.append(PageContent(page.number))  # read by OCR below, in page order
            else:
                contents.append(page_content(page.number, objects.pieces, objects.segments))
        if not scans:
            return Document(method="ofd", pages=len(refs), blocks=assemble(contents))
        return self._with_scans(contents, scans)

    # -- structure

    def _xml(self, part: str, what: str) -> ET.Element:
        try:
            return self.pkg.xml(part)
        except KeyError as e:
            raise _missing(part, what) from e

    def _page_refs(self) -> list[_PageRef]:
        root = self._xml("OFD.xml", "入口文件 OFD.xml")
        doc_roots = [_text(_child(body, "DocRoot")) for body in _children(root, "DocBody")]
        if not any(doc_roots):
            raise ReadError(
                "FILE_CORRUPT", "OFD.xml 中没有文档根节点 DocRoot，文件已损坏；请重新导出后提交。"
            )
        refs: list[_PageRef] = []
        for loc in filter(None, doc_roots):
            part = resolve("OFD.xml", loc)
            xml = self._xml(part, "文档文件 Document.xml")
            document = _document(part, xml)
            pages = _child(xml, "Pages")
            found = _children(pages, "Page") if pages is not None else []
            if not found:
                raise ReadError(
                    "FILE_CORRUPT", f"OFD 文档 {part} 没有任何页面，文件已损坏；请重新导出后提交。"
                )
            for page in found:
                number = len(refs) + 1
                loc = page.get("BaseLoc", "")
                if not loc.strip():
                    raise ReadError(
                        "FILE_CORRUPT", f"OFD 文件第 {number} 页没有指明内容文件（BaseLoc），文件已损坏。"
                    )
                refs.append(_PageRef(number, resolve(part, loc), document))
        return refs

    def _page(self, ref: _PageRef) -> _Page:
        where = f"第 {ref.number} 页"
        xml = self._xml(ref.part, f"{where}的内容文件")
        box = _box(_text(_child(xml, "Area", "PhysicalBox")), where) or ref.document.page_box
        page = _Page(ref, xml, box, _Drawn())
        # a template drawn under (ZOrder Background, the default) or over the page: some systems
        # keep a form's rulings in a template and put only the values on the page
        for template in _children(xml, "Template"):
            part = ref.document.templates.get(template.get("TemplateID", ""))
            if part is None:
                raise ReadError("FILE_CORRUPT", f"OFD 文件{where}引用的模板页不存在，文件已损坏。")
            drawn_objects(self._xml(part, f"{where}的模板页"), where, page.drawn)
        drawn_objects(xml, where, page.drawn)
        return page

    # -- scanned pages

    def _with_scans(self, contents: list[PageContent], scans: list[_Page]) -> Document:
        from extract.ocr.scanner import Scanner

        scanner = Scanner()
        source = _ScannedPages(self, {p.number: p for p in scans})
        for page in scans:
            contents[page.number - 1] = scanner.read(page.number, source)
        return scanner.document(contents, "ofd-ocr")

    def _media(self, page: _Page) -> dict[str, str]:
        """MultiMedia resource IDs to their files, from the page's and its document's resources."""
        parts = [resolve(page.ref.part, _text(r)) for r in _children(page.xml, "PageRes")]
        media: dict[str, str] = {}
        for part in parts + page.ref.document.res_parts:
            res = self._xml(part, "资源文件")
            # MediaFile names are relative to the resource file's BaseLoc folder
            base = resolve(part, res.get("BaseLoc", "")) + "/" if res.get("BaseLoc") else part
            for item in res.iter("MultiMedia"):
                loc = _text(_child(item, "MediaFile"))
                if loc:
                    media.setdefault(item.get("ID", ""), resolve(base, loc))
        return media

    def _page_image(self, page: _Page, dpi: int | None) -> tuple[np.ndarray, int]:
        """The page as pixels: its images pasted where they are drawn on a white page, at the
        document's resolution, or for its first scanned page at its scan's own."""
        import numpy as np

        from extract.ocr import raster

        media = self._media(page)
        decoded = [(i, _decode_image(self.pkg, media, i, page.number)) for i in page.drawn.images]
        scan, pixels = max(decoded, key=lambda d: _area(d[0].box))
        dpi = dpi or raster.snap_dpi(pixels.shape[1] / ((scan.box[2] - scan.box[0]) / 72))
        scale = dpi / 72
        x0, y0, w, h = (v * PT_PER_MM * scale for v in page.box)
        gray = all(p.ndim == 2 for _, p in decoded)
        canvas = np.full((round(h), round(w)) if gray else (round(h), round(w), 3), 255, dtype=np.uint8)
        for image, pixels in decoded:
            if not gray and pixels.ndim == 2:
                pixels = np.repeat(pixels[:, :, None], 3, axis=2)
            left, top = round(image.box[0] * scale - x0), round(image.box[1] * scale - y0)
            width = round((image.box[2] - image.box[0]) * scale)
            height = round((image.box[3] - image.box[1]) * scale)
            if width >= 1 and height >= 1:
                if pixels.shape[:2] != (height, width):
                    pixels = _resized(pixels, width, height)
                _paste(canvas, pixels, left, top)
        return canvas, dpi


@dataclass
class _ScannedPages:
    """An OFD's scanned pages as the page images the OCR scanner reads (extract.ocr.scanner)."""

    reader: _Reader
    pages: dict[int, _Page]

    def image(self, number: int, dpi: int | None) -> tuple[np.ndarray, int]:
        return self.reader._page_image(self.pages[number], dpi)


def _document(part: str, xml: ET.Element) -> _DocumentPart:
    common = _child(xml, "CommonData")
    if common is None:
        return _DocumentPart(part, {}, [], _A4)
    templates = {
        t.get("ID", ""): resolve(part, t.get("BaseLoc", "")) for t in _children(common, "TemplatePage")
    }
    res = [
        resolve(part, _text(r)) for r in [*_children(common, "PublicRes"), *_children(common, "DocumentRes")]
    ]
    box = _box(_text(_child(common, "PageArea", "PhysicalBox")), "页面区域") or _A4
    return _DocumentPart(part, templates, [r for r in res if r], box)


def _decode_image(pkg: _Package, media: dict[str, str], image: _Image, number: int) -> np.ndarray:
    """An embedded image as grey or BGR uint8 pixels, its size checked before it is decoded."""
    import io
    import warnings

    import numpy as np
    from PIL import Image, UnidentifiedImageError

    part = media.get(image.resource)
    if part is None:
        raise ReadError(
            "FILE_CORRUPT", f"OFD 文件第 {number} 页的图像资源（ID {image.resource}）不存在，文件已损坏。"
        )
    try:
        data = pkg.read(part, MAX_IMAGE_PART)
    except KeyError as e:
        raise ReadError(
            "FILE_CORRUPT", f"OFD 文件缺少第 {number} 页的图像 {part}，文件已损坏或不完整。"
        ) from e
    try:
        with warnings.catch_warnings():
            # this module's limit decides (below); Pillow's own refuses only far larger images
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            pil = Image.open(io.BytesIO(data))
        pixels = f"{pil.width} × {pil.height} 像素"
        if pil.width * pil.height > MAX_IMAGE_PIXELS:
            raise _image_too_large(number, pixels)
        pil.load()
    except Image.DecompressionBombError as e:
        raise _image_too_large(number, "超过 1.7 亿像素") from e
    except UnidentifiedImageError as e:
        raise ReadError(
            "UNSUPPORTED_TYPE",
            f"OFD 文件第 {number} 页是扫描图像，但其格式（{posixpath.splitext(part)[1] or '未知'}）无法解码"
            "（如 JBIG2）；请把该 OFD 另存为 PDF 后提交。",
        ) from e
    except (OSError, SyntaxError, ValueError) as e:
        raise ReadError(
            "FILE_CORRUPT", f"OFD 文件第 {number} 页的扫描图像已损坏，无法解码（{type(e).__name__}）。"
        ) from e
    if pil.mode in ("1", "L", "I;16", "I", "F"):
        return np.asarray(pil.convert("L"))
    if pil.mode in ("RGBA", "LA", "PA", "P"):
        rgba = pil.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        pil = Image.alpha_composite(white, rgba)
    return np.ascontiguousarray(np.asarray(pil.convert("RGB"))[:, :, ::-1])


def _image_too_large(number: int, pixels: str) -> ReadError:
    return ReadError(
        "TOO_LARGE",
        f"OFD 文件第 {number} 页的扫描图像达 {pixels}，超过 {MAX_IMAGE_PIXELS // 1_000_000} 百万像素的上限，"
        "疑似解压炸弹，未解码；请以 300 dpi 重新扫描后提交。",
    )


def _resized(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    import cv2

    shrink = width * height < pixels.shape[0] * pixels.shape[1]
    return cv2.resize(pixels, (width, height), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC)


def _paste(canvas: np.ndarray, pixels: np.ndarray, left: int, top: int) -> None:
    """`pixels` onto `canvas` at (left, top), clipped to the canvas."""
    h, w = canvas.shape[:2]
    x0, y0 = max(left, 0), max(top, 0)
    x1, y1 = min(left + pixels.shape[1], w), min(top + pixels.shape[0], h)
    if x1 > x0 and y1 > y0:
        canvas[y0:y1, x0:x1] = pixels[y0 - top : y1 - top, x0 - left : x1 - left]
