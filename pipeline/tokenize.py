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

from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, NORM, POS, TAG
from spacy.lang.ja import resolve_pos
from spacy.lang.ja.tag_orth_map import TAG_ORTH_MAP
from spacy.tokens import Doc, Token
from spacy.util import registry
from spacy.vocab import Vocab
from sudachipy import dictionary, tokenizer

SPACE_TAG = "空白"
SPACE_ID = -1  # our POS id for whitespace tokens (Sudachi's ids are >= 0)
_MODES = {"A": tokenizer.Tokenizer.SplitMode.A, "B": tokenizer.Tokenizer.SplitMode.B,
          "C": tokenizer.Tokenizer.SplitMode.C}


def _reading(token: Token) -> str:
    """The katakana reading of a token (for tokens.csv), found only when asked for.

    Readings are not stored by the tokenizer: fetching one per morpheme costs a
    tenth of the tokenizer's time and only ``--tokens`` uses them.  The first
    request re-tokenizes the doc's text (Sudachi is deterministic, so the
    morphemes are the same) and keeps every reading by character offset.
    """
    doc = token.doc
    readings = doc.user_data.get("jnews_readings")
    if readings is None:
        mode = doc.user_data.get("jnews_split_mode")
        if mode is None:  # not a doc of this tokenizer
            return ""
        readings = {m.begin(): (m.end(), m.reading_form())
                    for m in _sudachi(mode).tokenize(doc_text(doc))}
        doc.user_data["jnews_readings"] = readings
    end, reading = readings.get(token.idx, (None, ""))
    # A token split off a morpheme (at a MONEY edge) has no reading of its own.
    return reading if end == token.idx + len(token) and not token.is_space else ""


@lru_cache(maxsize=None)
def _dictionary() -> dictionary.Dictionary:
    return dictionary.Dictionary(dict="core")


@lru_cache(maxsize=None)
def _sudachi(split_mode: str):
    return _dictionary().create(mode=_MODES[split_mode])


if not Token.has_extension("jnews_reading"):
    Token.set_extension("jnews_reading", getter=_reading)


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
        self._sudachi = _sudachi(split_mode)
        self._tags: dict[int, tuple[str, int]] = {SPACE_ID: (SPACE_TAG, vocab.strings.add(SPACE_TAG))}
        # POS ids of the tags spaCy maps to UPOS by the word (空白 among them)
        self._orth_mapped: set[int] = {SPACE_ID} if SPACE_TAG in TAG_ORTH_MAP else set()
        self._pos_cache: dict[tuple, tuple[int, int | None]] = {}

    def _tag(self, pos_id: int) -> tuple[str, int]:
        """The tag string of a Sudachi POS id and its hash (``名詞-固有名詞-人名-姓``)."""
        tag = "-".join(p for p in _dictionary().pos_of(pos_id)[:4] if p != "*")
        self._tags[pos_id] = found = (tag, self.vocab.strings.add(tag))
        if tag in TAG_ORTH_MAP:
            self._orth_mapped.add(pos_id)
        return found

    def __call__(self, text: str) -> Doc:
        # Column by column in list comprehensions: the per-morpheme Python work is
        # what this tokenizer costs beyond Sudachi itself.
        add = self.vocab.strings.add
        morphemes = self._sudachi.tokenize(text)
        words = [m.surface() for m in morphemes]
        pos_ids = [m.part_of_speech_id() for m in morphemes]
        lemmas = [add(m.dictionary_form() or w) for m, w in zip(morphemes, words)]
        norms = [add(m.normalized_form()) for m in morphemes]
        spaces = [False] * len(words)
        blanks = [i for i, w in enumerate(words) if not w or w.isspace()]
        if blanks:
            drop = self._whitespace(blanks, words, spaces, pos_ids, lemmas, norms)
            if drop:
                kept = [i for i in range(len(words)) if i not in drop]
                words, spaces, pos_ids, lemmas, norms = (
                    [column[i] for i in kept] for column in (words, spaces, pos_ids, lemmas, norms))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if words:
            tags = self._tags
            tag_hashes = [(tags.get(p) or self._tag(p))[1] for p in pos_ids]
            array = numpy.array([tag_hashes, self._pos(words, pos_ids), lemmas, norms], dtype="uint64")
            doc.from_array([TAG, POS, LEMMA, NORM], numpy.ascontiguousarray(array.T))
        doc.user_data["jnews_text"] = text
        doc.user_data["jnews_split_mode"] = self.split_mode
        return doc

    def _whitespace(self, blanks, words, spaces, pos_ids, lemmas, norms) -> set[int]:
        """spaCy's whitespace convention, in place: one space after a word is the word's
        ``whitespace_``; other runs of whitespace become one token each (tagged 空白).
        Returns the indices to drop (absorbed whitespace, empty morphemes)."""
        add = self.vocab.strings.add
        drop: set[int] = set()
        for i in blanks:
            word = words[i]
            before = i - 1  # the token this one follows once the dropped ones are gone
            while before in drop:
                before -= 1
            if not word:
                drop.add(i)
            elif word == " " and before >= 0 and not spaces[before] and pos_ids[before] != SPACE_ID:
                spaces[before] = True
                drop.add(i)
            elif before >= 0 and pos_ids[before] == SPACE_ID and not spaces[before]:
                words[before] += word
                lemmas[before] = norms[before] = add(words[before])
                drop.add(i)
            else:
                pos_ids[i] = SPACE_ID
                lemmas[i] = norms[i] = add(word)
        return drop

    def _pos(self, words: list[str], pos_ids: list[int]) -> list[int]:
        """UPOS ids by spaCy's own Japanese rules (orth and tag-bigram based, in order),
        cached by POS ids: the word matters only for the few tags spaCy maps by orth."""
        out, forced = [], None
        cache, tags, by_orth = self._pos_cache, self._tags, self._orth_mapped
        next_ids = pos_ids[1:] + [None]
        for word, pos_id, next_id in zip(words, pos_ids, next_ids):
            if forced:
                out.append(forced)
                forced = None
                continue
            key = (word if pos_id in by_orth else None, pos_id, next_id)
            found = cache.get(key)
            if found is None:
                next_tag = None if next_id is None else tags[next_id][0]
                found = cache[key] = resolve_pos(word, tags[pos_id][0], next_tag)
            pos, forced = found
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
