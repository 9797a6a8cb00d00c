"""Every engine writes the same bytes: --jobs 1, --jobs 2 and a Dask LocalCluster."""

import importlib
import shutil
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from dask.distributed import LocalCluster

from pipeline import dask_engine
from pipeline.extract import Options
from pipeline.run import run

run_module = importlib.import_module("pipeline.run")  # the package exports the function `run`

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("documents", "entities", "amounts", "problems")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed articles, a few short ones of our own, and one bad file."""
    src = tmp_path_factory.mktemp("in")
    for p in (ROOT / "corpus").glob("*.txt"):
        shutil.copy(p, src)
    for i, text in enumerate(["楽天グループは約100億円を調達した。",
                              "ソニーグループの吉田憲一郎会長は語った。",
                              "Google invested $2 billion in Anthropic."]):
        (src / f"short{i}.md").write_text(text, encoding="utf-8")
    (src / "broken.txt").write_bytes(b"\x00\x01binary")
    return src


def outputs(out):
    return {n: (out / f"{n}.csv").read_bytes() for n in NAMES}


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    run([corpus], out)
    return outputs(out)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_jobs_two_is_byte_identical(corpus, local, tmp_path, monkeypatch, method):
    monkeypatch.setattr(run_module, "_start_method", lambda: method)
    run([corpus], tmp_path, jobs=2)
    assert outputs(tmp_path) == local


def test_workers_are_not_forked_while_a_thread_runs():
    """A forked child gets a copy of every lock a running thread may hold: spawn then."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert run_module._start_method() == "spawn"
    finally:
        stop.set()
        thread.join()
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        assert run_module._start_method() == "fork"  # inherits the imports: faster start


def test_dask_local_cluster_is_byte_identical_and_resumes(corpus, local, tmp_path, monkeypatch):
    monkeypatch.setattr(dask_engine, "FILES_PER_CHUNK", 2)
    summary = run([corpus], tmp_path, engine="dask", jobs=2)
    assert outputs(tmp_path) == local
    assert summary.documents == 5 and len(summary.problems) == 1
    parts = sorted((tmp_path / dask_engine.PARTS).glob("*.pkl"))
    assert len(parts) == 3  # 6 files in chunks of 2

    # A rerun recomputes nothing: every chunk's checkpoint is reused.
    monkeypatch.setattr(dask_engine, "LocalCluster", None)  # would fail if a cluster started
    run([corpus], tmp_path, engine="dask")
    assert outputs(tmp_path) == local


def test_failed_chunk_is_reported_and_the_rest_completes(corpus, tmp_path, monkeypatch):
    real = dask_engine.process_chunk

    def flaky(paths, options):
        if any(p.name == "short1.md" for p in paths):
            raise RuntimeError("worker lost")
        return real(paths, options)

    monkeypatch.setattr(dask_engine, "process_chunk", flaky)
    monkeypatch.setattr(dask_engine, "FILES_PER_CHUNK", 2)
    # Threads in this process, so the patched task is the one the workers run.
    with LocalCluster(n_workers=1, processes=False, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        run([corpus], tmp_path, engine="dask", scheduler=cluster.scheduler_address)
    problems = pd.read_csv(tmp_path / "problems.csv")
    engine = problems[problems.stage == "engine"]
    assert sorted(engine.doc_id) == ["short1", "short2"]  # the failed chunk of two files
    assert engine.message.str.contains("worker lost").all()
    docs = pd.read_csv(tmp_path / "documents.csv")
    assert sorted(docs.doc_id) == ["000_de486f3b15274958", "003_437ff278181682f5", "short0"]


def test_options_are_part_of_the_chunk_key(corpus):
    files = sorted(corpus.iterdir())[:2]
    assert dask_engine.chunk_key(files, Options()) != dask_engine.chunk_key(
        files, Options(tokens=True))
