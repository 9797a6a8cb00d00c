"""Score the statistical NER, and the entity stage around it, on exact ORG / PERSON spans.

The shipped models (``pipeline/models/e5ner``, the default, and
``pipeline/models/ner``, ``--ner cnn``) are trained on the whole Stockmark dev
split, so their Stockmark scores would be training scores: Stockmark is
scored with models trained with a fold held out (``train/train_e5ner.py
--heldout-fold K --no-install --out DIR``, then ``--model DIR``; or
``train/train_ner.py --heldout-fold K --no-install --work DIR``, then
``--model DIR/output/model-last``), and ``--cv`` pools the five folds.

    python bench/eval_entities.py --seeds         # the seed articles in corpus/ (full text as read)
    python bench/eval_entities.py --speed         # chars/s on one core
    python bench/eval_entities.py --seeds --errors 20 --model /tmp/other-model
    python bench/eval_entities.py --cv /tmp/e5-cv/f*                      # five folds, pooled
    python bench/eval_entities.py --cv /tmp/ner-cv/f*/output/model-last   # the CNN's five folds
    python bench/eval_entities.py --cv /tmp/ner-cv/f*s*/output/model-last # seeds of a fold vote
    python bench/eval_entities.py --stockmark --model M     # M's held-out fold, raw model
    python bench/eval_entities.py --pipeline default --model M   # the whole entity stage (or: fast)
    python bench/eval_entities.py --compare --model M   # jnews vs ja_ginza: same sentences, same run
    python bench/eval_entities.py --pipeline default --model M --guidelines  # see below

Scores are the *raw model's* (no rules, no document-level consistency) except
with ``--pipeline``, ``--compare`` and ``--cv``, which also run the rules.
A span counts when (start, end, label) equals a gold span exactly (character
offsets); ORG_OTHER predictions are dropped. ``--guidelines`` scores Stockmark
as GUIDELINES.md labels it: Stockmark's ORG spans that name a university or a
stock exchange (not ORG there), and predictions overlapping them, are left out.
``--cv`` scores each model, raw and inside the default pipeline, on the fold it
did not see, then sums the counts over the folds (with all five folds, every
sentence of the dev split is scored once, by a model that did not train on it);
the models of one fold (other seeds) vote, as the shipped ones do.
Gold spans that do not fall on SudachiPy token boundaries can never be found:
the "ceiling" line says how many there are. The folds are defined in
``train/ner_data.py`` (the training script uses the same function); gold files
are read from ``../shared/eval``, never copied.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

try:
    import train  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.evaluate import SpanScore  # noqa: E402
from pipeline.nlp import NER_MODEL  # noqa: E402
from train.ner_data import CORPUS_DIR, KEEP_LABELS, SEED_GOLD, load_seed_docs, stockmark_parts  # noqa: E402

SUDACHI_SAFE_BYTES = 40_000  # SudachiPy refuses inputs over 49,149 bytes

# GUIDELINES.md: "Universities, stock exchanges and indices are not ORG"; Stockmark
# labels universities and exchanges (法人名) ORG.
NOT_ORG_BY_GUIDELINES = re.compile(r"大学|大學|University|College|取引所|Stock Exchange")


def guidelines_view(gold: set, pred: set, text: str) -> tuple[set, set]:
    """``gold`` and ``pred`` without the gold ORG spans GUIDELINES.md does not count as
    ORG, nor any prediction overlapping one of them."""
    out = [(s, e) for s, e, label in gold
           if label == "ORG" and NOT_ORG_BY_GUIDELINES.search(text[s:e])]

    def kept(x) -> bool:
        return not any(x[0] < e and s < x[1] for s, e in out)

    return set(filter(kept, gold)), set(filter(kept, pred))


def load_model(path=NER_MODEL):
    import spacy

    return spacy.load(path)


def heldout_fold(model: Path) -> int | None:
    """The Stockmark fold ``model`` did not train on (None: it trained on all of them)."""
    meta = json.loads((Path(model) / "meta.json").read_text(encoding="utf-8"))
    if "jnews_training" not in meta:  # spaCy writes model-last at every checkpoint
        raise SystemExit(f"{model}: no training record in meta.json; not a model that "
                         "train/train_ner.py finished")
    return meta["jnews_training"].get("heldout_fold", 0)


def heldout_records(model: Path) -> list[dict]:
    """The Stockmark sentences ``model`` never saw; exits when there are none."""
    fold = heldout_fold(model)
    if fold is None:
        raise SystemExit(
            f"{model} was trained on every Stockmark fold, so it has no held-out part: score "
            "a model trained with train/train_ner.py --heldout-fold K --no-install (--model), "
            "or cross-validate (--cv); README, Entities")
    return stockmark_parts(fold)["heldout"]


def line_pieces(text: str):
    """(start, end) of each line (newline excluded); over-long lines are cut."""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = pos
        while body:
            cut = len(body)
            while len(body[:cut].encode("utf-8")) > SUDACHI_SAFE_BYTES:
                cut = cut * 3 // 4
            if body[:cut].strip():
                yield start, start + cut
            start += cut
            body = body[cut:]
        pos += len(line)


def predict_text(nlp, text: str) -> set[tuple[int, int, str]]:
    """Entities of a whole article, with offsets into ``text``."""
    pieces = list(line_pieces(text))
    out = set()
    for (start, _), doc in zip(pieces, nlp.pipe(text[s:e] for s, e in pieces)):
        out.update((start + e.start_char, start + e.end_char, e.label_)
                   for e in doc.ents if e.label_ in KEEP_LABELS)
    return out


def unreachable(nlp, text: str, gold) -> int:
    """Gold spans that do not start and end on token boundaries."""
    doc = nlp.make_doc(text)
    starts = {t.idx for t in doc}
    ends = {t.idx + len(t) for t in doc}
    return sum(1 for s, e, _ in gold if s not in starts or e not in ends)


class Score(SpanScore):
    """Exact and lenient counts of ORG / PERSON spans (:mod:`pipeline.evaluate`)."""

    def __init__(self, labels=KEEP_LABELS):
        super().__init__(tuple(labels))

    def report(self, title: str, errors: int = 0):
        print(f"\n## {title}\n{self.table()}")
        if errors:
            print(f"first {errors} errors:")
            for err in self.errors[:errors]:
                print("  ", *err)


def stockmark_spans(rec: dict, doc, guidelines: bool = False) -> tuple[set, set]:
    """(gold, predicted) ORG / PERSON spans of one Stockmark sentence and its Doc."""
    gold = {(e["start"], e["end"], e["label"]) for e in rec["entities"] if e["label"] in KEEP_LABELS}
    pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in KEEP_LABELS}
    return guidelines_view(gold, pred, rec["text"]) if guidelines else (gold, pred)


def score_stockmark(nlp, recs: list[dict], guidelines: bool = False) -> Score:
    """``nlp``'s ORG / PERSON spans against the gold of the Stockmark sentences ``recs``."""
    sc = Score()
    for rec, doc in zip(recs, nlp.pipe(r["text"] for r in recs)):
        sc.add(*stockmark_spans(rec, doc, guidelines), rec["text"], rec["id"])
    return sc


