"""jnews report: the HTML page of a run's written records.

Most tests read a folder the real pipeline wrote for two short articles and
``corpus/003`` (which ends in HTML markup of its own).  Tables, deals and check
verdicts are written by hand in a second folder, with offsets taken from its
article, so their rendering is tested whatever the extractor finds today.
"""

import csv
import shutil
import struct
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_articles

from pipeline.report import (
    describe_amount,
    group_digits,
    largest_deals,
    place_verdicts,
    read_outputs,
    render_report,
    write_report,
)
from pipeline.run import run
from pipeline.schema import ALWAYS_WRITTEN, COLUMNS

ROOT = Path(__file__).resolve().parents[1]
CORPUS_003 = next((ROOT / "corpus").glob("003_*.txt"))

ARTICLE_JA = ("AmazonのCEO Andy Jassy氏は、OpenAIに最大500億ドルを投資すると発表した。\n"
              "ソフトバンクグループは約30億円を出資した。\n"
              '<a href="https://example.com/?a=1&b=2" onclick="alert(1)">続きを読む</a>'
              '<script>alert("x")</script>\n')
ARTICLE_EN = ("Microsoft invested $10 billion in OpenAI in January 2023.\n"
              "Anthropic raised about $2 billion from Google.\n")


# --------------------------------------------------------------------------- a tiny DOM

VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "embed", "source",
        "wbr", "rect"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> set:
        return set((self.attrs.get("class") or "").split())

    def find_all(self, tag=None, cls=None):
        for c in self.children:
            if isinstance(c, Node):
                if (tag is None or c.tag == tag) and (cls is None or cls in c.classes):
                    yield c
                yield from c.find_all(tag, cls)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        node = self.cur
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def dom(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def read(out: Path, name: str) -> list[dict]:
    with open(out / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- real run

@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The pipeline run on two short articles of ours and corpus/003."""
    out = run_articles(tmp_path_factory.mktemp("real"),
                       {"ja.txt": ARTICLE_JA, "en.txt": ARTICLE_EN}, CORPUS_003)
    return out, render_report(out)


def test_every_entity_is_a_mark_with_its_text_and_label_class(real):
    out, html = real
    marks = [(m.attrs["data-label"], m.text, m.classes) for m in dom(html).find_all("mark")
             if "article" in m.parent.classes]
    entities = read(out, "entities")
    assert len(entities) > 20
    assert sorted((label, text) for label, text, _ in marks) == \
        sorted((e["label"], e["text"]) for e in entities)
    for label, _, classes in marks:
        assert {"ent", f"ent-{label}"} <= classes
    found = {(label, text) for label, text, _ in marks}
    assert {("ORG", "Amazon"), ("PERSON", "Andy Jassy"), ("MONEY", "500億ドル"),
            ("ORG", "ソフトバンクグループ"), ("MONEY", "$10 billion")} <= found


def test_each_amount_shows_its_normalized_value_and_usd(real):
    out, html = real
    notes = {}
    for m in dom(html).find_all("mark", "ent-MONEY"):
        siblings = m.parent.children
        after = siblings[siblings.index(m) + 1]
        if "article" in m.parent.classes:
            notes.setdefault(m.text, after.text)
    assert notes["500億ドル"] == "up to USD 50,000,000,000"
    yen = next(a for a in read(out, "amounts") if a["text"] == "30億円")
    usd = group_digits(Decimal(yen["usd"]))
    assert notes["30億円"] == f"about JPY 3,000,000,000 ≈ US$ {usd}"
    # The amounts table repeats every amount with its rate.
    assert f"US$ {usd} (at {yen['fx_rate']} JPY/USD, {yen['fx_source']})" in html


def test_article_markup_is_shown_as_text_never_as_elements(real):
    _, html = real
    root = dom(html)
    assert not list(root.find_all("script"))
    assert all(a.attrs["href"].startswith("#") for a in root.find_all("a"))
    assert not [n for n in root.find_all() if any(k.startswith("on") for k in n.attrs)]
    texts = "".join(n.text for n in root.find_all("div", "article"))
    assert '<script>alert("x")</script>' in texts
    assert '<a href="https://www.amazon.co.jp/s?k=AWS' in texts  # corpus/003's own markup
    assert "&lt;script&gt;" in html and "&lt;a href=&quot;https://www.amazon.co.jp" in html


def test_page_is_self_contained(real):
    _, html = real
    root = dom(html)
    assert not list(root.find_all("link")) and not list(root.find_all("img"))
    assert not [n for n in root.find_all() if "src" in n.attrs]
    style = "".join(s.text for s in root.find_all("style"))
    assert "url(" not in style and "@import" not in style
    csp = [m for m in root.find_all("meta") if m.attrs.get("http-equiv")
           == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0].attrs["content"]


def test_same_records_give_the_same_bytes(real, tmp_path):
    out, html = real
    assert render_report(out) == html
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    assert render_report(copy) == html  # the folder's own path is not in the page


def test_write_report_replaces_the_file_atomically(real, tmp_path):
    out, html = real
    target = tmp_path / "page.html"
    target.write_text("old", encoding="utf-8")
    assert write_report(out, target) == target
    assert target.read_bytes() == html.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left


def test_parquet_output_gives_the_same_page(real, tmp_path):
    pytest.importorskip("pyarrow")
    out, html = real
    parquet = tmp_path / "parquet"
    run([str(p) for p in (out.parent / "articles", CORPUS_003)], parquet, fmt="parquet")
    assert not list(parquet.glob("*.csv"))
    assert render_report(parquet) == html


def test_changed_article_is_not_highlighted(real, tmp_path):
    out, _ = real
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    article = tmp_path / "changed.txt"
    article.write_text("前置き。" + ARTICLE_EN, encoding="utf-8")
    docs = read(copy, "documents")
    for d in docs:
        if d["path"].endswith("en.txt"):
            d["path"] = str(article)
    write_csv(copy, "documents", docs)
    root = dom(render_report(copy))
    en = next(s for s in root.find_all("section", "doc") if "changed.txt" in s.text)
    assert "has changed since the run" in en.text
    assert not list(en.find_all("mark"))


# --------------------------------------------------------------------------- tables, deals, check

TABLE_ARTICLE = ("AmazonがOpenAIに最大500億ドルを投資する。\n"
                 "| Company | Investor | Amount |\n|---|---|---|\n"
                 "| OpenAI | Amazon | Up to $50 Billion |\n"
                 "| OpenAI | Microsoft | $10 Billion |\n\n"
                 "| 項目 | A社 | B社 |\n|---|---|---|\n"
                 "| 支援者 | Amazon | Google |\n"
                 "| 投資額 | 80億ドル | 20億ドル |\n")


def write_csv(out: Path, name: str, rows: list[dict]) -> None:
    with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS[name], restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def table_cells(text: str, table: int, grid: list[list[str]], amounts: dict) -> list[dict]:
    """tables.csv rows for ``grid`` as written in ``text`` (cells found in order).
    Headers are the first row, or the first column when the first cell is 項目."""
    transposed = grid[0][0] == "項目"
    pos, rows = text.index(grid[0][0]), []
    for r, line in enumerate(grid):
        for c, cell in enumerate(line):
            start = text.index(cell, pos)
            pos = start + len(cell)
            header = "" if (c == 0 if transposed else r == 0) else \
                (line[0] if transposed else grid[0][c])
            currency, value, qualifier = amounts.get(cell, ("", "", ""))
            rows.append({"doc_id": "t", "table": table, "row": r, "col": c, "header": header,
                         "text": cell, "start": start, "end": pos, "currency": currency,
                         "value": value, "high": value, "qualifier": qualifier})
    return rows


def deal(text, investor, investee, first, last, usd, qualifier="exact", source="table",
         after=0):
    start = text.index(first, after)
    end = text.index(last, start) + len(last)
    return {"doc_id": "t", "investor": investor, "investee": investee, "currency": "USD",
            "value": usd, "high": usd, "qualifier": qualifier, "usd": usd, "source": source,
            "sentence": text[start:end], "start": start, "end": end}


@pytest.fixture
def with_tables(tmp_path):
    text = TABLE_ARTICLE
    article = tmp_path / "t.txt"
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name in ALWAYS_WRITTEN:
        write_csv(out, name, [])
    write_csv(out, "documents", [{"doc_id": "t", "path": str(article), "language": "ja",
                                  "chars": len(text)}])
    second = text.index("| 項目")
    cells = table_cells(text, 0, [
        ["Company", "Investor", "Amount"], ["OpenAI", "Amazon", "Up to $50 Billion"],
        ["OpenAI", "Microsoft", "$10 Billion"]],
        {"Up to $50 Billion": ("USD", "50000000000", "up_to"),
         "$10 Billion": ("USD", "10000000000", "exact")}) + table_cells(text, 1, [
        ["項目", "A社", "B社"], ["支援者", "Amazon", "Google"], ["投資額", "80億ドル", "20億ドル"]],
        {"80億ドル": ("USD", "8000000000", "exact"), "20億ドル": ("USD", "2000000000", "exact")})
    for cell in cells:
        if (cell["table"], cell["row"]) == (0, 2):
            cell["note"] = "malformed row: Date cell missing"
    write_csv(out, "tables", cells)
    write_csv(out, "deals", [
        deal(text, "Amazon", "OpenAI", "OpenAI | Amazon", "Up to $50 Billion", "50000000000",
             "up_to"),
        deal(text, "Microsoft", "OpenAI", "OpenAI | Microsoft", "$10 Billion", "10000000000"),
        deal(text, "Amazon", "A社", "A社", "80億ドル", "8000000000", after=second),
        deal(text, "Google", "B社", "B社", "20億ドル", "2000000000", after=second),
        deal(text, "Amazon", "OpenAI", "Amazon", "。", "50000000000", "up_to", "text")])
    verdict = {"doc_id": "t", "table_amount": "exact USD 8000000000"}
    write_csv(out, "check", [
        {**verdict, "investor": "Amazon", "investee": "OpenAI", "verdict": "agree"},
        {**verdict, "investor": "Microsoft", "investee": "OpenAI", "verdict": "table_only"},
        {**verdict, "investor": "Amazon", "investee": "A社", "verdict": "differ",
         "text_amount": "exact USD 9000000000", "difference": "1000000000",
         "note": "the text says 1000000000 USD (12%) more than the table"},
        {**verdict, "investor": "Google", "investee": "B社", "verdict": "table_only"},
        {"doc_id": "t", "investor": "X", "investee": "Y", "verdict": "text_only",
         "text_amount": "approx JPY 3000000000"}])
    return out


def rows_of_table(root: Node, index: int) -> list[Node]:
    return list(list(root.find_all("table", "data-table"))[index].find_all("tr"))


def test_verdicts_sit_beside_the_rows_they_judge(with_tables):
    root = dom(render_report(with_tables))
    rows = rows_of_table(root, 0)
    first_cells = [next(c for c in r.children if isinstance(c, Node)).text for r in rows]
    assert first_cells == ["Company", "OpenAI", "OpenAI"]
    assert "agree · Amazon → OpenAI" in rows[1].text
    assert "table_only · Microsoft → OpenAI" in rows[2].text
    assert "agree" not in rows[2].text
    assert "malformed" in rows[2].classes and "malformed" not in rows[1].classes
    assert rows[2].attrs["title"] == "malformed row: Date cell missing"
    badge = next(rows[1].find_all("span", "verdict"))
    assert "verdict-agree" in badge.classes
    # Cells keep their text and show their normalized amount.
    assert "Up to $50 Billion" in rows[1].text and "up to USD 50,000,000,000" in rows[1].text
    assert [c.tag for c in rows[0].find_all() if c.tag in ("th", "td")][:3] == ["th"] * 3


def test_a_transposed_tables_verdicts_sit_under_its_columns(with_tables):
    root = dom(render_report(with_tables))
    check_row = rows_of_table(root, 1)[-1]
    assert "check-row" in check_row.classes
    cells = [c.text for c in check_row.find_all("td")]
    assert cells[0] == ""
    assert cells[1] == "differ · Amazon → A社"
    assert cells[2] == "table_only · Google → B社"


def test_check_section_lists_every_verdict_with_its_figures(with_tables):
    root = dom(render_report(with_tables))
    check = next(root.find_all("table", "check"))
    text = check.text
    for pair in ("Amazon → OpenAI", "Microsoft → OpenAI", "Amazon → A社", "Google → B社",
                 "X → Y"):
        assert pair in text
    assert "+1,000,000,000 USD" in text and "USD 9,000,000,000" in text
    assert "about JPY 3,000,000,000" in text


def test_chart_shows_the_largest_deals_first(with_tables):
    root = dom(render_report(with_tables))
    svg = next(root.find_all("svg", "chart"))
    labels = [t.text for t in svg.find_all("text") if "→" in t.text]
    assert labels == ["Amazon → OpenAI", "Microsoft → OpenAI", "Amazon → A社", "Google → B社"]
    widths = [float(r.attrs["width"]) for r in svg.find_all("rect")]
    assert widths == sorted(widths, reverse=True) and widths[0] > 4 * widths[1]
    assert "up to $50B · 1 doc" in svg.text


def test_largest_deals_merge_a_pair_across_documents_and_sources():
    rows = [{"doc_id": d, "investor": "A", "investee": "B", "usd": usd, "qualifier": "exact",
             "currency": "USD", "value": usd, "low": "", "high": ""}
            for d, usd in (("d1", "100"), ("d2", "300"), ("d2", ""))]
    rows.append({**rows[0], "investor": "C", "usd": "200"})
    bars = largest_deals(rows)
    assert [(usd, label, docs) for usd, label, _, docs in bars] == [
        (Decimal(300), "A → B", ["d1", "d2"]), (Decimal(200), "C → B", ["d1"])]


def test_place_verdicts_by_record_span():
    # A 2x2 grid: the record (0,0)-(0,1) is a row, (0,1)-(1,1) a column.
    cells = [{"row": r, "col": c, "start": 10 * r + 3 * c, "end": 10 * r + 3 * c + 2}
             for r in range(2) for c in range(2)]
    cells = [{k: str(v) for k, v in cell.items()} for cell in cells]
    deals = [{"investor": "A", "investee": "B", "source": "table", "start": "0", "end": "5"},
             {"investor": "C", "investee": "D", "source": "table", "start": "3", "end": "15"},
             {"investor": "E", "investee": "F", "source": "text", "start": "0", "end": "5"}]
    verdicts = [{"investor": i, "investee": e} for i, e in (("A", "B"), ("C", "D"), ("E", "F"))]
    rows, cols = place_verdicts(cells, verdicts, deals)
    assert dict(rows) == {0: [verdicts[0]]} and dict(cols) == {1: [verdicts[1]]}


def test_empty_files_and_missing_ones_render(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("nothing to see", encoding="utf-8")
    write_csv(tmp_path, "documents", [{"doc_id": "a", "path": str(article), "chars": 14}])
    write_csv(tmp_path, "entities", [])  # the others are missing, as from an older run
    root = dom(render_report(tmp_path))
    assert "nothing to see" in next(root.find_all("div", "article")).text
    assert "no deal with a USD value" in root.text
    with pytest.raises(ValueError, match="not a jnews output folder"):
        render_report(tmp_path / "nowhere")


def test_a_file_without_its_columns_is_an_error(tmp_path):
    write_csv(tmp_path, "documents", [])
    (tmp_path / "amounts.csv").write_text("doc_id,start\n", encoding="utf-8")
    with pytest.raises(ValueError, match="amounts.csv: missing columns end"):
        read_outputs(tmp_path)


def test_describe_amount_keeps_every_digit():
    row = {"currency": "JPY", "value": "123456789012.5", "low": "", "high": "",
           "qualifier": "more_than"}
    assert describe_amount(row) == "more than JPY 123,456,789,012.5"


# --------------------------------------------------------------------------- in a browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                    "(apt-get install chromium fonts-ipafont-gothic)")
def test_page_in_headless_chromium(real, tmp_path):
    """The browser's own DOM has every highlighted span, and the page draws."""
    out, _ = real
    page = write_report(out, tmp_path / "report.html")
    shot = tmp_path / "report.png"
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars",
         "--window-size=1200,1600", f"--screenshot={shot}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    root = dom(result.stdout)
    marks = [(m.attrs.get("data-label"), m.text) for m in root.find_all("mark")
             if "article" in m.parent.classes]
    entities = read(out, "entities")
    assert sorted(marks) == sorted((e["label"], e["text"]) for e in entities)
    assert ("PERSON", "Andy Jassy") in marks
    assert not list(root.find_all("script"))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 1600)
    assert len(data) > 50_000  # a blank page compresses to a few kB
