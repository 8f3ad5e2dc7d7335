"""What a review looks at: the trusted revision, the commit changes are measured from, the working tree.

`base` is the revision the change will land on (the target branch, or the last release). Changes
are measured from `fork`, the merge base of `base` and HEAD, as a pull request shows them; the
newer side is the working tree, so an edit made after a sign-off is seen before it is committed.
The policy, the reviewer registry and the allowed signers are read from `trusted` and only from
it: by default the base itself; a release, whose whole history has landed, trusts its own HEAD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shenguan import history

DEFAULT_BASE = "main"


@dataclass
class Scope:
    root: Path
    repo: history.Repository
    prefix: str
    base_rev: str
    base: str
    fork: str
    head: str
    trusted: str
    _changed: list[history.FileChange] | None = field(default=None, repr=False)

    def read_at(self, commit: str, rel: str) -> bytes | None:
        """A catalogue file at a commit; None when it is not there."""
        return self.read_many_at(commit, [rel])[rel]

    def read_many_at(self, commit: str, rels: list[str]) -> dict[str, bytes | None]:
        """Several files at a commit through one `git cat-file --batch`."""
        found = history.read_paths(self.repo, commit, [self.prefix + r for r in rels])
        return {r: found[self.prefix + r] for r in rels}

    def read_many_worktree(self, rels: list[str]) -> dict[str, bytes | None]:
        return {r: history.worktree_file(self.root, r) for r in rels}

    def read_worktree(self, rel: str) -> bytes | None:
        return history.worktree_file(self.root, rel)

    def changed(self) -> list[history.FileChange]:
        """Catalogue files changed from `fork` to the working tree (untracked files included), once."""
        if self._changed is None:
            self._changed = history.changed_files(self.repo, self.fork, None, self.prefix)
        return self._changed

    def dirty(self) -> set[str]:
        """Catalogue paths with uncommitted changes."""
        return {
            p[len(self.prefix) :]
            for p in history.dirty_paths(self.repo, self.prefix)
            if p.startswith(self.prefix)
        }


def open_scope(root: Path, base_rev: str | None = None, trusted_rev: str | None = None) -> Scope:
    """Resolve every revision once; a base that shares no history with HEAD is a ToolError."""
    repo = history.find(root)
    prefix = history.catalog_prefix(repo, root)
    rev = base_rev or DEFAULT_BASE
    base = history.resolve(repo, rev)
    head = history.resolve(repo, "HEAD")
    trusted = history.resolve(repo, trusted_rev) if trusted_rev else base
    return Scope(root, repo, prefix, rev, base, history.merge_base(repo, base, head), head, trusted)
