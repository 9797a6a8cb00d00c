"""check: does a table say what the prose says?

For every table deal, the prose deals of the same (document, canonical investor,
canonical investee), and a verdict:

* ``agree``: the amounts can be the same money, given their qualifiers
  (``Up to $50 Billion`` and ``最大500億ドル``; ``$4 Billion`` under an
  *Approximate* header and ``数十億ドル``) and currencies (USD⇄JPY at the rate
  given);
* ``differ``: both give an amount and they cannot be; ``difference`` says by
  how much, in the table amount's currency (positive: the prose says more);
* ``table_only`` / ``text_only``: the other side never states the pair;
* ``malformed``: the table row is broken; the note says how, and what the
  prose says of the same investee.

This stage knows nothing of where deals came from: it reads only the fields of
:class:`~pipeline.deals.Deal`.  How much slack "can be the same money" allows is
data (``data/deals/check.tsv``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from . import fx
from .deals import Deal
from .lexicon import read_tsv
from .money import Amount, exact, format_decimal
from .schema import COLUMNS

VERDICTS = ("agree", "differ", "table_only", "text_only", "malformed")


@lru_cache(maxsize=None)
def _tolerance() -> dict[str, Decimal]:
    return {name: Decimal(v) for name, v in read_tsv("deals/check.tsv")}


@dataclass
class Verdict:
    doc_id: str
    investor: str | None
    investee: str | None
    verdict: str  # one of VERDICTS
    table_amount: Amount | None = None
    text_amount: Amount | None = None
    difference: Decimal | None = None  # prose minus table, in the table amount's currency
    table_row: str | None = None
    text_start: int | None = None
    text_end: int | None = None
    note: str | None = None

    def to_row(self) -> dict:
        return dict(zip(COLUMNS["check"], (
            self.doc_id, self.investor, self.investee, self.verdict,
            describe(self.table_amount), describe(self.text_amount),
            format_decimal(self.difference), self.table_row, self.text_start, self.text_end,
            self.note)))


def describe(amount: Amount | None) -> str | None:
    """An amount in one short readable string.

    >>> from pipeline.money import normalize_amount as n
    >>> describe(n("最大500億ドル")), describe(n("数十億ドル")), describe(n("約7.5兆円"))
    ('up_to USD 50000000000', 'vague USD 2000000000-9000000000', 'approx JPY 7500000000000')
    """
    if amount is None:
        return None
    if amount.value is not None:
        figure = format_decimal(amount.value)
    else:
        figure = f"{format_decimal(amount.low) or ''}-{format_decimal(amount.high) or ''}"
    return f"{amount.qualifier} {amount.currency} {figure}"


# --------------------------------------------------------------------------- amounts

def interval(amount: Amount) -> tuple[Decimal, Decimal | None] | None:
    """The values an amount allows, as (low, high); high None is unbounded.

    >>> from pipeline.money import normalize_amount as n
    >>> interval(n("最大500億ドル")), interval(n("130億ドル以上"))
    ((Decimal('0'), Decimal('50000000000')), (Decimal('13000000000'), None))
    >>> interval(n("30億〜50億ドル"))
    (Decimal('3000000000'), Decimal('5000000000'))
    """
    low = amount.low if amount.low is not None else amount.value
    high = amount.high if amount.high is not None else amount.value
    if amount.qualifier in ("up_to", "less_than"):
        low = Decimal(0)
    elif amount.qualifier in ("at_least", "more_than"):
        high = None
    if low is None:
        return None
    return low, high


def in_currency(amount: Amount, currency: str, usd_jpy: Decimal | None) -> Amount | None:
    """The same amount in ``currency`` (USD⇄JPY at ``usd_jpy`` JPY per USD), else None.

    >>> from pipeline.money import normalize_amount as n
    >>> in_currency(n("約7.5兆円"), "USD", Decimal(150)).value
    Decimal('50000000000')
    """
    if amount.currency == currency:
        return amount
    if {amount.currency, currency} != {"USD", "JPY"} or usd_jpy is None:
        return None

    def conv(v: Decimal | None) -> Decimal | None:
        usd, jpy = fx.convert(v, amount.currency, usd_jpy)
        return usd if currency == "USD" else jpy

    return Amount(currency, conv(amount.value), conv(amount.low), conv(amount.high),
                  amount.qualifier)


def _widen(bounds, amount: Amount, extra: Decimal):
    """Bounds with slack: rounding for a stated figure, more for approx, more across FX."""
    tol = _tolerance()
    slack = (tol["approx"] if amount.qualifier == "approx" else tol["exact"]) + extra
    low, high = bounds
    return low * (1 - slack), (high * (1 + slack) if high is not None else None)


def compare(table: Amount, text: Amount, usd_jpy: Decimal | None):
    """(verdict, difference, note) for two amounts of one pair.

    >>> from pipeline.money import normalize_amount as n, apply_hedge
    >>> compare(n("Up to $50 Billion"), n("最大500億ドル"), None)[0]
    'agree'
    >>> compare(apply_hedge(n("$10 Billion"), "Approximate"), n("130億ドル以上"), None)[:2]
    ('differ', Decimal('3000000000'))
    >>> compare(n("500億ドル"), n("約7.5兆円"), Decimal(150))[0]
    'agree'
    """
    converted = in_currency(text, table.currency, usd_jpy)
    if converted is None:
        return "differ", None, (f"cannot compare {text.currency} with {table.currency}"
                                " without a rate")
    t, x = interval(table), interval(converted)
    if t is None or x is None:
        return "differ", None, "an amount has no figure to compare"
    extra = _tolerance()["fx"] if text.currency != table.currency else Decimal(0)
    (tl, th), (xl, xh) = _widen(t, table, Decimal(0)), _widen(x, converted, extra)
    if (th is None or xl <= th) and (xh is None or tl <= xh):
        return "agree", None, None
    # The gap between the stated (unwidened) figures, signed from the table's side.
    difference = x[0] - t[1] if t[1] is not None and x[0] > t[1] else x[1] - t[0]
    base = t[1] if difference > 0 else t[0]
    share = f" ({abs(difference) / base:.0%})" if base else ""
    side = "more" if difference > 0 else "less"
    return "differ", difference, (f"the text says {format_decimal(abs(difference))} "
                                  f"{table.currency}{share} {side} than the table")


# --------------------------------------------------------------------------- verdicts

@exact
def check(deals: list[Deal], usd_jpy: Decimal | None = None) -> list[Verdict]:
    """One verdict per table deal, then one per prose deal no table deal matched.

    ``usd_jpy`` is JPY per USD (the lead passes the document's rate).
    """
    table = [d for d in deals if d.source == "table"]
    text = [d for d in deals if d.source == "text"]
    matched: set[int] = set()
    out = []
    for t in table:
        same = [x for x in text if (x.doc_id, x.investor, x.investee)
                == (t.doc_id, t.investor, t.investee)]
        matched.update(id(x) for x in same)
        out.append(_table_verdict(t, same, text, usd_jpy))
    out += [Verdict(x.doc_id, x.investor, x.investee, "text_only", None, x.amount, None, None,
                    x.start, x.end) for x in text if id(x) not in matched]
    return out


def _table_verdict(t: Deal, same: list[Deal], text: list[Deal], usd_jpy) -> Verdict:
    results = [(compare(t.amount, x.amount, usd_jpy), x) for x in same]
    # The agreeing statement if there is one, else the closest.
    results.sort(key=lambda r: (r[0][0] != "agree", abs(r[0][1] or 0)))
    if t.malformed:
        candidates = same or [x for x in text if x.doc_id == t.doc_id and x.investee == t.investee
                              and t.investee is not None]
        said = "; ".join(f"{x.investor} → {x.investee}: {describe(x.amount)}" for x in candidates)
        note = t.note + (f"; the text says {said}" if said else "; the text says nothing of it")
        best = results[0][1] if results else None
        return Verdict(t.doc_id, t.investor, t.investee, "malformed", t.amount,
                       best.amount if best else None, results[0][0][1] if results else None,
                       t.sentence, best.start if best else None, best.end if best else None,
                       note)
    if not results:
        return Verdict(t.doc_id, t.investor, t.investee, "table_only", t.amount,
                       table_row=t.sentence)
    (verdict, difference, note), x = results[0]
    return Verdict(t.doc_id, t.investor, t.investee, verdict, t.amount, x.amount, difference,
                   t.sentence, x.start, x.end, note)


def summary(verdicts: list[Verdict]) -> dict[str, int]:
    """How many verdicts of each kind, in the order of :data:`VERDICTS`."""
    counts = Counter(v.verdict for v in verdicts)
    return {k: counts[k] for k in VERDICTS}
