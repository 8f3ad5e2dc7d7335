"""`shenguan export exchange` as a clerk runs it: files written, refused, and what stderr says."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.catalogs import SAMPLE
from tests.support.files import edit
from tests.support.git import git

Cli = Callable  # type: ignore[type-arg]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_xlsx_to_a_file_and_again(cli: Cli, sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "交换表.xlsx"
    r = cli("export", "exchange", "-C", sample, "-o", target)
    assert (r.code, r.out) == (0, "")
    assert (
        f"已写入 {target}（21 张表和字段说明）" in r.err
        and "各表行数：up_task_general_basic " in r.err
    )
    data = target.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook = z.read("xl/workbook.xml").decode()
        assert '<sheet name="up_task_general_basic"' in workbook and "字段说明" in workbook
    # the same catalogue again: the same bytes, so no --force is needed
    assert cli("-C", sample, "export", "exchange", "-o", target).code == 0
    assert target.read_bytes() == data


def test_an_existing_file_is_not_overwritten_without_force(
    cli: Cli, sample: Path, tmp_path: Path
) -> None:
    target = tmp_path / "交换表.xlsx"
    assert cli("export", "exchange", "-C", sample, "-o", target).code == 0
    before = target.read_bytes()
    edit(sample / "matters/000111001000.yaml", "name: 食品经营许可\n", "name: 食品经营许可证核发\n")
    r = cli("export", "exchange", "-C", sample, "-o", target)
    assert r.code == 2 and "已存在，不会覆盖" in r.err and "--force" in r.err
    assert target.read_bytes() == before
    r = cli("export", "exchange", "-C", sample, "-o", target, "--force")
    assert r.code == 0 and target.read_bytes() != before


def test_xlsx_needs_a_file_and_formats_are_checked(cli: Cli, sample: Path) -> None:
    r = cli("export", "exchange", "-C", sample)
    assert r.code == 2 and "XLSX 是二进制文件" in r.err and r.out == ""
    r = cli("export", "exchange", "-C", sample, "--format", "xls")
    assert r.code == 2 and "不支持的输出格式 xls" in r.err and "xlsx、csv、json" in r.err
    r = cli("export", "exchange", "-C", sample, "--format", "csv")
    assert r.code == 2 and "需要用 -o 指定输出文件夹" in r.err


def test_csv_writes_a_folder_of_tables(cli: Cli, sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "交换表"
    r = cli("export", "exchange", "-C", sample, "--format", "csv", "-o", folder)
    assert (r.code, r.out) == (0, "")
    assert f"已写入 {folder}：21 张表和 字段说明.csv" in r.err
    names = sorted(p.name for p in folder.iterdir())
    assert "up_task_general_basic.csv" in names and "字段说明.csv" in names and len(names) == 22
    data = (folder / "up_task_general_material.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    first = next(r for r in rows if r["material_name"] == "食品经营许可申请书")
    assert (first["material_type"], first["material_format"], first["is_need"]) == ("2", "3", "1")
    basic = list(
        csv.DictReader(io.StringIO((folder / "up_task_general_basic.csv").read_text("utf-8-sig")))
    )
    assert {r["task_type"] for r in basic} >= {"01", "11"}
    # the same folder again: refused, then allowed with --force, giving the same files
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    r = cli("export", "exchange", "-C", sample, "-f", "csv", "-o", folder)
    assert r.code == 2 and "不是空的" in r.err
    assert cli("export", "exchange", "-C", sample, "-f", "csv", "-o", folder, "--force").code == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_csv_onto_a_file_is_refused(cli: Cli, sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    target.write_text("x", encoding="utf-8")
    r = cli("export", "exchange", "-C", sample, "-f", "csv", "-o", target)
    assert r.code == 2 and "不是文件夹" in r.err and target.read_text(encoding="utf-8") == "x"
    r = cli("export", "exchange", "-C", sample, "-f", "csv", "-o", tmp_path / "no" / "such")
    assert r.code == 2 and "不存在，不会自动创建" in r.err


def test_json_goes_to_stdout_as_one_document(cli: Cli, sample: Path) -> None:
    r = cli("export", "exchange", "-C", sample, "-f", "json")
    assert r.code == 0
    doc = json.loads(r.out)
    assert (doc["command"], doc["status"]) == ("export exchange", "ok")
    assert "up_task_general_basic" in doc["tables"] and "sg_task_extra" in doc["tables"]
    assert "各表行数" in r.err  # diagnostics stay on stderr


def test_output_inside_the_records_is_refused(cli: Cli, sample: Path) -> None:
    target = sample / "matters" / "交换表.xlsx"
    r = cli("export", "exchange", "-C", sample, "-o", target)
    assert r.code == 2 and "记录文件夹" in r.err and not target.exists()
    r = cli("export", "exchange", "-C", sample, "-f", "csv", "-o", sample / "departments")
    assert r.code == 2 and "记录文件夹" in r.err


def test_a_broken_catalogue_is_not_exported(cli: Cli, sample: Path, tmp_path: Path) -> None:
    path = sample / "matters/000111001000.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "name: 重复\n", encoding="utf-8")
    target = tmp_path / "交换表.xlsx"
    r = cli("export", "exchange", "-C", sample, "-o", target)
    assert r.code == 1 and not target.exists()
    assert "matters/000111001000.yaml:" in r.err and "shenguan validate" in r.err


def test_empty_not_null_columns_are_named(cli: Cli, sample: Path, tmp_path: Path) -> None:
    path = sample / "matters/000111001000.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("conditions: （一）")
    path.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    r = cli("export", "exchange", "-C", sample, "-f", "json")
    assert r.code == 0
    assert "注意：以下必填列有空值" in r.err and "accept_condition（受理条件）" in r.err


def test_a_revision_is_exported(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(SAMPLE, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初始目录")
    before = cli("export", "exchange", "-C", root, "-f", "json").out
    edit(root / "matters/000111001000.yaml", "name: 食品经营许可\n", "name: 食品经营许可证核发\n")
    assert cli("export", "exchange", "-C", root, "-f", "json").out != before
    assert cli("export", "exchange", "-C", root, "-f", "json", "--rev", "HEAD").out == before
