"""Records at a commit: a catalogue Source read from git objects, never from a checkout.

Blobs come through one `git cat-file --batch` process per batch, which reads thousands of objects
in the time GitPython's object walk takes for a few. Symlinks (mode 120000) and submodules (160000)
inside the catalogue are findings (Y008), never followed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from shenguan.catalog import (
    KIND_DIR,
    MANIFEST,
    ROOT_FILES,
    ignored_file,
    kind_of,
    misplaced_finding,
    undecodable_name,
    upgrade,
)
from shenguan.catalog.upgrade_text import upgraded_bytes
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
        return Finding(
            rel,
            1,
            1,
            "Y008",
            Severity.ERROR,
            "",
            "记录文件或文件夹是符号链接（git 中为 120000）",
            "请用普通文件代替符号链接",
        )
    if mode == GITLINK:
        return Finding(
            rel,
            1,
            1,
            "Y008",
            Severity.ERROR,
            "",
            "目录中不得有子模块（git 中为 160000）",
            "请把记录文件直接放进目录，并删除子模块",
        )
    if rel.endswith(".yml") and is_record_path(rel[:-4] + ".yaml"):
        return Finding(
            rel,
            1,
            1,
            "Y009",
            Severity.ERROR,
            "",
            "记录文件应以 .yaml 结尾",
            f"请改名为 {rel.rsplit('/', 1)[-1][:-4]}.yaml",
        )
    return None


def is_record_path(rel: str) -> bool:
    """The paths a WorkTree lists: the manifest, `<kind>/<id>.yaml`, `standards/<id>/<file>.yaml`."""
    parts = rel.split("/")
    if any(p.startswith(".") for p in parts) or not rel.endswith(".yaml"):
        return False
    if rel in ROOT_FILES:
        return True
    depth = 3 if parts[0] == "standards" else 2
    return len(parts) == depth and parts[0] in KIND_DIR.values()


def _misplaced(rel: str) -> bool:
    parts = rel.split("/")
    return (
        rel.endswith(".yaml")
        and parts[0] in KIND_DIR.values()
        and len(parts) > 1
        and not any(p.startswith(".") for p in parts)
    )


def in_layout(rel: str) -> bool:
    """Whether a path lies where records live (so a link there is a finding, elsewhere noise)."""
    parts = rel.split("/")
    if rel in ROOT_FILES:
        return True
    limit = 3 if parts[0] == "standards" else 2
    return (
        parts[0] in KIND_DIR.values()
        and len(parts) <= limit
        and not any(p.startswith(".") for p in parts)
    )


class _Batch:
    """A long-lived `git cat-file --batch`, one object per request (for reads one at a time)."""

    def __init__(self, repo: Repository) -> None:
        self._proc = repo.popen("cat-file", "--batch")

    def read(self, name: str) -> bytes | None:
        stdin, stdout = self._proc.stdin, self._proc.stdout
        assert stdin is not None and stdout is not None
        if "\n" in name:
            return None
        stdin.write(name.encode("utf-8") + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3:
            return None
        body = stdout.read(int(header[2]) + 1)[:-1]
        return body if header[1] == b"blob" else None

    def close(self) -> None:
        if self._proc.poll() is None:
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.close()
            self._proc.stdout.close()
            self._proc.wait()


class GitSource:
    """The catalogue under `prefix` at `commit`, implementing catalog.Source (and `blob_id` for the cache)."""

    def __init__(
        self, repo: Repository, commit: str, prefix: str, label: str | None = None
    ) -> None:
        self.repo, self.commit, self.prefix = repo, commit, prefix
        self.label = label or f"{short(commit)}:{prefix or '.'}"
        self._ids: dict[str, str] | None = None
        self._problems: list[Finding] = []
        self._batch: _Batch | None = None
        self._version: int | None | bool = False  # False: not yet read

    def files(self) -> list[str]:
        # The order a WorkTree walks in: the manifest, then folder by folder, names sorted.
        roots = list(ROOT_FILES)
        return sorted(
            self._listing(),
            key=lambda rel: (roots.index(rel) if rel in roots else len(roots), rel.split("/")),
        )

    def _listing(self) -> dict[str, str]:
        if self._ids is None:
            self._ids, self._problems = self._list()
        return self._ids

    def _list(self) -> tuple[dict[str, str], list[Finding]]:
        out = self.repo.out(
            "ls-tree", "-r", "-z", "--full-tree", self.commit, *pathspec(self.prefix)
        )
        ids: dict[str, str] = {}
        problems = []
        for entry in out.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, path = entry.partition("\t")
            if not path.startswith(self.prefix) or len(meta.split()) != 3:
                continue
            mode, _, oid = meta.split()
            rel = path[len(self.prefix) :]
            problem = undecodable_name(rel) if not rel.isascii() else None
            problem = problem or (
                layout_problem(rel, mode) if in_layout(rel) or rel.endswith(".yml") else None
            )
            if problem:
                problems.append(problem)
            elif is_record_path(rel):
                ids[rel] = oid
            elif (_misplaced(rel) or ignored_file(rel)) and mode != GITLINK:
                problems.append(misplaced_finding(rel))
        return ids, sorted(problems)

    def blob_id(self, rel: str) -> str | None:
        """git's id of the file, so a content-addressed cache need not read it (SHA-1 repositories);
        None for a file read upgraded (its bytes are not the blob's)."""
        oid = self._listing().get(rel)
        if self._older() is not None and kind_of(rel) in upgrade.KINDS_CHANGED:
            return None
        return oid if oid and len(oid) == 40 else None

    def read(self, rel: str) -> bytes:
        """The file's bytes; at a commit made before `shenguan migrate`, as the migration would
        have written them, so the revision reads at the current data-structure version."""
        data = self._raw(rel)
        older = self._older()
        if older is not None and kind_of(rel) in upgrade.KINDS_CHANGED:
            return upgraded_bytes(rel, data, older)
        return data

    def _raw(self, rel: str) -> bytes:
        ids = self._listing()
        if self._batch is None:
            self._batch = _Batch(self.repo)
        data = self._batch.read(ids[rel]) if rel in ids else None
        if data is None:
            raise FileNotFoundError(f"{short(self.commit)}:{self.prefix}{rel}")
        return data

    def _older(self) -> int | None:
        """The commit's schema_version when it is one this tool upgrades from, else None."""
        if self._version is False:
            raw = self._raw(MANIFEST) if MANIFEST in self._listing() else None
            version = upgrade.version_in(raw)
            older = version is not None and upgrade.OLDEST <= version < upgrade.CURRENT
            self._version = version if older else None
        return self._version if isinstance(self._version, int) else None

    def problems(self) -> list[Finding]:
        self._listing()
        return list(self._problems)

    def close(self) -> None:
        if self._batch is not None:
            self._batch.close()
            self._batch = None

    def __del__(self) -> None:
        self.close()


def is_null(oid: str) -> bool:
    return oid in _NULL_ID
