"""The OFD reader: glyph positions from TextCode/DeltaX (with the `g` shorthand), CTMs, millimetres
to points, nested PageBlocks, scanned pages routed to OCR, and every kind of broken or hostile
package refused with its code and a Chinese message.

Test packages are built at test time: the hand-written sample in ofd_sample/ (typed after the
standard's examples) with parts replaced, or a few objects on a page."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.generate.ofd import delta_x
from extract import ofd_reader
from extract.errors import ReadError
from extract.ofd_reader import PT_PER_MM, numbers, path_segments, read_ofd, resolve, text_pieces
from extract.read import ReadOptions, read_document
from extract.ruling import Segment
from model import Document, Grid, TextBlock

SAMPLE = Path(__file__).parent / "ofd_sample"
PAGE = "Doc_0/Pages/Page_0/Content.xml"
NS = "http://www.ofdspec.org/2016"


def sample_parts() -> dict[str, bytes]:
    return {
        p.relative_to(SAMPLE).as_posix(): p.read_bytes() for p in sorted(SAMPLE.rglob("*")) if p.is_file()
    }


def write_ofd(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def page_xml(body: str, area: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{area}'
        f'<ofd:Content><ofd:Layer ID="1">{body}</ofd:Layer></ofd:Content></ofd:Page>'
    ).encode()


def with_page(tmp_path: Path, body: str, name: str = "t.ofd") -> Path:
    return write_ofd(tmp_path / name, sample_parts() | {PAGE: page_xml(body)})


def read(path: Path, **options: Any) -> Document:
    return read_ofd(path, ReadOptions(**options))


def refused(path: Path, **options: Any) -> ReadError:
    with pytest.raises(ReadError) as info:
        read(path, **options)
    return info.value


def element(xml: str) -> ET.Element:
    root = ET.fromstring(xml)
    for el in root.iter():
        el.tag = el.tag.rsplit("}", 1)[-1]
    return root


def mm_box(x0: float, top: float, x1: float, bottom: float) -> tuple[float, ...]:
    return tuple(round(v * PT_PER_MM, 2) for v in (x0, top, x1, bottom))


# ---------------------------------------------------------------- the hand-written sample


def test_the_hand_written_sample_is_its_table_and_title(tmp_path: Path) -> None:
    doc = read(write_ofd(tmp_path / "sample.ofd", sample_parts()))
    assert (doc.method, doc.pages, doc.dpi, doc.ocr_pages) == ("ofd", 1, None, [])
    title, grid = doc.blocks
    assert isinstance(title, TextBlock) and isinstance(grid, Grid)
    assert (title.text, title.page) == ("2024年度示例表", 1)
    assert (grid.n_rows, grid.n_cols) == (2, 3)
    cells = {(c.row, c.col, c.rowspan, c.colspan): c for c in grid.cells}
    assert {k: c.text for k, c in cells.items()} == {
        (0, 0, 1, 1): "项目名称",
        (0, 1, 1, 2): "示例项目（OFD）",  # no rule at x = 115 in the first row: one cell
        (1, 0, 1, 1): "年度资金总额",  # written in points under a CTM
        (1, 1, 1, 1): "12.5",
        (1, 2, 1, 1): "100%",  # a TextCode per glyph, Y inherited
    }
    # millimetres to points: the frame is 20..170 × 30..60 mm, the rules at x 60 and 115, y 45
    assert cells[(0, 0, 1, 1)].box == mm_box(20, 30, 60, 45)
    assert cells[(1, 2, 1, 1)].box == mm_box(115, 45, 170, 60)
    assert all(c.page == 1 for c in grid.cells)


def test_the_sample_is_read_through_the_reader_table(tmp_path: Path) -> None:
    """Sniffed by content (OFD.xml in the zip) and read by READERS["ofd"], whatever its name."""
    path = write_ofd(tmp_path / "form.zip", sample_parts())
    assert read_document(path) == read(path)


def test_a_corpus_ofd_gives_the_grid_of_the_pdf_it_was_written_from() -> None:
    """The same form's cells, spans, texts and boxes (in points) as its Word PDF."""
    files = Path(__file__).parents[2] / "corpus" / "files"
    ofd, pdf = read_document(files / "ofd" / "03.ofd"), read_document(files / "pdf-word" / "03.pdf")
    assert (ofd.method, ofd.pages) == ("ofd", pdf.pages)

    def grids(doc: Document) -> list[list[tuple[object, ...]]]:
        return [
            [(c.row, c.col, c.rowspan, c.colspan, c.text, c.page, c.box) for c in b.cells]
            for b in doc.blocks
            if isinstance(b, Grid)
        ]

    assert grids(ofd) == grids(pdf) and grids(ofd)


