"""tables: find the tables of an article and read them as records, with offsets.

Three shapes are found in the raw article text (not the blanked analysis text,
because HTML tags are what delimit an HTML table):

* Markdown pipe tables, with or without the ``|---|`` separator row and with or
  without outer pipes;
* tables whose cells are separated by the full-width ``｜``;
* HTML ``<table>`` (``thead``/``tbody``, ``th``/``td``, ``colspan``/``rowspan``).

Each table is then read *logically*: a normal table has one record per row
and its header row names the attributes; a transposed table (attributes as
rows, subjects as columns) has one record per column and its first column
names the attributes.  Records look the same either way, so later stages never
ask which it was.  What a header means (investor, investee, amount, date) is
data: ``data/tables/*.tsv``; a hedge in a header (``推定``, ``Approximate``) is
the money stage's data, applied by :func:`pipeline.money.apply_hedge`.

A row that is broken (a missing cell, an amount in the wrong column) is kept,
repaired when exactly one repair fits, and described in its record's ``note``.

Pure functions over the text, no spaCy: amounts come from
:func:`pipeline.money.find_amounts`, the same function the prose goes through.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import attrgetter

from .lexicon import is_term, nfkc, read_tsv
from .money import Amount, AmountMatch, apply_hedge, find_amounts, format_decimal, normalize_amount
from .schema import COLUMNS, MONEY

ROLES = ("date", "status", "metric", "amount", "investor", "investee", "company", "label")


# --------------------------------------------------------------------------- data

@lru_cache(maxsize=None)
def _header_roles() -> tuple[tuple[str, str], ...]:
    rows = tuple((pattern, role) for role, pattern in read_tsv("tables/header_roles.tsv"))
    unknown = {role for _, role in rows} - set(ROLES)
    if unknown:
        raise ValueError(f"tables/header_roles.tsv: unknown role(s) {sorted(unknown)}")
    return rows


@lru_cache(maxsize=None)
def _empty_words() -> frozenset[str]:
    return frozenset(row[0] for row in read_tsv("tables/empty_cells.tsv"))


@lru_cache(maxsize=None)
def _summary_words() -> frozenset[str]:
    return frozenset(row[0] for row in read_tsv("tables/summary_rows.tsv"))


def _fold(text: str) -> str:
    return " ".join(nfkc(text).casefold().split())


def header_role(header: str) -> str | None:
    """What a header says its cells hold (first matching pattern of the data file).

    >>> [header_role(h) for h in ("Investor", "Approximate Amount (USD)", "主な支援者", "推定投資額",
    ...                           "Company", "投資先企業", "項目", "評価額", "利用クラウド")]
    ['investor', 'amount', 'investor', 'amount', 'company', 'investee', 'label', 'metric', None]
    """
    folded = _fold(header)
    return next((role for pattern, role in _header_roles() if pattern in folded), None)


def hedged(amount: Amount, header: str) -> Amount:
    """``amount`` with the hedge of its header (``Approximate Amount``, ``推定投資額``);
    a cell's own hedge wins.  The header hedge words are the money stage's data."""
    return apply_hedge(amount, header) if header else amount


# --------------------------------------------------------------------------- records

_TAG = re.compile(r"<[^<>]*>")
# Markdown a reader does not see: emphasis marks, inline code ticks, a link's target.
_MARKDOWN = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`|\]\([^)]*\)|\[")


@dataclass(frozen=True)
class Cell:
    """One cell: ``text`` is ``article[start:end]``, the stripped cell content."""
    row: int  # physical row in the table as written (header rows count, separator rows not)
    col: int  # physical column
    start: int
    end: int
    text: str
    header: bool = False
    amounts: tuple[AmountMatch, ...] = ()  # offsets into the article

    @property
    def plain(self) -> str:
        """The visible text: HTML tags and Markdown marks removed, whitespace collapsed.

        >>> Cell(0, 0, 0, 0, "**[Amazon](https://a.co)** <br>（交渉中）").plain
        'Amazon （交渉中）'
        """
        return " ".join(_MARKDOWN.sub("", _TAG.sub(" ", self.text)).split())

    @property
    def empty(self) -> bool:
        return not self.plain or _fold(self.plain) in _empty_words()


@dataclass
class Record:
    """One subject of a table: a row, or a column of a transposed table.

    ``cells[i]`` sits under ``Table.header[i]``; ``None`` is a missing cell.
    """
    index: int
    label: str  # "row 3" or "column 2": where it is in the table as written
    cells: list[Cell | None]
    note: str | None = None  # what is wrong with the row, and what was repaired

    @property
    def malformed(self) -> bool:
        return self.note is not None and not self.summary

    @property
    def summary(self) -> bool:
        """A total row (合計, Total): it sums the others and states no deal of its own."""
        first = next((c for c in self.cells if c and not c.empty), None)
        return first is not None and _fold(first.plain) in _summary_words()

    @property
    def text(self) -> str:
        """The record as one line, ``a | b | c`` (missing cells are blank)."""
        return " | ".join(c.plain if c else "" for c in self.cells)

    @property
    def span(self) -> tuple[int, int]:
        """From the record's first cell as written to its last."""
        present = [c for c in self.cells if c]
        return min(c.start for c in present), max(c.end for c in present)


