"""tokenize: a spaCy tokenizer that builds the Doc straight from SudachiPy morphemes.

It gives the same tokens and attributes as ``spacy.blank("ja")``'s own
``JapaneseTokenizer`` (surface, ``tag_`` = the Sudachi POS joined by ``-``,
``lemma_`` = dictionary form, ``norm_`` = normalized form, ``pos_`` from
spaCy's Japanese tag map, one space after a word as ``whitespace_``), at
about 2.8 times its speed.  Two differences: a name glued to the honorific 氏
or a title, which it splits (岸氏 → 岸 + 氏, トランプ大統領 → トランプ + 大統領,
:func:`_glued_titles`), and kana in brackets after kanji, which it does not
take for a reading (百度（バイドゥ）, :func:`sudachi_dictionary`).
spaCy's tokenizer is slow for two reasons we avoid: in split mode C it
re-tokenizes every token in modes A and B for ``user_data["sub_tokens"]``
(which we never use), and it realigns each word by searching the rest of the
text (quadratic in the chunk length); Sudachi already gives each morpheme's
offsets.

Registered as ``jnews.SudachiTokenizer.v1`` so a config can name it::

    [nlp.tokenizer]
    @tokenizers = "jnews.SudachiTokenizer.v1"
    split_mode = "C"
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import LEMMA, NORM, ORTH, POS, TAG
from spacy.lang.ja import resolve_pos
from spacy.lang.ja.tag_bigram_map import TAG_BIGRAM_MAP
from spacy.lang.ja.tag_map import TAG_MAP
from spacy.lang.ja.tag_orth_map import TAG_ORTH_MAP
from spacy.tokens import Doc, Token
from spacy.util import registry
from spacy.vocab import Vocab
from sudachipy import dictionary, tokenizer

from . import lexicon

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
def sudachi_dictionary() -> dictionary.Dictionary:
    """The process's one sudachidict-core dictionary (a 200 MB mapping: share it), read
    with SudachiPy's own settings but for its ``IgnoreYomiganaPlugin``.  That plugin takes
    up to four kana in brackets after kanji for a reading and glues them to the last
    morpheme (百 + 度（バイドゥ）, 集団（アリババ）); in news those brackets hold the
    name's other form, a mention of its own."""
    settings = json.loads((resources.files("sudachipy") / "resources" / "sudachi.json").read_text())
    settings["inputTextPlugin"] = [p for p in settings["inputTextPlugin"]
                                   if not p["class"].endswith(".IgnoreYomiganaPlugin")]
    return dictionary.Dictionary(dict="core", config=json.dumps(settings))


@lru_cache(maxsize=None)
def _sudachi(split_mode: str):
    return sudachi_dictionary().create(mode=_MODES[split_mode])


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


@dataclass(frozen=True)
class _TagTables:
    """Per Sudachi POS id (the last row is whitespace, :data:`SPACE_ID`): the tag, spaCy's
    UPOS for it alone, and which ids and id pairs spaCy's ``resolve_pos`` treats otherwise
    (by the word, or by the next token's tag)."""
    tags: list[str]
    upos: numpy.ndarray
    tag_index: numpy.ndarray  # id -> index of its tag among the distinct tags
    by_bigram: numpy.ndarray  # [tag index, next tag index] -> in spaCy's TAG_BIGRAM_MAP
    by_orth: numpy.ndarray  # id -> tag in spaCy's TAG_ORTH_MAP


@lru_cache(maxsize=None)
def _tag_tables() -> _TagTables:
    sudachi_dict = sudachi_dictionary()
    tags = []
    while (pos := sudachi_dict.pos_of(len(tags))) is not None:
        tags.append("-".join(p for p in pos[:4] if p != "*"))
    tags.append(SPACE_TAG)  # index -1
    distinct = sorted(set(tags))
    index = {t: i for i, t in enumerate(distinct)}
    by_bigram = numpy.zeros((len(distinct), len(distinct)), dtype=bool)
    for tag, next_tag in TAG_BIGRAM_MAP:
        if tag in index and next_tag in index:
            by_bigram[index[tag], index[next_tag]] = True
    return _TagTables(
        tags, numpy.array([TAG_MAP[t][POS] for t in tags], dtype="uint64"),
        numpy.array([index[t] for t in tags]), by_bigram,
        numpy.array([t in TAG_ORTH_MAP for t in tags]))


