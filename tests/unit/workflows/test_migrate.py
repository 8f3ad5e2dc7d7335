"""The file-level migration: golden bytes (comments, CRLF, BOM), dry run, idempotence, refusal,
versions, and a kill mid-write leaving every file old or new."""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shenguan import yamlio
from shenguan.catalog import lock, upgrade_text
from shenguan.catalog.upgrade import upgrade_record
from shenguan.errors import EXIT_FINDINGS, EXIT_TOOL, ToolError
from shenguan.validation.records import check_file
from shenguan.workflows import migrate as mig
from tests.support.catalogs import CASES

GOLDEN = CASES / "migration"
CRLF_FILE = "matters/000117020000.yaml"
BOM_FILE = "shenguan.yaml"


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*.yaml"))
        if ".git" not in p.relative_to(root).parts
    }


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(GOLDEN / "before", root)
    return root


def test_the_golden_catalogue_migrates_byte_for_byte(v1: Path) -> None:
    result = mig.migrate(v1)
    assert result.written and (result.source, result.target) == (1, 2)
    expected = tree(GOLDEN / "expected")
    assert tree(v1) == expected
    assert sorted(f.path for f in result.files) == [
        "matters/000117020000.yaml",
        "matters/002000618000.yaml",
        "matters/002017011000.yaml",
        "shenguan.yaml",
    ]
    # the CRLF file keeps CRLF on every line, the BOM file its BOM; departments are untouched
    crlf = expected[CRLF_FILE]
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 40
    assert expected[BOM_FILE].startswith(b"\xef\xbb\xbf")
    assert expected[BOM_FILE].count(b"\xef\xbb\xbf") == 1
    before = tree(GOLDEN / "before")
    assert all(expected[rel] == before[rel] for rel in expected if rel.startswith("departments/"))
    # every record passes the YAML and schema layers of the current version
    for rel, raw in expected.items():
        assert check_file(rel, raw)[1] == [], rel


def test_comments_and_untouched_lines_are_kept(v1: Path) -> None:
    mig.migrate(v1)
    text = (v1 / "matters/002017011000.yaml").read_text(encoding="utf-8")
    assert "handling_forms: [网上办理]    # 小程序预约\n" in text
    assert "intermediary:  # 2025 年核实\n  involved: true\n" in text
    assert "# 特别程序：场馆检修期间暂停预约\nspecial_procedures:\n  - name: 场馆安全检查\n" in text
    assert '    form: "电子化"   # 电子证照\n' in text
    crlf = (v1 / CRLF_FILE).read_bytes().decode("utf-8")
    assert (
        "  - 窗口办理\r\n  # 掌上办\r\n  - 快递申请\r\n" in crlf
    )  # the removed item's comment stays
    assert "special_procedures" not in crlf
    assert "intermediary:\r\n  involved: false\r\n# 取消前进驻大厅\r\nhall:\r\n" in crlf
    manifest = (v1 / BOM_FILE).read_bytes().decode("utf-8-sig")
    assert "# 数据结构版本\nschema_version: 2   # 升级后为 2\n" in manifest
    old = (GOLDEN / "before" / "matters/002017011000.yaml").read_bytes().splitlines()
    new = (v1 / "matters/002017011000.yaml").read_bytes().splitlines()
    assert new[:32] == old[:32]  # everything above the first change is the same bytes


def test_notes_name_what_a_clerk_must_check(v1: Path) -> None:
    notes = {f.path: f.notes for f in mig.migrate(v1).files}
    assert notes["shenguan.yaml"] == []
    assert notes[CRLF_FILE] == ["已移除办理形式“移动端”：请在 online.mobile_url 填写移动端办理地址"]
    assert len(notes["matters/002017011000.yaml"]) == 3
    assert "intermediary.name" in notes["matters/002000618000.yaml"][0]


def test_dry_run_writes_nothing_and_shows_the_diff(v1: Path) -> None:
    before = tree(v1)
    result = mig.migrate(v1, dry_run=True)
    assert not result.written
    assert tree(v1) == before
    assert not (v1 / ".shenguan.lock").exists()
    diff = result.diff()
    assert "--- a/shenguan.yaml\n+++ b/shenguan.yaml\n" in diff
    assert "-schema_version: 1   # 升级后为 2\n+schema_version: 2   # 升级后为 2\n" in diff
    assert "-handling_forms: [网上办理, 移动端]    # 小程序预约" in diff


def test_migrating_twice_is_migrating_once(v1: Path) -> None:
    mig.migrate(v1)
    once = tree(v1)
    again = mig.migrate(v1)
    assert not again.needed and again.files == [] and not again.written
    assert tree(v1) == once


def test_a_catalogue_newer_than_the_tool_is_refused(v1: Path) -> None:
    manifest = v1 / BOM_FILE
    manifest.write_bytes(manifest.read_bytes().replace(b"schema_version: 1", b"schema_version: 3"))
    before = tree(v1)
    with pytest.raises(ToolError) as caught:
        mig.migrate(v1)
    assert caught.value.exit_code == EXIT_TOOL
    assert caught.value.message == "目录结构版本 3 高于本工具支持的 2：请升级 shenguan"
    assert tree(v1) == before


def test_a_manifest_without_a_version_is_refused(v1: Path) -> None:
    manifest = v1 / BOM_FILE
    manifest.write_bytes(manifest.read_bytes().replace(b"schema_version: 1", b"schema_version: x"))
    with pytest.raises(ToolError, match="schema_version 不是有效的结构版本"):
        mig.migrate(v1)


def test_an_upgrade_that_would_not_validate_writes_nothing_and_names_the_line(v1: Path) -> None:
    rel = "matters/002000618000.yaml"
    path = v1 / rel
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[51] == "  name: 出生医学证明"  # line 52 of the file as it is
    path.write_text(text.replace("  name: 出生医学证明\n", "  nam: 出生医学证明\n"), "utf-8")
    before = tree(v1)
    with pytest.raises(mig.MigrationRefused) as caught:
        mig.migrate(v1)
    assert caught.value.exit_code == EXIT_FINDINGS
    found = [(f.file, f.line, f.rule, f.pointer) for f in caught.value.findings]
    assert found == [(rel, 52, "S001", "/result"), (rel, 52, "S002", "/result/nam")]
    assert [f.column for f in caught.value.findings] == [3, 3]
    assert f"{rel}:52:3  S002" in caught.value.message
    assert tree(v1) == before


def test_a_file_that_does_not_parse_is_named(v1: Path) -> None:
    rel = "matters/002017011000.yaml"
    (v1 / rel).write_bytes(b"kind: matter\nid: [\n")
    before = tree(v1)
    with pytest.raises(ToolError, match=rf"^{rel}:3:1"):
        mig.migrate(v1)
    assert tree(v1) == before


def test_what_the_splice_does_not_handle_goes_through_the_round_trip_editor(v1: Path) -> None:
    rel = "matters/002017011000.yaml"
    path = v1 / rel
    flow = "handling_forms: [网上办理, 移动端]    # 小程序预约\n"
    wrapped = "handling_forms: [网上办理,\n  移动端]\n"
    path.write_bytes(path.read_bytes().replace(flow.encode(), wrapped.encode()))
    text = path.read_text(encoding="utf-8")
    assert upgrade_text._splice_all(text, *_sides(text)) is None
    mig.migrate(v1)
    out = path.read_text(encoding="utf-8")
    assert yamlio.load_text(out)["handling_forms"] == ["网上办理"]
    assert "# 2025 年核实" in out and "# 电子证照" in out
    assert check_file(rel, path.read_bytes())[1] == []


def _sides(text: str) -> tuple[dict[str, object], dict[str, object]]:
    old = yamlio.load_text(text)
    new = copy.deepcopy(old)
    upgrade_record("matter", new)
    return old, new


