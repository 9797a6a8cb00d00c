"""Readers for the extraction knowledge kept as data files under ``pipeline/data``.

Every file is UTF-8 TSV; lines starting with ``#`` are comments naming the
source of the data.  Each table is read once per process.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path


def _data_lines(text: str) -> list[str]:
    """The lines of a data file that carry data: comments (#) and blank lines dropped."""
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def read_tsv(relative: str) -> list[list[str]]:
    """Rows of a header-less TSV file in ``pipeline/data``."""
    text = resources.files("pipeline").joinpath("data", relative).read_text(encoding="utf-8")
    return [line.split("\t") for line in _data_lines(text)]


def read_table(path: str | os.PathLike) -> list[dict[str, str]]:
    """Rows of a TSV file with a header line (in the package or a user's own) as dicts."""
    lines = _data_lines(Path(path).read_text(encoding="utf-8"))
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width Latin and digits become ASCII.

    >>> nfkc("ＡＷＳ（株）")
    'AWS(株)'
    """
    return unicodedata.normalize("NFKC", text)


def trie_regex(words) -> str:
    """A regex matching any of ``words``, the longest one where several start at a point,
    built as a trie: ``re`` tries one branch per character instead of every word (five
    times faster than a flat alternation of a few hundred names).

    >>> trie_regex(["AWS", "Amazon", "AmazonBasics"])
    'A(?:WS|mazon(?:Basics)?)'
    >>> import re; re.compile(trie_regex(["ab", "abcd"])).findall("abc abcd")
    ['ab', 'abcd']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


@dataclass(frozen=True)
class Alias:
    surface: str
    canonical: str
    kind: str  # ORG, PERSON, PRODUCT, NOT_ORG
    maker: str | None = None  # a PRODUCT's company (canonical name)


@lru_cache(maxsize=None)
def aliases() -> tuple[Alias, ...]:
    """Every alias of ``entities/aliases.tsv``, longest first (longest match wins)."""
    out = []
    for canonical, kind, names, *maker in read_tsv("entities/aliases.tsv"):
        out += [Alias(name, canonical, kind, maker[0] if maker else None)
                for name in names.split("|") if name]
    return tuple(sorted(out, key=lambda a: -len(a.surface)))


@lru_cache(maxsize=None)
def alias_index() -> dict[str, Alias]:
    """NFKC-casefolded surface -> alias, for canonical look-ups."""
    return {nfkc(a.surface).casefold(): a for a in reversed(aliases())}


def alias_of(surface: str) -> Alias | None:
    """The alias table's row for ``surface`` (any width, any case), or None.

    >>> alias_of("ＡＭＡＺＯＮ").canonical
    'Amazon'
    """
    return alias_index().get(nfkc(surface).casefold())


def is_term(surface: str) -> bool:
    """Whether the alias table has ``surface`` as no name: a product, a regulator, a
    generic term (リード, 既存株主, SaaS).

    >>> is_term("リード投資家"), is_term("Amazon"), is_term("カワセミ")
    (True, False, False)
    """
    alias = alias_of(surface)
    return alias is not None and alias.kind not in ("ORG", "PERSON")


@lru_cache(maxsize=None)
def corporate_forms() -> tuple[tuple[str, str, str], ...]:
    """(form, position, script) rows, longest form first."""
    rows = [tuple(r[:3]) for r in read_tsv("entities/corporate_forms.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=None)
def legal_forms() -> tuple[str, ...]:
    """The legal forms among the corporate forms (株式会社, Inc., Corp. ...), longest first."""
    rows = read_tsv("entities/corporate_forms.tsv")
    return tuple(sorted((r[0] for r in rows if r[3:] == ["legal"]), key=len, reverse=True))


def alternation(words, flags: str = "") -> str:
    """Regex alternation of ``words``, longest first so that 香港ドル wins over ドル and
    chief executive officer over chief executive (never empty).

    >>> alternation(["ドル", "香港ドル"])
    '(?:香港ドル|ドル)'
    """
    if not words:
        return "(?!)"
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


@lru_cache(maxsize=None)
def _legal_form_regex():
    forms = alternation(legal_forms())
    return re.compile(rf"^{forms} ?(?=.)|(?<=.)[ ,]*(?:{forms}|社)$")


def without_legal_form(name: str) -> str:
    """``name`` without a legal form before or after it, or 社 ("the company") after it,
    as written; ``name`` itself if it has none.

    >>> without_legal_form("株式会社メルカリ"), without_legal_form("SoftBank Group Corp.")
    ('メルカリ', 'SoftBank Group')
    >>> without_legal_form("（株）ツキカゲスタジオ"), without_legal_form("NVIDIA社")
    ('ツキカゲスタジオ', 'NVIDIA')
    """
    return _legal_form_regex().sub("", name, count=1)


@lru_cache(maxsize=None)
def other_heads() -> tuple[str, ...]:
    """Head nouns of names that are not companies (財団, 大学, ドーム ...), longest first."""
    return tuple(sorted((r[0] for r in read_tsv("entities/other_heads.tsv")), key=len, reverse=True))


@lru_cache(maxsize=None)
def government_heads() -> tuple[str, ...]:
    """The heads of governments' and regulators' names among them (省, 庁, 政府 ...)."""
    return tuple(r[0] for r in read_tsv("entities/other_heads.tsv") if r[1:] == ["government"])


@lru_cache(maxsize=None)
def quantity_words() -> tuple[str, ...]:
    """Counters and units that make a number a quantity (社, 億, 年 ...), longest first."""
    return tuple(sorted((r[0] for r in read_tsv("entities/quantity_words.tsv")), key=len, reverse=True))


@lru_cache(maxsize=None)
def name_suffixes() -> frozenset[str]:
    """One-kanji words after a person's name that are not part of it (役, 家, 派 ...)."""
    return frozenset(r[0] for r in read_tsv("entities/name_suffixes.tsv"))


@lru_cache(maxsize=None)
def name_particles() -> tuple[str, ...]:
    """Lower-case particles inside a Latin-script surname (von, van, der, bin ...)."""
    return tuple(r[0] for r in read_tsv("entities/name_particles.tsv"))


@lru_cache(maxsize=None)
def given_names() -> frozenset[str]:
    """Given names that begin a Latin-script person's name (Jane, Kenji, Satya ...)."""
    return frozenset(r[0] for r in read_tsv("entities/given_names.tsv"))


@lru_cache(maxsize=None)
def company_cues() -> dict[str, frozenset[str]]:
    """{'country': one-kanji country prefixes (米, 独 ...), 'country-name': the names of
    countries before a company's (韓国), 'head-office': words that open the head-office
    parenthesis after a company's name (本社), 'kind': nouns that say the name after them
    is a company's (子会社の, 大手), 'officer-of': English officers before "of" and their
    company's name (chief executive of), 'unit': words that end the name of a part of a
    company (工場, 部門), 'branch': the suffix of a shop's name after a place (店),
    'dated': words before a name that date it (現, 元), 'founded': verbs of founding a
    company after its name in 「」 (設立), 'counter': the word after a company's name that
    says it is one (社), 'trailer': words after a company's name that never end one (製作,
    本社), 'relation': nouns glued to a company's name that relate to the company (出身,
    傘下)}."""
    cues: dict[str, set[str]] = {"country": set(), "country-name": set(), "head-office": set(),
                                 "kind": set(), "officer-of": set(), "investor-of": set(),
                                 "raiser-of": set(), "subsidiary-prefix": set(), "unit": set(),
                                 "branch": set(), "dated": set(), "founded": set(), "counter": set(), "trailer": set(),
                                 "relation": set()}
    for cue, kind in read_tsv("entities/company_cues.tsv"):
        cues[kind].add(cue)
    return {k: frozenset(v) for k, v in cues.items()}


@lru_cache(maxsize=None)
def person_cues() -> dict[str, frozenset[str]]:
    """{'before': titles standing before a name, 'after': honorifics/titles after it,
    'people': those after it that never follow a company's name (氏, 大統領 ...),
    'company': a company's officers (CEO, 社長 ...)}."""
    cues: dict[str, set[str]] = {"before": set(), "after": set(), "people": set(), "company": set()}
    for cue, position, *kind in read_tsv("entities/person_cues.tsv"):
        cues[position].add(cue)
        if kind:
            cues[kind[0]].add(cue)
    return {k: frozenset(v) for k, v in cues.items()}