# ---------------------------------------------------------------- numbers, glyphs, paths


def test_delta_x_expands_the_g_shorthand() -> None:
    assert numbers("g 3 1.2 0.5 g 2 -1", "测试") == [1.2, 1.2, 1.2, 0.5, -1.0, -1.0]
    assert numbers("  ", "测试") == [] and numbers(None, "测试") == []
    assert numbers("1e1 .5 +2", "测试") == [10.0, 0.5, 2.0]


@pytest.mark.parametrize("bad", ["g", "g 2", "g x 1", "g -1 2", "1 nan", "inf", "1e400", "1,5", "0x10"])
def test_malformed_numbers_are_a_corrupt_file(bad: str) -> None:
    with pytest.raises(ReadError) as info:
        numbers(bad, "第 1 页")
    assert info.value.code == "FILE_CORRUPT" and "第 1 页" in info.value.message


_STEPS = st.lists(st.sampled_from(["3.175", "1.587", "0", "-2.5", "10", "4.233"]), max_size=40)


@given(_STEPS)
def test_the_generators_g_shorthand_reads_back(steps: list[str]) -> None:
    assert numbers(delta_x(steps), "测试") == [float(s) for s in steps]


@given(st.text(alphabet="g0123456789.-+eE xn", max_size=30))
def test_any_delta_x_text_is_numbers_or_a_read_error(text: str) -> None:
    try:
        values = numbers(text, "测试")
    except ReadError as e:
        assert e.code == "FILE_CORRUPT"
    else:
        assert all(isinstance(v, float) for v in values)


def test_glyphs_stand_at_x_plus_their_delta_x_steps() -> None:
    obj = element(
        f'<ofd:TextObject xmlns:ofd="{NS}" Boundary="10 20 50 10" Size="4">'
        '<ofd:TextCode X="1" Y="5" DeltaX="g 2 4 2">项目Ab</ofd:TextCode>'
        '<ofd:TextCode X="30">名</ofd:TextCode></ofd:TextObject>'
    )
    pieces = text_pieces(obj, "第 1 页")
    assert [p.text for p in pieces] == list("项目Ab名")
    # origins 11, 15, 19, 21 mm, then the second TextCode's own X, on the first one's baseline
    assert [round(p.x0 / PT_PER_MM, 3) for p in pieces] == [11, 15, 19, 21, 40]
    # a glyph is as wide as its step to the next one: no gap inside `Ab`
    assert round(pieces[2].x1 / PT_PER_MM, 3) == 21
    baseline = 25
    assert {round(p.top / PT_PER_MM, 3) for p in pieces} == {round(baseline - 0.88 * 4, 3)}
    assert {round(p.bottom / PT_PER_MM, 3) for p in pieces} == {round(baseline + 0.12 * 4, 3)}


def test_spaces_are_positioned_but_not_pieces() -> None:
    obj = element(
        f'<ofd:TextObject xmlns:ofd="{NS}" Boundary="0 0 50 10" Size="4">'
        '<ofd:TextCode X="0" Y="5" DeltaX="2 1 2">a bc</ofd:TextCode></ofd:TextObject>'
    )
    assert [(p.text, round(p.x0 / PT_PER_MM, 3)) for p in text_pieces(obj, "")] == [
        ("a", 0),
        ("b", 3),
        ("c", 5),
    ]


