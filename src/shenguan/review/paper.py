"""`review import`: a legality-review decision made on paper, recorded with its document number.

It joins the chain and the ledger like any sign-off. The paper itself carries no electronic
signature: the registered reviewer who enters it signs the record, and the gate shows it as
unsigned paper and accepts it only when the base's policy says so (`review_policy.accept_paper`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shenguan.catalog import lock
from shenguan.clock import today
from shenguan.errors import UsageError
from shenguan.history import ledger as history_ledger
from shenguan.review import signing
from shenguan.review.changes import Pending
from shenguan.review.sign import Signed, _reviewer, build, check_decision, prepare, seal
from shenguan.review.status import paper_problem


@dataclass
class Imported:
    path: str
    data: dict[str, Any]
    pending: list[Pending]
    accepted: bool  # whether the base's policy lets a paper decision pass the gate
    signed: Signed | None = None  # the ledger commit and push outcome


def record_paper(
    root: Path,
    base: str | None,
    document: str,
    decision: str,
    date: str,
    opinion: str = "",
    organisation: str | None = None,
    *,
    key: Path,
    reviewer: str | None = None,
    push: bool = False,
    remote: str | None = None,
) -> Imported:
    """Record the paper decision for the pending changes, under the catalogue lock.

    The bureau's own registered reviewer enters it with their key: a clerk holding a paper cannot
    approve alone. The number must follow the base policy's pattern, and the date cannot precede
    the change's first commit (a decision cannot be about a change not yet made)."""
    check_decision(decision)
    _check_date(date)
    with lock.hold(root):
        scope, trust, pending, tip = prepare(root, base)
        who = _reviewer(trust, key, reviewer)
        if organisation and organisation != who.organisation:
            raise UsageError(
                f"--organisation {organisation} 与审查人 {who.id} 在名册中的审查机关“{who.organisation}”不一致",
                "纸质决定由作出决定的机关的登记审查人登记；可省略 --organisation",
            )
        problem = paper_problem(
            {"doc_no": document, "date": date},
            trust.policy,
            history_ledger.first_commit_day(scope.repo, scope.fork, scope.head),
        )
        if problem:
            raise UsageError(
                problem, "请按纸质决定书核对文号与日期（文号格式见 shenguan.yaml 的 review_policy）"
            )
        fields = {
            "reviewer": who.id,
            "reviewer_name": who.name,
            "organisation": who.organisation,
            "decision": decision,
            **({"opinion": opinion} if opinion else {}),
            "namespace": signing.NAMESPACE,
            "paper": {"doc_no": document, "date": date},
        }
        data = build(scope, tip, pending, fields)
        done = seal(scope, trust, who, data, key, push, remote, pending)
    return Imported(done.path, data, pending, trust.policy.accept_paper, done)


def _check_date(value: str) -> None:
    try:
        when = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"日期 {value!r} 不是 YYYY-MM-DD 格式的有效日期", "例如 --date 2026-11-20"
        ) from None
    if len(value) != 10 or when > today():
        raise UsageError(
            f"日期 {value} 不合理：决定日期须为 YYYY-MM-DD，且不能晚于今天",
            "请按纸质决定书上的日期填写",
        )
