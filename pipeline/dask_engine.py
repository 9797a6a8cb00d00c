"""dask_engine: the same run on a Dask cluster (``jnews run --engine dask``).

The corpus is split into chunks of files; each chunk is one task that runs
:func:`pipeline.run.process_file` on a worker (the spaCy pipeline is built
once per worker process and reused by every task it runs).  As each chunk
finishes, the client checkpoints its records in ``OUT/.jnews-parts/`` (no
shared filesystem needed: records come back over the network); then the
records are yielded in input order to the same writer a local run uses, so
the CSV files are byte-identical to a local run's.

A chunk that fails (a worker killed twice, a task error) becomes one
``problems.csv`` row per file of the chunk, and the other chunks complete.
Rerunning the same command skips every chunk whose checkpoint exists; a
chunk's key covers its files (path, size, mtime), the options and the
package version, so a changed article or a new release is processed again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from importlib.metadata import version
from pathlib import Path
from typing import Iterator

from dask.distributed import Client, LocalCluster, as_completed

from .extract import Options
from .records import Problem, Result

PARTS = ".jnews-parts"
FILES_PER_CHUNK = 16


def process_chunk(paths: list[Path], options: Options) -> list[Result]:
    from .run import process_file  # imported on the worker
    return [process_file(p, options) for p in paths]


def chunk_key(paths: list[Path], options: Options) -> str:
    h = hashlib.sha1(f"{version('jnews')}|{options!r}".encode())
    for p in paths:
        try:
            st = os.stat(p)
            h.update(f"|{p}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"|{p}|missing".encode())
    return h.hexdigest()[:20]


def _save(path: Path, results: list[Result]) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(results, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _failed(paths: list[Path], exc: BaseException) -> list[Result]:
    message = f"chunk failed on the cluster ({type(exc).__name__}: {exc}); rerun to retry"
    return [Result(problems=[Problem(Path(p).stem, str(p), "engine", message)]) for p in paths]


def dask_results(files: list[Path], out_dir: Path, options: Options,
                 scheduler: str | None = None, workers: int = 2,
                 files_per_chunk: int | None = None) -> Iterator[Result]:
    """Results in input order, computed on ``scheduler`` (default: a LocalCluster)."""
    files_per_chunk = files_per_chunk or FILES_PER_CHUNK
    chunks = [files[i:i + files_per_chunk] for i in range(0, len(files), files_per_chunk)]
    parts = Path(out_dir) / PARTS
    parts.mkdir(parents=True, exist_ok=True)
    keys = [chunk_key(c, options) for c in chunks]
    todo = [i for i, k in enumerate(keys) if not (parts / f"{k}.pkl").exists()]
    failures: dict[int, list[Result]] = {}
    if todo:
        cluster = None if scheduler else LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        try:
            with Client(scheduler or cluster) as client:
                futures = {client.submit(process_chunk, chunks[i], options,
                                         key=f"jnews-chunk-{keys[i]}", retries=1): i
                           for i in todo}
                for future in as_completed(futures):
                    i = futures[future]
                    try:
                        _save(parts / f"{keys[i]}.pkl", future.result())
                    except Exception as exc:  # noqa: BLE001 - becomes problem rows
                        failures[i] = _failed(chunks[i], exc)
                    future.release()
        finally:
            if cluster is not None:
                cluster.close()
    for i, key in enumerate(keys):
        if i in failures:
            yield from failures[i]
        else:
            with open(parts / f"{key}.pkl", "rb") as f:
                yield from pickle.load(f)
