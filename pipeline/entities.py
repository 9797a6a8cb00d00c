"""entities: the ``jnews_entities`` component, ORG and PERSON mentions.

Evidence, strongest first, each a small function returning candidate spans:

1. the alias table (``data/entities/aliases.tsv``): known companies, and the
   products and regulators that must *not* be ORG (they block the region);
2. corporate forms (``data/entities/corporate_forms.tsv``): 株式会社 X, X Inc.; and the
   marks news sets beside a company (``data/entities/company_cues.tsv``, officers'
   titles in ``person_cues.tsv``): 米X, X（東京都港区）, XのCEO;
3. SudachiPy's person-name tags (名詞-固有名詞-人名-姓/名) and titles or
   honorifics beside a name (``data/entities/person_cues.tsv``), in kanji,
   katakana (サム・アルトマン) and Latin script (CEO Andy Jassy);
4. document consistency: a name found once is the same entity at its other
   mentions, including the surname alone (Jassy after Andy Jassy).

Spans already in ``doc.ents`` (MONEY) are kept; overlaps go to the longer span.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import numpy
from spacy.attrs import IDX, LENGTH, ORTH, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import lexicon
from .money import find_amounts, parse_number
from .schema import ORG, PERSON
from .tokenize import dictionary_word, doc_text, is_common_word, is_country, is_place, is_proper_noun

BLOCK = "BLOCK"  # a product or regulator: nothing may be annotated inside it
# Labels the statistical NER was trained with but the records do not carry.
_MODEL_ONLY = ("ORG_OTHER",)


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str  # ORG, PERSON or BLOCK
    priority: int  # higher wins between equally long overlapping candidates


# --------------------------------------------------------------------------- alias table

_LATIN_EDGE = re.compile(r"[A-Za-z0-9]")


@lru_cache(maxsize=None)
def _alias_regex():
    aliases = lexicon.aliases()
    pattern = lexicon.trie_regex(a.surface for a in aliases)
    kinds = {a.surface: a.kind for a in aliases}
    return re.compile(pattern), kinds


def alias_candidates(doc: Doc) -> list[Candidate]:
    """Known names, on token edges: a Latin name does not run into neighbouring letters
    (Amazonian), nor a katakana one into a longer word (アレクサ in アレクサンドロ).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("AmazonとAzureとAmazonian")
    >>> [(c.start, c.end, c.label) for c in alias_candidates(doc)]
    [(0, 6, 'ORG'), (7, 12, 'BLOCK')]
    """
    text = doc_text(doc)
    regex, kinds = _alias_regex()
    out = []
    for m in regex.finditer(text):
        s, e = m.span()
        if doc.char_span(s, e) is None:  # a lookup per find, not a set of every token's edges
            continue
        kind = kinds[m.group()]
        out.append(Candidate(s, e, kind if kind in (ORG, PERSON) else BLOCK, 3))
    return out


# --------------------------------------------------------------------------- corporate forms

_NAME_TAGS = ("名詞-固有名詞", "名詞-普通名詞-一般", "接頭辞")
# ``・`` joins the parts of one name between katakana or Latin parts (ハンナ・バーベラ);
# beside kanji it separates a list (板垣・後藤, 酒造会社・賀茂鶴酒造), as ``&`` does (坂口&小林).
_JOINING_DOT = re.compile(r"(?<=[\u30a0-\u30ffA-Za-z0-9])・(?=[\u30a0-\u30ffA-Za-z0-9])")
_KANJI = "[\u4e00-\u9fff々ヶ]"
_KANJI_LIST = re.compile(rf"(?<={_KANJI})[・&＆](?={_KANJI})")
_FIRM_JOINER = re.compile(r"[&＆]|・[アエ]ンド・")
_KATAKANA_OR_LATIN = re.compile(r"^[\u30a0-\u30ffA-Za-z0-9&＆.・ー]+$")


def _is_name_token(token) -> bool:
    if token.is_space or token.is_punct and token.text not in ("・", "&", "＆"):
        return False
    return token.tag_.startswith(_NAME_TAGS) or bool(_KATAKANA_OR_LATIN.match(token.text))


def _in_name_after_form(token) -> bool:
    """After a prefix form (株式会社…) the name runs on over any noun: Sudachi reads
    rare shop names as suffixes or adverbial nouns (株式会社孔官堂, …鮨萬)."""
    return _is_name_token(token) or token.tag_.startswith(("名詞-普通名詞", "接尾辞-名詞的"))


def _is_proper(token) -> bool:
    return "固有名詞" in token.tag_ or token.text != "・" and bool(_KATAKANA_OR_LATIN.match(token.text))


@lru_cache(maxsize=None)
def _corporate_regex():
    forms = lexicon.corporate_forms()
    return (re.compile("|".join(re.escape(f) for f, _, _ in forms)),
            {f: (position, script) for f, position, script in forms})


def corporate_candidates(doc: Doc, text: str, model: list[Candidate] = (),
                         known: list[Candidate] = ()) -> list[Candidate]:
    """株式会社サンプル商事, （株）カワセミ, 三菱UFJ銀行, Example Labs Inc.

    A form fixes one edge of the name; where the statistical model (``model``) has a
    span sharing that edge and holding the form, the model's other edge wins
    over the walk across name tokens: it stops neither at hiragana (有限会社スタジオ
    ぎゃろっぷ) nor at the ``・`` of a katakana name, and leaves out a generic noun
    before it (企業 in 企業サンプル株式会社).  A company the alias table knows
    (``known``) is a name before a form even where Sudachi reads it as a common word
    (楽天 + 証券).
    """
    regex, forms = _corporate_regex()
    known_starts = {c.start for c in known if c.label == ORG}
    out = []
    for m in regex.finditer(text):
        position, script = forms[m.group()]
        if script == "latin":
            found = _latin_corporate(text, m.start(), m.end())
        else:
            found = _ja_corporate(doc, text, m.start(), m.end(), position, known_starts)
        out += [_model_edge(text, c, m.start(), m.end(), model) for c in found]
    return out


def _model_edge(text: str, found: Candidate, s: int, e: int, model: list[Candidate]) -> Candidate:
    """``found`` (a name with the form at ``s:e`` at one of its ends) with its other end
    where the model puts it, in a span that holds the form or starts right after a
    prefix form (the walk stops at hiragana: 有限会社スタジオ + ぎゃろっぷ), unless the
    model stops at a ``・`` the walk crossed (株式会社ノヴァ + ・アジア: the walk crosses
    it only between katakana or Latin parts).

    >>> m, t = [Candidate(0, 12, ORG, 0)], "株式会社" + "カ" * 8 + "・カワセミ"
    >>> _model_edge(t, Candidate(3, 12, ORG, 2), 8, 12, m)   # suffix form: model's start
    Candidate(start=0, end=12, label='ORG', priority=2)
    >>> _model_edge(t, Candidate(0, 6, ORG, 2), 0, 4, m)     # prefix form: model's end
    Candidate(start=0, end=12, label='ORG', priority=2)
    >>> _model_edge(t, Candidate(0, 17, ORG, 2), 0, 4, m)    # ... not at a joining ・
    Candidate(start=0, end=17, label='ORG', priority=2)
    >>> _model_edge(t, Candidate(3, 12, ORG, 2), 3, 7, m)    # no shared edge: the walk's
    Candidate(start=3, end=12, label='ORG', priority=2)
    >>> _model_edge(t, Candidate(0, 8, ORG, 2), 4, 8, m)     # the model's company goes on
    Candidate(start=0, end=12, label='ORG', priority=2)
    >>> _model_edge(t, Candidate(0, 6, ORG, 2), 0, 4, [Candidate(4, 12, ORG, 0)])  # ... or starts after it
    Candidate(start=0, end=12, label='ORG', priority=2)
    """
    for c in model:  # a PERSON span too: the form says what the name is, the model where
        if found.end == e == c.end and c.start < s:
            joined = found.start < c.start and text[c.start - 1] == "・"
            return Candidate(found.start if joined else c.start, e, ORG, found.priority)
        if found.start == s == c.start and c.end > e:
            joined = found.end > c.end and text[c.end] == "・"
            return Candidate(s, found.end if joined else c.end, ORG, found.priority)
        if c.label == ORG and c.start <= found.start and found.end < c.end:
            return Candidate(c.start, c.end, ORG, found.priority)  # the form inside a name
        if found.start == s and c.start == e < c.end:  # 有限会社 + the model's スタジオぎゃろっぷ
            return Candidate(s, c.end, ORG, found.priority)
    return found


# A capitalized word; inner dots allowed (Creati.ai), a final one not: "Monday. Acme Inc."
# must not run across the sentence end; a hyphen, not before a participle (Couche-Tard,
# Dai-ichi; not SoftBank-owned, Tokyo-based).  A lone & between words (Johnson & Johnson),
# a comma only right before the form ("Acme, Inc.").  A possessive ends the name only
# right before the form (Macy's Inc.; China's Xpeng Inc. is Xpeng Inc.).
_LATIN_WORD = r"[A-Z](?:[A-Za-z0-9&]|'(?!s\b)|-(?![a-z]+(?:ed|ing)\b))*(?:\.[A-Za-z0-9]+)*"
_LATIN_RUN = rf"({_LATIN_WORD}(?: {_LATIN_WORD}){{0,3}})"  # a capitalized name of 1-4 words
_LATIN_RUN_BEFORE = re.compile(
    rf"(?<![A-Za-z0-9.'])(?:{_LATIN_WORD} (?:(?:{_LATIN_WORD}|&) ){{0,2}})?{_LATIN_WORD}(?:'s)?,? $")


def _latin_corporate(text: str, s: int, e: int) -> list[Candidate]:
    if e < len(text) and _LATIN_EDGE.match(text[e]) or s > 0 and text[s - 1] not in " ,":
        return []
    m = _LATIN_RUN_BEFORE.search(text[max(0, s - 80):s])
    if not m:
        return []
    run = m.group().removeprefix("The ")  # the article a sentence begins with, no word of the name
    return [Candidate(s - len(run), e, ORG, 2)]


def _ja_corporate(doc: Doc, text: str, s: int, e: int, position: str,
                  known_starts: set[int] = frozenset()) -> list[Candidate]:
    span = doc.char_span(s, e, alignment_mode="expand")
    # A form that ends inside a word is part of that word (航空機, 銀行員, 証券会社).
    if span is None or span.end_char != e:
        return []
    # A singular business word ends a name only after the name's ・ (ベル・ヘリコプター);
    # glued to a word it is a generic compound (ドクターヘリコプター, クリーンエナジー).
    if position == "after-dot":
        if s == 0 or text[s - 1] != "・":
            return []
        position = "suffix"
    # A Chinese form ends a name only after kanji (阿里巴巴集団; イスラム集団 is no company).
    if position == "after-kanji":
        if s == 0 or not re.match(_KANJI, text[s - 1]):
            return []
        position = "suffix"
    out = []
    if position in ("suffix", "either"):
        i = span.start
        # Mode C often glues the form to the name (三菱UFJ銀行): then the token is the name;
        # glued to a common word (発電機), no name.
        if span[0].idx < s:
            if _is_proper(span[0]):
                out.append(Candidate(span[0].idx, e, ORG, 2))
        else:
            words = 0  # the ・ between katakana parts is not a word of the name
            while i > 0 and _is_name_token(doc[i - 1]) and words < 4 \
                    and (doc[i - 1].text != "・" or _JOINING_DOT.match(text, doc[i - 1].idx)):
                i -= 1
                words += doc[i].text != "・"
            i += doc[i].text == "・"  # a name does not start with the joiner (制作・出版)
            # nor with a country prefix (英 + アーム・ホールディングス)
            prefix = _country_prefix_regex().match(text, doc[i].idx) if i < span.start - 1 else None
            i += prefix is not None and prefix.end() == doc[i + 1].idx
            run = doc[i:span.start]
            if run and (any(_is_proper(t) for t in run) or run[0].idx in known_starts) \
                    and not _full_person_name(run):
                out.append(Candidate(doc[i].idx, e, ORG, 2))
    if position in ("prefix", "either") and span[0].idx == s:
        j = span.end
        while j < len(doc) and _in_name_after_form(doc[j]) and j - span.end < 4:
            j += 1
        if j > span.end:
            out.append(Candidate(s, doc[j - 1].idx + len(doc[j - 1].text), ORG, 2))
    return out


def _full_person_name(tokens) -> bool:
    """Whether a surname and a given name stand together (Sudachi's 人名-姓 + 人名-名): a
    form after a person's full name is part of a title (永守重信 + グローバルグループ代表),
    as companies take the founder's surname only (本田技研工業)."""
    return any(a.tag_.endswith("人名-姓") and b.tag_.endswith("人名-名") for a, b in zip(tokens, tokens[1:]))


@lru_cache(maxsize=None)
def _country_prefix_regex():
    """A country prefix or name standing alone (not after kanji or katakana: 日米, 欧米)
    before a katakana or Latin name."""
    cues = lexicon.company_cues()
    prefixes = "|".join(map(re.escape, sorted(cues["country"] | cues["country-name"], key=len, reverse=True)))
    return re.compile(rf"(?<![\u4e00-\u9fff々\u30a0-\u30ff])(?:{prefixes})(?=[\u30a1-\u30faA-Za-z])")


_OPEN_PAREN = re.compile(r"[（(]")


def company_cue_candidates(doc: Doc, text: str, model: list[Candidate] = ()) -> list[Candidate]:
    """Names Japanese business news marks as companies (``data/entities/company_cues.tsv``):
    after a country prefix (米アップル, 独シーメンス; not 英ジョンソン首相, whom a title
    makes a person) and before a head-office parenthesis (カケハシ（東京都中央区）, its
    first word a place name or 本社), and a name in 「」 that is founded
    (「スタジオぎゃろっぷ」を設立; not a foundation's, 「X財団」).  The model's span
    there gives the name's other edge, else the name tokens do; an address in the
    brackets is no company.  A model
    span right after a noun that says what it names (子会社ウェイモ, 自動車大手トヨタ) is
    a company too, of whatever label.

    >>> from pipeline.nlp import build_nlp
    >>> text = "仏シュナイダーエレクトリックと国内のカケハシ（東京・中央）が提携した。"
    >>> doc = build_nlp(ner=False).make_doc(text)
    >>> [(text[c.start:c.end], c.label) for c in company_cue_candidates(doc, text)]
    [('シュナイダーエレクトリック', 'ORG'), ('カケハシ', 'ORG'), ('東京・中央', 'BLOCK')]
    """
    cues = lexicon.company_cues()
    out = [Candidate(c.start, c.end, ORG, 2) for c in model
           if text.endswith(tuple(cues["kind"]), 0, c.start) and not _cue_after(text, c.end)]
    for m in _kind_latin_regex().finditer(text):
        s, e = m.span(1)
        if not any(c.start < e and s < c.end for c in model) and not is_common_word(m.group(1)) \
                and doc.char_span(s, e) is not None and not _cue_after(text, e):
            out.append(Candidate(s, e, ORG, 2))
    for m in _founded_regex().finditer(text):
        s, e = m.span(1)
        if doc.char_span(s, e) is not None and not text.endswith(lexicon.other_heads(), s, e):
            out.append(Candidate(s, e, ORG, 2))
    for m in _country_prefix_regex().finditer(text):
        prefix = doc.char_span(m.start(), m.end())
        if prefix is None or prefix.end >= len(doc):
            continue
        start = m.end()
        end = next((c.end for c in model if c.start == start), None)
        if end is None and m.group() in cues["country"]:  # a country's name is no mark alone
            end = _name_run_end(doc, prefix.end)
            if end is not None and is_place(text[start:end]):
                end = None  # 米サンフランシスコを拠点とする
        if end and not _cue_after(text, end) and not _is_sector(text, start, end):
            out.append(Candidate(start, end, ORG, 2))
    for m in _OPEN_PAREN.finditer(text):
        paren = doc.char_span(m.start(), m.end())
        if paren is None or paren.start == 0 or paren.end >= len(doc):
            continue
        first = doc[paren.end]
        if "地名" not in first.tag_ and first.text not in cues["head-office"] \
                and first.text not in cues["country"]:
            continue
        start = next((c.start for c in model if c.end == m.start()), None) \
            or _name_run_start(doc, paren.start)
        if start is not None and start < m.start():
            out.append(Candidate(start, m.start(), ORG, 2))
        if (end := _address_end(doc, paren.end)) is not None:  # （東京・港）: no company
            out.append(Candidate(m.end(), end, BLOCK, 2))
    return out


@lru_cache(maxsize=None)
def _founded_regex():
    """A name in 「」 (no sentence: no comma, full stop or bracket in it) and a verb of
    founding right after it (``founded`` in ``data/entities/company_cues.tsv``)."""
    verbs = "|".join(map(re.escape, sorted(lexicon.company_cues()["founded"])))
    return re.compile(rf"「([^「」『』、。，．（）()]{{1,40}})」を?(?:{verbs})")


@lru_cache(maxsize=None)
def _kind_latin_regex():
    """A noun that says what the next name is, then (after の or not) a capitalized Latin
    name that Japanese script does not go on from: 生成AIスタートアップのELYZA,
    SaaS企業のHENNGE.  The model, trained mostly on Japanese names, misses many."""
    kinds = sorted({k.removesuffix("の") for k in lexicon.company_cues()["kind"]}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, kinds))})の?{_LATIN_RUN}"
                      rf"(?![A-Za-z0-9\u30a0-\u30ff\u4e00-\u9fff])")


