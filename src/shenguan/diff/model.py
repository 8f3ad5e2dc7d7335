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
