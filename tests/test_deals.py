"""Deals from prose and tables: sentences and tables written for these tests, in many
shapes (word orders, particles, passives, coordination, both languages), plus the seeds."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.canonical import canonical_name
from pipeline.check import describe
from pipeline.deals import Deal, article_deals, dedupe, ents_from_doc, table_deals, text_deals
from pipeline.ingest import article_from_text, read_article
from pipeline.money import find_amounts, normalize_amount
from pipeline.nlp import analyze, detect_language, shared_nlp
from pipeline.schema import COLUMNS, MONEY, ORG
from pipeline.tables import Ent, find_tables

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def mentions(text, names):
    """Ents for the given names (``PERSON:`` prefix for people) and every amount, so these
    tests exercise the deal reader, not the entity recogniser."""
    ents = []
    for name in names:
        label, _, surface = name.rpartition(":")
        for m in re.finditer(re.escape(surface), text):
            ents.append(Ent(m.start(), m.end(), label or ORG, surface, canonical_name(surface)))
    ents += [Ent(m.start, m.end, MONEY, m.text, None, m.amount) for m in find_amounts(text)]
    return sorted(ents, key=lambda e: e.start)


def prose(text, names):
    doc = shared_nlp(detect_language(text))(text)
    return [(d.investor, d.investee, describe(d.amount))
            for d in text_deals(doc, "t", ents=mentions(text, names))]


def deal(investor, investee, amount):
    return canonical_name(investor), canonical_name(investee), describe(normalize_amount(amount))


# --------------------------------------------------------------------------- prose

JA = [
    # Xが Yに … 投資
    ("AmazonがOpenAIに最大500億ドルを投資する。", ["Amazon", "OpenAI"],
     [deal("Amazon", "OpenAI", "最大500億ドル")]),
    # Xは Yに対して … 以上を投資
    ("MicrosoftはOpenAIに対して130億ドル以上を投資している。", ["Microsoft", "OpenAI"],
     [deal("Microsoft", "OpenAI", "130億ドル以上")]),
    # XからYへの … の投資 (a noun phrase, no verb)
    ("AmazonからOpenAIへの500億ドルの投資が話題だ。", ["Amazon", "OpenAI"],
     [deal("Amazon", "OpenAI", "500億ドル")]),
    # XによるYへの出資
    ("サンプル商事によるカワセミ電機への約30億円の出資が決まった。", ["サンプル商事", "カワセミ電機"],
     [deal("サンプル商事", "カワセミ電機", "約30億円")]),
    # YはXから出資を受けた: the receiving side is the subject
    ("カワセミ電機はサンプル商事から30億円の出資を受けた。", ["サンプル商事", "カワセミ電機"],
     [deal("サンプル商事", "カワセミ電機", "30億円")]),
    # 資金調達: the subject raises, などから names the investor
    ("カワセミ電機は第三者割当増資を実施し、サンプル商事などから50億円を調達した。",
     ["サンプル商事", "カワセミ電機"], [deal("サンプル商事", "カワセミ電機", "50億円")]),
    # Xを引受先とする増資: the allottees pay in
    ("カワセミ電機は、サンプル商事などを引受先とする第三者割当増資で約20億円を調達した。",
     ["サンプル商事", "カワセミ電機"], [deal("サンプル商事", "カワセミ電機", "約20億円")]),
    # a name in brackets takes the particle after the bracket
    ("サンプル商事は英国の新興企業ハルカ（Haruka）に約20億ドルを出資する。", ["サンプル商事", "Haruka"],
     [deal("サンプル商事", "Haruka", "約20億ドル")]),
    # 買収: the object is bought; the amount after で
    ("ソフトバンクグループは英Armを約3.3兆円で買収した。", ["ソフトバンクグループ", "Arm"],
     [deal("ソフトバンクグループ", "Arm", "約3.3兆円")]),
    # 株式を取得: the genitive is whose shares
    ("サンプル商事は、カワセミ電機の株式の20%を150億円で取得した。", ["サンプル商事", "カワセミ電機"],
     [deal("サンプル商事", "カワセミ電機", "150億円")]),
    # Two investors joined by と
    ("トヨタ自動車とデンソーはカワセミ電機に100億円を出資する計画だ。",
     ["トヨタ自動車", "デンソー", "カワセミ電機"],
     [deal("トヨタ自動車", "カワセミ電機", "100億円"), deal("デンソー", "カワセミ電機", "100億円")]),
    # Two deals in one sentence
    ("AmazonはAnthropicに40億ドルを出資し、GoogleはAnthropicに20億ドルを出資した。",
     ["Amazon", "Google", "Anthropic"],
     [deal("Amazon", "Anthropic", "40億ドル"), deal("Google", "Anthropic", "20億ドル")]),
    # も as subject, には as goal, amount first
    ("AnthropicにはGoogleも20億ドルを出資している。", ["Google", "Anthropic"],
     [deal("Google", "Anthropic", "20億ドル")]),
    ("30億円を、サンプル商事はカワセミ電機に出資した。", ["サンプル商事", "カワセミ電機"],
     [deal("サンプル商事", "カワセミ電機", "30億円")]),
    # A bracketed aside between the name and its particle; the yen conversion is no deal
    ("AmazonがAnthropic（Claude）に対して40億ドル（約6000億円）規模の出資を行う。",
     ["Amazon", "Anthropic"], [deal("Amazon", "Anthropic", "40億ドル規模")]),
    # A person invests; the honorific sits between the name and は
    ("孫正義氏はカワセミ電機に個人で10億円を出資した。", ["PERSON:孫正義", "カワセミ電機"],
     [deal("孫正義", "カワセミ電機", "10億円")]),
    # A vague amount
    ("AmazonがAnthropicにも既に数十億ドル規模の出資をしている。", ["Amazon", "Anthropic"],
     [deal("Amazon", "Anthropic", "数十億ドル")]),
    # Katakana names with their Latin canonical
    ("アマゾンはアンソロピックに最大40億ドルを投資する。", ["アマゾン", "アンソロピック"],
     [deal("アマゾン", "アンソロピック", "最大40億ドル")]),
    # The genitive of a fund-raising or shareholding word is where the money goes.
    ("NVIDIAがxAIの資金調達に参加し、20億ドルを出資したと報じられた。", ["NVIDIA", "xAI"],
     [deal("NVIDIA", "xAI", "20億ドル")]),
    ("GoogleはAnthropicの株式の14%を保有しており、これまでに30億ドルを投資した。",
     ["Google", "Anthropic"], [deal("Google", "Anthropic", "30億ドル")]),
    # A headline: "X、Yに…" is X's deal.
    ("Amazon、Anthropicへの追加投資40億ドルを完了", ["Amazon", "Anthropic"],
     [deal("Amazon", "Anthropic", "40億ドル")]),
    # A person introduced by company and title acts for the company.
    ("AmazonのCEO Andy Jassy氏は、Anthropicに40億ドルを投資したと述べた。",
     ["Amazon", "PERSON:Andy Jassy", "Anthropic"], [deal("Amazon", "Anthropic", "40億ドル")]),
    # Passive: Xに買収される, and an agent (による) with the bought company as genitive.
    ("Wizは、Googleに約320億ドルで買収されることで合意した。", ["Wiz", "Google"],
     [deal("Google", "Wiz", "約320億ドル")]),
    ("Googleによる約320億ドルでのWizの買収が完了した。", ["Wiz", "Google"],
     [deal("Google", "Wiz", "約320億ドル")]),
    # A deal word of several tokens (子会社 + 化).
    ("サンプル商事はカワセミ電機を30億円で子会社化する。", ["サンプル商事", "カワセミ電機"],
     [deal("サンプル商事", "カワセミ電機", "30億円")]),
    # The amount in a following clause of the same sentence.
    ("サンプル商事がカワセミ電機に出資し、出資額は30億円となった。", ["サンプル商事", "カワセミ電機"],
     [deal("サンプル商事", "カワセミ電機", "30億円")]),
    # The investee is whoever raises money in an earlier clause.
    ("OpenAIは総額1000億ドルの資金調達を計画しており、Amazonは最大500億ドルを出資する見通しだ。",
     ["OpenAI", "Amazon"], [deal("Amazon", "OpenAI", "最大500億ドル")]),
    # --- no deal
    ("OpenAIは100億ドルを調達し、Amazonは自社のデータセンターに500億ドルを投資した。",
     ["OpenAI", "Amazon"], []),
    ("AmazonはAnthropicにも多額の投資を行っている。", ["Amazon", "Anthropic"], []),  # no amount
    ("OpenAIは$100 billionの資金調達ラウンドを組成している。", ["OpenAI"], []),  # no investor
    ("三菱UFJ銀行はカワセミ電機に100億円を融資した。", ["三菱UFJ銀行", "カワセミ電機"], []),  # a loan
    ("Amazonはデータセンターに1000億ドルを投資する。", ["Amazon"], []),  # capital spending
    ("Microsoftは日本に29億ドルを投資すると発表した。", ["Microsoft"], []),  # a country
    ("OpenAIはOracleから300億ドル分のクラウドサービスを購入する。", ["OpenAI", "Oracle"], []),
    ("Amazonの売上高は5000億ドルで、Microsoftを上回った。", ["Amazon", "Microsoft"], []),
    ("OpenAIの企業価値は1570億ドルと評価され、Microsoftが最大の株主だ。", ["OpenAI", "Microsoft"], []),
    ("Microsoftは2024年度にAIインフラへ800億ドルを投資する計画で、OpenAIとの提携も強化する。",
     ["Microsoft", "OpenAI"], []),
    ("OpenAIの2024年の売上高は37億ドルで、Microsoftからの投資は続く。", ["OpenAI", "Microsoft"], []),
]

EN = [
    ("Amazon invested $4 billion in Anthropic.", ["Amazon", "Anthropic"],
     [deal("Amazon", "Anthropic", "$4 billion")]),
    # A description between the cue and the name: the lead of a round is its investor.
    ("Kawasemi Robotics said it had raised $42 million in a round led by U.S. venture firm "
     "Harukaze Ventures.", ["Kawasemi Robotics", "Harukaze Ventures"],
     [deal("Harukaze Ventures", "Kawasemi Robotics", "$42 million")]),
    ("Kawasemi has raised $20 million in a round led by Harukaze, with participation from "
     "Japan's Misago Capital and London-based Toki Partners.",
     ["Kawasemi", "Harukaze", "Misago Capital", "Toki Partners"],
     [deal("Harukaze", "Kawasemi", "$20 million")]),
    ("Anthropic raised $2 billion from Google.", ["Anthropic", "Google"],
     [deal("Google", "Anthropic", "$2 billion")]),
    ("Google has agreed to invest up to $2 billion in Anthropic, according to people "
     "familiar with the matter.", ["Google", "Anthropic"],
     [deal("Google", "Anthropic", "up to $2 billion")]),
    ("Microsoft's $10 billion investment in OpenAI reshaped the industry.",
     ["Microsoft", "OpenAI"], [deal("Microsoft", "OpenAI", "$10 billion")]),
    ("Foo Labs, backed by Acme Capital, raised $50 million.", ["Foo Labs", "Acme Capital"],
     [deal("Acme Capital", "Foo Labs", "$50 million")]),
    ("Microsoft acquired Activision Blizzard for $69 billion.",
     ["Microsoft", "Activision Blizzard"],
     [deal("Microsoft", "Activision Blizzard", "$69 billion")]),
    ("SoftBank is in talks to invest $1 billion in Foo Labs.", ["SoftBank", "Foo Labs"],
     [deal("SoftBank", "Foo Labs", "$1 billion")]),
    ("Bar Ventures and Baz Capital invested $20 million in Foo Labs.",
     ["Bar Ventures", "Baz Capital", "Foo Labs"],
     [deal(n, "Foo Labs", "$20 million") for n in ("Bar Ventures", "Baz Capital")]),
    ("Foo Labs raised $20 million from Bar Ventures and Baz Capital.",
     ["Bar Ventures", "Baz Capital", "Foo Labs"],
     [deal(n, "Foo Labs", "$20 million") for n in ("Bar Ventures", "Baz Capital")]),
    ("Foo Labs secured $10 million in funding led by Acme Capital.", ["Foo Labs", "Acme Capital"],
     [deal("Acme Capital", "Foo Labs", "$10 million")]),
    ("OpenAI received a $10 billion investment from Microsoft.", ["OpenAI", "Microsoft"],
     [deal("Microsoft", "OpenAI", "$10 billion")]),
    ("Acme Capital has taken a stake in Foo Labs for $300 million.", ["Acme Capital", "Foo Labs"],
     [deal("Acme Capital", "Foo Labs", "$300 million")]),
    ("Acme Capital led a $30 million round in Foo Labs.", ["Acme Capital", "Foo Labs"],
     [deal("Acme Capital", "Foo Labs", "$30 million")]),
    ("Anthropic raised $2 billion from Google, and Amazon invested up to $4 billion in Anthropic.",
     ["Anthropic", "Google", "Amazon"],
     [deal("Google", "Anthropic", "$2 billion"), deal("Amazon", "Anthropic", "up to $4 billion")]),
    ("Salesforce Ventures, Nvidia and Amazon participated in Hugging Face's $235 million "
     "Series D.", ["Salesforce Ventures", "Nvidia", "Amazon", "Hugging Face"],
     [deal(n, "Hugging Face", "$235 million")
      for n in ("Salesforce Ventures", "Nvidia", "Amazon")]),
    ("Foo Labs was acquired by Bar Corp for $300 million.", ["Foo Labs", "Bar Corp"],
     [deal("Bar Corp", "Foo Labs", "$300 million")]),
    ("The $300 million acquisition of Foo Labs by Bar Corp closed on Friday.",
     ["Foo Labs", "Bar Corp"], [deal("Bar Corp", "Foo Labs", "$300 million")]),
    ("Bar Corp's acquisition of Foo Labs for $300 million closed on Friday.",
     ["Foo Labs", "Bar Corp"], [deal("Bar Corp", "Foo Labs", "$300 million")]),
    ("Microsoft pumped $13 billion into OpenAI.", ["Microsoft", "OpenAI"],
     [deal("Microsoft", "OpenAI", "$13 billion")]),
    ("OpenAI is raising $100 billion, and Amazon could invest up to $50 billion.",
     ["OpenAI", "Amazon"], [deal("Amazon", "OpenAI", "up to $50 billion")]),
    # --- no deal
    ("OpenAI raised $10 billion, while Amazon invested $50 billion in data centers.",
     ["OpenAI", "Amazon"], []),
    ("Amazon said it will invest $100 billion in data centers.", ["Amazon"], []),
    ("Microsoft and OpenAI were mentioned next to the $10 billion figure.",
     ["Microsoft", "OpenAI"], []),
    ("Amazon has invested heavily in Anthropic.", ["Amazon", "Anthropic"], []),
    ("OpenAI was valued at $157 billion, and Microsoft remains its largest investor.",
     ["OpenAI", "Microsoft"], []),
    ("Microsoft invested in OpenAI in 2019, and OpenAI's revenue reached $3.7 billion in 2024.",
     ["Microsoft", "OpenAI"], []),
    ("Amazon spent $50 billion on data centers last year, more than Google.",
     ["Amazon", "Google"], []),
]


@pytest.mark.parametrize("text, names, expected", JA + EN, ids=[t for t, _, _ in JA + EN])
def test_prose_deals(text, names, expected):
    assert sorted(prose(text, names)) == sorted(expected)


@pytest.mark.parametrize("text, status", [
    ("AmazonがOpenAIに対して500億ドル規模の投資を行う方向で交渉中と報じられました。", "in_talks;reported"),
    ("AmazonがOpenAIへ500億ドルの巨額投資を検討中か", "considering"),
    ("トヨタ自動車はカワセミ電機に100億円を出資する計画だ。", "planned"),
    ("Google has agreed to invest $2 billion in Anthropic, people familiar with it said.",
     "agreed;reported"),
    ("Amazon invested $4 billion in Anthropic.", None),
])
def test_status(text, status):
    names = ["Amazon", "OpenAI", "トヨタ自動車", "カワセミ電機", "Google", "Anthropic"]
    doc = shared_nlp(detect_language(text))(text)
    (d,) = text_deals(doc, "t", ents=mentions(text, [n for n in names if n in text]))
    assert d.status == status


def test_one_deal_per_pair_with_the_most_specific_hedge():
    text = ("AmazonがOpenAIへ500億ドルの投資を検討。AmazonがOpenAIに最大500億ドルを投資する。"
            "AmazonからOpenAIへの500億ドルの投資。")
    doc = shared_nlp("ja")(text)
    (d,) = text_deals(doc, "t", ents=mentions(text, ["Amazon", "OpenAI"]))
    assert (d.amount.qualifier, d.statements, d.status) == ("up_to", 3, "considering")
    assert text[d.start:d.end] == d.sentence == "AmazonがOpenAIに最大500億ドルを投資する。"


def test_english_sentences_inside_a_japanese_passage_are_read_apart():
    text = ("日本語の前文です。Microsoft invested €15 million in Mistral AI. Google agreed to "
            "invest up to $2 billion in Anthropic, says Example Labs Inc. Corp.\n")
    doc = shared_nlp("ja")(text)
    deals = text_deals(doc, "t", ents=mentions(text, ["Microsoft", "Mistral AI", "Google",
                                                      "Anthropic"]))
    assert [(d.investor, d.investee, d.status) for d in deals] == [
        ("Microsoft", "Mistral AI", None), ("Google", "Anthropic", "agreed")]
    assert deals[0].sentence == "Microsoft invested €15 million in Mistral AI."


def test_offsets_are_article_offsets_and_tables_are_not_prose():
    head = "前書き。\n"
    body = ("| 出資者 | 出資先 | 出資額 |\n|---|---|---|\n| Amazon | OpenAI | 500億ドルの投資 |\n"
            "MicrosoftはOpenAIに130億ドルを投資した。\n")
    doc = shared_nlp("ja")(body)
    ents = [replace_offset(e, len(head)) for e in mentions(body, ["Amazon", "OpenAI", "Microsoft"])]
    deals = text_deals(doc, "t", offset=len(head), ents=ents)
    assert [(d.investor, d.investee) for d in deals] == [("Microsoft", "OpenAI")]
    article = head + body
    assert article[deals[0].start:deals[0].end] == deals[0].sentence


def replace_offset(e, by):
    return Ent(e.start + by, e.end + by, e.label, e.text, e.canonical, e.amount)


def test_usd_for_yen_needs_the_rate():
    text = "サンプル商事はカワセミ電機に150億円を出資した。"
    doc = shared_nlp("ja")(text)
    ents = mentions(text, ["サンプル商事", "カワセミ電機"])
    assert text_deals(doc, "t", ents=ents)[0].usd is None
    assert text_deals(doc, "t", ents=ents, usd_jpy=Decimal(150))[0].usd == Decimal(100000000)


def test_the_pipeline_entities_are_read_from_the_doc():
    text = "AmazonがOpenAIに最大500億ドルを投資する。"
    doc = shared_nlp("ja")(text)
    assert {e.label for e in ents_from_doc(doc, 10)} >= {ORG, MONEY}
    assert [(d.investor, d.investee) for d in text_deals(doc, "t")] == [("Amazon", "OpenAI")]


# --------------------------------------------------------------------------- tables

def tdeals(text, names=(), rate=None):
    return [(d.investor, d.investee, describe(d.amount), d.note)
            for d in table_deals(find_tables(text), mentions(text, names), "t", usd_jpy=rate)]


def test_table_one_deal_per_investor_and_header_hedge():
    text = ("| Date | Company | Investor | Estimated Amount |\n|---|---|---|---|\n"
            "| 2023 | Foo Labs | Acme Capital, Baz Capital | $40 million |\n"
            "| 2024 | Bar AI | Zeta Partners | Up to $5 million |\n")
    assert tdeals(text) == [
        ("Acme Capital", "Foo Labs", "approx USD 40000000", None),
        ("Baz Capital", "Foo Labs", "approx USD 40000000", None),
        ("Zeta Partners", "Bar AI", "up_to USD 5000000", None)]


def test_table_japanese_headers_full_width_bars():
    text = "出資先｜出資者｜出資額\nカワセミ電機｜サンプル商事｜30億円\nミサゴ工業｜トキ物産・サンプル商事｜5億円以上\n"
    assert tdeals(text) == [
        ("サンプル商事", "カワセミ電機", "exact JPY 3000000000", None),
        ("トキ物産", "ミサゴ工業", "at_least JPY 500000000", None),
        ("サンプル商事", "ミサゴ工業", "at_least JPY 500000000", None)]


@pytest.mark.parametrize("prose, investee", [
    # A table of investors and amounts only is about the article's fundraiser: the
    # investee of its prose deals ...
    ("ハルカゼ電機はシリーズBで総額20億円を調達した。サンプル商事がハルカゼ電機に10億円を出資する。\n",
     "ハルカゼ電機"),
    # ... or, with none, the company its prose names most (and at least twice).
    ("株式会社ハルカゼ電機は総額20億円を調達した。ハルカゼ電機は2019年の創業。\n", "株式会社ハルカゼ電機"),
    # Two companies named as often: no telling which the table is about.
    ("ハルカゼ電機とミサゴ工業が提携した。ハルカゼ電機とミサゴ工業は\n", None),
])
def test_a_table_of_investors_and_amounts_is_about_the_articles_fundraiser(prose, investee):
    text = prose + "\n| 出資者 | 出資額 |\n|---|---|\n| サンプル商事 | 10億円 |\n| トキ物産 | 5億円 |\n"
    a = article_from_text(text, doc_id="t")
    chunks, _ = analyze(a)
    ents = [e for c in chunks for e in ents_from_doc(c.doc, c.start)]
    deals = article_deals([(c.start, c.doc) for c in chunks], find_tables(a.text), ents, "t")
    table = sorted((d.investor, d.investee) for d in deals if d.source == "table")
    assert table == ([("サンプル商事", investee), ("トキ物産", investee)] if investee else [])


def test_transposed_table_investee_from_column_header_and_products():
    text = ("| 項目 | 今回の出資（Foo Labs） | Gemini | Claude (Anthropic) |\n|---|---|---|---|\n"
            "| 主な支援者 | Acme（交渉中） | Zeta | Amazon / Google |\n"
            "| 推定投資額 | 40億ドル | 3億ドル以上 | 80億ドル規模 |\n"
            "| 利用クラウド | AWS（想定） | GCP | AWS |\n")
    got = tdeals(text, ["Foo Labs", "Anthropic", "Amazon", "Google", "Acme"])
    assert got == [("Acme", "Foo Labs", "approx USD 4000000000", None),
                   ("Zeta", "Google", "at_least USD 300000000", None),
                   ("Amazon", "Anthropic", "approx USD 8000000000", None),
                   ("Google", "Anthropic", "approx USD 8000000000", None)]
    first = table_deals(find_tables(text), mentions(text, ["Foo Labs", "Acme"]), "t")[0]
    assert (first.investee, first.status) == ("Foo Labs", "in_talks")


def test_html_table_deals_and_usd():
    text = ("<table><tr><th>投資先企業</th><th>出資企業</th><th>金額</th></tr>"
            "<tr><td>カワセミ電機</td><td><b>サンプル商事</b></td><td>150億円</td></tr></table>")
    (d,) = table_deals(find_tables(text), [], "t", usd_jpy=Decimal(150))
    assert (d.investor, d.investee, d.usd, d.source) == ("サンプル商事", "カワセミ電機",
                                                         Decimal(100000000), "table")
    assert text[d.start:d.end].endswith("150億円")


def test_malformed_row_gives_a_deal_with_a_missing_investor():
    text = ("| Date | Company | Investor | Amount |\n|---|---|---|---|\n"
            "| 2023 | Foo Labs | Acme | $4 Billion |\n| 2024 | Bar AI | $2 Billion | |\n")
    deals = table_deals(find_tables(text), [], "t")
    assert [(d.investor, d.investee, d.malformed) for d in deals] == [
        ("Acme", "Foo Labs", False), (None, "Bar AI", True)]
    assert "amount in Investor column" in deals[1].note


def test_markdown_marks_valuation_columns_and_header_units():
    text = ("| 企業 | 評価額 | 主な出資者 | 調達額（億円） |\n|---|---|---|---|\n"
            "| **カワセミAI** | 1000億円 | [サンプル商事](https://example.com)、*トキ物産* | 約50 |\n")
    assert tdeals(text) == [("サンプル商事", "カワセミAI", "approx JPY 5000000000", None),
                            ("トキ物産", "カワセミAI", "approx JPY 5000000000", None)]


@pytest.mark.parametrize("text", [
    # No investor column: who put the money in is not said.
    "| Company | Amount raised |\n|---|---|\n| Foo Labs | $4 billion |\n",
    # No amount column and no amounts.
    "| Company | Investor |\n|---|---|\n| Foo Labs | Acme |\n",
    # A total row sums the deals above it.
    "| Company | Investor | Amount |\n|---|---|---|\n| Total | | $4 billion |\n",
    # A comparison table of products, not deals.
    "| 項目 | ChatGPT | Claude |\n|---|---|---|\n| 料金 | 月20ドル | 月20ドル |\n",
])
def test_tables_that_state_no_deal(text):
    assert tdeals(text) == []


def test_deal_rows_have_the_schema_columns():
    d = Deal("doc", "A", "B", normalize_amount("約7.5兆円"), "text", "s", 0, 1,
             usd=Decimal("50000000000"))
    row = d.to_row()
    assert list(row) == COLUMNS["deals"]
    assert (row["value"], row["usd"], row["qualifier"]) == (
        "7500000000000", "50000000000", "approx")


def test_dedupe_keeps_sources_apart():
    a = normalize_amount("$1 billion")
    deals = [Deal("d", "A", "B", a, "table", "r", 5, 6), Deal("d", "A", "B", a, "text", "s", 0, 1)]
    assert [d.source for d in dedupe(deals)] == ["table", "text"]


# --------------------------------------------------------------------------- seeds

@pytest.mark.parametrize("doc_id", ["000_de486f3b15274958", "003_437ff278181682f5"])
def test_seed_deals(doc_id):
    gold_path, article = EVAL / "seeds.deals.jsonl", ROOT / "corpus" / f"{doc_id}.txt"
    if not gold_path.exists() or not article.exists():
        pytest.skip("seed eval files not present")
    gold = next(d for d in map(json.loads, gold_path.read_text().splitlines())
                if d["doc_id"] == doc_id)
    a = read_article(article)
    chunks, _ = analyze(a)
    ents = [e for c in chunks for e in ents_from_doc(c.doc, c.start)]
    deals = article_deals([(c.start, c.doc) for c in chunks], find_tables(a.text), ents, doc_id)
    got = sorted((str(d.investor), d.investee, d.source, d.to_row()["qualifier"],
                  str(d.to_row()["value"])) for d in deals)
    want = sorted((str(g["investor"]), g["investee"], g["source"], g["qualifier"], str(g["value"]))
                  for g in gold["deals"])
    assert got == want