@lru_cache(maxsize=None)
def _name_masks() -> tuple[numpy.ndarray, numpy.ndarray]:
    """Per Sudachi POS id (the last row is whitespace): a surname or given name (人名-姓,
    人名-名); any person's name (人名-一般 too)."""
    tags = _tag_tables().tags
    return (numpy.array([t.endswith(("人名-姓", "人名-名")) for t in tags]),
            numpy.array(["人名" in t for t in tags]))


@lru_cache(maxsize=None)
def _titles() -> tuple[str, ...]:
    """Titles only people hold (``people`` in ``data/entities/person_cues.tsv``: 氏,
    大統領, 首相 …), longest first."""
    return tuple(sorted(lexicon.person_cues()["people"], key=len, reverse=True))


@lru_cache(maxsize=None)
def _title_id(title: str) -> int:
    """Sudachi's POS id for ``title`` after a name (氏: 接尾辞-名詞的-一般)."""
    return _sudachi("C").tokenize("佐藤" + title)[-1].part_of_speech_id()


@lru_cache(maxsize=4096)
def _dictionary_pos(word: str) -> tuple[tuple[str, ...], ...]:
    """The parts of speech the dictionary has for ``word`` (its entries are lower case)."""
    return tuple(m.part_of_speech() for m in sudachi_dictionary().lookup(word.lower()))


def is_country(word: str) -> bool:
    """Whether the dictionary has ``word`` as a country's name, in any script or case
    (Japan, 日本): for text no Sudachi tag came with too (an English doc)."""
    return any(pos[2:4] == ("地名", "国") for pos in _dictionary_pos(word))


def is_common_word(word: str) -> bool:
    """Whether the dictionary has ``word`` and only as a common word, never as a proper
    noun (電池, 期日; not 東邦, a name too; not an unknown katakana word).

    >>> is_common_word("電池"), is_common_word("ソニー"), is_common_word("ハルカゼスタジオ")
    (True, False, False)
    """
    readings = _dictionary_pos(word)
    return bool(readings) and not any(pos[1] == "固有名詞" for pos in readings)


def is_place(word: str) -> bool:
    """Whether the dictionary has ``word`` as a place's name and not as a common word or
    a proper noun of other things (サンフランシスコ; not アマゾン, which names more).

    >>> is_place("サンフランシスコ"), is_place("アマゾン"), is_place("カワセミ")
    (True, False, False)
    """
    readings = _dictionary_pos(word)
    return any(pos[2] == "地名" for pos in readings) \
        and not any(pos[1] == "普通名詞" or pos[1:3] == ("固有名詞", "一般") for pos in readings)


def is_proper_noun(word: str) -> bool:
    """Whether the dictionary has ``word`` as a proper noun that names no person or place
    (Sudachi's 固有名詞-一般: Windows, Azure, Kindle; not Europe, which is a place too),
    in any case."""
    readings = _dictionary_pos(word)
    return any(pos[1:3] == ("固有名詞", "一般") for pos in readings) \
        and not any(pos[2] in ("地名", "人名") for pos in readings)


def dictionary_word(word: str) -> bool:
    """Whether the dictionary has ``word`` (any case) as anything but a proper noun that
    names no person or place: a common word (east, ドラフト), a place or a person.

    >>> dictionary_word("East"), dictionary_word("Kotoba"), dictionary_word("Sony")
    (True, False, False)
    """
    readings = _dictionary_pos(word)
    return bool(readings) and not is_proper_noun(word)


def _is_name(word: str) -> bool:
    return any(pos[2] == "人名" for pos in _dictionary_pos(word))


def _glued_titles(words: list[str], ids: numpy.ndarray) -> list[tuple[int, str]]:
    """Sudachi's dictionary has names glued to a title and prefers them to the name and
    the title: rare names ending in 氏 (岸氏 and 金氏 as surnames, 一氏 as a given name)
    and famous people with their office (トランプ大統領).  In news these are the name and
    the title (which GUIDELINES.md keeps outside the span).  The indices of such tokens,
    each with its title: a name ending in a title whose rest is a name.  氏 only after a
    surname or given name: 足利尊氏 and 源氏 are whole names."""
    surname_or_given, any_name = _name_masks()
    out = []
    for i in numpy.flatnonzero(any_name[ids]).tolist():
        word = words[i]
        title = next((t for t in _titles() if word.endswith(t) and len(word) > len(t)), None)
        if title and (len(title) > 1 or surname_or_given[ids[i]]) and _is_name(word[:-len(title)]):
            out.append((i, title))
    return out