def test_splice_keeps_quotes_and_falls_back_where_it_must() -> None:
    old = {"a": "电子", "b": ["x", "移动端"], "c": "text", "d": "无"}
    new = {"a": "电子化", "b": ["x"], "c": {"involved": True, "name": "text"}}
    text = "a: '电子'  # q\nb:\n- x\n- 移动端\nc: text\nd: 无   # gone\ne: 1\n"
    out = upgrade_text._splice_all(text, {**old, "e": 1}, {**new, "e": 1})
    assert out == ("a: '电子化'  # q\nb:\n- x\nc:\n  involved: true\n  name: text\n# gone\ne: 1\n")
    flow = "x: {a: 电子, b: 无}\n"
    assert (
        upgrade_text._splice_all(flow, {"x": {"a": "电子"}}, {"x": {"a": "电子化"}})
        == "x: {a: 电子化, b: 无}\n"
    )
    assert (
        upgrade_text._splice_all(flow, {"x": {"a": "电子", "b": "无"}}, {"x": {"a": "电子"}})
        is None
    )


def test_scalars_are_written_so_they_read_back() -> None:
    assert upgrade_text._scalar("电子化", "") == "电子化"
    assert upgrade_text._scalar("yes", "") == "yes"
    assert upgrade_text._scalar("2026-01-01", "") == "2026-01-01"
    assert upgrade_text._scalar("a: b", "") == '"a: b"'
    assert upgrade_text._scalar("#x", "") == '"#x"'
    assert upgrade_text._scalar("纸质/电子化", '"') == '"纸质/电子化"'
    assert upgrade_text._scalar(2, "") == "2"
    assert upgrade_text._scalar(True, "") == "true"


def _run(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "shenguan", "migrate", "-C", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SHENGUAN_LOCK_TIMEOUT": "5"},
    )


def test_a_kill_during_the_writes_leaves_every_file_old_or_new(tmp_path: Path, v1: Path) -> None:
    old = tree(v1)
    new = tree(GOLDEN / "expected")
    first = v1 / "matters/000117020000.yaml"  # the set is written in path order
    killed = 0
    for run in range(6):
        copy = tmp_path / f"run{run}"
        shutil.copytree(v1, copy)
        inode = (copy / first.relative_to(v1)).stat().st_ino
        writer = _run(copy)
        end = time.monotonic() + 20
        while writer.poll() is None and time.monotonic() < end:
            if (copy / first.relative_to(v1)).stat().st_ino != inode:
                break
        writer.send_signal(signal.SIGKILL)
        killed += writer.wait() == -signal.SIGKILL
        with lock.hold(copy, timeout=5):  # the next command that takes the lock finishes the set
            pass
        assert tree(copy) in (old, new), run
    assert killed >= 1


def test_a_problem_in_an_upgraded_value_is_named_at_the_line_it_came_from(v1: Path) -> None:
    rel = "matters/002017011000.yaml"
    path = v1 / rel
    text = path.read_text(encoding="utf-8")
    long = "场馆安全评估" * 100  # 600 characters: too long for a name
    text = text.replace("场馆安全评估（由有资质的第三方机构出具）", long)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("intermediary:"))
    with pytest.raises(mig.MigrationRefused) as caught:
        mig.migrate(v1)
    assert [(f.file, f.line, f.column, f.rule) for f in caught.value.findings] == [
        (rel, line, 15, "S006")
    ]


def test_an_element_set_the_new_version_adds_is_asked_for_not_invented(v1: Path) -> None:
    """A 行政处罚 matter has no punishment set in version 1: the upgrade goes through, notes it,
    and validate warns (Q019) until the clerk writes it; nothing is made up."""
    path = v1 / "matters/000117020000.yaml"  # a matter the upgrade changes, made a 行政处罚
    path.write_bytes(path.read_bytes().replace(b'type: "01"', b'type: "02"'))
    result = mig.migrate(v1)
    (done,) = [f for f in result.files if f.path == "matters/000117020000.yaml"]
    assert "行政处罚事项请补充 punishment（处罚的行为、种类、幅度）：国家交换表必填" in done.notes
    assert b"punishment" not in path.read_bytes()


