"""The worker pool. Its one entry point, `run`, applies a handler to many files, in forked processes
when there are enough of them to pay for the fork.

A job is a file's path, with its bytes and blob id when the caller already has them; a worker reads
and hashes the others itself (taking the file's stamp before the read). `run` yields, in job order,
the path, the blob id, the stamp (None when the caller read the file) and what the handler returned.
The handler is passed in, never imported: the pool is the bottom of the loading path and knows
nothing of YAML, schemas or rules.

Workers die with the process that forked them: on Linux the kernel kills them (PR_SET_PDEATHSIG),
elsewhere a thread in each worker watches the parent's pid. A killed command leaves no worker
holding its pipes or the cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from shenguan.catalog.worktree import Source
from shenguan.nogc import paused
from shenguan.yamlio.digests import blob_id

PARALLEL_MIN_FILES = 150
Progress = Callable[[int, int], None]
# (rel, bytes or None, blob or None): workers read and hash what the caller did not.
Job = tuple[str, bytes | None, str | None]
# What run yields per job: (rel, blob, stamp taken before a worker's read or None, result).
Done = tuple[str, str, Any, Any]
Handler = Callable[[str, bytes], Any]

__all__ = ["PARALLEL_MIN_FILES", "Done", "Handler", "Job", "Progress", "run"]

_STATE: dict[str, Any] = {}  # what forked workers inherit: the source and the job's handler


def run(
    source: Source,
    jobs: list[Job],
    handle: Handler,
    workers: int | None,
    progress: Progress | None = None,
    before_fork: Callable[[], None] | None = None,
) -> Iterator[Done]:
    """(rel, blob, stamp, handle(rel, raw)) for every job, in order, as they are done. Workers read
    working-tree files themselves; a source that cannot be shared with a child process is read here
    first. `before_fork` prepares what every worker needs once, so that they inherit it."""
    import multiprocessing

    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    parallel = (
        count > 1
        and len(jobs) >= PARALLEL_MIN_FILES
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if parallel and not getattr(source, "shareable", False):
        jobs = [
            (rel, raw if raw is not None else source.read(rel), blob) for rel, raw, blob in jobs
        ]
    _STATE.update(source=source, handle=handle)
    try:
        if parallel:
            if before_fork is not None:
                before_fork()
            yield from _in_pool(jobs, count, progress)
            return
        for i in range(0, len(jobs), 200):
            yield from _work(jobs[i : i + 200])
            if progress:
                progress(min(i + 200, len(jobs)), len(jobs))
    finally:
        _STATE.clear()


def _in_pool(jobs: list[Job], count: int, progress: Progress | None) -> Iterator[Done]:
    import concurrent.futures
    import multiprocessing

    size = max(50, min(500, len(jobs) // (count * 4)))
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    done = 0
    with concurrent.futures.ProcessPoolExecutor(
        count,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        for batch in pool.map(_work, batches):
            yield from batch
            done += len(batch)
            if progress:
                progress(done, len(jobs))


def _work(batch: list[Job]) -> list[Done]:
    source, handle = _STATE["source"], _STATE["handle"]
    stamp_of = getattr(source, "stamp", None)
    with paused():  # bulk loads allocate many small objects that are never cyclic
        out = []
        for rel, raw, blob in batch:
            stamp = None
            if raw is None:  # read here: hashed here, the stamp taken before the read (see cache)
                stamp = stamp_of(rel) if stamp_of is not None else None
                raw, blob = source.read(rel), None
            blob = blob or blob_id(raw)
            out.append((rel, blob, stamp, handle(rel, raw)))
        return out


# -- workers die with their parent

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def _die_with_parent(parent: int) -> None:
    """In a new worker: exit when `parent` dies. The kernel's death signal when it can be set, else
    a watching thread; either way the parent is checked once more afterwards, in case it died
    between the fork and now (it would not signal then: the worker's parent is already init)."""
    if not _death_signal():
        _watch_parent(parent)
    if os.getppid() != parent:
        os._exit(1)


def _death_signal() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux prctl); False elsewhere.
    The signal comes when the forking thread ends: with the fork start method the pool forks every
    worker from the thread that first submits work, which outlives the pool."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int, every: float = WATCH_SECONDS) -> None:
    """The portable way: a daemon thread that ends the process once its parent pid changes (an
    orphan is adopted by init or a subreaper)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="shenguan-parent-watch", daemon=True).start()
