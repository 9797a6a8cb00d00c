"""MONEY mentions: find them, parse their numerals, normalize them to :class:`Amount`.

Pure functions over ``str`` (no spaCy, no tokenizer) plus a thin spaCy component.
Everything language-specific is data under ``pipeline/data/money/`` (currencies,
numeral and scale words, hedges, exchange-rate contexts), loaded once.

Why our own numeral grammar and not SudachiPy's normalized form: Sudachi leaves
数十億, ranges, English scale words and mixed forms like ``4億23,800,000`` in
tokens it does not join, and ``find_amounts`` must stay tokenizer-free.  On the
dev numerals (``bench/eval_amounts.py --sudachi``) Sudachi's normalized form gets
10 of 19 msrt-ja-number values (50 of 69 with the unchecked ones) and 6 of 9
Duckling values; this grammar gets all 19, 68 of 69 and 9 of 9.

Span rules follow ``eval/GUIDELINES.md``: the numeral(s) and the currency are
inside the span, hedges (約, 最大, Up to, 以上, 規模 ...) stay outside and set
the qualifier.  Offsets are ``str`` indices into the text given; matching runs
on a width-folded copy of the same length (full-width ``５００`` reads as
``500``), so offsets never shift.

>>> [(m.text, m.amount.qualifier) for m in find_amounts("最大500億ドル（約7.5兆円）規模")]
[('500億ドル', 'up_to'), ('7.5兆円', 'approx')]
"""

from __future__ import annotations

import bisect
import re
import string
import unicodedata
from dataclasses import dataclass, replace
from decimal import Context, Decimal, localcontext
from functools import lru_cache, wraps
from pathlib import Path

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from .lexicon import alternation as _alternation
from .lexicon import read_table
from .schema import QUALIFIERS
from .tokenize import doc_text

DATA_DIR = Path(__file__).parent / "data" / "money"

# A directional hedge says more than "approx" does, so it wins when both are present.
_DIRECTIONAL = ("up_to", "at_least", "more_than", "less_than")


@dataclass(frozen=True)
class Amount:
    currency: str | None  # ISO 4217, e.g. "USD", "JPY"
    value: Decimal | None  # None when range/vague
    low: Decimal | None
    high: Decimal | None
    qualifier: str  # one of QUALIFIERS


@dataclass(frozen=True)
class AmountMatch:
    start: int
    end: int  # span per GUIDELINES (hedges outside), str offsets into the text given
    text: str  # == text[start:end]
    amount: Amount  # with the hedge around the span applied


# --------------------------------------------------------------------------- data

def _rows(name: str) -> list[dict[str, str]]:
    return read_table(DATA_DIR / name)


def _latin(word: str) -> bool:
    return bool(re.search(r"[A-Za-z]", word))


def _bounded(ci=(), cs=()) -> str:
    """Alternation of case-insensitive ``ci`` and case-sensitive ``cs`` words; a Latin
    word cannot start or end inside a Latin word (over / turnover, won / wonder)."""
    parts = []
    for words, flags in ((ci, "i"), (cs, "")):
        latin = [w for w in words if _latin(w)]
        if latin:
            parts.append(r"(?<![A-Za-z])" + _alternation(latin, flags) + r"(?![A-Za-z])")
    other = [w for w in (*ci, *cs) if not _latin(w)]
    if other:
        parts.append(_alternation(other))
    return "(?:" + "|".join(parts) + ")"


@dataclass(frozen=True)
class _Currency:
    iso: str  # "*" = the currency of the main unit before it (a sub-unit)
    minor: Decimal
    flags: frozenset


@lru_cache(maxsize=None)
def _currencies() -> dict[str, _Currency]:
    """Surface -> currency; case-insensitive surfaces are stored lower-cased."""
    table = {}
    for r in _rows("currencies.tsv"):
        flags = frozenset(r["flags"].split(",")) - {"-"}
        key = r["surface"].lower() if "ci" in flags else r["surface"]
        table[key] = _Currency(r["iso"], Decimal(r["minor"]), flags | {r["position"]})
    return table


def _currency(surface: str) -> _Currency:
    surface = " ".join(surface.split())
    table = _currencies()
    return table.get(surface) or table[surface.lower()]


@dataclass(frozen=True)
class _Numerals:
    digits: dict
    small: dict
    big: dict
    words: dict
    scales: dict  # case-sensitive abbreviations and lower-cased words
    vague: dict
    readings: dict  # kana reading -> kanji, longest reading first (しち before し)


