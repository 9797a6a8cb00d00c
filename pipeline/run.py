"""run: map "one article -> records" over a corpus and stream them to the writer.

Engines: ``local`` (this process, or ``jobs`` worker processes) and ``dask``
(see :mod:`pipeline.dask_engine`).  Every engine yields the same records in
the same order (input order), so outputs are byte-identical whichever ran.

No article can stop the run: an unreadable file or a failure inside the
pipeline becomes a row of ``problems.csv`` and the next article goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Iterator, Protocol

from .extract import Options, extract_article
from .ingest import IngestError, find_inputs, read_article
from .nlp import one_thread
from .records import Problem, Result
from .schema import ALWAYS_WRITTEN
from .write import Writer

ENGINES = ("local", "dask")


@dataclass
class Summary:
    documents: int = 0
    entities: Counter = field(default_factory=Counter)
    amounts: int = 0
    deals: int = 0
    verdicts: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.documents += len(result.documents)
        self.entities.update(e.label for e in result.entities)
        self.amounts += len(result.amounts)
        self.deals += len(result.deals)
        self.verdicts.update(v.verdict for v in result.check)
        self.problems += result.problems


class ArticleTimeout(BaseException):
    """Not an Exception: the stages' ``except Exception`` (a failed chunk is reported and
    the article goes on) must not swallow it, or the limit would stop one chunk only."""


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`ArticleTimeout` after ``seconds`` (main thread only: signals are
    delivered there; elsewhere, e.g. in a threaded Dask worker, there is no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_file(path: Path, options: Options = Options()) -> Result:  # noqa: B008 - frozen
    """Records for one file; every failure is a Problem row, never an exception."""
    doc_id = Path(path).stem

    def problem(stage: str, message: str) -> Result:
        return Result(problems=[Problem(doc_id, str(path), stage, message)])

    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # read_article reports the file as missing or unreadable
    if size > options.max_mb * 1e6:
        return problem("ingest", f"article is {size / 1e6:.1f} MB, over the {options.max_mb:g} MB "
                                 "limit; skipped (raise it with --max-mb)")
    try:
        article = read_article(path, options.encoding)
    except IngestError as exc:
        return problem("ingest", str(exc))
    try:
        with time_limit(options.max_seconds):
            return extract_article(article, options)
    except ArticleTimeout:
        return problem("extract", f"took longer than {options.max_seconds:g} s; skipped "
                                  "(raise the limit with --max-seconds)")
    except Exception as exc:  # noqa: BLE001 - one article never kills the run
        return problem("extract", f"{type(exc).__name__}: {exc}")


def _start_method() -> str:
    """fork on Linux while no other Python thread runs: workers inherit the imported
    modules instead of importing spaCy and pandas again (~0.7 s each, a tenth of an
    8 MB run) and build their pipeline on first use.  spawn elsewhere (fork is unsafe
    on macOS, and with threads running)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def local_results(files: list[Path], options: Options, jobs: int = 1) -> Iterator[Result]:
    """Results in input order, from this process or from ``jobs`` worker processes."""
    if jobs <= 1 or len(files) < 2:
        for path in files:
            yield process_file(path, options)
        return
    # imap keeps input order, so output is deterministic.  Small batches of articles:
    # the last batch runs alone on one core (16 cost 3% on a 4 MB corpus).
    with multiprocessing.get_context(_start_method()).Pool(jobs, initializer=one_thread) as pool:
        yield from pool.imap(partial(process_file, options=options), files, chunksize=4)


def check_output_dir(inputs, out_dir: Path) -> None:
    """Refuse an output folder that is an input folder or inside one (we would read our own
    output back on the next run, or overwrite an article)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"--out {out_dir} is a file, not a folder; choose a folder")
    out = out_dir.resolve()
    for raw in inputs:
        p = Path(raw).resolve()
        if p.is_dir() and (out == p or p in out.parents):
            raise ValueError(f"output folder {out_dir} is inside the input folder {raw}; "
                             "choose another --out")


def output_names(options: Options) -> tuple[str, ...]:
    return ALWAYS_WRITTEN + (("tokens",) if options.tokens else ())


class Progress(Protocol):
    """What :func:`run` reports to (the CLI's progress bar, for one)."""
    def start(self, total: int) -> None: ...
    def advance(self, result: Result) -> None: ...


def run(inputs, out_dir, options: Options = Options(), jobs: int = 1,  # noqa: B008 - frozen
        engine: str = "local",
        scheduler: str | None = None, fmt: str = "csv",
        progress: Progress | None = None) -> Summary:
    """Process every article under ``inputs`` into CSV (or Parquet) files in ``out_dir``."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    out_dir = Path(out_dir)
    check_output_dir(inputs, out_dir)
    files, missing = find_inputs(inputs)
    names = output_names(options)
    if engine == "dask":
        from .dask_engine import dask_results  # Dask is needed only for this engine
        results = dask_results(files, out_dir, options, scheduler=scheduler,
                               workers=max(jobs, 1))
    else:
        results = local_results(files, options, jobs)
    summary = Summary()
    if progress:
        progress.start(len(files) + len(missing))
    with Writer(out_dir, names, fmt) as writer:
        missing_results = (Result(problems=[Problem(Path(p).stem, p, "ingest", message)])
                           for p, message in missing)
        for result in chain(missing_results, results):
            writer.write(result)
            summary.add(result)
            if progress:
                progress.advance(result)
    return summary
