"""A text PDF page to its PageObjects straight from pdfium: glyphs from its text page, ruling
lines from its path objects (composed through form XObjects), images for the scan test.

The result is what extract.pdf_text gives from pdfplumber (the reference reader), in the same
top-down points: every glyph's box is the one pdfminer computes (its origin, its advance width
from the font's widths, the font size above the font's descent), every path is cut into
subpaths and classified as pdfminer does (a two-point line, an axis-parallel rectangle, else a
polyline through its points), and the page's /Rotate and MediaBox offset are applied as
pdfminer's page transform does. tests/extract/test_pdf_readers.py holds both readers to the
same grids and forms on every corpus PDF.

pdfium is not thread-safe: a process reads one PDF at a time (the worker pool is processes).
The per-glyph loop is the hot path of a text PDF, so it calls pdfium (pypdfium2's own loaded
library) through cffi function pointers, whose calls cost under half of ctypes' (three calls a
glyph), with out-parameters allocated once a page, and reads the page's text in one call.
"""

from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Iterator
from ctypes import byref, c_float, c_void_p
from pathlib import Path
from typing import Any

import cffi
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extract.page import PageObjects
from extract.ruling import Segment, TextPiece
from extract.vector import polyline_segments, rect_segments

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_DIGITS = 4
"""pdfium holds coordinates as 32-bit floats (55.05 becomes 55.0499992); rounded to this many
decimals they are the content stream's numbers again, as pdfminer reads them."""


_ffi = cffi.FFI()
_ffi.cdef(
    "typedef struct { float left, top, right, bottom; } FS_RECTF;"
    "typedef struct { float a, b, c, d, e, f; } FS_MATRIX;"
)
_NULL = _ffi.NULL
# out-parameters of the calls made per glyph, text object or path, allocated once (an allocation
# costs as much as the call); pdfium is called from one thread of a process
_FLOAT = _ffi.new("float *")
_SIZE = _ffi.new("float *")
_CHAR_MATRIX = _ffi.new("FS_MATRIX *")
_TIGHT_BOX = _ffi.new("double[4]")
_POINT = _ffi.new("float[2]")
_MODE = _ffi.new("int[2]")


def _fn(function: Any, signature: str) -> Any:
    """One of pypdfium2.raw's functions (the same loaded library) called through cffi, with
    handles as `void *`: a cffi call costs less than half of a ctypes one, and the glyph loop
    makes three a glyph."""
    return _ffi.cast(signature, ctypes.cast(function, c_void_p).value)


_count_chars = _fn(raw.FPDFText_CountChars, "int (*)(void *)")
_get_text = _fn(raw.FPDFText_GetText, "int (*)(void *, int, int, unsigned short *)")
_get_unicode = _fn(raw.FPDFText_GetUnicode, "unsigned int (*)(void *, int)")
_text_object = _fn(raw.FPDFText_GetTextObject, "void *(*)(void *, int)")
_char_origin = _fn(raw.FPDFText_GetCharOrigin, "int (*)(void *, int, double *, double *)")
_loose_box = _fn(raw.FPDFText_GetLooseCharBox, "int (*)(void *, int, FS_RECTF *)")
_char_matrix = _fn(raw.FPDFText_GetMatrix, "int (*)(void *, int, FS_MATRIX *)")
_char_box = _fn(raw.FPDFText_GetCharBox, "int (*)(void *, int, double *, double *, double *, double *)")
_load_text = _fn(raw.FPDFText_LoadPage, "void *(*)(void *)")
_close_text = _fn(raw.FPDFText_ClosePage, "void (*)(void *)")
_map_error = _fn(raw.FPDFText_HasUnicodeMapError, "int (*)(void *, int)")
_text_font = _fn(raw.FPDFTextObj_GetFont, "void *(*)(void *)")
_font_size = _fn(raw.FPDFTextObj_GetFontSize, "int (*)(void *, float *)")
_descent = _fn(raw.FPDFFont_GetDescent, "int (*)(void *, float, float *)")
_glyph_width = _fn(raw.FPDFFont_GetGlyphWidth, "int (*)(void *, unsigned int, float, float *)")
_base_font_name = _fn(raw.FPDFFont_GetBaseFontName, "size_t (*)(void *, char *, size_t)")
_count_objects = _fn(raw.FPDFPage_CountObjects, "int (*)(void *)")
_page_object = _fn(raw.FPDFPage_GetObject, "void *(*)(void *, int)")
_form_count = _fn(raw.FPDFFormObj_CountObjects, "int (*)(void *)")
_form_object = _fn(raw.FPDFFormObj_GetObject, "void *(*)(void *, unsigned long)")
_object_type = _fn(raw.FPDFPageObj_GetType, "int (*)(void *)")
_object_matrix = _fn(raw.FPDFPageObj_GetMatrix, "int (*)(void *, FS_MATRIX *)")
_count_segments = _fn(raw.FPDFPath_CountSegments, "int (*)(void *)")
_segment = _fn(raw.FPDFPath_GetPathSegment, "void *(*)(void *, int)")
_segment_point = _fn(raw.FPDFPathSegment_GetPoint, "int (*)(void *, float *, float *)")
_segment_type = _fn(raw.FPDFPathSegment_GetType, "int (*)(void *)")
_segment_close = _fn(raw.FPDFPathSegment_GetClose, "int (*)(void *)")
_draw_mode = _fn(raw.FPDFPath_GetDrawMode, "int (*)(void *, int *, int *)")