@dataclass
class Table:
    index: int
    kind: str  # markdown, fullwidth, html
    start: int
    end: int
    orientation: str  # rows (one record per row) or columns (transposed)
    header: list[tuple[Cell, ...]]  # per logical column: its header cell(s), maybe none
    records: list[Record]
    roles: dict[int, str]  # logical column -> role (see ROLES)
    rows: list[list[Cell]] = field(repr=False, default_factory=list)  # as written

    def header_text(self, col: int) -> str:
        if col is None or col >= len(self.header):
            return ""
        # A header cell spanning several rows or a repeated group name counts once.
        return " ".join(dict.fromkeys(c.plain for c in self.header[col] if c.plain))

    def columns(self, role: str) -> list[int]:
        return sorted(i for i, r in self.roles.items() if r == role)


# --------------------------------------------------------------------------- pipe tables

_PIPES = "|｜"
_SEPARATOR_CELL = re.compile(r"^:?[-－―ー—=]+:?$")


def split_pipe_row(line: str, offset: int = 0) -> list[tuple[int, int]] | None:
    """(start, end) of each stripped cell of a pipe-table line, or None if it has no pipe.

    Outer pipes are optional; ``\\|`` is an escaped pipe, not a separator.

    >>> line = "| a | $2 B | |"
    >>> [line[s:e] for s, e in split_pipe_row(line)]
    ['a', '$2 B', '']
    >>> line = "項目｜値"
    >>> [line[s:e] for s, e in split_pipe_row(line)]
    ['項目', '値']
    >>> split_pipe_row("no pipes here") is None
    True
    """
    if not any(p in line for p in _PIPES):
        return None  # most lines: no need to look at each character
    bars = [i for i, ch in enumerate(line) if ch in _PIPES and (i == 0 or line[i - 1] != "\\")]
    if not bars:
        return None
    bounds = [-1] + bars + [len(line)]
    pieces = list(zip(bounds, bounds[1:]))
    stripped = line.strip()
    if stripped[0] in _PIPES:
        pieces = pieces[1:]
    if stripped[-1] in _PIPES:
        pieces = pieces[:-1]
    return [(offset + s, offset + e) for s, e in
            (strip_span(line, left + 1, right) for left, right in pieces)]


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_separator(line: str, cells: list[tuple[int, int]], offset: int) -> bool:
    """A ``|---|:---:|`` row (every cell dashes, optional alignment colons)."""
    texts = [line[s - offset:e - offset].replace(" ", "") for s, e in cells]
    return bool(texts) and all(_SEPARATOR_CELL.match(t) for t in texts if t) and any(texts)


def _pipe_blocks(text: str, blocked: list[tuple[int, int]]):
    """Runs of consecutive pipe lines: (start, end, rows of cell spans, separator index)."""
    pos, run = 0, []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        cells = split_pipe_row(body, pos) if body.strip() else None
        inside = any(s <= pos < e for s, e in blocked)
        if cells is not None and not inside:
            run.append((pos, body, cells))
        else:
            yield from _accept(run)
            run = []
        pos += len(line)
    yield from _accept(run)


def _accept(run):
    """Keep a run of pipe lines that is a table: a separator row, or 2+ lines of 2+ cells
    with outer pipes or a steady cell count (a lone ``A｜B`` title is not a table)."""
    if len(run) < 2:
        return
    separators = [i for i, (pos, body, cells) in enumerate(run) if _is_separator(body, cells, pos)]
    counts = [len(cells) for _, _, cells in run]
    outer = all(body.strip()[0] in _PIPES for _, body, _ in run)
    if not separators and (min(counts) < 2 or not outer and len(set(counts)) > 1):
        return
    start = run[0][0]
    end = run[-1][0] + len(run[-1][1])
    rows = [cells for i, (_, _, cells) in enumerate(run) if i not in separators]
    if rows:  # separator lines alone (|---|) hold no table
        yield start, end, rows, (separators[0] if separators else None)


