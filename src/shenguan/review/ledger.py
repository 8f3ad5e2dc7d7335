"""Decisions the author of a change cannot take back: the review ledger and the branch's history.

`review sign` and `review import` append every decision to the ledger branch (`shenguan-reviews`,
protected on the hosting service so only reviewers push it). The gate gathers, besides the records
in the work tree, every record the ledger holds (locally and, in CI, on the remote) and every
version of a record the branch ever committed. A later verified rejection of the same content
beats an earlier approval however the branch was edited, rewritten or started afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from shenguan.history import Repository
from shenguan.history import ledger as store
from shenguan.review import record
from shenguan.review.record import REJECT, Signoff
from shenguan.review.scope import Scope

LEDGER_ZH = "审查台账"


@dataclass(frozen=True)
class Known:
    """A decision found outside the work tree, with where it was found (for messages)."""

    signoff: Signoff
    source: str


def remote_of(given: str | None, configured: str | None) -> str | None:
    """The remote whose ledger counts: the option, else the manifest's review policy."""
    return store.check_remote(given) if given else configured


def collect(scope: Scope, remote: str | None) -> list[Known]:
    """Every candidate record (not yet verified) from the ledger and the branch's history."""
    found = _from_ledger(scope.repo, store.tip(scope.repo), f"本地{LEDGER_ZH}")
    if remote:
        found += _from_ledger(
            scope.repo, store.fetch(scope.repo, remote), f"{remote} 的{LEDGER_ZH}"
        )
    return found + _from_history(scope)


def _from_ledger(repo: Repository, commit: str | None, where: str) -> list[Known]:
    if commit is None:
        return []
    files = store.files(repo, commit)
    return [
        Known(record.parse(f"{record.FOLDER}/{n}", raw, files.get(n[:-5] + ".sig")), where)
        for n, raw in sorted(files.items())
        if n.endswith(".yaml")
    ]


def _from_history(scope: Scope) -> list[Known]:
    """Each committed version of each record, paired with each committed version of its signature."""
    if scope.fork == scope.head:
        return []
    folder = scope.prefix + record.FOLDER
    versions = store.touched(scope.repo, scope.fork, scope.head, folder)
    contents = dict(
        zip((sha for _, sha in versions), store.blobs(scope.repo, [s for _, s in versions]))
    )
    found = []
    for path, sha in versions:
        if not path.endswith(".yaml") or contents.get(sha) is None:
            continue
        rel = path[len(scope.prefix) :]
        sigs = [contents.get(s) for p, s in versions if p == path[:-5] + ".sig"] or [None]
        found += [Known(record.parse(rel, contents[sha] or b"", s), "分支历史") for s in sigs]
    return found


def overruled(approval: Signoff, decisions: list[Known], known: dict[str, Signoff]) -> Known | None:
    """The rejection that has the last word on content `approval` covers, if one has.

    Among the verified decisions about shared content signed after `approval`, the latest wins;
    a rejection followed by a fresh approval overrules nothing. "After" follows the signed
    `previous` links first (two decisions in one second), the signed time only across chains.
    `known` maps digests to records.
    """
    pairs = set(approval.covered.items())
    later = [
        k
        for k in decisions
        if k.signoff.digest != approval.digest
        and pairs & set(k.signoff.covered.items())
        and _after(k.signoff, approval, known)
    ]
    last = [k for k in later if not any(_after(o.signoff, k.signoff, known) for o in later)]
    rejections = [k for k in last if k.signoff.get("decision") == REJECT]
    return max(rejections, key=lambda k: (str(k.signoff.get("time")), k.signoff.id), default=None)


def _after(a: Signoff, b: Signoff, known: dict[str, Signoff]) -> bool:
    if _descends(a, b.digest, known):
        return True
    if _descends(b, a.digest, known) or a.when is None or b.when is None:
        return False
    return a.when > b.when


def _descends(record_: Signoff, digest: str, known: dict[str, Signoff]) -> bool:
    seen: set[str] = set()
    step = record_.get("previous")
    while isinstance(step, str) and step not in seen:
        if step == digest:
            return True
        seen.add(step)
        step = known[step].get("previous") if step in known else None
    return False


def append(
    scope: Scope,
    data_path: str,
    raw: bytes,
    signature: bytes,
    who: tuple[str, str],
    also: str | None = None,
) -> str:
    """Add one signed record to the local ledger; returns the new ledger commit."""
    name = data_path.rsplit("/", 1)[-1]
    files = {name: raw, name[:-5] + ".sig": signature}
    return store.append(scope.repo, files, f"合法性审查决定 {name[:-5]}\n", who, also)


def push_command(remote: str | None) -> str:
    return f"git push {remote or 'origin'} {store.BRANCH}"
