"""Loading records: the YAML and schema layers per file, through the cache, in parallel when it pays."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from shenguan import schemas, yamlio
from shenguan.catalog import Catalog, Record, Source, kind_of
from shenguan.findings import Finding, Severity
from shenguan.nogc import paused

PARALLEL_MIN_FILES = 150
Result = tuple[dict[str, Any] | None, list[Finding]]
Progress = Callable[[int, int], None]
# (rel, bytes or None, blob or None): workers read and hash what the parent did not.
Job = tuple[str, bytes | None, str | None]


def check_file(rel: str, raw: bytes) -> Result:
    """The YAML and schema layers for one file: its data (None when unusable) and its findings."""
    data, found, _ = check_text(rel, raw)
    return data, found


def check_text(rel: str, raw: bytes) -> tuple[dict[str, Any] | None, list[Finding], str]:
    """check_file, plus the decoded text (for locating later findings; "" when undecodable)."""
    kind = kind_of(rel) or "matter"
    text = ""
    try:
        text = yamlio.decode(raw)
        data = yamlio.load_text(text)
    except yamlio.YamlProblem as p:
        return None, [Finding(rel, p.line, p.column, p.rule, Severity.ERROR, "", p.message, p.hint)], text
    if not isinstance(data, dict):
        return None, [Finding(rel, 1, 1, "Y011", Severity.ERROR, "", "文件内容应为一个映射（键: 值）",
                              "记录文件以 kind: 与 id: 开头，其余字段逐行列出")], text
    issues = schemas.check(kind, data)
    if not issues:
        return data, [], text
    locator = yamlio.Locator(text)
    found = []
    for i in issues:
        line, col = locator.locate(i.pointer, i.key)
        pointer = f"{i.pointer}/{i.key}" if i.key else i.pointer
        found.append(Finding(rel, line, col, i.rule, Severity.ERROR, pointer, i.message, i.hint))
    return schemas.drop_mistyped(data, issues), found, text


# -- running jobs, in worker processes when there are many

_STATE: dict[str, Any] = {}  # what forked workers inherit: the source and the job's handler


def run_jobs(source: Source, jobs: list[Job], handle: Callable[[str, bytes, str, Any], Any], workers: int | None,
             progress: Progress | None = None) -> Iterator[tuple[str, str, Any]]:
    """(rel, blob, handle(rel, raw, blob, stamp)) for every job, in order, as they are done. Workers
    read working-tree files themselves; a source that cannot be shared with a child process is read
    here first."""
    import multiprocessing

    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    parallel = (count > 1 and len(jobs) >= PARALLEL_MIN_FILES
                and "fork" in multiprocessing.get_all_start_methods())
    if parallel and not getattr(source, "shareable", False):
        jobs = [(rel, raw if raw is not None else source.read(rel), blob) for rel, raw, blob in jobs]
    _STATE.update(source=source, handle=handle)
    try:
        if parallel:
            yield from _in_pool(jobs, count, progress)
            return
        for i in range(0, len(jobs), 200):
            yield from _work(jobs[i:i + 200])
            if progress:
                progress(min(i + 200, len(jobs)), len(jobs))
    finally:
        _STATE.clear()


def _in_pool(jobs: list[Job], count: int, progress: Progress | None) -> Iterator[tuple[str, str, Any]]:
    import concurrent.futures
    import multiprocessing

    schemas.prepare()  # compiled once here; forked workers inherit it
    size = max(50, min(500, len(jobs) // (count * 4)))
    batches = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    done = 0
    with concurrent.futures.ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
        for batch in pool.map(_work, batches):
            yield from batch
            done += len(batch)
            if progress:
                progress(done, len(jobs))


def _work(batch: list[Job]) -> list[tuple[str, str, Any]]:
    from shenguan.cache import blob_id

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


def blob_ids(source: Source, rels: list[str], rows: dict[str, Any], read_unknown: Callable[[str], bool]) -> Known:
    """The blob id of each file known without a worker, and the bytes read to learn them.

    A working-tree file whose stamp matches its cached row is not read. Files with a row but another
    stamp are read and hashed here (a checkout rewrites files without changing most contents); others
    are left to the workers when `read_unknown(rel)` is false."""
    from shenguan.cache import blob_id

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


# -- whole records

def load_records(source: Source, workers: int | None = None, cache: Any = None,
                 progress: Progress | None = None) -> tuple[Catalog, list[Finding]]:
    """Every record through the YAML and schema layers, whole; cached results are reused by content."""
    rels = source.files()
    catalog, findings = Catalog(source), source.problems()
    for rel, data, found in load_some(source, rels, cache, workers, progress):
        findings.extend(found)
        if data is not None:
            catalog.records.append(Record(rel, kind_of(rel) or "matter", data))
    return catalog, findings


def load_some(source: Source, rels: list[str], cache: Any, workers: int | None, progress: Progress | None = None,
              rows: dict[str, Any] | None = None, known: Known | None = None
              ) -> list[tuple[str, dict[str, Any] | None, list[Finding]]]:
    """(rel, data, findings) for each of `rels`, in order."""
    from shenguan.cache import loads  # sqlite3 only when a cache is used

    if rows is None:
        rows = cache.files(source.label) if cache is not None else {}
    if known is None:
        known = blob_ids(source, rels, rows, lambda rel: False)
    blobs, raws = known.blobs, known.raws
    keys = {rel: f"{kind_of(rel)}:{blobs.get(rel)}" for rel in rels}
    hits = cache.get(sorted({keys[r] for r in rels if r in blobs})) if cache is not None else {}
    jobs = [(r, raws.get(r), blobs.get(r)) for r in rels if keys[r] not in hits]
    done = {rel: (blob, payload, stamp) for rel, blob, (payload, stamp) in run_jobs(source, jobs, _record_job, workers, progress)}
    out = []
    for rel in rels:
        stamp = known.stamps.get(rel)
        if rel in done:
            blob, text, stamp = done[rel]
            payload = loads(text)
            if cache is not None:
                cache.put_text(f"{kind_of(rel)}:{blob}", text)
        else:
            blob = blobs[rel]
            payload = hits[keys[rel]]
        if cache is not None:
            remember(cache, source, rel, rows.get(rel), blob, stamp=stamp)
        out.append((rel, payload["d"], unpack(rel, payload["f"])))
    return out


def remember(cache: Any, source: Source, rel: str, row: Any, blob: str, world: str = "", payload: str = "",
             check: str | None = None, stamp: Any = None) -> None:
    """Write the file's row when anything in it changed (`stamp`: taken before the file was read)."""
    stamp_of = getattr(source, "stamp", None)
    if stamp is None and stamp_of is not None:
        stamp = stamp_of(rel)
    if stamp is None and getattr(source, "blob_id", None) is None:
        return  # nothing to recognise the file by next time
    if row is None or tuple(row[:4]) != (stamp[0] if stamp else "", blob, world, payload):
        cache.put_file(source.label, rel, stamp, blob, world, payload, check)


def _record_job(rel: str, raw: bytes, blob: str, stamp: Any) -> tuple[str, Any]:
    from shenguan.cache import dump

    data, found = check_file(rel, raw)
    return dump({"d": data, "f": pack(found)}), stamp


def pack(found: list[Finding]) -> list[list[Any]]:
    return [[f.line, f.column, f.rule, f.severity.value, f.pointer, f.message, f.hint] for f in found]


def unpack(rel: str, rows: list[list[Any]]) -> list[Finding]:
    return [Finding(rel, line, col, rule, Severity(sev), pointer, message, hint)
            for line, col, rule, sev, pointer, message, hint in rows]
