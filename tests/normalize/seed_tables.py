"""The hand-read tables of tests/normalize/data/: every distinct cell string of the seed and its
canonical value(s). Fields are "|"-separated; "#" lines are comments."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_4a328df02db551d3.txt"


def rows(name: str, n_fields: int) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = tuple(line.split("|"))
        assert len(fields) == n_fields, f"{name}: {line!r} has {len(fields)} fields, not {n_fields}"
        out.append(fields)
    return out