_PATH, _IMAGE, _FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
_DRAWN = frozenset((_PATH, _IMAGE, _FORM))
_MOVE, _BEZIER = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_BEZIERTO


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention, as pdfminer's mult_matrix)."""
    a, b, c, d, e, f = m
    a1, b1, c1, d1, e1, f1 = n
    return (
        a * a1 + b * c1,
        a * b1 + b * d1,
        c * a1 + d * c1,
        c * b1 + d * d1,
        e * a1 + f * c1 + e1,
        e * b1 + f * d1 + f1,
    )


_SCALE = 10.0**_DIGITS


def _matrix(fs: Any) -> Matrix:
    return (
        round(fs.a * _SCALE) / _SCALE,
        round(fs.b * _SCALE) / _SCALE,
        round(fs.c * _SCALE) / _SCALE,
        round(fs.d * _SCALE) / _SCALE,
        round(fs.e * _SCALE) / _SCALE,
        round(fs.f * _SCALE) / _SCALE,
    )


_BOX = re.compile(rb"/MediaBox\s*\[([-+0-9.\s]*)\]")


def box_numbers(data: bytes) -> dict[float, float]:
    """The numbers of every MediaBox written in the file as plain text, by their value as a
    32-bit float (pdfium's), so that a page's box is the one pdfminer reads."""
    out: dict[float, float] = {}
    for m in _BOX.finditer(data):
        for word in m.group(1).split():
            try:
                value = float(word)
            except ValueError:
                continue
            out[struct.unpack("f", struct.pack("f", value))[0]] = value
    return out


class _Frame:
    """A page's transform from PDF user space to top-down points, as pdfplumber reports them:
    pdfminer's page transform (rotation, MediaBox origin), then pdfplumber's flip."""

    def __init__(self, page: Any, numbers: dict[float, float] | None = None) -> None:
        box = self._mediabox(page, numbers or {})
        x0, x1 = sorted((box[0], box[2]))
        y0, y1 = sorted((box[1], box[3]))
        rotation = (raw.FPDFPage_GetRotation(page) % 4) * 90
        if rotation == 90:
            ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif rotation == 180:
            ctm = (-1, 0, 0, -1, x1, y1)
        elif rotation == 270:
            ctm = (0, 1, -1, 0, y1, -x0)
        else:
            ctm = (1, 0, 0, 1, -x0, -y0)
        # pdfplumber's page box: the MediaBox, its sides swapped on a quarter turn
        bx0, by0, bx1, by1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
        self.width = bx1 - bx0
        self.height = by1 - by0
        self.ctm = ctm
        self.dx = bx0  # pdf_text adds the MediaBox's left edge back
        self.dy = self.height + (self.height - by1)  # height - y + mediabox top
        self.upright = rotation == 0
        # on an upright page, x + shift[0] and shift[1] - y (the common case, without point())
        self.shift = (ctm[4] + self.dx, self.dy - ctm[5])

    @staticmethod
    def _mediabox(page: Any, numbers: dict[float, float]) -> tuple[float, float, float, float]:
        """pdfium's MediaBox, its 32-bit floats replaced by the numbers the file writes
        (box_numbers) where they are known: 595.303937007874, not 595.3039."""
        left, bottom, right, top = c_float(), c_float(), c_float(), c_float()
        if raw.FPDFPage_GetMediaBox(page, byref(left), byref(bottom), byref(right), byref(top)):
            values = (left.value, bottom.value, right.value, top.value)
        else:  # inherited from the page tree: pdfium's own box of the page
            rect = raw.FS_RECTF()
            raw.FPDF_GetPageBoundingBox(page, byref(rect))
            values = (rect.left, rect.bottom, rect.right, rect.top)
        return tuple(numbers.get(v, round(v, _DIGITS)) for v in values)  # type: ignore[return-value]

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.ctm
        return (x * a + y * c + e + self.dx, self.dy - (x * b + y * d + f))