def _is_sector(text: str, start: int, end: int) -> bool:
    """Whether a noun that says what the next name is ends the name or follows it: the
    name is a sector, no company (米テック大手, 米EVメーカー).  Not 会社 nor the relations
    with の: a company stands before 子会社 and 持ち株会社 (米グーグル子会社)."""
    return text.endswith(_kind_words(), start, end) or text.startswith(_kind_words(), end)


@lru_cache(maxsize=None)
def _kind_words() -> tuple[str, ...]:
    """The ``kind`` nouns that stand right before a name, without の; not 会社, which ends
    legal forms (株式会社)."""
    return tuple(k for k in lexicon.company_cues()["kind"] if k != "会社" and not k.endswith("の"))


def _address_end(doc: Doc, i: int) -> int | None:
    """The end of the address that fills the brackets from token ``i`` on: place names,
    本社 or a country, joined by ``・``, ``：`` or ``、``, and in the press's short form a
    ward after ``・`` (東京・港, 東京・中央); None if anything else is inside.

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("同社（東京・港）とA社（東京海上日動）")
    >>> _address_end(doc, 2), _address_end(doc, 9)
    (7, None)
    """
    cues = lexicon.company_cues()
    words = cues["head-office"] | cues["country"]
    j = i
    while j < len(doc) and doc[j].text not in _CLOSE_BRACKETS:
        token = doc[j]
        ward = j > i and doc[j - 1].text == "・" and token.pos_ == "NOUN"
        if not ("地名" in token.tag_ or token.text in words or token.text in "・：:、" or ward):
            return None
        j += 1
    return doc[j].idx if i < j < len(doc) else None


@lru_cache(maxsize=None)
def _officer_titles() -> tuple[str, ...]:
    """A company officer's titles (``company`` in ``data/entities/person_cues.tsv``),
    longest first."""
    return tuple(sorted(_cues()["company"], key=len, reverse=True))


@lru_cache(maxsize=None)
def _officer_regex():
    """の, then within a short name, a company officer's title."""
    titles = "|".join(map(re.escape, _officer_titles()))
    return re.compile(rf"の(?=[^。、\n]{{0,16}}?(?:{titles}))")


def _title_at(text: str, pos: int) -> str | None:
    return next((t for t in _officer_titles() if text.startswith(t, pos)), None)


_CAPITALIZED_WORD = re.compile(r"[A-Z0-9][A-Za-z0-9.&'-]*")
_GENERIC_ACRONYM = re.compile(r"[A-Z]{0,2}|[0-9 ]+")  # AI, EV, IT, 12 (or nothing): no company


def officer_candidates(doc: Doc, text: str, model: list[Candidate] = ()) -> list[Candidate]:
    """A Latin or proper-noun name whose officer follows with の is a company: LayerXの
    CEO, LayerXの福島良典CEO (``company`` cues in ``data/entities/person_cues.tsv``; the
    officer's name in between may be Sudachi 人名 tokens, katakana or Latin words).  The
    model's span ending at the の gives the name's start, else the name tokens do.

    >>> from pipeline.nlp import build_nlp
    >>> text = "LayerXの福島良典CEOとAcme Labsの社長"
    >>> [text[c.start:c.end] for c in officer_candidates(build_nlp(ner=False).make_doc(text), text)]
    ['LayerX', 'Acme Labs']
    """
    out = []
    for m in _officer_regex().finditer(text):
        no = doc.char_span(m.start(), m.end())
        if no is None or no.start == 0 or no.end >= len(doc):
            continue
        j, title = no.end, None
        while j < len(doc) and not (title := _title_at(text, doc[j].idx)) and j - no.end < _NAME_RUN \
                and ("人名" in doc[j].tag_ or _in_name_run(doc[j]) or doc[j].is_space):
            j += 1
        if title is None or doc.char_span(doc[j].idx, doc[j].idx + len(title)) is None:
            continue  # 代表 in 代表的 is no title
        start = next((c.start for c in model if c.end == m.start()), None)
        if start is None:
            i = no.start
            while i > 0 and no.start - i < _NAME_RUN and _officer_company_token(doc[i - 1]):
                i -= 1
            name = text[doc[i].idx:m.start()] if i < no.start else ""
            start = doc[i].idx if name[:1] != "・" and not _GENERIC_ACRONYM.fullmatch(name) else None
        if start is not None:
            out.append(Candidate(start, m.start(), ORG, 2))
    return out


def _officer_company_token(token) -> bool:
    """A token of a company name before an officer: a capitalized Latin word, a proper
    noun that is no person's or place's name (Sudachi 固有名詞-一般), a ・ between them."""
    return bool(_CAPITALIZED_WORD.fullmatch(token.text)) or token.text == "・" \
        or token.tag_ == "名詞-固有名詞-一般" or token.is_space and token.i > 0 \
        and bool(_CAPITALIZED_WORD.fullmatch(token.doc[token.i - 1].text))


_NAME_RUN = 8  # tokens, the ・ between parts included: グロービス・キャピタル・パートナーズ


def _in_name_run(token) -> bool:
    return _is_proper(token) or token.text == "・"


