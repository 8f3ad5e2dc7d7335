"""`review status`, the gate: every change since the base that needs review is covered by a valid
approving sign-off the change adds, or the gate fails.

For each pending change the newest added sign-off (in chain order) that covers its current
content decides; a sign-off that only covers older content makes it stale, none makes it missing.
Any added sign-off that does not verify, or sits off the chain, fails the gate on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shenguan.errors import GateError
from shenguan.history import ledger as history_ledger
from shenguan.review import changes, since, verify
from shenguan.review import trust as trusts
from shenguan.review.changes import Pending
from shenguan.review.policy import Policy
from shenguan.review.record import REJECT
from shenguan.review.scope import Scope, open_scope
from shenguan.review.trust import Trust
from shenguan.review.verify import Check, Verification

COVERED, MISSING, STALE, REJECTED, PAPER, UNREADABLE = (
    "covered",
    "missing",
    "stale",
    "rejected",
    "paper",
    "unreadable",
)
STATE_ZH = {
    COVERED: "已审查通过",
    MISSING: "缺少审查",
    STALE: "审查后又被修改",
    REJECTED: "审查不通过",
    PAPER: "纸质决定，未电子签名",
    UNREADABLE: "记录无法解析",
    verify.BAD_SIGNATURE: "签名无效",
    verify.UNKNOWN_REVIEWER: "审查人不在基准名册中",
    verify.EXPIRED: "密钥已过期",
    verify.BROKEN_CHAIN: "审查链断裂",
    verify.INVALID: "审查记录无效",
    verify.OVERRULED: "已被其后的不通过决定推翻",
}


@dataclass
class Item:
    pending: Pending
    state: str
    ok: bool = False
    signoff: str = ""  # the id of the sign-off that decided
    message: str = ""


@dataclass
class GateResult:
    scope: Scope
    trust: Trust
    items: list[Item]
    verification: Verification
    warnings: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Failures that belong to no single record: altered history, bad added sign-offs."""
        bad = [
            f"{c.signoff.path}：{verify.STATE_ZH[c.state]}。{c.message}"
            for c in self.verification.added()
            if not c.ok
        ]
        return self.verification.chain.problems + bad

    @property
    def ok(self) -> bool:
        return all(i.ok for i in self.items) and not self.problems


def gate(
    catalog_root: Path,
    base: str | None = None,
    trusted: str | None = None,
    remote: str | None = None,
) -> GateResult:
    """The review gate for the working tree against `base` (the CI and release entry point).

    Trust comes from `trusted` (default: the base). A release passes its previous tag as `base`
    and "HEAD" as `trusted`: reviewers enrolled since the last release count once they have landed.
    """
    if remote:
        history_ledger.check_remote(remote)
    scope = open_scope(catalog_root, base, trusted)
    trust = trusts.load(scope)
    pending = changes.collect(scope, trust.policy, guarded=bool(trust.reviewers))
    verification = verify.run(scope, trust, added_only=True, remote=remote)
    added = verification.added()
    first = history_ledger.first_commit_day(scope.repo, scope.fork, scope.head)
    items = [_paper_rules(judge(p, added, trust), added, trust, first) for p in pending]
    items = [since.explain(scope, i, [c.signoff for c in added]) for i in items]
    return GateResult(scope, trust, items, verification, list(verification.chain.warnings))


def judge(pending: Pending, added: list[Check], trust: Trust) -> Item:
    if not pending.readable:
        return Item(
            pending,
            UNREADABLE,
            message=f"记录{pending.problem or '无法解析为 YAML'}，请先运行 shenguan validate 并修正",
        )
    wanted = pending.covered()
    mentions = [c for c in added if any(path in c.signoff.covered for path, _ in wanted)]
    if not mentions:
        return Item(
            pending,
            MISSING,
            message="本次变更中没有覆盖该记录的审查记录：请提交审查（shenguan review request）",
        )
    matching = [c for c in mentions if all(c.signoff.covered.get(path) == d for path, d in wanted)]
    if not matching:
        last = mentions[-1]
        then = last.signoff.covered.get(pending.path, "（未覆盖该路径）")
        return Item(
            pending,
            STALE,
            signoff=last.signoff.id,
            message=f"审查记录 {last.signoff.id} 签署时内容摘要为 {then}，现为 {pending.digest}：须重新审查",
        )
    deciding = matching[-1]
    s = deciding.signoff
    if not deciding.ok:
        return Item(pending, deciding.state, signoff=s.id, message=deciding.message)
    if s.get("decision") == REJECT:
        return Item(
            pending, REJECTED, signoff=s.id, message=f"审查意见：{s.get('opinion') or '（无）'}"
        )
    if s.is_paper:
        accepted = trust.policy.accept_paper
        note = (
            "" if accepted else "；基准版本的审查策略不接受纸质决定（review_policy.accept_paper）"
        )
        return Item(pending, PAPER, ok=accepted, signoff=s.id, message=deciding.message + note)
    return Item(
        pending,
        COVERED,
        ok=True,
        signoff=s.id,
        message=f"{s.get('reviewer_name') or s.get('reviewer')}（{s.get('organisation')}）于 {s.get('time')} 审查通过",
    )


def _paper_rules(item: Item, added: list[Check], trust: Trust, first: str | None) -> Item:
    """A paper decision passes only with a number in the bureau's pattern, dated within the change."""
    if item.state != PAPER or not item.ok:
        return item
    s = next(c.signoff for c in added if c.signoff.id == item.signoff)
    problem = paper_problem(s.get("paper"), trust.policy, first)
    if problem:
        item.ok, item.message = False, f"{item.message}；{problem}"
    return item


def paper_problem(paper: dict[str, str], policy: Policy, first: str | None) -> str:
    """Why a paper decision cannot count ('' when it can)."""
    if not policy.paper_number_ok(paper["doc_no"]):
        return f"文号 {paper['doc_no']} 不符合审查策略的文号格式 {policy.paper_number_pattern}"
    if first and paper["date"] < first:
        return (
            f"决定日期 {paper['date']} 早于本次变更的第一个提交（{first}），不可能是对本变更的决定"
        )
    return ""


def require(
    catalog_root: Path,
    base: str | None = None,
    trusted: str | None = None,
    remote: str | None = None,
) -> GateResult:
    """The gate as a precondition: a GateError (exit 1) naming what is not covered."""
    result = gate(catalog_root, base, trusted, remote)
    if not result.ok:
        bad = [f"{i.pending.path}（{STATE_ZH[i.state]}）" for i in result.items if not i.ok]
        shown = "、".join(bad[:5]) + (f" 等 {len(bad)} 项" if len(bad) > 5 else "")
        detail = shown or "；".join(result.problems[:2])
        raise GateError(
            f"合法性审查门禁未通过：{detail}",
            f"请运行 shenguan review status --base {result.scope.base_rev} 查看详情",
        )
    return result
