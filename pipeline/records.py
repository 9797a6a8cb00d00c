"""records: plain dataclasses for every output row, and their DataFrames.

Nothing here knows spaCy; :mod:`pipeline.extract` fills these from Docs.
Every record type's fields are exactly the columns of ``schema.COLUMNS``.
Decimal values stay ``Decimal`` until a row is made, then become plain
decimal strings (no exponent, no float rounding).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import lru_cache

import pandas as pd

from .money import format_decimal
from .schema import COLUMNS, INT_COLUMNS


@dataclass
class DocumentRecord:
    doc_id: str
    path: str
    title: str | None
    published: str | None
    language: str
    encoding: str
    chars: int
    tokens: int
    sentences: int


@dataclass
class EntityRecord:
    doc_id: str
    start: int
    end: int
    label: str
    text: str
    canonical: str | None
    sentence: str


@dataclass
class AmountRecord:
    doc_id: str
    start: int
    end: int
    text: str
    currency: str | None
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    sentence: str
    usd: Decimal | None = None
    jpy: Decimal | None = None
    fx_rate: Decimal | None = None
    fx_source: str | None = None


@dataclass
class Problem:
    doc_id: str
    path: str
    stage: str
    message: str


@dataclass
class TokenRecord:
    doc_id: str
    start: int
    end: int
    surface: str
    pos: str
    tag: str
    lemma: str
    reading: str
    norm: str


RECORD_TYPES = {
    "documents": DocumentRecord,
    "entities": EntityRecord,
    "amounts": AmountRecord,
    "problems": Problem,
    "tokens": TokenRecord,
}

for _name, _cls in RECORD_TYPES.items():  # one definition of the columns: fail at import
    assert [f.name for f in fields(_cls)] == COLUMNS[_name], _name


def to_row(record) -> dict:
    """A record (dataclass or dict) as a CSV row: Decimals as plain strings."""
    if isinstance(record, dict):
        row = record
    elif hasattr(record, "to_row"):
        row = record.to_row()
    else:  # not dataclasses.asdict: it deep-copies every value, on every record
        row = {name: getattr(record, name) for name in _field_names(type(record))}
    return {k: format_decimal(v) if isinstance(v, Decimal) else v for k, v in row.items()}


@lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def make_frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """The DataFrame of ``name``'s rows, with its published columns in order."""
    frame = pd.DataFrame(rows, columns=COLUMNS[name])
    # Nullable integers: a missing offset must not turn the column into floats ("1.0").
    for col in INT_COLUMNS.intersection(frame.columns):
        frame[col] = frame[col].astype("Int64")
    return frame


class Records(list):
    """A list of one kind of record that knows its columns: ``.to_frame()``."""

    def __init__(self, name: str, items=()) -> None:
        super().__init__(items)
        self.name = name

    def to_frame(self) -> pd.DataFrame:
        return make_frame(self.name, [to_row(r) for r in self])


def _records(name: str):
    return field(default_factory=lambda: Records(name))


@dataclass
class Result:
    """Everything extracted from one or more articles; ``result.entities.to_frame()`` (or
    ``result.frame("entities")``) gives a DataFrame with the published columns."""
    documents: Records = _records("documents")
    entities: Records = _records("entities")
    amounts: Records = _records("amounts")
    tables: Records = _records("tables")
    deals: Records = _records("deals")
    check: Records = _records("check")
    problems: Records = _records("problems")
    tokens: Records = _records("tokens")

    def __post_init__(self) -> None:
        for f in fields(self):  # Result(problems=[...]) with a plain list is fine too
            value = getattr(self, f.name)
            if not isinstance(value, Records):
                setattr(self, f.name, Records(f.name, value))

    def rows(self, name: str) -> list[dict]:
        return [to_row(r) for r in getattr(self, name)]

    def frame(self, name: str) -> pd.DataFrame:
        return make_frame(name, self.rows(name))
