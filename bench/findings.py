"""Findings against the hand-checked list, per finding code: how many were raised, how many of
them are true, and how many expected ones were missed, for every corpus rendering kind.

    python bench/findings.py [--kinds scan,bundle] [--jobs 2] [--rerender 200]

--rerender DPI first re-renders every page at that dpi and saves it as a colour JPEG PDF: the same
forms as other scanning software would write them (unseen by the OCR's tuning).

The expected findings of each truth form are tests/score/seed_findings.json plus
tests/expected_findings.json (DUPLICATE_FORM left out: it depends on which files share a run),
exactly as tests/test_corpus.py checks them for text kinds. A raised finding is true when the
expected list of its form holds its (seq, code). Warnings about our own reading (CELL_UNREAD,
LOW_CONFIDENCE) are reported apart: they accuse nobody.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from codes import reading_codes  # noqa: E402
from pipeline import InputFile, process_file  # noqa: E402
from tests.test_corpus import FILES, INDEX, _expected_findings  # noqa: E402

OWN_READING = reading_codes()
REVIEW = "【待核实】"


def rerendered(path: Path, dpi: int, into: Path) -> Path:
    """The scan as other software writes it: each page rendered at `dpi`, saved as a colour JPEG
    in a new PDF (a grey scan saved in colour, resampled and recompressed)."""
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(str(path))
    pages = [
        Image.fromarray(p.render(scale=dpi / 72, rev_byteorder=True).to_numpy()[:, :, :3].copy()) for p in pdf
    ]
    pdf.close()
    target = into / path.name
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi, quality=85)
    return target


def _findings(path: str, rerender: int | None = None) -> list[list[tuple[int | None, str, str]]]:
    source = FILES / path
    if rerender:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            result = process_file(InputFile(rerendered(source, rerender, Path(tmp)), path))
    else:
        result = process_file(InputFile(source, path))
    return [
        [
            (a.seq, a.code, a.severity + (", review" if a.message.startswith(REVIEW) else ""))
            for a in f.anomalies
        ]
        for f in result.forms
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default="scan", help="comma-separated index kinds (default: scan)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--rerender", type=int, help="first re-render each PDF's pages at this dpi as colour JPEG"
    )
    args = parser.parse_args()
    kinds = set(args.kinds.split(","))
    entries = [e for e in INDEX if e["kind"] in kinds]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(args.jobs, mp_context=ctx) as pool:
        found = dict(
            zip(
                (e["path"] for e in entries),
                pool.map(partial(_findings, rerender=args.rerender), [e["path"] for e in entries]),
                strict=True,
            )
        )
    raised: Counter[str] = Counter()
    true: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    own: Counter[str] = Counter()
    false_cases: list[str] = []
    for entry in entries:
        forms = found[entry["path"]]
        for k, ref in enumerate(entry["forms"]):
            expected = Counter(_expected_findings(ref["truth"]))
            got = forms[k] if k < len(forms) else []
            left = expected.copy()
            for seq, code, severity in got:
                if code == "DUPLICATE_FORM":
                    continue
                if code in OWN_READING:
                    own[code] += 1
                    continue
                raised[code] += 1
                if left[(seq, code)] > 0:
                    left[(seq, code)] -= 1
                    true[code] += 1
                else:
                    false_cases.append(f"{entry['path']} #{ref['truth']} seq {seq}: {code} ({severity})")
            for (_, code), n in left.items():
                missed[code] += n
    print(f"{'code':<34} {'raised':>6} {'true':>6} {'false':>6} {'missed':>6}")
    for code in sorted(set(raised) | set(missed)):
        print(
            f"{code:<34} {raised[code]:>6} {true[code]:>6} {raised[code] - true[code]:>6} {missed[code]:>6}"
        )
    total, right = sum(raised.values()), sum(true.values())
    print(f"{'all':<34} {total:>6} {right:>6} {total - right:>6} {sum(missed.values()):>6}")
    if total:
        print(f"precision {right / total:.3f}; recall {right / max(right + sum(missed.values()), 1):.3f}")
    for code, n in sorted(own.items()):
        print(f"own-reading warnings {code}: {n}")
    for case in false_cases:
        print("false:", case)


if __name__ == "__main__":
    main()