# --------------------------------------------------------------------------- HTML tables

_HTML_TABLE = re.compile(r"<table\b[^>]*>(.*?)</table\s*>", re.S | re.I)
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</tr\s*>|</t(?:head|body|foot)\s*>|\Z)",
                       re.S | re.I)
_HTML_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)(?=<t[dh]\b|</t[dh]\s*>|\Z)", re.S | re.I)
_SPAN_ATTR = re.compile(r"\b(colspan|rowspan)\s*=\s*[\"']?(\d+)", re.I)
_THEAD = re.compile(r"<thead\b.*?(?:</thead\s*>|(?=<tbody\b))", re.S | re.I)


def _html_tables(text: str):
    """(start, end, rows of (start, end, is_th, colspan, rowspan), header row count)."""
    for table in _HTML_TABLE.finditer(text):
        base = table.start(1)
        inner = table.group(1)
        head = _THEAD.search(inner)
        rows, head_rows = [], 0
        for row in _HTML_ROW.finditer(inner):
            cells = []
            for cell in _HTML_CELL.finditer(row.group(1)):
                spans = {k.lower(): int(v) for k, v in _SPAN_ATTR.findall(cell.group(2))}
                start = base + row.start(1) + cell.start(3)
                end = base + row.start(1) + cell.end(3)
                start, end = strip_span(text, start, end)
                cells.append((start, end, cell.group(1).lower() == "th",
                              spans.get("colspan", 1), spans.get("rowspan", 1)))
            if cells:
                rows.append(cells)
                if head and head.start() <= row.start() < head.end():
                    head_rows = len(rows)
        yield table.start(), table.end(), rows, head_rows


def _html_grid(text: str, rows) -> list[list[Cell]]:
    """Lay HTML cells on a grid: a colspan/rowspan cell fills every slot it covers."""
    grid: dict[tuple[int, int], Cell] = {}
    for r, cells in enumerate(rows):
        c = 0
        for start, end, is_th, colspan, rowspan in cells:
            while (r, c) in grid:
                c += 1
            cell = _cell(text, r, c, start, end, is_th)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), cell)
            c += colspan
    height = max((r for r, _ in grid), default=-1) + 1
    return [[grid[r, c] for c in range(max(cc for rr, cc in grid if rr == r) + 1)
             if (r, c) in grid] for r in range(height)]


# --------------------------------------------------------------------------- reading

def _cell(text: str, row: int, col: int, start: int, end: int, header: bool = False) -> Cell:
    raw = text[start:end]
    # Tags blanked to spaces keep offsets; amounts are read from the visible text only.
    visible = _TAG.sub(lambda m: " " * len(m.group()), raw)
    amounts = tuple(replace(m, start=m.start + start, end=m.end + start)
                    for m in find_amounts(visible))
    return Cell(row, col, start, end, raw, header, amounts)


def find_tables(text: str) -> list[Table]:
    """Every table of ``text``, in order, read as records.

    >>> t = find_tables("表\\n| 企業 | 出資者 | 金額 |\\n|---|---|---|\\n| Acme | Foo | $2 billion |\\n")[0]
    >>> t.kind, t.orientation, [t.header_text(i) for i in range(3)], t.roles
    ('markdown', 'rows', ['企業', '出資者', '金額'], {0: 'investee', 1: 'investor', 2: 'amount'})
    >>> [c.text for c in t.records[0].cells], t.records[0].cells[2].amounts[0].amount.value
    (['Acme', 'Foo', '$2 billion'], Decimal('2000000000'))
    """
    raw = []
    html = []
    for start, end, rows, head_rows in _html_tables(text):
        html.append((start, end))
        grid = _html_grid(text, rows)
        if not grid:
            continue
        first_col_th = bool(grid) and all(row and row[0].header for row in grid[head_rows:] or grid)
        if not head_rows:  # no <thead>: the leading rows of <th> only are the header
            head_rows = next((r for r, row in enumerate(grid) if not all(c.header for c in row)),
                             len(grid))
        raw.append((start, end, "html", grid, head_rows, first_col_th))
    for start, end, rows, separator in _pipe_blocks(text, html + _fences(text)):
        kind = "markdown" if "|" in text[start:end] else "fullwidth"
        grid = [[_cell(text, r, c, s, e) for c, (s, e) in enumerate(cells)]
                for r, cells in enumerate(rows)]
        head_rows = separator if separator is not None else _guess_header_rows(grid)
        grid = [[replace(c, header=r < head_rows) for c in row] for r, row in enumerate(grid)]
        raw.append((start, end, kind, grid, head_rows, False))
    raw.sort()
    return [_read(i, *t) for i, t in enumerate(raw)]


