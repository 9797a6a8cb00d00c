"""cli: a thin click layer over :mod:`pipeline.run`.

Exit status: 0 all articles processed cleanly, 1 some articles or parts had
problems (listed in problems.csv), 2 usage error.
"""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation

import click

from .extract import Options
from .run import ENGINES
from .run import run as run_corpus
from .schema import LABELS


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
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def run(inputs, out_dir, tokens, fx_date, fx_rate, fx_file, jobs, engine, scheduler, quiet):
    """Process ARTICLES (files, or folders searched for .txt .md .markdown .html)."""
    options = Options(fx_date=fx_date, fx_rate=fx_rate, fx_file=fx_file, tokens=tokens)
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    try:
        summary = run_corpus(inputs, out_dir, options, jobs=jobs, engine=engine,
                             scheduler=scheduler)
    except ModuleNotFoundError as exc:
        raise click.UsageError(f"{exc}; install it with: pip install 'jnews[dask]'") from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if not quiet:
        counts = ", ".join(f"{label} {summary.entities.get(label, 0)}" for label in LABELS)
        click.echo(f"documents: {summary.documents}")
        click.echo(f"entities: {counts}")
        click.echo(f"amounts: {summary.amounts}")
        click.echo(f"problems: {len(summary.problems)}")
        click.echo(f"written to: {out_dir}")
    for p in summary.problems:
        click.echo(f"{p.path or p.doc_id}: [{p.stage}] {p.message}", err=True)
    sys.exit(1 if summary.problems else 0)


def main() -> None:
    cli(prog_name="jnews")
