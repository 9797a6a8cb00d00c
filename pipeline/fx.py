"""USD/JPY conversion of extracted amounts.

Each amount gets ``usd`` and ``jpy`` with the rate used and where it came from:

* ``override``: a rate the user gave (JPY per USD); wins over everything.
* ``document``: the article pairs the two currencies itself, as in
  ``500億ドル（約7.5兆円）`` (7.5兆 / 500億 = 150 JPY per USD); that rate is used
  for every amount of the article.
* ``table``: the rates file (``data/fx/rates.tsv``, or the user's file) for the
  month, else the year, of ``fx_date`` or else ``published``; with neither date,
  or a date after the table ends, the latest row.  A date before the table
  starts uses the earliest row.

``fx_rate`` is always JPY per USD.  Other currencies are converted through the
file's rate to USD for the same period (never through a guessed rate); with no
such rate, ``usd`` and ``jpy`` stay None.  Only ``value`` is converted: a range
or vague amount (value None) keeps ``usd``/``jpy`` None but still reports the
rate.  USD is rounded to cents and JPY to whole yen (half-even).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from functools import lru_cache
from pathlib import Path

from .lexicon import read_table
from .money import AmountMatch, exact, plain_decimal

DATA_DIR = Path(__file__).parent / "data" / "fx"
RATES_FILE = DATA_DIR / "rates.tsv"
# A document rate outside this band is a misread pair (a ratio, not a conversion).
PLAUSIBLE_JPY_PER_USD = (Decimal(50), Decimal(400))
_CENT, _YEN = Decimal("0.01"), Decimal("1")


@dataclass(frozen=True)
class Conversion:
    usd: Decimal | None
    jpy: Decimal | None
    fx_rate: Decimal | None  # JPY per USD
    fx_source: str | None  # "document" | "table" | "override" | None


@lru_cache(maxsize=8)
def load_rates(path: str | None = None) -> dict[tuple[str, str], dict[str, Decimal]]:
    """(base, quote) -> {period: rate} from a rates file (the packaged one by default).

    >>> load_rates()[("USD", "JPY")]["2022"]
    Decimal('131.5')
    """
    table: dict[tuple[str, str], dict[str, Decimal]] = {}
    for row in read_table(path or RATES_FILE):
        if not re.fullmatch(r"\d{4}(-\d{2})?", row["period"]):
            raise ValueError(f"{path or RATES_FILE}: bad period {row['period']!r}")
        table.setdefault((row["base"], row["quote"]), {})[row["period"]] = Decimal(row["rate"])
    return table


@lru_cache(maxsize=None)
@lru_cache(maxsize=None)
def _cues() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(r["pattern"]) for r in read_table(DATA_DIR / "conversion_cues.tsv"))


def is_conversion(between: str) -> bool:
    """Whether the text between two amounts marks the second as a conversion of the first.

    >>> is_conversion("（約"), is_conversion("と")
    (True, False)
    """
    return any(p.fullmatch(between) for p in _cues())


def rate_for(rates: dict[str, Decimal], date: str | None) -> Decimal | None:
    """The rate for a date: its month's row, else its year's, else the nearest year.

    >>> r = {"2022": Decimal("131.5"), "2023": Decimal("140.5"), "2023-05": Decimal("137")}
    >>> [str(rate_for(r, d)) for d in ("2023-05-10", "2023-07-01", "2026-01-30", None)]
    ['137', '140.5', '140.5', '140.5']
    """
    if not rates:
        return None
    if date:
        for period in (date[:7], date[:4]):
            if period in rates:
                return rates[period]
        earlier = [p for p in rates if p[:4] <= date[:4]]
        return rates[_latest(earlier)] if earlier else rates[min(rates)]
    return rates[_latest(rates)]


def _latest(periods) -> str:
    """The latest period, a year's average preferred over a month of the same year."""
    return max(periods, key=lambda p: (p[:4], len(p) == 4, p))


@exact
def document_rate(matches: list[AmountMatch], text: str) -> Decimal | None:
    """JPY per USD stated by the article: a USD amount followed by its yen conversion
    (or the other way round), e.g. ``500億ドル（約7.5兆円）``; the first such pair wins.

    >>> from pipeline.money import find_amounts
    >>> t = "500億ドル（約7.5兆円）規模"
    >>> document_rate(find_amounts(t), t)
    Decimal('150')
    """
    for a, b in zip(matches, matches[1:]):
        pair = {a.amount.currency: a.amount.value, b.amount.currency: b.amount.value}
        if set(pair) != {"USD", "JPY"} or None in pair.values() or not pair["USD"]:
            continue
        if not is_conversion(text[a.end:b.start]):
            continue
        # A ratio is inexact anyway: keep decimal's usual 28 significant digits.
        rate = Context(prec=28).divide(pair["JPY"], pair["USD"])
        if PLAUSIBLE_JPY_PER_USD[0] <= rate <= PLAUSIBLE_JPY_PER_USD[1]:
            return plain_decimal(rate)
    return None


@exact
def convert(value: Decimal | None, currency: str | None, jpy_per_usd: Decimal | None,
            usd_per_unit: Decimal | None = None) -> tuple[Decimal | None, Decimal | None]:
    """(usd, jpy) of one value; ``usd_per_unit`` converts a third currency to USD.

    >>> convert(Decimal("5E10"), "USD", Decimal(150))
    (Decimal('50000000000'), Decimal('7500000000000'))
    >>> convert(Decimal(300), "JPY", Decimal(150)), convert(Decimal(1), "CHF", Decimal(150))
    ((Decimal('2'), Decimal('300')), (None, None))
    """
    if value is None or currency is None or jpy_per_usd is None:
        return None, None
    if currency == "USD":
        usd = value
    elif currency == "JPY":
        usd = value / jpy_per_usd
    elif usd_per_unit is not None:
        usd = value * usd_per_unit
    else:
        return None, None
    jpy = value if currency == "JPY" else usd * jpy_per_usd
    return _round(usd, _CENT), _round(jpy, _YEN)


def _round(d: Decimal, step: Decimal) -> Decimal:
    """Round to ``step``; an exact value keeps its plain form (no ``.00`` added)."""
    return plain_decimal(d.quantize(step, ROUND_HALF_EVEN))


@exact
def convert_all(matches: list[AmountMatch], text: str, published: str | None,
                fx_date: str | None = None, override: Decimal | None = None,
                rates_file: str | None = None) -> list[Conversion]:
    """One :class:`Conversion` per match, same order (see the module docstring for the rules).

    >>> from pipeline.money import find_amounts
    >>> t = "500億ドル（約7.5兆円）規模、1億円"
    >>> for c in convert_all(find_amounts(t), t, "2026-01-30"):
    ...     print(c.usd, c.jpy, c.fx_rate, c.fx_source)
    50000000000 7500000000000 150 document
    50000000000 7500000000000 150 document
    666666.67 100000000 150 document
    """
    rates = load_rates(rates_file)
    date = fx_date or published
    if override is not None:
        rate, source = Decimal(str(override)), "override"  # str: a float's binary noise stays out
    elif (rate := document_rate(matches, text)) is not None:
        source = "document"
    else:
        rate = rate_for(rates.get(("USD", "JPY"), {}), date)
        source = "table" if rate is not None else None
    out = []
    for m in matches:
        cur = m.amount.currency
        cross = rate_for(rates.get((cur, "USD"), {}), date) if cur not in ("USD", "JPY") else None
        usd, jpy = convert(m.amount.value, cur, rate, cross)
        out.append(Conversion(usd, jpy, rate, source))
    return out
