"""The trust a review is judged by, read from the trusted base revision only (docs/security.md「审查签名」).

A change under review may edit `reviewers.yaml`, `allowed_signers` or the manifest's policy,
but none of those edits counts until it has itself landed on the base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shenguan import history, yamlio
from shenguan.catalog import MANIFEST
from shenguan.errors import ToolError
from shenguan.review.policy import ALLOWED_SIGNERS, REGISTRY, Policy
from shenguan.review.scope import Scope
from shenguan.validation import schemas


@dataclass(frozen=True)
class Reviewer:
    id: str
    name: str
    organisation: str
    principal: str
    department: str = ""


@dataclass
class Trust:
    commit: str
    policy: Policy
    reviewers: dict[str, Reviewer] = field(default_factory=dict)
    allowed_signers: bytes = b""

    def by_principal(self, principal: str) -> Reviewer | None:
        return next((r for r in self.reviewers.values() if r.principal == principal), None)


def load(scope: Scope) -> Trust:
    """Policy, registry and allowed signers as they stand at the trusted commit."""
    commit = scope.trusted
    manifest = _yaml(scope, commit, MANIFEST, None) or {}
    registry = _yaml(scope, commit, REGISTRY, "reviewers") or {}
    reviewers: dict[str, Reviewer] = {}
    for entry in registry.get("reviewers", []):
        r = Reviewer(
            entry["id"],
            entry["name"],
            entry["organisation"],
            entry["principal"],
            entry.get("department", ""),
        )
        if r.id in reviewers or any(o.principal == r.principal for o in reviewers.values()):
            raise ToolError(
                f"基准版本 {history.short(commit)} 中的 {REGISTRY}：审查人 {r.id} 或其签名身份重复",
                "每位审查人的标识与签名身份（principal）都须唯一；请先在目标分支上修正",
            )
        reviewers[r.id] = r
    allowed = scope.read_at(commit, ALLOWED_SIGNERS) or b""
    return Trust(commit, Policy.from_manifest(manifest), reviewers, allowed)


def _yaml(scope: Scope, commit: str, rel: str, kind: str | None) -> dict[str, Any] | None:
    """A trust file at the base: strict YAML and its schema, or a ToolError naming file, line and column.

    The manifest is not schema-checked here: only its policy is read, and that defensively.
    """
    raw = scope.read_at(commit, rel)
    if raw is None:
        return None
    where = f"基准版本 {history.short(commit)} 中的 {rel}"
    try:
        text = yamlio.decode(raw)
        data = yamlio.load_text(text)
    except yamlio.YamlProblem as p:
        raise ToolError(
            f"{where} 第 {p.line} 行第 {p.column} 列：{p.message}",
            f"{p.hint}；须先在目标分支上修正该文件，审查门禁才能运行",
        ) from None
    issues = schemas.check(kind, data) if isinstance(data, dict) and kind else []
    if not isinstance(data, dict) or issues:
        line, col = (
            yamlio.Locator(text).locate(issues[0].pointer, issues[0].key) if issues else (1, 1)
        )
        message = issues[0].message if issues else "文件内容应为一个映射（键: 值）"
        raise ToolError(
            f"{where} 第 {line} 行第 {col} 列：{message}",
            "须先在目标分支上修正该文件（可运行 shenguan validate 查看全部问题），审查门禁才能运行",
        )
    return data
