"""Loading the hand-verified truth files, and the few raw spellings the truth normalized away."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Truth = dict[str, Any]
"""One corpus/truth/NN.json as loaded: the shape is documented in corpus/README.md."""

CORPUS_DIR = Path(__file__).resolve().parent.parent
TRUTH_DIR = CORPUS_DIR / "truth"
FILES_DIR = CORPUS_DIR / "files"

FUNDS_ROWS: tuple[tuple[str, str], ...] = (
    ("total", "年度资金总额"),
    ("fiscal", "其中：当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)

# target_text is the one raw field where the truth fixes known vocabulary typos
# (docs/canonical.md, Targets). The rendered file must carry the typo as the real form did,
# so that the extractor's fix (and its LABEL_NORMALIZED finding) is exercised.
TYPO_SPELLINGS: dict[str, tuple[str, ...]] = {
    "优良中低差": ("优良种低差",),
}
# (truth id, indicator seq) -> target_text as written in the real form. Found by comparing
# the truth with the seed dump (find_typos() below does it; corpus/NOTES.md records them).
TARGET_TEXT_AS_WRITTEN: dict[tuple[str, int], str] = {
    ("20", 5): "优良种低差",  # seed line 612; NOTES.md, form 20
}


def load_truths(truth_dir: Path = TRUTH_DIR) -> list[Truth]:
    """All truth files, in seed order (their ids are the seed order, zero-padded)."""
    truths = []
    for path in sorted(truth_dir.glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            truths.append(json.load(fh))
    return truths


def rendered_target_text(truth: Truth, indicator: dict[str, Any]) -> str:
    """The 年度指标值 cell as the real form wrote it (typo included where there was one)."""
    override = TARGET_TEXT_AS_WRITTEN.get((truth["id"], int(indicator["seq"])))
    return override if override is not None else indicator["target_text"]


def find_typos(truths: list[Truth], seed_path: Path) -> dict[tuple[str, int], str]:
    """Indicators whose seed row spells a fixed target_text the old way.

    The seed's rows are tab-separated; a row belongs to an indicator when it holds the
    indicator's name_raw and lies between the form's seed_line and the next form's."""
    from normalize.text import clean_text  # the repo's own text rule; only needed here

    lines = seed_path.read_text(encoding="utf-8").splitlines()
    starts = [int(t["seed_line"]) for t in truths] + [len(lines) + 1]
    found: dict[tuple[str, int], str] = {}
    for truth, start, end in zip(truths, starts, starts[1:], strict=False):
        block = [clean_text(line.replace("\t", " | ")) for line in lines[start - 1 : end - 1]]
        for ind in truth["indicators"]:
            spellings = TYPO_SPELLINGS.get(ind["target_text"], ())
            for line in block:
                if ind["name_raw"] and ind["name_raw"] in line:
                    for spelling in spellings:
                        if spelling in line:
                            found[(truth["id"], int(ind["seq"]))] = spelling
    return found
