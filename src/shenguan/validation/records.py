"""The YAML and schema layers per file, and whole records through them, reused by content from the cache."""

from __future__ import annotations

from typing import Any

from shenguan import yamlio
from shenguan.catalog.layout import kind_of
from shenguan.catalog.model import Catalog, Record
from shenguan.catalog.workers import Known, Progress, blob_ids, run_jobs
from shenguan.catalog.worktree import Source
from shenguan.findings import Finding, Severity
from shenguan.validation import schemas

Result = tuple[dict[str, Any] | None, list[Finding]]


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
        return (
            None,
            [
                Finding(
                    rel,
                    1,
                    1,
                    "Y011",
                    Severity.ERROR,
                    "",
                    "文件内容应为一个映射（键: 值）",
                    "记录文件以 kind: 与 id: 开头，其余字段逐行列出",
                )
            ],
            text,
        )
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


# -- whole records


def load_records(
    source: Source, workers: int | None = None, cache: Any = None, progress: Progress | None = None
) -> tuple[Catalog, list[Finding]]:
    """Every record through the YAML and schema layers, whole; cached results are reused by content."""
    rels = source.files()
    catalog, findings = Catalog(source), source.problems()
    for rel, data, found in load_some(source, rels, cache, workers, progress):
        findings.extend(found)
        if data is not None:
            catalog.records.append(Record(rel, kind_of(rel) or "matter", data))
    return catalog, findings


def load_some(
    source: Source,
    rels: list[str],
    cache: Any,
    workers: int | None,
    progress: Progress | None = None,
    rows: dict[str, Any] | None = None,
    known: Known | None = None,
) -> list[tuple[str, dict[str, Any] | None, list[Finding]]]:
    """(rel, data, findings) for each of `rels`, in order."""
    from shenguan.catalog.rows import loads  # sqlite3 only when a cache is used

    if rows is None:
        rows = cache.files(source.label) if cache is not None else {}
    if known is None:
        known = blob_ids(source, rels, rows, lambda rel: False)
    blobs, raws = known.blobs, known.raws
    keys = {rel: f"{kind_of(rel)}:{blobs.get(rel)}" for rel in rels}
    hits = cache.get(sorted({keys[r] for r in rels if r in blobs})) if cache is not None else {}
    jobs = [(r, raws.get(r), blobs.get(r)) for r in rels if keys[r] not in hits]
    done = {
        rel: (blob, payload, stamp)
        for rel, blob, (payload, stamp) in run_jobs(
            source, jobs, _record_job, workers, progress, before_fork=schemas.prepare
        )
    }
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


def remember(
    cache: Any,
    source: Source,
    rel: str,
    row: Any,
    blob: str,
    world: str = "",
    payload: str = "",
    check: str | None = None,
    stamp: Any = None,
) -> None:
    """Write the file's row when anything in it changed (`stamp`: taken before the file was read)."""
    stamp_of = getattr(source, "stamp", None)
    if stamp is None and stamp_of is not None:
        stamp = stamp_of(rel)
    if stamp is None and getattr(source, "blob_id", None) is None:
        return  # nothing to recognise the file by next time
    if row is None or tuple(row[:4]) != (stamp[0] if stamp else "", blob, world, payload):
        cache.put_file(source.label, rel, stamp, blob, world, payload, check)


def _record_job(rel: str, raw: bytes, blob: str, stamp: Any) -> tuple[str, Any]:
    from shenguan.catalog.rows import dump

    data, found = check_file(rel, raw)
    return dump({"d": data, "f": pack(found)}), stamp


def pack(found: list[Finding]) -> list[list[Any]]:
    return [
        [f.line, f.column, f.rule, f.severity.value, f.pointer, f.message, f.hint] for f in found
    ]


def unpack(rel: str, rows: list[list[Any]]) -> list[Finding]:
    return [
        Finding(rel, line, col, rule, Severity(sev), pointer, message, hint)
        for line, col, rule, sev, pointer, message, hint in rows
    ]