SPLICES = [
    (
        "kind: matter\nintermediary:\nspecial_procedures: ~\nstatus: 在用\n",
        "kind: matter\nintermediary:\n  involved: false\nstatus: 在用\n",
    ),
    (
        "kind: matter\nintermediary: \"无\"\nspecial_procedures: ''\n",
        "kind: matter\nintermediary:\n  involved: false\n",
    ),
    (
        "kind: matter\nintermediary: 评估   \nspecial_procedures: 听证",
        "kind: matter\nintermediary:\n  involved: true\n  name: 评估\nspecial_procedures:\n  - name: 听证\n",
    ),
    (
        "kind: matter\r\nspecial_procedures: 听证  # 注\r\n# 末尾注释\r\n",
        "kind: matter\r\nspecial_procedures:  # 注\r\n  - name: 听证\r\n# 末尾注释\r\n",
    ),
    ("kind: matter\nspecial_procedures: 无\n# 末尾注释\n", "kind: matter\n# 末尾注释\n"),
    (
        "kind: matter\nhandling_forms: [移动端]  # 只有\n",
        "kind: matter\nhandling_forms: [网上办理]  # 只有\n",
    ),
    (
        "kind: matter\nhandling_forms:\n  - 移动端\nstatus: 在用\n",
        "kind: matter\nhandling_forms:\n  - 网上办理\nstatus: 在用\n",
    ),
    (
        "kind: matter\nintermediary: >\n  长长的\n  说明\nstatus: 在用\n",
        "kind: matter\nintermediary:\n  involved: true\n  name: 长长的 说明\nstatus: 在用\n",
    ),
    (
        "kind: matter\nintermediary: '它''s'\n",
        "kind: matter\nintermediary:\n  involved: true\n  name: 它's\n",
    ),
    (
        "kind: matter\nintermediary: 无 # 注\nspecial_procedures: |\n  听证\n  专家评审\nstatus: x\n",
        "kind: matter\nintermediary: # 注\n  involved: false\nspecial_procedures:\n  - name: 听证\n    note: |-\n      听证\n      专家评审\nstatus: x\n",
    ),
    (
        "kind: matter\nmaterials:\n  - {name: a, form: 电子}\n  - name: b\n    form: 纸质+电子\n",
        "kind: matter\nmaterials:\n  - {name: a, form: 电子化}\n  - name: b\n    form: 纸质/电子化\n",
    ),
    (
        "kind: matter\nintermediary: 'a: b'\n",
        'kind: matter\nintermediary:\n  involved: true\n  name: "a: b"\n',
    ),
]


@pytest.mark.parametrize(("before", "after"), SPLICES)
def test_splices_of_each_kind_of_v1_text(before: str, after: str) -> None:
    old = yamlio.load_text(before)
    new = copy.deepcopy(old)
    upgrade_record("matter", new)
    assert upgrade_text._splice_all(before, old, new) == after
    assert yamlio.load_text(after) == new


def test_a_file_the_upgrade_leaves_alone_is_still_listed_for_its_notes(v1: Path) -> None:
    """A 行政处罚 matter with nothing to respell still needs its punishment set: it is named."""
    mig.migrate(v1)
    manifest = v1 / "shenguan.yaml"
    manifest.write_bytes(manifest.read_bytes().replace(b"schema_version: 2", b"schema_version: 1"))
    path = v1 / "matters/000117020000.yaml"
    path.write_bytes(path.read_bytes().replace(b'type: "01"', b'type: "02"'))
    before = path.read_bytes()
    result = mig.migrate(v1)
    (noted,) = [f for f in result.files if f.path == "matters/000117020000.yaml"]
    assert not noted.changed and noted.notes == [
        "行政处罚事项请补充 punishment（处罚的行为、种类、幅度）：国家交换表必填"
    ]
    assert path.read_bytes() == before and [f.path for f in result.files if f.changed] == [
        "shenguan.yaml"
    ]
