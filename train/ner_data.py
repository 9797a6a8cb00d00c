"""Data for the jnews NER: the Stockmark dev split, its train/held-out parts, Docs.

This is the one place that defines the split: ``train/train_ner.py`` and
``bench/eval_entities.py`` both import :func:`fold_of` (through :func:`stockmark_parts`).

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

FOLDS = 5  # page-level folds of 20% each; fold 0 is "the held-out part" of the figures
_SPLIT_SALT = "jnews-ner-heldout:"


def curid(record_id: str) -> str:
    """``"1002476:e55d998e"`` -> ``"1002476"`` (the Wikipedia page id)."""
    return record_id.split(":", 1)[0]


def fold_of(record_id: str) -> int:
    """The fold (0 to FOLDS - 1) of a sentence; all sentences of one page share it.

    >>> fold_of("1002476:e55d998e") == fold_of("1002476:00000000")
    True
    """
    h = int(hashlib.sha1((_SPLIT_SALT + curid(record_id)).encode("utf-8")).hexdigest(), 16)
    return h % 100 * FOLDS // 100


def load_stockmark(path: Path = STOCKMARK_DEV) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def stockmark_parts(heldout_fold: int | None = 0, path: Path = STOCKMARK_DEV) -> dict[str, list[dict]]:
    """``{"train": [...], "heldout": [...]}``: the held-out part is one fold (fold 0,
    unless told), or nothing when ``heldout_fold`` is None (train on everything)."""
    parts: dict[str, list[dict]] = {"train": [], "heldout": []}
    for rec in load_stockmark(path):
        parts["heldout" if fold_of(rec["id"]) == heldout_fold else "train"].append(rec)
    return parts


def mention_replacement(records: list[dict], copies: int, seed: int = 0) -> list[dict]:
    """``copies`` new versions of each record with entities, each mention swapped for a
    random mention of the same label from ``records`` (Dai & Adel 2020, "An analysis
    of simple data augmentation for named entity recognition"): the model has to
    learn a name from its context, not from the names it has seen.

    >>> recs = [{"id": "1:a", "text": "Xは増資", "entities": [
    ...     {"start": 0, "end": 1, "label": "ORG", "text": "X"}]},
    ...     {"id": "2:b", "text": "ZZ社長", "entities": [
    ...     {"start": 0, "end": 2, "label": "PERSON", "text": "ZZ"}]},
    ...     {"id": "3:c", "text": "YYYが", "entities": [
    ...     {"start": 0, "end": 3, "label": "ORG", "text": "YYY"}]}]
    >>> [(r["text"], r["entities"][0]["end"]) for r in mention_replacement(recs, 1, seed=0)]
    [('YYYは増資', 3), ('ZZ社長', 2), ('Xが', 1)]
    """
    import random

    rng = random.Random(seed)
    pool: dict[str, list[str]] = {}
    for rec in records:
        for e in rec["entities"]:
            pool.setdefault(e["label"], []).append(e["text"])
    out = []
    for copy in range(copies):
        for rec in records:
            pieces, pos, ents = [], 0, []
            for e in rec["entities"]:  # sorted by start, not overlapping
                name = rng.choice(pool[e["label"]])
                pieces.append(rec["text"][pos:e["start"]])
                start = sum(map(len, pieces))
                pieces.append(name)
                ents.append({"start": start, "end": start + len(name), "label": e["label"],
                             "text": name})
                pos = e["end"]
            if ents:
                pieces.append(rec["text"][pos:])
                out.append({"id": f"{rec['id']}:mr{copy}", "text": "".join(pieces),
                            "entities": ents})
    return out


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