def _name_run_end(doc: Doc, i: int) -> int | None:
    """The end of the name that starts at token ``i``: proper nouns, katakana and Latin
    words, and the ``・`` between them, up to a title; None where it is a place: place
    names ending in kanji or with a kanji word after them (米カリフォルニア州,
    米ワシントン州; 米アマゾンが is a company)."""
    j = i
    while j < len(doc) and j - i < _NAME_RUN and _in_name_run(doc[j]) \
            and not (j > i and doc[j].text in _cues()["after"]):
        j += 1
    while j > i and doc[j - 1].text == "・":
        j -= 1
    if j == i or all("地名" in t.tag_ for t in doc[i:j]) \
            and (_ONE_KANJI.match(doc[j - 1].text[-1]) or j < len(doc) and _ONE_KANJI.match(doc[j].text)):
        return None
    return doc[j - 1].idx + len(doc[j - 1].text)


def _name_run_start(doc: Doc, i: int) -> int | None:
    """The start of the name that ends before token ``i``, as :func:`_name_run_end`; None
    where it is a person's name (人名 tokens only)."""
    j = i
    while j > 0 and i - j < _NAME_RUN and _in_name_run(doc[j - 1]):
        j -= 1
    while j < i and doc[j].text == "・":
        j += 1
    if j == i or all("人名" in t.tag_ for t in doc[j:i]):
        return None
    return doc[j].idx


# --------------------------------------------------------------------------- people

def _cues():
    return lexicon.person_cues()


_ENGLISH_ARTICLE = re.compile(r"(?:the|its|a|an) ")


def _cue_after(text: str, end: int) -> bool:
    """Whether an honorific or title follows: "Mary Barra, chair and CEO", "Taro Hale,
    the chief executive of"."""
    rest = text[end:end + 16].lstrip(" 　,")
    rest = rest[m.end():] if (m := _ENGLISH_ARTICLE.match(rest)) else rest
    return any(rest.startswith(c) for c in _cues()["after"])


def _cue_before(text: str, start: int) -> bool:
    before = text[max(0, start - 16):start].rstrip(" 　")
    return any(before.endswith(c) for c in _cues()["before"])


_JOINERS = ("・", "＝", "=")
_KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")


# Sudachi's person-name tags (UniDic POS), the evidence for Japanese-script names.
_NAME_TAGS_PERSON = ("名詞-固有名詞-人名-一般", "名詞-固有名詞-人名-姓", "名詞-固有名詞-人名-名")


def japanese_person_candidates(doc: Doc, text: str, tags_alone: bool = True) -> list[Candidate]:
    """Runs of Sudachi 人名 tokens: 姓+名, katakana names joined by ・, or a name with a cue
    (a title or honorific); only the last with ``tags_alone`` off."""
    strings = doc.vocab.strings
    person_tags = [strings.add(t) for t in _NAME_TAGS_PERSON]
    _, family, given = person_tags
    # Arrays, not Token objects (making one per token is the slow part), and only
    # around a 人名 tag.
    tag, orth, idx, length = doc.to_array([TAG, ORTH, IDX, LENGTH]).T
    hits = numpy.flatnonzero(numpy.isin(tag, person_tags)).tolist()
    if not hits:
        return []
    tag, orth, idx, length = tag.tolist(), orth.tolist(), idx.tolist(), length.tolist()
    joiners = {strings.add(j) for j in _JOINERS}
    n = len(tag)

    def name(k: int) -> bool:
        return tag[k] in person_tags

    def katakana(k: int) -> bool:
        return _KATAKANA.match(text[idx[k]:idx[k] + length[k]]) is not None

    out = []
    i = 0
    for hit in hits:
        if hit < i:
            continue
        i = hit
        j = i + 1
        while j < n:
            if name(j):
                j += 1
            elif orth[j] in joiners and j + 1 < n and name(j + 1) and katakana(j - 1) \
                    and katakana(j + 1):
                j += 2  # ジョン・スミス; between kanji names ・ separates a list (高橋・渡辺)
            else:
                break
        # Katakana parts joined by ・ belong to the name even when Sudachi does not know them.
        while i >= 2 and orth[i - 1] in joiners and katakana(i - 2):
            i -= 2
        while j + 1 < n and orth[j] in joiners and katakana(j + 1):
            j += 2
        if tag[j - 1] == given and j < n \
                and _rest_of_given_name(text, idx[j - 1], length[j - 1], idx[j], length[j]):
            j += 1  # 伊藤 穣 + 一: a rare given name Sudachi splits (_given_name_end)
        start, end = idx[i], idx[j - 1] + length[j - 1]
        full_name = any(a == family and b == given for a, b in zip(tag[i:j], tag[i + 1:j]))
        joined = any(o in joiners for o in orth[i:j])
        if tags_alone and (full_name or joined) or _cue_after(text, end) or _cue_before(text, start):
            out.append(Candidate(start, end, PERSON, 1))
        i = j
    return out


# A person's name word is capitalized, not all capitals: "CEO Andy Jassy" gives "Andy Jassy";
# a hyphen or an apostrophe may join its parts (Lip-Bu, O'Brien), a possessive is no part.
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-Z]?[a-z]+|'(?!s\b)[A-Z]?[a-z]+)*"  # Chloé
# A middle initial (Mary T. Barra) and the lower-case particles of a surname (Ursula von
# der Leyen; ``data/entities/name_particles.tsv``) may stand inside.
_NAME_PARTICLES = "|".join(map(re.escape, lexicon.name_particles()))
_LATIN_NAME = re.compile(rf"(?<![A-Za-z0-9]){_NAME_WORD}(?: [A-Z]\.)?(?: (?:(?:{_NAME_PARTICLES}) )*{_NAME_WORD})"
                         r"{1,2}(?![A-Za-z0-9])")
_DOMAIN_NAME = re.compile(r"(?<![A-Za-z0-9.])[A-Z][A-Za-z0-9-]*\.(?:ai|com|io|co|jp|net|org)"
                          r"(?![A-Za-z0-9])")


@lru_cache(maxsize=None)
def _latin_title_regex():
    """A capitalized title word among the person cues (President, Officer ...)."""
    titles = [c for c in _cues()["before"] if re.fullmatch(_NAME_WORD, c)]
    return re.compile(rf"\b(?:{'|'.join(titles)})(?= )")


def latin_candidates(text: str, english: bool = False) -> list[Candidate]:
    """Latin-script names: 'CEO Andy Jassy' / 'Maria Chen氏' are people; 'Creati.ai' and
    'founder of Acme' are companies.  In ``english`` text, a run that begins with a given
    name is a person too ('Jane Hale said'); in Japanese text a Latin run with no title
    beside it is as often a band's or a work's name (Johnny Sox in the Stockmark data).

    >>> [(c.label, c.start, c.end) for c in latin_candidates("CEO Andy Jassyと Example.comの発表")]
    [('PERSON', 4, 14), ('ORG', 16, 27)]
    """
    out = []
    for m in _LATIN_NAME.finditer(text):
        # A capitalized title inside the run, or ending it, starts the name after it:
        # "Commission President Ursula von der Leyen", "Chief Executive Officer Tim Cook".
        title = max((t.end() for t in _latin_title_regex().finditer(text, m.start(), m.end() + 1)),
                    default=None)
        if title is not None:
            m = _LATIN_NAME.match(text, title + 1)
            if m is None:
                continue
        if title is not None or _cue_before(text, m.start()) or _cue_after(text, m.end()) \
                or english and _plain(m.group().split(" ", 1)[0]) in lexicon.given_names() \
                and not _in_headline(text, m.start()):
            out.append(Candidate(m.start(), m.end(), PERSON, 1))
    out += [Candidate(m.start(), m.end(), ORG, 1) for m in _DOMAIN_NAME.finditer(text)]
    if " of " in text:  # the regex's scan is not free on every Japanese chunk
        out += [Candidate(m.start(1), m.end(1), ORG, 1) for m in _officer_of_regex().finditer(text)]
    if english:
        investors, raisers = _funding_regexes()
        found = list(investors.finditer(text)) + [m for m in raisers.finditer(text)
                                                   if _amount_at(text, m.end())]
        out += [Candidate(m.start(1), m.end(1), ORG, 1) for m in found
                if _plain(first := m.group(1).split(" ", 1)[0]) not in lexicon.given_names()
                and first.lower() not in STOP_WORDS and not is_country(m.group(1))]
    return out


@lru_cache(maxsize=None)
def _funding_regexes():
    """Funding news' words before a capitalized name, the company's (a round led by
    Partech, participation from Japan's SBI Investment: ``investor-of`` in
    ``data/entities/company_cues.tsv``), and after one, before an amount (Orvane raises
    €20M: ``raiser-of``)."""
    cues = lexicon.company_cues()
    return (re.compile(rf"{lexicon.alternation(cues['investor-of'])} (?:[A-Z][a-z]+'s )?{_LATIN_RUN}"
                       r"(?![A-Za-z0-9])"),
            re.compile(rf"(?<![A-Za-z0-9]){_LATIN_RUN} {lexicon.alternation(cues['raiser-of'])} "))


def _amount_at(text: str, pos: int) -> bool:
    """Whether an amount of money (:func:`pipeline.money.find_amounts`) starts at ``pos``."""
    return any(a.start == 0 for a in find_amounts(text[pos:pos + 40])[:1])