def eval_stockmark(nlp, recs, errors=0, guidelines=False):
    sc, bad = Score(), Counter()
    for rec, doc in zip(recs, nlp.pipe(r["text"] for r in recs)):
        gold, pred = stockmark_spans(rec, doc, guidelines)
        sc.add(gold, pred, rec["text"], rec["id"])
        bad.update(lab for s, e, lab in gold if doc.char_span(s, e) is None)
    view = ", GUIDELINES view" if guidelines else ""
    sc.report(f"Stockmark held-out part ({len(recs)} sentences, raw model, exact spans{view})",
              errors)
    print("ceiling: gold spans off token boundaries:", dict(bad) or "none")
    return sc


def eval_seeds(nlp, errors=0, analysis_text=False):
    """Run on the full text as read; with ``analysis_text`` on the pipeline's
    ``Article.analysis_text`` (markup, URLs and front-matter keys blanked to
    spaces, same offsets), which is what the pipeline feeds to spaCy."""
    sc, bad = Score(), Counter()
    docs = load_seed_docs()
    for doc_id, text, gold in docs:
        gold = set(gold)
        run_on = text
        if analysis_text:
            from pipeline.ingest import article_from_text

            run_on = article_from_text(text, doc_id=doc_id).analysis_text
            assert len(run_on) == len(text)
        sc.add(gold, predict_text(nlp, run_on), text, doc_id)
        bad[doc_id] = unreachable(nlp, text, gold)
    what = "analysis_text (markup blanked)" if analysis_text else "full text as read"
    sc.report(f"seed articles ({len(docs)} documents, {what}, raw model, exact spans)", errors)
    print("ceiling: gold spans off token boundaries:", dict(bad))
    return sc


