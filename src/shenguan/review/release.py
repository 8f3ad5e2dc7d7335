"""`release`: tag the committed catalogue as a version once every gate passes.

The tag is annotated, `catalog-YYYY.MM.DD` (`.2`, `.3` … for further ones that day; SHENGUAN_TODAY
pins the date), and its message names what changed since the previous release. Nothing is written
unless the tree is clean and every gate in GATES passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shenguan import history
from shenguan.diff import KIND_ZH, DiffResult, catalog_root, compute
from shenguan.errors import GateError
from shenguan.history.revs import RELEASE_PREFIX

MAX_LISTED = 200


@dataclass
class ReleaseContext:
    """What a gate sees: the commit to tag and the previous release (the base of the change)."""

    repo: history.Repository
    root: Path
    prefix: str
    commit: str
    previous: history.Tag | None
    today: dt.date
    summary: dict[str, Any] = field(default_factory=dict)


Gate = Callable[[ReleaseContext], None]  # raises GateError to stop the release


def validation_gate(ctx: ReleaseContext) -> None:
    """The committed catalogue (not the working tree) must validate without errors."""
    from shenguan.validation.validate import validate

    source = history.GitSource(ctx.repo, ctx.commit, ctx.prefix, label=str(ctx.root))
    report = validate(source, today=ctx.today)
    ctx.summary = report.summary
    if report.errors:
        raise GateError(
            f"校验未通过：提交 {history.short(ctx.commit)} 的目录有 {report.errors} 个错误，未创建标签",
            "请运行 shenguan validate --rev HEAD 查看并修正，提交后再发布",
        )


def review_gate(ctx: ReleaseContext) -> None:
    """Every change since the previous release (or since the first commit) is covered by a valid
    approving legality review (一（二））. Reviewers, keys and policy are read from that previous
    release, never from the commits being released: a change cannot enrol its own reviewer. A
    reviewer enrolled since then counts from the next release on."""
    from shenguan.review.status import require

    base = ctx.previous.commit if ctx.previous else history.root_commit(ctx.repo, ctx.commit)
    if base is not None and base != ctx.commit:
        try:
            require(ctx.root, base, trusted=base)
        except GateError as e:
            raise GateError(e.message, _since_hint(ctx, base)) from None


def _since_hint(ctx: ReleaseContext, base: str) -> str:
    """Exactly what to run when sign-offs made against main no longer cover what is released
    (a release skipped, an exempt edit after a sign-off): one review of everything since `base`."""
    since = ctx.previous.name if ctx.previous else base
    return (
        f"发布要求自 {since} 以来的全部变更都有有效的审查通过记录。请运行 "
        f"shenguan review status --base {since} 查看；由审查人在当前提交上运行 "
        f"shenguan review request --base {since} 与 shenguan review sign --base {since} "
        "--decision 通过 --opinion …… --key ……，提交审查记录后再运行 shenguan release"
    )


# Gates run in order; each raises GateError to stop the release.
GATES: tuple[Gate, ...] = (validation_gate, review_gate)


@dataclass
class Release:
    tag: str
    commit: str
    previous: history.Tag | None
    message: str
    diff: DiffResult | None
    created: bool


def release(
    where: Path,
    *,
    gates: Sequence[Gate] = GATES,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> Release:
    root = catalog_root(Path(where).absolute())
    repo = history.find(root)
    prefix = history.catalog_prefix(repo, root)
    _refuse_dirty(repo, prefix)
    commit = history.resolve(repo, "HEAD")
    previous = history.latest_release(repo, commit)
    if previous and previous.commit == commit:
        raise GateError(
            f"当前提交 {history.short(commit)} 已发布为 {previous.name}", "有新的提交后再发布"
        )
    ctx = ReleaseContext(repo, root, prefix, commit, previous, today or _today())
    for gate in gates:
        gate(ctx)
    changes = compute(root, previous.commit, commit) if previous else None
    name = next_tag(repo, ctx.today)
    message = tag_message(name, ctx, changes)
    if not dry_run:
        history.create_tag(repo, name, commit, message)
    return Release(name, commit, previous, message, changes, not dry_run)


def _today() -> dt.date:
    from shenguan.clock import today

    return today()


def _refuse_dirty(repo: history.Repository, prefix: str) -> None:
    dirty = history.dirty_paths(repo, prefix)
    if dirty:
        shown = "、".join(dirty[:5]) + (f" 等 {len(dirty)} 个文件" if len(dirty) > 5 else "")
        raise GateError(
            f"目录有未提交的修改：{shown}，未创建标签",
            "发布的是已提交的版本：请先提交（或撤销）这些修改，再运行 shenguan release",
        )


def next_tag(repo: history.Repository, day: dt.date) -> str:
    base = f"{RELEASE_PREFIX}{day:%Y.%m.%d}"
    name, n = base, 1
    while history.tag_exists(repo, name):
        n += 1
        name = f"{base}.{n}"
    return name


def tag_message(name: str, ctx: ReleaseContext, changes: DiffResult | None) -> str:
    lines = [f"目录版本 {name}", "", f"提交：{ctx.commit}"]
    if ctx.previous is None or changes is None:
        s = ctx.summary
        lines.append(
            "首个发布版本。"
            + (
                f"部门 {s.get('departments', 0)} 个，事项 {s.get('matters', 0)} 项"
                f"（在用 {s.get('in_use', 0)} 项），划转审批局 {s.get('transferred', 0)} 项。"
                if s
                else ""
            )
        )
        return "\n".join(lines) + "\n"
    total = changes.summary["by_classification"]
    counts = "、".join(f"{k} {v}" for k, v in total.items()) or "无记录变化"
    lines += [
        f"上一版本：{ctx.previous.name}（提交 {history.short(ctx.previous.commit)}）",
        f"自上一版本以来共 {len(changes.changes)} 项记录变更：{counts}",
        "",
    ]
    for c in changes.changes[:MAX_LISTED]:
        label = f" {c.name}" if c.name else ""
        lines.append(f"- [{c.classification}] {KIND_ZH.get(c.kind, c.kind)} {c.id}{label}")
    if len(changes.changes) > MAX_LISTED:
        lines.append(
            f"…… 另有 {len(changes.changes) - MAX_LISTED} 项，"
            f"请运行 shenguan diff {ctx.previous.name} {name} 查看"
        )
    return "\n".join(lines) + "\n"