def _split_titles(split: list[tuple[int, str]], words, spaces, pos_ids, lemmas, norms) -> list[list]:
    """The tokenizer's columns with each token at ``split`` as the name and its title."""
    columns = words, spaces, pos_ids, lemmas, norms
    out = [[], [], [], [], []]
    start = 0
    for i, title in split:  # copy the runs between the splits whole
        name = words[i][:-len(title)]
        parts = ((name, title), (False, spaces[i]), (pos_ids[i], _title_id(title)),
                 (name, title), (name, title))
        for column, source, pair in zip(out, columns, parts):
            column += source[start:i]
            column += pair
        start = i + 1
    for column, source in zip(out, columns):
        column += source[start:]
    return out


class SudachiTokenizer:
    """Callable ``text -> Doc`` on SudachiPy with sudachidict-core."""

    def __init__(self, vocab: Vocab, split_mode: str = "C") -> None:
        self.vocab = vocab
        self.split_mode = split_mode
        self._sudachi = _sudachi(split_mode)
        self._tables = _tag_tables()
        # Permanent strings: a tag first added inside a memory zone would vanish with it.
        self._tag_hashes = numpy.array(
            [vocab.strings.add(t, allow_transient=False) for t in self._tables.tags], dtype="uint64")

    def __call__(self, text: str) -> Doc:
        # Column by column in list comprehensions: the per-morpheme Python work is
        # what this tokenizer costs beyond Sudachi itself.
        morphemes = self._sudachi.tokenize(text)
        words = [m.surface() for m in morphemes]
        pos_ids = [m.part_of_speech_id() for m in morphemes]
        lemmas = [m.dictionary_form() for m in morphemes]
        norms = [m.normalized_form() for m in morphemes]
        spaces = [False] * len(words)
        blanks = [i for i, w in enumerate(words) if not w or w.isspace()]
        if blanks:
            drop = self._whitespace(blanks, words, spaces, pos_ids, lemmas, norms)
            if drop:
                kept = [i for i in range(len(words)) if i not in drop]
                words, spaces, pos_ids, lemmas, norms = (
                    [column[i] for i in kept] for column in (words, spaces, pos_ids, lemmas, norms))
        ids = numpy.array(pos_ids, dtype=numpy.intp)
        if any(t in text for t in _titles()) and (split := _glued_titles(words, ids)):
            words, spaces, pos_ids, lemmas, norms = _split_titles(split, words, spaces, pos_ids,
                                                                  lemmas, norms)
            ids = numpy.array(pos_ids, dtype=numpy.intp)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if words:
            # Most lemmas and norms are the word itself, whose hash the Doc already has.
            add, orths = self.vocab.strings.add, doc.to_array(ORTH).tolist()
            lemma_ids = [o if f == w else add(f or w) for f, w, o in zip(lemmas, words, orths)]
            norm_ids = [o if f == w else add(f) for f, w, o in zip(norms, words, orths)]
            array = numpy.array([self._tag_hashes[ids], self._pos(words, ids), lemma_ids,
                                 norm_ids], dtype="uint64")
            doc.from_array([TAG, POS, LEMMA, NORM], numpy.ascontiguousarray(array.T))
        doc.user_data["jnews_text"] = text
        doc.user_data["jnews_split_mode"] = self.split_mode
        return doc

    def _whitespace(self, blanks, words, spaces, pos_ids, lemmas, norms) -> set[int]:
        """spaCy's whitespace convention, in place: one space after a word is the word's
        ``whitespace_``; other runs of whitespace become one token each (tagged 空白).
        Returns the indices to drop (absorbed whitespace, empty morphemes)."""
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
                lemmas[before] = norms[before] = words[before]
                drop.add(i)
            else:
                pos_ids[i] = SPACE_ID
                lemmas[i] = norms[i] = word
        return drop

    def _pos(self, words: list[str], ids: numpy.ndarray) -> numpy.ndarray:
        """UPOS ids by spaCy's own Japanese rules: by the tag alone, except where the word
        (3 tags) or the next token's tag (19 tag pairs) decides, found with the tables;
        those few tokens go through spaCy's ``resolve_pos`` in order."""
        t = self._tables
        pos = t.upos[ids]
        special = t.by_orth[ids]
        index = t.tag_index[ids]
        special[:-1] |= t.by_bigram[index[:-1], index[1:]]
        forced = -1  # a token whose POS the previous token's tag pair has fixed
        for i in numpy.flatnonzero(special).tolist():
            if i == forced:
                continue
            next_tag = t.tags[ids[i + 1]] if i + 1 < len(ids) else None
            pos[i], next_pos = resolve_pos(words[i], t.tags[ids[i]], next_tag)
            if next_pos is not None:
                pos[i + 1] = next_pos
                forced = i + 1
        return pos

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
