"""The generated fastjsonschema gates agree with jsonschema and are in step with the schemas."""

from __future__ import annotations

import copy
import importlib
import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import fastjsonschema
import jsonschema
import pytest

from shenguan import yamlio
from shenguan.validation import schemas
from tests.support.catalogs import BASE, REPO

FILES = {
    "manifest": "shenguan.yaml",
    "department": "departments/scjgj.yaml",
    "agreement": "agreements/scjgj.yaml",
    "standard": "standards/scjgj-sp/v1.yaml",
    "liaison": "liaisons/spj.yaml",
    "reviewers": "reviewers.yaml",
}
WRONG = [None, 0, -1, "", "x" * 600, True, [], {}, ["Ⅴ"], "2021-02-30x", "\u202e"]


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_def_names_are_ascii_and_gates_are_current(kind: str) -> None:
    # fastjsonschema turns non-ASCII $defs names into "_", which would make them collide.
    assert all(name.isascii() for name in schemas.schema(kind).get("$defs", {}))
    module = importlib.import_module(f"shenguan.validation.compiled.{kind}")
    assert module.SCHEMA_DIGEST == schemas.kind_digest(kind), "run: python tools/generate_gates.py"


def _records() -> Iterator[tuple[str, dict[str, Any]]]:
    yield from ((kind, yamlio.load_bytes((BASE / rel).read_bytes())) for kind, rel in FILES.items())
    for path in sorted((BASE / "matters").glob("*.yaml")) + sorted(
        (BASE / "transfers").glob("*.yaml")
    ):
        yield (
            ("matter" if path.parent.name == "matters" else "transfer"),
            yamlio.load_bytes(path.read_bytes()),
        )


def _mutations(node: Any, depth: int = 0) -> Iterator[tuple[list[Any], Any]]:
    """(path, value) pairs: every field deleted or replaced by a wrong value, three levels deep."""
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, value in items:
        for wrong in WRONG:
            yield [key], wrong
        if isinstance(node, dict):
            yield [key], KeyError
        if depth < 2:
            for path, wrong in _mutations(value, depth + 1):
                yield [key, *path], wrong


def _apply(data: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


def test_gate_and_jsonschema_agree_on_every_mutation() -> None:
    checked = 0
    for kind, record in _records():
        gate = schemas._gate(kind)
        full = jsonschema.validators.validator_for(schemas.schema(kind))(schemas.schema(kind))
        for path, value in _mutations(record):
            data = _apply(record, path, value)
            try:
                gate(data)
                fast_ok = True
            except fastjsonschema.JsonSchemaException:
                fast_ok = False
            assert fast_ok == full.is_valid(data), (kind, path, value)
            checked += 1
    assert checked > 5000


def _generator() -> ModuleType:
    """tools/generate_gates.py, which lives outside the package (it is not shipped)."""
    spec = importlib.util.spec_from_file_location(
        "generate_gates", REPO / "tools" / "generate_gates.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_checked_in_gates_are_what_the_schemas_generate_byte_for_byte() -> None:
    assert _generator().stale() == []


def test_a_changed_or_missing_gate_is_reported_stale(tmp_path: Path) -> None:
    generator = _generator()
    folder = tmp_path / "compiled"
    shutil.copytree(generator.COMPILED, folder)
    (folder / "matter.py").write_bytes((folder / "matter.py").read_bytes() + b"\n")
    (folder / "liaison.py").unlink()
    assert generator.stale(folder) == sorted(["matter.py", "liaison.py"], key=_kind_order)


def _kind_order(name: str) -> int:
    return list(schemas.KINDS).index(name.removesuffix(".py"))
