"""The edit transaction every mutating command runs: lock, read, edit, validate in memory, write.

The edited bytes are validated together with the rest of the working tree before anything
touches the disk (an `Overlay` source). An edit that would add a finding - compared, as
(rule, file, pointer), with the catalogue as it stood - is refused and no file changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from shenguan import catalog as cat
from shenguan import yamlio
from shenguan.catalog import journal, lock
from shenguan.catalog.index import Context
from shenguan.errors import GateError, ToolError, UsageError
from shenguan.findings import Finding
from shenguan.validation import schemas
from shenguan.validation.records import load_records
from shenguan.validation.validate import validate
from shenguan.yamlio.edit import Document

T = TypeVar("T")
SCHEMA_HEADER = "yaml-language-server: $schema={up}schemas/{kind}.json"


class Overlay:
    """A Source: the working tree with some files replaced (bytes) or removed (None), in memory."""

    def __init__(self, base: cat.Source, changes: Mapping[str, bytes | None]) -> None:
        self.base = base
        self.changes = dict(changes)
        self.label = base.label

    def files(self) -> list[str]:
        kept = [rel for rel in self.base.files() if self.changes.get(rel, b"") is not None]
        added = sorted(
            rel
            for rel, raw in self.changes.items()
            if raw is not None and rel not in kept and cat.kind_of(rel)
        )
        return kept + added

    def read(self, rel: str) -> bytes:
        raw = self.changes.get(rel)
        return raw if raw is not None else self.base.read(rel)

    def problems(self) -> list[Finding]:
        return self.base.problems()


def date_arg(value: str | None, today: dt.date | None = None, what: str = "日期") -> str:
    """A date given on the command line (YYYY-MM-DD); `today` when none is given."""
    if value is None and today is not None:
        return today.isoformat()
    if value is None:
        raise UsageError(f"缺少{what}", "请写成 YYYY-MM-DD，例如 2026-12-01")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{what} {value} 不是有效日期", "请写成 YYYY-MM-DD，例如 2026-12-01"
        ) from None
    return value


def finding_lines(findings: list[Finding]) -> str:
    """Findings inside an error message: one line each, with position, rule and what to do."""
    return "\n".join(
        f"  {f.file}:{f.line}:{f.column}  {f.rule}  {f.message}（{f.hint}）" for f in findings
    )


class EditRefused(GateError):
    """The edit would add findings; nothing was written. `findings` holds the new ones."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(
            f"修改未写入：这次修改会新增 {len(findings)} 个问题\n{finding_lines(findings)}",
            "请先处理上列问题，或调整修改内容后重试；所有文件保持原样",
        )
        self.findings = findings


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.file, f.pointer)


def new_findings(before: list[Finding], after: list[Finding]) -> list[Finding]:
    known = {_key(f) for f in before}
    return [f for f in after if _key(f) not in known]


