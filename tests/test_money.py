"""MONEY extraction and numeral parsing: a table of real forms, negatives, properties."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import extract
from pipeline.money import (
    Amount,
    _grammar,
    _numerals,
    apply_hedge,
    find_amounts,
    format_decimal,
    normalize_amount,
    parse_number,
)
from pipeline.nlp import shared_nlp

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def found(text: str) -> list[tuple]:
    """(span text, currency, value, low, high, qualifier) of every match, values as strings."""
    return [(m.text, m.amount.currency, format_decimal(m.amount.value),
             format_decimal(m.amount.low), format_decimal(m.amount.high), m.amount.qualifier)
            for m in find_amounts(text)]


def exact(span, cur, v):
    return (span, cur, v, v, v, "exact")


# --------------------------------------------------------------------------- positives

CASES = [
    # Japanese numerals: Arabic, big units, decimals, commas, full-width, kanji
    ("OpenAIに500億ドルを投資", [exact("500億ドル", "USD", "50000000000")]),
    ("売上高は1兆2000億円だった", [exact("1兆2000億円", "JPY", "1200000000000")]),
    ("3500万ドルを調達", [exact("3500万ドル", "USD", "35000000")]),
    ("7.5兆円の経済効果", [exact("7.5兆円", "JPY", "7500000000000")]),
    ("純利益は1,200億円", [exact("1,200億円", "JPY", "120000000000")]),
    ("５００億円を投じる", [exact("５００億円", "JPY", "50000000000")]),
    ("１，２００億円", [exact("１，２００億円", "JPY", "120000000000")]),
    ("資本金は二十億円", [exact("二十億円", "JPY", "2000000000")]),
    ("予算は四十九兆九千五百九十二億円", [exact("四十九兆九千五百九十二億円", "JPY", "49959200000000")]),
    ("3億5000万ドルで買収", [exact("3億5000万ドル", "USD", "350000000")]),
    ("36.57億人民元に上った", [exact("36.57億人民元", "CNY", "3657000000")]),
    ("これは 七万円です", [exact("七万円", "JPY", "70000")]),
    ("一万億円が必要", [exact("一万億円", "JPY", "1000000000000")]),
    ("千円札", [exact("千円", "JPY", "1000")]),
    ("これは 零円です", [exact("零円", "JPY", "0")]),
    # sub-units
    ("終値は2222円13銭", [exact("2222円13銭", "JPY", "2222.13")]),
    ("545ドルと5セント", [exact("545ドルと5セント", "USD", "545.05")]),
    ("it only cost 3 dollars 50 cents.", [exact("3 dollars 50 cents", "USD", "3.5")]),
    ("thirteen dollars and forty-five cents", [
        exact("thirteen dollars and forty-five cents", "USD", "13.45")]),
    ("50 cents a piece", [exact("50 cents", "USD", "0.5")]),
    ("株価は10銭高", [exact("10銭", "JPY", "0.1")]),
    ("100 zł", [exact("100 zł", "PLN", "100")]),
    ("3 billion Swedish kronor", [exact("3 billion Swedish kronor", "SEK", "3000000000")]),
    ("per share lower at 197 pence.", [exact("197 pence", "GBP", "1.97")]),
    # vague
    ("数十億ドル規模の出資", [("数十億ドル", "USD", None, "2000000000", "9000000000", "vague")]),
    ("数百万円の損失", [("数百万円", "JPY", None, "2000000", "9000000", "vague")]),
    ("数億円", [("数億円", "JPY", None, "200000000", "900000000", "vague")]),
    ("several billion dollars", [
        ("several billion dollars", "USD", None, "2000000000", "9000000000", "vague")]),
    ("billions of dollars in credits", [
        ("billions of dollars", "USD", None, "2000000000", "9000000000", "vague")]),
    ("hundreds of millions of dollars", [
        ("hundreds of millions of dollars", "USD", None, "200000000", "900000000", "vague")]),
    # ranges
    ("30億〜50億ドル", [("30億〜50億ドル", "USD", None, "3000000000", "5000000000", "range")]),
    ("30億から50億ドルの資金", [("30億から50億ドル", "USD", None, "3000000000", "5000000000",
                                 "range")]),
    ("30〜50億ドル", [("30〜50億ドル", "USD", None, "3000000000", "5000000000", "range")]),
    ("1000万～2000万円", [("1000万～2000万円", "JPY", None, "10000000", "20000000", "range")]),
    ("between $2 billion and $3 billion", [
        ("$2 billion and $3 billion", "USD", None, "2000000000", "3000000000", "range")]),
    ("a $2-3 billion round", [("$2-3 billion", "USD", None, "2000000000", "3000000000", "range")]),
    ("$5bn to $6bn", [("$5bn to $6bn", "USD", None, "5000000000", "6000000000", "range")]),
    ("between 2 and 3 billion dollars", [
        ("2 and 3 billion dollars", "USD", None, "2000000000", "3000000000", "range")]),
    ("¥10,000-¥20,000", [("¥10,000-¥20,000", "JPY", None, "10000", "20000", "range")]),
    ("数億〜数十億円の損失", [("数億〜数十億円", "JPY", None, "200000000", "9000000000", "range")]),
    ("1兆〜1兆5000億円", [("1兆〜1兆5000億円", "JPY", None, "1000000000000", "1500000000000",
                         "range")]),
    # changes are two amounts, not a range
    ("売上高は100億円から150億円に増加", [exact("100億円", "JPY", "10000000000"),
                                        exact("150億円", "JPY", "15000000000")]),
    ("revenue rose from $2 billion to $3 billion", [exact("$2 billion", "USD", "2000000000"),
                                                   exact("$3 billion", "USD", "3000000000")]),
    # currencies other than USD/JPY; ドル is not always USD
    ("1ユーロでいいです", [exact("1ユーロ", "EUR", "1")]),
    ("1000万人民元", [exact("1000万人民元", "CNY", "10000000")]),
    ("5億ポンド", [exact("5億ポンド", "GBP", "500000000")]),
    ("3兆ウォン", [exact("3兆ウォン", "KRW", "3000000000000")]),
    ("1株当たり1.95香港ドルで", [exact("1.95香港ドル", "HKD", "1.95")]),
    ("100ニュー台湾ドル", [exact("100ニュー台湾ドル", "TWD", "100")]),
    ("10億豪ドル", [exact("10億豪ドル", "AUD", "1000000000")]),
    ("5億カナダ・ドル", [exact("5億カナダ・ドル", "CAD", "500000000")]),
    ("五十元", [exact("五十元", "CNY", "50")]),
    ("HK$1.2 billion", [exact("HK$1.2 billion", "HKD", "1200000000")]),
    ("Sell Mex$ 10 million forward", [exact("Mex$ 10 million", "MXN", "10000000")]),
    ("売上高は100億元", [exact("100億元", "CNY", "10000000000")]),
    ("このスマホケースはお前の5ドルと俺の三人民元かかります", [exact("5ドル", "USD", "5"),
                                                      exact("三人民元", "CNY", "3")]),
    # yen signs
    ("株価は¥1,000", [exact("¥1,000", "JPY", "1000")]),
    ("価格は￥５００", [exact("￥５００", "JPY", "500")]),
    ("価格は\\3,000です", [exact("\\3,000", "JPY", "3000")]),
    # English
    ("a $100 billion round", [exact("$100 billion", "USD", "100000000000")]),
    ("US$1.3bn deal", [exact("US$1.3bn", "USD", "1300000000")]),
    ("It raised $4B.", [exact("$4B", "USD", "4000000000")]),
    ("USD 75 million", [exact("USD 75 million", "USD", "75000000")]),
    ("USD115", [exact("USD115", "USD", "115")]),
    ("30 MUSD budget", [exact("30 MUSD", "USD", "30000000")]),
    ("€2 billion", [exact("€2 billion", "EUR", "2000000000")]),
    ("£500m bond", [exact("£500m", "GBP", "500000000")]),
    ("the $1.5-billion deal", [exact("$1.5-billion", "USD", "1500000000")]),
    ("us$ 5 million", [exact("us$ 5 million", "USD", "5000000")]),
    ("$ 1.45 billion", [exact("$ 1.45 billion", "USD", "1450000000")]),
    ("361 million pounds", [exact("361 million pounds", "GBP", "361000000")]),
    ("1.5 trillion yen", [exact("1.5 trillion yen", "JPY", "1500000000000")]),
    ("Rs 500 crore", [exact("Rs 500 crore", "INR", "5000000000")]),
    ("12,34,567.89 rupees", [exact("12,34,567.89 rupees", "INR", "1234567.89")]),
    ("10 $ 30 $", [exact("10 $", "USD", "10"), exact("30 $", "USD", "30")]),
    ("Banknotes: 5 €, 10 €", [exact("5 €", "EUR", "5"), exact("10 €", "EUR", "10")]),
    ("five hundred million dollars", [
        exact("five hundred million dollars", "USD", "500000000")]),
    ("a million dollars", [exact("a million dollars", "USD", "1000000")]),
    ("5 million won", [exact("5 million won", "KRW", "5000000")]),
]

HEDGES = [
    # (text, span, qualifier, low, high) -- hedges stay outside the span
    ("約7.5兆円", "7.5兆円", "approx", "7500000000000", "7500000000000"),
    ("およそ10億円", "10億円", "approx", "1000000000", "1000000000"),
    ("80億ドル規模", "80億ドル", "approx", "8000000000", "8000000000"),
    ("100億円程度", "100億円", "approx", "10000000000", "10000000000"),
    ("1億円前後", "1億円", "approx", "100000000", "100000000"),
    ("500億円ほど", "500億円", "approx", "50000000000", "50000000000"),
    ("1兆円近く", "1兆円", "approx", "1000000000000", "1000000000000"),
    ("最大500億ドル", "500億ドル", "up_to", None, "50000000000"),
    ("上限1000億円", "1000億円", "up_to", None, "100000000000"),
    ("Up to $50 Billion", "$50 Billion", "up_to", None, "50000000000"),
    ("as much as $3bn", "$3bn", "up_to", None, "3000000000"),
    ("130億ドル以上", "130億ドル", "at_least", "13000000000", None),
    ("at least $1 billion", "$1 billion", "at_least", "1000000000", None),
    ("1兆円超", "1兆円", "more_than", "1000000000000", None),
    ("7兆円を超えます", "7兆円", "more_than", "7000000000000", None),
    ("500億円強の", "500億円", "more_than", "50000000000", None),
    ("more than $10 billion", "$10 billion", "more_than", "10000000000", None),
    ("over $5bn", "$5bn", "more_than", "5000000000", None),
    ("100億円未満", "100億円", "less_than", None, "10000000000"),
    ("1億ドル弱", "1億ドル", "less_than", None, "100000000"),
    ("under $1 million", "$1 million", "less_than", None, "1000000"),
    ("about $2 billion", "$2 billion", "approx", "2000000000", "2000000000"),
    ("some $2 billion", "$2 billion", "approx", "2000000000", "2000000000"),
    ("north of $5 billion", "$5 billion", "more_than", "5000000000", None),
    ("$2.5bn+", "$2.5bn", "more_than", "2500000000", None),
    ("最大約500億ドル", "500億ドル", "up_to", None, "50000000000"),  # hedges stack
    ("総額約500億円", "500億円", "approx", "50000000000", "50000000000"),
    ("契約1000億円", "1000億円", "exact", "100000000000", "100000000000"),  # 契約 is no 約
    ("1.2兆円（前年比10%増）を上回る", "1.2兆円", "more_than", "1200000000000", None),
    # a hedge never turns a vague or range amount into something else
    ("数十億ドル規模", "数十億ドル", "vague", "2000000000", "9000000000"),
    ("30億〜50億ドル程度", "30億〜50億ドル", "range", "3000000000", "5000000000"),
]

NEGATIVES = [
    "1ドル＝150円",  # an exchange rate, not two amounts
    "1ドル150円台で推移",
    "$1 = ¥150",
    "1ドル＝149円50銭",
    "COP 28で合意",
    "1 USD: 150 JPY",
    "円相場は150円台",
    "150円/ドル",
    "150 yen per dollar",
    "100万人が参加",  # counts
    "1兆パラメータのモデル",
    "数兆パラメータ",
    "二千十六年",  # a year
    "2026年1月30日",
    "小樽市銭函3丁目",  # place names with currency characters
    "関東一円で販売",
    "一元化された",
    "二元論",
    'printf("1\\n")',  # code
    "x = '\\100'",
    "this one won the prize",
    "GPT-4は5倍",
    "All 70 of us.",
    "万円",
    "3分の1",
    '<a href="https://x.com/?p=100円" data-price="¥5">link</a>',  # markup is never annotated
    "[link](https://x.com/5ドル)",
    "三元合金",
]


@pytest.mark.parametrize("text,expected", CASES)
def test_find_amounts(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text,span,qualifier,low,high", HEDGES)
def test_hedges(text, span, qualifier, low, high):
    [(got_span, _, _, got_low, got_high, got_q)] = found(text)
    assert (got_span, got_q, got_low, got_high) == (span, qualifier, low, high)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_money(text):
    assert found(text) == []


def test_hedge_after_parenthesis_applies_to_amount_before_it():
    assert [(t, q) for t, _, _, _, _, q in found("500億ドル（約7.5兆円）規模の投資")] == [
        ("500億ドル", "approx"), ("7.5兆円", "approx")]


def test_offsets_are_into_original_text():
    text = "前置き\n＄５０億ではなく、最大５００億ドル（約７．５兆円）"
    for m in find_amounts(text):
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("hedge_text,qualifier", [
    ("Approximate Amount (USD)", "approx"), ("推定投資額", "approx"), ("Estimated value", "approx"),
    ("最大出資額", "up_to"), ("Amount", "exact"), ("金額", "exact")])
def test_apply_hedge(hedge_text, qualifier):
    a = Amount("USD", Decimal(10), Decimal(10), Decimal(10), "exact")
    assert apply_hedge(a, hedge_text).qualifier == qualifier


def test_apply_hedge_keeps_cell_hedge():
    a = Amount("USD", Decimal(10), None, Decimal(10), "up_to")
    assert apply_hedge(a, "Approximate Amount") == a


@pytest.mark.parametrize("text,qualifier,value", [
    ("約7.5兆円", "approx", "7500000000000"), ("最大500億ドル", "up_to", "50000000000"),
    ("Up to $50 Billion", "up_to", "50000000000"), ("30億〜50億ドル", "range", None),
    ("500億ドル", "exact", "50000000000")])
def test_normalize_amount(text, qualifier, value):
    a = normalize_amount(text)
    assert (a.qualifier, format_decimal(a.value)) == (qualifier, value)


def test_normalize_amount_none():
    assert normalize_amount("100万人") is None


def test_values_are_decimal():
    for m in find_amounts("約7.5兆円、$1.3bn、30億〜50億ドル、数十億ドル"):
        for v in (m.amount.value, m.amount.low, m.amount.high):
            assert v is None or isinstance(v, Decimal)


# --------------------------------------------------------------------------- parse_number

@pytest.mark.parametrize("text,value", [
    ("1兆2000億", "1200000000000"), ("四十九兆九千五百九十二億", "49959200000000"),
    ("５，０００", "5000"), ("1.3bn", "1300000000"), ("7.5兆", "7500000000000"),
    ("二〇二六", "2026"), ("〇・二三四五六〇〇〇", "0.23456"), ("二百・七一", "200.71"),
    ("四千万零六千", "40006000"), ("29万1,890", "291890"), ("4億23,800,000", "423800000"),
    ("7万 5千 4百", "75400"), ("一百 五 十 二", "152"), ("- 1,200,000", "-1200000"),
    ("-.0012G", "-1200000"), ("マイナス五", "-5"), ("forty-five", "45"),
    ("one hundred and twenty", "120"), ("3 thousand", "3000"), ("壱萬円"[:2], "10000"),
    ("1.10", "1.1"), ("0123", "123"), ("零零零一二三", "123"),
])
def test_parse_number(text, value):
    assert format_decimal(parse_number(text)) == value


@pytest.mark.parametrize("text", ["数十億", "万", "億円", "3分の1", "abc", "", "1-2", "十ドル"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


# --------------------------------------------------------------------------- properties

KANJI_DIGITS = "〇一二三四五六七八九"
BIG = [(10 ** 12, "兆"), (10 ** 8, "億"), (10 ** 4, "万")]
EN_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen").split()
EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def kanji_below_10000(n: int, one_before_unit: bool) -> str:
    out = ""
    for unit, ch in ((1000, "千"), (100, "百"), (10, "十")):
        d, n = divmod(n, unit)
        if d:
            out += ("" if d == 1 and not one_before_unit else KANJI_DIGITS[d]) + ch
    return out + (KANJI_DIGITS[n] if n else "")


def grouped(n: int, below_10000) -> str:
    """Write n with 兆/億/万 groups, each group written by ``below_10000``."""
    if n == 0:
        return below_10000(0) or "〇"
    out = ""
    for unit, ch in BIG:
        g, n = divmod(n, unit)
        if g:
            out += below_10000(g) + ch
    return out + (below_10000(n) if n else "")


def english(n: int) -> str:
    if n < 20:
        return EN_UNITS[n]
    if n < 100:
        return EN_TENS[n // 10] + ("-" + EN_UNITS[n % 10] if n % 10 else "")
    if n < 1000:
        return EN_UNITS[n // 100] + " hundred" + (" and " + english(n % 100) if n % 100 else "")
    for unit, word in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")):
        if n >= unit:
            rest = n % unit
            return english(n // unit) + " " + word + (" " + english(rest) if rest else "")
    raise AssertionError(n)


FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
integers = st.integers(min_value=0, max_value=10 ** 16 - 1)


@settings(max_examples=150, deadline=None)
@given(integers, st.booleans())
def test_kanji_numerals_exact(n, one_before_unit):
    text = grouped(n, lambda g: kanji_below_10000(g, one_before_unit))
    assert parse_number(text) == n


@settings(max_examples=150, deadline=None)
@given(integers)
def test_arabic_forms_exact(n):
    for text in (str(n), f"{n:,}", str(n).translate(FULL_WIDTH), f"{n:,}".translate(FULL_WIDTH),
                 grouped(n, lambda g: str(g) if g else "0")):
        assert parse_number(text) == n, text


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 12 - 1))
def test_english_words_exact(n):
    assert parse_number(english(n)) == n


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value=0, max_value=10 ** 6, places=3, allow_nan=False),
       st.sampled_from([("万", 10 ** 4), ("億", 10 ** 8), ("兆", 10 ** 12), (" thousand", 10 ** 3),
                        (" million", 10 ** 6), (" billion", 10 ** 9), ("bn", 10 ** 9),
                        ("m", 10 ** 6), ("k", 10 ** 3), ("B", 10 ** 9)]))
def test_decimal_with_scale_exact(d, scale):
    word, mult = scale
    text = format_decimal(d)
    if parse_number(text) == 0 and word in "万億兆":
        return  # "0億" is not written
    assert parse_number(text + word) == d * mult


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10 ** 15,
                   max_value=10 ** 15, places=6))
def test_format_parse_round_trip(d):
    s = format_decimal(d)
    assert "E" not in s and not (("." in s) and s.endswith("0"))
    assert parse_number(s) == d


@settings(max_examples=100, deadline=None)
@given(integers.filter(lambda n: n > 0), st.sampled_from([("円", "JPY"), ("ドル", "USD"),
                                                          ("ユーロ", "EUR")]))
def test_amount_round_trip_in_sentence(n, currency):
    word, iso = currency
    numeral = grouped(n, lambda g: kanji_below_10000(g, False))
    [m] = find_amounts(f"同社は{numeral}{word}を投じた。")
    assert (m.text, m.amount.currency, m.amount.value) == (numeral + word, iso, n)


PIECES = st.sampled_from(["1", "5", "0", ",", ".", "-", " ", "〜", "から", "と", "数", "十", "百",
                          "千", "万", "億", "兆", "一", "二", "九", "円", "ドル", "銭", "セント",
                          "元", "$", "¥", "\\", "€", "US$", "USD", "M", "bn", " billion", " dollars",
                          " cents", "約", "最大", "以上", "規模", "（", "）", "(", ")", "=", "＝",
                          "|", "\n", "---", "between ", " and ", "up to ", "several", "台", "化"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_find_amounts_never_breaks(text):
    matches = find_amounts(text)
    ends = [0]
    for m in matches:
        assert text[m.start:m.end] == m.text and m.start >= ends[-1] and m.end > m.start
        ends.append(m.end)
        a = m.amount
        assert a.qualifier in ("exact", "approx", "up_to", "at_least", "more_than", "less_than",
                               "range", "vague")
        assert (a.value is None) == (a.qualifier in ("range", "vague"))
        assert a.low is None or a.high is None or a.low <= a.high


# --------------------------------------------------------------------------- spaCy

@pytest.fixture(scope="module")
def nlp_ja():
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"split_mode": "C"}}})
    nlp.add_pipe("jnews_money")
    return nlp


@pytest.fixture(scope="module")
def nlp_en():
    nlp = spacy.blank("en")
    nlp.add_pipe("jnews_money")
    return nlp


def test_component_ja(nlp_ja):
    doc = nlp_ja("AmazonがOpenAIに最大500億ドル（約7.5兆円）規模を投資。")
    assert [(e.text, e.label_, e._.jnews_amount.qualifier) for e in doc.ents] == [
        ("500億ドル", "MONEY", "up_to"), ("7.5兆円", "MONEY", "approx")]


def test_component_splits_tokens(nlp_en):
    text = "It raised $4B. Then $1.3bn."
    assert [t.text for t in spacy.blank("en")(text)][3] == "4B."  # the tokenizer glues the dot
    doc = nlp_en(text)
    assert [(e.text, e.start_char, e.end_char) for e in doc.ents] == [
        ("$4B", 10, 13), ("$1.3bn", 20, 26)]
    assert doc.ents[0]._.jnews_amount.value == Decimal(4000000000)


def test_component_split_pieces_keep_the_tag_and_own_their_lemma():
    doc = shared_nlp("ja", ner=None)("千円盤は人気だ。")  # Sudachi: 千 | 円盤 | は ...; the MONEY edge cuts 円盤
    assert doc.ents[0].text == "千円"
    pieces = [(t.text, t.tag_, t.lemma_, t.norm_, t._.jnews_reading) for t in doc[:4]]
    assert pieces == [("千", "名詞-数詞", "千", "1000", "セン"),
                      ("円", "名詞-普通名詞-一般", "円", "円", ""),  # no morpheme of its own
                      ("盤", "名詞-普通名詞-一般", "盤", "盤", ""),
                      ("は", "助詞-係助詞", "は", "は", "ハ")]


def test_every_numeral_word_starts_a_numeral():
    """The numeral pattern's first-character guard admits every numeral the tables list."""
    num = _numerals()
    numeral = _grammar().numeral
    for word in [*num.words, *num.vague, *num.digits, *num.small, *num.big, "12", ".5", "数十"]:
        for form in {word, word.capitalize(), word.upper()}:
            assert numeral.match(form), form