_FENCE = re.compile(r"^```.*?^```[^\n]*$", re.S | re.M)


def _fences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _FENCE.finditer(text)]


_DIGIT = re.compile(r"\d")


def _guess_header_rows(grid: list[list[Cell]]) -> int:
    """1 when the first row reads as a header: no amounts or digits in it, and either a
    known header word or digits somewhere below it."""
    if len(grid) < 2:
        return 0
    first = grid[0]
    if any(c.amounts or _DIGIT.search(c.plain) for c in first):
        return 0
    words = any(header_role(c.plain) for c in first)
    digits_below = any(_DIGIT.search(c.plain) for row in grid[1:] for c in row)
    return 1 if words or digits_below else 0


def _orientation(grid: list[list[Cell]], head_rows: int, first_col_th: bool) -> str:
    """'columns' when the attributes run down the first column, else 'rows'.

    Evidence for each side: header words along the first row versus down the
    first column, a corner cell such as 項目, ``<th>`` row labels, and whether
    the amounts line up in one column or along one row.
    """
    if len(grid) < 2 or min(len(r) for r in grid) < 2:
        return "rows"
    along_row = sum(1 for c in grid[0][1:] if header_role(c.plain) not in (None, "label"))
    down_col = sum(1 for row in grid[1:] if header_role(row[0].plain) not in (None, "label"))
    corner = header_role(grid[0][0].plain) == "label" or grid[0][0].empty
    cells = [(r, c) for r, row in enumerate(grid) for c, cell in enumerate(row) if cell.amounts]
    one_row = len(cells) > 1 and len({r for r, _ in cells}) == 1 and len({c for _, c in cells}) > 1
    one_col = len(cells) > 1 and len({c for _, c in cells}) == 1
    columns = down_col + corner + (first_col_th and not head_rows) + one_row
    rows = along_row + one_col + (head_rows > 0 and not corner)
    return "columns" if columns > rows else "rows"


def _read(index, start, end, kind, grid, head_rows, first_col_th) -> Table:
    orientation = _orientation(grid, head_rows, first_col_th)
    if orientation == "rows":
        # The header row fixes the width, so a longer row has cells beyond the header.
        width = max(len(r) for r in (grid[:head_rows] or grid))
        header = [tuple(grid[r][c] for r in range(head_rows) if c < len(grid[r]))
                  for c in range(width)]
        records = [Record(i, f"row {r}", list(row))
                   for i, (r, row) in enumerate(list(enumerate(grid))[head_rows:])]
    else:
        # Transposed: the first column holds the attribute labels; each further column is
        # one subject, whose first cell (the column header, if any) is its name.
        header = [(row[0],) for row in grid]
        width = max(len(r) for r in grid)
        records = [Record(i, f"column {c}", [row[c] if c < len(row) else None for row in grid])
                   for i, c in enumerate(range(1, width))]
    table = Table(index, kind, start, end, orientation, header, records, {}, grid)
    table.roles = _roles(table)
    for record in table.records:
        _repair(table, record)
    return table


def _roles(table: Table) -> dict[int, str]:
    """Role of each logical column from its header; failing a header word, the one
    column where most cells hold an amount is the amount column.  A generic company
    column is the investee, or the investor beside a column named as the investee."""
    roles = {i: r for i in range(len(table.header)) if (r := header_role(table.header_text(i)))}
    named = set(roles.values())
    for i in [i for i, role in roles.items() if role == "company"]:
        if "investee" not in named:
            roles[i] = "investee"
        elif "investor" not in named:
            roles[i] = "investor"
        else:
            del roles[i]
    if "amount" not in roles.values():
        filled = [i for i in range(len(table.header))
                  if i not in roles and _share_with_amounts(table, i) > 0.5]
        if len(filled) == 1:
            roles[filled[0]] = "amount"
    return roles


def _share_with_amounts(table: Table, col: int) -> float:
    cells = [r.cells[col] for r in table.records if col < len(r.cells) and r.cells[col]]
    cells = [c for c in cells if not c.empty]
    return sum(1 for c in cells if c.amounts) / len(cells) if cells else 0.0


_NAME_ROLES = ("investor", "investee", "label")


