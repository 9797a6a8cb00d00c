"""jnews inspect: the written records as terminal tables, and its filters."""

from decimal import Decimal

import pytest
from conftest import run_articles
from rich.console import Console

from pipeline.inspect import inspect_tables, print_inspect, select
from pipeline.report import read_outputs

ARTICLE_JA = ("AmazonのCEO Andy Jassy氏は、OpenAIに最大500億ドルを投資すると発表した。\n"
              "ソフトバンクグループは約30億円を出資した。\n")
ARTICLE_EN = "Microsoft invested $10 billion in OpenAI in January 2023.\n"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """The pipeline run on two short articles (doc ids ``ja`` and ``en``)."""
    return run_articles(tmp_path_factory.mktemp("inspect"),
                        {"ja.txt": ARTICLE_JA, "en.txt": ARTICLE_EN})


def render(tables, width=200) -> str:
    console = Console(record=True, width=width, color_system=None)
    for table in tables:
        console.print(table)
    return console.export_text()


def test_tables_show_records_with_their_sentences(out):
    tables = inspect_tables(out)
    assert [t.title.split(" (")[0] for t in tables] == ["Entities", "Amounts", "Deals",
                                                        "Check verdicts"]
    data = read_outputs(out)
    assert tables[0].row_count == len(data["entities"]) > 0
    assert tables[1].row_count == len(data["amounts"]) > 0
    assert tables[2].row_count == len(data["deals"])
    assert tables[3].row_count == len(data["check"])
    text = render(tables)
    for expected in ("Andy Jassy", "PERSON", "SoftBank Group", "up to USD 50,000,000,000",
                     "about JPY 3,000,000,000", "Microsoft invested $10 billion in OpenAI"):
        assert expected in text


def test_doc_filter_by_id_or_prefix(out):
    data = read_outputs(out)
    for doc in ("en", "e"):
        rows = select(data, doc=doc)
        assert rows["entities"] and {r["doc_id"] for r in rows["entities"]} == {"en"}
        assert {r["doc_id"] for r in rows["amounts"]} == {"en"}
    text = render(inspect_tables(out, doc="en"))
    assert "Microsoft" in text and "Andy Jassy" not in text and "filtered: doc=en" in text
    with pytest.raises(ValueError, match="no document 'fr'; documents: .*en"):
        select(data, doc="fr")


def test_label_filter(out):
    data = read_outputs(out)
    people = select(data, label="person")["entities"]
    assert [e["text"] for e in people] == ["Andy Jassy"]
    orgs = select(data, label="ORG")["entities"]
    assert orgs and {e["label"] for e in orgs} == {"ORG"}
    assert len(select(data, label="ORG")["amounts"]) == len(data["amounts"])  # entities only
    with pytest.raises(ValueError, match="unknown label 'ORGG'"):
        select(data, label="ORGG")


def test_min_usd_filter(out):
    data = read_outputs(out)
    yen = next(a for a in data["amounts"] if a["text"] == "30億円")
    assert Decimal(yen["usd"]) < 10**9  # about 20 million dollars
    rows = select(data, min_usd="1e9")
    assert sorted(a["text"] for a in rows["amounts"]) == ["$10 billion", "500億ドル"]
    money = [e["text"] for e in rows["entities"] if e["label"] == "MONEY"]
    assert sorted(money) == ["$10 billion", "500億ドル"]
    assert "ソフトバンクグループ" in [e["text"] for e in rows["entities"]]  # not money: kept
    assert [a["text"] for a in select(data, min_usd=2 * 10**10)["amounts"]] == ["500億ドル"]
    text = render(inspect_tables(out, min_usd="1,000,000,000"))
    assert "Amounts (2)" in text and "up to USD 50,000,000,000" in text
    assert "about JPY 3,000,000,000" not in text
    with pytest.raises(ValueError, match="not a number"):
        select(data, min_usd="lots")


def deal(doc, investor, investee, usd, source="table"):
    return {"doc_id": doc, "investor": investor, "investee": investee, "usd": usd,
            "source": source, "currency": "USD", "value": usd, "low": "", "high": "",
            "qualifier": "exact", "status": "", "sentence": "s", "start": "0", "end": "1"}


def test_min_usd_and_doc_filter_deals_and_verdicts():
    data = {"documents": [{"doc_id": "a"}, {"doc_id": "b"}], "entities": [], "amounts": [],
            "deals": [deal("a", "Amazon", "OpenAI", "50000000000"),
                      deal("a", "Microsoft", "OpenAI", "10000000000"),
                      deal("a", "Amazon", "Anthropic", ""),  # vague: no USD value
                      deal("b", "Amazon", "OpenAI", "50000000000", "text")],
            "check": [{"doc_id": d, "investor": i, "investee": e, "verdict": v}
                      for d, i, e, v in (("a", "Amazon", "OpenAI", "agree"),
                                         ("a", "Microsoft", "OpenAI", "differ"),
                                         ("a", "Amazon", "Anthropic", "agree"),
                                         ("b", "Amazon", "OpenAI", "text_only"))]}
    rows = select(data, min_usd=Decimal("2e10"))
    assert [(d["doc_id"], d["investor"]) for d in rows["deals"]] == [("a", "Amazon"),
                                                                   ("b", "Amazon")]
    assert [v["verdict"] for v in rows["check"]] == ["agree", "text_only"]
    rows = select(data, doc="a", min_usd=10**10)
    assert [d["investor"] for d in rows["deals"]] == ["Amazon", "Microsoft"]
    assert [v["verdict"] for v in rows["check"]] == ["agree", "differ"]


def test_print_inspect_prints_every_table(out):
    console = Console(record=True, width=160, color_system=None)
    print_inspect(out, label="ORG", console=console)
    text = console.export_text()
    data = read_outputs(out)
    orgs = [e for e in data["entities"] if e["label"] == "ORG"]
    for title, n in (("Entities", len(orgs)), ("Amounts", len(data["amounts"])),
                     ("Deals", len(data["deals"])), ("Check verdicts", len(data["check"]))):
        assert f"{title} ({n})" in text
    assert "SoftBank Group" in text and "PERSON" not in text
