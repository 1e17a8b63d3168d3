"""Table-geometry tolerances in one settings object, as pdfplumber's TableSettings gathers its
table-finding defaults. The defaults are in PDF points; `at(dpi)` gives the same tolerances in
pixels of a page scanned at that resolution, so that every stage applies them in the unit of the
page it works on (a department bundle mixes both)."""

from __future__ import annotations

from dataclasses import dataclass, replace

POINTS_PER_INCH = 72


@dataclass(frozen=True)
class TableGeometry:
    join: float = 3.0
    """A table that resumes at the top of the next page has outer edges this close to the one
    that ran off the bottom of the page before."""
    column: float = 3.0
    """Column edges of the parts of one table closer than this are one edge."""
    wrap_pad: float = 3.0
    """A cell's inner padding: a line of text ending closer to the cell's right edge than this
    plus the width of the next line's first character ran out of room (a wrap)."""
    dpi: int | None = None
    """None: the values are points; else pixels at this resolution."""

    def at(self, dpi: int | None) -> TableGeometry:
        """The same tolerances for a page in pixels at `dpi` (None: points)."""
        if dpi == self.dpi:
            return self
        scale = (dpi or POINTS_PER_INCH) / (self.dpi or POINTS_PER_INCH)
        return replace(
            self, join=self.join * scale, column=self.column * scale, wrap_pad=self.wrap_pad * scale, dpi=dpi
        )


DEFAULT = TableGeometry()