_DESCRIPTOR = re.compile(rb"/Type\s*/FontDescriptor\b")
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/\[\]<>()]+)")
_DESCENT = re.compile(rb"/Descent\s+([-+]?(?:\d+\.?\d*|\.\d+))")


def descriptor_descents(data: bytes) -> dict[str, float | None]:
    """Each font descriptor's /Descent by its /FontName without the subset tag (`ABCDEF+`, as
    pdfium names a font; None when two subsets of one font disagree), where the descriptor is written as
    plain text (not inside a compressed object stream).

    pdfminer places a glyph's box on the descriptor's Descent (0 when absent); pdfium replaces a
    descriptor's Ascent and Descent of 0 by the font program's own, so for those fonts (LibreOffice
    writes them) the two would disagree by a fifth of the font size. Fonts not found here take
    pdfium's descent, which is the descriptor's whenever it is not 0."""
    out: dict[str, float | None] = {}
    for m in _DESCRIPTOR.finditer(data):  # the descriptor's object, whatever the order of its keys
        start = data.rfind(b"obj", max(0, m.start() - 2000), m.start())
        end = data.find(b"endobj", m.end(), m.end() + 2000)
        chunk = data[start if start >= 0 else max(0, m.start() - 1000) : end if end >= 0 else m.end() + 1000]
        name = _FONT_NAME.search(chunk)
        if name is None:
            continue
        descent = _DESCENT.search(chunk)
        value = float(descent.group(1)) if descent else 0.0
        value = -value if value > 0 else value
        font = name.group(1).decode("latin-1")
        font = font[7:] if len(font) > 7 and font[6] == "+" else font
        out[font] = value if out.get(font, value) == value else None
    return out


class _Fonts:
    """Per font: the descent as pdfminer takes it (descriptor_descents); per font and character:
    the advance width by Unicode. Looked up once a document and reused for every glyph."""

    def __init__(self, descents: dict[str, float | None]) -> None:
        self.widths: dict[tuple[Any, str], float] = {}
        self.descents: dict[Any, float] = {}
        self.by_name = descents

    def width(self, font: Any, ch: str) -> float:
        _FLOAT[0] = 0.0
        if len(ch) == 1 and font:
            _glyph_width(font, ord(ch), 1000.0, _FLOAT)
        w = self.widths[(font, ch)] = _FLOAT[0] / 1000.0
        return w

    def descent(self, font: Any) -> float:
        d = self.descents.get(font)
        if d is None:
            d = self.descents[font] = self._descent(font)
        return d

    def _descent(self, font: Any) -> float:
        if not font:
            return 0.0
        buffer = _ffi.new("char[256]")
        size = _base_font_name(font, buffer, 256)
        name = _ffi.string(buffer).decode("latin-1") if 0 < size <= 256 else ""
        known = self.by_name.get(name)
        if known is not None:
            return known / 1000.0
        _FLOAT[0] = 0.0
        _descent(font, 1000.0, _FLOAT)
        return _FLOAT[0] / 1000.0


_SURROGATE = re.compile("[\ud800-\udfff]")
_HYPHEN = "\ufffe"
"""pdfium's text for a hyphen (- or soft hyphen) ending a line; pdfminer keeps the glyph's -."""


