"""The worker pool: one entry point that runs a handler over many files, in forked processes when it pays."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from shenguan.catalog.worktree import Source
from shenguan.nogc import paused
from shenguan.yamlio.digests import blob_id

PARALLEL_MIN_FILES = 150
Progress = Callable[[int, int], None]
# (rel, bytes or None, blob or None): workers read and hash what the parent did not.
Job = tuple[str, bytes | None, str | None]


# -- running jobs, in worker processes when there are many

_STATE: dict[str, Any] = {}  # what forked workers inherit: the source and the job's handler


def run_jobs(
    source: Source,
    jobs: list[Job],
    handle: Callable[[str, bytes, str, Any], Any],
    workers: int | None,
    progress: Progress | None = None,
    before_fork: Callable[[], None] | None = None,
) -> Iterator[tuple[str, str, Any]]:
    """(rel, blob, handle(rel, raw, blob, stamp)) for every job, in order, as they are done. Workers
    read working-tree files themselves; a source that cannot be shared with a child process is read
    here first."""
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
                before_fork()  # e.g. compile what every worker needs once, so they inherit it
            yield from _in_pool(jobs, count, progress)
            return
        for i in range(0, len(jobs), 200):
            yield from _work(jobs[i : i + 200])
            if progress:
                progress(min(i + 200, len(jobs)), len(jobs))
    finally:
        _STATE.clear()


def _in_pool(
    jobs: list[Job], count: int, progress: Progress | None
) -> Iterator[tuple[str, str, Any]]:
    import concurrent.futures
    import multiprocessing

    size = max(50, min(500, len(jobs) // (count * 4)))
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    done = 0
    with concurrent.futures.ProcessPoolExecutor(
        count, mp_context=multiprocessing.get_context("fork")
    ) as pool:
        for batch in pool.map(_work, batches):
            yield from batch
            done += len(batch)
            if progress:
                progress(done, len(jobs))


def _work(batch: list[Job]) -> list[tuple[str, str, Any]]:
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
            out.append((rel, blob, handle(rel, raw, blob, stamp)))
        return out


# -- blob ids: from git, from the stat shortcut, or by hashing


class Known:
    """What the parent learnt of the files before any worker ran."""

    def __init__(self) -> None:
        self.blobs: dict[str, str] = {}
        self.raws: dict[str, bytes] = {}  # files read here
        self.stamps: dict[str, Any] = {}  # their stamps, taken before reading


def blob_ids(
    source: Source, rels: list[str], rows: dict[str, Any], read_unknown: Callable[[str], bool]
) -> Known:
    """The blob id of each file known without a worker, and the bytes read to learn them.

    A working-tree file whose stamp matches its cached row is not read. Files with a row but another
    stamp are read and hashed here (a checkout rewrites files without changing most contents); others
    are left to the workers when `read_unknown(rel)` is false."""
    from_git = getattr(source, "blob_id", None)
    stamp_of = getattr(source, "stamp", None)
    out = Known()
    for rel in rels:
        blob = from_git(rel) if from_git else None
        if blob is None:
            row = rows.get(rel)
            wanted = row is not None or read_unknown(rel)
            stamp = stamp_of(rel) if stamp_of and wanted else None
            if stamp is not None and row and row[0] and row[0] == stamp[0]:
                blob = row[1]
            elif wanted:
                out.stamps[rel] = stamp
                out.raws[rel] = source.read(rel)
                blob = blob_id(out.raws[rel])
        if blob is not None:
            out.blobs[rel] = blob
    return out
