"""cli: a thin click layer over :mod:`pipeline.run`.

Exit status: 0 all articles processed cleanly, 1 some articles or parts had
problems (listed in problems.csv), 2 usage error.
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal, InvalidOperation

import click
from rich.console import Console

from .extract import Options
from .inspect import print_inspect
from .nlp import NER_MODELS
from .report import write_report
from .run import ENGINES
from .run import run as run_corpus
from .schema import LABELS
from .write import FORMATS

# Runs of fewer articles finish before a bar would be worth drawing.
PROGRESS_MIN_ARTICLES = 5
REDRAW_SECONDS = 0.1  # ten redraws a second are enough for the eye


class ProgressBar:
    """A rich progress bar on stderr (articles, chars/s, problems so far); drawn only on a
    terminal, for more than a few articles, and never with --quiet."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar = self.task = None
        self.chars = self.problems = 0
        self.drawn = 0.0

    def start(self, total: int) -> None:
        if not self.enabled or total < PROGRESS_MIN_ARTICLES:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )
        self.bar = Progress(TextColumn("articles"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[speed]} chars/s"),
                            TextColumn("problems: {task.fields[problems]}"),
                            TimeElapsedColumn(), console=Console(stderr=True), transient=True,
                            # No refresh thread: --jobs forks its workers only while no
                            # other thread runs (see run._start_method); advance() draws.
                            auto_refresh=False)
        self.task = self.bar.add_task("run", total=total, speed="-", problems=0)
        self.bar.start()

    def advance(self, result) -> None:
        if self.bar is None:
            return
        self.chars += sum(d.chars for d in result.documents)
        self.problems += len(result.problems)
        elapsed = self.bar.tasks[0].elapsed or 1e-9
        self.bar.update(self.task, advance=1, speed=f"{self.chars / elapsed:,.0f}",
                        problems=self.problems)
        if time.monotonic() - self.drawn >= REDRAW_SECONDS:
            self.bar.refresh()
            self.drawn = time.monotonic()

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *_) -> None:
        if self.bar is not None:
            self.bar.stop()


def _fx_rate(ctx, param, value):
    """--fx-rate USDJPY=150.5 -> Decimal('150.5') (JPY per USD)."""
    if value is None:
        return None
    pair, _, rate = value.partition("=")
    if pair.upper() != "USDJPY" or not rate:
        raise click.BadParameter("expected USDJPY=RATE, e.g. USDJPY=150.5")
    try:
        return Decimal(rate)
    except InvalidOperation:
        raise click.BadParameter(f"{rate!r} is not a number") from None


@click.group()
@click.version_option(package_name="jnews")
def cli():
    """Japanese business and tech news -> companies, people, amounts and deals as CSV."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", default="outputs", show_default=True, type=click.Path(),
              help="Folder for the CSV files.")
@click.option("--tokens", is_flag=True, help="Also write tokens.csv (surface, POS, lemma, ...).")
@click.option("--encoding", metavar="CODEC",
              help="Decode every article with this codec (e.g. latin-1, euc_kr); "
                   "default: detect UTF-8, Shift_JIS/CP932, EUC-JP, UTF-16.")
@click.option("--fast", is_flag=True, help="Entities from rules only, without the statistical "
                                           "NER: many times faster, lower recall (README).")
@click.option("--ner", type=click.Choice(list(NER_MODELS)), default="e5", show_default=True,
              help="The statistical NER: e5 (multilingual-e5-small, most accurate) or cnn "
                   "(spaCy CNNs: several times faster, lower recall; README).")
@click.option("--fx-date", help="Date (YYYY-MM-DD) whose USD/JPY rate converts amounts; "
                                "default: each article's own date.")
@click.option("--fx-rate", callback=_fx_rate, metavar="USDJPY=RATE",
              help="Use this rate for every conversion.")
@click.option("--fx-file", type=click.Path(exists=True, dir_okay=False),
              help="Your own rates file (same format as the packaged one).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1),
              help="Worker processes (with --engine dask: LocalCluster workers).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="local: this machine; dask: a Dask cluster (needs jnews[dask]).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (default: a LocalCluster on this machine).")
@click.option("--max-mb", default=Options.max_mb, show_default=True, type=click.FloatRange(0),
              help="Skip (and report) an article file larger than this.")
@click.option("--max-seconds", default=Options.max_seconds, show_default=True,
              type=click.FloatRange(0), help="Skip (and report) an article that takes longer; "
                                             "0 for no limit.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True,
              help="Output file format.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def run(inputs, out_dir, tokens, encoding, fast, ner, fx_date, fx_rate, fx_file, jobs, engine, scheduler, max_mb,
        max_seconds, fmt, quiet):
    """Process ARTICLES (files, or folders searched for .txt .md .markdown .html)."""
    options = Options(fx_date=fx_date, fx_rate=fx_rate, fx_file=fx_file, tokens=tokens, fast=fast,
                      ner=ner, encoding=encoding,
                      max_mb=max_mb, max_seconds=max_seconds)
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    try:
        with ProgressBar(enabled=not quiet) as progress:
            summary = run_corpus(inputs, out_dir, options, jobs=jobs, engine=engine,
                                 scheduler=scheduler, fmt=fmt, progress=progress)
    except ModuleNotFoundError as exc:
        raise click.UsageError(f"{exc}; install it with: pip install 'jnews[dask]'") from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if not quiet:
        counts = ", ".join(f"{label} {summary.entities.get(label, 0)}" for label in LABELS)
        click.echo(f"documents: {summary.documents}")
        click.echo(f"entities: {counts}")
        click.echo(f"amounts: {summary.amounts}")
        click.echo(f"deals: {summary.deals}")
        verdicts = ", ".join(f"{v} {n}" for v, n in sorted(summary.verdicts.items()))
        click.echo(f"check: {verdicts or 'no table deals'}")
        click.echo(f"problems: {len(summary.problems)}")
        click.echo(f"written to: {out_dir}")
    for p in summary.problems:
        click.echo(f"{p.path or p.doc_id}: [{p.stage}] {p.message}", err=True)
    sys.exit(1 if summary.problems else 0)


@cli.command("inspect")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--doc", metavar="ID", help="Only this document (its id, or a prefix of ids).")
@click.option("--label", metavar="LABEL", help="Only entities with this label (ORG, PERSON, MONEY).")
@click.option("--min-usd", metavar="N",
              help="Only amounts, MONEY entities, deals and verdicts worth at least N US dollars.")
def inspect_command(out_dir, doc, label, min_usd):
    """Show OUT_DIR's entities, amounts, deals and check verdicts as tables."""
    try:
        print_inspect(out_dir, doc=doc, label=label, min_usd=min_usd)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


@cli.command("report")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Where to write the page  [default: OUT_DIR/report.html]")
def report_command(out_dir, output):
    """Write one HTML page of OUT_DIR: articles with highlighted records, tables with
    their check verdicts, and a chart of the largest deals."""
    try:
        path = write_report(out_dir, output)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"written to: {path}")


def main() -> None:
    cli(prog_name="jnews")
