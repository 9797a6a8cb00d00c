"""Helpers shared by the test modules."""

from pathlib import Path

from pipeline.run import run


def run_articles(base: Path, articles: dict[str, str], *extra: Path) -> Path:
    """Write ``articles`` (file name -> text) under ``base``, run the pipeline on them and
    on ``extra`` inputs, and return the output folder."""
    folder = base / "articles"
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = base / "out"
    run([str(folder), *map(str, extra)], out)
    return out