def _page_text(textpage: Any, count: int) -> list[str]:
    """The text page's characters, one string per character index."""
    if count <= 0:
        return []
    buffer = _ffi.new("unsigned short[]", count + 1)
    got = _get_text(textpage, 0, count, buffer)
    text = _ffi.buffer(buffer)[: max(got - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) == count and _SURROGATE.search(text) is None:
        return list(text.replace(_HYPHEN, "-"))
    # characters beyond the BMP take two UTF-16 units: one call per character instead
    codes = [_get_unicode(textpage, i) for i in range(count)]
    return ["-" if code in (2, 0xFFFE) else chr(code) for code in codes]


_Run = tuple[Any, float, float, float, float, float, float, float, bool, bool, float]
"""What the glyphs of one text object share: font, size, char matrix (a, b, c, d), d times the
descent (descent times size) and d times the top (descent + size) above the origin, whether the
font maps its codes to Unicode, whether the box is the upright one (b = c = 0, a and size not 0)
and then size times a."""


def _run(tp: Any, index: int, obj: Any, fonts: _Fonts) -> _Run:
    font = _NULL
    _SIZE[0] = 0.0
    if obj:
        font = _text_font(obj)
        _font_size(obj, _SIZE)
    size = _SIZE[0]
    _char_matrix(tp, index, _CHAR_MATRIX)
    m = _CHAR_MATRIX
    a, b, c, d = m.a, m.b, m.c, m.d
    if not (a == 1.0 and b == 0.0 and c == 0.0 and d == 1.0):
        a, b, c, d = (round(v * _SCALE) / _SCALE for v in (a, b, c, d))
    descent = fonts.descent(font) * size
    upright = not (b or c) and bool(size) and bool(a)
    mapped = not _map_error(tp, index)
    return (font, size, a, b, c, d, d * descent, d * (descent + size), mapped, upright, size * a)


def _glyphs(page: Any, frame: _Frame, fonts: _Fonts) -> list[TextPiece]:
    """Each glyph's box as pdfminer's LTChar has it: (0, descent) and (advance, descent + size)
    through the char matrix from the glyph's origin, then through the page frame.

    The advance: pdfium gives a font's widths by Unicode, through the font's reverse mapping,
    which can pick another code for the same character (two glyphs for "1") of another width.
    The glyph's loose box, whose right edge is the far end of its advance or of its ink, settles
    it: a loose box narrower than the width is the advance; a wider one is the advance unless
    its edge is the ink's (the tight box's)."""
    tp = _load_text(page)
    if not tp:
        return []
    try:
        texts = _page_text(tp, _count_chars(tp))
        runs: dict[Any, _Run] = {}
        origin = _ffi.new("double[2]")
        ox, oy = origin, origin + 1
        loose = _ffi.new("FS_RECTF *")
        widths = fonts.widths
        pieces: list[TextPiece] = []
        append = pieces.append
        text_object, char_origin, loose_box = _text_object, _char_origin, _loose_box
        tx, ty = frame.shift
        point = frame.point
        upright_page = frame.upright
        new = tuple.__new__
        scale = _SCALE
        for i, ch in enumerate(texts):
            if ch.isspace():
                continue
            obj = text_object(tp, i)
            run = runs.get(obj)
            if run is None:
                run = runs[obj] = _run(tp, i, obj, fonts)
            font, size, a, b, c, d, bottom, top, mapped, upright, sa = run
            if not mapped:
                ch = "(cid:0)"
            char_origin(tp, i, ox, oy)
            x, y = round(origin[0] * scale) / scale, round(origin[1] * scale) / scale
            w = widths.get((font, ch))
            if w is None:
                w = fonts.width(font, ch)
            if upright:
                if loose_box(tp, i, loose):
                    right = loose.right
                    lw = (right - loose.left) / sa
                    if lw < w - 1e-3 or (lw > w + 1e-3 and not _ink_edge(tp, i, right)):
                        w = lw
                adv = w * size * a
                y0, y1 = y + bottom, y + top
                if upright_page:
                    x0, x1 = x + tx, x + adv + tx
                    t0, t1 = ty - y1, ty - y0
                    if d < 0:
                        t0, t1 = t1, t0
                    if a < 0:
                        x0, x1 = x1, x0
                    append(new(TextPiece, (ch, x0, t0, x1, t1, None)))
                    continue
                (x0, t0), (x1, t1) = point(x, y0), point(x + adv, y1)
            else:
                adv = w * size
                descent = fonts.descent(font) * size
                lx, ly = x + c * descent, y + bottom
                ux, uy = x + a * adv + c * (descent + size), y + b * adv + top
                (x0, t0), (x1, t1) = point(lx, ly), point(ux, uy)
            append(new(TextPiece, (ch, min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1), None)))
        return pieces
    finally:
        _close_text(tp)


def _ink_edge(textpage: Any, index: int, right: float) -> bool:
    """Whether a glyph's loose box ends where its ink does (GetCharBox, the tight box)."""
    box = _TIGHT_BOX  # left, right, bottom, top
    box[1] = 0.0
    _char_box(textpage, index, box, box + 1, box + 2, box + 3)
    return abs(box[1] - right) < 1e-3


