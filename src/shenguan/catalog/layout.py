"""Where records live in a catalogue: discovery, the folder layout, and findings about misplaced files."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from shenguan.errors import ToolError
from shenguan.findings import Finding, Severity

MANIFEST = "shenguan.yaml"
REVIEWERS = "reviewers.yaml"
ROOT_FILES = {MANIFEST: "manifest", REVIEWERS: "reviewers"}  # records at the catalogue root
DIR_KIND = {
    "departments": "department",
    "matters": "matter",
    "liaisons": "liaison",
    "agreements": "agreement",
    "transfers": "transfer",
    "reviews": "review",
}
KIND_DIR = {v: k for k, v in DIR_KIND.items()} | {"standard": "standards"}


def discover(explicit: str | None = None, cwd: Path | None = None) -> Path:
    """-C DIR, else $SHENGUAN_CATALOG, else the nearest ancestor with shenguan.yaml, else ./catalog/."""
    cwd = cwd or Path.cwd()
    given = explicit or os.environ.get("SHENGUAN_CATALOG")
    if given:
        root = (cwd / given).resolve()
        if not (root / MANIFEST).is_file():
            raise ToolError(
                f"{given} 不是目录：其中没有 {MANIFEST}",
                "请检查 -C 或 SHENGUAN_CATALOG 指向的文件夹",
            )
        return root
    for folder in (cwd, *cwd.parents):
        if (folder / MANIFEST).is_file():
            return folder
    if (cwd / "catalog" / MANIFEST).is_file():
        return cwd / "catalog"
    raise ToolError(
        f"找不到目录：当前文件夹及其上级都没有 {MANIFEST}，也没有 catalog/",
        "请用 -C 指定目录文件夹，或用 shenguan init 新建一个目录",
    )


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


def misplaced(root: Path, path: str, is_dir: bool) -> Iterable[Finding]:
    """YAML files where no record is read from: a clerk's file there would be silently ignored."""
    paths = [path] if path.endswith(".yaml") and not is_dir else []
    if is_dir:
        for folder, dirs, names in os.walk(root / path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            rel = Path(folder).relative_to(root).as_posix()
            paths.extend(
                f"{rel}/{n}" for n in sorted(names) if n.endswith(".yaml") and not n.startswith(".")
            )
    for rel in paths:
        yield misplaced_finding(rel)


def undecodable_name(rel: str) -> Finding | None:
    """Y012 for a path whose name is not valid UTF-8 (read with surrogate escapes): it cannot be
    named in a finding, a cache key or an export, so it is reported and not read."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return layout_finding(
            "Y012",
            shown,
            "文件名不是有效的 UTF-8 编码，不会被读取",
            "请把文件改名为 <标识>.yaml（UTF-8 编码的文件名）",
        )
    return None


def ignored_file(rel: str) -> bool:
    """A file where records live that is never read and is no record's companion: a matter saved
    beside shenguan.yaml, a record without `.yaml`, as `.YAML` or as a dot-file. `.gitkeep` and the
    writer's `.*.tmp` files are not records; `.yml` is Y009, a sign-off's `.sig` its companion."""
    parts = rel.split("/")
    name = parts[-1]
    if len(parts) == 1:  # other YAML may live at a repository's root: only a matter code is flagged
        return _yaml_like(name) and name[:-5].isdigit() and name[:-5].isascii()
    depth = 3 if parts[0] == "standards" else 2
    if parts[0] not in DIR_KIND and parts[0] != "standards" or len(parts) > depth:
        return False
    if any(p.startswith(".") for p in parts[:-1]):
        return False
    if name.startswith("."):
        return _yaml_like(name) or name.lower().endswith(".yml")
    if parts[0] == "reviews" and name.endswith(".sig"):
        return False
    return not name.endswith((".yaml", ".yml"))


def _yaml_like(name: str) -> bool:
    return name.lower().endswith(".yaml")


def misplaced_finding(rel: str) -> Finding:
    bad_name = undecodable_name(rel) if not rel.isascii() else None
    if bad_name is not None:
        return bad_name
    folder = rel.split("/")[0]
    where = (
        "matters/ 等记录文件夹，而不是目录根"
        if "/" not in rel
        else "standards/<标识>/draft.yaml 或 v<版本>.yaml"
        if folder == "standards"
        else f"{folder}/<标识>.yaml（扩展名须为小写 .yaml，文件名不以点开头）"
    )
    return layout_finding(
        "Y012", rel, "该文件不在记录应在的位置，不会被读取", f"记录文件应放在 {where}"
    )


def layout_finding(rule: str, path: str, message: str, hint: str) -> Finding:
    return Finding(path, 1, 1, rule, Severity.ERROR, "", message, hint)


def find_git_dir(start: Path) -> Path | None:
    """The git directory of the repository holding `start` (a `.git` file of a worktree followed)."""
    for folder in (start.resolve(), *start.resolve().parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                return (folder / text[7:].strip()).resolve()
    return None