def eval_speed(nlp, min_chars=300_000):
    texts = [r["text"] for r in stockmark_parts(0)["heldout"]]
    for _, text, _ in load_seed_docs():
        texts += [text[s:e] for s, e in line_pieces(text)]
    corpus, n = [], 0
    while n < min_chars:
        corpus += texts
        n += sum(map(len, texts))
    t0 = time.perf_counter()
    docs = [nlp.make_doc(t) for t in corpus]
    t1 = time.perf_counter()
    for _, pipe in nlp.pipeline:  # every model of the vote, the stashes and the vote
        docs = list(pipe.pipe(docs, batch_size=256)) if hasattr(pipe, "pipe") else [pipe(d) for d in docs]
    t2 = time.perf_counter()
    print(f"\n## speed (one thread, {n:,} chars in {len(corpus):,} texts)")
    print(f"tokenizer (spaCy ja, Sudachi mode C): {n / (t1 - t0):10,.0f} chars/s")
    print(f"NER only (on tokenized Docs):         {n / (t2 - t1):10,.0f} chars/s"
          f" ({', '.join(nlp.pipe_names)})")
    print(f"tokenizer + NER:                      {n / (t2 - t0):10,.0f} chars/s")


def eval_pipeline(mode: str, model: Path, errors=0, guidelines=False):
    """The whole entity stage as `jnews run` uses it (rules + model, or --fast rules only):
    on the Stockmark sentences ``model`` did not train on, with ``model`` as its NER; and
    on the seed articles, read from disk and run as the CLI runs them (with the shipped
    model), with the canonical names of matched seed mentions."""
    from pipeline.nlp import build_nlp

    if mode == "default" and heldout_fold(model) is None:
        print(f"{model} trained on every Stockmark fold: Stockmark skipped (--model, --cv)")
    else:
        nlp = build_nlp("ja", ner=mode == "default", ner_model=model)
        recs = heldout_records(model) if mode == "default" else stockmark_parts(0)["heldout"]
        sc = score_stockmark(nlp, recs, guidelines)
        view = ", GUIDELINES view" if guidelines else ""
        sc.report(f"pipeline ({mode}): Stockmark held-out part ({len(recs)} sentences{view})",
                  errors)

    eval_gold(SEED_GOLD, CORPUS_DIR, mode, errors)


def eval_gold(gold_path: Path, docs: Path | None = None, mode: str = "default", errors: int = 0):
    """The entity stage as `jnews run` runs it, scored on any ``<set>.entities.jsonl`` of
    GUIDELINES.md and the articles it annotates (``docs``: the folder holding
    ``<doc_id>.txt`` / ``.md`` / ``.html``, by default the gold file's): exact and lenient
    spans per label, error kinds, and canonical names over the mentions found exactly."""
    from pipeline.evaluate import bcubed, canonical_pairs, load_gold_entities
    from pipeline.extract import Options, extract_article
    from pipeline.ingest import ARTICLE_SUFFIXES, read_article

    folder = Path(docs or Path(gold_path).parent)
    files = {p.stem: p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES}
    gold = load_gold_entities(gold_path)
    missing = sorted(set(gold) - set(files))
    if missing:
        raise SystemExit(f"{gold_path}: no article in {folder} for {', '.join(missing)}")
    sc, pairs, same = Score(("ORG", "PERSON", "MONEY")), [], 0
    for doc_id, entities in gold.items():
        article = read_article(files[doc_id])
        result = extract_article(article, Options(fast=mode == "fast", ner="cnn" if mode == "cnn" else "e5"))
        pred = {(e.start, e.end, e.label): e.canonical for e in result.entities}
        sc.add({(e["start"], e["end"], e["label"]) for e in entities}, set(pred),
               article.text, doc_id)
        found = canonical_pairs(entities, pred, doc_id)
        pairs += found
        same += sum(g == p for g, p in found)
    sc.report(f"pipeline ({mode}): {gold_path} ({len(gold)} articles)", errors)
    precision, recall, f1 = bcubed(pairs)
    print(f"canonical names of the {len(pairs)} ORG / PERSON mentions found: B-cubed "
          f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f}; spelled as the gold's: {same}/{len(pairs)}"
          f" = {same / max(len(pairs), 1):.3f}")
    return sc


