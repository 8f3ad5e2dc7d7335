"""Each outside library stays behind its one module; the CLI is the only typer user."""

from __future__ import annotations

import ast
from pathlib import Path

import shenguan

PKG = Path(shenguan.__file__).resolve().parent
# library -> the modules (relative to the package, posix) allowed to import it
ALLOWED = {
    "git": {"history.py", "history/*"},
    "yaml": {"yamlio/*"},
    "jsonschema": {"schemas.py"},
    "fastjsonschema": {"schemas.py", "gates/*"},
    "ruamel": {"yamledit.py"},
    "openpyxl": {"export/xlsxout.py"},
    "jinja2": {"export/htmlout.py", "standards_render.py"},
    "filelock": {"lock.py"},
    "typer": {"cli/*"},
    "click": {"cli/*"},
    "rich": {"cli/*", "report/*"},
    "sqlite3": {"cache.py"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _allowed(rel: str, patterns: set[str]) -> bool:
    return any(rel == p or (p.endswith("/*") and rel.startswith(p[:-1])) for p in patterns)


def test_outside_libraries_stay_behind_their_module() -> None:
    wrong = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).as_posix()
        for lib in _imports(path) & ALLOWED.keys():
            if not _allowed(rel, ALLOWED[lib]):
                wrong.append(f"{rel} imports {lib}")
    assert wrong == []


def test_core_never_prints_or_exits() -> None:
    offenders = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).as_posix()
        if rel.startswith(("cli/", "report/")) or rel == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "exit"):
                offenders.append(f"{rel}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "exit" and getattr(node.value, "id", "") == "sys":
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []
