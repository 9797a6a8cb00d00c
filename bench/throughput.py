"""Throughput on one core: bare SudachiPy, spaCy's blank Japanese, the jnews pipeline, ja_ginza.

    python bench/throughput.py [--mb 20] [--sample-chars 300000] [--ginza-chars 60000]

Each measurement runs in a fresh subprocess pinned to one CPU core, so its
peak RSS is its own; speeds are chars/s and, because these machines are
noisy, each is also given as a ratio to bare SudachiPy measured in the same run:
  (a) bare SudachiPy tokenization (mode C) of the same text: the floor;
  (b) spacy.blank("ja") (spaCy's own Japanese tokenizer, mode C);
  (c) the full jnews pipeline, --fast (rules, no statistical NER), no writing;
  (d) the same with CSV writing (`jnews run --fast`);
  (c') the default pipeline (with the statistical NER, e5), no writing, on a sample;
  (c'') the same with ``--ner cnn`` (the spaCy CNNs), on a sample;
  (e) ja_ginza (optional extra `jnews[ginza]`) on a sample of the text.
Stages run minutes apart, and the machine's speed drifts between them; (c) and
(c') are therefore also timed *paired*: bare SudachiPy on each block of 20
articles right before the pipeline on the same block, in one process, and that
ratio is printed too.  Every jnews stage counts its problems (a fast run that
drops articles is no result).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build_corpus  # noqa: E402

STAGES = ("sudachi", "spacy_blank", "jnews_fast", "jnews_fast_write", "jnews_ner", "jnews_cnn", "ginza")
NER_STAGES = {"jnews_ner": "e5", "jnews_cnn": "cnn"}


def _texts(corpus: Path, limit_chars: int | None = None) -> list[str]:
    from pipeline.ingest import read_article
    texts, total = [], 0
    for p in sorted(corpus.iterdir()):
        for start, end in (article := read_article(p)).chunks():
            texts.append(article.text[start:end])
            total += end - start
        if limit_chars and total >= limit_chars:
            break
    return texts


PAIRED_BLOCK = 20  # articles


def _sudachi():
    """Bare SudachiPy, split mode C, on sudachidict-core, with every field loaded.

    The dictionary is the pipeline's own (mapping the 200 MB file a second time
    would count twice in a process's RSS).
    """
    from pipeline.tokenize import sudachi_dictionary
    return sudachi_dictionary().create(mode="C")


def measure(stage: str, corpus: Path, sample_chars: int, ginza_chars: int) -> dict:
    """Run one stage in this process; returns chars, seconds."""
    from pipeline.extract import Options
    if stage == "jnews_fast_write":
        from pipeline.run import run
        chars = sum(len(t) for t in _texts(corpus))
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            summary = run([corpus], out, Options(fast=True))
            return {"chars": chars, "seconds": time.perf_counter() - t0,
                    "problems": len(summary.problems)}
    if stage == "jnews_fast" or stage in NER_STAGES:
        from pipeline.extract import extract_article
        from pipeline.ingest import read_article
        options = Options(fast=stage == "jnews_fast", ner=NER_STAGES.get(stage, "e5"))
        paths = sorted(corpus.iterdir())
        extract_article(read_article(paths[0]), options)  # load the pipeline before timing
        sudachi = _sudachi()
        # Paired: bare SudachiPy on a block of articles right before the pipeline on the
        # same block, so a drift in the machine's speed slows both alike.  (Blocks, not
        # single articles: Sudachi run between two pipeline calls finds its caches cold.)
        seconds = bare = 0.0
        chars = problems = 0
        for i in range(0, len(paths), PAIRED_BLOCK):
            articles = [read_article(p) for p in paths[i:i + PAIRED_BLOCK]]
            t0 = time.perf_counter()
            for article in articles:
                for start, end in article.chunks():
                    sudachi.tokenize(article.text[start:end])
            t1 = time.perf_counter()
            for article in articles:
                problems += len(extract_article(article, options).problems)
            bare += t1 - t0
            seconds += time.perf_counter() - t1
            chars += sum(len(a.text) for a in articles)
            if stage in NER_STAGES and chars >= sample_chars:
                break
        return {"chars": chars, "seconds": seconds, "paired_sudachi_seconds": bare,
                "problems": problems}
    texts = _texts(corpus, ginza_chars if stage == "ginza" else None)
    if stage == "sudachi":
        run_one = _sudachi().tokenize
    else:
        import spacy
        nlp = spacy.load("ja_ginza") if stage == "ginza" else spacy.blank(
            "ja", config={"nlp": {"tokenizer": {"split_mode": "C"}}})
        run_one = nlp
    t0 = time.perf_counter()
    for t in texts:
        run_one(t)
    return {"chars": sum(map(len, texts)), "seconds": time.perf_counter() - t0}


def _child(stage: str, corpus: Path, sample_chars: int, ginza_chars: int) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", stage, "--corpus", str(corpus),
         "--sample-chars", str(sample_chars), "--ginza-chars", str(ginza_chars)],
        capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--sample-chars", type=int, default=300_000,
                    help="chars for the default pipeline with the statistical NER")
    ap.add_argument("--ginza-chars", type=int, default=60_000)
    ap.add_argument("--stages", default=",".join(STAGES))
    ap.add_argument("--child")
    ap.add_argument("--corpus", type=Path)
    args = ap.parse_args()
    if args.child:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
        result = measure(args.child, args.corpus, args.sample_chars, args.ginza_chars)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths = build_corpus(args.mb, corpus)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"corpus: {len(paths)} articles, {mb:.1f} MB\n")
        rows = {s: _child(s, corpus, args.sample_chars, args.ginza_chars)
                for s in args.stages.split(",")}
    base = rows.get("sudachi", {})
    base_speed = base["chars"] / base["seconds"] if "seconds" in base else None
    print("| stage | chars | chars/s | ratio to bare SudachiPy | peak RSS MB | problems |")
    print("|---|---|---|---|---|---|")
    for stage, r in rows.items():
        if "error" in r:
            print(f"| {stage} | - | - | - | - | error: {r['error']} |")
            continue
        speed = r["chars"] / r["seconds"]
        ratio = f"{speed / base_speed:.3f}" if base_speed else "-"
        print(f"| {stage} | {r['chars']:,} | {speed:,.0f} | {ratio} | {r['peak_rss_mb']:.0f} "
              f"| {r.get('problems', '-')} |")
    for stage in ("jnews_fast", *NER_STAGES):
        r = rows.get(stage, {})
        if "paired_sudachi_seconds" in r:
            print(f"\n{stage}, paired with bare SudachiPy block by block in one process: "
                  f"{r['paired_sudachi_seconds'] / r['seconds']:.3f} of its speed", end="")
    print()
    if "seconds" in rows.get("ginza", {}):
        ginza = rows["ginza"]["chars"] / rows["ginza"]["seconds"]
        for stage in ("jnews_fast", *NER_STAGES):
            if "seconds" in rows.get(stage, {}):
                print(f"\n{stage} / ja_ginza: "
                      f"{rows[stage]['chars'] / rows[stage]['seconds'] / ginza:.1f}x", end="")
        print()


if __name__ == "__main__":
    main()
