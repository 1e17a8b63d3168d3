"""Accuracy of the scanned corpus per degradation: fields equal to truth / all fields, and
which fields fail.

    python bench/accuracy_scan.py [--files word-01,excel-16] [--quiet]

Reads every scan of corpus/files/index.json (kind "scan") through the whole pipeline and
compares each field with the truth exactly as tests/test_corpus_scan.py does. Groups: the
scan's dpi, colour, whether a seal is stamped on it, JPEG quality, largest rotation, blur.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import InputFile, process_file  # noqa: E402
from tests.test_corpus_scan import FILES, SCANS, FieldResult, field_results  # noqa: E402


def groups(degradation: dict[str, Any]) -> list[str]:
    d = degradation
    return [
        f"dpi {d['dpi']}",
        d["colour"],
        "seal" if d["seal"] else "no seal",
        "jpeg 55-65" if d["jpeg_quality"] <= 65 else "jpeg 66-80",
        "angle <1°" if d["angle_max"] < 1 else "angle 1-2°",
        "blur <0.6" if d["blur"] < 0.6 else "blur 0.6-0.9",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", help="comma-separated parts of scan file names to run")
    parser.add_argument("--quiet", action="store_true", help="totals only, no failing fields")
    args = parser.parse_args()
    wanted = args.files.split(",") if args.files else None
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # right, all, critical wrong
    failures: list[FieldResult] = []
    started = time.perf_counter()
    for entry in SCANS:
        if wanted and not any(w in entry["path"] for w in wanted):
            continue
        result = process_file(InputFile(FILES / entry["path"], entry["path"]))
        results = field_results(entry, result)
        right = sum(r.ok for r in results)
        critical = sum(r.critical and not r.ok for r in results)
        for key in ["all", entry["path"], *groups(entry["degradation"])]:
            totals[key][0] += right
            totals[key][1] += len(results)
            totals[key][2] += critical
        failures += [r for r in results if not r.ok]
    print(f"{'group':<28} {'right':>6} {'fields':>6} {'share':>7} {'critical wrong':>15}")
    order = ["all", *sorted(k for k in totals if k != "all" and not k.startswith("scan/")), "-"]
    order += sorted(k for k in totals if k.startswith("scan/"))
    for key in order:
        if key == "-":
            print()
            continue
        right, n, critical = totals[key]
        print(f"{key:<28} {right:>6} {n:>6} {right / n:>7.2%} {critical:>15}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    if not args.quiet and failures:
        print("\nfailing fields:")
        for r in failures:
            print(("* " if r.critical else "  ") + str(r))


if __name__ == "__main__":
    main()