def test_numerals_far_from_any_currency_are_not_money():
    # Years and counts are skipped before parsing; a range's first numeral is near the
    # second's currency and still joins it.
    assert found("2024年に3社が1000人を採用した。") == []
    assert found("2024年の調達は30億〜50億ドル。") == [
        ("30億〜50億ドル", "USD", None, "3000000000", "5000000000", "range")]


def test_component_keeps_other_entities(nlp_en):
    doc = spacy.blank("en").make_doc("Amazon pays $5 million.")
    doc.ents = [doc.char_span(0, 6, label="ORG"), doc.char_span(12, 22, label="MISC")]
    doc = nlp_en.get_pipe("jnews_money")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Amazon", "ORG"), ("$5 million", "MONEY")]


# --------------------------------------------------------------------------- gold data

@pytest.mark.skipif(not (EVAL / "seeds.amounts.jsonl").exists(), reason="no shared/eval data")
def test_seed_articles_exact():
    """Every field of every seed amount, as the pipeline writes them (table header
    hedges included)."""
    for line in (EVAL / "seeds.amounts.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        path = next(CORPUS.glob(gold["doc_id"] + ".*"), None)
        if path is None:
            continue
        text = path.read_bytes().decode("utf-8")
        got = [{"start": a.start, "end": a.end, "text": a.text, "currency": a.currency,
                "value": format_decimal(a.value), "low": format_decimal(a.low),
                "high": format_decimal(a.high), "qualifier": a.qualifier}
               for a in extract(text).amounts]
        assert got == gold["amounts"]