@cache
def _children(kind: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for pattern, _ in schemas.walk_properties(kind):
        parent, _, name = pattern.rpartition("/")
        out.setdefault(parent, []).append(name)
    return out


def key_order(kind: str | None) -> Any:
    """Where a new key goes: after its schema predecessors, so edits keep the usual field order."""
    if kind is None:
        return None
    table = _children(kind)

    def order(pointer: str) -> list[str]:
        pattern = "/".join("*" if p.isdigit() else p for p in pointer.split("/"))
        return table.get(pattern, [])

    return order


def schema_header(root: Path, rel: str) -> str:
    """The editor hint new files carry, when the schemas sit in the catalogue or beside it."""
    kind = cat.kind_of(rel) or "matter"
    for up, base in enumerate((root, root.parent)):
        if (base / "schemas" / f"{kind}.json").is_file():
            return SCHEMA_HEADER.format(up="../" * (rel.count("/") + up), kind=kind)
    return ""


def snapshot(root: Path) -> Context:
    """The whole catalogue with every field, for commands that only read."""
    return read(root)[0]


def read(root: Path) -> tuple[Context, list[str]]:
    """The catalogue for commands that only read, and the files left out because they do not parse."""
    from shenguan.validation.stamp import open_for

    cache = open_for(root, full=True)
    catalog, findings = load_records(cat.WorkTree(root), cache=cache)
    cache.close()
    return Context(catalog), sorted({f.file for f in findings if f.rule.startswith("Y")})


def _cache(root: Path) -> Any:
    from shenguan.validation.stamp import open_for

    return open_for(root, full=True)


class Transaction:
    """Documents opened or created during one command; `commit` validates and writes them."""

    def __init__(
        self, root: Path, today: dt.date | None = None, lock_file: Path | None = None
    ) -> None:
        self.root = root
        self.lock_file = lock_file or lock.lock_path(root)
        self.before = validate(cat.WorkTree(root), today=today, project=False, cache=_cache(root))
        self.ctx = Context(self.before.catalog, today)
        self._docs: dict[str, Document] = {}
        self._new: set[str] = set()

    @property
    def today(self) -> dt.date:
        return self.ctx.today

    def _path(self, rel: str) -> Path:
        parts = PurePosixPath(rel).parts
        if cat.kind_of(rel) is None or ".." in parts or rel.startswith("/"):
            raise UsageError(f"{rel} 不是目录中的记录文件", "请检查编码或标识")
        return self.root / rel

    def exists(self, rel: str) -> bool:
        return rel in self._docs or self._path(rel).exists()

    def doc(self, rel: str) -> Document:
        """The open document of an existing record file (opened once per transaction)."""
        if rel not in self._docs:
            path = self._path(rel)
            if path.is_symlink() or not path.is_file():
                raise UsageError(f"{rel} 不存在或不是普通文件", "请检查编码或标识")
            try:
                self._docs[rel] = Document.parse(path.read_bytes(), key_order(cat.kind_of(rel)))
            except yamlio.YamlProblem as p:
                raise ToolError(f"{rel}:{p.line}:{p.column}：{p.message}", p.hint) from None
        return self._docs[rel]

    def create(self, rel: str, data: dict[str, Any], comment: str = "") -> Document:
        if self.exists(rel):
            raise UsageError(f"{rel} 已存在，不会覆盖", "请换一个标识，或修改已有记录")
        header = "\n".join(line for line in (schema_header(self.root, rel), comment) if line)
        self._docs[rel] = Document.new(data, header, key_order(cat.kind_of(rel)))
        self._new.add(rel)
        return self._docs[rel]

    def derive(self, source: str, rel: str) -> Document:
        """A new file that starts as a copy of `source` as it is on disk, comments included."""
        if self.exists(rel):
            raise UsageError(f"{rel} 已存在，不会覆盖", "请换一个标识，或修改已有记录")
        self._docs[rel] = Document.parse(
            self._path(source).read_bytes(), key_order(cat.kind_of(rel))
        )
        self._new.add(rel)
        return self._docs[rel]

    def changes(self) -> dict[str, bytes]:
        out = {}
        for rel, doc in sorted(self._docs.items()):
            raw = doc.dumps()
            if rel in self._new or raw != self._path(rel).read_bytes():
                out[rel] = raw
        return out

    def commit(self) -> list[str]:
        """Validate the edited catalogue in memory; write every changed file, or none."""
        changes = self.changes()
        if not changes:
            return []
        after = validate(
            Overlay(cat.WorkTree(self.root), changes),
            today=self.today,
            project=False,
            cache=_cache(self.root),
        )
        added = new_findings(self.before.findings, after.findings)
        if added:
            raise EditRefused(added)
        # One journal for the set, so a kill between two replaces is finished by the next command.
        journal.write_all(self.root, self.lock_file, changes)
        return list(changes)


@contextmanager
def transaction(root: Path, timeout: float | None = None) -> Iterator[Transaction]:
    """Hold the lock while the caller reads, edits and commits; an exception writes nothing."""
    with lock.hold(root, timeout) as held:
        yield Transaction(root, lock_file=held)


def apply(
    root: Path, change: Callable[[Transaction], T], timeout: float | None = None
) -> tuple[T, list[str]]:
    """Run one edit as a transaction; returns its result and the files written."""
    with transaction(root, timeout) as tx:
        result = change(tx)
        return result, tx.commit()
