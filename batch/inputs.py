"""What a run reads: the files named on the command line and the files under named folders, each
with the name it is reported under and its SHA-256."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

INPUT_SUFFIXES = {".pdf", ".docx"}
# Files an auditor would expect to see accounted for although they cannot be read.
LISTED_SUFFIXES = {
    ".doc",
    ".xls",
    ".xlsx",
    ".wps",
    ".et",
    ".ofd",
    ".rtf",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
}


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str


def expand_inputs(inputs: Iterable[str]) -> Iterator[InputFile]:
    """Files as given, and the readable (or reportable) files under given folders, sorted."""
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    suffix = Path(name).suffix.lower()
                    if suffix in INPUT_SUFFIXES or suffix in LISTED_SUFFIXES:
                        found.append(Path(root) / name)
            for file in sorted(found):
                yield InputFile(file, display_path(os.path.join(given, os.path.relpath(file, path))))
        else:
            yield InputFile(path, display_path(given))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def display_path(path: str) -> str:
    """A path as text: names that are not valid UTF-8 (zip archives from Chinese Windows) are read
    as GB18030, so the manifest shows the name the sender saw."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        raw = os.fsencode(path)
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "backslashreplace")
