"""write: the only stage that touches the output folder.

Rows are streamed to disk article by article (memory stays flat however big
the corpus) into temporary files beside the targets; :meth:`Writer.close`
renames them into place, so a crash never leaves a half-written file that
looks complete.
"""

from __future__ import annotations

import os
from pathlib import Path

from .records import Result
from .schema import COLUMNS


class Writer:
    """Append :class:`Result` rows to ``<out>/<name>.csv`` for each name in ``names``."""

    def __init__(self, out_dir: str | os.PathLike, names) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.names = tuple(names)
        self._tmp = {n: self.out_dir / f".{n}.csv.tmp-{os.getpid()}" for n in self.names}
        self._files = {n: open(p, "w", encoding="utf-8", newline="") for n, p in self._tmp.items()}
        for name, f in self._files.items():
            f.write(",".join(COLUMNS[name]) + "\n")

    def write(self, result: Result) -> None:
        for name, f in self._files.items():
            frame = result.frame(name)
            if len(frame):
                frame.to_csv(f, header=False, index=False, lineterminator="\n")

    def close(self) -> list[Path]:
        """Flush and move every file into place; returns the final paths."""
        final = []
        for name, f in self._files.items():
            f.close()
            target = self.out_dir / f"{name}.csv"
            os.replace(self._tmp[name], target)
            final.append(target)
        return final

    def abort(self) -> None:
        """Drop the temporary files (the previous outputs, if any, stay intact)."""
        for name, f in self._files.items():
            f.close()
            self._tmp[name].unlink(missing_ok=True)

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, exc_type, *_) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
