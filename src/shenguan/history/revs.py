"""Revisions and tags: every revision a user gives is checked, resolved once, and used as an id after."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from shenguan.errors import ToolError, UsageError
from shenguan.history.complete import require_complete, require_new_tag
from shenguan.history.runner import Repository, pathspec

COMMIT_ID = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
RELEASE_PREFIX = "catalog-"
_BAD = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Tag:
    name: str
    commit: str


def check_rev(rev: str) -> str:
    """A revision as typed; one starting with '-' would be read by git as an option (docs/security.md「Git」)."""
    if not rev or rev.startswith("-") or _BAD.search(rev):
        raise UsageError(
            f"修订名不合法：{rev!r}",
            "修订不能为空、不能以 - 开头、不能含空白或控制字符，"
            "例如 HEAD~1、main、catalog-2026.11.28",
        )
    return rev


def resolve(repo: Repository, rev: str) -> str:
    """The full commit id `rev` names; a UsageError when it names none."""
    check_rev(rev)
    code, out = repo.run(
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", ok=(0, 1, 128)
    )
    commit = out.decode("ascii", "replace").strip()
    if code != 0 or not COMMIT_ID.match(commit):
        if rev == "HEAD" and not has_commits(repo):
            raise ToolError("仓库还没有任何提交", "请先提交目录，再比较或发布")
        raise UsageError(
            f"无法解析修订 {rev}：仓库中没有这个提交、分支或标签",
            "请用 git log --oneline 或 git tag 查看可用的修订，例如 HEAD~1、main、catalog-2026.11.28",
        )
    return commit


def has_commits(repo: Repository) -> bool:
    code, _ = repo.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", ok=(0, 1, 128))
    return code == 0


def short(commit: str | None) -> str:
    return commit[:12] if commit else ""


def releases(repo: Repository, reachable_from: str | None = None) -> list[Tag]:
    """Release tags (`catalog-*`), newest version first; with a commit, only those it contains."""
    args = [
        "for-each-ref",
        "--sort=-version:refname",
        "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)",
        "refs/tags/catalog-*",
    ]
    if reachable_from:
        args.insert(1, f"--merged={reachable_from}")
    tags = []
    for row in repo.out(*args).decode("utf-8", "replace").splitlines():
        name, obj, peeled = (row.split("\0") + ["", ""])[:3]
        commit = peeled or obj
        if name.startswith(RELEASE_PREFIX) and COMMIT_ID.match(commit):
            tags.append(Tag(name, commit))
    return tags


def latest_release(repo: Repository, reachable_from: str) -> Tag | None:
    require_complete(repo, "确定上一个发布版本")
    found = releases(repo, reachable_from)
    return found[0] if found else None


def tag_exists(repo: Repository, name: str) -> bool:
    code, _ = repo.run("rev-parse", "--verify", "--quiet", f"refs/tags/{name}", ok=(0, 1, 128))
    return code == 0


def create_tag(repo: Repository, name: str, commit: str, message: str) -> None:
    """An annotated, unsigned tag; the message goes through stdin, exactly as given."""
    if not name.startswith(RELEASE_PREFIX) or not COMMIT_ID.match(commit):
        raise ValueError(f"refusing tag {name!r} on {commit!r}")
    require_complete(repo, "创建发布标签")
    require_new_tag(repo, name)
    if not _has_identity(repo):
        repo = Repository(
            repo.root,
            {**repo.overrides, "user.name": "shenguan", "user.email": "shenguan@localhost"},
        )
    repo.run(
        "tag",
        "-a",
        "--cleanup=verbatim",
        "-F",
        "-",
        "--",
        name,
        commit,
        stdin=message.encode("utf-8"),
    )


def _has_identity(repo: Repository) -> bool:
    name, _ = repo.run("config", "--get", "user.name", ok=(0, 1))
    email, _ = repo.run("config", "--get", "user.email", ok=(0, 1))
    return name == 0 and email == 0


def dirty_paths(repo: Repository, prefix: str) -> list[str]:
    """Uncommitted changes (staged, unstaged, untracked) inside the catalogue, as repository paths."""
    out = repo.out(
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--ignore-submodules=dirty",
        *pathspec(prefix),
    )
    paths, fields, i = [], out.split(b"\0"), 0
    while i < len(fields):
        entry = fields[i]
        i += 1
        if len(entry) < 4:
            continue
        paths.append(entry[3:].decode("utf-8", "replace"))
        if entry[:1] in (b"R", b"C"):
            i += 1  # the rename's source path follows
    return paths


def merge_base(repo: Repository, a: str, b: str) -> str:
    """The best common ancestor of two resolved commits (ids only ever reach git here)."""
    code, out = repo.run("merge-base", "--end-of-options", a, b, ok=(0, 1))
    commit = out.decode("ascii", "replace").strip()
    if code != 0 or not COMMIT_ID.match(commit):
        raise ToolError(
            f"基准 {short(a)} 与当前提交 {short(b)} 没有共同的历史",
            "请确认 --base 指向本分支的目标分支（如 main 或 origin/main）；"
            'CI 中请取完整历史（GitHub：fetch-depth: 0；GitLab：GIT_DEPTH: "0"）',
        )
    return commit


def root_commit(repo: Repository, head: str) -> str | None:
    """The first commit on `head`'s first-parent line."""
    out = repo.out("rev-list", "--max-parents=0", "--first-parent", "--end-of-options", head)
    ids = out.decode("ascii", "replace").split()
    return ids[-1] if ids and COMMIT_ID.match(ids[-1]) else None


def commit_before(repo: Repository, day: dt.date, head: str = "HEAD") -> str | None:
    """The last first-parent commit of `head` made before `day` began (local time)."""
    out = repo.out(
        "rev-list",
        "-1",
        "--first-parent",
        f"--before={day.isoformat()} 00:00:00",
        "--end-of-options",
        head,
    )
    commit = out.decode("ascii", "replace").strip()
    return commit if COMMIT_ID.match(commit) else None


def commit_time(repo: Repository, commit: str) -> dt.datetime | None:
    code, out = repo.run("show", "-s", "--format=%cI", "--end-of-options", commit, ok=(0, 128))
    try:
        return (
            dt.datetime.fromisoformat(out.decode("ascii", "replace").strip()) if code == 0 else None
        )
    except ValueError:
        return None