def _plain(word: str) -> str:
    """``word`` without accents: the given-name list is in plain letters (Chloé → Chloe)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_LONG_WORD = re.compile(r"[A-Za-z]{4,}")


def _in_headline(text: str, pos: int) -> bool:
    """Whether ``pos`` is on a title-case line, every word of four letters or more
    capitalized (Bill Passes Senate: a given name there begins no person).

    >>> _in_headline("Bill Passes Senate After Debate\\nBill Hale said so.", 0), _in_headline("Bill Hale said so.", 0)
    (True, False)
    """
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = _LONG_WORD.findall(text, start, len(text) if end == -1 else end)
    return len(words) >= 3 and all(w[0].isupper() for w in words)


@lru_cache(maxsize=None)
def _officer_of_regex():
    """An English officer, "of" and a capitalized name: the company (chief executive of
    Starbucks; ``officer-of`` in ``data/entities/company_cues.tsv``)."""
    officers = lexicon.alternation(lexicon.company_cues()["officer-of"])
    return re.compile(rf"\b{officers} of {_LATIN_RUN}(?![A-Za-z0-9])")


# --------------------------------------------------------------------------- consistency

def propagate(text: str, found: list[Candidate]) -> list[Candidate]:
    """Other mentions of names found once: repeats, a Latin person's surname alone, and a
    company's short forms (:func:`company_short_forms`).

    >>> c = [Candidate(0, 10, PERSON, 1)]
    >>> [(x.start, x.end) for x in propagate("Andy Jassy said. Jassy added", c)]
    [(17, 22)]
    """
    names = other_forms([(text[c.start:c.end], c.label) for c in found if c.label in (ORG, PERSON)])
    return mentions(text, names, found)


def other_forms(found: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """{surface: (label, the name it stands for)} of names (surface, label) and their
    other forms: a Latin person's surname alone, a company's short forms.

    >>> other_forms([("Andy Jassy", "PERSON")])["Jassy"]
    ('PERSON', 'Andy Jassy')
    """
    names: dict[str, tuple[str, str]] = {}
    for surface, label in found:
        names.setdefault(surface, (label, surface))
        parts = surface.split(" ")
        if label == PERSON and len(parts) > 1 and parts[-1][:1].isupper():
            names.setdefault(parts[-1], (PERSON, surface))
    shorts = {short: (ORG, surface) for surface, (label, _) in names.items() if label == ORG
              for short in company_short_forms(surface) if short not in names}
    return {**names, **shorts}


def mentions(text: str, names: dict[str, tuple[str, str]], found: list[Candidate]) -> list[Candidate]:
    """The occurrences of ``names`` (:func:`other_forms`) in ``text`` that no candidate
    of ``found`` overlaps and that run into no longer word."""
    # An occurrence overlaps a found name if, among those starting before its end, the
    # furthest-reaching one ends after its start (a bisect, not a scan per occurrence).
    ordered = sorted(found, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    reach = list(accumulate((c.end for c in ordered), max))
    out = []
    for surface, (label, full) in names.items():
        short = full != surface and label == ORG
        edge = bool(_LATIN_EDGE.match(surface[0]))
        kana_end = bool(_KANA_CHAR.match(surface[-1]))
        kanji_end = bool(re.match(_KANJI, surface[-1]))
        for s in _occurrences(text, surface):
            e = s + len(surface)
            if edge and (s > 0 and _LATIN_EDGE.match(text[s - 1])
                         or e < len(text) and _LATIN_EDGE.match(text[e])):
                continue
            after = text[e:e + 1]
            if after and (kana_end and _KANA_OR_LATIN.match(after) or short and (
                    after in _JOINERS or kanji_end and re.match(_KANJI, after))):
                continue  # a longer name: ヨミトリ of 「ヨミトリAI」, 三井情報 of 三井情報開発, コンデナスト・ビル
            before = bisect_left(starts, e)
            if before and reach[before - 1] > s:
                continue
            out.append(Candidate(s, e, label, 0))
    return out


_FIRST_WORD = re.compile(r"[A-Z][A-Za-z]{2,}")  # Kotoba of Kotoba Robotics
_KANA_CHAR = re.compile(r"[\u30a1-\u30fa\u30fc]")
_KANA_OR_LATIN = re.compile(r"[\u30a1-\u30fa\u30fcA-Za-z]")


def company_short_forms(name: str) -> list[str]:
    """The shorter names a company's later mentions go by: its name without the legal form
    (（株）ツキカゲスタジオ → ツキカゲスタジオ), and the first word of a Latin name when
    the dictionary knows it as no common word, place or person (Kotoba Robotics Inc. →
    Kotoba; not East of East Ventures, Global of Global Brain).  A bare name the
    dictionary has as a common word (株式会社ドラフト) is left alone.

    >>> company_short_forms("（株）ツキカゲスタジオ"), company_short_forms("Kotoba Robotics Inc.")
    (['ツキカゲスタジオ'], ['Kotoba Robotics', 'Kotoba'])
    >>> company_short_forms("East Ventures"), company_short_forms("株式会社ドラフト")
    ([], [])
    """
    bare = lexicon.without_legal_form(name)
    out = [bare] if bare != name and len(bare) > 1 and not dictionary_word(bare) else []
    words = bare.split(" ")
    if len(words) > 1 and _FIRST_WORD.fullmatch(words[0]) and not dictionary_word(words[0]) \
            and words[0] not in lexicon.given_names():
        out.append(words[0])
    return out


def _occurrences(text: str, surface: str):
    """Start offsets of ``surface`` in ``text``, left to right, not overlapping (as
    ``re.finditer`` would give, without compiling a pattern per name)."""
    s = text.find(surface)
    while s != -1:
        yield s
        s = text.find(surface, s + len(surface))


# --------------------------------------------------------------------------- component

_CAPITALIZED = re.compile(r"[A-Z]")


def _name_like(span: Span) -> bool:
    """Whether a model span may be spread to the name's other mentions: katakana common
    nouns only (クラウド) are often loanwords the model took for a name; spreading them
    multiplies the error.  A proper-noun token or a capital letter makes a name."""
    return any("固有名詞" in t.tag_ or _CAPITALIZED.search(t.text) for t in span) \
        or not _KATAKANA.match(span.text)


def find_candidates(doc: Doc, model: list[Candidate] = (),
                    model_names: list[Candidate] = (), person_tags_alone: bool = True,
                    model_other: list[Candidate] = ()) -> tuple[list, list]:
    """(strong, weak) candidates: the alias table, corporate forms and Latin-script rules
    are strong; the statistical model's spans (``model``) and Sudachi's 人名 runs
    (only those with a title or honorific unless ``person_tags_alone``) are weak, used
    where nothing strong is.  Other mentions of every name found are added to its tier.
    ``model_other``: the model's ORG_OTHER spans (teams, government bodies ...); a rule's
    find that such a span goes on after is a modifier inside another name, not a company
    (ヤマハ in ヤマハ音楽振興会, the 航空 of ニュージーランド民間航空局): Japanese names
    end in their head.  One the span only starts before is kept (もしOpenAI is the
    model's slip).  Model spans that cannot be names (:func:`_generic`) are dropped."""
    text = doc_text(doc)
    known = alias_candidates(doc)
    terms = [c for c in known if c.label == BLOCK]
    known_spans = {(c.start, c.end) for c in known if c.label == ORG}
    model = [part for c in model for part in _model_parts(doc, text, c, terms)
             if not _list_of_known(text, part, known_spans)]
    kept = set(model)
    model_names = [c for c in model_names if c in kept]
    known = [_with_legal_form(text, c) for c in known]
    strong = known + corporate_candidates(doc, text, model, known) \
        + latin_candidates(text, english=doc.lang_ == "en")
    if doc.lang_ == "ja":
        strong += company_cue_candidates(doc, text, model) + officer_candidates(doc, text, model)
    strong = [_with_counter(doc, _with_latin_head(doc, text, _extended(doc, text, c, model))) for c in strong
              if not any(o.start <= c.start and c.end < o.end for o in model_other)
              and not _list_of_known(text, c, known_spans)]
    if not person_tags_alone:  # a statistical model ran: where it saw nothing, it says so
        seen = [*model, *model_other]
        strong = [c for c in strong if not _modifier_the_model_passed(doc, text, c, seen)]
    starts = {c.start for c in strong if c.label != BLOCK}
    strong = [_before_model_code(text, _inside_longer_name(doc, text, c, starts))
              for c in strong]
    people = japanese_person_candidates(doc, text, person_tags_alone) if doc.lang_ == "ja" else []
    companies = {text[c.start:c.end] for c in strong if c.label == ORG}
    persons = {text[c.start:c.end] for c in model + people if c.label == PERSON} - companies
    weak = [_company_short_form(text, c, companies, persons) for c in model] + people
    # a repeat right before the head of a place or event is inside its name (菅島 + 灯台)
    return (strong + propagate(text, strong),
            weak + [c for c in propagate(text, strong + list(model_names) + people)
                    if not _in_other_name(doc, text, c)])


def _list_of_known(text: str, found: Candidate, known: set[tuple[int, int]]) -> bool:
    """Whether a find (a rule's or the model's) is known companies joined by ``・``
    (米アップル・グーグル・アマゾンの3社): a list, whose names the alias table finds one
    by one; the ``・`` inside one katakana name joins no two known names.

    >>> text = "米アップル・グーグルの2社"
    >>> _list_of_known(text, Candidate(1, 10, ORG, 2), {(1, 5), (6, 10)})
    True
    """
    parts = text[found.start:found.end].split("・")
    if found.label == BLOCK or len(parts) < 2:
        return False
    ends = [found.start + len("・".join(parts[:i + 1])) for i in range(len(parts))]
    return all((end - len(part), end) in known for part, end in zip(parts, ends))


def _company_short_form(text: str, found: Candidate, companies: set[str], persons: set[str]) -> Candidate:
    """A model's person span that begins the name of a company the rules found in the
    article is that company's short form (シュナイダー after 仏シュナイダーエレクトリック, as
    GUIDELINES.md has 日産 after 日産自動車), unless a longer person's name holds it too
    (本田 of 本田宗一郎 beside 本田技研工業).

    >>> _company_short_form("シュナイダーの", Candidate(0, 6, PERSON, 0), {"シュナイダーエレクトリック"}, set()).label
    'ORG'
    """
    name = text[found.start:found.end]
    if found.label == PERSON and any(len(c) > len(name) and c.startswith(name) for c in companies) \
            and not any(len(p) > len(name) and name in p for p in persons):
        return Candidate(found.start, found.end, ORG, found.priority)
    return found


@lru_cache(maxsize=None)
def _legal_form_after():
    """A Latin legal form right after a name: " Corp.", ", Inc." (``legal`` forms of
    ``data/entities/corporate_forms.tsv``)."""
    forms = [f for f in lexicon.legal_forms() if f.isascii()]
    return re.compile(rf",? (?:{'|'.join(map(re.escape, forms))})(?![A-Za-z])")


def _with_legal_form(text: str, found: Candidate) -> Candidate:
    """A known company with its legal form after it (GUIDELINES.md: the form belongs to
    the name): Bank of America Corp., whose "of" the Latin corporate rule does not cross.

    >>> _with_legal_form("Bank of America Corp. said", Candidate(0, 15, ORG, 3)).end
    21
    """
    m = _legal_form_after().match(text, found.end) if found.label == ORG else None
    return Candidate(found.start, m.end(), ORG, found.priority) if m else found


def _without_trailer(doc: Doc, text: str, found: Candidate) -> Candidate:
    """A model's company span without the word after the name that it ran into
    (``trailer`` in ``data/entities/company_cues.tsv``: 東映東京撮影所 + 製作, ホンダ +
    本社), nor the place of a branch whose unit word follows (フジテレビ + 札幌 + 支局,
    九州電力 + 東京 + 支社: ``unit``).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("フジテレビ札幌支局が")
    >>> _without_trailer(doc, doc.text, Candidate(0, 7, ORG, 0)).end
    5
    """
    span = doc.char_span(found.start, found.end) if found.label == ORG else None
    if span is None or len(span) < 2:
        return found
    last = span[-1]
    if last.text in lexicon.company_cues()["trailer"] or is_place(last.text) \
            and text.startswith(tuple(lexicon.company_cues()["unit"]), found.end):
        return Candidate(found.start, last.idx, ORG, found.priority)
    return found


def _undated(doc: Doc, found: Candidate) -> Candidate:
    """A model's span without the word before the name that dates it (現 + 川添情報株式会社,
    元 + J.C.STAFF: ``dated`` in ``data/entities/company_cues.tsv``).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("現川添情報株式会社となった")
    >>> _undated(doc, Candidate(0, 9, ORG, 0)).start
    1
    """
    span = doc.char_span(found.start, found.end)
    if span is None or len(span) < 2 or span[0].text not in lexicon.company_cues()["dated"]:
        return found
    return Candidate(span[1].idx, found.end, found.label, found.priority)


def _without_branch(doc: Doc, found: Candidate) -> Candidate:
    """A model's company span without the branch it ends in: a proper noun (a place, a
    district) and a branch's suffix or unit word (旭サービス + 恒富店, ジェイアールバス東北
    + 青森支店: ``branch`` and ``unit`` in ``data/entities/company_cues.tsv``); the
    company is the mention, as where the branch follows the span
    (:func:`_without_trailer`).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("ヨドバシカメラ梅田店で")
    >>> _without_branch(doc, Candidate(0, 10, ORG, 0)).end
    7
    """
    span = doc.char_span(found.start, found.end) if found.label == ORG else None
    cues = lexicon.company_cues()
    if span is None or len(span) < 3 or span[-1].text not in cues["branch"] | cues["unit"] \
            or "固有名詞" not in span[-2].tag_:
        return found
    return Candidate(found.start, span[-2].idx, ORG, found.priority)


def _with_counter(doc: Doc, found: Candidate) -> Candidate:
    """A company with the counter word right after it, as a token of its own
    (``counter`` in ``data/entities/company_cues.tsv``): スペースX + 社; not 社長.

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("グーグル社によると")
    >>> _with_counter(doc, Candidate(0, 4, ORG, 0)).end
    5
    """
    span = doc.char_span(found.start, found.end) if found.label == ORG else None
    if span is None or span.end == len(doc) or doc[span.end].text not in lexicon.company_cues()["counter"]:
        return found
    return Candidate(found.start, found.end + len(doc[span.end].text), ORG, found.priority)


def _model_parts(doc: Doc, text: str, found: Candidate, terms: list[Candidate]) -> list[Candidate]:
    """What a model span stands for: nothing if it cannot be a name or lies inside another
    kind of name; else its person parts, without a title and with the rest of a split
    given name, each a block if a model number follows."""
    found = _without_branch(doc, found)
    if _generic(doc, found, terms) or _in_other_name(doc, text, found) or _in_quoted_name(doc, text, found):
        return []
    found = _given_name_end(doc, text, _untitled(doc, text, _joined_end(text, _titled(text, found))))
    found = _without_country(doc, text, _without_shares(doc, _undated(doc, found)))
    found = _without_kind(doc, text, found)
    found = _with_latin_head(doc, text, found)
    found = _with_counter(doc, _without_trailer(doc, text, found))
    return [_before_model_code(text, part) for part in _person_parts(text, found)
            for part in _company_list_parts(text, part)]


_QUOTE_OPEN, _QUOTE_CLOSE = "「『", "」』"
_NAME_PARTS = ("名詞", "接頭辞", "接尾辞", "補助記号", "空白")


def _in_quoted_name(doc: Doc, text: str, found: Candidate) -> bool:
    """Whether a model span is part of a longer name in 「」: a product, a service, a
    project, an event, made of it and more nouns (「ハコブネ配車」, 「ERNIE（文心一言）」,
    「京都電気自動車プロジェクト」, 「日活村」), which is no mention of the company
    (GUIDELINES.md: Microsoft Azure).  A bracket that holds a sentence (「東京電力に全面
    撤退の形跡無し」) or the name alone leaves it a mention.

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("「ハコブネ配車」と「ハコブネに聞く」")
    >>> [_in_quoted_name(doc, doc.text, Candidate(s, s + 4, ORG, 0)) for s in (1, 10)]
    [True, False]
    """
    opening = max(text.rfind(q, max(0, found.start - 40), found.start + 1) for q in _QUOTE_OPEN)
    closing = [i for i in (text.find(q, found.end, found.end + 40) for q in _QUOTE_CLOSE) if i >= 0]
    if opening < 0 or not closing or (found.start, found.end) == (opening + 1, min(closing)):
        return False
    inner = doc.char_span(opening + 1, min(closing), alignment_mode="contract")
    return inner is not None and inner.start_char == opening + 1 and inner.end_char == min(closing) \
        and not any(q in inner.text for q in _QUOTE_OPEN + _QUOTE_CLOSE) \
        and all(t.tag_.startswith(_NAME_PARTS) for t in inner)


def _titled(text: str, found: Candidate) -> Candidate:
    """A model's company span right before an honorific or an office only people hold
    (``people`` in ``data/entities/person_cues.tsv``: 氏, 大統領 ...) is a person.

    >>> _titled("ウィンミン大統領が", Candidate(0, 5, ORG, 0)).label
    'PERSON'
    """
    if found.label == ORG and any(text.startswith(c, found.end) for c in _cues()["people"]):
        return Candidate(found.start, found.end, PERSON, found.priority)
    return found


def _without_country(doc: Doc, text: str, found: Candidate) -> Candidate:
    """A model's company span without the country before a katakana or Latin name
    (GUIDELINES.md keeps 米 of 米Apple outside; 韓国ネイバー gives ネイバー).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("韓国ネイバーと")
    >>> _without_country(doc, doc.text, Candidate(0, 6, ORG, 0)).start
    2
    >>> _without_country(doc, doc.text, Candidate(0, 2, ORG, 0)).start  # the country alone: as it is
    0
    """
    m = _country_prefix_regex().match(text, found.start) if found.label == ORG else None
    if m is None or m.end() >= found.end or doc.char_span(m.end(), found.end) is None:
        return found
    return Candidate(m.end(), found.end, ORG, found.priority)


_NAME_AFTER_KIND = re.compile(r"[\u30a1-\u30faA-Za-z]")


def _without_kind(doc: Doc, text: str, found: Candidate) -> Candidate:
    """A model's company span without the nouns before it that say what it names
    (スウェーデン企業 + シンボックス, 半導体メーカー + TSMC: ``kind`` in
    ``data/entities/company_cues.tsv``), as :func:`company_cue_candidates` reads them
    when the model leaves them out.  Only common nouns and places before the kind's
    word, and a katakana or Latin name after it; not 会社, which ends legal forms
    (株式会社ナムコ).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("スウェーデン企業シンボックスと半導体メーカーTSMC")
    >>> [_without_kind(doc, doc.text, Candidate(s, e, ORG, 0)).start for s, e in ((0, 14), (15, 26))]
    [8, 22]
    """
    span = doc.char_span(found.start, found.end) if found.label == ORG else None
    for i, token in enumerate(span[:-1] if span is not None else ()):
        if not token.tag_.startswith(("名詞-普通名詞", "名詞-固有名詞-地名")) and not token.text.isascii():
            return found
        if token.text in _kind_words() and _NAME_AFTER_KIND.match(text, token.idx + len(token.text)):
            return Candidate(span[i + 1].idx, found.end, ORG, found.priority)
    return found


_LATIN_HEAD = re.compile(r"(?<![A-Za-z0-9.&])[0-9]*[A-Z][A-Za-z0-9.&]*$")
_LATIN_WORD_START = re.compile(r"(?<![A-Za-z0-9.&])[A-Za-z0-9.&]+$")


def _with_latin_head(doc: Doc, text: str, found: Candidate) -> Candidate:
    """A company span that starts right after Latin letters lacks its first word:
    a name may begin with an acronym (LVMHモエ・ヘネシー, NTTドコモ, B.A.Rホンダ), and no
    company in the Stockmark data starts right after a Latin letter; nor does a
    span start inside a Latin word (3 + Di社, which Sudachi splits).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("仏LVMHモエ・ヘネシーの")
    >>> _with_latin_head(doc, doc.text, Candidate(5, 12, ORG, 0)).start
    1
    """
    if found.label != ORG:
        return found
    head = _LATIN_WORD_START if _LATIN_EDGE.match(text, found.start) else _LATIN_HEAD
    m = head.search(text, max(0, found.start - 20), found.start)
    if m is None or doc.char_span(m.start(), found.end) is None:
        return found
    return Candidate(m.start(), found.end, ORG, found.priority)


_AFTER_JOINER = re.compile(r"[\u30a0-\u30ff]+")


def _joined_end(text: str, found: Candidate) -> Candidate:
    """A name does not end in the ``・`` that joins its parts: a model span that does
    takes the katakana part after it (デビッド・ヘンリー・ + ファン), or else drops it.

    >>> _joined_end("デビッド・ヘンリー・ファン台本", Candidate(0, 10, PERSON, 0)).end
    13
    """
    if text[found.end - 1] not in _JOINERS or found.end - found.start < 2:
        return found
    m = _AFTER_JOINER.match(text, found.end)
    return Candidate(found.start, m.end() if m else found.end - 1, found.label, found.priority)


def _person_parts(text: str, found: Candidate) -> list[Candidate]:
    """A model's person span that is no one person: with ``・`` or ``&`` between kanji it
    is a list of people (板垣・後藤, 坂口&小林); with ``&`` (or アンド, エンド) between other
    parts, a firm named after its founders (ジョンソン・エンド・ジョンソン, ベンソン&ヘッジス).
    In katakana the ``・`` joins the parts of one name.  (The Stockmark dev split has no
    person with a kanji ``・`` kanji, and 38 such lists.)

    >>> [(c.start, c.end) for c in _person_parts("明治政府は板垣・後藤に", Candidate(5, 10, PERSON, 0))]
    [(5, 7), (8, 10)]
    >>> _person_parts("ベンソン&ヘッジスの", Candidate(0, 9, PERSON, 0))[0].label
    'ORG'
    """
    if found.label != PERSON:
        return [found]
    cuts = [m.start() for m in _KANJI_LIST.finditer(text, found.start, found.end)]
    if not cuts and _FIRM_JOINER.search(text, found.start, found.end):
        return [Candidate(found.start, found.end, ORG, found.priority)]
    return _split_at(found, cuts)


def _split_at(found: Candidate, cuts: list[int]) -> list[Candidate]:
    """``found`` in parts, without the one-character separators at ``cuts``."""
    edges = [found.start, *[x for cut in cuts for x in (cut, cut + 1)], found.end]
    return [Candidate(a, b, found.label, found.priority) for a, b in zip(edges[::2], edges[1::2])]


# A ・ after two kanji (a word, not the prefix of 旧・) and before two characters or more
_COMPANY_LIST = re.compile(rf"(?<={_KANJI}{_KANJI})・(?=..)")


def _company_list_parts(text: str, found: Candidate) -> list[Candidate]:
    """A model's company span that is a list of companies: a ``・`` after a kanji word
    (two kanji or more) separates them (大阪鉄道・関西鉄道, 三越・あさひ銀行), where in
    katakana it joins the parts of one name (ジョージ・ピーボディ).  Two of the Stockmark dev split's 1,279
    company spans hold a kanji word before a ``・`` (村野・森建築事務所, 旧・京浜電気鉄道);
    a one-kanji prefix (旧・) is no word.

    Any ``・`` separates companies where a count of at least as many companies follows
    the span (タワーレコード・NTTドコモ・レコチョクの3社).

    >>> [(c.start, c.end) for c in _company_list_parts("三越・あさひ銀行・フジタ等", Candidate(0, 12, ORG, 0))]
    [(0, 2), (3, 8), (9, 12)]
    >>> [(c.start, c.end) for c in _company_list_parts("タワーレコード・レコチョクの2社", Candidate(0, 13, ORG, 0))]
    [(0, 7), (8, 13)]
    """
    if found.label != ORG:
        return [found]
    joints = [found.start + i for i, ch in enumerate(text[found.start:found.end - 1]) if ch == "・" and i]
    if joints and len(joints) < _companies_counted(text, found.end):
        return _split_at(found, joints)
    return _split_at(found, [m.start() for m in _COMPANY_LIST.finditer(text, found.start, found.end - 1)])


_COUNT = re.compile(r"の?([0-9０-９〇一二三四五六七八九十]+)")


def _companies_counted(text: str, pos: int) -> int:
    """How many companies a count right at ``pos`` says there are (の3社, 二社: ``counter`` in
    ``data/entities/company_cues.tsv``); 0 if there is none.

    >>> _companies_counted("の3社による", 0), _companies_counted("三社", 0), _companies_counted("の2社目", 0)
    (3, 3, 0)
    """
    m = _COUNT.match(text, pos)
    counter = next((c for c in lexicon.company_cues()["counter"] if text.startswith(c, m.end())), None) if m else None
    if counter is None or text.startswith("目", m.end() + len(counter)):  # 2社目: an ordinal
        return 0
    return int(parse_number(m.group(1)) or 0)


_ONE_KANJI = re.compile(_KANJI)


def _given_name_end(doc: Doc, text: str, found: Candidate) -> Candidate:
    """A model's person span ending in a one-kanji given name (Sudachi's 人名-名) that
    one more lone kanji follows takes that kanji: Sudachi splits a rare two-kanji given
    name into a given name and a noun (伊藤穣 + 一, 今井徳 + 順, 松平正 + 質), and the
    model stops where Sudachi's name does.  Not a word that follows names as a word of
    its own (``data/entities/name_suffixes.tsv``: 役, 家, 派 ...) nor a title.

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False)("初代理事の伊藤穣一のデジタル")
    >>> _given_name_end(doc, doc.text, Candidate(5, 8, PERSON, 0)).end
    9
    """
    span = doc.char_span(found.start, found.end)
    if found.label != PERSON or span is None or span.end >= len(doc) \
            or not span[-1].tag_.endswith("人名-名"):
        return found
    last, nxt = span[-1], doc[span.end]
    if _rest_of_given_name(text, last.idx, len(last.text), nxt.idx, len(nxt.text)):
        return Candidate(found.start, nxt.idx + 1, PERSON, found.priority)
    return found


@lru_cache(maxsize=None)
def _titles_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_cues()["after"], key=lambda c: (-len(c), c)))  # 総理大臣 before 大臣


