"""write: formats, atomic replacement, determinism."""

import importlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.run import run
from pipeline.schema import ALWAYS_WRITTEN

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_parquet_holds_the_same_records_as_csv(tmp_path):
    run([CORPUS], tmp_path / "csv")
    run([CORPUS], tmp_path / "pq", fmt="parquet")
    for name in ALWAYS_WRITTEN:
        csv = pd.read_csv(tmp_path / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)
        pq = pd.read_parquet(tmp_path / "pq" / f"{name}.parquet", dtype_backend="numpy_nullable")
        assert list(pq.columns) == list(csv.columns)
        assert pq.astype(str).replace({"<NA>": ""}).values.tolist() == csv.values.tolist()


def test_rerun_is_byte_identical(tmp_path):
    run([CORPUS], tmp_path / "a")
    run([CORPUS], tmp_path / "b")
    for name in ALWAYS_WRITTEN:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == \
            (tmp_path / "b" / f"{name}.csv").read_bytes()


def test_interrupted_run_leaves_previous_outputs_intact(tmp_path, monkeypatch):
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    out = tmp_path / "out"
    run([src], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    run_module = importlib.import_module("pipeline.run")  # the module, not pipeline.run()
    real = run_module.process_file
    calls = []

    def interrupted(path, options):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the corpus
        return real(path, options)

    monkeypatch.setattr(run_module, "process_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run([src], out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp files left
