"""The file layer: a file's bytes through YAML and its schema (`check_text`), and files in bulk,
reused by content from the cache.

The loading path runs down once — validate → checking → here → catalog.workers — and this module
is the only one that enters the worker pool:
- `survey` learns a catalogue's files, their cached rows and every blob id known without a worker
  (from git, from a stamp that matches the file's row, or by reading and hashing the file here);
- `through` runs the YAML and schema layers in the pool and hands each file's data, findings and
  text, still in the worker, to the caller's step (checking's matter checks, or `_whole` below);
- `load_some` gives whole records: from the cache by blob id, the others through the layers.
Whole records are this module's own cache rows (`<kind>:<blob>` → record and findings, JSON);
the file rows and findings are written as validation.rows says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from shenguan import yamlio
from shenguan.catalog.layout import kind_of
from shenguan.catalog.model import Catalog, Record
from shenguan.catalog.rows import dump, loads
from shenguan.catalog.workers import Done, Progress, run
from shenguan.catalog.worktree import Source
from shenguan.findings import Finding, Severity
from shenguan.validation import schemas
from shenguan.validation.rows import Row, Stamp, pack, remember, unpack

__all__ = [
    "Files",
    "Progress",
    "check_file",
    "check_text",
    "load_records",
    "load_some",
    "survey",
    "through",
]

Result = tuple[dict[str, Any] | None, list[Finding]]
# In a worker, after the layers: step(rel, data or None, findings, decoded text) -> what run yields.
Step = Callable[[str, dict[str, Any] | None, list[Finding], str], Any]


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
        return (
            None,
            [Finding(rel, p.line, p.column, p.rule, Severity.ERROR, "", p.message, p.hint)],
            text,
        )
    if not isinstance(data, dict):
        message, hint = (
            "文件内容应为一个映射（键: 值）",
            "记录文件以 kind: 与 id: 开头，其余字段逐行列出",
        )
        return None, [Finding(rel, 1, 1, "Y011", Severity.ERROR, "", message, hint)], text
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


# -- the files of a catalogue, before any worker runs


class Files:
    """A catalogue's files: their cached rows, and the blob ids, bytes and stamps learnt here."""

    def __init__(self, source: Source, rels: list[str], rows: dict[str, Row]) -> None:
        self.source, self.rels, self.rows = source, rels, rows
        self.blobs: dict[str, str] = {}
        self.raws: dict[str, bytes] = {}  # files read here
        self.stamps: dict[str, Stamp | None] = {}  # their stamps, taken before reading

    def stamp(self, rel: str, taken: Stamp | None) -> Stamp | None:
        """The stamp taken before the file was read: by a worker (`taken`) or here."""
        return taken if taken is not None else self.stamps.get(rel)


def survey(source: Source, cache: Any, read_here: Callable[[str], bool]) -> Files:
    """The files and their blob ids. A working-tree file whose stamp matches its cached row is not
    read. Files with a row but another stamp are read and hashed here (a checkout rewrites files
    without changing most contents); others are left to the workers unless `read_here(rel)`."""
    from shenguan.yamlio.digests import blob_id

    files = Files(source, source.files(), cache.files(source.label) if cache is not None else {})
    from_git = getattr(source, "blob_id", None)
    stamp_of = getattr(source, "stamp", None)
    for rel in files.rels:
        blob = from_git(rel) if from_git else None
        if blob is None:
            row = files.rows.get(rel)
            wanted = row is not None or read_here(rel)
            stamp = stamp_of(rel) if stamp_of and wanted else None
            if stamp is not None and row and row[0] and row[0] == stamp[0]:
                blob = row[1]
            elif wanted:
                files.stamps[rel] = stamp
                raw = files.raws[rel] = source.read(rel)
                blob = blob_id(raw)
        if blob is not None:
            files.blobs[rel] = blob
    return files


def through(
    files: Files, rels: list[str], step: Step, workers: int | None, progress: Progress | None
) -> Iterator[Done]:
    """(rel, blob, stamp, step's result) for each of `rels`, in order: each file read (unless read
    here), parsed and checked against its schema in the worker pool, then given to `step` there."""

    def handle(rel: str, raw: bytes) -> Any:
        return step(rel, *check_text(rel, raw))

    jobs = [(rel, files.raws.get(rel), files.blobs.get(rel)) for rel in rels]
    return run(files.source, jobs, handle, workers, progress, before_fork=schemas.prepare)


# -- whole records


def load_records(
    source: Source, workers: int | None = None, cache: Any = None, progress: Progress | None = None
) -> tuple[Catalog, list[Finding]]:
    """Every record through the YAML and schema layers, whole; cached results are reused by content."""
    files = survey(source, cache, lambda rel: False)
    catalog, findings = Catalog(source), source.problems()
    for rel, data, found in load_some(files, files.rels, cache, workers, progress):
        findings.extend(found)
        if data is not None:
            catalog.records.append(Record(rel, kind_of(rel) or "matter", data))
    return catalog, findings


def load_some(
    files: Files,
    rels: list[str],
    cache: Any,
    workers: int | None,
    progress: Progress | None = None,
) -> list[tuple[str, dict[str, Any] | None, list[Finding]]]:
    """(rel, data, findings) for each of `rels`, whole, in order."""
    blobs = files.blobs
    keys = {rel: f"{kind_of(rel)}:{blobs.get(rel)}" for rel in rels}
    hits = cache.get(sorted({keys[r] for r in rels if r in blobs})) if cache is not None else {}
    done = {
        rel: (blob, stamp, text)
        for rel, blob, stamp, text in through(
            files, [r for r in rels if keys[r] not in hits], _whole, workers, progress
        )
    }
    out = []
    for rel in rels:
        stamp = None
        if rel in done:
            blob, stamp, text = done[rel]
            payload = loads(text)
            if cache is not None:
                cache.put_text(f"{kind_of(rel)}:{blob}", text)
        else:
            blob, payload = blobs[rel], hits[keys[rel]]
        if cache is not None:
            remember(cache, files.source, rel, files.rows.get(rel), blob, files.stamp(rel, stamp))
        out.append((rel, payload["d"], unpack(rel, payload["f"])))
    return out


def _whole(rel: str, data: dict[str, Any] | None, found: list[Finding], text: str) -> str:
    """In a worker: a whole record's payload, as load_some reads it back."""
    return dump({"d": data, "f": pack(found)})