@lru_cache(maxsize=None)
def _numerals() -> _Numerals:
    kinds: dict[str, dict] = {k: {} for k in ("digit", "small", "big", "word", "hundred",
                                               "scale", "vague", "reading")}
    for r in _rows("numerals.tsv"):
        kinds[r["kind"]][r["surface"]] = Decimal(r["value"])
    kanji: dict[Decimal, str] = {}
    for table in (kinds["digit"], kinds["small"], kinds["big"]):
        for char, value in table.items():
            kanji.setdefault(value, char)  # the first (common) form: 一 rather than 壱
    return _Numerals(kinds["digit"], kinds["small"], kinds["big"],
                     {**kinds["word"], **kinds["hundred"]}, kinds["scale"], kinds["vague"],
                     {r: kanji[kinds["reading"][r]]
                      for r in sorted(kinds["reading"], key=len, reverse=True)})


@lru_cache(maxsize=None)
def _hedges() -> dict[str, dict[str, str]]:
    """position -> {surface (lower-cased; English hedges match in any case): qualifier}."""
    out: dict[str, dict[str, str]] = {"before": {}, "after": {}, "header": {}}
    for r in _rows("hedges.tsv"):
        if r["qualifier"] not in QUALIFIERS:
            raise ValueError(f"hedges.tsv: unknown qualifier {r['qualifier']!r}")
        out[r["position"]][r["surface"].lower()] = r["qualifier"]
    return out


@lru_cache(maxsize=None)
def _exclusions() -> dict[str, list[re.Pattern]]:
    out: dict[str, list[re.Pattern]] = {}
    for r in _rows("exclusions.tsv"):
        out.setdefault(r["kind"], []).append(re.compile(r["pattern"]))
    return out


# --------------------------------------------------------------------------- folding

@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = unicodedata.normalize("NFKC", c)
    return f if len(f) == 1 else c


class _FoldTable(dict):
    """``str.translate`` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = _fold_char(chr(code))
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Width-fold character by character (same length, so offsets stay valid).

    >>> fold("５，０００億円 ￥１２")
    '5,000億円 ¥12'
    """
    return text.translate(_FOLD_TABLE)


# --------------------------------------------------------------------------- numbers

_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,2}(?:,\d{2})+,\d{3}(?!\d)|\d+)(?:\.\d+)?|\.\d+"
_ARABIC_FULL = re.compile(rf"(?:{_ARABIC})")
_SIGN = re.compile(r"^\s*(?:[-−]|マイナス|(?i:minus)\b)\s*")
_EN_TOKEN = re.compile(rf"{_ARABIC}|[A-Za-z]+\.?|[^\sA-Za-z\d-]")
_NUMERAL_POINT = ".・"


# Decimal arithmetic here never rounds: the default context keeps 28 digits, which would
# silently round a 40-digit amount (or raise while quantizing one).  Public entry points
# run in this context; the caller's own decimal context is left alone.
EXACT = Context(prec=1000, Emax=10 ** 6, Emin=-10 ** 6)


