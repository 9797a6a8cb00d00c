"""nlp: build the spaCy pipelines once and run them over an article's chunks.

Japanese text goes through ``spacy.blank("ja")`` — spaCy's Japanese language on
SudachiPy with sudachidict-core, split mode C (the longest units, so
``1兆2000億`` and ``株式会社`` stay whole and Sudachi's normalized form turns
numerals into digits) — with :mod:`pipeline.tokenize`'s tokenizer, which
gives the same tokens as spaCy's own Japanese tokenizer, faster.  A chunk with (almost) no Japanese script is tokenized
by ``spacy.blank("en")``.  Both get the same components, in this order:

``jnews_sentences`` → ``jnews_money`` → ``jnews_entities`` → ``jnews_canonical``.

With the statistical NER (Japanese, unless ``--fast``), its component —
multilingual-e5-small fine-tuned (:mod:`pipeline.e5_ner`), or with ``--ner cnn``
spaCy CNNs and their vote (:mod:`pipeline.ner`) — runs before ``jnews_money``.

:func:`analyze` maps every chunk's offsets back to the article, so callers
only ever see offsets into ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from . import tokenize  # noqa: F401 - registers jnews.SudachiTokenizer.v1
from .canonical import spread_across
from .ingest import Article

SPLIT_MODE = "C"
COMPONENTS = ("jnews_sentences", "jnews_money", "jnews_entities", "jnews_canonical")

# Runs, not single characters: counting by runs is four times faster.
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]+")
_LETTER = re.compile(r"[^\W\d_]+")
# Below this share of Japanese characters among letters a chunk is English.
JAPANESE_MIN_SHARE = 0.05
# Characters looked at: a passage's script shows in its first few thousand.
LANGUAGE_SAMPLE = 4000


def detect_language(text: str) -> str:
    """'ja' or 'en' for a passage.

    >>> detect_language("AmazonがOpenAIに投資"), detect_language("Amazon invests in OpenAI.")
    ('ja', 'en')
    """
    sample = text[:LANGUAGE_SAMPLE]
    japanese = sum(map(len, _JAPANESE.findall(sample)))
    if japanese >= JAPANESE_MIN_SHARE * len(sample):
        return "ja"  # letters <= characters: no need to count them (slow: a Unicode class)
    letters = sum(map(len, _LETTER.findall(sample)))
    if not letters:
        return "ja"
    return "ja" if japanese / letters >= JAPANESE_MIN_SHARE else "en"


# A line of prose with at least this many letters is read in its own language: an English
# paragraph quoted in a Japanese article goes to the English pipeline; an English name or
# heading on a line of its own, or a table row, stays with the chunk's language.
OWN_LANGUAGE_MIN_LETTERS = 40


def language_runs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lang) runs of whole lines covering ``text``: the language of the
    whole text, but a line of prose in the other language is a run of its own.

    >>> text = ("トヨタは米国に工場を建てる。\\nToyota Motor Corp. said it would build a new battery plant.\\n\\n"
    ...         "| Toyota | $1 billion |\\nToyota Motor\\n")
    >>> [(text[s:e], lang) for s, e, lang in language_runs(text)]  # doctest: +NORMALIZE_WHITESPACE
    [('トヨタは米国に工場を建てる。\\n', 'ja'),
     ('Toyota Motor Corp. said it would build a new battery plant.\\n\\n', 'en'),
     ('| Toyota | $1 billion |\\nToyota Motor\\n', 'ja')]
    """
    main = detect_language(text)
    runs: list[tuple[int, int, str]] = []
    start = 0
    for line in text.splitlines(keepends=True):
        prose = line.strip()
        if not prose:  # a blank line goes on with the run before it
            lang = runs[-1][2] if runs else main
        elif prose.startswith("|") or main == "en" and not _JAPANESE.search(prose):
            lang = main  # a table row; an English line in English (no letters to count)
        else:
            lang = detect_language(prose)
            if lang != main and sum(map(len, _LETTER.findall(prose))) < OWN_LANGUAGE_MIN_LETTERS:
                lang = main  # a name, a heading
        end = start + len(line)
        if runs and runs[-1][2] == lang:
            runs[-1] = (runs[-1][0], end, lang)
        else:
            runs.append((start, end, lang))
        start = end
    return runs


# The statistical NERs shipped with the package, by the name ``--ner`` takes: "e5",
# multilingual-e5-small fine-tuned by train/train_e5ner.py (pipeline/e5_ner.py), the
# default; "cnn", spaCy CNNs trained by train/train_ner.py voting (pipeline/ner.py),
# several times faster and less accurate (README, Entities).
MODELS_DIR = Path(__file__).parent / "models"
NER_MODELS = {"e5": MODELS_DIR / "e5ner", "cnn": MODELS_DIR / "ner"}
NER_MODEL = NER_MODELS["e5"]


