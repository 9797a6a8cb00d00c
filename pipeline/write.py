"""write: the only stage that touches the output folder.

Rows are streamed to disk article by article (memory stays flat however big
the corpus) into temporary files beside the targets; :meth:`Writer.close`
renames them into place, so a crash or Ctrl-C never leaves a half-written
file that looks complete (the previous outputs, if any, stay intact).

Formats: CSV (UTF-8, the contract) and Parquet (same columns; integer
columns typed as integers, everything else as strings so decimal values stay
exact).  The same input always gives byte-identical files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .records import Result, make_frame
from .schema import COLUMNS, INT_COLUMNS

FORMATS = ("csv", "parquet")
# Rows buffered per file before they are written: one DataFrame per article would cost
# more than the extraction itself; a Parquet row group per flush.
FLUSH_ROWS = 20_000


class _Sink:
    """Buffers one file's rows and writes them in batches of :data:`FLUSH_ROWS`."""

    def __init__(self, path: Path, name: str) -> None:
        self.name = name
        self.rows: list[dict] = []

    def write(self, rows: list[dict]) -> None:
        self.rows += rows
        if len(self.rows) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self._write(make_frame(self.name, self.rows))
        self.rows = []


class _CsvSink(_Sink):
    def __init__(self, path: Path, name: str) -> None:
        super().__init__(path, name)
        self.f = open(path, "w", encoding="utf-8", newline="")
        self.f.write(",".join(COLUMNS[name]) + "\n")

    def _write(self, frame: pd.DataFrame) -> None:
        frame.to_csv(self.f, header=False, index=False, lineterminator="\n")

    def close(self) -> None:
        self.flush()
        self.f.close()


class _ParquetSink(_Sink):
    def __init__(self, path: Path, name: str) -> None:
        super().__init__(path, name)
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self.schema = pa.schema([(c, pa.int64() if c in INT_COLUMNS else pa.string())
                                 for c in COLUMNS[name]])
        self.writer = pq.ParquetWriter(path, self.schema)

    def _write(self, frame: pd.DataFrame) -> None:
        for col in frame.columns:
            if col not in INT_COLUMNS:
                frame[col] = frame[col].map(lambda v: None if v is None or v != v else str(v))
        self.writer.write_table(self._pa.Table.from_pandas(frame, schema=self.schema,
                                                           preserve_index=False))

    def close(self) -> None:
        self.flush()
        self.writer.close()


class Writer:
    """Append :class:`Result` rows to ``<out>/<name>.<fmt>`` for each name in ``names``."""

    def __init__(self, out_dir: str | os.PathLike, names, fmt: str = "csv") -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        sink = _CsvSink if fmt == "csv" else _ParquetSink
        self._tmp = {n: self.out_dir / f".{n}.{fmt}.tmp-{os.getpid()}" for n in names}
        self._sinks = {n: sink(p, n) for n, p in self._tmp.items()}

    def write(self, result: Result) -> None:
        for name, sink in self._sinks.items():
            sink.write(result.rows(name))

    def close(self) -> list[Path]:
        """Flush and move every file into place; returns the final paths."""
        final = []
        for name, sink in self._sinks.items():
            sink.close()
            target = self.out_dir / f"{name}.{self.fmt}"
            os.replace(self._tmp[name], target)
            final.append(target)
        return final

    def abort(self) -> None:
        """Drop the temporary files (the previous outputs, if any, stay intact)."""
        for name, sink in self._sinks.items():
            sink.close()
            self._tmp[name].unlink(missing_ok=True)

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, exc_type, *_) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
