"""The department bundle: every form in seed order in one Word document, each form starting a
new page (a new section, so landscape and portrait forms can follow each other)."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .docx_render import render_docx
from .grid import FormTable


def render_bundle(tables: list[FormTable]) -> DocxDocument:
    # Each form keeps the layout it has when rendered alone, so its page count in the bundle
    # can be checked against its own PDF (pages.locate_forms).
    return render_docx(tables)
