"""Speed and memory per input kind over the corpus: forms/s, s/page, peak RSS, and where the time
goes (read, locate + parse, normalize, score).

    python bench/bench.py [--kinds docx,pdf-word,...] [--repeat N] [--pdf-readers pdfium,pdfplumber]

Each kind runs in a fresh child process on one core so that its peak RSS is its own. The corpus
index is used only to group files by kind; the product never sees it. A kind may name a scan
resolution, `scan@150` or `scan@300` (the degradation's dpi), and `image:photo`,
`image:tiff`, `image:png` one sort of image input (phone photos, the multi-page TIFF, PNG scans).
"cpu s/page" is the process's CPU time: on a machine shared with other work it is steadier than
wall time; "cpu s/form" counts the CPU time of helper programs too. "child MB" is the peak RSS
of the largest helper program the kind started (LibreOffice, for `doc`, `wps`, `rtf`, `odt`,
`ods`), which "RSS MB", the Python process's own, does not include.
A PDF kind (pdf-word, pdf-excel, bundle, scan) runs once per PDF reader (`kind@pdfium`,
`kind@pdfplumber`: extract.pdf_reader), and beside it, in the same child process over the same
pages, pdfplumber's own `extract_tables()` (the baseline of issue 13: "tables/s" is forms per
CPU second of extract_tables alone, "×" how many times faster the whole pipeline per form is).
"cpu forms/s" is forms per CPU second of the process: on a loaded machine the wall clock counts
other programs' time, the CPU time does not. Both are steady-state measures: before the clock
starts, the kind's first file is read once (and, for extract_tables, its tables extracted once)
and thrown away, so that what a process pays once (importing pypdfium2, pdfplumber,
building caches of compiled tables) is not spread over the forms; every file measured is still
read whole, each time, from its bytes.
"read ms/file" is the CPU time of reading alone (extract.read); `docx` holds the 53-form bundle, so compare
single-form files with `--kinds docx-single,xlsx-single` (`-single`: files holding one form).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILES = ROOT / "corpus" / "files"


def _files_of(kind: str) -> list[Path]:
    index = json.loads((FILES / "index.json").read_text(encoding="utf-8"))
    kind, _, dpi = kind.partition("@")
    kind, _, sort = kind.partition(":")
    kind, single = kind.removesuffix("-single"), kind.endswith("-single")
    return [
        FILES / e["path"]
        for e in index
        if e["kind"] == kind
        and (not dpi or str(e.get("degradation", {}).get("dpi")) == dpi)
        and (not sort or e.get("image") == sort)
        and (not single or len(e["forms"]) == 1)
    ]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


PDF_KINDS = {"pdf-word", "pdf-excel", "bundle", "scan"}


def _extract_tables_cpu(files: list[Path], repeat: int) -> float:
    """CPU seconds of pdfplumber's extract_tables() over every page of the files, after a warm-up
    on the first file (as measure's)."""
    import pdfplumber

    for path in files[:1]:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
    cpu = time.process_time()
    for _ in range(repeat):
        for path in files:
            with pdfplumber.open(str(path)) as pdf:
                for page in pdf.pages:
                    page.extract_tables()
                    page.close()
    return time.process_time() - cpu


def measure(kind: str, repeat: int, reader: str = "pdfium") -> dict[str, object]:
    from extract.form_parser import parse_form
    from extract.locate import locate_forms
    from extract.read import read_document
    from model import RawForm
    from normalize.form import normalize_form
    from score.profile import load_profile
    from score.scorer import score_form

    profile = load_profile("default")
    files = _files_of(kind)
    if files:  # warm-up, not measured: the process's one-off costs
        doc = read_document(files[0], pdf_reader=reader)
        for span in locate_forms(doc):
            score_form(normalize_form(parse_form(span, RawForm(method=doc.method))), profile)
    stages = {"read": 0.0, "locate+parse": 0.0, "normalize": 0.0, "score": 0.0}
    forms = pages = 0
    read_cpu = 0.0
    cpu = time.process_time()
    helpers = _children_cpu()
    wall = time.perf_counter()
    for _ in range(repeat):
        for path in files:
            t0 = time.perf_counter()
            c0 = time.process_time()
            doc = read_document(path, pdf_reader=reader)
            read_cpu += time.process_time() - c0
            t1 = time.perf_counter()
            raws = [parse_form(span, RawForm(method=doc.method)) for span in locate_forms(doc)]
            t2 = time.perf_counter()
            normalized = [normalize_form(raw) for raw in raws]
            t3 = time.perf_counter()
            for form in normalized:
                score_form(form, profile)
            t4 = time.perf_counter()
            for name, dt in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                stages[name] += dt
            forms += len(raws)
            pages += doc.pages or 0
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    helpers = _children_cpu() - helpers
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    tables = _extract_tables_cpu(files, repeat) if kind.partition("@")[0] in PDF_KINDS else None
    return {
        "kind": f"{kind}@{reader}" if kind.partition("@")[0] in PDF_KINDS else kind,
        "cpu_forms_per_s": round(forms / cpu, 1) if cpu else None,
        "tables_forms_per_s": round(forms / tables, 1) if tables else None,
        "times": round(tables / cpu, 2) if tables and cpu else None,
        "files": len(files) * repeat,
        "forms": forms,
        "pages": pages,
        "seconds": round(wall, 3),
        "forms_per_s": round(forms / wall, 1) if wall else None,
        "s_per_page": round(wall / pages, 4) if pages else None,
        "cpu_s_per_page": round(cpu / pages, 4) if pages else None,
        "cpu_s_per_form": round((cpu + helpers) / forms, 4) if forms else None,
        "read_ms_per_file": round(1000 * read_cpu / (len(files) * repeat), 2) if files else None,
        "peak_rss_mb": round(rss_mb, 1),
        "child_rss_mb": round(child_mb, 1),
        "stage_share": {k: f"{100 * v / wall:.0f}%" for k, v in stages.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kinds",
        default="docx,xlsx,xls,pdf-word,pdf-excel,bundle,ofd,scan,ofd-scan,doc,image:photo,image:tiff,image:png",
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--pdf-readers", default="pdfium,pdfplumber")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--reader", default="pdfium", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeat, args.reader), ensure_ascii=False))
        return
    columns = ("kind", "files", "forms", "pages", "sec", "forms/s", "cpu forms/s", "tables/s", "×")
    columns += ("s/page", "cpu s/page", "cpu s/form", "read ms/file", "RSS MB", "child MB")
    widths = (20, 5, 5, 5, 7, 8, 11, 8, 5, 7, 10, 10, 12, 7, 8)
    print(
        " ".join(
            f"{c:<{w}}" if i == 0 else f"{c:>{w}}"
            for i, (c, w) in enumerate(zip(columns, widths, strict=True))
        )
        + "  time by stage"
    )
    runs = [
        (kind, reader)
        for kind in args.kinds.split(",")
        for reader in (args.pdf_readers.split(",") if kind.partition("@")[0] in PDF_KINDS else ["pdfium"])
    ]
    for kind, reader in runs:
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--repeat", str(args.repeat), "--reader", reader],
            check=True,
            capture_output=True,
            text=True,
            env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"} | dict(__import__("os").environ),
        )
        r = json.loads(out.stdout)
        stages = " ".join(f"{k} {v}" for k, v in r["stage_share"].items())
        print(
            f"{r['kind']:<20} {r['files']:>5} {r['forms']:>5} {r['pages']:>5} {r['seconds']:>7} "
            f"{r['forms_per_s']!s:>8} {r['cpu_forms_per_s']!s:>11} {r['tables_forms_per_s']!s:>8} "
            f"{r['times']!s:>5} {r['s_per_page']!s:>7} {r['cpu_s_per_page']!s:>10} "
            f"{r['cpu_s_per_form']!s:>10} {r['read_ms_per_file']!s:>12} {r['peak_rss_mb']:>7} "
            f"{r['child_rss_mb']:>8}  {stages}"
        )


if __name__ == "__main__":
    main()
