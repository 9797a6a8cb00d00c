"""Cost grows linearly with the corpus, and --jobs 2 uses both cores.

    python bench/scaling.py [--sizes 1,4,16] [--jobs-mb 4,16] [--ner]

Runs the full `jnews run --fast` (CSV writing included; --ner: the default
pipeline with the statistical NER instead) in a fresh subprocess on
corpora of 1, 4 and 16 MB and prints seconds per MB (flat within 15% is the
target) and peak RSS; then corpora of the --jobs-mb sizes with --jobs 1 and
--jobs 2 and the speedups.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build_corpus  # noqa: E402


def timed_run(corpus: Path, out: Path, jobs: int = 1,
              ner: bool = False) -> tuple[float, float, int]:
    """(seconds, peak RSS MB so far of any run or worker, rows in problems.csv) for
    `jnews run`: a fast run that drops articles would be no result."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out),
                           "--quiet", "--jobs", str(jobs), *([] if ner else ["--fast"])])
    if proc.returncode not in (0, 1):  # 1: it ran, with problems (counted below)
        raise SystemExit(f"jnews run failed with exit status {proc.returncode}")
    seconds = time.perf_counter() - t0
    with (out / "problems.csv").open(encoding="utf-8") as f:
        problems = sum(1 for _ in csv.reader(f)) - 1
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,4,16")
    ap.add_argument("--jobs-mb", default="4,16",
                    help="corpus sizes for --jobs 1 vs 2 (start-up is paid once: small ones gain less)")
    ap.add_argument("--ner", action="store_true", help="with the statistical NER (slow)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Start-up (imports, dictionary and model loading) is paid once per run, not per MB.
        tiny = tmp / "tiny"
        build_corpus(0.001, tiny)
        startup, _, _ = timed_run(tiny, tmp / "otiny", ner=args.ner)
        print(f"start-up (a one-article run): {startup:.1f} s\n")
        print("| corpus MB | articles | seconds | s per MB after start-up | vs smallest "
              "| peak RSS MB | problems |")
        print("|---|---|---|---|---|---|---|")
        first = None
        for mb in map(float, args.sizes.split(",")):
            corpus = tmp / f"c{mb}"
            paths = build_corpus(mb, corpus, seed=int(mb))
            real_mb = sum(p.stat().st_size for p in paths) / 1e6
            seconds, rss, problems = timed_run(corpus, tmp / f"o{mb}", ner=args.ner)
            per_mb = (seconds - startup) / real_mb
            first = first or per_mb
            print(f"| {real_mb:.1f} | {len(paths)} | {seconds:.1f} | {per_mb:.2f} | "
                  f"{per_mb / first:.2f} | {rss:.0f} | {problems} |")
        print("\n| corpus MB | --jobs 1 s | --jobs 2 s | speedup | outputs identical "
              "| problems |")
        print("|---|---|---|---|---|---|")
        for mb in map(float, args.jobs_mb.split(",")):
            corpus = tmp / f"jobs{mb}"
            build_corpus(mb, corpus, seed=99)
            one, _, problems_one = timed_run(corpus, tmp / "j1", jobs=1, ner=args.ner)
            two, _, problems_two = timed_run(corpus, tmp / "j2", jobs=2, ner=args.ner)
            same = all((tmp / "j1" / f).read_bytes() == (tmp / "j2" / f).read_bytes()
                       for f in ("entities.csv", "amounts.csv", "documents.csv"))
            print(f"| {mb:g} | {one:.1f} | {two:.1f} | {one / two:.2f}x | {same} "
                  f"| {problems_one}, {problems_two} |")


if __name__ == "__main__":
    main()
