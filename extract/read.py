"""One entry point from a file to a Document, with every way a file can be unreadable turned into
a contract error code and a message an auditor can act on."""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.errors import ReadError
from extract.filetype import Kind, sniff
from extract.ocr.routing import OcrMode, check_mode
from extract.zipcheck import check_zip
from model import Document, ErrorCode

if TYPE_CHECKING:
    from extract.convert import Target

__all__ = ["READERS", "ReadError", "ReadOptions", "read_document"]


def pdf_page_count(path: Path) -> int | None:
    """Pages of a PDF from its page tree alone (pdfium, no content parsed); None when pdfium
    cannot open it, and the full reader reports why."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


_MAX_DOCX_MAIN_PART = 40 * 1024 * 1024
"""The XML tree of a document part takes about 20 times its size in memory: 40 MB (some 700
forms; a 53-form department bundle is 3 MB) stays under the default 1 GB per file."""


def _check_main_part(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        size = next((i.file_size for i in z.infolist() if i.filename == "word/document.xml"), 0)
    if size > _MAX_DOCX_MAIN_PART:
        raise ReadError(
            "TOO_LARGE",
            f"Word 文档正文达 {size >> 20} MB，超过 {_MAX_DOCX_MAIN_PART >> 20} MB 的上限"
            "（读入需要的内存约为其 20 倍）；请拆分为多个文件后重试。",
        )


def _read_docx(path: Path) -> Document:
    from extract.docx_reader import read_docx

    check_zip(path, "Word 文档")
    _check_main_part(path)
    try:
        return read_docx(path)
    except (KeyError, ValueError, zipfile.BadZipFile) as e:
        raise ReadError("FILE_CORRUPT", f"Word 文档结构损坏，无法读取（{type(e).__name__}）。") from e
    except Exception as e:
        if type(e).__name__ in ("PackageNotFoundError", "XMLSyntaxError"):
            raise ReadError("FILE_CORRUPT", f"Word 文档结构损坏，无法读取（{type(e).__name__}）。") from e
        raise


def _pdfium_error(e: Exception) -> ReadError:
    if "password" in str(e).lower():
        return ReadError("FILE_ENCRYPTED", "PDF 已加密，需要密码才能打开；请提供未加密的文件。")
    return ReadError("FILE_CORRUPT", f"PDF 文件已损坏或不完整，无法解析（{type(e).__name__}）。")


def _read_pdf(path: Path, ocr: OcrMode, reader: str = "pdfium") -> Document:
    import pypdfium2 as pdfium

    from extract.pdf_reader import read_pdf

    try:
        return read_pdf(path, ocr, reader)
    except pdfium.PdfiumError as e:
        raise _pdfium_error(e) from e
    except Exception as e:
        error = _reader_error(e)
        if error is None:
            raise
        raise error from e


def _reader_error(e: Exception) -> ReadError | None:
    """The ReadError a PDF reader's exception stands for; None for a defect of ours. pdfminer's
    exception types are imported here, once a file has failed, and the OCR engine's is looked
    up only if the engine was loaded (else none of its exceptions can have been raised), so
    that reading a text PDF with pdfium loads neither pdfminer nor OpenCV (a fifth of a second
    a process)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    engine = sys.modules.get("extract.ocr.engine")
    if engine is not None and isinstance(e, engine.OcrUnavailable):
        return ReadError("OCR_UNAVAILABLE", e.message)
    if isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ReadError("FILE_ENCRYPTED", "PDF 已加密，需要密码才能打开；请提供未加密的文件。")
    if isinstance(e, PdfminerException):
        cause = e.args[0] if e.args else e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            return ReadError("FILE_ENCRYPTED", "PDF 已加密，需要密码才能打开；请提供未加密的文件。")
        return ReadError("FILE_CORRUPT", f"PDF 文件已损坏或不完整，无法解析（{type(cause).__name__}）。")
    if isinstance(e, PDFSyntaxError):
        return ReadError("FILE_CORRUPT", f"PDF 文件已损坏或不完整，无法解析（{e}）。")
    # pdfminer reports a damaged file through many exception types of its own
    if type(e).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
        return ReadError("FILE_CORRUPT", f"PDF 文件已损坏或不完整，无法解析（{type(e).__name__}）。")
    return None


