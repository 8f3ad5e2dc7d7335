"""The catalogue: discovery, record files, and loading them through the YAML and schema layers."""

from __future__ import annotations

import operator
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from shenguan import yamlio
from shenguan.errors import ToolError
from shenguan.findings import Finding, Severity

MANIFEST = "shenguan.yaml"
REVIEWERS = "reviewers.yaml"
ROOT_FILES = {MANIFEST: "manifest", REVIEWERS: "reviewers"}  # records at the catalogue root
DIR_KIND = {"departments": "department", "matters": "matter", "liaisons": "liaison",
            "agreements": "agreement", "transfers": "transfer", "reviews": "review"}
KIND_DIR = {v: k for k, v in DIR_KIND.items()} | {"standard": "standards"}
_NAME = operator.attrgetter("name")


def discover(explicit: str | None = None, cwd: Path | None = None) -> Path:
    """-C DIR, else $SHENGUAN_CATALOG, else the nearest ancestor with shenguan.yaml, else ./catalog/."""
    cwd = cwd or Path.cwd()
    given = explicit or os.environ.get("SHENGUAN_CATALOG")
    if given:
        root = (cwd / given).resolve()
        if not (root / MANIFEST).is_file():
            raise ToolError(f"{given} 不是目录：其中没有 {MANIFEST}", "请检查 -C 或 SHENGUAN_CATALOG 指向的文件夹")
        return root
    for folder in (cwd, *cwd.parents):
        if (folder / MANIFEST).is_file():
            return folder
    if (cwd / "catalog" / MANIFEST).is_file():
        return cwd / "catalog"
    raise ToolError(f"找不到目录：当前文件夹及其上级都没有 {MANIFEST}，也没有 catalog/",
                    "请用 -C 指定目录文件夹，或用 shenguan init 新建一个目录")


def kind_of(rel: str) -> str | None:
    """The record kind a path holds, from its place in the layout; None when it holds none."""
    parts = rel.split("/")
    if rel in ROOT_FILES:
        return ROOT_FILES[rel]
    if not rel.endswith(".yaml"):
        return None
    if len(parts) == 2 and parts[0] in DIR_KIND:
        return DIR_KIND[parts[0]]
    if len(parts) == 3 and parts[0] == "standards":
        return "standard"
    return None


def expected_id(rel: str) -> str:
    parts = rel.split("/")
    if parts[0] == "standards" and len(parts) == 3:
        return parts[1]
    return parts[-1].removesuffix(".yaml")


class Source(Protocol):
    """Where record bytes come from: the working tree, or a commit (see history)."""

    label: str

    def files(self) -> list[str]: ...

    def read(self, rel: str) -> bytes: ...

    def problems(self) -> list[Finding]: ...


class WorkTree:
    """Record files in a folder; symlinks and stray `.yml` files are reported, never followed."""

    shareable = True  # worker processes may read files themselves

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        self._problems: list[Finding] = []
        self._entries: dict[str, os.DirEntry[str]] = {}

    def files(self) -> list[str]:
        # The root files and the kind folders are checked too: is_file() and scandir() follow links.
        linked = [rel for rel in (*ROOT_FILES, *sorted(KIND_DIR.values())) if (self.root / rel).is_symlink()]
        self._problems.extend(_layout("Y008", rel, "记录文件或文件夹是符号链接", "请用普通文件代替符号链接")
                              for rel in linked)
        found = [rel for rel in ROOT_FILES if rel not in linked and (self.root / rel).is_file()]
        for folder in sorted(KIND_DIR.values()):
            if folder not in linked:
                found.extend(self._scan(folder, depth=2 if folder == "standards" else 1))
        return found

    def _scan(self, rel: str, depth: int) -> Iterable[str]:
        try:
            entries = sorted(os.scandir(self.root / rel), key=_NAME)
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            path = f"{rel}/{entry.name}"
            if entry.name.startswith("."):
                continue
            bad_name = undecodable_name(path) if not entry.name.isascii() else None
            if bad_name is not None:
                self._problems.append(bad_name)
            elif entry.is_symlink():
                self._problems.append(_layout("Y008", path, "记录文件或文件夹是符号链接", "请用普通文件代替符号链接"))
            elif depth > 1 and entry.is_dir():
                yield from self._scan(path, depth - 1)
            elif entry.name.endswith(".yml"):
                self._problems.append(_layout("Y009", path, "记录文件应以 .yaml 结尾", f"请改名为 {entry.name[:-4]}.yaml"))
            elif entry.name.endswith(".yaml") and entry.is_file() and depth == 1:
                self._entries[path] = entry
                yield path
            else:
                self._problems.extend(_misplaced(self.root, path, entry.is_dir(follow_symlinks=False)))

    def read(self, rel: str) -> bytes:
        if (self.root / rel).is_symlink():  # never follow one, not even to show a line number
            raise OSError(f"{rel} 是符号链接")
        return (self.root / rel).read_bytes()

    def stamp(self, rel: str) -> tuple[str, int] | None:
        """(size:mtime:ctime:inode:device, mtime_ns) — how the cache recognises an unchanged file
        without reading it; ctime changes on every write even when mtime is set back."""
        try:
            entry = self._entries.get(rel)
            st = entry.stat(follow_symlinks=False) if entry is not None else os.stat(self.root / rel)
        except OSError:
            return None
        # Trusted only when neither time is recent: ctime cannot be set back by `cp -p` or `touch -d`.
        return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}", max(st.st_mtime_ns, st.st_ctime_ns)

    def problems(self) -> list[Finding]:
        return list(self._problems)


