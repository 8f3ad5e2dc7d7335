"""The chain of sign-offs: each names the digest of the one before it (`previous`).

Records already on the base are history: they must stay exactly as they are. Records the
change adds must continue the base's chain one after another, starting at its tip. An approval
signed earlier (before a later rejection, or on another branch) names an older `previous`, so it
cannot be slipped in after the rejection: it lands off the chain and counts for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shenguan.review.record import Signoff


@dataclass
class Chain:
    tip: Signoff | None = None  # the record the next sign-off must name as previous
    order: list[Signoff] = field(default_factory=list)  # the added records, in chain order
    broken: dict[str, str] = field(
        default_factory=dict
    )  # added record path -> why it is off the chain
    problems: list[str] = field(default_factory=list)  # base history altered or forked
    warnings: list[str] = field(default_factory=list)


def link(old: dict[str, Signoff], now: dict[str, Signoff]) -> Chain:
    """Check `now` (the working tree) against `old` (at the base) and order what was added."""
    chain = Chain()
    for path, record in old.items():
        same = now.get(path)
        if same is None:
            chain.problems.append(f"基准版本中的审查记录 {path} 被删除：审查记录只能追加")
        elif same.data != record.data or same.signature != record.signature:
            chain.problems.append(f"基准版本中的审查记录 {path} 被修改：审查记录只能追加")
    chain.tip = base_tip(old, chain.warnings)
    added = {p: r for p, r in now.items() if p not in old}
    _extend(chain, added, {r.digest: r for r in old.values() if r.data is not None})
    return chain


def base_tip(old: dict[str, Signoff], warnings: list[str]) -> Signoff | None:
    """The last record of the base's chain. Two merged pull requests may have forked it; the base
    is trusted, so that is a warning, and the newest tip (by time, then id) continues the chain."""
    usable = [r for r in old.values() if r.data is not None]
    named = {r.get("previous") for r in usable}
    tips = [r for r in usable if r.digest not in named]
    if len(tips) > 1:
        warnings.append(
            "基准版本的审查链有分叉："
            + "、".join(sorted(r.path for r in tips))
            + "；新的审查记录接在其中最新的一条之后"
        )
    return max(tips, key=lambda r: (str(r.get("time")), r.id), default=None)


def _extend(chain: Chain, added: dict[str, Signoff], old_digests: dict[str, Signoff]) -> None:
    last = chain.tip
    known = dict(old_digests)
    left = {p: r for p, r in added.items() if r.data is not None}
    for path in added.keys() - left.keys():
        chain.broken[path] = "记录无法读取，不能接入审查链"
    while left:
        nexts = [r for r in left.values() if r.get("previous") == (last.digest if last else None)]
        if len(nexts) != 1:
            break
        last = nexts[0]
        chain.order.append(last)
        known[last.digest] = last
        del left[last.path]
    for path, record in left.items():
        chain.broken[path] = _why(record, last, known, left)


def _why(
    record: Signoff, last: Signoff | None, known: dict[str, Signoff], left: dict[str, Signoff]
) -> str:
    previous = record.get("previous")
    if previous == (last.digest if last else None):
        return "审查链分叉：另有一条审查记录也接在同一条记录之后"
    if previous is None:
        return "缺少上一审查记录摘要（previous），而审查链已有记录"
    if previous in known:
        return (
            f"上一审查记录应为链尾 {last.path if last else '（无）'}，却是较早的 {known[previous].path}："
            "可能是重放的旧审查意见，请重新签署"
        )
    if any(r.digest == previous for r in left.values()):
        return "接在一条不在审查链上的记录之后"
    return f"上一审查记录摘要 {previous} 在目录中找不到"
