"""Semantic diff: records compared by kind and id, field by field, each change classified.

Library API (the CLI, `review` and `export changes` use these; none of them prints or exits):

- `compute(where, base=None, head=None, *, show_restricted=False) -> DiffResult`
  `where` is the catalogue root or the repository root holding `catalog/`. `base` defaults to the
  latest release tag (`catalog-*`) reachable from HEAD, else HEAD; `head` defaults to the working
  tree (untracked files included). `"A..B"` as `base` means base A, head B. Revisions are checked
  and resolved once (history.resolve); only the files git reports as changed are read, so the cost
  follows the change, not the catalogue.
- `compare(index(base_entries), index(head_entries), facts, show_restricted=False)
  -> list[RecordChange]` on lists of `Entry(path, data)`, for comparisons without git (tests,
  previews); `facts` answers what classification looks up (the bureau, a transfer's kind):
  `SideFacts(read)` over a reader of catalogue files, or `NoFacts()`.
- `field_changes(kind, before, after, show_restricted=False)` for a single pair of records.
- `record_log(where, code, head=None)` (diff/log.py): one record's history across commits.

DiffResult (diff/model.py) holds `base`/`head` (Side: rev, commit), `catalog`, `changes`
(RecordChange: kind, id, change = added|removed|modified|renamed, classification, fields =
FieldChange(pointer, label, before, after, restricted), path, name, old_path, old_id), `problems`
(files that could not be read as YAML, as Findings) and `summary`. Values of restricted fields
(x-visibility: restricted, e.g. liaison names and mobiles) are "***" unless show_restricted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from shenguan import history
from shenguan.catalog import MANIFEST, upgrade
from shenguan.diff.classify import Facts, NoFacts, classify
from shenguan.diff.compare import field_changes
from shenguan.diff.model import (
    CHANGE_ZH,
    KIND_ZH,
    UNREADABLE,
    ChangeEntry,
    DiffResult,
    FieldChange,
    Line,
    RecordChange,
    Row,
    Side,
)
from shenguan.diff.records import Entry, SideFacts, compare, index, parse, path_key
from shenguan.findings import Finding

__all__ = [
    "CHANGE_ZH",
    "KIND_ZH",
    "UNREADABLE",
    "DiffResult",
    "ChangeEntry",
    "Entry",
    "Line",
    "Row",
    "Facts",
    "FieldChange",
    "NoFacts",
    "RecordChange",
    "Side",
    "SideFacts",
    "catalog_root",
    "classify",
    "compare",
    "compute",
    "field_changes",
    "index",
    "parse",
    "path_key",
]


def catalog_root(where: Path) -> Path:
    """`where` itself when it holds the manifest, else its catalog/ folder when that does."""
    if not (where / MANIFEST).is_file() and (where / "catalog" / MANIFEST).is_file():
        return where / "catalog"
    return where


def compute(
    where: Path, base: str | None = None, head: str | None = None, *, show_restricted: bool = False
) -> DiffResult:
    root = catalog_root(Path(where).absolute())
    repo = history.find(root)
    prefix = history.catalog_prefix(repo, root)
    if base and head is None and ".." in base:
        base, head = (part or "HEAD" for part in base.split("..", 1))
    base_side, head_side = sides(repo, base, head)
    assert base_side.commit is not None
    files = history.changed_files(repo, base_side.commit, head_side.commit, prefix)
    problems: list[Finding] = []
    old, new = _read(repo, root, files, problems)
    _same_version(repo, root, prefix, base_side.commit, head_side.commit, old, new)
    # A record unreadable on either side is reported, not shown as added or removed.
    broken = {path_key(p.file) for p in problems}
    before = {k: v for k, v in index(old).items() if k not in broken}
    after = {k: v for k, v in index(new).items() if k not in broken}
    renames = {
        f.old_path: f.new_path for f in files if f.status == "R" and f.old_path and f.new_path
    }
    facts = SideFacts(_reader(repo, root, prefix, head_side.commit))
    changes = compare(before, after, facts, show_restricted, renames)
    known = {*index(old), *index(new)}
    manifest = history.read_paths(repo, base_side.commit, [prefix + MANIFEST])[prefix + MANIFEST]
    entry = parse(MANIFEST, manifest)[0] if manifest is not None else None
    return DiffResult(
        base_side,
        head_side,
        str(root),
        changes,
        sorted(set(problems)),
        entry.data if entry else None,
        unreadable(problems, known),
    )


def _same_version(
    repo: history.Repository,
    root: Path,
    prefix: str,
    base: str,
    head: str | None,
    old: list[Entry],
    new: list[Entry],
) -> None:
    """Across `shenguan migrate` the older side is upgraded in memory (catalog.upgrade), so the
    comparison shows what changed in meaning, not what the new data structure writes differently."""
    wanted = [f"{c}:{prefix}{MANIFEST}" for c in (base, head) if c is not None]
    raws = history.read_blobs(repo, wanted)
    before = upgrade.version_in(raws[0])
    after = upgrade.version_in(raws[1] if head else history.worktree_file(root, MANIFEST))
    target = upgrade.common_version(before, after)
    for version, entries in ((before, old), (after, new)):
        upgrade.upgrade_side(version, target, ((path_key(e.path)[0], e.data) for e in entries))


def unreadable(problems: list[Finding], known: set[tuple[str, str, str]]) -> list[RecordChange]:
    """A record that does not parse on one side is one change (无法解析), shown with the reason,
    instead of a removal or an addition; findings about the other side are not made from it."""
    out: dict[str, RecordChange] = {}
    for p in sorted(problems):
        if p.rule == "Y008" or p.file in out:
            continue
        key = path_key(p.file)
        change = "modified" if key in known else "added"
        where = f"第 {p.line} 行第 {p.column} 列：" if p.line else ""
        out[p.file] = RecordChange(
            key[0], key[1], change, UNREADABLE, (), p.file, problem=where + p.message
        )
    return list(out.values())


def sides(repo: history.Repository, base: str | None, head: str | None) -> tuple[Side, Side]:
    """Both ends resolved once; the default base is the latest release, else HEAD."""
    head_side = Side(head, history.resolve(repo, head)) if head else Side(None, None)
    if base:
        return Side(base, history.resolve(repo, base)), head_side
    tip = history.resolve(repo, "HEAD")
    release = history.latest_release(repo, tip)
    return (Side(release.name, release.commit) if release else Side("HEAD", tip)), head_side


def _read(
    repo: history.Repository, root: Path, files: list[history.FileChange], problems: list[Finding]
) -> tuple[list[Entry], list[Entry]]:
    """Both sides of every changed record file, parsed; links and unreadable files become problems."""
    old_rels, old_ids, new_rels, new_ids = [], [], [], []
    for f in files:
        if f.old_path and f.old_oid and _wanted(f.old_path, f.old_mode, None):
            old_rels.append(f.old_path)
            old_ids.append(f.old_oid)
        if f.new_path and _wanted(f.new_path, f.new_mode, problems):
            new_rels.append(f.new_path)
            new_ids.append(f.new_oid)
    old_raw = history.read_blobs(repo, old_ids)
    blob_ids = [i for i in new_ids if i]
    fetched = dict(zip(blob_ids, history.read_blobs(repo, blob_ids)))
    new_raw = [
        fetched.get(i) if i else history.worktree_file(root, rel)
        for rel, i in zip(new_rels, new_ids)
    ]
    return _parse_all(old_rels, old_raw, problems, "比较起点中的版本："), _parse_all(
        new_rels, new_raw, problems, ""
    )


def _wanted(rel: str, mode: str, problems: list[Finding] | None) -> bool:
    problem = history.layout_problem(rel, mode)
    if problem and problems is not None and problem.rule == "Y008":
        problems.append(problem)
    return problem is None and history.source.is_record_path(rel)


def _parse_all(
    rels: list[str], raws: list[bytes | None], problems: list[Finding], side: str
) -> list[Entry]:
    entries = []
    for rel, raw in zip(rels, raws):
        if raw is None:
            continue
        entry, problem = parse(rel, raw)
        if entry:
            entries.append(entry)
        elif problem:
            problems.append(replace(problem, message=side + problem.message))
    return entries


def _reader(
    repo: history.Repository, root: Path, prefix: str, commit: str | None
) -> Callable[[str], bytes | None]:
    if commit is None:
        return lambda rel: history.worktree_file(root, rel)
    return lambda rel: history.read_paths(repo, commit, [prefix + rel])[prefix + rel]