def cross_validate(models: list[Path], guidelines: bool = False, errors: int = 0):
    """Each fold's model(s) on the fold they did not train on; several models of one fold
    (other seeds) vote, as the shipped ones do (:func:`pipeline.ner.load_ner`)."""
    from pipeline.ner import load_ner
    from pipeline.nlp import build_nlp

    by_fold: dict[int, list[Path]] = {}
    for path in models:
        by_fold.setdefault(heldout_fold(path), []).append(path)
    if None in by_fold:
        heldout_records(by_fold[None][0])  # exits: trained on every fold
    pooled = {"raw": Score(), "pipeline": Score()}
    print("\n## cross-validation: each fold's model(s) on the Stockmark fold they did not train "
          f"on ({'/'.join(str(len(v)) for _, v in sorted(by_fold.items()))} per fold), F1")
    print("| fold | sentences | raw ORG | raw PERSON | pipeline ORG | pipeline PERSON |")
    print("|---|---|---|---|---|---|")
    for fold, paths in sorted(by_fold.items()):
        recs = heldout_records(paths[0])
        cells = []
        for name, nlp in (("raw", load_ner(paths)),
                          ("pipeline", build_nlp("ja", ner=True, ner_model=paths))):
            sc = score_stockmark(nlp, recs, guidelines)
            pooled[name].merge(sc)
            cells += [sc.prf(lab)[2] for lab in KEEP_LABELS]
        print(f"| {fold} | {len(recs)} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    view = ", GUIDELINES view" if guidelines else ""
    for name, sc in pooled.items():
        sc.report(f"{name}, folds {sorted(by_fold)} pooled{view}", errors)


# ja_ginza's ENE labels that count (the mapping of the entities issue and FINDINGS.md).
GINZA_LABELS = {"Person": "PERSON", "Company": "ORG", "Company_Group": "ORG",
                "Corporation_Other": "ORG"}


def compare(model: Path, errors=0):
    """One table: the jnews pipeline (default, with ``model`` as its NER, and --fast) and
    ja_ginza (optional extra "ginza", labels mapped) on the same sentences in one run:
    the Stockmark sentences ``model`` did not train on and the seed articles; with each
    one's speed (chars/s of the whole spaCy pipeline over those Stockmark sentences)."""
    import spacy

    from pipeline.ingest import article_from_text
    from pipeline.nlp import build_nlp

    ours = {label: label for label in KEEP_LABELS}
    recs = heldout_records(model)
    systems = [("jnews (default)", build_nlp("ja", ner=True, ner_model=model), ours),
               ("jnews --fast", build_nlp("ja", ner=False), ours)]
    try:
        systems.append(("ja_ginza 5.3.0", spacy.load("ja_ginza"), GINZA_LABELS))
    except OSError:
        print("ja_ginza is not installed (pip install -e '.[ginza]'): compared without it")
    seeds = load_seed_docs()
    chars = sum(len(r["text"]) for r in recs)
    rows = []
    for name, nlp, mapping in systems:
        sm = Score()
        t0 = time.perf_counter()
        docs = list(nlp.pipe(r["text"] for r in recs))
        seconds = time.perf_counter() - t0
        for rec, doc in zip(recs, docs):
            gold = {(e["start"], e["end"], e["label"]) for e in rec["entities"]
                    if e["label"] in KEEP_LABELS}
            sm.add(gold, {(e.start_char, e.end_char, mapping[e.label_]) for e in doc.ents
                          if e.label_ in mapping}, rec["text"], rec["id"])
        sd = Score()
        for doc_id, text, gold in seeds:
            # Each system reads what jnews reads: the article's chunks, markup blanked.
            article = article_from_text(text, doc_id=doc_id)
            pieces, pred = article.chunks(), set()
            for (start, _), doc in zip(pieces, nlp.pipe(article.analysis_text[s:e]
                                                        for s, e in pieces)):
                pred.update((start + e.start_char, start + e.end_char, mapping[e.label_])
                            for e in doc.ents if e.label_ in mapping)
            sd.add(set(gold), pred, text, doc_id)
        rows.append((name, sm, sd, chars / seconds))
        if errors:
            sm.report(f"{name}: Stockmark held-out part", errors)
    print(f"\n## jnews vs ja_ginza, one run: Stockmark held-out part ({len(recs)} sentences, "
          f"{chars:,} chars) and the seed articles; exact spans, F1")
    print("| system | Stockmark ORG | Stockmark PERSON | seeds ORG | seeds PERSON | chars/s |")
    print("|---|---|---|---|---|---|")
    for name, sm, sd, speed in rows:
        f1 = [s.prf(lab)[2] for s in (sm, sd) for lab in KEEP_LABELS]
        print(f"| {name} | {f1[0]:.3f} | {f1[1]:.3f} | {f1[2]:.3f} | {f1[3]:.3f} | {speed:,.0f} |")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stockmark", action="store_true",
                    help="the Stockmark fold the model did not train on (needs --model)")
    ap.add_argument("--seeds", action="store_true", help="seed articles")
    ap.add_argument("--speed", action="store_true", help="chars/s on one core")
    ap.add_argument("--analysis-text", action="store_true",
                    help="seeds: also score on the pipeline's analysis_text (markup blanked)")
    ap.add_argument("--pipeline", choices=("default", "fast", "cnn"),
                    help="score the whole entity stage of `jnews run` (rules + model, or "
                         "--fast rules only; with --gold also cnn: --ner cnn) instead of the raw model")
    ap.add_argument("--compare", action="store_true",
                    help="jnews (default, --fast) vs ja_ginza on the same sentences, with speed")
    ap.add_argument("--model", type=Path, default=NER_MODEL)
    ap.add_argument("--errors", type=int, default=0, help="list the first N errors")
    ap.add_argument("--guidelines", action="store_true",
                    help="Stockmark without the universities and exchanges it labels ORG "
                         "and GUIDELINES.md does not")
    ap.add_argument("--gold", type=Path, metavar="FILE",
                    help="score the pipeline (--pipeline, default: default) on any "
                         "<set>.entities.jsonl in GUIDELINES.md's format")
    ap.add_argument("--docs", type=Path, metavar="DIR",
                    help="--gold: the folder of the articles (default: the gold file's)")
    ap.add_argument("--cv", type=Path, nargs="+", metavar="MODEL",
                    help="cross-validation: models trained with --heldout-fold; several of one "
                         "fold (seeds) vote")
    args = ap.parse_args(argv)
    if args.pipeline == "cnn" and not args.gold:
        ap.error("--pipeline cnn goes with --gold (Stockmark: --pipeline default --model a CNN fold model)")
    if args.cv:
        cross_validate(args.cv, args.guidelines, args.errors)
        return
    if args.gold:
        eval_gold(args.gold, args.docs, args.pipeline or "default", args.errors)
        return
    if args.pipeline:
        eval_pipeline(args.pipeline, args.model, args.errors, args.guidelines)
        return
    if args.compare:
        compare(args.model, args.errors)
        return
    if not (args.stockmark or args.seeds or args.speed):  # all that applies to the model
        args.seeds = args.speed = True
        args.stockmark = heldout_fold(args.model) is not None
    nlp = load_model(args.model)
    print(f"model: {args.model} ({nlp.meta.get('name')} {nlp.meta.get('version')}), "
          f"labels {nlp.get_pipe(nlp.pipe_names[0]).labels}, keep {KEEP_LABELS}")
    if args.stockmark:
        eval_stockmark(nlp, heldout_records(args.model), args.errors, args.guidelines)
    if args.seeds:
        eval_seeds(nlp, args.errors)
        if args.analysis_text:
            eval_seeds(nlp, args.errors, analysis_text=True)
    if args.speed:
        eval_speed(nlp)


if __name__ == "__main__":
    main()
