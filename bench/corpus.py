"""A news-like Japanese corpus of any size, for the speed benchmarks.

Articles are assembled from the paragraphs of ``corpus/`` and the sentences of
``../shared/eval/stockmark-ner-dev.jsonl`` (Wikipedia sentences about people and
companies), shuffled with a fixed seed: every article is a different mix, so
no single article is repeated (caches and the vocabulary see varied text).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STOCKMARK = ROOT.parent / "shared" / "eval" / "stockmark-ner-dev.jsonl"


def _pieces() -> tuple[list[str], list[str]]:
    sentences = [json.loads(line)["text"] for line in STOCKMARK.open(encoding="utf-8")]
    paragraphs = [p for f in sorted((ROOT / "corpus").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n") if len(p) > 40]
    return sentences, paragraphs


def build_corpus(megabytes: float, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write articles totalling ``megabytes`` MB of UTF-8 into ``out_dir``; return their paths."""
    rng = random.Random(seed)
    sentences, paragraphs = _pieces()
    out_dir.mkdir(parents=True, exist_ok=True)
    target, size, paths = int(megabytes * 1_000_000), 0, []
    while size < target:
        body = []
        for _ in range(rng.randint(8, 20)):
            if rng.random() < 0.25:
                body.append(rng.choice(paragraphs))
            else:
                body.append("".join(rng.sample(sentences, rng.randint(2, 6))))
        text = f"---\ntitle: \"記事{len(paths)}\"\ndate: 2025-{rng.randint(1, 12):02d}-15\n---\n" \
            + "\n\n".join(body) + "\n"
        path = out_dir / f"a{len(paths):06d}.md"
        path.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
        paths.append(path)
    return paths
