"""Field accuracy of the variant corpus (corpus/variants/) per rendering and per layout, and how
many expected findings are raised, missed and raised falsely.

    python bench/accuracy_variants.py [--kinds docx,xlsx] [--failures]

Compares every field exactly as tests/test_corpus_variants.py does.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import Form  # noqa: E402
from tests.variants_truth import (  # noqa: E402
    VINDEX,
    field_checks,
    finding_keys,
    load_vtruth,
    processed_variant,
    rules_of,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", help="comma-separated renderings to run (docx, xlsx, pdf-word, pdf-excel)")
    parser.add_argument("--failures", action="store_true", help="list every wrong field and finding")
    args = parser.parse_args()
    kinds = set(args.kinds.split(",")) if args.kinds else None
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    finds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # true, missed, false
    failures: list[str] = []
    started = time.perf_counter()
    for entry in VINDEX:
        if kinds and entry["kind"] not in kinds:
            continue
        result = processed_variant(entry["path"], rules_of(entry))
        for k, ref in enumerate(entry["forms"]):
            truth = load_vtruth(ref["truth"])
            keys = ["all", f"kind {entry['kind']}", f"layout {entry['layout']}"]
            if k >= len(result.forms):
                n = len(field_checks(truth, Form()))
                for key in keys:
                    fields[key][1] += n
                failures.append(f"{entry['path']}#{k + 1}: form not found")
                continue
            form = result.forms[k]
            checks = field_checks(truth, form)
            want, got = finding_keys(form, truth)
            w, g = Counter(want), Counter(got)
            true, missed, false = sum((w & g).values()), sum((w - g).values()), sum((g - w).values())
            for key in keys:
                fields[key][0] += sum(c.ok for c in checks)
                fields[key][1] += len(checks)
                finds[key][0] += true
                finds[key][1] += missed
                finds[key][2] += false
            failures += [f"{entry['path']}#{k + 1} {c.line()}" for c in checks if not c.ok]
            failures += [f"{entry['path']}#{k + 1} finding missed {m}" for m in (w - g).elements()]
            failures += [f"{entry['path']}#{k + 1} finding false {m}" for m in (g - w).elements()]
    print(f"{'group':<28} {'right':>6} {'fields':>6} {'share':>8} {'findings true/missed/false':>28}")
    for key in sorted(fields, key=lambda x: (x != "all", x)):
        right, total = fields[key]
        t, m, f = finds[key]
        print(f"{key:<28} {right:>6} {total:>6} {100 * right / max(total, 1):>7.2f}% {t:>12}/{m}/{f}")
    print(f"{time.perf_counter() - started:.1f} s")
    if args.failures:
        print("\n".join(failures))


if __name__ == "__main__":
    main()
