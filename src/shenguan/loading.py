"""Loading records: the YAML and schema layers per file, through the cache, in parallel when it pays."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from typing import Any

from shenguan import schemas, yamlio
from shenguan.catalog import Catalog, Record, Source, kind_of
from shenguan.findings import Finding, Severity

PARALLEL_MIN_FILES = 400
# Matter fields no cross-record rule reads: dropped when loading for validation, which keeps
# 100 k matters within memory and makes cached payloads small. Rules must not read them.
NOT_FOR_RULES = ("legal_basis", "materials", "conditions", "quantity_limit", "intermediary",
                 "special_procedures", "faq", "internal_note")
Result = tuple[dict[str, Any] | None, list[Finding]]


def check_file(rel: str, raw: bytes, project: bool = False) -> Result:
    """The YAML and schema layers for one file: its data (None when unusable) and its findings."""
    kind = kind_of(rel) or "matter"
    try:
        text = yamlio.decode(raw)
        data = yamlio.load_text(text)
    except yamlio.YamlProblem as p:
        return None, [Finding(rel, p.line, p.column, p.rule, Severity.ERROR, "", p.message, p.hint)]
    if not isinstance(data, dict):
        return None, [Finding(rel, 1, 1, "Y011", Severity.ERROR, "", "文件内容应为一个映射（键: 值）",
                              "记录文件以 kind: 与 id: 开头，其余字段逐行列出")]
    issues = schemas.check(kind, data)
    if project and kind == "matter":
        data = _for_rules(data)
    if not issues:
        return data, []
    locator = yamlio.Locator(text)
    found = []
    for i in issues:
        line, col = locator.locate(i.pointer, i.key)
        pointer = f"{i.pointer}/{i.key}" if i.key else i.pointer
        found.append(Finding(rel, line, col, i.rule, Severity.ERROR, pointer, i.message, i.hint))
    return schemas.drop_mistyped(data, issues), found


def _for_rules(data: dict[str, Any]) -> dict[str, Any]:
    slim = {k: v for k, v in data.items() if k not in NOT_FOR_RULES}
    if isinstance(slim.get("process"), list):
        slim["process"] = [{k: v for k, v in s.items() if k != "description"} if isinstance(s, dict) else s
                           for s in slim["process"]]
    return slim


def _check_many(batch: list[tuple[str, bytes]], project: bool = False) -> list[Result]:
    gc.disable()  # bulk loads allocate many small objects that are never cyclic
    try:
        return [check_file(rel, raw, project) for rel, raw in batch]
    finally:
        gc.enable()


def _check_many_projected(batch: list[tuple[str, bytes]]) -> list[Result]:
    return _check_many(batch, True)


def run_checks(items: list[tuple[str, bytes]], workers: int | None, project: bool,
               progress: Callable[[int, int], None] | None = None) -> list[Result]:
    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if count <= 1 or len(items) < PARALLEL_MIN_FILES:
        out: list[Result] = []
        for i in range(0, len(items), 200):
            out.extend(_check_many(items[i:i + 200], project))
            if progress:
                progress(len(out), len(items))
        return out
    import concurrent.futures
    import multiprocessing

    schemas.prepare()  # compiled once here; forked workers inherit it
    size = max(50, len(items) // (count * 4))
    batches = [items[i:i + size] for i in range(0, len(items), size)]
    fn = _check_many_projected if project else _check_many
    results: list[Result] = []
    with concurrent.futures.ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
        for batch in pool.map(fn, batches):
            results.extend(batch)
            if progress:
                progress(len(results), len(items))
    return results


def load_records(source: Source, workers: int | None = None, cache: Any = None, project: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> tuple[Catalog, list[Finding]]:
    """Every record through the YAML and schema layers; cached results are reused by content."""
    rels = source.files()
    raws: dict[str, bytes] = {}
    blobs = _blob_ids(source, rels, raws, cache) if cache is not None else {}
    hits = cache.get(sorted({f"{kind_of(r)}:{b}" for r, b in blobs.items()})) if cache is not None else {}
    misses = [r for r in rels if f"{kind_of(r)}:{blobs.get(r)}" not in hits]
    items = [(r, raws.pop(r) if r in raws else source.read(r)) for r in misses]
    fresh = dict(zip(misses, run_checks(items, workers, project, progress)))
    catalog, findings = Catalog(source), source.problems()
    for rel in rels:
        key = f"{kind_of(rel)}:{blobs.get(rel)}"
        if rel in fresh:
            data, found = fresh[rel]
            if cache is not None:
                cache.put(key, {"d": data, "f": [_pack(f) for f in found]})
        else:
            data, found = hits[key]["d"], [_unpack(rel, f) for f in hits[key]["f"]]
        findings.extend(found)
        if data is not None:
            catalog.records.append(Record(rel, kind_of(rel) or "matter", data))
    return catalog, findings


def _blob_ids(source: Source, rels: list[str], raws: dict[str, bytes], cache: Any) -> dict[str, str]:
    from shenguan.cache import blob_id

    known = getattr(source, "blob_id", None)
    stamp_of = getattr(source, "stamp", None)
    out = {}
    for rel in rels:
        blob = known(rel) if known else None
        stamp = stamp_of(rel) if stamp_of and blob is None else None
        if blob is None and stamp is not None:
            blob = cache.known_blob(rel, stamp[0])
        if blob is None:
            raws[rel] = source.read(rel)
            blob = blob_id(raws[rel])
            if stamp is not None:
                cache.remember_blob(rel, stamp[0], blob, stamp[1])
        out[rel] = blob
    return out


def _pack(f: Finding) -> list[Any]:
    return [f.line, f.column, f.rule, f.severity.value, f.pointer, f.message, f.hint]


def _unpack(rel: str, row: list[Any]) -> Finding:
    line, col, rule, sev, pointer, message, hint = row
    return Finding(rel, line, col, rule, Severity(sev), pointer, message, hint)