def test_a_ctm_scales_and_moves_glyphs_before_the_boundary_origin() -> None:
    # object space in points: x' = 0.5·x + 2, then + Boundary origin (10, 20) mm
    obj = element(
        f'<ofd:TextObject xmlns:ofd="{NS}" Boundary="10 20 40 10" CTM="0.5 0 0 0.5 2 0" Size="8">'
        '<ofd:TextCode X="4" Y="10" DeltaX="8">数据</ofd:TextCode></ofd:TextObject>'
    )
    first, second = text_pieces(obj, "")
    assert round(first.x0 / PT_PER_MM, 3) == 10 + 2 + 0.5 * 4
    assert round(second.x0 / PT_PER_MM, 3) == 10 + 2 + 0.5 * 12
    assert round(first.bottom / PT_PER_MM, 3) == round(20 + 0.5 * (10 + 0.12 * 8), 3)
    assert round((first.bottom - first.top) / PT_PER_MM, 3) == 0.5 * 8  # the size is scaled too


def test_a_rotating_ctm_boxes_the_turned_glyph() -> None:
    # a quarter turn: x' = -y, y' = x
    obj = element(
        f'<ofd:TextObject xmlns:ofd="{NS}" Boundary="50 50 10 10" CTM="0 1 -1 0 0 0" Size="4">'
        '<ofd:TextCode X="0" Y="0">竖</ofd:TextCode></ofd:TextObject>'
    )
    (piece,) = text_pieces(obj, "")
    box = tuple(round(v / PT_PER_MM, 3) for v in (piece.x0, piece.top, piece.x1, piece.bottom))
    assert box == (round(50 - 0.12 * 4, 3), 50, round(50 + 0.88 * 4, 3), 54)


def _data(path: str) -> str:
    return f"<ofd:AbbreviatedData>{path}</ofd:AbbreviatedData>"


def _path(attrs: str, data: str) -> list[Segment]:
    obj = element(f'<ofd:PathObject xmlns:ofd="{NS}" {attrs}>{_data(data)}</ofd:PathObject>')
    return [
        Segment(*(round(v / PT_PER_MM, 3) for v in (s.x0, s.y0, s.x1, s.y1))) for s in path_segments(obj, "")
    ]


def test_paths_are_relative_to_their_boundary_and_ctm() -> None:
    assert _path('Boundary="10 20 30 5"', "M 0 1 L 30 1") == [Segment(10, 21, 40, 21)]
    assert _path('Boundary="10 20 30 5" CTM="2 0 0 1 0 0"', "S 0 0 L 0 5") == [Segment(10, 20, 10, 25)]
    assert _path('Boundary="10 20 30 5" CTM="2 0 0 1 1 0"', "M 0 0 L 10 0") == [Segment(11, 20, 31, 20)]


def test_rectangles_and_curves() -> None:
    frame = _path('Boundary="0 0 40 20"', "M 0 0 L 40 0 L 40 20 L 0 20 C")
    assert sorted(frame, key=lambda s: (s.x0, s.y0, s.x1, s.y1)) == [
        Segment(0, 0, 0, 20),
        Segment(0, 0, 40, 0),
        Segment(0, 20, 40, 20),
        Segment(40, 0, 40, 20),
    ]
    # a filled area is a shaded cell, a thin filled rectangle a rule along its middle
    assert _path('Boundary="0 0 40 20" Stroke="false" Fill="true"', "M 0 0 L 40 0 L 40 20 L 0 20 C") == []
    assert _path('Boundary="0 0 40 1" Stroke="false" Fill="true"', "M 0 0 L 40 0 L 40 0.2 L 0 0.2 C") == [
        Segment(0, 0.1, 40, 0.1)
    ]
    assert _path('Boundary="0 0 40 20" Stroke="false"', "M 0 0 L 40 0") == []  # drawn neither way
    assert _path('Boundary="0 0 40 20"', "M 0 0 B 10 10 20 10 30 0") == []  # a curve is no rule
    assert _path('Boundary="0 0 40 20"', "M 0 0 L 10 10") == []  # nor is a slanted line


