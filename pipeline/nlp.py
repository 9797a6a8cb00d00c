"""nlp: build the spaCy pipelines once and run them over an article's chunks.

Japanese text goes through ``spacy.blank("ja")`` — spaCy's Japanese language on
SudachiPy with sudachidict-core, split mode C (the longest units, so
``1兆2000億`` and ``株式会社`` stay whole and Sudachi's normalized form turns
numerals into digits) — with :mod:`pipeline.tokenize`'s tokenizer, which
gives the same tokens as spaCy's own Japanese tokenizer, faster.  A chunk with (almost) no Japanese script is tokenized
by ``spacy.blank("en")``.  Both get the same components, in this order:

``jnews_sentences`` → ``jnews_money`` → ``jnews_entities`` → ``jnews_canonical``.

:func:`analyze` maps every chunk's offsets back to the article, so callers
only ever see offsets into ``Article.text``.
"""

from __future__ import annotations

import re
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from . import tokenize  # noqa: F401 - registers jnews.SudachiTokenizer.v1
from .ingest import Article

SPLIT_MODE = "C"
LANGUAGES = ("ja", "en")
COMPONENTS = ("jnews_sentences", "jnews_money", "jnews_entities", "jnews_canonical")

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")
# Below this share of Japanese characters among letters a chunk is English.
JAPANESE_MIN_SHARE = 0.05


def detect_language(text: str) -> str:
    """'ja' or 'en' for a passage.

    >>> detect_language("AmazonがOpenAIに投資"), detect_language("Amazon invests in OpenAI.")
    ('ja', 'en')
    """
    letters = len(_LETTER.findall(text))
    if not letters:
        return "ja"
    return "ja" if len(_JAPANESE.findall(text)) / letters >= JAPANESE_MIN_SHARE else "en"


def build_nlp(lang: str = "ja") -> Language:
    """A new full pipeline for ``lang`` ('ja' or 'en'), yours to use as any spaCy pipeline."""
    if lang == "ja":
        nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {
            "@tokenizers": "jnews.SudachiTokenizer.v1", "split_mode": SPLIT_MODE}}})
    elif lang == "en":
        nlp = spacy.blank("en")
    else:
        raise ValueError(f"unsupported language {lang!r} (use 'ja' or 'en')")
    # Importing the modules registers the factories (also reachable via entry points).
    from . import canonical, entities, money  # noqa: F401

    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


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

@lru_cache(maxsize=None)
def shared_nlp(lang: str) -> Language:
    """The pipeline :func:`analyze` uses, built once per process (and per Dask worker)."""
    return build_nlp(lang)


# Articles per memory zone.  Freeing the vocabulary after every article would rebuild
# the lexemes of common words each time (a third of the run); per batch they are built
# once per batch, and memory still stays flat.
ZONE_ARTICLES = 100
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
        for lang in LANGUAGES:
            stack.enter_context(shared_nlp(lang).memory_zone())
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


def analyze(article: Article, max_bytes: int | None = None) -> tuple[list[Chunk], list[str]]:
    """Run the pipeline over the article's chunks (markup blanked), keeping offsets.

    Call inside :func:`memory_zone`.  Returns the analysed chunks and one
    message per chunk that failed, so a bad passage never costs the rest.
    """
    text = article.analysis_text
    spans = article.chunks() if max_bytes is None else article.chunks(max_bytes)
    chunks, errors = [], []
    for start, end in spans:
        piece = text[start:end]
        if not piece.strip():
            continue
        try:
            chunks.append(Chunk(start, shared_nlp(detect_language(piece))(piece)))
        except Exception as exc:  # noqa: BLE001 - reported as a problem row, never lost
            errors.append(f"chars {start}-{end}: {type(exc).__name__}: {exc}")
    return chunks, errors
