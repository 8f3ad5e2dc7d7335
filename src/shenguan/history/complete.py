"""History that must be complete (docs/security.md).

In `git clone --depth 1` the previous release tag and every older commit are missing, so "no
previous release" or "one commit touched this file" would be a wrong answer, and a release gate
that trusts it tags unreviewed work. Answers that walk history refuse a shallow or partial clone.
A tag name is also checked against every configured remote before it is created.
"""

from __future__ import annotations

from shenguan.errors import ToolError
from shenguan.history.runner import Repository


def incomplete(repo: Repository) -> str | None:
    """Why the repository's history is not all here ('浅克隆' / '部分克隆'), or None."""
    shallow = repo.out("rev-parse", "--is-shallow-repository").strip()
    if shallow == b"true":
        return "浅克隆（shallow clone）"
    code, out = repo.run("config", "--get", "extensions.partialClone", ok=(0, 1))
    if code == 0 and out.strip():
        return "部分克隆（partial clone）"
    return None


def require_complete(repo: Repository, why: str) -> None:
    """Refuse (exit 3) when `why` needs the whole history and the clone holds only part of it."""
    kind = incomplete(repo)
    if kind:
        raise ToolError(
            f"仓库 {repo.root} 是{kind}，历史不完整，无法{why}",
            "请先取回完整历史：git fetch --unshallow（部分克隆请用 git fetch --refetch）后重试",
        )


def remote_has_tag(repo: Repository, name: str) -> str | None:
    """The first configured remote already holding tag `name`, or None (no remote: None)."""
    remotes = repo.out("remote").decode("utf-8", "replace").split()
    # ls-remote only reads refs; local file remotes are allowed for it alone.
    reader = Repository(repo.root, {**repo.overrides, "protocol.file.allow": "always"})
    for remote in remotes:
        code, out = reader.run(
            "ls-remote", "--tags", "--end-of-options", remote, f"refs/tags/{name}", ok=(0, 2, 128)
        )
        if code != 0:
            raise ToolError(
                f"无法查看远程仓库 {remote} 的标签，不能确认 {name} 是否已被使用",
                "请检查网络与远程仓库地址（git remote -v）后重试",
            )
        if out.strip():
            return remote
    return None


def require_new_tag(repo: Repository, name: str) -> None:
    remote = remote_has_tag(repo, name)
    if remote:
        raise ToolError(
            f"远程仓库 {remote} 已有标签 {name}，不会再创建同名标签",
            "请先 git fetch --tags 取回远程的发布标签，再重新运行 shenguan release",
        )