@pytest.mark.parametrize("data", ["M 0 0 L 1", "M 0 0 X 1 1", "L nan 1", "M 0 0 L 1 1e400e"])
def test_malformed_path_data_is_a_corrupt_file(data: str) -> None:
    with pytest.raises(ReadError) as info:
        _path('Boundary="0 0 40 20"', data)
    assert info.value.code == "FILE_CORRUPT" and "路径" in info.value.message


def test_locations_resolve_against_the_part_that_names_them() -> None:
    assert resolve("Doc_0/Document.xml", "Pages/Page_0/Content.xml") == "Doc_0/Pages/Page_0/Content.xml"
    assert resolve("Doc_0/Document.xml", "/Doc_0/Pages/P.xml") == "Doc_0/Pages/P.xml"
    assert resolve("OFD.xml", "Doc_0\\Document.xml") == "Doc_0/Document.xml"
    assert resolve("Doc_0/Pages/Page_0/Content.xml", "../../Res/a.png") == "Doc_0/Res/a.png"
    assert not resolve("OFD.xml", "../../etc/passwd").startswith("/")


def test_a_table_in_nested_page_blocks_is_found(tmp_path: Path) -> None:
    frame = (
        f'<ofd:PathObject Boundary="20 30 100 20">{_data("M 0 0 L 100 0 L 100 20 L 0 20 C")}</ofd:PathObject>'
    )
    rule = f'<ofd:PathObject Boundary="70 30 1 20">{_data("M 0 0 L 0 20")}</ofd:PathObject>'
    text = '<ofd:TextObject Boundary="72 35 20 10" Size="5"><ofd:TextCode X="0" Y="7">深处</ofd:TextCode>'
    text += "</ofd:TextObject>"
    body = frame + "<ofd:PageBlock>" * 3 + rule + "<ofd:PageBlock>" * 5 + text + "</ofd:PageBlock>" * 8
    (grid,) = read(with_page(tmp_path, body)).blocks
    assert isinstance(grid, Grid) and [c.text for c in grid.cells] == ["", "深处"]


def test_blocks_nested_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    depth = ofd_reader.MAX_DEPTH + 2
    error = refused(with_page(tmp_path, "<ofd:PageBlock>" * depth + "</ofd:PageBlock>" * depth))
    assert error.code == "FILE_CORRUPT" and "嵌套" in error.message


def test_a_page_states_its_own_size(tmp_path: Path) -> None:
    """A landscape page in a portrait document: its Area decides whether an image covers it."""
    image = '<ofd:ImageObject Boundary="0 0 297 210" CTM="297 0 0 210 0 0" ResourceID="9"/>'
    area = "<ofd:Area><ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox></ofd:Area>"
    pkg = ofd_reader._Package(
        zipfile.ZipFile(write_ofd(tmp_path / "a.ofd", sample_parts() | {PAGE: page_xml(image, area)}))
    )
    reader = ofd_reader._Reader(pkg, ReadOptions())
    (ref,) = reader._page_refs()
    page = reader._page(ref)
    assert page.box == (0, 0, 297, 210) and page.objects().image_share == pytest.approx(1.0)


# ---------------------------------------------------------------- scanned pages


