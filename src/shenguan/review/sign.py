"""`review sign`: the reviewer's decision on the pending changes, signed over the exact stored bytes.

Nothing is written unless the new signature already verifies against the trusted base, so a
reviewer learns at once when their key or registry entry has not landed on the base yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shenguan import yamlio
from shenguan.catalog import lock
from shenguan.errors import GateError, UsageError
from shenguan.history import ledger as history_ledger
from shenguan.review import changes, ledger, record, signing, verify
from shenguan.review import trust as trusts
from shenguan.review.changes import Pending
from shenguan.review.scope import Scope, open_scope
from shenguan.review.trust import Reviewer, Trust
from shenguan.validation import schemas


@dataclass
class Signed:
    path: str
    data: dict[str, Any]
    pending: list[Pending]
    ledger: str = ""  # the ledger commit that holds the decision
    pushed: str | None = None  # the remote the ledger was pushed to
    push_command: str = ""  # what to run when it was not pushed


def sign(
    root: Path,
    base: str | None,
    decision: str,
    opinion: str,
    key: Path,
    reviewer: str | None = None,
    push: bool = False,
    remote: str | None = None,
) -> Signed:
    """Sign the pending changes under the catalogue lock; returns what was written.

    The decision goes to the work tree (for the branch's pull request) and to the review ledger
    (which the author cannot rewrite); `push` publishes the ledger to `remote` (default: the
    policy's `ledger_remote`, else origin)."""
    check_decision(decision)
    if not opinion.strip():
        raise UsageError(
            "审查意见不能为空", "请用 --opinion 写明审查意见，例如：经审查，符合法律规定。"
        )
    with lock.hold(root):
        scope, trust, pending, tip = prepare(root, base)
        who = _reviewer(trust, key, reviewer)
        data = build(
            scope,
            tip,
            pending,
            {
                "reviewer": who.id,
                "reviewer_name": who.name,
                "organisation": who.organisation,
                "decision": decision,
                "opinion": opinion,
                "namespace": signing.NAMESPACE,
            },
        )
        return seal(scope, trust, who, data, key, push, remote, pending)


def seal(
    scope: Scope,
    trust: Trust,
    who: Reviewer,
    data: dict[str, Any],
    key: Path,
    push: bool,
    remote: str | None,
    pending: list[Pending],
) -> Signed:
    """Sign, check the signature against the base, record in the ledger and the work tree, push."""
    signature = signing.sign(record.payload(data), key)
    verdict = signing.verify(record.payload(data), signature, trust.allowed_signers, who.principal)
    if verdict is not signing.Verdict.VALID:
        raise GateError(
            f"签名无法用基准版本 {scope.base_rev} 的 allowed_signers 核验（{verify.STATE_ZH[verdict.value]}），未写入",
            f"请确认 --key 是审查人 {who.id}（身份 {who.principal}）登记的密钥，且登记已合入 {scope.base_rev}",
        )
    target = ledger.remote_of(remote, trust.policy.ledger_remote) or "origin"
    fetched = history_ledger.fetch(scope.repo, target) if push else None
    path = f"{record.FOLDER}/{data['id']}.yaml"
    text = record.render(data, "sign")
    commit = ledger.append(scope, path, text, signature, (who.name, who.principal), fetched)
    write(scope.root, data, signature)
    if push:
        history_ledger.push(scope.repo, target)
    return Signed(
        path, data, pending, commit, target if push else None, ledger.push_command(target)
    )


def check_decision(decision: str) -> None:
    if decision not in record.DECISIONS:
        raise UsageError(
            f"审查结论只能是 {record.APPROVE} 或 {record.REJECT}，而不是 {decision!r}",
            f"例如 --decision {record.APPROVE}",
        )


def prepare(
    root: Path, base: str | None
) -> tuple[Scope, Trust, list[Pending], record.Signoff | None]:
    """What a new sign-off covers and where it joins the chain; refuses when that is unclear."""
    scope = open_scope(root, base)
    trust = trusts.load(scope)
    pending = changes.collect(scope, trust.policy, guarded=bool(trust.reviewers))
    if not pending:
        raise UsageError(
            f"自基准 {scope.base_rev} 以来没有需要合法性审查的变化，无需签署",
            "可用 shenguan review status 查看门禁状态",
        )
    unreadable = [p.path for p in pending if not p.readable]
    if unreadable:
        raise GateError(
            f"这些记录无法解析，不能审查：{'、'.join(unreadable)}",
            "请先运行 shenguan validate 并修正",
        )
    dirty = sorted(scope.dirty() & {path for p in pending for path, _ in p.covered()})
    if dirty:
        raise UsageError(
            f"这些记录有未提交的修改：{'、'.join(dirty)}",
            "审查记录写明所审查的提交，请先提交（git commit）这些修改再签署",
        )
    verification = verify.run(scope, trust, added_only=True)
    if verification.chain.problems:
        raise GateError(
            f"审查链有问题，不能接着签署：{verification.chain.problems[0]}",
            f"请恢复 {scope.base_rev} 上的审查记录后再签署（审查记录只能追加）",
        )
    if verification.chain.broken:
        off = sorted(verification.chain.broken)
        raise GateError(
            f"这些审查记录不在审查链上，不能接着签署：{'、'.join(off)}（{verification.chain.broken[off[0]]}）",
            f"它们不会被门禁认可：请先删除（git rm {' '.join(off)} 及同名 .sig），再重新签署",
        )
    tip = verification.chain.order[-1] if verification.chain.order else verification.chain.tip
    return scope, trust, pending, tip


def build(
    scope: Scope,
    tip: record.Signoff | None,
    pending: list[Pending],
    fields: dict[str, Any],
    when: dt.datetime | None = None,
) -> dict[str, Any]:
    """The record data in its stored key order; the schema is checked before anything is signed."""
    when = when or record.now()
    covered = sorted({(path, d) for p in pending for path, d in p.covered()})
    content = {
        **fields,
        "time": when.isoformat(),
        "base": scope.fork,
        "head": scope.head,
        **({"previous": tip.digest} if tip else {}),
        "covered": [{"path": path, "digest": d} for path, d in covered],
    }

    def taken(i: str) -> bool:
        return any((scope.root / record.FOLDER / f"{i}{s}").exists() for s in (".yaml", ".sig"))

    data = {"kind": "review", "id": record.new_id(when, content, taken), **content}
    issues = schemas.check("review", data)
    if issues:
        raise UsageError(f"审查记录不合格：{issues[0].pointer} {issues[0].message}", issues[0].hint)
    return data


def write(root: Path, data: dict[str, Any], signature: bytes | None) -> None:
    """The signature first, then the record: a record never exists without its signature."""
    path = root / record.FOLDER / f"{data['id']}.yaml"
    text = record.render(data, "sign" if signature is not None else "import")
    sig = root / record.sig_path(f"{record.FOLDER}/{data['id']}.yaml")
    if signature is not None:
        yamlio.atomic_write(sig, signature)
    try:
        yamlio.atomic_write(path, text)
    except BaseException:
        if signature is not None:
            sig.unlink(missing_ok=True)
        raise


def _reviewer(trust: Trust, key: Path, given: str | None) -> Reviewer:
    names = "、".join(sorted(trust.reviewers)) or "（名册为空）"
    if given:
        if given not in trust.reviewers:
            raise GateError(
                f"审查人 {given} 不在基准版本的审查人名册（reviewers.yaml）中",
                f"名册须先合入目标分支才算数；现有审查人：{names}",
            )
        return trust.reviewers[given]
    public = signing.public_key_of(key)
    if public is None:
        raise UsageError(
            "无法从密钥确定审查人：找不到对应的公钥文件（KEY.pub）",
            f"请用 --reviewer 指定审查人，可选：{names}",
        )
    found = [
        r
        for p in signing.principals_for(public, trust.allowed_signers)
        if (r := trust.by_principal(p))
    ]
    if len(found) != 1:
        raise GateError(
            "该密钥在基准版本的 allowed_signers 与审查人名册中"
            + ("找不到对应的审查人" if not found else "对应多位审查人"),
            f"请确认密钥已登记并合入目标分支，或用 --reviewer 指定；现有审查人：{names}",
        )
    return found[0]
