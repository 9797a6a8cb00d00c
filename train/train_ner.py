"""Rebuild the shipped NER model ``pipeline/models/ner/`` from scratch.

The shipped model: the same recipe trained with three spaCy seeds (0, 1, 2),
saved as one spaCy pipeline in which they vote (``pipeline/ner.py``); static
vectors from the ja_ginza package, the project's optional extra "ginza";
about 6 minutes per seed on one core, one after another; trained on the whole
Stockmark dev split:

    . .venv/bin/activate
    pip install -e '.[ginza]'
    python train/train_ner.py --vectors ja_ginza
    python bench/eval_entities.py --seeds

Its Stockmark scores come from cross-validation: the same recipe with each of
the five folds of ``train/ner_data.py`` held out in turn (five runs of about 18
minutes; the loop runs them one after another, two in parallel halve that on
two cores), each fold's vote scored on the fold it did not see:

    for k in 0 1 2 3 4; do
        python train/train_ner.py --vectors ja_ginza --heldout-fold $k --no-install --work /tmp/ner-cv/f$k
    done
    python bench/eval_entities.py --cv /tmp/ner-cv/f*/output/model-last

With ``--seeds 0`` each fold is one model (a third of the time); the bench
also takes the seeds of a fold as separate models and lets them vote.

Other runs (with ``--heldout-fold K --no-install --work DIR`` to score them):

    python train/train_ner.py                  # no vectors: a smaller model, lower scores
    python train/train_ner.py --gen 0          # Stockmark only, no generated sentences
    python train/train_ner.py --augment 1      # plus a mention-replaced copy of Stockmark
    python train/train_ner.py --gen-v2         # generated data v2 (see below; not shipped)
    python train/train_ner.py --seeds 1        # one model, another seed (about ±0.01 F1)
    python train/train_ner.py --vectors DIR    # vectors from an unpacked ja_ginza wheel
    python train/train_ner.py --set components.ner.model.tok2vec.encode.window_size=1
    python train/train_ner.py --vectors ja_ginza --dict-features   # IPAdic's POS as a feature (not shipped)

Data: the Stockmark dev split ``../shared/eval/stockmark-ner-dev.jsonl`` but
the held-out fold, if any, plus ``--gen`` sentences from ``train/gen_news.py``.
The held-out fold is only used for spaCy's per-epoch log, never for choosing a
checkpoint: each model is the one after the last epoch. Labels ORG,
PERSON and ORG_OTHER are trained; ORG_OTHER is for the pipeline to drop.

Variants measured (README "Entities" has the tables): five-fold
cross-validation, raw model ORG / PERSON F1: encoder window 2 (shipped)
.662 / .812 against window 1 .638 / .816; without the generated sentences ORG
fell by .02 to .04 on the two folds tried, and the news seed articles lost
most names; a mention-replaced copy of Stockmark (``--augment 1``) lost .015 to
.02 ORG on two folds; with window 2, all 300 vector dimensions (``--vector-dims
300``, a 41 MB model) lost .013 to .018 ORG on two folds, and window 3 lost
.001 and .037 ORG on folds 0 and 1. On fold 0 alone, with window 1: 100-d vectors beat 64-d
(.623/.825 vs .608/.813 over two seeds); a hidden width of 128, the v2
generated data (``--gen-v2``: encyclopedia-style sentences, teams and armies as
ORG_OTHER, universities left unlabelled, label ``"-"``, marked missing here),
larger hash tables, more generated sentences, dropout 0.2, 300-d vectors and
20 epochs were no better.

Deterministic: the folds are a hash, the generated data has a fixed seed,
spaCy's training seed is fixed and everything runs on one thread (set below,
before numpy loads); two runs gave bit-identical weights.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
try:
    import train  # noqa: F401  (already importable, e.g. run from the repo root with -m)
except ImportError:
    sys.path.insert(0, str(HERE.parent))

from train import gen_news  # noqa: E402
from train.ner_data import FOLDS, MODEL_DIR, TRAIN_LABELS, make_tokenizer_nlp, mention_replacement, stockmark_parts  # noqa: E402

CONFIG = HERE / "ner.cfg"


def records_to_docbin(nlp, records, labels=TRAIN_LABELS, stats=None):
    """Tokenize with the pipeline's tokenizer and set the gold entities.

    A gold span that is not on token boundaries is not snapped (that would
    teach a wrong boundary): its tokens, widened to whole tokens, are marked
    *missing*, so they carry no loss either way."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=False)
    stats = stats if stats is not None else Counter()
    for rec, doc in zip(records, nlp.pipe(r["text"] for r in records)):
        spans, missing = [], []
        for e in sorted(rec["entities"], key=lambda e: (e["start"], -e["end"])):
            if e["label"] == "-":  # generated data: deliberately unlabelled, no loss either way
                wide = doc.char_span(e["start"], e["end"], alignment_mode="expand")
                if wide is not None:
                    missing.append(wide)
                    stats["unlabelled"] += 1
                continue
            if e["label"] not in labels:
                continue
            stats[f"gold {e['label']}"] += 1
            span = doc.char_span(e["start"], e["end"], label=e["label"])
            if span is None:
                stats[f"misaligned {e['label']}"] += 1
                wide = doc.char_span(e["start"], e["end"], alignment_mode="expand")
                if wide is not None:
                    missing.append(wide)
            elif spans and span.start < spans[-1].end:
                stats["overlapping"] += 1
            else:
                spans.append(span)
        taken = {i for s in spans for i in range(s.start, s.end)}
        missing = [m for m in missing if not taken.intersection(range(m.start, m.end))]
        merged = []
        for m in sorted(missing, key=lambda s: (s.start, s.end)):
            if merged and m.start < merged[-1].end:
                merged[-1] = doc[merged[-1].start:max(m.end, merged[-1].end)]
            else:
                merged.append(m)
        doc.set_ents(spans, missing=merged, default="outside")
        db.add(doc)
    return db