def _png(width: int, height: int, colour: bool = False) -> bytes:
    from PIL import Image

    image = Image.new("RGB" if colour else "L", (width, height), "white")
    for x in range(0, width, 10):
        image.putpixel((x, height // 2), (0, 0, 0) if colour else 0)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def scanned_ofd(
    tmp_path: Path, image: bytes, name: str = "scan.ofd", text_page: bool = False, **kw: str
) -> Path:
    """A one-page OFD whose page is an A4 image (the sample's table as page 1 if text_page)."""
    fmt = kw.get("format", "PNG")
    res = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>'
        f'<ofd:MultiMedia ID="20" Type="Image" Format="{fmt}">'
        f"<ofd:MediaFile>scan_0.{fmt.lower()}</ofd:MediaFile>"
        "</ofd:MultiMedia></ofd:MultiMedias></ofd:Res>"
    ).encode()
    scan = page_xml('<ofd:ImageObject ID="21" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="20"/>')
    parts = sample_parts()
    document = parts["Doc_0/Document.xml"].decode()
    document = document.replace(
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>",
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>",
    )
    if text_page:
        first = '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
        document = document.replace(first, first + '<ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/>')
        parts["Doc_0/Pages/Page_1/Content.xml"] = scan
    else:
        parts[PAGE] = scan
    parts |= {
        "Doc_0/Document.xml": document.encode(),
        "Doc_0/DocumentRes.xml": res,
        f"Doc_0/Res/scan_0.{fmt.lower()}": image,
    }
    return write_ofd(tmp_path / name, parts)


A4_150 = (round(297 / 25.4 * 150), round(210 / 25.4 * 150))


def test_an_image_only_page_is_read_by_ocr_from_its_image(tmp_path: Path, ocr_calls: list[Any]) -> None:
    doc = read(scanned_ofd(tmp_path, _png(*reversed(A4_150))))
    assert ocr_calls == [(1, A4_150, 150)]  # the scan's own resolution, grey stays grey
    assert (doc.method, doc.dpi, doc.ocr_pages, doc.pages) == ("ofd-ocr", 150, [1], 1)


def test_the_page_image_is_the_embedded_image_where_it_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    monkeypatch.setattr(ofd_reader, "MAX_IMAGE_PIXELS", 10**9)
    png = _png(1240, 1754, colour=True)
    pkg = ofd_reader._Package(zipfile.ZipFile(scanned_ofd(tmp_path, png)))
    reader = ofd_reader._Reader(pkg, ReadOptions())
    (ref,) = reader._page_refs()
    pixels, dpi = reader._page_image(reader._page(ref), None)
    expected = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))[:, :, ::-1]
    assert dpi == 150 and pixels.shape == (*A4_150, 3) and pixels.shape == expected.shape
    assert np.array_equal(pixels, expected)


def test_a_text_page_beside_a_scanned_one_keeps_its_text(tmp_path: Path, ocr_calls: list[Any]) -> None:
    from extract.form_units import form_method
    from extract.locate import FormSpan

    doc = read(scanned_ofd(tmp_path, _png(*reversed(A4_150)), text_page=True))
    assert [c[0] for c in ocr_calls] == [2]
    assert (doc.method, doc.ocr_pages, doc.pages) == ("ofd-ocr", [2], 2)
    assert any(isinstance(b, Grid) and b.cells[0].text == "项目名称" for b in doc.blocks)
    span = FormSpan(text_pages={1})
    assert form_method(span, doc) == ("ofd", None)


def test_ocr_never_reads_no_image(tmp_path: Path, ocr_calls: list[Any]) -> None:
    doc = read(scanned_ofd(tmp_path, _png(*reversed(A4_150))), ocr="never")
    assert ocr_calls == [] and (doc.method, doc.blocks) == ("ofd", [])


