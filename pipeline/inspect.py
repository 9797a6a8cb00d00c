"""inspect: a run's written records as terminal tables.

Reads only the CSV files of an output folder (never the articles, never the
extractor) and shows entities, amounts, deals and check verdicts with the
sentence or table record each came from.  :func:`select` does the filtering
and is pure; :func:`inspect_tables` turns its rows into ``rich`` tables.

Filters (all optional, combined with *and*):

* ``doc``: a document id, or a prefix of ids (``000`` for ``000_de48...``);
* ``label``: entity label (case-insensitive) shown in the entities table;
* ``min_usd``: only amounts, MONEY entities, deals and verdicts whose USD value
  is at least this (a row with no USD value, such as a vague amount, cannot be
  shown to be that large and is left out).  ORG and PERSON rows are not money
  and are kept.
"""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .report import (
    deal_pair,
    describe_amount,
    describe_check_amount,
    describe_difference,
    describe_usd,
    group_digits,
    read_outputs,
    to_decimal,
    to_int,
)
from .schema import LABELS, MONEY, ORG, PERSON

LABEL_STYLES = {ORG: "bold blue", PERSON: "bold dark_orange", MONEY: "bold green"}
VERDICT_STYLES = {"agree": "bold green", "differ": "bold red", "malformed": "bold dark_orange"}


