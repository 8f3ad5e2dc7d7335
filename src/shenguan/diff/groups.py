"""Entries in the order a reviewer reads them: what the review policy sends to review first,
then the rest, contact-only edits last. The policy itself lives in review/; this floor takes its
verdicts as two predicates on pointers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from shenguan.diff.model import ChangeEntry


@dataclass(frozen=True)
class Groups:
    """Entries in reading order: what needs legality review, the rest, contact-only edits last."""

    review: tuple[ChangeEntry, ...] = ()
    other: tuple[ChangeEntry, ...] = ()
    contact: tuple[ChangeEntry, ...] = ()

    def __iter__(self) -> Iterator[tuple[str, tuple[ChangeEntry, ...]]]:
        yield from ((REVIEW_GROUP, self.review), (OTHER_GROUP, self.other))
        yield CONTACT_GROUP, self.contact


REVIEW_GROUP, OTHER_GROUP, CONTACT_GROUP = (
    "须合法性审查",
    "其他变更",
    "仅联系方式（无须合法性审查）",
)


def group(
    found: tuple[ChangeEntry, ...],
    review: Callable[[str], bool],
    contact: Callable[[str], bool],
) -> Groups:
    """Split entries by the policy's verdict on their pointers, keeping their order in each part."""
    shown = [
        (e, "contact" if contact(e.pointer) else "review" if review(e.pointer) else "")
        for e in found
    ]
    return Groups(
        tuple(e for e, g in shown if g == "review"),
        tuple(e for e, g in shown if not g),
        tuple(e for e, g in shown if g == "contact"),
    )
