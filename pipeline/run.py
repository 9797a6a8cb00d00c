"""run: map "one article -> records" over a corpus and stream them to the writer.

No article can stop the run: an unreadable file or a failure inside the
pipeline becomes a row of ``problems.csv`` and the next article goes on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .extract import Options, extract_article
from .ingest import IngestError, find_inputs, read_article
from .records import Problem, Result
from .schema import ALWAYS_WRITTEN
from .write import Writer


@dataclass
class Summary:
    documents: int = 0
    entities: Counter = field(default_factory=Counter)
    amounts: int = 0
    problems: list = field(default_factory=list)
    outputs: list = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.documents += len(result.documents)
        self.entities.update(e.label for e in result.entities)
        self.amounts += len(result.amounts)
        self.problems += result.problems


def process_file(path: Path, options: Options) -> Result:
    """Records for one file; every failure is a Problem row, never an exception."""
    doc_id = path.stem
    try:
        article = read_article(path)
    except IngestError as exc:
        return Result(problems=[Problem(doc_id, str(path), "ingest", str(exc))])
    try:
        return extract_article(article, options)
    except Exception as exc:  # noqa: BLE001 - one article never kills the run
        return Result(problems=[Problem(doc_id, str(path), "extract",
                                        f"{type(exc).__name__}: {exc}")])


def check_output_dir(inputs, out_dir: Path) -> None:
    """Refuse an output folder that is an input folder or inside one (we would read our own
    output back on the next run, or overwrite an article)."""
    out = out_dir.resolve()
    for raw in inputs:
        p = Path(raw).resolve()
        if p.is_dir() and (out == p or p in out.parents):
            raise ValueError(f"output folder {out_dir} is inside the input folder {raw}; "
                             "choose another --out")


def run(inputs, out_dir, options: Options = Options(), progress=None) -> Summary:
    """Process every article under ``inputs`` into CSV files in ``out_dir``."""
    out_dir = Path(out_dir)
    check_output_dir(inputs, out_dir)
    files, missing = find_inputs(inputs)
    names = ALWAYS_WRITTEN + (("tokens",) if options.tokens else ())
    summary = Summary()
    with Writer(out_dir, names) as writer:
        for path, message in missing:
            result = Result(problems=[Problem(Path(path).stem, path, "ingest", message)])
            writer.write(result)
            summary.add(result)
        for path in files:
            result = process_file(path, options)
            writer.write(result)
            summary.add(result)
            if progress:
                progress(path, result)
    summary.outputs = [out_dir / f"{name}.csv" for name in names]
    return summary
