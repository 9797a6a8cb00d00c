"""Data for the jnews NER: the Stockmark dev split, its train/held-out parts, Docs.

This is the one place that defines the split: ``train/train_ner.py`` and
``bench/eval_entities.py`` both import :func:`part_of`.

The Stockmark file is read from ``../shared/eval`` relative to the repository
root and is never copied into the repository.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO.parent / "shared" / "eval"
STOCKMARK_DEV = EVAL_DIR / "stockmark-ner-dev.jsonl"
SEED_GOLD = EVAL_DIR / "seeds.entities.jsonl"
CORPUS_DIR = REPO / "corpus"
MODEL_DIR = REPO / "pipeline" / "models" / "ner"

# Labels the model is trained on; ORG_OTHER (government bodies, parties, teams,
# groups ...) is learned so that it is *not* predicted as ORG, and dropped.
TRAIN_LABELS = ("ORG", "PERSON", "ORG_OTHER")
KEEP_LABELS = ("ORG", "PERSON")

HELDOUT_PERCENT = 20
_SPLIT_SALT = "jnews-ner-heldout:"


def curid(record_id: str) -> str:
    """``"1002476:e55d998e"`` -> ``"1002476"`` (the Wikipedia page id)."""
    return record_id.split(":", 1)[0]


def part_of(record_id: str) -> str:
    """``"heldout"`` or ``"train"``; all sentences of one page share a part.

    >>> part_of("1002476:e55d998e") == part_of("1002476:00000000")
    True
    """
    h = int(hashlib.sha1((_SPLIT_SALT + curid(record_id)).encode("utf-8")).hexdigest(), 16)
    return "heldout" if h % 100 < HELDOUT_PERCENT else "train"


def load_stockmark(path: Path = STOCKMARK_DEV) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def stockmark_parts(path: Path = STOCKMARK_DEV) -> dict[str, list[dict]]:
    parts: dict[str, list[dict]] = {"train": [], "heldout": []}
    for rec in load_stockmark(path):
        parts[part_of(rec["id"])].append(rec)
    return parts


def make_tokenizer_nlp():
    """The pipeline's tokenizer: spaCy's Japanese tokenizer, SudachiPy mode C."""
    import spacy

    return spacy.blank("ja", config={"nlp": {"tokenizer": {"split_mode": "C"}}})


def load_seed_docs() -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """[(doc_id, full text as read, [(start, end, label)] for ORG/PERSON)]."""
    out = []
    with open(SEED_GOLD, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = (CORPUS_DIR / f"{rec['doc_id']}.txt").read_text(encoding="utf-8")
            gold = [(e["start"], e["end"], e["label"]) for e in rec["entities"]
                    if e["label"] in KEEP_LABELS]
            for s, e, _ in gold:
                assert 0 <= s < e <= len(text)
            out.append((rec["doc_id"], text, gold))
    return out
