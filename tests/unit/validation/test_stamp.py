"""The cache's code stamp covers every module and schema: an edited rule, a moved module or an edited
schema never serves cached findings. Stamps are taken of a private copy of the installed package,
which the tests edit; end to end, `shenguan validate` runs from that copy on a real catalogue."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import shenguan
from shenguan.validation import schemas
from shenguan.validation.stamp import tree_stamp
from tests.support.catalogs import MATTER
from tests.support.files import edit

PACKAGE = Path(shenguan.__file__).resolve().parent
RULES = sorted(p.relative_to(PACKAGE) for p in (PACKAGE / "validation" / "rules").rglob("*.py"))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package and its schemas, copied once: src/shenguan beside schemas/, as in a checkout."""
    top = tmp_path_factory.mktemp("pristine")
    shutil.copytree(PACKAGE, top / "src" / "shenguan", ignore=shutil.ignore_patterns("__pycache__"))
    if not (top / "src" / "shenguan" / "data" / "schemas").is_dir():
        shutil.copytree(schemas.schema_dir(), top / "schemas")
    return top


@pytest.fixture
def copy(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of the package that a test may edit (mtimes kept, as copy2 does)."""
    top = tmp_path / "install"
    shutil.copytree(pristine, top)
    return top


def _schema_dir(top: Path) -> Path:
    packaged = top / "src" / "shenguan" / "data" / "schemas"
    return packaged if packaged.is_dir() else top / "schemas"


def _stamp(top: Path) -> str:
    return tree_stamp(top / "src" / "shenguan", _schema_dir(top))


def test_the_rule_modules_are_found() -> None:
    assert len(RULES) >= 8 and Path("validation/rules/law.py") in RULES


def test_editing_any_rule_module_changes_the_stamp(copy: Path) -> None:
    seen = {_stamp(copy)}
    for rel in RULES:
        with (copy / "src" / "shenguan" / rel).open("a", encoding="utf-8") as f:
            f.write("# 改动\n")
        stamp = _stamp(copy)
        assert stamp not in seen, rel
        seen.add(stamp)


def test_an_edit_that_keeps_the_size_changes_the_stamp(copy: Path) -> None:
    path = copy / "src" / "shenguan" / "validation" / "rules" / "law.py"
    before = _stamp(copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("R301", "R309", 1), encoding="utf-8")  # saved now: a new mtime
    assert path.stat().st_size == len(text.encode())
    assert _stamp(copy) != before


def test_a_module_moved_to_a_new_folder_changes_the_stamp(copy: Path) -> None:
    rules = copy / "src" / "shenguan" / "validation" / "rules"
    before = _stamp(copy)
    (rules / "moved").mkdir()
    (rules / "law.py").rename(rules / "moved" / "law.py")  # same bytes, same mtime
    moved = _stamp(copy)
    assert moved != before
    (rules / "moved" / "deeper").mkdir()
    (rules / "moved" / "deeper" / "extra.py").write_text("X = 1\n", encoding="utf-8")
    assert _stamp(copy) != moved  # a module in a folder that did not exist is stamped too


def test_a_module_anywhere_in_the_package_is_stamped(copy: Path) -> None:
    before = _stamp(copy)
    (copy / "src" / "shenguan" / "brand_new.py").write_text("X = 1\n", encoding="utf-8")
    assert _stamp(copy) != before


def test_editing_a_schema_changes_the_stamp(copy: Path) -> None:
    before = _stamp(copy)
    with (_schema_dir(copy) / "matter.json").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert _stamp(copy) != before


# -- end to end: `shenguan validate` run from the copy, with its real cache


def _validate(top: Path, root: Path) -> tuple[int, list[dict[str, object]]]:
    env = {**os.environ, "PYTHONPATH": str(top / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "shenguan", "validate", "-C", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode in (0, 1), run.stderr
    findings: list[dict[str, object]] = json.loads(run.stdout)["findings"]
    return run.returncode, findings


@pytest.fixture
def root(tmp_path: Path, cli) -> Path:
    path = tmp_path / "cat"
    assert cli("init", path).code == 0
    return path


def test_the_copy_is_the_package_that_runs(copy: Path, root: Path) -> None:
    (copy / "src" / "shenguan" / "__main__.py").write_text("raise SystemExit(42)\n", "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "shenguan", "validate", "-C", str(root)],
        env={**os.environ, "PYTHONPATH": str(copy / "src")},
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == 42


def test_an_edited_rule_module_is_not_served_from_the_cache(copy: Path, root: Path) -> None:
    edit(root, "    value: 20\n", "    value: 200\n")
    assert _validate(copy, root) == (1, [_r301("承诺时限只能压缩，不能超过法定时限")])
    assert (root / ".git" / "shenguan" / "cache.sqlite3").is_file()
    assert _validate(copy, root)[1] == [_r301("承诺时限只能压缩，不能超过法定时限")]  # warm
    edit(
        copy / "src" / "shenguan" / "validation" / "rules" / "law.py",
        '"承诺时限只能压缩，不能超过法定时限"',
        '"请把承诺时限压缩到法定时限以内"',
    )
    assert _validate(copy, root) == (1, [_r301("请把承诺时限压缩到法定时限以内")])


def test_an_edited_schema_is_not_served_from_the_cache(copy: Path, root: Path) -> None:
    assert _validate(copy, root) == (0, [])
    assert _validate(copy, root) == (0, [])  # warm: the matter's row is reused
    path = _schema_dir(copy) / "matter.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["properties"]["name"]["maxLength"] = 3
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    code, findings = _validate(copy, root)
    assert code == 1
    assert [(f["file"], f["pointer"]) for f in findings] == [(MATTER, "/name")]


def _r301(hint: str) -> dict[str, object]:
    return {
        "rule": "R301",
        "severity": "error",
        "file": MATTER,
        "line": 30,
        "column": 12,
        "pointer": "/time_limit/promised/value",
        "message": "承诺时限 200 工作日 超过法定时限 60 自然日",
        "hint": hint,
    }
