"""Git access (docs/security.md「Git」); the one package that imports GitPython.

- `find(path)` → `Repository` (top of the working tree); `catalog_prefix(repo, root)` → '' or 'catalog/'.
- `resolve(repo, rev)` → full commit id; a revision starting with '-' is a UsageError, and only the
  id is used after that.
- `GitSource(repo, commit, prefix)`: the catalogue at a commit, a catalog.Source read from git
  objects (symlinks and submodules are Y008 findings, never followed); `source_at(root, rev)` builds
  one for a catalogue folder. `read_blobs(repo, names)` reads many objects through one process.
- `changed_files(repo, base, head_or_None, prefix)`: the catalogue files that changed, from git's
  raw diff, so the cost follows the change; `path_history(...)`: the commits that touched one file.
- `releases`, `latest_release`, `create_tag`, `dirty_paths`: what `shenguan release` needs.

Repo-local hooks, fsmonitor and filter drivers never run: every git process gets environment config
that overrides them (runner.py), and inherited GIT_* variables are dropped. GitPython is kept for
`init_repo`/`commit_all` (used by `shenguan init`) and imported only when they run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from shenguan.history.changes import (
    FileChange,
    PathCommit,
    changed_files,
    path_history,
    worktree_file,
)
from shenguan.history.revs import (
    Tag,
    check_rev,
    commit_before,
    commit_time,
    create_tag,
    dirty_paths,
    has_commits,
    latest_release,
    merge_base,
    releases,
    resolve,
    root_commit,
    short,
    tag_exists,
)
from shenguan.history.runner import SAFE_CONFIG, Repository, catalog_prefix, find, safe_env
from shenguan.history.source import GitSource, layout_problem, read_blobs, read_paths

if TYPE_CHECKING:
    import git

__all__ = [
    "SAFE_CONFIG",
    "FileChange",
    "GitSource",
    "PathCommit",
    "Repository",
    "Tag",
    "catalog_prefix",
    "changed_files",
    "check_rev",
    "commit_all",
    "commit_before",
    "commit_time",
    "create_tag",
    "dirty_paths",
    "find",
    "has_commits",
    "init_repo",
    "latest_release",
    "layout_problem",
    "merge_base",
    "path_history",
    "read_blobs",
    "read_paths",
    "releases",
    "resolve",
    "root_commit",
    "safe_env",
    "short",
    "source_at",
    "tag_exists",
    "worktree_file",
]


def source_at(catalog_root: Path, rev: str) -> GitSource:
    """The catalogue folder `catalog_root` as it was at `rev` (for `validate --rev`); labelled by the folder."""
    repo = find(catalog_root)
    return GitSource(
        repo, resolve(repo, rev), catalog_prefix(repo, catalog_root), label=str(catalog_root)
    )


def _prepare(repo: git.Repo) -> git.Repo:
    repo.git.update_environment(**safe_env())
    return repo


def init_repo(path: Path) -> git.Repo:
    import git

    return _prepare(git.Repo.init(path, initial_branch="main"))


def commit_all(repo: git.Repo, message: str) -> str:
    """Stage everything and commit, without running hooks; returns the commit id."""
    repo.git.add("--all", "--", ".")
    args = ["--no-verify", "-q", "-m", message]
    if not _has_identity(repo):
        args = ["-c", "user.name=shenguan", "-c", "user.email=shenguan@localhost", "commit", *args]
        repo.git.execute(["git", *args], env=safe_env())
    else:
        repo.git.commit(*args)
    return str(repo.head.commit.hexsha)


def _has_identity(repo: git.Repo) -> bool:
    reader = repo.config_reader()
    return bool(reader.has_option("user", "name") and reader.has_option("user", "email"))
