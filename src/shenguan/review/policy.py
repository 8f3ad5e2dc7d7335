"""Which changes need legality review (通知一（二）): the manifest's `review_policy`.

The policy is always read from the trusted base revision, so a change cannot relax the rules
that judge it. Besides the record kinds the policy names, changes to the review machinery
itself (the policy, the reviewer registry, the allowed-signers file) need a sign-off once the
base has any reviewer, so the trust roots move only with an existing reviewer's approval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from shenguan.yamlio import canonical_json

DEFAULT_KINDS = ("matter", "transfer")
# Contact-only fields: public phones and hall facts that change without legal effect.
DEFAULT_EXEMPT = (
    "/contact/consult_phone",
    "/contact/complaint_phone",
    "/hall/address",
    "/hall/hours",
    "/hall/window",
)
REGISTRY = "reviewers.yaml"
ALLOWED_SIGNERS = "allowed_signers"
TRUST_FILES = (REGISTRY, ALLOWED_SIGNERS)
POLICY_POINTER = "/review_policy"
_POINTER = re.compile(r"^(/[^/]+)+$")
# Any bureau's prefix, a four-digit year in 〔〕 and a number: 未司审〔2026〕12号. A catalogue names
# its own bureau's prefix in `paper_number_pattern` (the sample: 未司审).
DEFAULT_PAPER_NUMBER = r"^[\u4e00-\u9fff]{2,12}〔\d{4}〕\d{1,4}号$"
_REMOTE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_MISSING = object()


@dataclass(frozen=True)
class Policy:
    kinds: tuple[str, ...] = DEFAULT_KINDS
    exempt_fields: tuple[str, ...] = DEFAULT_EXEMPT
    accept_paper: bool = False
    paper_number_pattern: str = DEFAULT_PAPER_NUMBER
    ledger_remote: str | None = None  # whose review ledger CI also reads (shenguan-reviews)

    @classmethod
    def from_manifest(cls, manifest: dict[str, Any] | None) -> Policy:
        """The manifest's policy; a missing part takes its default (matters and transfers, phones exempt)."""
        given = (manifest or {}).get("review_policy")
        if not isinstance(given, dict):
            return cls()
        exempt = tuple(
            e for e in _strings(given.get("exempt_fields"), DEFAULT_EXEMPT) if _POINTER.match(e)
        )
        return cls(
            _strings(given.get("kinds"), DEFAULT_KINDS),
            exempt,
            given.get("accept_paper") is True,
            _pattern(given.get("paper_number_pattern")),
            _remote(given.get("ledger_remote")),
        )

    def paper_number_ok(self, number: str) -> bool:
        return re.fullmatch(self.paper_number_pattern, number) is not None

    def exempt(self, pointer: str) -> bool:
        return any(_under(pointer, pattern) for pattern in self.exempt_fields)

    def covers(self, kind: str, guarded: bool = True) -> bool:
        """Whether changes to records of this kind go to review at all."""
        return guarded if kind == "trust" else kind in self.kinds

    def review_pointers(
        self, kind: str, before: Any, after: Any, guarded: bool = True
    ) -> list[str]:
        """The changed fields that need review ([] when none do); '' stands for the whole file.

        `guarded` is False while the base has no reviewer: nobody could sign the first enrolment.
        """
        if kind == "trust":
            return [""] if guarded and before != after else []
        changed = changed_pointers(before, after)
        if kind == "manifest" and "manifest" not in self.kinds:
            return [p for p in changed if _under(p, POLICY_POINTER)] if guarded else []
        if kind not in self.kinds:
            return []
        return [p for p in changed if not self.exempt(p)]


def _strings(value: Any, default: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, list):
        return default
    return tuple(v for v in value if isinstance(v, str))


def _pattern(value: Any) -> str:
    """The policy's pattern; one that does not compile keeps the default (the schema rejects it)."""
    if not isinstance(value, str):
        return DEFAULT_PAPER_NUMBER
    try:
        re.compile(value)
    except re.error:
        return DEFAULT_PAPER_NUMBER
    return value


def _remote(value: Any) -> str | None:
    return value if isinstance(value, str) and _REMOTE.match(value) else None


def _under(pointer: str, pattern: str) -> bool:
    """`pointer` is `pattern` or lies below it; a `*` segment in the pattern matches any one segment."""
    have, want = pointer.split("/")[1:], pattern.split("/")[1:]
    if len(have) < len(want):
        return False
    return all(w in ("*", h) for h, w in zip(have, want))


def changed_pointers(before: Any, after: Any, at: str = "") -> list[str]:
    """JSON pointers of every leaf that differs; a record added or removed lists all its leaves."""
    if before is None and after is None:
        return []
    return _diff(_MISSING if before is None else before, _MISSING if after is None else after, at)


def _diff(a: Any, b: Any, at: str) -> list[str]:
    if a is not _MISSING and b is not _MISSING and canonical_json(a) == canonical_json(b):
        return []  # type-strict: 1 and true, or 1 and 1.0, are different content with different digests
    if _container(a, dict) and _container(b, dict):
        da, db = (x if isinstance(x, dict) else {} for x in (a, b))
        keys = list(da) + [k for k in db if k not in da]
        out = [
            p
            for k in keys
            for p in _diff(da.get(k, _MISSING), db.get(k, _MISSING), f"{at}/{_escape(k)}")
        ]
        return out or [at]
    if _container(a, list) and _container(b, list):
        la, lb = (x if isinstance(x, list) else [] for x in (a, b))
        out = [
            p
            for i in range(max(len(la), len(lb)))
            for p in _diff(
                la[i] if i < len(la) else _MISSING, lb[i] if i < len(lb) else _MISSING, f"{at}/{i}"
            )
        ]
        return out or [at]
    return [at]


def _container(value: Any, kind: type) -> bool:
    return value is _MISSING or isinstance(value, kind)


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
