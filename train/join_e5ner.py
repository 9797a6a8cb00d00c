"""Join e5 NER models trained with other seeds into one, whose members' tag
probabilities are averaged (``pipeline/e5_ner.py``): what ``train_e5ner.py --seeds
0 1`` makes in one run, from trainings that ran side by side, one per core.

The shipped model ``pipeline/models/e5ner/`` is made this way:

    python train/train_e5ner.py --seeds 0 --no-install --out /tmp/e5/s0 &
    python train/train_e5ner.py --seeds 1 --no-install --out /tmp/e5/s1; wait
    python train/join_e5ner.py /tmp/e5/s0 /tmp/e5/s1

Models join only when they are seeds of one recipe: the same held-out fold (else a
cross-validation would score sentences one member trained on), data, epochs and
learning rate.
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
# what may differ between seeds of one recipe
_PER_RUN = ("seeds", "train_seconds")


def training_record(model: Path) -> dict:
    meta = json.loads((Path(model) / "meta.json").read_text(encoding="utf-8"))
    if "jnews_training" not in meta:
        raise SystemExit(f"{model}: no training record in meta.json; not a model train_e5ner.py made")
    return meta["jnews_training"]


def join(models: list[Path], out: Path) -> list[int]:
    """Write the joined model to ``out``; returns its members' seeds."""
    records = [training_record(m) for m in models]
    recipe = {k: v for k, v in records[0].items() if k not in _PER_RUN}
    for model, record in zip(models[1:], records[1:]):
        differ = sorted(k for k in (recipe.keys() | record.keys()) - set(_PER_RUN)
                        if record.get(k) != recipe.get(k))
        if differ:
            raise SystemExit(f"{model}: trained otherwise than {models[0]} ({', '.join(differ)}); "
                             "only seeds of one recipe join")
    seeds = [s for r in records for s in r["seeds"]]
    if len(set(seeds)) < len(seeds):
        raise SystemExit(f"seed {max(seeds, key=seeds.count)} twice: the same model would count twice")
    nlp = load_ner(models)
    nlp.meta["jnews_training"] = {**recipe, "seeds": seeds,
                                  "train_seconds": round(sum(r["train_seconds"] for r in records), 1)}
    nlp.to_disk(out)
    return seeds


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", type=Path, nargs="+", help="model folders train_e5ner.py wrote")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "jnews-e5ner-joined")
    ap.add_argument("--no-install", action="store_true", help=f"leave {MODEL_DIR} alone")
    args = ap.parse_args(argv)
    seeds = join(args.models, args.out)
    print(f"joined seeds {seeds} -> {args.out}")
    if not args.no_install:
        install(args.out, MODEL_DIR)
        print(f"installed -> {MODEL_DIR}")


if __name__ == "__main__":
    main()