def _objects(page: Any) -> Iterator[tuple[Any, int, Matrix]]:
    """Every path, image and form XObject's contents with its type and its matrix to page
    space (text objects are read from the text page)."""
    fsm = _ffi.new("FS_MATRIX *")

    def walk(handles: list[Any], outer: Matrix) -> Iterator[tuple[Any, int, Matrix]]:
        for obj in handles:
            kind = _object_type(obj)
            if kind not in _DRAWN:
                continue
            _object_matrix(obj, fsm)
            m = _mul(_matrix(fsm), outer) if outer is not _IDENTITY else _matrix(fsm)
            if kind == _FORM:
                yield from walk([_form_object(obj, k) for k in range(_form_count(obj))], m)
            else:
                yield obj, kind, m

    yield from walk([_page_object(page, k) for k in range(_count_objects(page))], _IDENTITY)


def _subpaths(obj: Any) -> Iterator[list[tuple[str, float, float]]]:
    """A path's subpaths as pdfminer's operators and end points in object space: `m`, `l`,
    `c` (a Bézier's end point; its control points are no ruling), `h` (back to the start)."""
    point = _POINT
    point[0] = point[1] = 0.0
    px, py = point, point + 1
    current: list[tuple[str, float, float]] = []
    bezier = 0
    for k in range(_count_segments(obj)):
        seg = _segment(obj, k)
        kind = _segment_type(seg)
        _segment_point(seg, px, py)
        x, y = round(point[0], _DIGITS), round(point[1], _DIGITS)
        if kind == _MOVE:
            if current:
                yield current
            current = [("m", x, y)]
            bezier = 0
        elif kind == _BEZIER:
            bezier += 1
            if bezier % 3 == 0:
                current.append(("c", x, y))
        else:
            current.append(("l", x, y))
            bezier = 0
        if _segment_close(seg) and current:
            current.append(("h", current[0][1], current[0][2]))
    if current:
        yield current


def _path_segments(obj: Any, m: Matrix, frame: _Frame) -> list[Segment]:
    mode = _MODE  # fill, stroke
    mode[0] = mode[1] = 0
    _draw_mode(obj, mode, mode + 1)
    fill, stroke = mode[0], mode[1]
    if not fill and not stroke:
        return []
    a, b, c, d, e, f = m
    out: list[Segment] = []
    for sub in _subpaths(obj):
        shape = "".join(op for op, _, _ in sub)
        pts = [frame.point(x * a + y * c + e, x * b + y * d + f) for _, x, y in sub]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            out += polyline_segments(pts[:2])
        elif shape in ("mlllh", "mllll") and _is_rect(pts):
            (x0, t0), (x1, t1) = pts[0], pts[2]
            out += rect_segments(min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1), bool(stroke))
        elif len(pts) > 1:
            out += polyline_segments(pts)
    return out


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts
    return pts[0] == last and (
        (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    )


def _image_area(m: Matrix) -> float:
    """The area of an image's box on the page: its unit square through its matrix."""
    a, b, c, d, _, _ = m
    return (abs(a) + abs(c)) * (abs(b) + abs(d)) if (b or c) else abs(a * d)


def page_objects(
    page: Any, fonts: _Fonts | None = None, numbers: dict[float, float] | None = None
) -> PageObjects:
    """Glyphs, ruling segments and the largest image's share of one page (a pypdfium2 page or
    its raw handle), as extract.pdf_text.page_objects gives them."""
    handle = page.raw if hasattr(page, "raw") else page
    address = _ffi.cast("void *", ctypes.cast(handle, c_void_p).value)
    frame = _Frame(handle, numbers)
    pieces = _glyphs(address, frame, fonts or _Fonts({}))
    segments: list[Segment] = []
    largest_image = 0.0
    for obj, kind, m in _objects(address):
        if kind == _PATH:
            segments += _path_segments(obj, m, frame)
        elif kind == _IMAGE:
            largest_image = max(largest_image, _image_area(m))
    area = frame.width * frame.height
    return PageObjects(pieces, segments, largest_image / area if area else 0.0)


class PdfiumDocument:
    """A PDF opened by pdfium, page by page."""

    def __init__(self, path: Path) -> None:
        data = Path(path).read_bytes()
        self.fonts = _Fonts(descriptor_descents(data))
        self.numbers = box_numbers(data)
        self.pdf = pdfium.PdfDocument(data)

    def __len__(self) -> int:
        return len(self.pdf)

    def page_objects(self, index: int) -> PageObjects:
        page = self.pdf[index]
        try:
            return page_objects(page, self.fonts, self.numbers)
        finally:
            page.close()

    def close(self) -> None:
        self.pdf.close()
