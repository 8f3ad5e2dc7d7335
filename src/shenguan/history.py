"""Git access: the one module that imports GitPython (SECURITY.md "Git").

Repo-local hooks and fsmonitor never run: every git process gets environment config that
overrides them, and inherited GIT_* variables are dropped.
"""

from __future__ import annotations

import os
from pathlib import Path

import git

from shenguan.errors import ToolError

SAFE_CONFIG = {
    "core.fsmonitor": "false",
    "core.hooksPath": "/dev/null",
    "core.untrackedCache": "false",
    "diff.external": "",
    "protocol.file.allow": "never",
}


def safe_env() -> dict[str, str]:
    """The environment of every git process the tool starts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_COUNT"] = str(len(SAFE_CONFIG))
    for i, (key, value) in enumerate(SAFE_CONFIG.items()):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def _prepare(repo: git.Repo) -> git.Repo:
    repo.git.update_environment(**safe_env())
    return repo


def open_repo(path: Path) -> git.Repo:
    """The repository holding `path` (a catalogue may be a subfolder of it)."""
    try:
        return _prepare(git.Repo(path, search_parent_directories=True))
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ToolError(f"{path} 不在 git 仓库中", "请在目录所在的 git 仓库中运行，或先 git init") from None


def init_repo(path: Path) -> git.Repo:
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
    return repo.head.commit.hexsha


def _has_identity(repo: git.Repo) -> bool:
    reader = repo.config_reader()
    return reader.has_option("user", "name") and reader.has_option("user", "email")
