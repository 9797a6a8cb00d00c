"""Tables: every shape we read, written for these tests (plus the seed articles, if present)."""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import extract
from pipeline.money import normalize_amount
from pipeline.schema import COLUMNS
from pipeline.tables import (
    Ent,
    find_tables,
    header_role,
    hedged,
    split_pipe_row,
    table_rows,
    unnamed_companies,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def records(table):
    """Each record as {header text: visible cell text}, the orientation-free view."""
    return [{table.header_text(i): (c.plain if c else None) for i, c in enumerate(r.cells)}
            for r in table.records]


def assert_offsets(text, tables):
    for t in tables:
        for row in t.rows:
            for c in row:
                assert text[c.start:c.end] == c.text
                for m in c.amounts:
                    assert text[m.start:m.end] == m.text


# --------------------------------------------------------------------------- shapes

NORMAL = {"企業": "カワセミ電機", "出資者": "サンプル商事", "出資額": "30億円"}

SHAPES = {
    "markdown with separator":
        "前文。\n| 企業 | 出資者 | 出資額 |\n|:---|---|---:|\n| カワセミ電機 | サンプル商事 | 30億円 |\n後文。",
    "markdown without separator":
        "| 企業 | 出資者 | 出資額 |\n| カワセミ電機 | サンプル商事 | 30億円 |\n",
    "markdown without outer pipes":
        "企業 | 出資者 | 出資額\n--- | --- | ---\nカワセミ電機 | サンプル商事 | 30億円\n",
    "full-width bars":
        "企業｜出資者｜出資額\nカワセミ電機｜サンプル商事｜30億円\n",
    "full-width with outer bars and a separator":
        "｜企業｜出資者｜出資額｜\n｜－｜－｜－｜\n｜カワセミ電機｜サンプル商事｜30億円｜\n",
    "html thead/tbody":
        "<table><thead><tr><th>企業</th><th>出資者</th><th>出資額</th></tr></thead>"
        "<tbody><tr><td>カワセミ電機</td><td>サンプル商事</td><td>30億円</td></tr></tbody></table>",
    "html th row, no thead, unclosed tr":
        "<table>\n<tr><th>企業<th>出資者<th>出資額\n<tr><td> カワセミ電機 <td><b>サンプル商事</b>"
        "<td>30億円\n</table>",
    "transposed markdown":
        "| 項目 | カワセミ電機 |\n|---|---|\n| 出資者 | サンプル商事 |\n| 出資額 | 30億円 |\n",
    "transposed html with th row labels":
        "<table><tr><th>企業</th><td>カワセミ電機</td></tr><tr><th>出資者</th><td>サンプル商事</td></tr>"
        "<tr><th>出資額</th><td>30億円</td></tr></table>",
    "transposed full-width without corner word":
        "企業｜カワセミ電機\n出資者｜サンプル商事\n出資額｜30億円\n",
}


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_gives_the_same_record(name):
    text = SHAPES[name]
    tables = find_tables(text)
    assert len(tables) == 1
    (record,) = records(tables[0])
    # A transposed table names its subject column by the corner cell (項目) or not at all.
    got = {("企業" if h in ("項目", "") else h): v for h, v in record.items()}
    assert got == NORMAL
    assert "amount" in tables[0].roles.values()
    assert not tables[0].records[0].malformed
    assert_offsets(text, tables)


@pytest.mark.parametrize("name, orientation", [
    ("markdown with separator", "rows"), ("full-width bars", "rows"), ("html thead/tbody", "rows"),
    ("transposed markdown", "columns"), ("transposed html with th row labels", "columns"),
    ("transposed full-width without corner word", "columns")])
def test_orientation(name, orientation):
    assert find_tables(SHAPES[name])[0].orientation == orientation


def test_kinds_and_order():
    text = SHAPES["full-width bars"] + "\n本文\n" + SHAPES["html thead/tbody"] + "\n" + SHAPES[
        "markdown with separator"]
    assert [t.kind for t in find_tables(text)] == ["fullwidth", "html", "markdown"]
    assert [t.index for t in find_tables(text)] == [0, 1, 2]


def test_transposed_table_with_several_subjects():
    text = ("| 項目 | Foo Labs | Bar AI |\n|---|---|---|\n| 主な支援者 | Acme | Zeta / Omega |\n"
            "| 推定投資額 | 40億ドル | 3億ドル以上 |\n| 利用クラウド | X | Y |\n")
    t = find_tables(text)[0]
    assert t.orientation == "columns"
    assert [r.label for r in t.records] == ["column 1", "column 2"]
    assert records(t)[1] == {"項目": "Bar AI", "主な支援者": "Zeta / Omega",
                             "推定投資額": "3億ドル以上", "利用クラウド": "Y"}
    assert t.roles == {0: "label", 1: "investor", 2: "amount"}


def test_html_colspan_and_rowspan():
    text = ("<table><tr><th>Company</th><th colspan=2>Round</th></tr>"
            "<tr><th>Company</th><th>Investor</th><th>Amount</th></tr>"
            "<tr><td rowspan=\"2\">Foo Labs</td><td>Acme</td><td>$5 million</td></tr>"
            "<tr><td>Zeta</td><td>$7 million</td></tr></table>")
    t = find_tables(text)[0]
    assert t.orientation == "rows"
    assert [[c.plain for c in r.cells] for r in t.records] == [
        ["Foo Labs", "Acme", "$5 million"], ["Foo Labs", "Zeta", "$7 million"]]
    assert t.header_text(2) == "Round Amount" and t.roles[2] == "amount"
    assert_offsets(text, [t])


def test_html_cell_offsets_are_the_stripped_content():
    text = "<table><tr><th>Investor</th><th>Amount</th></tr><tr><td>\n  Acme Capital  </td>" \
           "<td><span>$3 billion</span></td></tr></table>"
    cells = find_tables(text)[0].records[0].cells
    assert cells[0].text == "Acme Capital"
    assert cells[1].text == "<span>$3 billion</span>" and cells[1].plain == "$3 billion"
    assert text[cells[1].amounts[0].start:cells[1].amounts[0].end] == "$3 billion"


@pytest.mark.parametrize("text", [
    "AIニュース｜最新の資金調達まとめ\n本文です。",          # a title with a bar, one line
    "The ratio a|b is used once.\nNothing else here.",      # a stray pipe in prose
    "```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n",            # a table inside a code fence
    "左｜右\n上下左右｜中央｜外\n",                             # two bar lines of unequal width
    "|---|\n|---|\n",                                            # separator lines alone
])
def test_not_a_table(text):
    assert find_tables(text) == []


# --------------------------------------------------------------------------- malformed rows

HEADER = "| Date | Company | Investor | Approximate Amount (USD) |\n|---|---|---|---|\n"


@pytest.mark.parametrize("row, cells, note", [
    # The amount slid into the investor column; the amount column is empty: move it.
    ("| May 2021 | Foo Labs | $2 Billion | |", ["May 2021", "Foo Labs", "", "$2 Billion"],
     "malformed row: amount in Investor column, read as Approximate Amount (USD); "
     "Investor cell empty"),
    # A cell is missing altogether, so everything after the gap shifted left.
    ("| May 2021 | Foo Labs | $2 Billion |", ["May 2021", "Foo Labs", None, "$2 Billion"],
     "malformed row: 1 cell(s) missing; amount in Investor column, read as Approximate "
     "Amount (USD); Investor cell empty"),
    # Investor and amount swapped places: the only fit is to swap them back.
    ("| May 2021 | Foo Labs | $2 Billion | Acme |", ["May 2021", "Foo Labs", "Acme", "$2 Billion"],
     "malformed row: amount and Investor cells swapped"),
    # Two amounts: nothing to repair unambiguously; say so.
    ("| May 2021 | Foo Labs | $1 Billion | $2 Billion |",
     ["May 2021", "Foo Labs", "$1 Billion", "$2 Billion"],
     "malformed row: amount also in Investor column"),
    ("| May 2021 | Foo Labs | Acme | $2 Billion | extra |",
     ["May 2021", "Foo Labs", "Acme", "$2 Billion", "extra"],
     "malformed row: 1 cell(s) beyond the header"),
    ("| May 2021 | Foo Labs | n/a | $2 Billion |", ["May 2021", "Foo Labs", "n/a", "$2 Billion"],
     "malformed row: Investor cell empty"),
])
def test_malformed_rows_are_kept_repaired_and_noted(row, cells, note):
    text = HEADER + "| June 2020 | Bar AI | Acme | $1 Billion |\n" + row + "\n"
    t = find_tables(text)[0]
    good, bad = t.records
    assert not good.malformed
    assert [c.plain if c else None for c in bad.cells] == cells
    assert bad.note == note
    assert_offsets(text, [t])


def test_a_total_row_is_neither_a_deal_nor_malformed():
    text = HEADER + "| 2020 | Foo Labs | Acme | $1 Billion |\n| 合計 | | | $1 Billion |\n"
    total = find_tables(text)[0].records[1]
    assert total.summary and not total.malformed and total.note == "summary row"


def test_a_repaired_cell_keeps_its_place_as_written():
    t = find_tables(HEADER + "| May 2021 | Foo Labs | $2 Billion | |\n")[0]
    moved = t.records[0].cells[3]
    assert (moved.row, moved.col) == (1, 2)
    rows = [r for r in table_rows([t], [], "doc") if r["row"] == 1]
    assert [(r["col"], r["header"], r["qualifier"]) for r in rows] == [
        (0, "Date", None), (1, "Company", None), (2, "Approximate Amount (USD)", "approx"),
        (3, "Investor", None)]
    assert all(r["note"].startswith("malformed row: amount in Investor column") for r in rows)


# --------------------------------------------------------------------------- headers

@pytest.mark.parametrize("header, role", [
    ("Investor", "investor"), ("Lead Investors", "investor"), ("出資者", "investor"),
    ("主な支援者", "investor"), ("買収企業", "investor"), ("Acquirer", "investor"),
    ("Company", "company"), ("投資先", "investee"), ("出資先企業", "investee"),
    ("Startup", "investee"), ("Amount", "amount"), ("推定投資額", "amount"),
    ("調達額（億円）", "amount"), ("Deal Value ($M)", "amount"), ("Date", "date"),
    ("発表日", "date"), ("項目", "label"), ("立ち位置", None), ("利用クラウド", None),
    ("出資する企業", "investor"), ("出資を受ける企業", "investee"), ("Acquiring company", "investor"),
    ("Acquired company", "company"), ("Target company", "investee"),
    ("Funding amount", "amount"), ("Lead fund", "investor"),
    ("Valuation", "metric"), ("時価総額", "metric"), ("Status", "status"),
])
def test_header_role(header, role):
    assert header_role(header) == role


@pytest.mark.parametrize("header, qualifier", [
    ("Approximate Amount (USD)", "approx"), ("推定投資額", "approx"), ("Estimated value", "approx"),
    ("Up to", "up_to"), ("出資額", "exact"), ("Amount", "exact"),
])
def test_header_hedge_applies_to_a_plain_cell(header, qualifier):
    assert hedged(normalize_amount("$2 billion"), header).qualifier == qualifier
    assert hedged(normalize_amount("$2 billion以上"), header).qualifier == "at_least"


@pytest.mark.parametrize("headers, roles", [
    (["Company", "Investor", "Amount"], ["investee", "investor", "amount"]),
    (["企業", "投資額", "投資先"], ["investor", "amount", "investee"]),
    (["Company", "Target", "Price"], ["investor", "investee", "amount"]),
    (["Company", "Lead investor", "Target", "Amount"], [None, "investor", "investee", "amount"]),
])
def test_a_generic_company_column_takes_the_free_role(headers, roles):
    text = "| " + " | ".join(headers) + " |\n|" + "---|" * len(headers) + "\n| " + \
        " | ".join("x" for _ in headers) + " |\n"
    t = find_tables(text)[0]
    assert [t.roles.get(i) for i in range(len(headers))] == roles


def test_split_pipe_row_escaped_bar():
    line = r"| a \| b | c |"
    assert [line[s:e] for s, e in split_pipe_row(line)] == [r"a \| b", "c"]


# --------------------------------------------------------------------------- tables.csv

def test_table_rows_columns_hedge_and_entities():
    text = (HEADER + "| May 2021 | Foo Labs | Acme | $2 Billion |\n"
            "| June 2022 | Bar AI | Zeta | Up to $3 Billion |\n")
    (t,) = find_tables(text)
    foo = text.index("Foo Labs")
    ents = [(foo, foo + 8, "ORG", "Foo Labs", "Foo Labs", None), Ent(0, 3, "ORG", "Dat", "X")]
    rows = table_rows([t], ents, "doc")
    assert all(list(r) == COLUMNS["tables"] for r in rows)
    assert len(rows) == 12  # header cells included
    by_text = {r["text"]: r for r in rows}
    assert by_text["Date"]["header"] is None
    assert by_text["Foo Labs"]["entities"] == "ORG:Foo Labs"
    two = by_text["$2 Billion"]
    assert (two["header"], two["currency"], two["value"], two["qualifier"]) == (
        "Approximate Amount (USD)", "USD", "2000000000", "approx")
    three = by_text["Up to $3 Billion"]  # the cell's own hedge wins over the header's
    assert (three["qualifier"], three["low"], three["high"]) == ("up_to", None, "3000000000")


@pytest.mark.parametrize("rows, expected", [
    # A cell of an investor or investee column that holds one plain name is a company ...
    ("| カワセミ | 20億円 | ハルカゼ キャピタル |\n", ["カワセミ", "ハルカゼ キャピタル"]),
    # ... not an empty cell, a list, a figure, a cell with a mention or markup in it.
    ("| カワセミ | 20億円 | 非公開 |\n", ["カワセミ"]),
    ("| カワセミ | 20億円 | ハルカゼ、サクラ |\n", ["カワセミ"]),
    ("| 2025年 | 20億円 | **ハルカゼ** |\n", []),
    ("| Found Co | 20億円 | ハルカゼ |\n", ["ハルカゼ"]),
    # ... nor a term of the alias table (an investor's role), brackets aside.
    ("| カワセミ | 20億円 | 既存株主（創業者ら） |\n", ["カワセミ"]),
    ("| カワセミ | 20億円 | 個人投資家 |\n", ["カワセミ"]),
])
def test_a_company_column_names_the_companies_no_stage_found(rows, expected):
    text = "| 企業 | 調達額 | 引受先 |\n|---|---|---|\n" + rows
    found = text.find("Found Co")
    ents = [Ent(found, found + 8, "ORG", "Found Co")] if found >= 0 else []
    assert [c.text for c in unnamed_companies(find_tables(text), ents)] == expected


def test_a_company_only_a_table_names_is_an_entity_of_the_run():
    text = "出資の一覧。\n\n| 企業 | 調達額 | 引受先 |\n|---|---|---|\n| カワセミ | 20億円 | 非公開 |\n"
    r = extract(text)
    row = [(e.label, e.text, e.sentence) for e in r.entities if e.text == "カワセミ"]
    assert row == [("ORG", "カワセミ", "| カワセミ | 20億円 | 非公開 |")]
    assert [e.start for e in r.entities] == sorted(e.start for e in r.entities)
    assert any(t["text"] == "カワセミ" and t["entities"] == "ORG:カワセミ" for t in r.rows("tables"))


@given(st.lists(st.lists(st.text(alphabet="abcXYZ 億円$1234.", min_size=0, max_size=8),
                         min_size=3, max_size=3), min_size=2, max_size=5))
@settings(max_examples=60, deadline=None)
def test_offsets_hold_for_any_cell_text(grid):
    text = "intro\n" + "\n".join("| " + " | ".join(row) + " |" for row in grid) + "\nend"
    tables = find_tables(text)
    assert_offsets(text, tables)
    for t in tables:
        for row in t.rows:
            for c in row:
                assert c.text == c.text.strip()


@given(st.lists(st.sampled_from([
    "|", "｜", " a ", "$3 billion", "30億円", "\n", "|---|", "<table>", "</table>", "<tr>", "<td>",
    "<th colspan=2>", "</td>", "<td rowspan=3>", "項目", "Investor", "Amount", "```\n", "合計", "",
]), max_size=40))
@settings(max_examples=150, deadline=None)
def test_any_text_reads_without_error_and_offsets_hold(pieces):
    text = "".join(pieces)
    tables = find_tables(text)
    assert_offsets(text, tables)
    for t in tables:
        for r in t.records:
            assert len(r.cells) >= len(t.header)
            if any(r.cells):
                start, end = r.span
                assert 0 <= start <= end <= len(text)
    table_rows(tables, [], "doc")


# --------------------------------------------------------------------------- seed articles

def seed(name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} not in corpus/")
    return path.read_text(encoding="utf-8")


def test_seed_table_with_a_malformed_row():
    text = seed("000_de486f3b15274958.txt")
    (t,) = find_tables(text)
    assert (t.kind, t.orientation, len(t.records)) == ("markdown", "rows", 5)
    assert [r.malformed for r in t.records] == [False, False, False, True, False]
    assert "amount in Investor column" in t.records[3].note
    assert t.records[3].cells[3].amounts[0].amount.value == Decimal("2000000000")


def test_seed_transposed_table():
    text = seed("003_437ff278181682f5.txt")
    (t,) = find_tables(text)
    assert (t.orientation, len(t.records)) == ("columns", 3)
    assert t.roles[1] == "investor" and t.roles[2] == "amount"
    assert [r.cells[0].plain for r in t.records] == [
        "今回の投資報道（OpenAI）", "ChatGPT (現状)", "Claude (Anthropic)"]
    assert_offsets(text, [t])


@pytest.mark.parametrize("text, expected", [
    ("| Date | Company | Investor | Approximate Amount (USD) |\n"
     "|---|---|---|---|\n"
     "| January 2026 | OpenAI | Amazon | Up to $50 Billion |\n"
     "| January 2023 | OpenAI | Microsoft | $10 Billion |\n"
     "| October 2023 | Anthropic | $2 Billion | |\n",  # malformed: read under the amount column
     [("$50 Billion", "up_to"), ("$10 Billion", "approx"), ("$2 Billion", "approx")]),
    ("| 項目 | A社 | B社 |\n|---|---|---|\n"  # transposed: the row label is the header
     "| 推定投資額 | 500億ドル | 130億ドル以上 |\n| 出資額 | 10億円 | 1億円 |\n",
     [("500億ドル", "approx"), ("130億ドル", "at_least"), ("10億円", "exact"), ("1億円", "exact")]),
    ("Year | Amount (est.)\n---|---\n2024 | $5 billion\n", [("$5 billion", "approx")]),
    ("<table><tr><th>Company</th><th>Estimated Amount</th></tr>"
     "<tr><td>Acme</td><td>$3 billion</td></tr></table>", [("$3 billion", "approx")]),
    ("本文では500億ドル。\n\n| 企業 | 金額 |\n|---|---|\n| Acme | 約5億ドル |\n",
     [("500億ドル", "exact"), ("5億ドル", "approx")]),
])
def test_amounts_take_the_hedge_of_their_table_header(text, expected):
    """amounts.csv: a header hedge applies to every amount in its column (any table kind)."""
    assert [(a.text, a.qualifier) for a in extract(text, doc_id="t").amounts] == expected
