"""The table/prose check: amount compatibility in many shapes, and verdicts over deal lists."""

from decimal import Decimal

import pytest

from pipeline.check import VERDICTS, check, compare, describe, in_currency, interval, summary
from pipeline.deals import Deal
from pipeline.money import apply_hedge, normalize_amount
from pipeline.schema import COLUMNS

RATE = Decimal(150)  # JPY per USD; a fixed rate for tests only (the runner passes the document's)


def amount(text, header=None):
    a = normalize_amount(text)
    return apply_hedge(a, header) if header else a


@pytest.mark.parametrize("table, text, verdict", [
    # Same figure, same hedge.
    ("Up to $50 Billion", "最大500億ドル", "agree"),
    ("$10 billion", "100億ドル", "agree"),
    # A header hedge (approx) against a vague range that holds it.
    (("$4 Billion", "Approximate Amount"), "数十億ドル", "agree"),
    # approx allows some slack either way; exact only rounding.
    (("$4 Billion", "Approximate Amount"), "42億ドル", "agree"),
    (("$4 Billion", "Approximate Amount"), "50億ドル", "differ"),
    ("$1.3 billion", "13億ドル", "agree"),
    ("$1.3 billion", "$1.25 billion", "agree"),  # the table rounded to two figures
    ("$1.3 billion", "$1.2 billion", "differ"),
    # Bounds: at least / more than / up to / ranges.
    ("130億ドル以上", "$13 billion", "agree"),
    ("130億ドル以上", "$20 billion", "agree"),
    ("130億ドル以上", "$10 billion", "differ"),
    ("Up to $50 billion", "$10 billion", "agree"),
    ("Up to $50 billion", "$60 billion", "differ"),
    ("30億〜50億ドル", "40億ドル", "agree"),
    ("30億〜50億ドル", "60億ドル", "differ"),
    ("more than $2 billion", "less than $1 billion", "differ"),
    # Across currencies at the given rate (plus slack for the rate).
    ("500億ドル", "約7.5兆円", "agree"),
    ("500億ドル", "7兆円", "agree"),
    ("500億ドル", "5兆円", "differ"),
    ("1兆円", "$6.5 billion", "agree"),
])
def test_compare(table, text, verdict):
    t = amount(*table) if isinstance(table, tuple) else amount(table)
    assert compare(t, amount(text), RATE)[0] == verdict


def test_difference_is_signed_in_the_table_currency():
    verdict, difference, note = compare(amount("$10 Billion", "Approximate"),
                                        amount("130億ドル以上"), RATE)
    assert (verdict, difference) == ("differ", Decimal("3000000000"))
    assert "30%" in note and "more" in note
    verdict, difference, note = compare(amount("1000億円"), amount("$0.5 billion"), RATE)
    assert verdict == "differ" and difference < 0 and "less" in note


def test_no_rate_means_no_cross_currency_verdict_of_agreement():
    verdict, difference, note = compare(amount("500億ドル"), amount("7.5兆円"), None)
    assert (verdict, difference) == ("differ", None) and "rate" in note
    assert compare(amount("€5 billion"), amount("$5 billion"), RATE)[0] == "differ"


@pytest.mark.parametrize("text, bounds", [
    ("最大500億ドル", (Decimal(0), Decimal(50_000_000_000))),
    ("130億ドル超", (Decimal(13_000_000_000), None)),
    ("数億円", (Decimal(200_000_000), Decimal(900_000_000))),
    ("約7.5兆円", (Decimal(7_500_000_000_000), Decimal(7_500_000_000_000))),
])
def test_interval(text, bounds):
    assert interval(amount(text)) == bounds


def test_in_currency_keeps_qualifier_and_bounds():
    a = in_currency(amount("最大7.5兆円"), "USD", RATE)
    assert (a.currency, a.qualifier, a.low, a.high) == ("USD", "up_to", None,
                                                       Decimal(50_000_000_000))
    assert in_currency(amount("€5"), "USD", RATE) is None


# --------------------------------------------------------------------------- verdicts

def d(investor, investee, text, source, doc="doc", note=None, malformed=False, start=0):
    return Deal(doc, investor, investee, amount(text), source, f"{investor} {investee}",
                start, start + 5, note=note, malformed=malformed)


def test_every_verdict():
    deals = [
        d("Amazon", "OpenAI", "Up to $50 Billion", "table"),
        d("Microsoft", "OpenAI", "$10 Billion", "table"),
        d("NVIDIA", "Inflection AI", "$1.3 Billion", "table"),
        d(None, "Anthropic", "$2 Billion", "table", note="malformed row: Investor cell empty",
          malformed=True),
        d("Amazon", "OpenAI", "最大500億ドル", "text", start=10),
        d("Microsoft", "OpenAI", "130億ドル以上", "text", start=20),
        d("Amazon", "Anthropic", "数十億ドル", "text", start=30),
    ]
    verdicts = check(deals, RATE)
    got = [(v.investor, v.investee, v.verdict) for v in verdicts]
    assert got == [("Amazon", "OpenAI", "agree"), ("Microsoft", "OpenAI", "differ"),
                   ("NVIDIA", "Inflection AI", "table_only"), (None, "Anthropic", "malformed"),
                   ("Amazon", "Anthropic", "text_only")]
    malformed = verdicts[3]
    assert "Investor cell empty" in malformed.note and "Amazon → Anthropic" in malformed.note
    assert (verdicts[0].text_start, verdicts[0].text_end) == (10, 15)
    assert summary(verdicts) == {"agree": 1, "differ": 1, "table_only": 1, "text_only": 1,
                                 "malformed": 1}
    assert list(summary(verdicts)) == list(VERDICTS)


def test_documents_never_mix():
    deals = [d("A", "B", "$1 billion", "table", doc="one"), d("A", "B", "$1 billion", "text",
                                                               doc="two")]
    assert [v.verdict for v in check(deals)] == ["table_only", "text_only"]


def test_a_repaired_row_with_both_names_is_still_malformed_but_compared():
    deals = [d("A", "B", "$1 billion", "table", note="malformed row: amount and Investor "
               "cells swapped", malformed=True), d("A", "B", "10億ドル", "text")]
    (v,) = check(deals)
    assert v.verdict == "malformed" and v.text_amount == amount("10億ドル")
    assert v.note.startswith("malformed row: amount and Investor cells swapped")


def test_check_rows_have_the_schema_columns():
    (v,) = check([d("A", "B", "最大500億ドル", "table")])
    row = v.to_row()
    assert list(row) == COLUMNS["check"]
    assert (row["verdict"], row["table_amount"], row["text_amount"]) == (
        "table_only", "up_to USD 50000000000", None)
    assert describe(amount("30億〜50億ドル")) == "range USD 3000000000-5000000000"
