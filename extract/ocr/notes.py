"""The 填报注意事项 block: boilerplate instructions that every form prints and no field reads.

It is a third to a half of a page's text, so reading it would cost that share of the time. It
is read only as far as needed to know it is there: its heading line (which the parser uses
to end the indicator block) and, on a page it runs onto, the first line of its continuation
(which makes the form span that page). A continuation is the text at the top of a page whose
predecessor ended inside the block: lines before any table, or a table's first row when that
row is one cell as wide as the table. A line of larger type (the next form's title) ends the
block wherever it stands, and so does a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract import labels
from extract.ruling import Table, TableCell

TALLER = 1.3  # a line this many body line heights high is no line of the notes


@dataclass
class NotesState:
    """Carried from page to page of one document."""

    open: bool = False
    """The page read last ended inside the notes."""


def is_heading(text: str) -> bool:
    return labels.is_word("notes", text)


def continues_in(cell: TableCell, table: Table, first_table: bool, state: NotesState) -> bool:
    """Whether a cell at the top of a page is the notes running on from the page before."""
    return (
        state.open
        and first_table
        and cell.row == 0
        and cell.col == 0
        and cell.col + cell.colspan == len(table.xs) - 1
    )
