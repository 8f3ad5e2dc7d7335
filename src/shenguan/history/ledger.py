"""The review ledger in git: a branch of its own that only ever grows, written with plumbing.

Each decision is one commit adding `<id>.yaml` and `<id>.sig` at the top of the ledger's tree.
The commit is built from objects (hash-object, mktree, commit-tree) and the branch moved with a
compare-and-swap `update-ref`, so no hook runs and neither the work tree nor the index is touched.
A branch rather than a private ref namespace: every hosting service protects branches (who may
push, no force push, no deletion), while refs outside refs/heads are neither protected nor shown.
"""

from __future__ import annotations

import re

from shenguan.errors import ToolError, UsageError
from shenguan.history.runner import Repository
from shenguan.history.source import read_blobs

BRANCH = "shenguan-reviews"
REF = f"refs/heads/{BRANCH}"
_REMOTE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(yaml|sig)$")
# Fetching from a path is what a reviewer's own remote may be; `user` keeps it off for submodules.
_FILE_OK = ("-c", "protocol.file.allow=user")


def check_remote(name: str) -> str:
    """A remote's name as typed: never an option, never a URL or a path."""
    if not _REMOTE.match(name):
        raise UsageError(
            f"远程仓库名不合法：{name!r}",
            "请写 git remote 中登记的名称，例如 origin（不能以 - 开头，不能是网址或路径）",
        )
    return name


def remote_ref(remote: str) -> str:
    return f"refs/remotes/{check_remote(remote)}/{BRANCH}"


def tip(repo: Repository, ref: str = REF) -> str | None:
    """The commit a ledger ref points at; None when there is no ledger yet."""
    code, out = repo.run(
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", ok=(0, 1, 128)
    )
    commit = out.decode("ascii", "replace").strip()
    return commit if code == 0 and commit else None


def files(repo: Repository, commit: str) -> dict[str, bytes]:
    """Every record file at the top of a ledger commit; anything else there is ignored."""
    names = {n: sha for n, sha in _entries(repo, commit).items() if _NAME.match(n)}
    contents = read_blobs(repo, list(names.values()))
    return {n: c for n, c in zip(names, contents) if c is not None}


def _entries(repo: Repository, commit: str) -> dict[str, str]:
    out = repo.out("ls-tree", "-z", "--end-of-options", commit)
    found = {}
    for item in out.split(b"\0"):
        if not item:
            continue
        meta, name = item.split(b"\t", 1)
        mode, kind, sha = meta.decode("ascii").split()
        if kind == "blob" and mode == "100644":
            found[name.decode("utf-8", "replace")] = sha
    return found


def append(
    repo: Repository, added: dict[str, bytes], message: str, who: tuple[str, str], also: str | None
) -> str:
    """One ledger commit adding `added` on top of the local ledger (and `also`, a fetched tip).

    The tree is the union of both tips plus the new files, and both tips are parents, so the new
    commit fast-forwards the remote's branch too. The local ref moves only if nobody moved it since.
    """
    old = tip(repo)
    parents = [p for p in dict.fromkeys([old, also]) if p]
    entries: dict[str, str] = {}
    for parent in parents:
        entries.update(_entries(repo, parent))
    for name, content in sorted(added.items()):
        if not _NAME.match(name):
            raise AssertionError(f"not a ledger file name: {name}")
        entries[name] = repo.out("hash-object", "-w", "--stdin", stdin=content).decode().strip()
    tree_in = b"".join(
        f"100644 blob {sha}\t{n}".encode() + b"\0" for n, sha in sorted(entries.items())
    )
    tree = repo.out("mktree", "-z", stdin=tree_in).decode().strip()
    identity = ("-c", f"user.name={who[0]}", "-c", f"user.email={who[1]}")
    args = [a for p in parents for a in ("-p", p)]
    commit = (
        repo.out(*identity, "commit-tree", tree, *args, stdin=message.encode()).decode().strip()
    )
    repo.run("update-ref", "-m", "shenguan review ledger", REF, commit, old or "0" * 40)
    return commit


def fetch(repo: Repository, remote: str) -> str | None:
    """The remote's ledger, fetched to refs/remotes/REMOTE/shenguan-reviews; None if it has none."""
    target = remote_ref(remote)
    try:
        listed = repo.out(*_FILE_OK, "ls-remote", "--heads", "--end-of-options", remote, REF)
        if not listed.strip():
            return None
        repo.run(
            *_FILE_OK,
            "fetch",
            "--no-tags",
            "--no-write-fetch-head",
            "--end-of-options",
            remote,
            f"+{REF}:{target}",
        )
    except ToolError as e:
        raise ToolError(
            f"无法从远程仓库 {remote} 读取审查台账（{BRANCH} 分支）：{e.message}",
            f"请检查网络和权限，可先手工运行 git fetch {remote} {BRANCH}",
        ) from None
    return tip(repo, target)


def push(repo: Repository, remote: str) -> None:
    """Publish the local ledger; a refusal (protected branch, someone else's newer decision) says so."""
    try:
        repo.run(
            *_FILE_OK, "push", "--quiet", "--end-of-options", check_remote(remote), f"{REF}:{REF}"
        )
    except ToolError as e:
        raise ToolError(
            f"审查台账推送到 {remote} 失败：{e.message}",
            f"决定已记入本地台账；请确认有推送 {BRANCH} 的权限后运行 git push {remote} {BRANCH}",
        ) from None


def touched(repo: Repository, fork: str, head: str, folder: str) -> list[tuple[str, str]]:
    """(path, blob id) of every version of a file under `folder` committed in fork..head.

    What a branch once held stays in its objects even when a later commit deletes or edits it.
    """
    out = repo.out(
        "log",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--format=",
        "-z",
        "--end-of-options",
        f"{fork}..{head}",
        "--",
        folder,
    )
    parts = [p for p in out.split(b"\0")]
    seen: list[tuple[str, str]] = []
    i = 0
    while i + 1 < len(parts):
        meta = parts[i].decode("ascii", "replace").lstrip("\n").split()
        if len(meta) == 5 and meta[0].startswith(":"):
            path = parts[i + 1].decode("utf-8", "replace")
            if set(meta[3]) != {"0"}:
                seen.append((path, meta[3]))
            i += 2
        else:
            i += 1
    return sorted(set(seen))


def blobs(repo: Repository, ids: list[str]) -> list[bytes | None]:
    return read_blobs(repo, ids)


def first_commit_day(repo: Repository, fork: str, head: str) -> str | None:
    """The committer date (YYYY-MM-DD) of the oldest commit in fork..head; None when there is none."""
    if fork == head:
        return None
    out = repo.out("log", "--reverse", "--format=%cs", "--end-of-options", f"{fork}..{head}")
    lines = out.decode("ascii", "replace").split()
    return lines[0] if lines else None