def _untitled(doc: Doc, text: str, found: Candidate) -> Candidate:
    """A model's person span without the title it ends in (千江夫人, 浜口総理大臣), and
    its company span without a company officer's title (GM + バイスプレジデント: the
    officer is no part of the company's name): titles and honorifics stay outside the
    name (GUIDELINES.md); only a title that is whole tokens
    (``data/entities/person_cues.tsv``), after a name of at least a token.

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("浜口総理大臣代理")
    >>> _untitled(doc, doc.text, Candidate(0, 6, PERSON, 0)).end
    2
    >>> doc = build_nlp(ner=False).make_doc("GMバイスプレジデントの立場")
    >>> _untitled(doc, doc.text, Candidate(0, 11, ORG, 0)).end
    2
    """
    titles = _titles_longest_first() if found.label == PERSON else _company_titles() if found.label == ORG else ()
    for cue in titles:
        end = found.end - len(cue)
        if end > found.start and text.startswith(cue, end) and doc.char_span(end, found.end) is not None \
                and doc.char_span(found.start, end) is not None:
            return Candidate(found.start, end, found.label, found.priority)
    return found


@lru_cache(maxsize=None)
def _company_titles() -> tuple[str, ...]:
    return tuple(c for c in _titles_longest_first() if c in _cues()["company"])


