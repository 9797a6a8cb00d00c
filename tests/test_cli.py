"""The CLI end to end: files written, offsets exact, bad input reported, outputs current."""

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.schema import ALWAYS_WRITTEN, COLUMNS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def read(out, name):
    return pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """The README's first command, run from the repository root as a user would."""
    out = tmp_path_factory.mktemp("out")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, ["run", "corpus", "--out", str(out), "--tokens"])
    finally:
        os.chdir(cwd)
    return result, out


def test_run_writes_every_file_with_its_columns(corpus_run):
    result, out = corpus_run
    assert result.exit_code == 0, result.output
    for name in ALWAYS_WRITTEN + ("tokens",):
        assert list(read(out, name).columns) == COLUMNS[name]
    assert "documents: 2" in result.output


def test_every_span_is_the_text_between_its_offsets(corpus_run):
    _, out = corpus_run
    texts = {p.stem: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    for name in ("entities", "amounts", "tokens"):
        frame = read(out, name)
        assert len(frame) > 0, name
        text_col = "surface" if name == "tokens" else "text"
        for row in frame.itertuples():
            assert texts[row.doc_id][int(row.start):int(row.end)] == getattr(row, text_col)


def test_documents_record(corpus_run):
    _, out = corpus_run
    docs = read(out, "documents").set_index("doc_id")
    fm = docs.loc["003_437ff278181682f5"]
    assert fm.title.startswith("AmazonがOpenAIへ500億ドル")
    assert fm.published.startswith("2026-01-30")
    assert int(fm.chars) == len((CORPUS / "003_437ff278181682f5.txt").read_text("utf-8"))
    assert int(fm.tokens) > 500 and int(fm.sentences) > 20


def test_links_and_html_attributes_are_not_annotated(corpus_run):
    _, out = corpus_run
    ents = read(out, "entities")
    text = (CORPUS / "003_437ff278181682f5.txt").read_text("utf-8")
    url_start = text.index("https://www.amazon.co.jp")
    assert not any(int(s) >= url_start and int(s) < url_start + 100
                   for s in ents[ents.doc_id == "003_437ff278181682f5"].start)


def test_bad_files_are_problems_and_the_run_completes(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (src / "latin1.txt").write_bytes("café \xff\xfe".encode("latin-1") + b"\xff\x80\x81")
    (src / "sjis.md").write_bytes("楽天グループは約100億円を調達した。".encode("cp932"))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(src), str(tmp_path / "missing.txt"),
                                      "--out", str(out)])
    assert result.exit_code == 1
    problems = read(out, "problems").set_index("doc_id")
    assert set(problems.index) == {"empty", "binary", "latin1", "missing"}
    assert "empty" in problems.loc["empty", "message"]
    assert "binary" in problems.loc["binary", "message"]
    assert "not UTF-8" in problems.loc["latin1", "message"]
    assert "pass --encoding" in problems.loc["latin1", "message"]  # suggests the fix
    assert "not found" in problems.loc["missing", "message"]
    docs = read(out, "documents")
    assert set(docs.doc_id) == {"000_de486f3b15274958", "003_437ff278181682f5", "sjis"}
    amounts = read(out, "amounts")
    assert amounts[amounts.doc_id == "sjis"][["text", "value", "qualifier"]].values.tolist() \
        == [["100億円", "10000000000", "approx"]]
    assert "empty.txt" in result.output  # the error names the file


def test_output_inside_input_is_a_usage_error(tmp_path):
    shutil.copytree(CORPUS, tmp_path / "in")
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "in"), "--out",
                                      str(tmp_path / "in" / "out")])
    assert result.exit_code == 2 and "inside the input folder" in result.output


def test_output_on_an_input_file_is_a_usage_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("本文。", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(article), "--out", str(article)])
    assert result.exit_code == 2 and "is a file" in result.output
    assert article.read_text(encoding="utf-8") == "本文。"  # the input is untouched


def test_fx_rate_option_is_validated(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(CORPUS), "--out", str(tmp_path),
                                      "--fx-rate", "EURJPY=160"])
    assert result.exit_code == 2 and "USDJPY=RATE" in result.output


@pytest.mark.parametrize("ner", ["cnn", "e5"])
def test_either_shipped_ner_runs(tmp_path, ner):
    article = CORPUS / "003_437ff278181682f5.txt"
    result = CliRunner().invoke(cli, ["run", str(article), "--out", str(tmp_path), "--ner", ner, "--quiet"])
    assert result.exit_code == 0, result.output
    orgs = set(read(tmp_path, "entities").query("label == 'ORG'")["canonical"])
    assert {"Amazon", "OpenAI"} <= orgs


def test_an_unknown_ner_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(CORPUS), "--out", str(tmp_path), "--ner", "bert"])
    assert result.exit_code == 2 and "'e5'" in result.output


def test_committed_outputs_are_current(corpus_run):
    """outputs/ must be what the README's first command writes from corpus/."""
    _, out = corpus_run
    for name in ALWAYS_WRITTEN:
        committed = ROOT / "outputs" / f"{name}.csv"
        assert committed.read_bytes() == (out / f"{name}.csv").read_bytes(), (
            f"outputs/{name}.csv is stale: run `jnews run corpus --out outputs`")


def test_python_dash_m_is_the_same_command(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(CORPUS / "003_437ff278181682f5.txt"),
                           "--out", str(tmp_path), "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "entities.csv").exists()


@pytest.mark.parametrize("args, rate, source", [
    (["--fx-rate", "USDJPY=100"], "100", "override"),
    (["--fx-date", "2020-06-01"], "106.8", "table"),
])
def test_fx_options_reach_the_records(tmp_path, args, rate, source):
    article = CORPUS / "000_de486f3b15274958.txt"  # no date, no rate of its own
    result = CliRunner().invoke(cli, ["run", str(article), "--out", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    first = read(tmp_path, "amounts").iloc[0]
    assert (first.text, first.fx_rate, first.fx_source) == ("500億ドル", rate, source)
    assert Decimal(first.jpy) == Decimal(first.usd) * Decimal(rate)


def test_encoding_option_reads_what_detection_cannot(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "cp1252.txt").write_bytes("Société Générale invested €2 billion.".encode("cp1252"))
    result = CliRunner().invoke(cli, ["run", str(src), "--out", str(tmp_path / "a")])
    assert result.exit_code == 1
    result = CliRunner().invoke(cli, ["run", str(src), "--out", str(tmp_path / "b"),
                                      "--encoding", "cp1252"])
    assert result.exit_code == 0, result.output
    amounts = read(tmp_path / "b", "amounts")
    assert amounts[["text", "currency", "value"]].values.tolist() == [["€2 billion", "EUR", "2000000000"]]


def test_progress_bar_runs_no_thread_so_jobs_can_fork(monkeypatch):
    """rich's auto-refresh thread would make --jobs fall back to the slower spawn."""
    import importlib
    import threading

    from pipeline.cli import ProgressBar

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    before = threading.active_count()
    with ProgressBar() as bar:
        bar.start(total=10)
        assert bar.bar is not None  # drawn: a terminal, enough articles
        assert threading.active_count() == before
        assert importlib.import_module("pipeline.run")._start_method() == (
            "fork" if sys.platform.startswith("linux") and before == 1 else "spawn")