@dataclass(frozen=True)
class ReadOptions:
    """How a file is read, beside which file."""

    max_pages: int | None = None
    """A PDF or OFD with more pages is refused (TOO_LARGE) before any page is read."""
    ocr: OcrMode = "auto"
    """Which PDF and OFD pages are read by OCR (extract.pdf_reader.read_pdf, extract.ofd_reader)."""
    timeout: float | None = None
    """Seconds the file may take (the run's --timeout); a converter stops itself a little before,
    so that the file's TIMEOUT says what hung (extract.convert). None: the converter's default."""
    pdf_reader: str = "pdfium"
    """Which reader gives a PDF page's text layer (extract.pdf_reader.PDF_READERS)."""
    max_image_pixels: int = 200_000_000
    """An image frame with more pixels is refused (TOO_LARGE) from its header, before it is
    decoded (extract.image_reader): room for a 600-dpi A3 scan (70 million) and a phone's
    200-megapixel photo, though Pillow refuses one of over about 179 million on its own."""
    name: str = ""
    """The file's name as given, used only to label a converted file's method (`wps→docx`):
    what a file is, and so how it is read, is decided by its bytes."""


def _pdf(path: Path, options: ReadOptions) -> Document:
    pages = pdf_page_count(path) if options.max_pages else None
    if options.max_pages and pages and pages > options.max_pages:
        raise ReadError(
            "TOO_LARGE",
            f"PDF 共 {pages} 页，超过单个文件 {options.max_pages} 页的上限；"
            "请拆分后重试，或用 --max-pages 放宽上限。",
            pages=pages,
        )
    return _read_pdf(path, options.ocr, options.pdf_reader)


def _docx(path: Path, options: ReadOptions) -> Document:
    return _read_docx(path)


Reader = Callable[[Path, ReadOptions], Document]


def _converted(kind: Kind, target: Target) -> Reader:
    """Converted by LibreOffice into `target`, then read by that kind's own reader in READERS."""

    def read(path: Path, options: ReadOptions) -> Document:
        from extract.convert import read_converted

        return read_converted(path, options, kind, target, READERS)

    return read


def _lazy(target: str) -> Reader:
    """A reader imported on first use, so that one format's dependencies never slow another's."""
    module, function = target.split(":")

    def read(path: Path, options: ReadOptions) -> Document:
        reader: Reader = getattr(import_module(module), function)
        return reader(path, options)

    return read


READERS: dict[Kind, Reader] = {
    "pdf": _pdf,
    "docx": _docx,
    "ofd": _lazy("extract.ofd_reader:read_ofd"),
    "doc": _converted("doc", "docx"),  # Word 97–2003, and WPS 文字 .wps
    "rtf": _converted("rtf", "docx"),
    "odt": _converted("odt", "docx"),
    "ods": _converted("ods", "xlsx"),
    "xlsx": _lazy("extract.xlsx_reader:read_xlsx"),
    "xls": _lazy("extract.xls_reader:read_xls"),
    "image": _lazy("extract.image_reader:read_image"),  # JPEG, PNG, TIFF, BMP, WebP
}
"""Which reader reads each kind of file (extract.filetype.sniff). A new format is a reader module
and a row here."""

REFUSALS: dict[Kind, tuple[ErrorCode, str]] = {
    "empty": ("FILE_CORRUPT", "文件为空（0 字节）。"),
    "ole-encrypted": ("FILE_ENCRYPTED", "Office 文件已加密，需要密码才能打开；请提供未加密的文件。"),
    "ole-other": (
        "UNSUPPORTED_TYPE",
        "这是旧版 Office 文件，但不是文字或表格文档（如 PowerPoint），其中不会有自评表。",
    ),
    "archive": (
        "UNSUPPORTED_TYPE",
        "这是压缩包；请把压缩包本身作为输入交给 evalforms run，它会逐个读取其中的文件。",
    ),
    "tar": (
        "UNSUPPORTED_TYPE",
        "这是 tar 压缩包；请把压缩包本身作为输入交给 evalforms run，它会逐个读取其中的文件。",
    ),
    "7z": ("UNSUPPORTED_TYPE", "这是 7z 压缩包，evalforms 不能解开；请改用 zip 格式或解压后提交。"),
    "rar": ("UNSUPPORTED_TYPE", "这是 RAR 压缩包，evalforms 不能解开；请改用 zip 格式或解压后提交。"),
    "gzip": ("UNSUPPORTED_TYPE", "这是 gzip 压缩文件，请解压后提交。"),
}
"""Kinds that are known but hold no form to read, and why."""

_UNKNOWN = (
    "UNSUPPORTED_TYPE",
    "无法识别的文件类型：支持 PDF、Word（.docx/.doc/.wps）、Excel（.xlsx/.xls/.et）、图片与压缩包。",
)


def read_document(path: Path, max_pages: int | None = None, ocr: str = "auto", **options: Any) -> Document:
    """The file's forms' tables as a Document, whatever its format. Raises ReadError."""
    opts = ReadOptions(max_pages=max_pages, ocr=check_mode(ocr), **options)
    kind = sniff(path)
    reader = READERS.get(kind)
    if reader is None:
        code, message = REFUSALS.get(kind, _UNKNOWN)
        raise ReadError(code, message)
    return reader(path, opts)