def _rest_of_given_name(text: str, name: int, name_len: int, nxt: int, nxt_len: int) -> bool:
    """Whether the token at ``nxt`` is the rest of the one-kanji given name at ``name``:
    a lone kanji right after it that no other kanji follows but a title's, neither a
    word of its own after names (``data/entities/name_suffixes.tsv``) nor a title."""
    return name_len == 1 and nxt_len == 1 and nxt == name + 1 \
        and all(_ONE_KANJI.match(text, k) for k in (name, nxt)) \
        and (not _ONE_KANJI.match(text, nxt + 1) or _cue_after(text, nxt + 1)) \
        and text[nxt] not in lexicon.name_suffixes() and not _cue_after(text, nxt)


def _generic(doc: Doc, found: Candidate, terms: list[Candidate]) -> bool:
    """Whether a model span cannot be a name: an English function word (``Up`` of ``Up to
    $50 Billion`` at the start of a table cell), a corporate form alone (株式会社 of
    株式会社となる), a count (3社: ``data/entities/quantity_words.tsv``), common words
    only (:func:`_common_phrase`), a country alone (日本, 米国: no company span of the
    Stockmark dev split is one), or a product, regulator or generic term of the alias
    table with only common nouns beside it (AIラボ, AI研究ラボ: GUIDELINES.md's
    AIスタートアップ); a capital (Sakana AI) or a proper noun makes a name."""
    span = doc.char_span(found.start, found.end)
    if span is None:
        return False
    if span.text.lower() in STOP_WORDS or span.text in _corporate_regex()[1] \
            or _count_regex().fullmatch(span.text) or _common_phrase(span) or is_country(span.text):
        return True
    inner = [t for t in terms if found.start <= t.start and t.end <= found.end]
    rest = [tok for tok in span if not any(t.start <= tok.idx < t.end for t in inner)]
    return bool(inner) and all(tok.tag_.startswith("名詞-普通名詞")
                               and not _CAPITALIZED.search(tok.text) for tok in rest)


def _common_phrase(span: Span) -> bool:
    """Whether a span in Japanese script is common words only, none of them a company
    word: 払込期日, ハイブリッド車, 基幹システム, 史上初 (the model's slips).  A proper
    noun (松竹映画), a word the dictionary lacks (ハルカゼスタジオ), a company word (提携銀行,
    明光電機: ``data/entities/corporate_forms.tsv``), the head of another body's name
    (公認会計士協会: ``data/entities/other_heads.tsv``) or Latin letters (DEC, PNC: the
    dictionary has acronyms as common nouns) make it a name; so does one katakana word,
    as companies take loanwords for names (ライオン, スクエア)."""
    if _LATIN_EDGE.search(span.text) or len(span) == 1 and _KATAKANA.match(span.text) \
            or not all(t.tag_.startswith(("名詞", "接頭辞", "接尾辞")) for t in span):
        return False
    return all(is_common_word(t.text) for t in span) and not any(
        t.text.endswith(_company_words()) for t in span) and span[-1].text not in lexicon.other_heads()


@lru_cache(maxsize=None)
def _company_words() -> tuple[str, ...]:
    return tuple(form for form, _, script in lexicon.corporate_forms() if script == "ja")


@lru_cache(maxsize=None)
def _count_regex():
    return re.compile(rf"[0-9０-９,]+{lexicon.alternation(lexicon.quantity_words())}")


def _without_shares(doc: Doc, found: Candidate) -> Candidate:
    """A model company span ending in 株 ("shares": しまなみ銀行株は前日比4%高) without it;
    （株） and ㈱, the legal form, are other tokens.

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("カワセミ銀行株は上昇")
    >>> _without_shares(doc, Candidate(0, 7, ORG, 0)).end
    6
    """
    span = doc.char_span(found.start, found.end) if found.label == ORG else None
    if span is not None and len(span) > 1 and span[-1].text == "株":
        return Candidate(found.start, span[-1].idx, ORG, found.priority)
    return found


@lru_cache(maxsize=None)
def _foreign_company(name: str) -> bool:
    """Whether the alias table knows ``name`` as a company whose name is Latin and has no
    kanji rendering (Microsoft, IBM; not Toyota Motor, which has トヨタ自動車)."""
    alias = lexicon.alias_of(name)
    if alias is None or alias.kind != ORG or not alias.canonical.isascii():
        return False
    return not any(re.search(_KANJI, a.surface) for a in lexicon.aliases() if a.canonical == alias.canonical)


def _extended(doc: Doc, text: str, found: Candidate, model: list[Candidate]) -> Candidate:
    """A known company the model reads as the start of a longer one is that longer one
    when the rest is name tokens (シーメンス + AG, 東芝 + エレベータ: a subsidiary's
    name), also Japanese after a space, which Japanese prose puts between words only
    inside a name (パナソニック + エナジー); a particle is not (AWS + の), nor a model
    number (エアバス + A320neo: a product).  A model company right after a known one,
    with nothing between, is the rest of its name (楽天 + モバイル: the model left 楽天 out).
    A country's name after a space ends a Latin subsidiary's name (Google + Japan), after
    ・ a katakana one's (セールスフォース + ・ジャパン); a country before a foreign company
    the alias table knows begins its subsidiary's there (日本 + マイクロソフト:
    ``subsidiary-prefix`` in ``data/entities/company_cues.tsv``).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("Google Japanは")
    >>> _extended(doc, doc.text, Candidate(0, 6, ORG, 3), []).end
    12
    """
    span = doc.char_span(found.start, found.end) if found.label == ORG else None
    if span is not None and span.end < len(doc):
        nxt = doc[span.end]
        if nxt.idx == found.end + 1 and text[found.end] == " " and nxt.text.isascii() \
                and nxt.text[:1].isupper() and is_country(nxt.text):
            return Candidate(found.start, nxt.idx + len(nxt.text), ORG, found.priority)
        if nxt.text == "・" and span.end + 1 < len(doc) and _KATAKANA.match(span.text) \
                and _KATAKANA.match(doc[span.end + 1].text) and is_country(doc[span.end + 1].text):
            return Candidate(found.start, doc[span.end + 1].idx + len(doc[span.end + 1]), ORG,
                             found.priority)  # セールスフォース・ジャパン
    for prefix in lexicon.company_cues()["subsidiary-prefix"] if span is not None else ():
        before = found.start - len(prefix)
        if before >= 0 and text.startswith(prefix, before) \
                and (before == 0 or not re.match(_KANJI, text[before - 1])) \
                and doc.char_span(before, found.end) is not None and _foreign_company(span.text):
            return Candidate(before, found.end, ORG, found.priority)  # 日本マイクロソフト
    if found.label == ORG and _model_code_regex().match(text, found.end):
        return found  # a product's name (エアバス + A320neo): _before_model_code blocks it
    for m in model:
        if m.label == ORG == found.label and m.start == found.end:
            return Candidate(found.start, m.end, ORG, found.priority)
        if m.label == ORG == found.label and m.start == found.start and m.end > found.end:
            # a space between Japanese words (not Latin ones: Microsoft Windows)
            spaced = text[found.end] == " " and not _LATIN_EDGE.match(text, found.end + 1)
            rest = doc.char_span(found.end + spaced, m.end)
            if rest is not None and all(_is_name_token(t) for t in rest):
                return Candidate(found.start, m.end, ORG, found.priority)
    return found


def _inside_longer_name(doc: Doc, text: str, found: Candidate, starts: set[int]) -> Candidate:
    """A company a rule found (by the alias table or a corporate form) directly followed
    by another proper noun (Sudachi's 固有名詞-一般) is the first word of a longer name,
    mostly a product (Microsoft Windows, docomo Wi-Fi); followed by the head noun of a
    foundation, school, venue or event (``data/entities/other_heads.tsv``: トヨタ財団,
    日本電気協会, 東京電力 + 福島第一原発事故) it is a modifier in a name that is no
    company.  GUIDELINES.md does not annotate a company inside a product name, nor
    Stockmark inside any other name.  The find becomes a block over
    both words, so that no shorter span is made there.  A place (トヨタ東京本社,
    日産九州工場: in news the company is the mention), a person's name
    (ソフトバンク孫正義社長), a title (Amazon CEO) or another find (a list) after it
    is no continuation.  Called after :func:`_extended`, which takes the longer name
    when the model reads it as a company.

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("Microsoft Windowsの販売")
    >>> _inside_longer_name(doc, doc.text, Candidate(0, 9, ORG, 3), {0}).label
    'BLOCK'
    """
    if found.label != ORG:
        return found
    span = doc.char_span(found.start, found.end)
    if span is None or span.end >= len(doc):
        return found
    nxt = doc[span.end]
    gap = text[found.end:nxt.idx]
    latin = _LATIN_EDGE.match(text[found.end - 1]) and _LATIN_EDGE.match(nxt.text[0])
    if gap not in ("", " " if latin else "") or nxt.idx in starts or _cue_after(text, found.end):
        return found
    if nxt.tag_.startswith("名詞-固有名詞-一般") or not nxt.tag_ and _english_product(doc, nxt):
        return Candidate(found.start, nxt.idx + len(nxt.text), BLOCK, found.priority)
    end = _head_after(doc, text, found.end)
    return Candidate(found.start, end, BLOCK, found.priority) if end else found


