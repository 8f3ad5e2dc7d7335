"""Plain git for building test repositories: a fixed author and date, no inherited GIT_* variables."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

AUTHOR = {
    "GIT_AUTHOR_NAME": "测试员",
    "GIT_AUTHOR_EMAIL": "tester@example.org",
    "GIT_COMMITTER_NAME": "测试员",
    "GIT_COMMITTER_EMAIL": "tester@example.org",
    "GIT_AUTHOR_DATE": "2026-01-05T10:00:00+08:00",
    "GIT_COMMITTER_DATE": "2026-01-05T10:00:00+08:00",
}


def git(cwd: Path, *args: str) -> str:
    """Plain git with a fixed author, for building test repositories; returns stdout, stripped."""
    return _run(cwd, args, AUTHOR)


def git_at(cwd: Path, when: str, *args: str) -> str:
    """git with author and committer dated `when` (for tests that read commit times)."""
    return _run(cwd, args, {**AUTHOR, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})


def commit(root: Path, message: str = "改动") -> str:
    """Commit everything in the work tree (an empty commit too); returns the new commit's id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")


def _run(cwd: Path, args: tuple[str, ...], author: dict[str, str]) -> str:
    # The developer's own GIT_DIR, GIT_INDEX_FILE or author must never leak into a test repository.
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")}, **author}
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "gc.auto=0", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()