@pytest.mark.parametrize("mode", ["auto", "always"])
def test_a_small_image_on_a_text_page_is_a_logo(tmp_path: Path, ocr_calls: list[Any], mode: str) -> None:
    """Even `always` reads a drawn page from its text: its page image would hold only the logo."""
    logo = '<ofd:ImageObject ID="30" Boundary="180 5 20 20" CTM="20 0 0 20 0 0" ResourceID="20"/>'
    parts = sample_parts()
    parts[PAGE] = parts[PAGE].replace(b"</ofd:Layer>", logo.encode() + b"</ofd:Layer>")
    doc = read(write_ofd(tmp_path / "logo.ofd", parts), ocr=mode)
    assert ocr_calls == [] and doc.method == "ofd" and any(isinstance(b, Grid) for b in doc.blocks)


def test_always_reads_a_scanned_page_with_a_good_text_layer_by_ocr(
    tmp_path: Path, ocr_calls: list[Any]
) -> None:
    path = scanned_ofd(tmp_path, _png(*reversed(A4_150)))
    parts = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    text = sample_parts()[PAGE].split(b"<ofd:Layer", 1)[1].split(b">", 1)[1].rsplit(b"</ofd:Layer>", 1)[0]
    parts[PAGE] = parts[PAGE].replace(b"</ofd:Layer>", text + b"</ofd:Layer>")  # a scanner's text layer
    searchable = write_ofd(tmp_path / "searchable.ofd", parts)
    assert read(searchable).method == "ofd" and ocr_calls == []  # its rulings are drawn: trusted
    assert read(searchable, ocr="always").method == "ofd-ocr" and [c[0] for c in ocr_calls] == [1]


def test_an_image_that_cannot_be_decoded_names_the_scanned_ofd(tmp_path: Path, ocr_calls: list[Any]) -> None:
    jbig2 = b"\x97JB2\r\n\x1a\n" + bytes(200)
    error = refused(scanned_ofd(tmp_path, jbig2, format="JB2"))
    assert error.code == "UNSUPPORTED_TYPE" and "扫描" in error.message and "PDF" in error.message