def build_corpora(work: Path, n_gen: int, gen_seed: int, gen_v2: bool = False,
                  ency_share: float = 0.4, heldout_fold: int | None = 0, augment: int = 0,
                  log=print):
    nlp = make_tokenizer_nlp()
    parts = stockmark_parts(heldout_fold)
    train = parts["train"] + mention_replacement(parts["train"], augment)
    # spaCy's per-epoch log needs a dev corpus: with no held-out fold, fold 0 (then
    # training data, so its logged scores mean nothing)
    heldout = parts["heldout"] or stockmark_parts(0)["heldout"]
    gen = gen_news.generate(n_gen, seed=gen_seed, v2=gen_v2, ency_share=ency_share) if n_gen else []
    stats_sm, stats_gen, stats_dev = Counter(), Counter(), Counter()
    t0 = time.time()
    db = records_to_docbin(nlp, train, stats=stats_sm)
    if gen:
        db.merge(records_to_docbin(nlp, gen, stats=stats_gen))
    db.to_disk(work / "train.spacy")
    records_to_docbin(nlp, heldout, stats=stats_dev).to_disk(work / "heldout.spacy")
    log(f"stockmark train part: {len(train)} sentences ({augment} mention-replaced copies) "
        f"{dict(sorted(stats_sm.items()))}")
    log(f"generated: {len(gen)} records {dict(sorted(stats_gen.items()))}")
    log(f"spaCy's per-epoch log scores {len(heldout)} sentences"
        + (" held out" if parts["heldout"] else " of fold 0, trained on too")
        + f" {dict(sorted(stats_dev.items()))}")
    log(f"corpora built in {time.time() - t0:.1f}s")
    return {"stockmark_train": len(train), "generated": len(gen), "heldout_fold": heldout_fold,
            "augment": augment, "stockmark_heldout": len(parts["heldout"]),
            "stats_train": dict(stats_sm), "stats_gen": dict(stats_gen)}


def find_vectors_source(spec: str) -> Path:
    """A folder holding spaCy ``vectors`` + ``key2row`` (a pipeline, its vocab/,
    or "ja_ginza": the installed ja_ginza package, i.e. ``pip install -e .[ginza]``)."""
    if spec == "ja_ginza":
        import ja_ginza  # noqa: F401  (optional extra "ginza")
        from spacy.util import get_package_path

        base = get_package_path("ja_ginza")
        found = sorted(base.glob("ja_ginza-*/vocab/vectors"))
        if not found:
            raise SystemExit(f"no vectors in {base}")
        return found[-1].parent
    path = Path(spec)
    for cand in (path, path / "vocab", *sorted(path.glob("*/vocab")), *sorted(path.glob("**/vocab"))):
        if (cand / "vectors").is_file() and (cand / "key2row").is_file():
            return cand
    raise SystemExit(f"no spaCy vectors under {spec}")


