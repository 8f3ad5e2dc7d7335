"""The result types of a semantic diff, shared by every renderer and by later features."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from shenguan.findings import Finding

ADDED, REMOVED, MODIFIED, RENAMED = "added", "removed", "modified", "renamed"
CHANGE_ZH = {ADDED: "新增", REMOVED: "删除", MODIFIED: "修改", RENAMED: "改名"}
KIND_ZH = {
    "manifest": "目录清单",
    "reviewers": "审查人名册",
    "department": "部门",
    "matter": "事项",
    "standard": "审批标准",
    "liaison": "联络员",
    "agreement": "推送约定",
    "transfer": "划转记录",
    "review": "合法性审查",
}
MASK = "***"
UNREADABLE = "无法解析"


@dataclass(frozen=True)
class FieldChange:
    """One changed value: a JSON pointer into the record, its Chinese label, before and after.

    An absent value is None. `restricted` says the values were masked (personal information).
    """

    pointer: str
    label: str
    before: Any
    after: Any
    restricted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "pointer": self.pointer,
            "label": self.label,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Row:
    """One labelled line of a sub-table (a record or list item shown in full); `depth` nests it."""

    depth: int
    label: str
    text: str


@dataclass(frozen=True)
class Line:
    """One line of a readable entry: a label, the text before and after (None: not there)."""

    depth: int
    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ChangeEntry:
    """One changed field or list item as a reviewer reads it (diff/readable.py builds them)."""

    pointer: str  # where it is in the record: JSON output and the review policy only
    label: str
    action: str  # 修改 | 新增 | 删除 | 移动
    lines: tuple[Line, ...]

    @property
    def simple(self) -> bool:
        """A single value changed: shown as `label：before → after`."""
        return len(self.lines) == 1 and not self.lines[0].label and self.action == "修改"


@dataclass(frozen=True)
class RecordChange:
    """One changed record, matched by kind and id (the basic code for matters)."""

    kind: str
    id: str
    change: str  # added | removed | modified | renamed
    classification: str  # 新增, 取消, 划转, 委托, 承接, 下放, 合并, 拆分, 要素变更, 删除, 改名 …
    fields: tuple[FieldChange, ...]
    path: str
    name: str = ""
    old_path: str | None = None
    old_id: str | None = None
    entries: tuple[ChangeEntry, ...] = ()  # the readable form of `fields`, list items by identity
    rows: tuple[Row, ...] = ()  # an added or removed record in full
    problem: str = ""  # why one side could not be read (classification 无法解析)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "id": self.id,
            "change": self.change,
            "classification": self.classification,
            "fields": [f.to_json() for f in self.fields],
            "name": self.name,
            "path": self.path,
        }
        if self.change == RENAMED:
            data |= {"old_id": self.old_id, "old_path": self.old_path}
        if self.problem:
            data["problem"] = self.problem
        return data


@dataclass(frozen=True)
class Side:
    """One end of a comparison: the revision as given and its commit (both None: the working tree)."""

    rev: str | None
    commit: str | None

    @property
    def is_worktree(self) -> bool:
        return self.commit is None

    def to_json(self) -> dict[str, Any]:
        return {"rev": self.rev or "worktree", "commit": self.commit}


@dataclass
class DiffResult:
    base: Side
    head: Side
    catalog: str
    changes: list[RecordChange] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    manifest: dict[str, Any] | None = None  # the base's manifest: its review policy orders entries
    # Records that do not parse on one side: shown as changes (无法解析) beside `changes`, which
    # holds only what could be compared, so no removal or addition is inferred from them.
    unreadable: list[RecordChange] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, Any]:
        by_change = Counter(c.change for c in self.changes)
        by_class = Counter(c.classification for c in self.changes)
        return {
            "total": len(self.changes),
            **{k: by_change.get(k, 0) for k in CHANGE_ZH},
            "by_classification": dict(sorted(by_class.items())),
        }

    @property
    def status(self) -> str:
        return "changes" if self.changes else "ok"

    @property
    def shown(self) -> list[RecordChange]:
        """Every change a reader sees: the compared records, then those that could not be read."""
        return self.changes + self.unreadable
