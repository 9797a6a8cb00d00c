"""tokenize: a spaCy tokenizer that builds the Doc straight from SudachiPy morphemes.

It gives the same tokens and attributes as ``spacy.blank("ja")``'s own
``JapaneseTokenizer`` (surface, ``tag_`` = the Sudachi POS joined by ``-``,
``lemma_`` = dictionary form, ``norm_`` = normalized form, ``pos_`` from
spaCy's Japanese tag map, one space after a word as ``whitespace_``), at
about four times its speed.  spaCy's tokenizer is slow for two reasons we
avoid: in split mode C it re-tokenizes every token in modes A and B for
``user_data["sub_tokens"]`` (which we never use), and it realigns each word
by searching the rest of the text (quadratic in the chunk length); Sudachi
already gives each morpheme's offsets.

Registered as ``jnews.SudachiTokenizer.v1`` so a config can name it::

    [nlp.tokenizer]
    @tokenizers = "jnews.SudachiTokenizer.v1"
    split_mode = "C"
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, NORM, POS, TAG
from spacy.lang.ja import resolve_pos
from spacy.lang.ja.tag_orth_map import TAG_ORTH_MAP
from spacy.tokens import Doc, Token
from spacy.util import registry
from spacy.vocab import Vocab
from sudachipy import dictionary, tokenizer

SPACE_TAG = "空白"
_MODES = {"A": tokenizer.Tokenizer.SplitMode.A, "B": tokenizer.Tokenizer.SplitMode.B,
          "C": tokenizer.Tokenizer.SplitMode.C}

if not Token.has_extension("jnews_reading"):
    # The katakana reading (for tokens.csv), kept in user_data: a per-token MorphAnalysis,
    # as spaCy's tokenizer builds, costs more than the rest of the tokenizer.
    Token.set_extension("jnews_reading",
                        getter=lambda t: t.doc.user_data.get("jnews_readings", {}).get(t.i, ""))


def doc_text(doc: Doc) -> str:
    """``doc.text``, without rebuilding it from every token when our tokenizer made the doc.

    spaCy joins all tokens on each ``doc.text`` access; for a long chunk that is the
    single most expensive thing a component can do.  (Retokenizing never changes
    the text, so the cached copy stays right.)
    """
    text = doc.user_data.get("jnews_text")
    return doc.text if text is None else text


class SudachiTokenizer:
    """Callable ``text -> Doc`` on SudachiPy with sudachidict-core."""

    def __init__(self, vocab: Vocab, split_mode: str = "C") -> None:
        self.vocab = vocab
        self.split_mode = split_mode
        self._sudachi = dictionary.Dictionary(dict="core").create(mode=_MODES[split_mode])
        self._tag_cache: dict[int, str] = {}
        self._pos_cache: dict[tuple, tuple[int, int | None]] = {}

    def _tag(self, morpheme) -> str:
        """The tag string of a morpheme, cached by Sudachi's POS id."""
        pos_id = morpheme.part_of_speech_id()
        tag = self._tag_cache.get(pos_id)
        if tag is None:
            tag = "-".join(p for p in morpheme.part_of_speech()[:4] if p != "*")
            self._tag_cache[pos_id] = tag
        return tag

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        rows: list[tuple[str, str, str]] = []  # tag, lemma, norm
        readings: dict[int, str] = {}
        for m in self._sudachi.tokenize(text):
            begin, end = m.begin(), m.end()
            if begin == end:
                continue
            surface = text[begin:end]
            if surface.isspace():
                # One space after a word is the word's whitespace (spaCy's convention);
                # other runs of whitespace become one token each.
                if surface == " " and words and not spaces[-1] and not words[-1].isspace():
                    spaces[-1] = True
                elif words and words[-1].isspace() and not spaces[-1]:
                    words[-1] += surface
                    rows[-1] = (SPACE_TAG, words[-1], words[-1])
                else:
                    words.append(surface)
                    spaces.append(False)
                    rows.append((SPACE_TAG, surface, surface))
                continue
            readings[len(words)] = m.reading_form()
            words.append(surface)
            spaces.append(False)
            rows.append((self._tag(m), m.dictionary_form() or surface, m.normalized_form()))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if rows:
            add = self.vocab.strings.add
            tags = [r[0] for r in rows]
            array = numpy.array([(add(t), p, add(lem), add(n)) for (t, lem, n), p
                                 in zip(rows, self._pos(words, tags))], dtype="uint64")
            doc.from_array([TAG, POS, LEMMA, NORM], array)
        doc.user_data["jnews_readings"] = readings
        doc.user_data["jnews_text"] = text
        return doc

    def _pos(self, words: list[str], tags: list[str]) -> list[int]:
        """UPOS ids by spaCy's own Japanese rules (orth and tag-bigram based, in order),
        cached: the word matters only for the few tags spaCy maps by orth."""
        out, forced = [], None
        cache = self._pos_cache
        for i, (word, tag) in enumerate(zip(words, tags)):
            if forced:
                out.append(forced)
                forced = None
                continue
            next_tag = tags[i + 1] if i + 1 < len(tags) else None
            key = (word if tag in TAG_ORTH_MAP else None, tag, next_tag)
            if key not in cache:
                cache[key] = resolve_pos(word, tag, next_tag)
            pos, forced = cache[key]
            out.append(pos)
        return out

    # spaCy serializes tokenizers with the pipeline; there is no state beyond the config.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "SudachiTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "SudachiTokenizer":
        return self


@registry.tokenizers("jnews.SudachiTokenizer.v1")
def create_tokenizer(split_mode: str = "C"):
    def make(nlp):
        return SudachiTokenizer(nlp.vocab, split_mode=split_mode)
    return make
