"""USD/JPY conversion: document, table and override rates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.fx import RATES_FILE, Conversion, convert_all, document_rate, load_rates
from pipeline.money import find_amounts

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def run(text, published=None, **kw) -> list[Conversion]:
    return convert_all(find_amounts(text), text, published, **kw)


def test_document_rate_from_paired_amounts():
    text = "500億ドル（約7.5兆円）規模の投資。別に1億円。"
    convs = run(text, "2022-05-01")
    assert [c.fx_source for c in convs] == ["document"] * 3
    assert convs[0] == Conversion(Decimal("5E10"), Decimal("7.5E12"), Decimal(150), "document")
    assert convs[2].usd == Decimal("666666.67") and convs[2].jpy == Decimal(100000000)


@pytest.mark.parametrize("text,rate", [
    ("10億円（約700万ドル）", Decimal("10E8") / Decimal("7E6")),
    ("$1 billion (about ¥150 billion)", Decimal(150)),
    ("500億ドル、日本円にして約7.5兆円", Decimal(150)),
])
def test_document_rate_forms(text, rate):
    assert document_rate(find_amounts(text), text) == rate


@pytest.mark.parametrize("text", [
    "10ドル（1000億円）",  # 1e10 JPY per USD: not a conversion
    "500億ドルの投資と、7.5兆円の予算",  # not paired by the text
    "500億ドル（約50億ユーロ）",  # not USD/JPY
])
def test_no_document_rate(text):
    assert document_rate(find_amounts(text), text) is None


def test_table_rate_by_published_date():
    [c] = run("100億円を投資", "2022-06-15T00:00:00+09:00")
    assert (c.fx_rate, c.fx_source) == (Decimal("131.5"), "table")
    assert c.jpy == Decimal("1E10") and c.usd == (Decimal("1E10") / Decimal("131.5")).quantize(
        Decimal("0.01"))


def test_fx_date_wins_over_published():
    [c] = run("$1 million", "2022-06-15", fx_date="2019-01-01")
    assert c.fx_rate == Decimal("109.0") and c.jpy == Decimal("109000000")


def test_no_date_uses_latest_row():
    latest = load_rates()[("USD", "JPY")][max(load_rates()[("USD", "JPY")])]
    [c] = run("$1 million", None)
    assert (c.fx_rate, c.fx_source) == (latest, "table")
    [c] = run("$1 million", "2099-01-01")
    assert c.fx_rate == latest


def test_override_wins_over_document():
    convs = run("500億ドル（約7.5兆円）", "2022-01-01", override=Decimal("140"))
    assert {(c.fx_rate, c.fx_source) for c in convs} == {(Decimal(140), "override")}
    assert convs[0].jpy == Decimal("7E12")


def test_range_and_vague_keep_rate_but_no_values():
    for c in run("30億〜50億ドルと数十億円", "2023-03-01"):
        assert (c.usd, c.jpy, c.fx_rate, c.fx_source) == (None, None, Decimal("140.5"), "table")


def test_other_currencies_only_through_the_file():
    eur, chf = run("€2 billion and CHF 5 million", "2023-01-01")
    assert eur.usd == Decimal("2.16E9") and eur.jpy == Decimal("2.16E9") * Decimal("140.5")
    assert (chf.usd, chf.jpy, chf.fx_rate) == (None, None, Decimal("140.5"))


def test_user_rates_file_with_months(tmp_path):
    f = tmp_path / "rates.tsv"
    f.write_text("# my rates\nperiod\tbase\tquote\trate\n2024\tUSD\tJPY\t150\n"
                 "2024-07\tUSD\tJPY\t160\n2024\tCHF\tUSD\t1.1\n", encoding="utf-8")
    july, chf = run("$1 and CHF 10", "2024-07-03", rates_file=str(f))
    assert july.jpy == Decimal(160) and chf.usd == Decimal(11)
    [march] = run("$1", "2024-03-03", rates_file=str(f))
    assert march.jpy == Decimal(150)


def test_bad_rates_file(tmp_path):
    f = tmp_path / "rates.tsv"
    f.write_text("period\tbase\tquote\trate\nlast year\tUSD\tJPY\t150\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad period"):
        load_rates(str(f))


def test_rates_file_names_its_source():
    head = RATES_FILE.read_text(encoding="utf-8")
    assert "Federal Reserve" in head and "H.10" in head


def test_values_are_decimal_and_plain():
    for c in run("約7.5兆円、$1.3bn、€5", "2021-01-01"):
        for v in (c.usd, c.jpy, c.fx_rate):
            assert v is None or (isinstance(v, Decimal) and "E" not in format(v, "f"))


@pytest.mark.skipif(not (CORPUS / "003_437ff278181682f5.txt").exists(), reason="no corpus")
def test_seed_article_uses_its_own_rate():
    text = (CORPUS / "003_437ff278181682f5.txt").read_bytes().decode("utf-8")
    convs = run(text, "2026-01-30T00:00:00+09:00")
    assert {c.fx_source for c in convs} == {"document"}
    assert {c.fx_rate for c in convs} == {Decimal(150)}