def parse_usd(value) -> Decimal:
    """``--min-usd`` as Decimal (digits, a decimal point or an exponent).

    >>> parse_usd("1e9"), parse_usd(500), parse_usd("1,000")
    (Decimal('1E+9'), Decimal('500'), Decimal('1000'))
    """
    try:
        return Decimal(str(value).replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise ValueError(f"--min-usd: {value!r} is not a number") from None


def select(data: dict[str, list[dict[str, str]]], doc: str | None = None,
           label: str | None = None, min_usd=None) -> dict[str, list[dict[str, str]]]:
    """The rows of ``entities``, ``amounts``, ``deals`` and ``check`` that pass the filters.

    Raises ValueError for a ``doc`` that names no document and a ``label`` that is
    neither a known label nor one in the data (a typo would otherwise show nothing).
    """
    rows = {name: data[name] for name in ("entities", "amounts", "deals", "check")}
    if doc is not None:
        ids = {d["doc_id"] for d in data["documents"] if d["doc_id"].startswith(doc)}
        if not ids:
            known = ", ".join(d["doc_id"] for d in data["documents"][:10])
            raise ValueError(f"no document {doc!r}; documents: {known or 'none'}")
        rows = {name: [r for r in rs if r["doc_id"] in ids] for name, rs in rows.items()}
    if label is not None:
        wanted = label.upper()
        labels = set(LABELS) | {e["label"] for e in data["entities"]}
        if wanted not in labels:
            raise ValueError(f"unknown label {label!r}; labels: {', '.join(sorted(labels))}")
        rows["entities"] = [e for e in rows["entities"] if e["label"] == wanted]
    if min_usd is not None:
        rows = _at_least(rows, parse_usd(min_usd))
    return rows


def _at_least(rows: dict[str, list[dict[str, str]]], floor: Decimal) -> dict:
    def big(usd: str) -> bool:
        value = to_decimal(usd)
        return value is not None and value >= floor

    amounts = [a for a in rows["amounts"] if big(a["usd"])]
    # A MONEY entity's USD value is its amount's (same document and offsets).
    kept = {(a["doc_id"], a["start"], a["end"]) for a in amounts}
    entities = [e for e in rows["entities"]
                if e["label"] != MONEY or (e["doc_id"], e["start"], e["end"]) in kept]
    deals = [d for d in rows["deals"] if big(d["usd"])]
    # A verdict judges the deals of its pair; it is as large as they are.
    pairs = {(d["doc_id"], d["investor"], d["investee"]) for d in deals}
    check = [v for v in rows["check"] if (v["doc_id"], v["investor"], v["investee"]) in pairs]
    return {"entities": entities, "amounts": amounts, "deals": deals, "check": check}


# --------------------------------------------------------------------------- tables

def in_context(sentence: str, mention: str, style: str) -> Text:
    """The sentence with the mention styled.  The record gives no offset inside the
    sentence, so the first occurrence is the one styled.

    >>> t = in_context("AmazonがOpenAIに投資", "OpenAI", "bold")
    >>> t.plain, [(s.start, s.end) for s in t.spans]
    ('AmazonがOpenAIに投資', [(7, 13)])
    """
    text = Text(sentence)
    at = sentence.find(mention) if mention else -1
    if at >= 0:
        text.stylize(style, at, at + len(mention))
    return text


def _column(table: Table, name: str, options: dict) -> None:
    # Folded, never cut with an ellipsis: a shortened figure or sentence would misstate
    # the record.
    table.add_column(name, overflow="fold", **options)


def records_table(title: str, rows: list[dict[str, str]], columns: list[tuple[str, dict]],
                  cells, caption: str | None = None) -> Table:
    """A table of ``rows``: ``columns`` are (name, column options) and ``cells(row)`` the
    row's values.  Rows from one document leave out the doc column and name the
    document in the title instead: a narrow terminal needs the room for the sentence.
    """
    docs = sorted({r["doc_id"] for r in rows})
    one_doc = len(docs) == 1
    table = Table(title=f"{title} ({len(rows)})" + (f" · {docs[0]}" if one_doc else ""),
                  caption=caption, show_lines=True, title_justify="left")
    for name, options in ([] if one_doc else [("doc", {})]) + columns:
        _column(table, name, options)
    for r in rows:
        table.add_row(*([] if one_doc else [r["doc_id"]]), *cells(r))
    return table


def _span(row: dict[str, str]) -> str:
    return f"{to_int(row['start'])}–{to_int(row['end'])}"


def entities_table(rows: list[dict[str, str]], caption: str | None = None) -> Table:
    def cells(e):
        style = LABEL_STYLES.get(e["label"], "bold")
        canonical = e["canonical"] if e["canonical"] not in ("", e["text"]) else None
        text = e["text"] + (f"\n= {canonical}" if canonical else "")
        return (_span(e), Text(e["label"], style=style), text,
                in_context(e["sentence"], e["text"], style))

    return records_table("Entities", rows, [
        ("span", {"no_wrap": True, "justify": "right"}), ("label", {"no_wrap": True}),
        ("text (= canonical)", {}), ("sentence", {})], cells, caption)


def amounts_table(rows: list[dict[str, str]], caption: str | None = None) -> Table:
    def cells(a):
        return (_span(a), a["text"], describe_amount(a), describe_usd(a),
                in_context(a["sentence"], a["text"], LABEL_STYLES[MONEY]))

    return records_table("Amounts", rows, [
        ("span", {"no_wrap": True, "justify": "right"}), ("text", {}), ("normalized", {}),
        ("USD", {}), ("sentence", {})], cells, caption)


def deals_table(rows: list[dict[str, str]], caption: str | None = None) -> Table:
    def cells(d):
        usd = to_decimal(d["usd"])
        return (deal_pair(d), describe_amount(d),
                f"US$ {group_digits(usd)}" if usd is not None else "—",
                d["status"].replace(";", ", "), d["source"], d["sentence"])

    return records_table("Deals", rows, [
        ("investor → investee", {}), ("amount", {}), ("USD", {}), ("status", {}),
        ("source", {"no_wrap": True}), ("statement", {})], cells, caption)


def check_table(rows: list[dict[str, str]], caption: str | None = None) -> Table:
    def cells(v):
        return (deal_pair(v), Text(v["verdict"], style=VERDICT_STYLES.get(v["verdict"], "dim")),
                describe_check_amount(v["table_amount"]),
                describe_check_amount(v["text_amount"]), describe_difference(v),
                "\n".join(x for x in (v["table_row"], v["note"]) if x))

    return records_table("Check verdicts", rows, [
        ("investor → investee", {}), ("verdict", {"no_wrap": True}), ("table says", {}),
        ("text says", {}), ("text − table", {}), ("table row / note", {})], cells, caption)


def inspect_tables(out_dir: str | os.PathLike, doc: str | None = None, label: str | None = None,
                   min_usd=None) -> list[Table]:
    """Entities, amounts, deals and check verdicts of ``out_dir`` as rich tables.

    Raises ValueError for a folder that is not an output folder and for filters
    that match nothing by construction (see :func:`select`).
    """
    rows = select(read_outputs(out_dir), doc, label, min_usd)
    filters = [f"{name}={value}" for name, value in
               (("doc", doc), ("label", label), ("min-usd", min_usd)) if value is not None]
    caption = f"filtered: {', '.join(filters)}" if filters else None
    return [entities_table(rows["entities"], caption), amounts_table(rows["amounts"], caption),
            deals_table(rows["deals"], caption), check_table(rows["check"], caption)]


def print_tables(tables: list[Table], console: Console | None = None) -> None:
    """Print each table, a blank line apart."""
    console = console or Console()
    for table in tables:
        console.print(table)
        console.print()


def print_inspect(out_dir: str | os.PathLike, doc: str | None = None, label: str | None = None,
                  min_usd=None, console: Console | None = None) -> None:
    """What ``jnews inspect`` prints."""
    print_tables(inspect_tables(out_dir, doc, label, min_usd), console)
