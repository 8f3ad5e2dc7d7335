"""Records at a commit: a catalogue Source read from git objects, never from a checkout.

Blobs come through one `git cat-file --batch` process per batch, which reads thousands of objects
in the time GitPython's object walk takes for a few. Symlinks (mode 120000) and submodules (160000)
inside the catalogue are findings (Y008), never followed.
"""

from __future__ import annotations

import threading
from typing import Iterable

from shenguan.catalog import KIND_DIR, MANIFEST
from shenguan.findings import Finding, Severity
from shenguan.history.revs import short
from shenguan.history.runner import Repository, pathspec

SYMLINK, GITLINK = "120000", "160000"
_NULL_ID = {"0" * 40, "0" * 64}


def read_blobs(repo: Repository, names: list[str]) -> list[bytes | None]:
    """The content of each object name (an id, or `COMMIT:path`), None where there is none."""
    if not names:
        return []
    proc = repo.popen("cat-file", "--batch")
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout
    # A name holding a newline would split the request: send a name that cannot exist instead.
    request = b"".join((n if "\n" not in n else "0" * 40).encode("utf-8") + b"\n" for n in names)

    def feed() -> None:
        # Written from a thread so a large batch cannot deadlock on full pipes.
        try:
            stdin.write(request)
        finally:
            stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out: list[bytes | None] = []
    try:
        for _ in names:
            header = stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                if len(header) == 3:
                    stdout.read(int(header[2]) + 1)
                out.append(None)
                continue
            size = int(header[2])
            out.append(stdout.read(size + 1)[:size])
    finally:
        writer.join()
        proc.stdout.close()
        proc.wait()
    return out


def read_paths(repo: Repository, commit: str, paths: Iterable[str]) -> dict[str, bytes | None]:
    """Files by repository path at a commit (for the few a comparison looks up beside the changes)."""
    wanted = sorted(set(paths))
    return dict(zip(wanted, read_blobs(repo, [f"{commit}:{p}" for p in wanted])))


def layout_problem(rel: str, mode: str) -> Finding | None:
    """Y008/Y009 for a catalogue path that is a symlink, a submodule or a `.yml` record."""
    if mode == SYMLINK:
        return Finding(rel, 1, 1, "Y008", Severity.ERROR, "", "记录文件或文件夹是符号链接（git 中为 120000）",
                       "请用普通文件代替符号链接")
    if mode == GITLINK:
        return Finding(rel, 1, 1, "Y008", Severity.ERROR, "", "目录中不得有子模块（git 中为 160000）",
                       "请把记录文件直接放进目录，并删除子模块")
    if rel.endswith(".yml") and is_record_path(rel[:-4] + ".yaml"):
        return Finding(rel, 1, 1, "Y009", Severity.ERROR, "", "记录文件应以 .yaml 结尾",
                       f"请改名为 {rel.rsplit('/', 1)[-1][:-4]}.yaml")
    return None


def is_record_path(rel: str) -> bool:
    """The paths a WorkTree lists: the manifest, `<kind>/<id>.yaml`, `standards/<id>/<file>.yaml`."""
    parts = rel.split("/")
    if any(p.startswith(".") for p in parts) or not rel.endswith(".yaml"):
        return False
    if rel == MANIFEST:
        return True
    depth = 3 if parts[0] == "standards" else 2
    return len(parts) == depth and parts[0] in KIND_DIR.values()


def in_layout(rel: str) -> bool:
    """Whether a path lies where records live (so a link there is a finding, elsewhere noise)."""
    parts = rel.split("/")
    if rel == MANIFEST:
        return True
    limit = 3 if parts[0] == "standards" else 2
    return parts[0] in KIND_DIR.values() and len(parts) <= limit and not any(p.startswith(".") for p in parts)


class GitSource:
    """The catalogue under `prefix` at `commit`, implementing catalog.Source."""

    def __init__(self, repo: Repository, commit: str, prefix: str, label: str | None = None) -> None:
        self.repo, self.commit, self.prefix = repo, commit, prefix
        self.label = label or f"{short(commit)}:{prefix or '.'}"
        self._ids: dict[str, str] | None = None
        self._problems: list[Finding] = []
        self._cache: dict[str, bytes] = {}

    def files(self) -> list[str]:
        if self._ids is None:
            self._ids, self._problems = self._list()
        return sorted(self._ids)

    def _list(self) -> tuple[dict[str, str], list[Finding]]:
        out = self.repo.out("ls-tree", "-r", "-z", "--full-tree", self.commit, *pathspec(self.prefix))
        ids: dict[str, str] = {}
        problems = []
        for entry in out.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, path = entry.partition("\t")
            if not path.startswith(self.prefix) or len(meta.split()) != 3:
                continue
            mode, _, oid = meta.split()
            rel = path[len(self.prefix):]
            problem = layout_problem(rel, mode) if in_layout(rel) or rel.endswith(".yml") else None
            if problem:
                problems.append(problem)
            elif is_record_path(rel):
                ids[rel] = oid
        return ids, sorted(problems)

    def read(self, rel: str) -> bytes:
        if rel not in self._cache:
            self._fetch_all() if self._ids is not None and not self._cache else self._fetch([rel])
        if rel not in self._cache:
            raise FileNotFoundError(f"{self.commit}:{self.prefix}{rel}")
        return self._cache[rel]

    def _fetch_all(self) -> None:
        # A caller that listed the files reads them all (catalog.load): one batch for everything.
        assert self._ids is not None
        self._fetch(list(self._ids))

    def _fetch(self, rels: list[str]) -> None:
        names = [self._ids[r] if self._ids and r in self._ids else f"{self.commit}:{self.prefix}{r}" for r in rels]
        for rel, data in zip(rels, read_blobs(self.repo, names)):
            if data is not None:
                self._cache[rel] = data

    def problems(self) -> list[Finding]:
        self.files()
        return list(self._problems)


def is_null(oid: str) -> bool:
    return oid in _NULL_ID