def _modifier_the_model_passed(doc: Doc, text: str, found: Candidate, seen: list[Candidate]) -> bool:
    """Whether a rule's company is a modifier inside a longer compound: the model, which
    reads the whole sentence, tagged nothing there, and a common noun is glued to its end
    (ヤマハ + 工場, 楽天 + 市場, 徳島工業 + 団地, Netflix + 配信: a facility, a service,
    an estate).  An officer's title, a unit of the company or a relation to it after it
    (トヨタ社長, 日産九州工場, GoTo出身, ソニー傘下, ホンダ本社: ``unit``, ``relation`` and
    ``trailer`` in ``data/entities/company_cues.tsv``) leaves it a mention, as in news
    the company is.

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False)("楽天市場に出店した。")
    >>> _modifier_the_model_passed(doc, doc.text, Candidate(0, 2, ORG, 3), [])
    True
    >>> _modifier_the_model_passed(doc, doc.text, Candidate(0, 2, ORG, 3), [Candidate(0, 4, "ORG_OTHER", 0)])
    False
    """
    if found.label != ORG or any(m.start < found.end and found.start < m.end for m in seen):
        return False
    span = doc.char_span(found.start, found.end)
    if span is None or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    return nxt.idx == found.end and nxt.tag_.startswith("名詞-普通名詞") \
        and _title_at(text, found.end) is None \
        and not text.startswith(_mention_words(), found.end)


@lru_cache(maxsize=None)
def _mention_words() -> tuple[str, ...]:
    cues = lexicon.company_cues()
    return tuple(cues["unit"] | cues["relation"] | cues["trailer"])


def _english_product(doc: Doc, token) -> bool:
    """Whether a word with a capital after a company in English text is a product's name
    by the dictionary (Microsoft + Windows, Apple + iPhone), as Sudachi's tag says it in
    Japanese text; not a common word (Sony Group shares), nor a word of a title-case
    headline, where every word has a capital (Sony Shares Rise: Sudachi knows a Shares).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp("en").make_doc("Microsoft Windows is popular. Sony Shares Rise")
    >>> _english_product(doc, doc[1]), _english_product(doc, doc[6])
    (True, False)
    """
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    headline = after is not None and _CAPITALIZED.match(after.text)
    return bool(_CAPITALIZED.search(token.text[:2])) and not headline and is_proper_noun(token.text)


@lru_cache(maxsize=None)
def _heads_regex():
    return re.compile("|".join(re.escape(h) for h in lexicon.other_heads()))  # longest first


_COMPOUND_NOUNS = 4  # 朝日新聞 + 阪神 支局 襲撃 事件
_COMPOUND_CHARS = 16  # and at most this long, head included


def _head_after(doc: Doc, text: str, pos: int) -> int | None:
    """The end of the head noun of another kind of name (``data/entities/other_heads.tsv``)
    that starts at ``pos``, or ends a run of up to four nouns starting there (東京電力 +
    福島第一原発事故), on token edges (賞 is not in 賞与); None if there is none."""
    if not _heads_regex().search(text, pos, pos + _COMPOUND_CHARS):  # most names: none near
        return None
    at = doc.char_span(pos, pos + 1, alignment_mode="expand")  # the token holding pos
    if at is None or at.start_char != pos:
        return None
    for token in doc[at.start:at.start + _COMPOUND_NOUNS + 1]:
        m = _heads_regex().match(text, token.idx)
        if m and doc.char_span(token.idx, m.end()) is not None:
            return m.end()
        if not token.tag_.startswith(("名詞", "接頭辞")):
            return None
    return None


def _in_other_name(doc: Doc, text: str, found: Candidate) -> bool:
    """Whether a model span is, or is inside, the name of a place, venue, event or
    foundation: the head noun of one (``data/entities/other_heads.tsv``) follows it
    (菅島 + 灯台, シューマン + 宣言, NHK + 杯), or a person span ends in one (ノヴィ・サド市,
    大野湊神社).  Neither is a mention (GUIDELINES.md; Stockmark labels the whole name a
    place, facility or event).  A company may end in such a word (日本証券業協会,
    Stockmark's universities), a person's name does not; but a company span that ends in
    a unit word (``unit`` in ``data/entities/company_cues.tsv``: 広島工場) names a part of
    a company, and one ending in a government's head (農林水産省) a government.

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("シューマン宣言を発した。")
    >>> _in_other_name(doc, doc.text, Candidate(0, 5, PERSON, 0))
    True
    """
    # A person's name may go before a government body's (李万建 + 党中央委員会副委員長).
    head_end = _head_after(doc, text, found.end)
    if head_end and (found.label != PERSON or not text.endswith(lexicon.government_heads(), 0, head_end)):
        return True
    if found.label == ORG:
        return text.endswith(tuple(lexicon.company_cues()["unit"]) + lexicon.government_heads(),
                             found.start, found.end)
    if found.label != PERSON:
        return False
    return any(found.start < start and doc.char_span(start, found.end) is not None
               for head in lexicon.other_heads() if text.endswith(head, found.start, found.end)
               for start in [found.end - len(head)])


@lru_cache(maxsize=None)
def _model_code_regex():
    """A model number right after a name (ボーイング767, シャープX68000, エアバスA320neo):
    three or more digits, or capitals then digits; not a year, nor a count or an amount
    (``data/entities/quantity_words.tsv``: ホンダ2社, トヨタ1000億円)."""
    quantity = lexicon.alternation(lexicon.quantity_words())
    return re.compile(r" ?(?!(?:19|20)\d\d\b)(?:[A-Z]{1,3}-?\d+|\d{3,})[A-Za-z]*"
                      rf"(?![\d,.]|{quantity})")


def _before_model_code(text: str, found: Candidate) -> Candidate:
    """A company followed by a model number names a product (or a flight), and is not
    annotated inside it (GUIDELINES.md: ``Microsoft Azure``); the find becomes a block.

    >>> _before_model_code("ボーイング767型機", Candidate(0, 5, ORG, 0))
    Candidate(start=0, end=8, label='BLOCK', priority=0)
    >>> _before_model_code("ホンダ2社が", Candidate(0, 3, ORG, 0)).label
    'ORG'
    """
    m = _model_code_regex().match(text, found.end) if found.label == ORG else None
    return Candidate(found.start, m.end(), BLOCK, found.priority) if m else found


def resolve(doc: Doc, candidates: list[Candidate],
            fallback: list[Candidate] = ()) -> list[Span]:
    """Token-aligned spans without overlaps.  Existing ents (MONEY) stay; then the rule
    candidates, longest first, then by priority (BLOCK regions win and are dropped);
    then ``fallback`` candidates (the statistical model's) only where nothing else is."""
    taken = set()
    for ent in doc.ents:
        taken.update(range(ent.start, ent.end))
    kept = []
    for tier in (candidates, fallback):
        spans = []
        for c in sorted(tier, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="strict")
            if span is not None and not taken.intersection(range(span.start, span.end)) \
                    and not _cuts_block(span, kept):
                spans.append(span)
        for span in filter_spans(spans):
            if span.label_ != BLOCK:
                taken.update(range(span.start, span.end))
            kept.append(span)
    return sorted(list(doc.ents) + [s for s in kept if s.label_ != BLOCK],
                  key=lambda s: s.start)


def _cuts_block(span: Span, kept: list[Span]) -> bool:
    """Whether ``span`` overlaps a product/term region without containing it: inside
    ``Microsoft Azure`` no company; ``Sakana AI`` may hold the term ``AI``."""
    return any(b.label_ == BLOCK and b.start < span.end and span.start < b.end
               and not (span.start <= b.start and b.end <= span.end and len(span) > len(b))
               for b in kept)


@Language.factory("jnews_entities", default_config={"person_tags_alone": True})
def make_entity_component(nlp: Language, name: str, person_tags_alone: bool):
    """Sets ORG and PERSON spans in ``doc.ents`` (keeping MONEY spans already there).

    ``person_tags_alone``: a run of Sudachi's 人名 tokens is a person even without a
    title or honorific beside it (姓+名, katakana parts joined by ・).  Turn it off
    after a statistical NER that has Sudachi's tags as a feature: the model places
    such names better, and the rule's extra finds are mostly places, teams and titles.
    """
    return EntityRecognizer(person_tags_alone)


class EntityRecognizer:
    def __init__(self, person_tags_alone: bool = True) -> None:
        self.person_tags_alone = person_tags_alone

    def __call__(self, doc: Doc) -> Doc:
        # ORG/PERSON already in doc.ents come from the statistical NER (if the pipeline has
        # one): they fill the gaps the rules leave.  Its other labels (ORG_OTHER) go.
        ents = doc.ents
        model_ents = outvoted([e for e in ents if e.label_ in (ORG, PERSON)], list(ents), doc_text(doc))
        model = [Candidate(e.start_char, e.end_char, e.label_, 0) for e in model_ents]
        names = [c for c, e in zip(model, model_ents) if _name_like(e)]
        model_other = [Candidate(e.start_char, e.end_char, e.label_, 0) for e in ents
                       if e.label_ in _MODEL_ONLY]
        others = [e for e in ents if e.label_ not in (ORG, PERSON, *_MODEL_ONLY)]
        if len(others) < len(ents):  # setting doc.ents costs a pass over every token
            doc.ents = others
        doc.ents = with_readings(doc_text(doc), resolve(
            doc, *find_candidates(doc, model, names, self.person_tags_alone, model_other)))
        return doc


def outvoted(spans: list[Span], seen: list[Span], text: str) -> list[Span]:
    """The model's names (``spans``) without those whose surface it tagged at fewer than
    a third of its free mentions (those no span of ``seen``, everything the model and the
    money stage found, overlaps): a word the model took for a name in one sentence (森林
    of a headline) and read as a word in six others is a word, and spreading it to every
    mention (:func:`propagate`) would multiply the slip.  A name the model tags at one
    mention in three stays (it misses a name in about one sentence in five).

    >>> from pipeline.nlp import build_nlp
    >>> doc = build_nlp(ner=False).make_doc("森林の会社。森林を守る。森林を買う。森林が好き。")
    >>> one = [doc.char_span(0, 2, label=ORG)]
    >>> outvoted(one, one, doc.text), len(outvoted(one, one, "森林の会社。"))
    ([], 1)
    """
    found = sorted((s.start_char, s.end_char) for s in seen)
    starts, ends = [a for a, _ in found], [b for _, b in found]
    tagged = Counter(span.text for span in spans)
    doubtful = set()
    for surface, k in tagged.items():
        free = 0
        for s in _occurrences(text, surface):
            e = s + len(surface)
            if found[bisect_right(ends, s):bisect_left(starts, e)] in ([], [(s, e)]):
                free += 1
        if 3 * k < free:
            doubtful.add(surface)
    return [s for s in spans if s.text not in doubtful]


_OPEN_BRACKETS, _CLOSE_BRACKETS = ("（", "(", " (", " （"), ("）", ")")
_KANJI_OR_HIRAGANA = re.compile(rf"[\u3040-\u309f]|{_KANJI}")


def bracketed(text: str, spans: list[tuple[int, int, str]]) -> list[int]:
    """Indexes ``i`` such that ``spans[i + 1]`` fills the brackets right after ``spans[i]``
    (ELYZA（イライザ）, Safe Superintelligence (SSI)).

    >>> bracketed("ELYZA（イライザ）とKDDI（東京）", [(0, 5, ORG), (6, 10, PERSON), (12, 16, ORG)])
    [0]
    """
    return [i for i, ((_, end, _), (start, end2, _)) in enumerate(zip(spans, spans[1:]))
            if text[end:start] in _OPEN_BRACKETS and text.startswith(_CLOSE_BRACKETS, end2)]


def _script(name: str) -> str:
    """"kanji" (kanji or hiragana in it), "kana" (katakana, maybe with Latin: サカナAI), or "latin"."""
    if _KANJI_OR_HIRAGANA.search(name):
        return "kanji"
    return "kana" if _KANA_CHAR.search(name) else "latin"


def is_reading(name: str, bracket: str) -> bool:
    """Whether ``bracket`` renders ``name`` in the other script: Latin and katakana
    (ELYZA（イライザ）, サム・アルトマン（Sam Altman））.  A kanji name's bracket holds
    something else: an age, an affiliation, a place (山田太郎（トヨタ自動車））.

    >>> is_reading("ELYZA", "イライザ"), is_reading("Sakana AI", "サカナAI"), is_reading("山田太郎", "トヨタ")
    (True, True, False)
    """
    return {_script(name), _script(bracket)} == {"kana", "latin"}


_KANJI_PERSON = re.compile(rf"{_KANJI}{{1,3}} ?{_KANJI}{{1,3}}")
_HIRAGANA, _KATAKANA_RUN = r"[\u3041-\u3096]+", r"[\u30a1-\u30fa\u30fc]+"
_KANA_READING = re.compile(rf"{_HIRAGANA}(?:[・ ]{_HIRAGANA})+|{_KATAKANA_RUN}(?:・{_KATAKANA_RUN})+")
_KANJI_NAME = re.compile(rf"(?:{_KANJI}|[\u30a1-\u30fa\u30fc])*{_KANJI}(?:{_KANJI}|[\u30a1-\u30fa\u30fc])*")
_FOREIGN_NAME = re.compile(r"[A-Z][A-Za-z0-9+&.,\- ]*[a-z+][A-Za-z0-9+&.,\- ]*|[\u30a1-\u30fa][\u30a1-\u30fa\u30fc・]*")


def kanji_reading(name: str, bracket: str, label: str) -> bool:
    """Whether ``bracket`` renders the kanji ``name`` in kana or Latin letters: a person's
    reading in parts (黒田智也（くろだ・ともや）, 曽毓群（ロビン・ゾン）, 李 承桓（イ・スンファン）),
    a company's name abroad (百度（バイドゥ）, 環球晶円（GlobalWafers）).  A person's bracket
    in one part (山田太郎（トヨタ）) is an affiliation; a company's acronym is handled apart.

    >>> kanji_reading("曽毓群", "ロビン・ゾン", "PERSON"), kanji_reading("山田太郎", "トヨタ", "PERSON")
    (True, False)
    >>> kanji_reading("環球晶円", "GlobalWafers", "ORG"), kanji_reading("寧徳時代", "CATL", "ORG")
    (True, False)
    >>> kanji_reading("株式会社ツカム技研", "Tsukamu Giken Co., Ltd.", "ORG")
    True
    """
    if label == PERSON:
        return bool(_KANJI_PERSON.fullmatch(name) and _KANA_READING.fullmatch(bracket))
    return bool(_KANJI_NAME.fullmatch(name) and _FOREIGN_NAME.fullmatch(bracket))


ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")  # SSI, BYD, AT&T: a company's, never a person's
_CLOSE_BRACKET = re.compile(f"[{''.join(_CLOSE_BRACKETS)}]")
_NAME_START = re.compile(r"[A-Z\u3041-\u3096\u30a1-\u30fa]")


def _bracketed_readings(text: str, spans: list[Span]) -> tuple[list[Span], set[Span]]:
    """The readings no span covers in the brackets right after a name (Sakana AI
    （サカナAI）, 黒田智也（くろだ・ともや））, with the name's label, and the pieces of them
    that a span held (け・まゆみ of こいけ・まゆみ); a number, a ticker, a lower-case gloss
    or a term of the alias table is none (ソニー（6758）, アップル（AAPL）,
    コンピュートクレジット（compute credits）, NX Ventures（リード））."""
    out, pieces = [], set()
    for name in spans:
        opening = next((o for o in _OPEN_BRACKETS if text.startswith(o, name.end_char)), None)
        if name.label_ not in (ORG, PERSON) or opening is None:
            continue
        start = name.end_char + len(opening)
        close = _CLOSE_BRACKET.search(text, start, start + 40)
        reading = text[start:close.start()] if close else ""
        end = start + len(reading)
        inside = {s for s in spans if start <= s.start_char and s.end_char <= end
                  and (s.start_char, s.end_char) != (start, end)}
        free = not any(s.start_char < end and start < s.end_char for s in spans if s not in inside)
        if free and _NAME_START.match(reading) and not ACRONYM.fullmatch(reading) \
                and not lexicon.is_term(reading) \
                and (is_reading(name.text, reading) or kanji_reading(name.text, reading, name.label_)):
            span = name.doc.char_span(start, end, label=name.label_)
            if span is not None:
                out.append(span)
                pieces |= inside
    return out, pieces


def _names_before_readings(text: str, spans: list[Span]) -> list[Span]:
    """The name no span covers right before its reading in brackets: a person's kanji
    name before its kana (曽毓群（ロビン・ゾン）), a company's Japanese name before its
    name with a legal form (ハナミズキ（Hanamizuki Inc.））.  Not before any company's
    name: the bracket may name what the words before it are about (今回の投資報道
    （OpenAI））."""
    out = []
    for reading in spans:
        s = reading.start_char
        if reading.label_ not in (ORG, PERSON) or not s or text[s - 1] not in "（(" \
                or not text.startswith(_CLOSE_BRACKETS, reading.end_char):
            continue
        person = reading.label_ == PERSON
        if not person and lexicon.without_legal_form(reading.text) == reading.text:
            continue
        start = s - 1
        while start > 0 and _goes_on_left(text, start - 1, person):
            start -= 1
        name = text[start:s - 1]
        taken = any(x.start_char < s - 1 and start < x.end_char for x in spans)
        if name and not taken and (not person or kanji_reading(name, reading.text, PERSON)):
            span = reading.doc.char_span(start, s - 1, label=reading.label_)
            out += [span] if span is not None else []
    return out


_JAPANESE_NAME_CHAR = re.compile(rf"{_KANJI}|[\u30a1-\u30fa\u30fc・]")


def _goes_on_left(text: str, i: int, person: bool) -> bool:
    """Whether ``text[i]`` belongs to the name that ends after it: kanji, with one space
    between a person's family and given names (李 承桓); kanji or katakana for a company."""
    if not person:
        return bool(_JAPANESE_NAME_CHAR.match(text[i]))
    return bool(re.match(_KANJI, text[i]) or text[i] == " " and i > 0 and re.match(_KANJI, text[i - 1]))


_DEFINING_TAGS = ("名詞-普通名詞", "接頭辞", "接尾辞")
_TERM_ACRONYM = re.compile(rf"{ACRONYM.pattern}|[A-Z]to[A-Z]")  # BNPL, B2B, BtoB


def _common_word_acronyms(doc: Doc, text: str, spans: list[Span]) -> set[str]:
    """Acronyms in brackets right after a run of common nouns, which they abbreviate:
    後払い決済（BNPL）, 企業間（BtoB）: a term's, not a company's, so no mention
    anywhere in the article.  A run with a proper noun (日本電信電話（NTT）) or ending in a
    company word (国際協力銀行（JBIC）) is a name."""
    out = set()
    forms = {f for f, _, script in lexicon.corporate_forms() if script == "ja"}
    for span in spans:
        s = span.start
        if span.label_ != ORG or not _TERM_ACRONYM.fullmatch(span.text) or s < 2 \
                or doc[s - 1].text not in ("（", "(") or span.end >= len(doc) \
                or doc[span.end].text not in ("）", ")"):
            continue
        run = s - 1
        while run > 0 and doc[run - 1].tag_.startswith(("名詞", "接頭辞", "接尾辞")):
            run -= 1
        words = doc[run:s - 1]
        if len(words) and all(t.tag_.startswith(_DEFINING_TAGS) for t in words) \
                and words[-1].text not in forms \
                and not any(x.start < s - 1 and run < x.end for x in spans):
            out.add(span.text)
    return out


def with_readings(text: str, spans: list[Span]) -> list[Span]:
    """A name's other form in brackets right after it is the same entity, a mention
    with one label at every occurrence: a reading takes the name's (ELYZA（イライザ）:
    the model read イライザ as a person; Sakana AI（サカナAI）: it found no サカナAI;
    川添雅美（かわぞえ・まさみ）: it read the kana as a company); a
    Latin acronym is a company's, never a person's (比亜迪（BYD）: the model read 比亜迪
    as a person)."""
    terms = _common_word_acronyms(spans[0].doc, text, spans) if spans else set()
    spans = [s for s in spans if not (s.label_ == ORG and s.text in terms)]
    readings, pieces = _bracketed_readings(text, spans)
    spans = [s for s in spans if s not in pieces] + readings
    named = _names_before_readings(text, spans)
    spans = sorted(spans + named, key=lambda s: s.start)
    relabel, paired = {}, readings + named
    for i in bracketed(text, [(s.start_char, s.end_char, s.label_) for s in spans]):
        name, other = spans[i], spans[i + 1]
        if name.label_ not in (ORG, PERSON) or other.label_ not in (ORG, PERSON):
            continue
        if is_reading(name.text, other.text) or kanji_reading(name.text, other.text, name.label_):
            relabel[other.text] = name.label_
            paired += [name, other]
        elif ACRONYM.fullmatch(other.text) and ORG in (name.label_, other.label_):
            relabel[name.text] = relabel[other.text] = ORG
            paired += [name, other]
    spans = sorted(spans + _other_mentions(text, paired, spans), key=lambda s: s.start)
    return [Span(s.doc, s.start, s.end, label=relabel[s.text])
            if s.text in relabel and s.label_ in (ORG, PERSON) else s for s in spans]


def _other_mentions(text: str, names: list[Span], spans: list[Span]) -> list[Span]:
    """The free mentions (no span of ``spans`` overlaps them) of names a bracket pairs
    with their other form: ハナミズキ of ハナミズキ（Hanamizuki Inc.） in the headline
    too, although a katakana common noun the model found is not spread
    (:func:`_name_like`)."""
    if not names:
        return []
    doc = names[0].doc
    found = [Candidate(s.start_char, s.end_char, s.label_, 0) for s in names] \
        + [Candidate(s.start_char, s.end_char, BLOCK, 0) for s in spans]
    out = [doc.char_span(c.start, c.end, label=c.label) for c in propagate(text, found)]
    return [s for s in out if s is not None]