def exact(fn):
    """Run ``fn`` in the :data:`EXACT` decimal context."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        with localcontext(EXACT):
            return fn(*args, **kwargs)
    return wrapper


@exact
def format_decimal(d: Decimal | None) -> str | None:
    """Plain decimal string: no exponent, no trailing zeros.

    >>> format_decimal(Decimal("5E+10")), format_decimal(Decimal("0.50")), format_decimal(None)
    ('50000000000', '0.5', None)
    """
    if d is None:
        return None
    s = format(d.normalize(), "f")
    return "0" if s == "-0" else s


@exact
def plain_decimal(d: Decimal) -> Decimal:
    """The same number without exponent or trailing zeros (``Decimal('7.5E+12')`` reads badly).

    >>> plain_decimal(Decimal("7.50E+12")), plain_decimal(Decimal("150.00"))
    (Decimal('7500000000000'), Decimal('150'))
    """
    return Decimal(format_decimal(d))


@exact
def parse_number(text: str) -> Decimal | None:
    """A numeral alone -> its value; None when it is not one number (vague, fraction, junk).

    Japanese place-value numerals, Arabic digits (full-width, comma-grouped,
    decimal), mixes of both, English number words and scale abbreviations.

    >>> [format_decimal(parse_number(s)) for s in
    ...  ["1兆2000億", "四十九兆九千五百九十二億", "５，０００", "7.5兆", "一万億", "二〇二六"]]
    ['1200000000000', '49959200000000', '5000', '7500000000000', '1000000000000', '2026']
    >>> [format_decimal(parse_number(s)) for s in
    ...  ["1.3bn", "$4B"[1:], "thirteen", "five hundred million", "-.0012G", "マイナス五"]]
    ['1300000000', '4000000000', '13', '500000000', '-1200000', '-5']
    >>> parse_number("数十億") is None, parse_number("万") is None, parse_number("3分の1") is None
    (True, True, True)
    """
    s = fold(text).strip()
    m = _SIGN.match(s)
    sign = -1 if m else 1
    s = s[m.end():] if m else s
    value = _parse_english(s) if re.search(r"[A-Za-z]", s) else _parse_japanese(s)
    return None if value is None else plain_decimal(sign * value)


def _parse_english(s: str) -> Decimal | None:
    """Digits and/or number words with scales: '1.3 billion', 'forty-five', '4B'."""
    num = _numerals()
    total, current, seen = Decimal(0), None, False
    tokens = _EN_TOKEN.findall(s)
    for i, tok in enumerate(tokens):
        word = tok.lower()
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        if _ARABIC_FULL.fullmatch(tok):
            if current is not None:
                return None
            current, seen = Decimal(tok.replace(",", "")), True
        elif word in ("a", "an") and (nxt in num.scales or nxt in num.words) and i == 0:
            current, seen = Decimal(1), True
        elif word == "and" and current is not None:
            continue
        elif word in num.words and num.words[word] == 100:
            current = (current or Decimal(1)) * 100
        elif word in num.words:
            current, seen = (current or Decimal(0)) + num.words[word], True
        elif tok in num.scales or word in num.scales:
            scale = num.scales.get(tok) or num.scales[word]
            if current is None and total:
                total *= scale
            else:
                total += (Decimal(1) if current is None else current) * scale
            current = None
        else:
            return None
    return total + (current or 0) if seen else None  # "million" alone is no number


def _parse_japanese(s: str) -> Decimal | None:
    num = _numerals()
    s = _from_kana(re.sub(r"\s+", "", s))
    allowed = set(num.digits) | set(num.small) | set(num.big) | set("0123456789,") | set(
        _NUMERAL_POINT)
    if not s or any(c not in allowed for c in s):
        return None
    return _big(s)


def _from_kana(s: str) -> str:
    """Kana readings to kanji, longest reading first (しち before し); other text unchanged.

    >>> _from_kana("にまんごせんさんびゃくよんじゅうはち")
    '二万五千三百四十八'
    """
    readings = _numerals().readings
    if not re.fullmatch(r"[\u3040-\u30ff]+", s):
        return s
    out, i = [], 0
    while i < len(s):
        match = next((r for r in readings if s.startswith(r, i)), None)
        if match is None:
            return s
        out.append(readings[match])
        i += len(match)
    return "".join(out)


def _big(s: str) -> Decimal | None:
    """万/億/兆 place values; below 万, :func:`_section`."""
    return _by_unit(s, _numerals().big, _big, None, _section)


def _section(s: str) -> Decimal | None:
    """Below 万: Arabic digits, positional kanji digits (二〇二六), or 千/百/十 place values."""
    if _ARABIC_FULL.fullmatch(s):
        return Decimal(s.replace(",", ""))
    return _by_unit(s, _numerals().small, _section, Decimal(1), _positional)


def _by_unit(s: str, units: dict, part, bare_unit: Decimal | None, no_unit) -> Decimal | None:
    """Split at the largest unit of ``units`` (first occurrence): left x unit + right, with
    right < unit, each side read by ``part``; a unit with nothing before it is worth
    ``bare_unit`` times itself (千 = 1000; 万 alone is no numeral); no unit: ``no_unit(s)``."""
    found = [(units[c], -i) for i, c in enumerate(s) if c in units]
    if not found:
        return no_unit(s)
    unit, neg_i = max(found)
    left, right = s[:-neg_i], s[-neg_i + 1:]
    lv = part(left) if left else bare_unit
    rv = part(right) if right else Decimal(0)
    if lv is None or rv is None or rv >= unit:
        return None
    return lv * unit + rv


def _positional(s: str) -> Decimal | None:
    digits = _numerals().digits
    out = []
    for c in s:
        if c in digits:
            out.append(str(digits[c]))
        elif c.isdigit() and c.isascii():
            out.append(c)
        elif c in _NUMERAL_POINT and "." not in out:
            out.append(".")
        else:
            return None
    text = "".join(out)
    return Decimal(text) if re.fullmatch(r"\d*\.?\d+|\d+\.?\d*", text) else None


def _bounds(numeral: str) -> tuple[Decimal, Decimal] | None:
    """(low, high) of a vague numeral: 数 stands for 2..9 (GUIDELINES), 数十億 -> 2e9..9e9.

    >>> [tuple(map(format_decimal, _bounds(s)))
    ...  for s in ("数十億", "several billion", "hundreds of millions of")]
    [('2000000000', '9000000000'), ('2000000000', '9000000000'), ('200000000', '900000000')]
    """
    if "数" in numeral:
        low, high = parse_number(numeral.replace("数", "二")), parse_number(
            numeral.replace("数", "九"))
        return (low, high) if low is not None and high is not None else None
    num = _numerals()
    words = re.sub(r"\s+", " ", numeral.lower()).strip()
    mult, found = Decimal(1), False
    for vague in sorted(num.vague, key=len, reverse=True):
        if vague in words:
            mult *= num.vague[vague]
            words = words.replace(vague, " ", 1)
            found = True
    rest = words.split()
    for w in rest:
        if w in num.scales:
            mult *= num.scales[w]
        elif w in num.words and num.words[w] == 100:
            mult *= 100
        elif w not in num.vague:
            return None
    return (2 * mult, 9 * mult) if found else None


# --------------------------------------------------------------------------- grammar

@dataclass(frozen=True)
class _Grammar:
    numeral: re.Pattern  # one numeral with its scale words
    prefix: re.Pattern  # a currency ending right before a numeral
    suffix: re.Pattern  # a currency starting right after a numeral
    minor: re.Pattern  # "と5セント", " and forty-five cents" after a main unit
    hedge_before: re.Pattern
    hedge_after: re.Pattern
    range_link: re.Pattern
    any_currency: re.Pattern  # any currency word at all, to skip numerals far from one


@lru_cache(maxsize=None)
def _grammar() -> _Grammar:
    num = _numerals()
    kanji = "".join(list(num.digits) + list(num.small) + list(num.big))
    ja = rf"(?:{_ARABIC}|[{kanji}数])+"
    words = list(num.words)
    big_words = _alternation(w for w in num.scales if len(w) > 3)
    # "a hundred", "a million" (the scale itself is read by the scale group)
    en_words = (rf"(?<![A-Za-z])(?i:(?:an?\s+(?=hundred))?{_alternation(words)}"
                rf"(?:(?:\s+|-)(?:and\s+)?{_alternation(words)})*|an?(?=\s+{big_words}))"
                rf"(?![A-Za-z])")
    scale_words = [w for w in num.scales if len(w) > 2 or w.islower() and len(w) > 1]
    scale_abbr = [w for w in num.scales if w not in scale_words]
    # "$1.5 billion", "$1.5-billion", "£500m", "$4B"
    scale = (rf"(?:(?:[ ]?|-(?=[A-Za-z]{{4}})){_alternation(scale_words, 'i')}(?![A-Za-z])"
             rf"|[ ]?{_alternation(scale_abbr)}(?![A-Za-z]))")
    vague = (rf"(?<![A-Za-z])(?i:{_alternation(num.vague)}"
             rf"(?:\s+(?:hundred|{_alternation(num.vague)}|{_alternation(scale_words)}))*)"
             rf"(?![A-Za-z])")
    # Every numeral starts with one of these: the guard lets the scan skip other
    # characters without trying each alternative (10x faster on news text).
    first = {*"0123456789.aA", "数", *kanji} | {c for w in [*words, *num.vague] if w
                                                 for c in (w[0].lower(), w[0].upper())}
    numeral = re.compile(rf"(?=[{re.escape(''.join(sorted(first)))}])"
                         rf"(?:(?P<vague>{vague})|(?P<num>{en_words}|{ja})(?P<scale>{scale}{{0,2}}))")

    cur = _currencies()

    def surfaces(keep):
        chosen = [k for k, c in cur.items() if keep(c) and "strict" not in c.flags]
        return ([k for k in chosen if "ci" in cur[k].flags],
                [k for k in chosen if "ci" not in cur[k].flags])

    pre_ci, pre_cs = surfaces(lambda c: "pre" in c.flags or "both" in c.flags)
    strict = [k for k, c in cur.items() if "strict" in c.flags]
    prefix = re.compile(rf"(?:{_bounded(pre_ci, pre_cs)}"
                        rf"|(?<![A-Za-z0-9_\"'\\/]){_alternation(strict)})[ ]?$")
    iso_ci, iso_cs = surfaces(lambda c: c.minor == 1 and "both" in c.flags)
    iso_ci, iso_cs = ([k for k in keys if re.fullmatch("[A-Za-z]{3}", k)]
                      for keys in (iso_ci, iso_cs))
    post_ci, post_cs = surfaces(lambda c: c.minor == 1 and ("post" in c.flags
                                                           or "both" in c.flags))
    # "30 MUSD", "5 kEUR": a scale letter glued to an ISO code.
    suffix = re.compile(
        rf"[ ]?(?:(?P<isoscale>k|K|MM|M|B)(?P<iso>{_alternation(iso_ci, 'i')}"
        rf"|{_alternation(iso_cs)})(?![A-Za-z])"
        rf"|(?P<cur>{_bounded(post_ci, post_cs)}))")
    minor_re = re.compile(rf"[ ]?(?:と|and|,)?[ ]?(?P<num>{en_words}|{ja})[ ]?"
                          rf"(?P<cur>{_bounded(*surfaces(lambda c: c.minor != 1))})")

    hedges = _hedges()
    after_latin = [re.escape(w) for w in hedges["after"] if _latin(w)]
    # A one-kanji hedge after an amount must not start a word (強化, 強い, 余剰).
    after_other = [re.escape(w) + (r"(?![\u4e00-\u9fffいくかけみめさ])" if len(w) == 1 else "")
                   for w in sorted(hedges["after"], key=len, reverse=True) if not _latin(w)]
    hedge_after = re.compile(
        r"[ ]?(?:（[^（）\n]{0,40}）|\([^()\n]{0,40}\))?[ ]?"
        rf"(?:(?P<ja>{'|'.join(after_other)})"
        rf"|(?P<en>{_alternation(after_latin, 'i')})(?![A-Za-z]))")
    hedge_before = re.compile(rf"(?P<h>{_bounded(ci=list(hedges['before']))})[ ]?$")
    range_link = re.compile(r"^[ ]?(?:[〜~～\-–—−]|から|(?i:to|and|through))[ ]?$")
    # Case-insensitive alternations are slow in ``re``: match lower-cased surfaces in
    # lower-cased text (of the same length, so offsets hold).
    any_currency = re.compile(_alternation({k.lower() for k in cur}))
    return _Grammar(numeral, prefix, suffix, minor_re, hedge_before, hedge_after, range_link,
                    any_currency)


# --------------------------------------------------------------------------- candidates

@dataclass(frozen=True)
class _Chunk:
    """One numeral with whatever currency is glued to it."""
    start: int  # span start (prefix currency included)
    end: int  # span end (suffix currency included)
    num_start: int
    num_end: int
    value: Decimal | None
    bounds: tuple[Decimal, Decimal] | None  # vague numerals only
    currency: str | None
    scaled: Decimal | None  # multiplier of a trailing scale word (億, billion), for ranges
    prefixed: bool


def _scale_of(numeral: str, scale_text: str) -> Decimal | None:
    """The smallest scale written in a numeral (50億 -> 億, 1兆2000億 -> 億, 3 billion)."""
    num = _numerals()
    units = [num.big[c] for c in numeral if c in num.big]
    units += [num.scales.get(w) or num.scales[w.lower()]
              for w in re.split(r"[\s-]+", scale_text) if w]
    return min(units) if units else None


# A numeral can be part of an amount only if a currency word starts within this many
# characters before it (a prefix: "US$ ") or after it (a suffix, or the currency of a
# range's second amount: "30億〜50億ドル", "from three to four hundred million dollars").
CURRENCY_BEFORE = 16
CURRENCY_AFTER = 64
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _chunks(f: str) -> list[_Chunk]:
    """Every numeral in folded text ``f``, with a currency when one is glued to it,
    except those no currency word is near (most numerals in news: years, dates, counts)."""
    g = _grammar()
    num = _numerals()
    lower = f.lower()
    if len(lower) != len(f):  # a few non-ASCII letters lower-case to two characters
        lower = f.translate(_ASCII_LOWER)
    markers = [m.start() for m in g.any_currency.finditer(lower)]
    out: list[_Chunk] = []
    last_end = 0
    for m in g.numeral.finditer(f):
        ns, ne = m.start(), m.end()
        near = bisect.bisect_left(markers, ns - CURRENCY_BEFORE)
        if near == len(markers) or markers[near] > ne + CURRENCY_AFTER:
            continue
        p = g.prefix.search(f, max(last_end, ns - 12), ns)
        if not p and ns and (f[ns - 1].isascii() and f[ns - 1].isalnum() or f[ns - 1] in ".,"):
            continue  # inside a word or a longer number (GPT4, v1.5), unless USD115
        body = m.group("vague") or m.group("num")
        scale_text = m.group("scale") or ""
        bounds = _bounds(body + scale_text) if m.group("vague") or "数" in body else None
        value = None if bounds else parse_number(body + scale_text)
        if value is None and bounds is None:
            continue
        scaled = None if m.group("vague") else _scale_of(body, scale_text)
        start, end, currency, prefixed = ns, ne, None, False
        s = g.suffix.match(f, ne)
        if p:
            start, currency, prefixed = p.start(), _currency(p.group()).iso, True
        elif s and s.group("iso"):
            if value is None:
                continue  # no vague numeral before a scaled code ("数百MUSD")
            currency, end = _currency(s.group("iso")).iso, s.end()
            scaled = num.scales[s.group("isoscale")]
            value *= scaled
        elif s:
            info = _currency(s.group("cur"))
            if "digits" in info.flags and not scaled and (
                    len(body) == 1 and body in num.digits or body.isascii() and body.isalpha()):
                continue  # 一元化, "this one won": a word, not an amount
            currency, end = info.iso, s.end()
        else:
            sub = g.minor.match(f, ns)
            if sub and sub.start("num") == ns and sub.end("num") == ne and value is not None:
                info = _currency(sub.group("cur"))  # "50 cents", "10銭": a sub-unit alone
                currency = "USD" if info.iso == "*" else info.iso
                end, value = sub.end(), value * info.minor
        out.append(_Chunk(start, end, ns, ne, value, bounds, currency, scaled, prefixed))
        last_end = end
    return out


def _exact(currency: str | None, value: Decimal) -> Amount:
    return Amount(currency, value, value, value, "exact")


def _chunk_amount(c: _Chunk) -> Amount:
    if c.bounds:
        return Amount(c.currency, None, c.bounds[0], c.bounds[1], "vague")
    return _exact(c.currency, c.value)


def _merge_minor(f: str, chunks: list[_Chunk]) -> list[_Chunk]:
    """2222円13銭, 545ドルと5セント, 3 dollars 50 cents -> one chunk of the main unit."""
    g = _grammar()
    out: list[_Chunk] = []
    skip_to = -1
    for c in chunks:
        if c.num_start < skip_to:
            continue
        m = g.minor.match(f, c.end) if c.currency and c.value is not None else None
        sub = parse_number(m.group("num")) if m else None
        info = _currency(m.group("cur")) if m else None
        if (sub is not None and info.iso in ("*", c.currency) and 0 < sub < 100
                and c.value == c.value.to_integral_value() and not c.scaled):
            c = replace(c, end=m.end(), value=c.value + sub * info.minor)
            skip_to = m.end()
        out.append(c)
    return out


# --------------------------------------------------------------------------- assembly

def _ranges(f: str, chunks: list[_Chunk]) -> list[tuple[int, int, Amount]]:
    """Join 'A〜B', 'AからB', 'between A and B', '$2-3 billion'; keep the rest as they are."""
    g = _grammar()
    out: list[tuple[int, int, Amount]] = []
    i = 0
    while i < len(chunks):
        a = chunks[i]
        b = chunks[i + 1] if i + 1 < len(chunks) else None
        joined = _join_range(f, a, b, g) if b else None
        if joined:
            out.append(joined)
            i += 2
            continue
        if a.currency:
            out.append((a.start, a.end, _chunk_amount(a)))
        i += 1
    return out


def _join_range(f: str, a: _Chunk, b: _Chunk, g: _Grammar):
    link = f[a.end:b.start]
    if not g.range_link.match(link):
        return None
    word = link.strip().lower()
    before = f[max(0, a.start - 9):a.start].lower()
    if word == "and" and not re.search(r"between\s*$", before):
        return None
    if word in ("to", "から") and re.search(r"from\s*$", before):
        return None  # "rose from $2bn to $3bn": a change, two amounts
    if word == "から" and a.currency and re.match(r"[ ]?[にへ]", f[b.end:]):
        return None  # 100億円から150億円に増加: a change, two amounts
    if a.currency and b.currency and a.currency != b.currency:
        return None
    if not (b.currency or a.prefixed):
        return None  # the unit after A alone (100円から200人) says nothing about B
    if not a.currency and b.prefixed and word not in ("and", *"-–—〜~～−"):
        return None  # "in 2024 to $5,000": a bare number before "to $B" is no bound
    low = a.bounds[0] if a.bounds else a.value  # 数億〜数十億円: the outer bounds
    high = b.bounds[1] if b.bounds else b.value
    if a.scaled is None and b.scaled is not None and not a.bounds:
        low = low * b.scaled  # 30〜50億ドル, $2-3 billion: A shares B's scale
    if low >= high:
        return None
    # 'between' stays outside the span (GUIDELINES), like any hedge.
    return a.start, b.end, Amount(a.currency or b.currency, None, low, high, "range")


def _qualifier_near(f: str, start: int, end: int) -> str | None:
    g = _grammar()
    hedges = _hedges()
    found = []
    not_hedge = _exclusions().get("not_hedge", [])
    m = g.hedge_before.search(f, max(0, start - 16), start)
    while m and not any(p.search(f, max(0, m.start() - 8), m.end("h")) for p in not_hedge):
        found.append(_lookup(hedges["before"], m.group("h")))
        m = g.hedge_before.search(f, max(0, m.start() - 16), m.start())  # 最大約500億ドル
    m = g.hedge_after.match(f, end)
    if m:
        found.append(_lookup(hedges["after"], m.group("ja") or m.group("en")))
    return _strongest(found)


def _lookup(table: dict[str, str], surface: str) -> str:
    return table[" ".join(surface.split()).lower()]


def _strongest(qualifiers: list[str]) -> str | None:
    directional = [q for q in qualifiers if q in _DIRECTIONAL]
    return (directional or qualifiers or [None])[0]


def with_qualifier(amount: Amount, qualifier: str | None) -> Amount:
    """Set a hedge's qualifier with the bounds it implies; ranges and vague amounts keep theirs.

    >>> with_qualifier(_exact("USD", Decimal(5)), "up_to")
    Amount(currency='USD', value=Decimal('5'), low=None, high=Decimal('5'), qualifier='up_to')
    """
    if qualifier is None or amount.qualifier in ("range", "vague"):
        return amount
    v = amount.value
    low = None if qualifier in ("up_to", "less_than") else v
    high = None if qualifier in ("at_least", "more_than") else v
    return Amount(amount.currency, v, low, high, qualifier)


@exact
def apply_hedge(amount: Amount, hedge_text: str) -> Amount:
    """Apply a table header's or row label's hedge; a cell's own hedge wins.

    >>> a = _exact("USD", Decimal(10))
    >>> apply_hedge(a, "Approximate Amount (USD)").qualifier, apply_hedge(a, "推定投資額").qualifier
    ('approx', 'approx')
    >>> apply_hedge(with_qualifier(a, "up_to"), "Approximate Amount").qualifier
    'up_to'
    """
    if amount.qualifier != "exact":
        return amount
    folded = fold(hedge_text)
    found = [q for w, q in _hedges()["header"].items()
             if (re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", folded, re.I)
                 if _latin(w) else w in folded)]
    return with_qualifier(amount, _strongest(found))


def _is_rate(f: str, a: tuple[int, int, Amount], b: tuple[int, int, Amount] | None) -> bool:
    """'1ドル＝150円' style quote: 1 unit of one currency against another."""
    ex = _exclusions()
    amount = a[2]
    if b is None or amount.value != 1 or amount.currency == b[2].currency:
        return False
    return any(p.match(f[a[1]:b[0]]) for p in ex.get("rate_link", []))


def _markup(f: str) -> list[tuple[int, int]]:
    return [m.span() for p in _exclusions().get("markup", []) for m in p.finditer(f)]


def _not_money(f: str, start: int, end: int) -> bool:
    ex = _exclusions()
    return (any(p.match(f, start, end) for p in ex.get("word", []))
            or any(p.match(f[end:end + 40]) for p in ex.get("rate_after", []))
            or any(p.search(f[max(0, start - 24):start]) for p in ex.get("rate_before", [])))


@exact
def find_amounts(text: str) -> list[AmountMatch]:
    """Every MONEY mention in ``text``, in order, with hedges applied.

    >>> for m in find_amounts("数十億ドル規模の出資、30億〜50億ドル、約$1.3bn"):
    ...     a = m.amount
    ...     print(m.text, a.currency, a.value, a.low, a.high, a.qualifier)
    数十億ドル USD None 2000000000 9000000000 vague
    30億〜50億ドル USD None 3000000000 5000000000 range
    $1.3bn USD 1300000000 1300000000 1300000000 approx
    >>> find_amounts("1ドル＝150円、100万人、銭函、1兆パラメータ")
    []
    """
    f = fold(text)
    spans = _ranges(f, _merge_minor(f, _chunks(f)))
    markup = _markup(f)
    keep = [not any(a < span[1] and span[0] < b for a, b in markup) for span in spans]
    for i, span in enumerate(spans):
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        if _is_rate(f, span, nxt):
            keep[i] = keep[i + 1] = False
        elif _not_money(f, span[0], span[1]):
            keep[i] = False
    return [AmountMatch(start, end, text[start:end],
                        with_qualifier(amount, _qualifier_near(f, start, end)))
            for (start, end, amount), ok in zip(spans, keep) if ok]


@exact
def normalize_amount(text: str) -> Amount | None:
    """One amount string (hedges allowed) -> :class:`Amount`; None if it holds none.

    >>> a = normalize_amount("約7.5兆円")
    >>> a.currency, format_decimal(a.value), a.qualifier
    ('JPY', '7500000000000', 'approx')
    >>> normalize_amount("Up to $50 Billion").qualifier, normalize_amount("最大500億ドル").high
    ('up_to', Decimal('50000000000'))
    >>> normalize_amount("100万人") is None
    True
    """
    matches = find_amounts(text)
    return matches[0].amount if matches else None


# --------------------------------------------------------------------------- spaCy

@Language.factory("jnews_money")
def make_money_component(nlp: Language, name: str) -> "MoneyComponent":
    """spaCy component ``jnews_money``: MONEY entities carrying ``span._.jnews_amount``.

    No config: what counts as money is the data under ``pipeline/data/money/``.
    """
    return MoneyComponent()


class MoneyComponent:
    """Adds every :func:`find_amounts` match to ``doc.ents`` as a MONEY span.

    Tokens that straddle a match edge are split, so each span's text is exactly
    the match text; existing entities that overlap no match are kept.  The hedge of
    a table's column header (``Approximate Amount``) is the article's business:
    :func:`pipeline.extract` applies it (:func:`pipeline.tables.amount_hedges`).
    """

    def __init__(self) -> None:
        if not Span.has_extension("jnews_amount"):
            Span.set_extension("jnews_amount", default=None)

    def __call__(self, doc: Doc) -> Doc:
        matches = find_amounts(doc_text(doc))
        _split_at(doc, [edge for m in matches for edge in (m.start, m.end)])
        spans = []
        for m in matches:
            span = doc.char_span(m.start, m.end, label="MONEY")
            span._.jnews_amount = m.amount
            spans.append(span)
        kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = sorted(kept + spans, key=lambda s: s.start)
        return doc


def _split_at(doc: Doc, edges: list[int]) -> None:
    """Split tokens so that every character offset in ``edges`` is a token boundary."""
    starts = doc.to_array(IDX).tolist()  # no Token objects: this runs on every doc
    cuts: dict[int, set[int]] = {}
    for edge in edges:
        i = bisect.bisect_right(starts, edge) - 1
        if i >= 0 and starts[i] < edge < starts[i] + len(doc[i].text):
            cuts.setdefault(i, set()).add(edge - starts[i])
    if not cuts:
        return
    had_sentences = doc.has_annotation("SENT_START")
    with doc.retokenize() as retokenizer:
        for i, offsets in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(offsets), len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            # Each piece keeps the token's tag and POS and is its own lemma and norm
            # (left unset, spaCy would give the pieces the next tokens' attributes).
            n = len(orths)
            retokenizer.split(token, orths, heads=[(token, 0)] * n, attrs={
                "TAG": [token.tag_] * n, "POS": [token.pos_] * n, "LEMMA": orths, "NORM": orths})
    if had_sentences:  # the pieces after the first continue its sentence; left unset, a
        shift = 0      # one-token doc split in two would have no sentences at all
        for i in sorted(cuts):
            for k in range(1, len(cuts[i]) + 1):
                doc[i + shift + k].is_sent_start = False
            shift += len(cuts[i])