def build_nlp(lang: str = "ja", ner: bool = True,
              ner_model: Path | Sequence[Path] = NER_MODEL) -> Language:
    """A new full pipeline for ``lang`` ('ja' or 'en'), yours to use as any spaCy pipeline.

    ``ner``: add the packaged statistical NER (Japanese only: it was trained on
    Japanese sentences) before the rule-based entity component, which
    keeps its spans where the rules are silent (a run of Sudachi's 人名 tags is
    then a person only with a title or honorific beside it).  Without it
    (``--fast``) the entities come from the rules alone.  ``ner_model``: another
    model folder, e.g. to score one: trained by ``train/train_e5ner.py``, or by
    ``train/train_ner.py`` (the spaCy CNN), whose seeds may vote
    (:func:`pipeline.ner.load_ner`).
    """
    if lang == "ja":
        nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {
            "@tokenizers": "jnews.SudachiTokenizer.v1", "split_mode": SPLIT_MODE}}})
    elif lang == "en":
        nlp = spacy.blank("en")
    else:
        raise ValueError(f"unsupported language {lang!r} (use 'ja' or 'en')")
    # Importing the modules registers the factories (also reachable via entry points).
    from . import canonical, entities, money  # noqa: F401
    from .ner import load_ner, model_paths

    models = model_paths(ner_model)
    for model in models:
        if ner and model not in NER_MODELS.values() and not model.is_dir():
            raise FileNotFoundError(f"no NER model at {model}")  # asked for: never run without
    with_model = ner and lang == "ja" and all(m.is_dir() for m in models)
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"person_tags_alone": not with_model} if name == "jnews_entities" else {})
    if with_model:
        source = load_ner(models)
        nlp.vocab.vectors = source.vocab.vectors  # sourcing does not copy static vectors
        for name in source.pipe_names:
            nlp.add_pipe(name, source=source, before="jnews_money")
    return nlp


def one_thread() -> None:
    """For a worker process: the workers are the parallelism, so the NER's matrix
    products (NumPy's BLAS) use one thread in each, not one per core."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


# --------------------------------------------------------------------------- sentences

_SENTENCE_FINAL = frozenset("。！？!?．")


@Language.component("jnews_sentences")
def make_sentencizer(doc: Doc) -> Doc:
    """Sentence starts after 。！？ (and '.' in English) and after every line break.

    News articles put headlines, list items and table rows on lines of their
    own without final punctuation, so a newline always ends a sentence.
    """
    if not len(doc):
        return doc
    final = _SENTENCE_FINAL | ({"."} if doc.lang_ == "en" else set())
    # Work on arrays of hashes: creating a Token object per token is the slow part.
    orth, space = doc.to_array([ORTH, IS_SPACE]).T
    ends = numpy.isin(orth, [doc.vocab.strings.add(p) for p in final])
    for i in numpy.flatnonzero(space):  # whitespace after an end, or a newline, ends too
        ends[i] = ends[i] or "\n" in doc[int(i)].text or i > 0 and ends[i - 1]
    starts = numpy.full(len(doc), -1, dtype="int32")
    starts[1:][ends[:-1] & (space[1:] == 0)] = 1
    starts[0] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
    return doc


# --------------------------------------------------------------------------- running

_SHARED: dict[tuple[str, bool], Language] = {}


def shared_nlp(lang: str, ner: str | None = "e5") -> Language:
    """The pipeline :func:`analyze` uses, built once per process (and per Dask worker):
    with the shipped NER named ``ner`` (:data:`NER_MODELS`), or rules only (None)."""
    if (lang, ner) not in _SHARED:
        if ner is not None and ner not in NER_MODELS:
            raise ValueError(f"unknown NER {ner!r} (one of: {', '.join(NER_MODELS)})")
        _SHARED[lang, ner] = build_nlp(lang, ner is not None, NER_MODELS.get(ner, NER_MODEL))
    return _SHARED[lang, ner]


# Articles per memory zone.  Freeing the vocabulary after every article would rebuild
# the lexemes of common words each time (a third of the run); per batch they are built
# once per batch, and memory still stays flat.
ZONE_ARTICLES = 1000
_zone: dict = {"stack": None, "articles": 0}


@contextmanager
def memory_zone():
    """Wrap the analysis of one article: Docs made inside are valid until the block ends.

    Inside, the shared pipelines are in a spaCy memory zone that stays open for
    ``ZONE_ARTICLES`` articles and is then closed, freeing every string and lexeme
    the batch added, so a long run does not grow with its vocabulary.
    """
    if _zone["stack"] is None:
        stack = ExitStack()
        for nlp in _SHARED.values():  # one built inside this zone joins the next one
            stack.enter_context(nlp.memory_zone())
        _zone["stack"] = stack
    try:
        yield
    finally:
        _zone["articles"] += 1
        if _zone["articles"] >= ZONE_ARTICLES:
            _zone["stack"].close()
            _zone.update(stack=None, articles=0)


@dataclass
class Chunk:
    """One analysed piece of an article: a Doc and where it starts in the article."""
    start: int
    doc: Doc

    def sentence_bounds(self) -> list[int]:
        """Doc char offsets where sentences start, ascending (for bisecting)."""
        starts, idx = self.doc.to_array([SENT_START, IDX]).T
        return [int(i) for i in idx[starts == 1]]


def analyze(article: Article, max_bytes: int | None = None,
            ner: str | None = "e5") -> tuple[list[Chunk], list[str]]:
    """Run the pipeline over the article's chunks (markup blanked), keeping offsets;
    a name one chunk found is a mention in the others too (:func:`spread_across`).

    Call inside :func:`memory_zone`.  Returns the analysed chunks and one
    message per chunk that failed, so a bad passage never costs the rest.
    """
    text = article.analysis_text
    spans = article.chunks() if max_bytes is None else article.chunks(max_bytes)
    chunks, errors = [], []
    for chunk_start, chunk_end in spans:
        for start, end, lang in language_runs(text[chunk_start:chunk_end]):
            start, end = chunk_start + start, chunk_start + end
            piece = text[start:end]
            if not piece.strip():
                continue
            try:
                chunks.append(Chunk(start, shared_nlp(lang, ner)(piece)))
            except Exception as exc:  # noqa: BLE001 - reported as a problem row, never lost
                errors.append(f"chars {start}-{end}: {type(exc).__name__}: {exc}")
    spread_across([c.doc for c in chunks])  # a name is one entity in the whole article
    return chunks, errors
