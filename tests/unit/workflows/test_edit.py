"""The edit transaction: in-memory validation, refusal without writes, the lock, concurrent commands."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from shenguan import catalog as cat
from shenguan import yamlio
from shenguan.catalog import lock
from shenguan.errors import ToolError, UsageError
from shenguan.validation.validate import validate
from shenguan.workflows.edit import (
    EditRefused,
    Overlay,
    Transaction,
    apply,
    new_findings,
    transaction,
)
from tests.support.catalogs import BASE as CASES

FOOD = "matters/000172013000.yaml"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CASES, tmp_path / "cat"))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes, except the lock file the lock leaves behind (it holds nothing)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".shenguan.lock"
    }


def test_overlay_replaces_adds_and_removes_files_in_memory(base: Path) -> None:
    new = "matters/002000699000.yaml"
    overlay = Overlay(
        cat.WorkTree(base), {FOOD: b"kind: matter\n", new: b"x: 1\n", "agreements/wjw.yaml": None}
    )
    files = overlay.files()
    assert FOOD in files and new in files and "agreements/wjw.yaml" not in files
    assert overlay.read(FOOD) == b"kind: matter\n"
    assert (
        overlay.read("matters/000117004000.yaml")
        == (base / "matters/000117004000.yaml").read_bytes()
    )
    assert not (base / new).exists() and (base / "agreements/wjw.yaml").exists()


def test_the_case_catalogue_is_clean(base: Path) -> None:
    assert validate(cat.WorkTree(base)).findings == []


def test_new_findings_compare_rule_file_and_pointer(base: Path) -> None:
    raw = (base / FOOD).read_bytes().replace(b"value: 5\n", b"value: 50\n", 1)
    after = validate(Overlay(cat.WorkTree(base), {FOOD: raw})).findings
    added = new_findings([], after)
    assert [(f.rule, f.file, f.pointer) for f in added] == [
        ("R301", FOOD, "/time_limit/promised/value")
    ]
    assert new_findings(after, after) == []


def test_an_edit_that_adds_a_finding_writes_nothing(base: Path) -> None:
    before = snapshot(base)
    with pytest.raises(EditRefused) as refused:
        with transaction(base) as tx:
            tx.doc(FOOD).set("/time_limit/promised/value", 50)
            tx.doc("matters/000117004000.yaml").set("/name", "改名")
            tx.commit()
    assert [f.rule for f in refused.value.findings] == ["R301"]
    assert "matters/000172013000.yaml:33" in refused.value.message
    assert snapshot(base) == before


def test_a_clean_edit_writes_only_changed_files(base: Path) -> None:
    result, written = apply(base, lambda tx: tx.doc(FOOD).set("/time_limit/promised/value", 4))
    assert result is None and written == [FOOD]
    assert yamlio.load_bytes((base / FOOD).read_bytes())["time_limit"]["promised"]["value"] == 4
    assert apply(base, lambda tx: tx.doc(FOOD).set("/time_limit/promised/value", 4))[1] == []


def test_an_edit_may_leave_existing_findings_but_not_add_any(base: Path) -> None:
    path = base / "matters/000117004000.yaml"
    path.write_bytes(path.read_bytes().replace(b"complaint_phone", b"complaint_phonex"))
    _, written = apply(base, lambda tx: tx.doc(FOOD).set("/name", "食品经营许可（改）"))
    assert written == [FOOD]


def test_paths_outside_the_catalogue_layout_are_refused(base: Path) -> None:
    tx = Transaction(base)
    for rel in ("../evil.yaml", "matters/../../evil.yaml", "notes.txt", "/etc/passwd"):
        with pytest.raises(UsageError):
            tx.doc(rel)
    with pytest.raises(UsageError, match="已存在"):
        tx.create(FOOD, {"kind": "matter"})


def test_a_broken_file_is_reported_with_its_position(base: Path) -> None:
    (base / FOOD).write_bytes((base / FOOD).read_bytes() + b"name: dup\n")
    with pytest.raises(ToolError, match=r"matters/000172013000.yaml:\d+:1"):
        Transaction(base).doc(FOOD)


def test_the_lock_lives_in_the_git_directory_or_the_catalogue(base: Path, tmp_path: Path) -> None:
    assert lock.lock_path(base) == base / ".shenguan.lock"
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "catalog").mkdir()
    assert lock.lock_path(repo / "catalog") == repo / ".git" / "shenguan.lock"
    worktree = tmp_path / "wt"
    worktree.mkdir()
    (worktree / ".git").write_text(f"gitdir: {repo / '.git'}\n", encoding="utf-8")
    assert lock.lock_path(worktree) == repo / ".git" / "shenguan.lock"


def test_a_held_lock_is_a_tool_error(base: Path) -> None:
    before = snapshot(base)
    with lock.hold(base):
        with pytest.raises(ToolError, match="正被另一个 shenguan 命令修改") as held:
            apply(base, lambda tx: tx.doc(FOOD).set("/name", "x"), timeout=0)
    assert held.value.exit_code == 3
    assert snapshot(base) == before


WORKER = textwrap.dedent("""
    import sys
    from shenguan.cli.main import main
    root, tag = sys.argv[1], sys.argv[2]
    for i in range(4):
        code = main(["-C", root, "matter", "adjust", "000172013000", "--set", f"internal_note={tag}-{i}",
                     "--basis", f"测试〔2026〕{tag}{i}号"])
        if code:
            sys.exit(code)
""")


def test_two_concurrent_edit_commands_never_lose_an_update(base: Path) -> None:
    env = {**os.environ, "SHENGUAN_TODAY": "2026-11-28", "SHENGUAN_LOCK_TIMEOUT": "120"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(base), tag],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for tag in ("甲", "乙")
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    bases = [a["basis"] for a in yamlio.load_bytes((base / FOOD).read_bytes())["adjustments"]]
    assert sorted(b for b in bases if b.startswith("测试")) == sorted(
        f"测试〔2026〕{t}{i}号" for t in "甲乙" for i in range(4)
    )
    assert validate(cat.WorkTree(base)).findings == []
