"""Checking sign-offs: the record itself, its signature against the base's trust, and its place in the chain.

Records that have not landed on the trusted revision are judged as of now (an expired or removed
key signs nothing new) and must sit on the chain; records that have landed are history, audited
as of their own signing time, and a fork among them (two pull requests merged without a rebase)
is only a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shenguan.review import chain as chains
from shenguan.review import ledger, record, signing
from shenguan.review.record import Signoff
from shenguan.review.scope import Scope
from shenguan.review.trust import Trust

VALID, PAPER, INVALID, BROKEN_CHAIN = "valid", "paper", "invalid", "broken_chain"
OVERRULED = "overruled"
BAD_SIGNATURE, UNKNOWN_REVIEWER, EXPIRED = (
    signing.Verdict.BAD_SIGNATURE.value,
    signing.Verdict.UNKNOWN_SIGNER.value,
    signing.Verdict.EXPIRED.value,
)
STATE_ZH = {
    VALID: "签名有效",
    PAPER: "纸质决定（未签名）",
    INVALID: "记录无效",
    BAD_SIGNATURE: "签名无效",
    UNKNOWN_REVIEWER: "审查人不在基准名册中",
    EXPIRED: "密钥已过期",
    BROKEN_CHAIN: "审查链断裂",
    OVERRULED: "已被其后的不通过决定推翻",
}


@dataclass
class Check:
    signoff: Signoff
    added: bool
    state: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.state in (VALID, PAPER)


@dataclass
class Verification:
    checks: dict[str, Check]
    chain: chains.Chain

    def added(self) -> list[Check]:
        """The added records, oldest first: those on the chain in its order, then the rest by time."""
        on = [self.checks[r.path] for r in self.chain.order if r.path in self.checks]
        rest = [c for c in self.checks.values() if c.added and c not in on]
        return on + sorted(rest, key=lambda c: (str(c.signoff.get("time")), c.signoff.path))

    @property
    def ok(self) -> bool:
        return not self.chain.problems and all(c.ok for c in self.checks.values())


def run(
    scope: Scope, trust: Trust, added_only: bool = False, remote: str | None = None
) -> Verification:
    """Every sign-off in the working tree (or only those added since the fork point), checked.

    An approval a later verified rejection of the same content overrules (found in the review
    ledger or anywhere in the branch's history, docs/security.md, “消失的否决”) fails.
    """
    now = record.load(scope.read_many_worktree, record.worktree_paths(scope.root))
    # Records at the fork point are those of the working tree plus those git reports as gone:
    # reading just these keeps the cost independent of the catalogue's size.
    gone = [
        c.old_path
        for c in scope.changed()
        if c.status in "DRT"
        and c.old_path
        and c.old_path.startswith(f"{record.FOLDER}/")
        and c.old_path.endswith(".yaml")
    ]
    old = record.load(
        lambda rels: scope.read_many_at(scope.fork, rels), sorted(set(now) | set(gone))
    )
    landed = _landed(scope, now)
    chain = chains.link(old, now)
    for path in sorted(chain.broken.keys() & landed):
        chain.warnings.append(f"{path}：{chain.broken.pop(path)}（该记录已在可信版本中，仅作提示）")
    checks = {}
    for path, signoff in now.items():
        added = path not in old
        if added or not added_only:
            checks[path] = check(signoff, trust, added, path not in landed, chain.broken.get(path))
    _overrule(scope, trust, checks, remote)
    return Verification(checks, chain)


def _overrule(scope: Scope, trust: Trust, checks: dict[str, Check], remote: str | None) -> None:
    approvals = [c for c in checks.values() if c.ok and c.signoff.get("decision") == record.APPROVE]
    if not approvals:
        return
    found = ledger.collect(scope, ledger.remote_of(remote, trust.policy.ledger_remote))
    found += [ledger.Known(c.signoff, "工作区") for c in checks.values() if c.ok]
    verified = [k for k in found if _signature(k.signoff, trust, False)[0] in (VALID, PAPER)]
    known = {k.signoff.digest: k.signoff for k in found if k.signoff.data is not None}
    for c in approvals:
        later = ledger.overruled(c.signoff, verified, known)
        if later:
            s = later.signoff
            c.state = OVERRULED
            c.message = (
                f"{s.get('reviewer_name') or s.get('reviewer')} 于 {s.get('time')} 对同一内容作出"
                f"不通过决定（{s.id}，见{later.source}）：在后的决定为准，请修改后重新提交审查"
            )


def _landed(scope: Scope, now: dict[str, Signoff]) -> set[str]:
    """Records that are on the trusted revision exactly as they are in the working tree."""
    there = record.load(lambda rels: scope.read_many_at(scope.trusted, rels), list(now))
    return {
        p for p, r in there.items() if r.data == now[p].data and r.signature == now[p].signature
    }


def check(
    signoff: Signoff, trust: Trust, added: bool, judged: bool = True, broken: str | None = None
) -> Check:
    """One record's verdict; `judged` records are verified as of now, the others as of their signing time."""
    state, message = _signature(signoff, trust, judged)
    if state in (VALID, PAPER) and broken:
        state, message = BROKEN_CHAIN, broken
    return Check(signoff, added, state, message)


def _signature(s: Signoff, trust: Trust, judged: bool) -> tuple[str, str]:
    if s.problem or s.data is None:
        return INVALID, s.problem
    if s.signature is None and s.is_paper:
        return (
            BAD_SIGNATURE,
            "纸质决定须由登记的审查人用其密钥登记（shenguan review import --key），此记录无登记人签名",
        )
    if s.signature is None:
        return BAD_SIGNATURE, f"缺少签名文件 {record.sig_path(s.path)}"
    reviewer = trust.reviewers.get(s.get("reviewer"))
    if reviewer is None:
        return (
            UNKNOWN_REVIEWER,
            f"审查人 {s.get('reviewer')} 不在基准版本的审查人名册（reviewers.yaml）中",
        )
    if s.get("organisation") != reviewer.organisation:
        return (
            UNKNOWN_REVIEWER,
            f"审查机关“{s.get('organisation')}”与名册中的“{reviewer.organisation}”不一致",
        )
    verdict = signing.verify(
        record.payload(s.data),
        s.signature,
        trust.allowed_signers,
        reviewer.principal,
        at=None if judged else s.when,
    )
    if s.is_paper and verdict is signing.Verdict.VALID:
        paper = s.get("paper")
        return PAPER, (
            f"纸质决定 {paper['doc_no']}（{paper['date']}），纸质决定，未电子签名"
            f"（由 {reviewer.principal} 登记）"
        )
    return verdict.value, _VERDICT_ZH[verdict].format(principal=reviewer.principal)


_VERDICT_ZH = {
    signing.Verdict.VALID: "{principal} 的签名有效",
    signing.Verdict.BAD_SIGNATURE: "签名与记录内容不符：记录或签名在签署后被改动过",
    signing.Verdict.UNKNOWN_SIGNER: "签名所用的密钥不在基准版本的 allowed_signers 中（身份 {principal}）",
    signing.Verdict.EXPIRED: "{principal} 的密钥已不在有效期内（allowed_signers 中的 valid-before/valid-after）",
}


def verify_all(
    root: Path, base: str | None = None, trusted: str | None = None, remote: str | None = None
) -> tuple[Scope, Verification]:
    """`review verify`: every sign-off in the catalogue and the chain, judged by the trusted revision."""
    from shenguan.review import trust as trusts
    from shenguan.review.scope import open_scope

    scope = open_scope(root, base, trusted)
    return scope, run(scope, trusts.load(scope), remote=remote)
