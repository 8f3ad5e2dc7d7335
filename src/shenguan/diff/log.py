"""`record_log`: the history of one record (a matter by its basic code) across commits, newest first.

One `git log --raw` lists the commits that touched the file with its object ids before and after;
one `git cat-file --batch` reads them all; each step is compared and classified like a diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from shenguan import history
from shenguan.catalog import MANIFEST, expected_id, kind_of, upgrade
from shenguan.diff import catalog_root
from shenguan.diff.model import RecordChange, Side
from shenguan.diff.records import Entry, Key, SideFacts, compare, key_of, parse
from shenguan.errors import UsageError
from shenguan.history.source import is_record_path

BASIC_CODE = re.compile(r"^\d{11}[\dY]$")  # a 子项 may end in Y


@dataclass(frozen=True)
class LogEntry:
    commit: str
    date: str  # ISO 8601, the author date
    author: str
    subject: str
    change: RecordChange | None  # None: only comments or layout changed, or `problem` says why
    problem: str = ""


@dataclass
class RecordLog:
    kind: str
    id: str
    path: str
    head: Side
    entries: list[LogEntry] = field(default_factory=list)


def record_path(target: str) -> str:
    """matters/CODE.yaml for a basic code; a record path relative to the catalogue as given."""
    history.check_rev(target)  # the same guard: no option-like or control-laden input reaches git
    if BASIC_CODE.match(target):
        return f"matters/{target}.yaml"
    rel = target if target.endswith(".yaml") else f"{target}.yaml"
    if ".." in rel.split("/") or not is_record_path(rel):
        raise UsageError(
            f"不认识的事项编码或记录：{target}",
            "请给出 12 位基本编码（如 000700101000），或相对目录根的记录路径（如 departments/mzj.yaml）",
        )
    return rel


def record_log(
    where: Path,
    target: str,
    head: str | None = None,
    *,
    show_restricted: bool = False,
    limit: int | None = None,
) -> RecordLog:
    rel = record_path(target)
    root = catalog_root(Path(where).absolute())
    repo = history.find(root)
    prefix = history.catalog_prefix(repo, root)
    tip = Side(head or "HEAD", history.resolve(repo, head or "HEAD"))
    assert tip.commit is not None
    commits = history.path_history(repo, tip.commit, prefix, rel, limit)
    blobs = [oid for c in commits for oid in (c.change.old_oid, c.change.new_oid) if oid]
    content = dict(zip(blobs, history.read_blobs(repo, blobs)))
    log = RecordLog(kind_of(rel) or "matter", expected_id(rel), rel, tip)
    versions = _versions(repo, prefix, commits)
    for c in commits:
        log.entries.append(_entry(repo, prefix, rel, c, content, show_restricted, versions))
    return log


def _versions(
    repo: history.Repository, prefix: str, commits: list[history.PathCommit]
) -> dict[str, int | None]:
    """The manifest's schema_version at each commit and at its first parent (`COMMIT^`), read
    through one batch: a step across `shenguan migrate` compares both sides at the newer version."""
    names = [f"{c.commit}{end}" for c in commits for end in ("", "^")]
    raws = history.read_blobs(repo, [f"{name}:{prefix}{MANIFEST}" for name in names])
    return {name: upgrade.version_in(raw) for name, raw in zip(names, raws)}


def _entry(
    repo: history.Repository,
    prefix: str,
    rel: str,
    c: history.PathCommit,
    content: dict[str, bytes | None],
    show_restricted: bool,
    versions: dict[str, int | None],
) -> LogEntry:
    sides_: list[dict[Key, Entry]] = []
    at = (versions.get(f"{c.commit}^"), versions.get(c.commit))
    target = upgrade.common_version(*at)
    for oid, version in zip((c.change.old_oid, c.change.new_oid), at):
        raw = content.get(oid) if oid else None
        entry, problem = parse(rel, raw) if raw is not None else (None, None)
        if entry is not None:
            upgrade.upgrade_side(version, target, [(kind_of(rel) or "matter", entry.data)])
        if problem:
            return LogEntry(
                c.commit,
                c.date,
                c.author,
                c.subject,
                None,
                f"{problem.line}:{problem.column} {problem.message}",
            )
        sides_.append({key_of(entry): entry} if entry else {})
    facts = SideFacts(
        lambda path: history.read_paths(repo, c.commit, [prefix + path])[prefix + path]
    )
    # The same file before and after: an id edited inside it is a rename, not a removal and an addition.
    changes = compare(sides_[0], sides_[1], facts, show_restricted, renames={rel: rel})
    return LogEntry(c.commit, c.date, c.author, c.subject, changes[0] if changes else None)
