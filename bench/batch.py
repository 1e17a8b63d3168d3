"""A large batch, unattended: forms/s with --jobs 1 and --jobs 2, peak RSS of the run and of its
workers, and the time of incremental re-runs over the same folder (wall and CPU of each, and
their median: the first re-run after the first run, then re-runs of re-runs).

    python bench/batch.py [--forms 2000] [--jobs 1,2] [--reruns 3] [--keep DIR]
                          [--cluster local|tcp://host:8786]

The batch is built from the corpus's text PDFs and DOCX files, each copy made unique (a comment
appended after the PDF's end, a changed zip comment for DOCX) so that no two files share a hash.
Peak RSS is sampled as the batch grows so that a leak would show as a rising line.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "corpus" / "files"


def build_batch(folder: Path, forms: int) -> int:
    """Unique copies of the corpus files until `forms` forms; returns the number of files."""
    index = json.loads((FILES / "index.json").read_text(encoding="utf-8"))
    sources = [FILES / e["path"] for e in index if e["kind"] in {"docx", "pdf-word", "pdf-excel"}]
    sources = [s for s in sources if s.suffix in {".pdf", ".docx"} and "bundle" not in s.name]
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    while n < forms:
        src = sources[n % len(sources)]
        dst = folder / f"{n:05d}-{src.parent.name}-{src.name}"
        if src.suffix == ".pdf":
            dst.write_bytes(src.read_bytes() + f"\n%batch copy {n}\n".encode())
        else:
            shutil.copy(src, dst)
            with zipfile.ZipFile(dst, "a") as z:
                z.comment = f"batch copy {n}".encode()
        n += 1
    return n


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(batch: Path, out: Path, jobs: int, extra: list[str]) -> dict[str, float]:
    cmd = [sys.executable, "-c", "import cli; cli.main()", "run", str(batch), "--out", str(out)]
    cmd += ["--jobs", str(jobs), *extra]
    cpu = _cpu()
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "cpu": _cpu() - cpu, "children_max_rss_mb": usage.ru_maxrss / 1024}


def reruns(batch: Path, out: Path, jobs: int, extra: list[str], n: int) -> str:
    """n incremental re-runs into `out`: their median wall, then each one's wall/CPU."""
    runs = [timed_run(batch, out, jobs, extra) for _ in range(max(n, 1))]
    each = ", ".join(f"{r['seconds']:.1f}/{r['cpu']:.1f}" for r in runs)
    return (
        f"incremental re-run {statistics.median(r['seconds'] for r in runs):.1f} s "
        f"(median of {len(runs)}; wall/CPU s: {each})"
    )


def parent_rss_growth(batch: Path, out: Path) -> list[tuple[int, float]]:
    """The run's own RSS after every 250 files, in-process (workers are separate processes)."""
    sys.path.insert(0, str(ROOT))
    import pipeline

    samples: list[tuple[int, float]] = []

    def sample(entry: object, findings: int, done: int, total: int) -> None:
        if done % 250 == 0 or done == total:
            samples.append((done, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))

    pipeline.run([str(batch)], out, pipeline.Settings(jobs=2, force=True), on_file=sample)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=2000)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--reruns", type=int, default=3, help="incremental re-runs to time")
    parser.add_argument("--keep", type=Path, help="build the batch here and keep it")
    parser.add_argument("--cluster", help="also run on a Dask cluster (`local`: a 2-worker LocalCluster)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="evalforms-batch-"))
    batch = work / "batch"
    files = len(list(batch.iterdir())) if batch.exists() else build_batch(batch, args.forms)
    print(f"batch: {files} files, {args.forms} forms in {batch}")
    for jobs in (int(j) for j in args.jobs.split(",")):
        out = work / f"out-jobs{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        first = timed_run(batch, out, jobs, [])
        again = reruns(batch, out, jobs, [], args.reruns)
        print(
            f"--jobs {jobs}: {first['seconds']:.1f} s (CPU {first['cpu']:.1f} s), "
            f"{args.forms / first['seconds']:.1f} forms/s; {again}; "
            f"peak RSS of any process so far {first['children_max_rss_mb']:.0f} MB"
        )
    if args.cluster:
        out = work / "out-cluster"
        shutil.rmtree(out, ignore_errors=True)
        first = timed_run(batch, out, 2, ["--cluster", args.cluster])
        again = reruns(batch, out, 2, ["--cluster", args.cluster], args.reruns)
        print(
            f"--cluster {args.cluster} (2 workers): {first['seconds']:.1f} s, "
            f"{args.forms / first['seconds']:.1f} forms/s; {again}"
        )
    growth = parent_rss_growth(batch, work / "out-growth")
    print("run process RSS (MB) as files complete: " + ", ".join(f"{n}: {mb:.0f}" for n, mb in growth))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
