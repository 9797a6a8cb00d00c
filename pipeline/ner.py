"""ner: the spaCy CNN NER (``--ner cnn``), one trained model or a majority vote of several.

(The default NER is :mod:`pipeline.e5_ner`; :func:`load_ner` loads either kind.)

Models trained by ``train/train_ner.py`` with different seeds disagree on a fair
share of spans, and each seed's errors are its own: a span that two of three
agree on is right more often than any one model's (five-fold cross-validation
in the README, Entities).  spaCy's ``ner`` writes ``doc.ents`` and respects the
entities already there, so each model runs on a clean slate:

``ner`` → ``jnews_ner_stash`` → ``ner_1`` → ``jnews_ner_stash`` → … → ``jnews_ner_vote``

The stash moves the model's entities to ``doc.spans[key]``; the vote puts the
spans at least ``min_votes`` models found (same start, end and label) back in
``doc.ents`` and drops the span groups; a company span IPAdic reads as an
organization's name counts one vote more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import ner_features  # noqa: F401  (registers the architecture a --dict-features model uses)
from .org_dictionary import ipadic_words, is_organization
from .schema import ORG
from .tokenize import doc_text

STASH_PREFIX = "jnews_ner_"
E5_NAME = "jnews_e5_ner"


@Language.factory("jnews_ner_stash", default_config={"key": "jnews_ner_0"})
def make_stash(nlp: Language, name: str, key: str):
    """Moves ``doc.ents`` to ``doc.spans[key]``, so that the next model starts clean."""
    def stash(doc: Doc) -> Doc:
        doc.spans[key] = list(doc.ents)
        doc.ents = []
        return doc
    return stash


@Language.factory("jnews_ner_vote", default_config={"keys": [], "min_votes": 2, "dictionary_vote": True})
def make_vote(nlp: Language, name: str, keys: list[str], min_votes: int, dictionary_vote: bool):
    """``doc.ents``: the spans at least ``min_votes`` of the stashed models agree on.
    ``dictionary_vote``: IPAdic votes too, for a company span it reads as organization
    words and fewer models found (:mod:`pipeline.org_dictionary`)."""
    def vote(doc: Doc) -> Doc:
        counts = Counter((s.start, s.end, s.label_) for key in keys for s in doc.spans.get(key, ()))
        for key in keys:
            doc.spans.pop(key, None)
        short = [k for k, n in counts.items() if k[2] == ORG and n < min_votes]
        if dictionary_vote and short:
            words = ipadic_words(doc_text(doc))
            for s, e, label in short:
                if is_organization(words, doc[s].idx, doc[e - 1].idx + len(doc[e - 1])):
                    counts[s, e, label] += 1
        doc.ents = filter_spans([Span(doc, s, e, label=label)
                                 for (s, e, label), n in counts.items() if n >= min_votes])
        return doc
    return vote


def model_paths(models: Path | str | Sequence[Path | str]) -> list[Path]:
    """One model folder or several, as a list of paths."""
    return [Path(models)] if isinstance(models, (str, Path)) else [Path(m) for m in models]


def load_ner(models: Path | str | Sequence[Path | str]) -> Language:
    """A spaCy pipeline holding the NER: one model folder as it is, or several (the same
    recipe, other seeds): e5 models as one component averaging all their members'
    probabilities (:mod:`pipeline.e5_ner`), CNNs as one voting pipeline, a majority
    deciding, sharing the first model's vocabulary and static vectors (every seed is
    trained on the same ones)."""
    paths = model_paths(models)
    sources = [spacy.load(path) for path in paths]
    if len(sources) == 1:
        return sources[0]
    if all(source.pipe_names == [E5_NAME] for source in sources):
        first = sources[0].get_pipe(E5_NAME)
        first.members = [m for source in sources for m in source.get_pipe(E5_NAME).members]
        return sources[0]
    for path, source in zip(paths, sources):
        if source.pipe_names != ["ner"]:  # e.g. a vote already: never drop a model silently
            raise ValueError(f"{path}: not one NER model (its pipes: {source.pipe_names})")
    first = sources[0]
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": first.config["nlp"]["tokenizer"]}})
    nlp.vocab.vectors = first.vocab.vectors
    keys = []
    for k, source in enumerate(sources):
        nlp.add_pipe("ner", name=f"ner_{k}" if k else "ner", source=source)
        keys.append(f"{STASH_PREFIX}{k}")
        nlp.add_pipe("jnews_ner_stash", name=f"stash_{k}", config={"key": keys[-1]})
    nlp.add_pipe("jnews_ner_vote", config={"keys": keys, "min_votes": len(paths) // 2 + 1})
    return nlp
