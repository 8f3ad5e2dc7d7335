"""The package's shape: floors that import only downward, no cycles, each outside library behind one
module, a core that never prints or exits."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import shenguan

PKG = Path(shenguan.__file__).resolve().parent
# The floors, bottom first; a module may import its own floor and those below it, never above.
FLOORS = [
    {"shenguan", "errors", "findings", "i18n", "codes", "clock", "nogc"},
    {"yamlio"},
    {"catalog"},
    {"validation"},
    {"history"},
    {"diff"},
    {"review"},
    {"workflows"},
    {"export"},
    {"render"},
    {"cli", "__main__"},
]
# library -> the modules (relative to the package, posix) allowed to import it
ALLOWED = {
    "git": {"history/*"},
    "yaml": {"yamlio/load.py", "yamlio/locate.py", "yamlio/write.py"},
    "ruamel": {"yamlio/edit.py"},
    "jsonschema": {"validation/schemas.py"},
    "fastjsonschema": {"validation/schemas.py", "validation/compiled/*"},
    "openpyxl": {"render/xlsxout.py"},
    "jinja2": {"render/htmlout.py"},
    "filelock": {"catalog/lock.py"},
    "typer": {"cli/*"},
    "click": {"cli/*"},
    "rich": {"render/*"},
    "sqlite3": {"catalog/cache.py"},
    "chinese_calendar": {"clock.py"},
    "python_calamine": {"workflows/exchange/sheets.py"},
}
TOP_LEVEL_MAX = 8


def _modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "compiled" not in p.relative_to(PKG).parts)


def _rel(path: Path) -> str:
    return path.relative_to(PKG).as_posix()


def _name(path: Path) -> str:
    parts = list(path.relative_to(PKG).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["shenguan", *parts])


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path) -> set[str]:
    """Every module this file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def _floor(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "shenguan":
        return None
    head = parts[1] if len(parts) > 1 else "shenguan"
    return next((i for i, names in enumerate(FLOORS) if head in names), None)


def _internal(path: Path) -> set[str]:
    names = {_name(p) for p in _modules()}
    return {m for m in _imports(path) if m in names}


def test_every_module_has_a_floor() -> None:
    assert [_rel(p) for p in _modules() if _floor(_name(p)) is None] == []


def test_no_module_imports_a_floor_above_its_own() -> None:
    upward = []
    for path in _modules():
        own = _floor(_name(path))
        for target in sorted(_internal(path)):
            floor = _floor(target)
            if own is not None and floor is not None and floor > own:
                upward.append(f"{_rel(path)} imports {target}")
    assert upward == []


def test_there_are_no_import_cycles() -> None:
    graph = {_name(p): {t for t in _internal(p) if t != _name(p)} for p in _modules()}
    # A package imports its submodules to re-export them; a submodule importing its package's
    # names goes through the same edges, so package → own submodule edges are not cycles.
    for name, targets in graph.items():
        graph[name] = {t for t in targets if not t.startswith(name + ".")}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_package_top_holds_only_the_leaves() -> None:
    top = sorted(p.name for p in PKG.glob("*.py"))
    assert len(top) <= TOP_LEVEL_MAX, top


def test_every_package_says_what_it_holds() -> None:
    silent = [_rel(p) for p in PKG.rglob("__init__.py") if ast.get_docstring(_tree(p)) is None]
    assert silent == []


def _top_level(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(_tree(path)):
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
        rel = _rel(path)
        for lib in _top_level(path) & ALLOWED.keys():
            if not _allowed(rel, ALLOWED[lib]):
                wrong.append(f"{rel} imports {lib}")
    assert wrong == []


def test_core_never_prints_or_exits() -> None:
    offenders = []
    for path in _modules():
        rel = _rel(path)
        if rel.startswith(("cli/", "render/")) or rel == "__main__.py":
            continue
        for node in ast.walk(_tree(path)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("print", "exit")
            ):
                offenders.append(f"{rel}:{node.lineno}")
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "exit"
                and getattr(node.value, "id", "") == "sys"
            ):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []
