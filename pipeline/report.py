"""report: one self-contained HTML page of a run's written records.

The page is built from the CSV files of an output folder and the articles they
point to; nothing is extracted again, so the page shows exactly what was
written.  Offsets index the article as read from disk, so an article that has
changed since the run (its length differs from ``documents.chars``, or a
span's text no longer matches) is shown without highlighting rather than with
marks in the wrong places.

The page is self-contained (inline CSS and SVG, a Content-Security-Policy that
forbids fetching anything) and deterministic: the same folder gives a
byte-identical page, so reports can be diffed between runs.

The reading helpers here (:func:`read_outputs` and the amount formatters) are
shared with :mod:`pipeline.inspect`.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape
from pathlib import Path

from .ingest import IngestError, read_article
from .schema import ALWAYS_WRITTEN, COLUMNS, LABELS, MONEY

CSS_FILE = Path(__file__).parent / "data" / "report" / "report.css"
REPORT_NAME = "report.html"
CHART_DEALS = 10  # bars in the chart of the largest deals


# --------------------------------------------------------------------------- reading

def read_outputs(out_dir: str | os.PathLike) -> dict[str, list[dict[str, str]]]:
    """The rows of every always-written file of ``out_dir``, as strings.

    Every value stays a string ("" for empty) so no number passes through float;
    callers convert with :func:`to_decimal` / :func:`to_int`.  The folder's
    format is that of its ``documents`` file (CSV, else Parquet).  A file
    missing from an older run reads as empty; a folder without ``documents``
    or a file lacking one of its :data:`~pipeline.schema.COLUMNS` is an error.
    """
    out = Path(out_dir)
    fmt = next((f for f in ("csv", "parquet") if (out / f"documents.{f}").is_file()), None)
    if fmt is None:
        raise ValueError(f"{out} is not a jnews output folder (no documents.csv or "
                         "documents.parquet)")
    read = _read_csv if fmt == "csv" else _read_parquet
    tables = {}
    for name in ALWAYS_WRITTEN:
        path = out / f"{name}.{fmt}"
        if not path.is_file():
            tables[name] = []
            continue
        columns, rows = read(path)
        missing = [c for c in COLUMNS[name] if c not in columns]
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(missing)}")
        tables[name] = rows
    return tables


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _read_parquet(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    import pyarrow.parquet as pq  # only a Parquet folder pays for the import

    table = pq.read_table(path)
    # Integer columns come back as int, the rest as str (decimals were written as text).
    rows = [{k: "" if v is None else str(v) for k, v in row.items()} for row in table.to_pylist()]
    return table.column_names, rows


def to_decimal(text: str | None) -> Decimal | None:
    """A decimal string as Decimal; "" (no value) as None.

    >>> to_decimal("50000000000"), to_decimal("151.4"), to_decimal("")
    (Decimal('50000000000'), Decimal('151.4'), None)
    """
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def to_int(text: str | None) -> int | None:
    """An offset as int; a writer may have stored an optional int as "12.0".

    >>> to_int("12"), to_int("12.0"), to_int("")
    (12, 12, None)
    """
    value = to_decimal(text)
    return None if value is None else int(value)


def group_digits(value: Decimal) -> str:
    """Thousands separators, no exponent, digits after the point kept as written.

    >>> group_digits(Decimal("50000000000")), group_digits(Decimal("46235138705.22"))
    ('50,000,000,000', '46,235,138,705.22')
    """
    return format(value, ",f")


# What a qualifier says about the figure, as words before it.
_QUALIFIER_WORDS = {"approx": "about ", "up_to": "up to ", "at_least": "at least ",
                    "more_than": "more than ", "less_than": "less than ", "vague": "roughly "}


def describe_amount(row: dict[str, str]) -> str:
    """An amount row (``amounts``, ``deals`` or ``tables``) as a normalized figure.

    >>> describe_amount({"currency": "USD", "value": "50000000000", "low": "",
    ...                  "high": "50000000000", "qualifier": "up_to"})
    'up to USD 50,000,000,000'
    >>> describe_amount({"currency": "USD", "value": "", "low": "2000000000",
    ...                  "high": "9000000000", "qualifier": "vague"})
    'USD 2,000,000,000–9,000,000,000 (vague)'
    """
    currency = row.get("currency") or "(currency?)"
    value, low, high = (to_decimal(row.get(k)) for k in ("value", "low", "high"))
    qualifier = row.get("qualifier", "")
    if value is not None:
        return f"{_QUALIFIER_WORDS.get(qualifier, '')}{currency} {group_digits(value)}"
    if low is not None and high is not None:
        vague = " (vague)" if qualifier == "vague" else ""
        return f"{currency} {group_digits(low)}–{group_digits(high)}{vague}"
    if low is not None or high is not None:  # one-sided: "at least", "up to"
        bound = low if low is not None else high
        return f"{_QUALIFIER_WORDS.get(qualifier, '')}{currency} {group_digits(bound)}"
    return "(no figure)"


def describe_usd(row: dict[str, str]) -> str:
    """The USD equivalent of an ``amounts`` row, with the rate when one was used.

    >>> describe_usd({"currency": "JPY", "usd": "46235138705.42", "fx_rate": "151.4",
    ...               "fx_source": "table"})
    'US$ 46,235,138,705.42 (at 151.4 JPY/USD, table)'
    >>> describe_usd({"currency": "USD", "usd": "50000000000", "fx_rate": "151.4"})
    'US$ 50,000,000,000'
    >>> describe_usd({"currency": "USD", "usd": ""})
    '—'
    """
    usd = to_decimal(row.get("usd"))
    if usd is None:
        return "—"
    text = f"US$ {group_digits(usd)}"
    if row.get("currency") != "USD" and row.get("fx_rate"):
        source = f", {row['fx_source']}" if row.get("fx_source") else ""
        text += f" (at {row['fx_rate']} JPY/USD{source})"
    return text


def describe_check_amount(text: str) -> str:
    """A ``check.csv`` amount (``qualifier CURRENCY figure``, the figure a value or
    ``low-high``) in the words of :func:`describe_amount`; anything else as written.

    >>> describe_check_amount("up_to USD 50000000000"), describe_check_amount("")
    ('up to USD 50,000,000,000', '')
    >>> describe_check_amount("vague USD 2000000000-9000000000")
    'USD 2,000,000,000–9,000,000,000 (vague)'
    """
    parts = text.split(" ")
    if len(parts) != 3:
        return text
    qualifier, currency, figure = parts
    low, dash, high = figure.partition("-")
    row = {"currency": currency, "qualifier": qualifier, "value": "" if dash else figure,
           "low": low if dash else "", "high": high if dash else ""}
    try:
        return describe_amount(row)
    except ValueError:
        return text


def describe_difference(verdict: dict[str, str]) -> str:
    """A verdict's ``difference`` (text minus table, in the table amount's currency), signed.

    >>> describe_difference({"difference": "3000000000", "table_amount": "approx USD 10000000000"})
    '+3,000,000,000 USD'
    >>> describe_difference({"difference": "", "table_amount": "approx USD 10000000000"})
    ''
    """
    difference = to_decimal(verdict.get("difference"))
    if difference is None:
        return ""
    parts = (verdict.get("table_amount") or "").split(" ")
    currency = f" {parts[1]}" if len(parts) == 3 else ""
    return f"{'+' if difference > 0 else ''}{group_digits(difference)}{currency}"


def short_usd(value: Decimal) -> str:
    """A USD figure for a chart label: one decimal at most, with a scale letter.

    >>> short_usd(Decimal("50000000000")), short_usd(Decimal("1300000000")), short_usd(Decimal(950))
    ('$50B', '$1.3B', '$950')
    """
    for scale, letter in ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"),
                          (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K")):
        if abs(value) >= scale:
            figure = (value / scale).quantize(Decimal("0.1"))
            return f"${format(figure.normalize(), 'f')}{letter}"
    return f"${format(value.normalize(), 'f')}"


def article_text(doc: dict[str, str]) -> tuple[str | None, str | None]:
    """(text, None) of a ``documents`` row's article, or (None, why not).

    The text is only trusted when its length is the one recorded by the run;
    otherwise offsets would point into a different text.
    """
    try:
        text = read_article(Path(doc["path"])).text
    except (IngestError, OSError) as exc:
        hint = "" if Path(doc["path"]).is_absolute() else (
            " (a relative path is read from the current folder: run the report from the"
            " folder `jnews run` was run in)")
        return None, f"article {doc['path']} unavailable: {exc}{hint}"
    chars = to_int(doc.get("chars"))
    if chars is not None and chars != len(text):
        return None, (f"article {doc['path']} has changed since the run "
                      f"({len(text)} characters now, {chars} then)")
    return text, None


def by_document(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Rows grouped by ``doc_id``, in file order (one pass, however many documents)."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[row["doc_id"]].append(row)
    return groups


def deal_pair(row: dict[str, str]) -> str:
    """``investor → investee`` of a deal or verdict; ``?`` for a side a broken row lacks.

    >>> deal_pair({"investor": "", "investee": "Anthropic"})
    '? → Anthropic'
    """
    return f"{row['investor'] or '?'} → {row['investee'] or '?'}"


# --------------------------------------------------------------------------- marks

@dataclass(frozen=True)
class Mark:
    """A highlighted span of an article: ``note`` is shown after it (an amount's figure)."""
    start: int
    end: int
    label: str
    title: str = ""
    note: str = ""


def css_ident(text: str) -> str:
    """``text`` usable in a class name: anything not an identifier character is dropped.

    >>> css_ident("ORG"), css_ident("table_only"), css_ident('x" onclick="y')
    ('ORG', 'table_only', 'xonclicky')
    """
    return re.sub(r"[^A-Za-z0-9_-]", "", text)


def label_class(label: str) -> str:
    """The CSS class of an entity label: ``ent-ORG``, ``ent-PERSON``, ``ent-MONEY``."""
    return "ent-" + css_ident(label)


def choose_marks(marks: list[Mark]) -> list[Mark]:
    """Marks that do not overlap, in text order; of overlapping ones the earliest
    (then the longest) wins, because HTML elements cannot cross.

    >>> [(m.start, m.end) for m in choose_marks([Mark(5, 9, "A"), Mark(0, 3, "B"),
    ...                                          Mark(2, 6, "C"), Mark(5, 7, "D")])]
    [(0, 3), (5, 9)]
    """
    chosen, last_end = [], -1
    for m in sorted(marks, key=lambda m: (m.start, -(m.end - m.start), m.label)):
        if m.start >= last_end:
            chosen.append(m)
            last_end = m.end
    return chosen


def mark_html(mark: Mark, text: str) -> str:
    """One span: the label is drawn by CSS from ``data-label``, so the element's
    text is exactly the article's text."""
    title = f' title="{escape(mark.title)}"' if mark.title else ""
    html = (f'<mark class="ent {label_class(mark.label)}" data-label="{escape(mark.label)}"'
            f'{title}>{escape(text)}</mark>')
    if mark.note:
        html += f'<span class="amount-note">{escape(mark.note)}</span>'
    return html


def highlight(text: str, marks: list[Mark]) -> str:
    """Escaped ``text`` with ``marks`` as ``<mark>`` elements.

    >>> highlight("A<b>Amazon</b>", [Mark(4, 10, "ORG")])
    'A&lt;b&gt;<mark class="ent ent-ORG" data-label="ORG">Amazon</mark>&lt;/b&gt;'
    """
    out, pos = [], 0
    for m in choose_marks(marks):
        out.append(escape(text[pos:m.start]))
        out.append(mark_html(m, text[m.start:m.end]))
        pos = m.end
    out.append(escape(text[pos:]))
    return "".join(out)


def document_marks(entities: list[dict[str, str]], amounts: list[dict[str, str]],
                   text: str) -> tuple[list[Mark], int]:
    """Marks for one document's entity and amount rows, and how many rows were left
    out because the article's text at their offsets is not theirs.

    A MONEY entity carries its amount's figure; an amount no entity covers is
    marked on its own.
    """
    by_span = {(to_int(a["start"]), to_int(a["end"])): a for a in amounts}
    marks, stale = [], 0
    for row in entities:
        start, end = to_int(row["start"]), to_int(row["end"])
        if text[start:end] != row["text"]:
            stale += 1
            continue
        amount = by_span.pop((start, end), None) if row["label"] == MONEY else None
        if amount is not None:
            marks.append(amount_mark(amount))
            continue
        canonical = row["canonical"]
        title = row["label"] + (f" · canonical: {canonical}" if canonical
                                and canonical != row["text"] else "")
        marks.append(Mark(start, end, row["label"], title))
    for amount in by_span.values():
        if text[to_int(amount["start"]):to_int(amount["end"])] != amount["text"]:
            stale += 1
            continue
        marks.append(amount_mark(amount))
    return marks, stale


def amount_mark(amount: dict[str, str]) -> Mark:
    figure = describe_amount(amount)
    usd = to_decimal(amount["usd"])
    # A dollar figure is its own USD equivalent; repeating it would only add noise.
    note = figure if usd is None or amount["currency"] == "USD" else (
        f"{figure} ≈ US$ {group_digits(usd)}")
    title = f"{MONEY} · {figure} · {describe_usd(amount)} · qualifier: {amount['qualifier']}"
    return Mark(to_int(amount["start"]), to_int(amount["end"]), MONEY, title, note)


# --------------------------------------------------------------------------- tables

_TAG = re.compile(r"<[^<>]*>")


def plain(cell_text: str) -> str:
    """A cell as a reader sees it: HTML tags removed, whitespace collapsed.

    >>> plain("<td> $4 <b>Billion</b></td>")
    '$4 Billion'
    """
    return " ".join(_TAG.sub(" ", cell_text).split())


def place_verdicts(cells: list[dict[str, str]], verdicts: list[dict[str, str]],
                   deals: list[dict[str, str]]) -> tuple[dict, dict]:
    """Which row (or, for a transposed table, column) of a table each verdict is about.

    A verdict names its table deal by (investor, investee); that deal's offsets
    are the record's span, from its first cell to its last.  The record is the
    row or the column that starts and ends there.  Returns ``({row: [verdict]},
    {col: [verdict]})``; a verdict about no record of this table is in neither.
    """
    span = {(d["investor"], d["investee"]): (to_int(d["start"]), to_int(d["end"]))
            for d in deals if d["source"] == "table"}
    at = {}
    for c in cells:
        at.setdefault(to_int(c["start"]), (to_int(c["row"]), to_int(c["col"])))
    ends = {(to_int(c["row"]), to_int(c["col"])): to_int(c["end"]) for c in cells}
    rows, cols = defaultdict(list), defaultdict(list)
    for v in verdicts:
        start, end = span.get((v["investor"], v["investee"]), (None, None))
        if start not in at:
            continue
        row, col = at[start]
        if any(e == end for (r, _), e in ends.items() if r == row):
            rows[row].append(v)
        elif any(e == end for (_, c), e in ends.items() if c == col):
            cols[col].append(v)
    return rows, cols


def verdict_badge(v: dict[str, str], who: bool = True) -> str:
    pair = deal_pair(v)
    title = pair + (f": {v['note']}" if v.get("note") else "")
    label = escape(v["verdict"]) + (f" · {escape(pair)}" if who else "")
    return (f'<span class="verdict verdict-{css_ident(v["verdict"])}" '
            f'title="{escape(title)}">{label}</span>')


def render_table(cells: list[dict[str, str]], verdicts: list[dict[str, str]],
                 deals: list[dict[str, str]]) -> str:
    """One table as written (cells at their row and column), each cell's amount under
    its text, and the check verdicts beside the row (or under the column) they judge."""
    grid = {(to_int(c["row"]), to_int(c["col"])): c for c in cells}
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    by_row, by_col = place_verdicts(cells, verdicts, deals)
    lines = ["<table class=\"data-table\">"]
    for r in range(n_rows):
        notes = {c["note"] for (row, _), c in grid.items() if row == r and c.get("note")}
        attrs = f' class="malformed" title="{escape("; ".join(sorted(notes)))}"' if notes else ""
        tds = []
        for col in range(n_cols):
            cell = grid.get((r, col))
            if cell is None:
                tds.append("<td class=\"missing\"></td>")
                continue
            # Cells outside every record (the header row, a transposed table's first
            # column) have no header of their own: they are the headers.
            tag = "th" if not cell["header"] and cell["text"].strip() else "td"
            figure = ""
            if cell["qualifier"]:
                figure = f'<div class="cell-amount">{escape(describe_amount(cell))}</div>'
            tds.append(f"<{tag}>{escape(plain(cell['text']))}{figure}</{tag}>")
        badges = "".join(verdict_badge(v) for v in by_row.get(r, []))
        tds.append(f'<td class="check">{badges}</td>')
        lines.append(f"<tr{attrs}>{''.join(tds)}</tr>")
    if by_col:
        tds = [f'<td class="check">{"".join(verdict_badge(v) for v in by_col.get(col, []))}</td>'
               for col in range(n_cols)]
        lines.append(f"<tr class=\"check-row\">{''.join(tds)}<td></td></tr>")
    lines.append("</table>")
    return "\n".join(lines)


# --------------------------------------------------------------------------- sections

def html_table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    """A plain HTML table; cells are already HTML (callers escape)."""
    if not rows:
        return '<p class="none">none</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'


def num(text: str) -> str:
    """A figure that must not wrap inside itself."""
    return f'<span class="num">{escape(text)}</span>'


def amounts_section(amounts: list[dict[str, str]]) -> str:
    rows = [[escape(a["text"]), num(describe_amount(a)), num(describe_usd(a)),
             num(f"JPY {group_digits(to_decimal(a['jpy']))}" if a["jpy"] else "—")]
            for a in amounts]
    return html_table(["text", "normalized", "USD", "JPY"], rows, "amounts")


def deals_section(deals: list[dict[str, str]]) -> str:
    rows = [[escape(deal_pair(d)),
             num(describe_amount(d)),
             num(f"US$ {group_digits(to_decimal(d['usd']))}" if d["usd"] else "—"),
             escape(d["status"].replace(";", ", ")), escape(d["source"]),
             escape(d["sentence"])]
            for d in deals]
    return html_table(["deal", "amount", "USD", "status", "source", "statement"], rows, "deals")


def check_section(verdicts: list[dict[str, str]]) -> str:
    rows = [[escape(deal_pair(v)),
             verdict_badge(v, who=False), num(describe_check_amount(v["table_amount"])),
             num(describe_check_amount(v["text_amount"])), num(describe_difference(v)),
             escape(v["note"])]
            for v in verdicts]
    return html_table(["deal", "verdict", "table says", "text says", "text − table", "note"],
                      rows, "check")


def document_section(index: int, doc: dict[str, str], rows: dict[str, list]) -> str:
    """One article: its text with highlights, then its amounts, tables, deals and verdicts.
    ``rows`` are the document's own rows of each file."""
    doc_id = doc["doc_id"]
    entities, amounts, deals, verdicts = (rows[n] for n in ("entities", "amounts", "deals",
                                                            "check"))
    text, problem = article_text(doc)
    if text is not None:
        marks, stale = document_marks(entities, amounts, text)
        if stale:
            problem = f"{stale} records do not match the article text at their offsets"
        body = highlight(text, marks)
    else:
        body = ""
    counts = Counter(e["label"] for e in entities)
    meta = [doc_id, doc["path"], doc["published"], doc["language"],
            ", ".join(f"{label} {counts[label]}" for label in sorted(counts))]
    parts = [f'<section class="doc" id="doc-{index}">',
             f"<h2>{escape(doc['title'] or doc_id)}</h2>",
             f'<p class="meta">{" · ".join(escape(m) for m in meta if m)}</p>']
    if problem:
        parts.append(f'<p class="warning">{escape(problem)}</p>')
    if body:
        lang = escape(doc["language"] or "und")
        parts.append(f'<div class="article" lang="{lang}">{body}</div>')
    parts += ["<h3>Amounts</h3>", amounts_section(amounts)]
    tables = defaultdict(list)
    for cell in rows["tables"]:
        tables[cell["table"]].append(cell)
    if tables:
        parts.append("<h3>Tables and check verdicts</h3>")
        for number, cells in tables.items():
            parts.append(f'<div class="table-block"><p class="caption">table {escape(number)}'
                         f"</p>{render_table(cells, verdicts, deals)}</div>")
    parts += ["<h3>Deals</h3>", deals_section(deals),
              "<h3>Check</h3>", check_section(verdicts), "</section>"]
    return "\n".join(parts)


def largest_deals(deals: list[dict[str, str]], n: int = CHART_DEALS) -> list[tuple]:
    """The ``n`` largest (investor, investee) pairs by USD, each with its largest
    statement and the documents stating it: ``(usd, label, row, doc_ids)``.

    A pair reported by several articles (or by a table and the prose) is one bar.
    """
    best: dict[tuple, dict] = {}
    docs: dict[tuple, set] = defaultdict(set)
    for d in deals:
        usd = to_decimal(d["usd"])
        if usd is None:
            continue
        key = (d["investor"], d["investee"])
        docs[key].add(d["doc_id"])
        if key not in best or usd > to_decimal(best[key]["usd"]):
            best[key] = d
    ranked = sorted(best.items(), key=lambda kv: (-to_decimal(kv[1]["usd"]), kv[0]))
    return [(to_decimal(row["usd"]), deal_pair(row), row, sorted(docs[key]))
            for key, row in ranked[:n]]


def clip(label: str, width: int = 34) -> str:
    """``label`` cut to ``width`` columns (a full-width character takes two), so a
    chart label never runs off the left edge; the bar's tooltip has it whole.

    >>> clip("Amazon → OpenAI"), clip("ソフトバンクグループ → ソフトバンクグループ")
    ('Amazon → OpenAI', 'ソフトバンクグループ → ソフトバン…')
    """
    used, out = 0, []
    for ch in label:
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > width - 1:
            return "".join(out) + "…"
        out.append(ch)
    return label


def deals_chart(deals: list[dict[str, str]]) -> str:
    """A horizontal bar chart (inline SVG) of the largest deals by USD."""
    bars = largest_deals(deals)
    if not bars:
        return '<p class="none">no deal with a USD value</p>'
    label_w, bar_w, value_w, bar_h, gap = 230, 420, 170, 22, 8
    width, height = label_w + bar_w + value_w, len(bars) * (bar_h + gap) + gap
    top = bars[0][0]
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="Largest deals by USD">']
    for i, (usd, label, row, doc_ids) in enumerate(bars):
        y = gap + i * (bar_h + gap)
        # Float only for the drawn length; every figure shown is the Decimal.
        length = max(1.0, float(usd / top) * bar_w) if top > 0 else 1.0
        qualifier = _QUALIFIER_WORDS.get(row["qualifier"], "")
        detail = (f"{label}: {describe_amount(row)} (US$ {group_digits(usd)}); "
                  f"{len(doc_ids)} document(s): {', '.join(doc_ids)}")
        out.append(
            f'<g class="bar"><title>{escape(detail)}</title>'
            f'<text x="{label_w - 8}" y="{y + bar_h - 6}" text-anchor="end">{escape(clip(label))}'
            f'</text>'
            f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" rx="3"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + bar_h - 6}">'
            f'{escape(qualifier + short_usd(usd))} · {len(doc_ids)} '
            f'{"doc" if len(doc_ids) == 1 else "docs"}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def legend() -> str:
    labels = "".join(f'<mark class="ent {label_class(lb)}" data-label="{lb}">{lb.lower()}</mark> '
                     for lb in LABELS)
    return f'<p class="legend">{labels}<span class="amount-note">normalized amount</span></p>'


def summary_line(data: dict) -> str:
    counts = Counter(e["label"] for e in data["entities"])
    verdicts = Counter(v["verdict"] for v in data["check"])
    parts = [f"{len(data['documents'])} documents",
             *(f"{counts[label]} {label}" for label in sorted(counts)),
             f"{len(data['amounts'])} amounts", f"{len(data['deals'])} deals",
             *(f"{n} {verdict}" for verdict, n in sorted(verdicts.items()))]
    return " · ".join(escape(p) for p in parts)


def problems_section(problems: list[dict[str, str]]) -> str:
    if not problems:
        return ""
    rows = [[escape(p["doc_id"]), escape(p["path"]), escape(p["stage"]), escape(p["message"])]
            for p in problems]
    return ('<section id="problems"><h2>Problems</h2>'
            + html_table(["doc", "path", "stage", "message"], rows, "problems") + "</section>")


# --------------------------------------------------------------------------- page

def render_report(out_dir: str | os.PathLike) -> str:
    """The report page of an output folder, as HTML.

    The folder's own path is not written into the page, so a copied folder
    renders identically.
    """
    data = read_outputs(out_dir)
    docs = data["documents"]
    grouped = {name: by_document(data[name]) for name in ("entities", "amounts", "tables",
                                                          "deals", "check")}
    toc = "".join(f'<li><a href="#doc-{i}">{escape(d["title"] or d["doc_id"])}</a></li>'
                  for i, d in enumerate(docs))
    css = CSS_FILE.read_text(encoding="utf-8")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing may be fetched: article text is escaped, and this stops anything missed.
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>jnews report</title>",
        f"<style>\n{css}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>jnews report</h1>",
        f'<p class="summary">{summary_line(data)}</p>',
        legend(),
        f"<nav><ol>{toc}</ol></nav>",
        "</header>",
        '<section id="chart"><h2>Largest deals (USD)</h2>',
        deals_chart(data["deals"]),
        "</section>",
        problems_section(data["problems"]),
        *(document_section(i, d, {name: rows.get(d["doc_id"], [])
                                   for name, rows in grouped.items()})
          for i, d in enumerate(docs)),
        "</body>",
        "</html>",
        "",
    ])


def write_report(out_dir: str | os.PathLike, path: str | os.PathLike | None = None) -> Path:
    """Write the page to ``path`` (default ``<out_dir>/report.html``) and return it.

    Written to a temporary file beside the target and renamed into place, so a
    reader never sees half a page and a failure leaves the previous one intact.
    """
    target = Path(path) if path is not None else Path(out_dir) / REPORT_NAME
    html = render_report(out_dir)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(html, encoding="utf-8", newline="\n")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
