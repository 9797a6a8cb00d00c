"""Join e5 NER models trained apart into one, whose members' tag probabilities are
averaged (``pipeline/e5_ner.py``): what ``train_e5ner.py --seeds 0 1`` makes in one
run, from trainings that ran side by side, one per core, and with other learning
rates.

The shipped model ``pipeline/models/e5ner/`` is made this way (two recipes: members
that learned differently err differently, so their average gains more than two
seeds of one recipe; README, Entities):

    python train/train_e5ner.py --seeds 0 --no-install --out /tmp/e5/s0 &
    python train/train_e5ner.py --seeds 0 --lr 1.5e-4 --layer-decay 0.85 --no-install --out /tmp/e5/ld0; wait
    python train/join_e5ner.py /tmp/e5/s0 /tmp/e5/ld0

Models join only when they learned from the same data: the same held-out fold (else
a cross-validation would score sentences one member trained on), Stockmark
sentences, generated sentences and dropped labels.  The joined model's training
record keeps the data once and each member's own settings (epochs, learning rate,
seed ...) in ``members``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

try:
    import train  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.ner import load_ner  # noqa: E402
from pipeline.nlp import NER_MODELS  # noqa: E402
from train.train_ner import install  # noqa: E402

MODEL_DIR = NER_MODELS["e5"]
# what every member must have learned from
_DATA = ("heldout_fold", "stockmark_train", "generated", "drop_labels")


def training_record(model: Path) -> dict:
    meta = json.loads((Path(model) / "meta.json").read_text(encoding="utf-8"))
    if "jnews_training" not in meta:
        raise SystemExit(f"{model}: no training record in meta.json; not a model train_e5ner.py made")
    return meta["jnews_training"]


def _members(record: dict) -> list[dict]:
    """Each member's own settings: a joined model's ``members``, or one per seed."""
    if "members" in record:
        return record["members"]
    own = {k: v for k, v in record.items() if k not in _DATA and k != "seeds"}
    return [{**own, "seed": seed} for seed in record["seeds"]]


def join(models: list[Path], out: Path) -> list[dict]:
    """Write the joined model to ``out``; returns its members' settings."""
    records = [training_record(m) for m in models]
    data = {k: records[0].get(k) for k in _DATA}
    for model, record in zip(models[1:], records[1:]):
        differ = [k for k in _DATA if record.get(k) != data[k]]
        if differ:
            raise SystemExit(f"{model}: learned from other data than {models[0]} ({', '.join(differ)}); "
                             "only models of the same data join")
    members = [m for r in records for m in _members(r)]
    settings = [json.dumps({k: v for k, v in m.items() if k != "train_seconds"}, sort_keys=True) for m in members]
    if len(set(settings)) < len(settings):
        raise SystemExit("a member twice (the same settings and seed): the same model would count twice")
    nlp = load_ner(models)
    nlp.meta["jnews_training"] = {**data, "members": members}
    nlp.to_disk(out)
    return members


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", type=Path, nargs="+", help="model folders train_e5ner.py wrote")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "jnews-e5ner-joined")
    ap.add_argument("--no-install", action="store_true", help=f"leave {MODEL_DIR} alone")
    args = ap.parse_args(argv)
    members = join(args.models, args.out)
    print(f"joined {len(members)} members -> {args.out}")
    if not args.no_install:
        install(args.out, MODEL_DIR)
        print(f"installed -> {MODEL_DIR}")


if __name__ == "__main__":
    main()
