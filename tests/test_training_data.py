"""The NER's training data: page-level folds of the Stockmark dev split, and the
mention-replaced copies ``train/train_ner.py --augment`` adds (read from ../shared)."""

from collections import defaultdict

from train.ner_data import FOLDS, curid, fold_of, load_stockmark, mention_replacement, stockmark_parts


def test_folds_split_pages_not_sentences():
    records = load_stockmark()
    folds_of_page = defaultdict(set)
    for rec in records:
        folds_of_page[curid(rec["id"])].add(fold_of(rec["id"]))
    assert all(len(folds) == 1 for folds in folds_of_page.values())
    sizes = [sum(fold_of(r["id"]) == k for r in records) for k in range(FOLDS)]
    assert all(len(records) / FOLDS * 0.8 < n < len(records) / FOLDS * 1.2 for n in sizes), sizes


def test_each_fold_is_held_out_once_and_none_trains_on_everything():
    records = load_stockmark()
    held = []
    for k in range(FOLDS):
        parts = stockmark_parts(k)
        assert len(parts["train"]) + len(parts["heldout"]) == len(records)
        assert {fold_of(r["id"]) for r in parts["heldout"]} == {k}
        held += [r["id"] for r in parts["heldout"]]
    assert sorted(held) == sorted(r["id"] for r in records)
    everything = stockmark_parts(None)
    assert everything["heldout"] == [] and len(everything["train"]) == len(records)


def test_mention_replacement_keeps_every_offset_right():
    train = stockmark_parts(0)["train"]
    copies = mention_replacement(train, 2, seed=5)
    assert len(copies) == 2 * sum(1 for r in train if r["entities"])
    for rec in copies:
        assert all(rec["text"][e["start"]:e["end"]] == e["text"] for e in rec["entities"])
    # the names move: most copies differ from their original sentence
    original = {r["id"]: r["text"] for r in train}
    changed = sum(rec["text"] != original[rec["id"].rsplit(":", 1)[0]] for rec in copies)
    assert changed > 0.8 * len(copies)