def _misplaced(root: Path, path: str, is_dir: bool) -> Iterable[Finding]:
    """YAML files where no record is read from: a clerk's file there would be silently ignored."""
    paths = [path] if path.endswith(".yaml") and not is_dir else []
    if is_dir:
        for folder, dirs, names in os.walk(root / path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            rel = Path(folder).relative_to(root).as_posix()
            paths.extend(f"{rel}/{n}" for n in sorted(names) if n.endswith(".yaml") and not n.startswith("."))
    for rel in paths:
        yield misplaced_finding(rel)


def undecodable_name(rel: str) -> Finding | None:
    """Y012 for a path whose name is not valid UTF-8 (read with surrogate escapes): it cannot be
    named in a finding, a cache key or an export, so it is reported and not read."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return _layout("Y012", shown, "文件名不是有效的 UTF-8 编码，不会被读取", "请把文件改名为 <标识>.yaml（UTF-8 编码的文件名）")
    return None


def misplaced_finding(rel: str) -> Finding:
    bad_name = undecodable_name(rel) if not rel.isascii() else None
    if bad_name is not None:
        return bad_name
    folder = rel.split("/")[0]
    where = "standards/<标识>/draft.yaml 或 v<版本>.yaml" if folder == "standards" else f"{folder}/<标识>.yaml"
    return _layout("Y012", rel, "该文件不在记录应在的位置，不会被读取", f"记录文件应放在 {where}")


def _layout(rule: str, path: str, message: str, hint: str) -> Finding:
    return Finding(path, 1, 1, rule, Severity.ERROR, "", message, hint)


@dataclass
class Record:
    path: str
    kind: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else expected_id(self.path)


@dataclass
class Catalog:
    """Every record that parsed as a mapping, by kind and id, plus line lookup for findings."""

    source: Source
    records: list[Record] = field(default_factory=list)
    _locators: dict[str, yamlio.Locator] = field(default_factory=dict, repr=False)

    def of(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]

    def index(self, kind: str) -> dict[str, Record]:
        return {r.id: r for r in self.records if r.kind == kind}

    @property
    def manifest(self) -> dict[str, Any]:
        for r in self.records:
            if r.kind == "manifest":
                return r.data
        return {}

    def locate(self, rel: str, pointer: str, key: str | None = None) -> tuple[int, int]:
        if rel not in self._locators:
            try:
                text = yamlio.decode(self.source.read(rel))
            except (OSError, yamlio.YamlProblem):
                return 1, 1
            self._locators[rel] = yamlio.Locator(text)
        return self._locators[rel].locate(pointer, key)


def load(source: Source, workers: int | None = None, cache: Any = None,
         progress: Any = None) -> tuple[Catalog, list[Finding]]:
    """Read every record, whole, through the YAML and schema layers (see shenguan.loading)."""
    from shenguan.loading import load_records

    return load_records(source, workers, cache, progress)
