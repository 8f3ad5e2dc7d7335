"""The catalogue: discovery, record files, and loading them through the YAML and schema layers."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Protocol

from shenguan import schemas, yamlio
from shenguan.errors import ToolError
from shenguan.findings import Finding, Severity

MANIFEST = "shenguan.yaml"
DIR_KIND = {"departments": "department", "matters": "matter", "liaisons": "liaison",
            "agreements": "agreement", "transfers": "transfer", "reviews": "review"}
KIND_DIR = {v: k for k, v in DIR_KIND.items()} | {"standard": "standards"}
PARALLEL_MIN_FILES = 400


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
    if rel == MANIFEST:
        return "manifest"
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

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        self._problems: list[Finding] = []

    def files(self) -> list[str]:
        found = [MANIFEST] if (self.root / MANIFEST).is_file() else []
        for folder in sorted(KIND_DIR.values()):
            found.extend(self._scan(folder, depth=2 if folder == "standards" else 1))
        return found

    def _scan(self, rel: str, depth: int) -> Iterable[str]:
        try:
            entries = sorted(os.scandir(self.root / rel), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            path = f"{rel}/{entry.name}"
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                self._problems.append(_layout("Y008", path, "记录文件或文件夹是符号链接", "请用普通文件代替符号链接"))
            elif depth > 1 and entry.is_dir():
                yield from self._scan(path, depth - 1)
            elif entry.name.endswith(".yml"):
                self._problems.append(_layout("Y009", path, "记录文件应以 .yaml 结尾", f"请改名为 {entry.name[:-4]}.yaml"))
            elif entry.name.endswith(".yaml") and entry.is_file() and depth == 1:
                yield path

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()

    def problems(self) -> list[Finding]:
        return list(self._problems)


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


def check_file(rel: str, raw: bytes) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The YAML and schema layers for one file: its data (None when unusable) and its findings."""
    kind = kind_of(rel) or "matter"
    try:
        text = yamlio.decode(raw)
        data = yamlio.load_text(text)
    except yamlio.YamlProblem as p:
        return None, [Finding(rel, p.line, p.column, p.rule, Severity.ERROR, "", p.message, p.hint)]
    if not isinstance(data, dict):
        return None, [Finding(rel, 1, 1, "Y011", Severity.ERROR, "", "文件内容应为一个映射（键: 值）",
                              "记录文件以 kind: 与 id: 开头，其余字段逐行列出")]
    issues = schemas.check(kind, data)
    if not issues:
        return data, []
    locator = yamlio.Locator(text)
    found = []
    for i in issues:
        line, col = locator.locate(i.pointer, i.key)
        pointer = f"{i.pointer}/{i.key}" if i.key else i.pointer
        found.append(Finding(rel, line, col, i.rule, Severity.ERROR, pointer, i.message, i.hint))
    return data, found


def _check_many(batch: list[tuple[str, bytes]]) -> list[tuple[dict[str, Any] | None, list[Finding]]]:
    gc.disable()
    try:
        return [check_file(rel, raw) for rel, raw in batch]
    finally:
        gc.enable()


def load(source: Source, workers: int | None = None) -> tuple[Catalog, list[Finding]]:
    """Read every record through the YAML and schema layers, in parallel when it pays."""
    rels = source.files()
    items = [(rel, source.read(rel)) for rel in rels]
    results = _run(items, workers)
    catalog = Catalog(source)
    findings = source.problems()
    for (rel, _), (data, found) in zip(items, results):
        findings.extend(found)
        if data is not None:
            catalog.records.append(Record(rel, kind_of(rel) or "matter", data))
    return catalog, findings


def _run(items: list[tuple[str, bytes]], workers: int | None) -> list[tuple[dict[str, Any] | None, list[Finding]]]:
    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if count <= 1 or len(items) < PARALLEL_MIN_FILES:
        return _check_many(items)
    import concurrent.futures
    import multiprocessing

    size = max(50, len(items) // (count * 4))
    batches = [items[i:i + size] for i in range(0, len(items), size)]
    ctx = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(count, mp_context=ctx) as pool:
        return [r for batch in pool.map(_check_many, batches) for r in batch]