def amount_hedges(tables: list[Table]) -> dict[int, list[str]]:
    """Article offset of each amount in a table cell -> the texts that may hedge it:
    the header of its column (``Approximate Amount``, ``推定投資額``) and its record's
    label (first cell).  A malformed record's stray amount counts under the amount
    column it was moved to (the gold reads it so).

    >>> t = find_tables("| 企業 | 推定投資額 |\\n|---|---|\\n| Acme | 5億ドル |\\n")
    >>> amount_hedges(t)
    {34: ['推定投資額', 'Acme']}
    """
    out: dict[int, list[str]] = {}
    for table in tables:
        for record in table.records:
            first = record.cells[0] if record.cells else None
            for col, cell in enumerate(record.cells):
                for m in cell.amounts if cell else ():
                    label = [first.plain] if col and first else []
                    out[m.start] = [table.header_text(col), *label]
    return out


def _repair(table: Table, record: Record) -> None:
    """Pad or flag a record of the wrong length; move a stray amount into the amount
    column when that is the only repair that fits; note empty name cells."""
    if record.summary:
        record.note = "summary row"
        return
    width, problems = len(table.header), []
    if len(record.cells) < width:
        problems.append(f"{width - len(record.cells)} cell(s) missing")
        record.cells += [None] * (width - len(record.cells))
    elif len(record.cells) > width:
        problems.append(f"{len(record.cells) - width} cell(s) beyond the header")

    # An amount in a column of names is out of place; elsewhere it may belong there.
    amount_cols = table.columns("amount")
    with_amounts = [i for i, c in enumerate(record.cells) if c and c.amounts]
    stray = [i for i in with_amounts if table.roles.get(i) in _NAME_ROLES]
    if len(amount_cols) == 1 and len(stray) == 1 and not set(with_amounts) & set(amount_cols):
        target, source = amount_cols[0], stray[0]
        moved_from = table.header_text(source) or f"column {source}"
        into = table.header_text(target) or f"column {target}"
        displaced = record.cells[target]
        record.cells[target], record.cells[source] = record.cells[source], displaced
        problems.append(f"amount in {moved_from} column, read as {into}"
                        if displaced is None or displaced.empty
                        else f"amount and {moved_from} cells swapped")
    elif stray and set(with_amounts) & set(amount_cols):
        names = ", ".join(table.header_text(i) or f"column {i}" for i in stray)
        problems.append(f"amount also in {names} column")

    for i in table.columns("investor") + table.columns("investee"):
        cell = record.cells[i] if i < len(record.cells) else None
        if (cell is None or cell.empty) and _filled_elsewhere(table, record, i):
            problems.append(f"{table.header_text(i)} cell empty")
    if problems:
        record.note = "malformed row: " + "; ".join(problems)


def _filled_elsewhere(table: Table, record: Record, col: int) -> bool:
    """A column is expected to be filled when another record fills it."""
    return any(r is not record and col < len(r.cells) and r.cells[col] and not r.cells[col].empty
               for r in table.records)


# --------------------------------------------------------------------------- entities, rows

@dataclass(frozen=True)
class Ent:
    """An entity mention as later stages need it, free of spaCy: offsets into the article."""
    start: int
    end: int
    label: str
    text: str
    canonical: str | None = None
    amount: Amount | None = None


def as_ents(ents) -> list[Ent]:
    """Accept :class:`Ent` objects or plain ``(start, end, label, text, canonical, amount)``;
    sorted by start, as :func:`ents_in` needs."""
    return sorted((e if isinstance(e, Ent) else Ent(*e) for e in ents), key=attrgetter("start"))


def ents_in(cell: Cell, ents: list[Ent]) -> list[Ent]:
    """The ORG/PERSON mentions inside a cell (``ents`` sorted by start: found by bisection,
    so a table of many cells costs cells x log(mentions), not cells x mentions)."""
    i = bisect_left(ents, cell.start, key=attrgetter("start"))
    out = []
    while i < len(ents) and ents[i].start < cell.end:
        if ents[i].label != MONEY and ents[i].end <= cell.end:
            out.append(ents[i])
        i += 1
    return out


def cell_amount(table: Table, col: int, cell: Cell) -> Amount | None:
    """The cell's first amount (later ones are conversions such as ``（約7.5兆円）``), or
    its bare figure in the unit its header gives, with the header's hedge.

    >>> t = find_tables("| 企業 | 出資額（億円） |\\n|---|---|\\n| A社 | 約30 |\\n")[0]
    >>> a = cell_amount(t, 1, t.records[0].cells[1]); a.currency, a.value, a.qualifier
    ('JPY', Decimal('3000000000'), 'approx')
    """
    header = table.header_text(col)
    amount = cell.amounts[0].amount if cell.amounts else in_header_unit(cell.plain, header)
    return hedged(amount, header) if amount else None