def build_vectors(source: Path, dims: int, work: Path, log=print) -> Path:
    """Reduce static vectors to ``dims`` dimensions (PCA), keyed by NORM (Sudachi's
    normalized form covers more tokens than the surface), and save them as a
    blank ja pipeline for ``[initialize] vectors``."""
    import numpy
    from spacy.vectors import Vectors

    src = Vectors(shape=(1, 1)).from_disk(source)
    data = numpy.asarray(src.data, dtype="float32")
    centered = data - data.mean(axis=0, keepdims=True)
    _, sing, vt = numpy.linalg.svd(centered, full_matrices=False)
    reduced = numpy.ascontiguousarray(centered @ vt[:dims].T, dtype="float32")
    kept = float((sing[:dims] ** 2).sum() / (sing ** 2).sum())
    vectors = Vectors(data=reduced, attr="NORM")
    for key, row in src.key2row.items():
        vectors.add(key, row=row)
    nlp = make_tokenizer_nlp()
    nlp.vocab.vectors = vectors
    out = work / f"vectors{dims}"
    nlp.to_disk(out)
    log(f"vectors: {source} {data.shape} -> {reduced.shape}, {len(vectors.key2row)} keys, "
        f"{kept:.0%} of the variance kept")
    return out


def install(model: Path, target: Path = MODEL_DIR):
    """Replace ``target`` so that it is always absent or a complete model:
    copy next to it, then two renames."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".ner-new-", dir=target.parent))
    old = None
    try:
        shutil.copytree(model, stage, dirs_exist_ok=True)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=".ner-old-", dir=target.parent))
            old.rmdir()
            target.rename(old)
        stage.rename(target)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
        if old is not None and old.exists():
            shutil.rmtree(old, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gen", type=int, default=2500, help="generated sentences (0: none)")
    ap.add_argument("--gen-seed", type=int, default=13)
    ap.add_argument("--gen-v2", action=argparse.BooleanOptionalAction, default=False,
                    help="generated data v2 (train/gen_news.py: encyclopedic sentences, more ORG shapes, "
                         "teams/armies as ORG_OTHER, universities unlabelled)")
    ap.add_argument("--ency-share", type=float, default=0.4,
                    help="v2: share of generated records that start with an encyclopedic sentence")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2],
                    help="spaCy training seeds: one model each, voting (pipeline/ner.py); "
                         "a single seed gives one model")
    ap.add_argument("--heldout-fold", default="none", choices=[*map(str, range(FOLDS)), "none"],
                    help="the Stockmark fold left out of training (train/ner_data.py), to score "
                         "the model on; none (the shipped model): train on the whole dev split")
    ap.add_argument("--augment", type=int, default=0,
                    help="mention-replaced copies of the Stockmark training sentences")
    ap.add_argument("--epochs", type=int, default=None, help="override training.max_epochs")
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="extra spaCy config override, e.g. components.ner.model.tok2vec.encode.width=96")
    ap.add_argument("--vectors", default=None,
                    help='static vectors to add: "ja_ginza" (the installed package) or a folder')
    ap.add_argument("--vector-dims", type=int, default=100, help="PCA size of the static vectors")
    ap.add_argument("--dict-features", action="store_true",
                    help="hash IPAdic's part of speech beside the other features (pipeline/ner_features.py; "
                         "measured on five folds and on news, not in the shipped model: README, Entities)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "jnews-ner-work")
    ap.add_argument("--no-install", action="store_true", help="leave pipeline/models/ner alone")
    args = ap.parse_args(argv)

    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    heldout_fold = None if args.heldout_fold == "none" else int(args.heldout_fold)
    info = build_corpora(work, args.gen, args.gen_seed, args.gen_v2, args.ency_share,
                         heldout_fold, args.augment)
    overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "heldout.spacy")}
    if args.vectors:
        overrides["paths.vectors"] = str(build_vectors(find_vectors_source(args.vectors),
                                                       args.vector_dims, work))
    if args.epochs is not None:
        overrides["training.max_epochs"] = args.epochs
    for kv in args.set:
        key, value = kv.split("=", 1)
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            pass
        overrides[key] = value
    config_path = args.config
    if args.vectors or args.dict_features:  # switch the hash embedding
        from spacy.util import load_config

        import pipeline.ner_features  # noqa: F401  (registers jnews.DictHashEmbed.v1)

        cfg = load_config(args.config, interpolate=False)

        def walk(node):
            if isinstance(node, dict):
                if node.get("@architectures") == "spacy.MultiHashEmbed.v2":
                    node["include_static_vectors"] = bool(args.vectors)
                    if args.dict_features:
                        node["@architectures"] = "jnews.DictHashEmbed.v1"
                        node["dict_rows"] = 1000
                for value in node.values():
                    walk(value)

        walk(cfg)
        config_path = work / "config-edited.cfg"
        cfg.to_disk(config_path)
    t0 = time.time()
    models = [train_one(config_path, work / (f"seed{seed}" if len(args.seeds) > 1 else ""),
                        {**overrides, "system.seed": seed}) for seed in args.seeds]
    train_s = time.time() - t0
    out = work / "output"
    if len(models) > 1:  # one pipeline in which the seeds vote
        from pipeline.ner import load_ner

        model = out / "model-last"
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        load_ner(models).to_disk(model)
    else:
        model = models[0]
    write_meta(model, args, info, overrides, heldout_fold, train_s)
    print(f"trained in {train_s:.0f}s -> {model}")
    if not args.no_install:
        install(model)
        print(f"installed -> {MODEL_DIR}")


def train_one(config_path: Path, work: Path, overrides: dict) -> Path:
    """spaCy's training in ``work/output``; the model after the last epoch, its config
    without this machine's paths."""
    from spacy.cli.train import train as spacy_train
    from spacy.util import load_config

    out = work / "output"
    if out.exists():
        shutil.rmtree(out)
    spacy_train(config_path, out, use_gpu=-1, overrides=overrides)
    model = out / "model-last"
    cfg = load_config(model / "config.cfg", interpolate=False)
    for key in ("train", "dev", "vectors"):
        cfg["paths"][key] = None
    cfg.to_disk(model / "config.cfg")
    return model


