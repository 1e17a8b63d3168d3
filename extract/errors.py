"""The one exception a reader raises for a file it cannot read: a contract error code (manifest.csv
`error_code`) and a message an auditor can act on. Every reader module raises it; extract.read turns
anything else a reader's library throws into it."""

from __future__ import annotations

from model import ErrorCode


class ReadError(Exception):
    def __init__(self, code: ErrorCode, message: str, pages: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.pages = pages