_UNIT = re.compile(r"[（(]([^（()）]+)[）)]\s*$")
_UNIT_LEAD = re.compile(r"^(US\$|[$€£¥￥]|[A-Z]{3}(?![A-Za-z]))\s*")


def in_header_unit(figure: str, header: str) -> Amount | None:
    """A bare figure read in the unit a header states in brackets: ``30`` under
    ``出資額（億円）``, ``1.3`` under ``Amount ($bn)``, ``25`` under ``Value (USD million)``.

    >>> [in_header_unit(f, h).value for f, h in (("30", "出資額（億円）"), ("1.3", "Amount ($bn)"),
    ...                                           ("25", "Value (USD million)"))]
    [Decimal('3000000000'), Decimal('1300000000'), Decimal('25000000')]
    >>> in_header_unit("30", "出資額"), in_header_unit("Acme", "Amount ($bn)")
    (None, None)
    """
    unit = _UNIT.search(header)
    if not unit or not _DIGIT.search(figure):
        return None
    unit = unit.group(1).strip()
    lead = _UNIT_LEAD.match(unit)
    candidates = [figure + unit, f"{figure} {unit}"]
    if lead:  # a symbol or code leads: "$" + "1.3" + "bn", "USD " + "25" + " million"
        candidates.insert(0, f"{lead.group(0)}{figure} {unit[lead.end():]}".strip())
    return next((a for c in candidates if (a := normalize_amount(c))), None)


_LIST_OR_PROSE = re.compile(r"[、，,/／;；。]| and | & |及び|および|ほか|など|\d")


_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def _a_term(text: str) -> bool:
    """Whether a cell, without its brackets, is a term of the alias table, no name
    (既存株主（創業者ら）, 個人投資家)."""
    return is_term(_BRACKETED.sub("", text).strip())


def unnamed_companies(tables: list[Table], ents) -> list[Cell]:
    """The cells of an investor or investee column (its header says so: 企業, 投資先,
    Investor) that hold one plain name no stage found as a mention: in a table the cell
    is what says it is a company (カラクリ | 20億円 | ジャフコ グループ: no model finds
    カラクリ, a common word to Sudachi).  Not an empty cell (非公開), nor one with a list,
    a figure, markup or a mention in it, nor a term (既存株主, 個人投資家).

    >>> t = find_tables("| 企業 | 調達額 |\\n|---|---|\\n| カラクリ | 20億円 |\\n| 非公開 | 1億円 |\\n")[0]
    >>> [cell.text for cell in unnamed_companies([t], [])]
    ['カラクリ']
    """
    ents = as_ents(ents)
    out = []
    for table in tables:
        columns = table.columns("investor") + table.columns("investee")
        for record in table.records:
            for col in columns:
                cell = record.cells[col] if col < len(record.cells) else None
                if cell and not cell.empty and cell.plain == cell.text and len(cell.text) <= 40 \
                        and not _LIST_OR_PROSE.search(cell.text) and not ents_in(cell, ents) \
                        and not _a_term(cell.text):
                    out.append(cell)
    return sorted(out, key=attrgetter("start"))


def table_rows(tables: list[Table], ents, doc_id: str) -> list[dict]:
    """One ``tables.csv`` row per cell as written, header cells included (their
    ``header`` is empty); a repaired cell shows the header it was read under."""
    ents = as_ents(ents)
    rows = []
    for table in tables:
        place = {id(cell): (record, i) for record in table.records
                 for i, cell in enumerate(record.cells) if cell}
        for cell in dict.fromkeys(c for row in table.rows for c in row):  # spans once
            record, col = place.get(id(cell), (None, None))
            amount = cell_amount(table, col, cell) if record else None
            rows.append(dict(zip(COLUMNS["tables"], (
                doc_id, table.index, cell.row, cell.col,
                table.header_text(col) if record else None, cell.text, cell.start, cell.end,
                amount.currency if amount else None,
                *(format_decimal(getattr(amount, f)) if amount else None
                  for f in ("value", "low", "high")),
                amount.qualifier if amount else None,
                "; ".join(f"{e.label}:{e.canonical or e.text}" for e in ents_in(cell, ents)),
                record.note if record else None))))
    return rows