def write_meta(model: Path, args, info: dict, overrides: dict, heldout_fold, train_s: float):
    meta_path = model / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({
        "name": "jnews_ner",
        "version": "0.1.0",
        "description": "ORG / PERSON (and ORG_OTHER, to be dropped) NER for Japanese business news; "
                       "spaCy CNN (no torch), " + ("static vectors keyed by NORM" if args.vectors
                                                   else "no vectors")
                       + "; SudachiPy mode C tokens with the Sudachi POS tag"
                       + (" and IPAdic's" if args.dict_features else "") + " as a feature"
                       + (f"; {len(args.seeds)} seeds voting." if len(args.seeds) > 1 else "."),
        "license": "CC BY-SA 3.0",
        "author": "jnews",
        "sources": [{
            "name": "Wikipediaを用いた日本語の固有表現抽出データセット v2.0 (dev split"
                    + (", all of it)" if heldout_fold is None else f", all but fold {heldout_fold})"),
            "url": "https://github.com/stockmarkteam/ner-wikipedia-dataset",
            "author": "Stockmark Inc. and the contributors of Japanese Wikipedia",
            "license": "CC BY-SA 3.0",
        }, {"name": "generated news-like sentences (train/gen_news.py)", "author": "jnews"}] + ([{
            "name": "static word vectors from ja_ginza 5.3.0 (chiVe), reduced by PCA",
            "url": "https://github.com/WorksApplications/chiVe",
            "author": "Works Applications Enterprise Co., Ltd. (chiVe); Megagon Labs (ja_ginza)",
            "license": "Apache License 2.0 (chiVe); MIT (ja_ginza)",
        }] if args.vectors else []),
        "jnews_training": {**info, "train_seconds": round(train_s, 1), "overrides": overrides,
                           "seeds": args.seeds, "dict_features": args.dict_features,
                           "drop_labels": ["ORG_OTHER"]},
    })
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