def test_an_image_bomb_is_refused_before_it_is_decoded(tmp_path: Path, ocr_calls: list[Any]) -> None:
    """A PNG whose header claims 30 000 × 30 000 pixels: refused from its header alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )
    error = refused(scanned_ofd(tmp_path, png))
    assert error.code == "TOO_LARGE" and "像素" in error.message and "解压炸弹" in error.message


def test_a_missing_image_resource_is_a_corrupt_file(tmp_path: Path, ocr_calls: list[Any]) -> None:
    path = scanned_ofd(tmp_path, _png(100, 100))
    parts = {
        n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist() if not n.endswith(".png")
    }
    error = refused(write_ofd(tmp_path / "noimage.ofd", parts))
    assert error.code == "FILE_CORRUPT" and "图像" in error.message


# ---------------------------------------------------------------- broken and hostile packages

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + f']><ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer><ofd:TextObject Boundary="0 0 1 1" Size="1">'
    "<ofd:TextCode X='0' Y='0'>&lol9;</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE ofd [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>&xxe;</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
)


@pytest.mark.parametrize(
    ("part", "data"),
    [
        (PAGE, BILLION_LAUGHS.encode()),
        ("OFD.xml", EXTERNAL_ENTITY.encode()),
        ("OFD.xml", EXTERNAL_ENTITY.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>').encode("utf-16")),
        (PAGE, b'<?xml version="1.0"?>\n<!doctype x SYSTEM "http://example.com/x.dtd"><x/>'),
    ],
    ids=["entity-expansion", "external-entity", "utf-16-external-entity", "external-dtd"],
)
def test_a_dtd_or_entity_is_refused_before_parsing(tmp_path: Path, part: str, data: bytes) -> None:
    error = refused(write_ofd(tmp_path / "evil.ofd", sample_parts() | {part: data}))
    assert error.code == "FILE_CORRUPT" and "DTD" in error.message and part in error.message


def _without(*names: str) -> dict[str, bytes]:
    return {n: d for n, d in sample_parts().items() if n not in names}


@pytest.mark.parametrize(
    ("parts", "needle"),
    [
        (_without("OFD.xml"), "OFD.xml"),
        (_without("Doc_0/Document.xml"), "Doc_0/Document.xml"),
        (_without(PAGE), "第 1 页"),
        (
            sample_parts() | {"OFD.xml": f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody/></ofd:OFD>'.encode()},
            "DocRoot",
        ),
        (
            sample_parts()
            | {"Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="{NS}"><ofd:Pages/></ofd:Document>'.encode()},
            "没有任何页面",
        ),
        (sample_parts() | {PAGE: b"<ofd:Page xmlns:ofd='x'><unclosed>"}, "XML"),
        (sample_parts() | {PAGE: page_xml('<ofd:TextObject Boundary="1 2 3" Size="4"/>')}, "矩形"),
        (
            sample_parts()
            | {
                PAGE: page_xml(
                    '<ofd:TextObject Boundary="1 2 3 4"><ofd:TextCode>x</ofd:TextCode></ofd:TextObject>'
                )
            },
            "字号",
        ),
        (sample_parts() | {PAGE: page_xml('<ofd:PathObject Boundary="0 0 1 1" CTM="1 0 0 1"/>')}, "CTM"),
        (sample_parts() | {PAGE: b"\xff\xfe\x00bad"}, "XML"),
        (sample_parts() | {PAGE: b'<?xml version="1.0" encoding="x-unknown"?><a/>'}, "编码"),
    ],
    ids=[
        "no-OFD.xml",
        "no-Document.xml",
        "no-page",
        "no-DocRoot",
        "no-pages",
        "bad-xml",
        "bad-boundary",
        "no-size",
        "bad-ctm",
        "bad-utf16",
        "unknown-encoding",
    ],
)
def test_a_broken_package_is_a_corrupt_file(tmp_path: Path, parts: dict[str, bytes], needle: str) -> None:
    error = refused(write_ofd(tmp_path / "broken.ofd", parts))
    assert error.code == "FILE_CORRUPT" and needle in error.message and "OFD" in error.message


def test_a_zip_bomb_is_refused_before_any_part_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "bomb.ofd"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in sample_parts().items():
            z.writestr(name, data)
        with z.open("Doc_0/Res/filler.xml", "w") as f:
            for _ in range(250):
                f.write(b" " * (1 << 20))
    error = refused(path)
    assert error.code == "TOO_LARGE" and "压缩炸弹" in error.message


def test_a_part_too_large_to_parse_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ofd_reader, "MAX_PART", 1000)
    error = refused(write_ofd(tmp_path / "big.ofd", sample_parts()))
    assert error.code == "TOO_LARGE" and PAGE in error.message


def test_an_encrypted_member_is_refused(tmp_path: Path) -> None:
    path = write_ofd(tmp_path / "locked.ofd", sample_parts())
    data = bytearray(path.read_bytes())
    # set the "encrypted" flag of every member in the local headers and the central directory
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + offset] |= 1
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    assert refused(path).code == "FILE_ENCRYPTED"


def test_a_damaged_zip_is_a_corrupt_file(tmp_path: Path) -> None:
    data = write_ofd(tmp_path / "ok.ofd", sample_parts()).read_bytes()
    (tmp_path / "cut.ofd").write_bytes(data[: len(data) // 2])
    assert refused(tmp_path / "cut.ofd").code == "FILE_CORRUPT"


def test_more_pages_than_allowed_are_refused_before_reading(tmp_path: Path) -> None:
    parts = sample_parts()
    refs = "".join(f'<ofd:Page ID="{i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(5))
    parts["Doc_0/Document.xml"] = parts["Doc_0/Document.xml"].replace(
        b'<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>', refs.encode()
    )
    error = refused(write_ofd(tmp_path / "pages.ofd", parts), max_pages=3)  # pages 1-4 do not even exist
    assert (error.code, error.pages) == ("TOO_LARGE", 5) and "5 页" in error.message
