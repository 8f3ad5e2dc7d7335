"""`shenguan export public | guide | changes` and `shenguan report` as a user runs them."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.catalogs import BASE
from tests.support.git import git


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "html", "md"])
def test_public_list_to_a_file(cli: Callable, base: Path, tmp_path: Path, fmt: str) -> None:  # type: ignore[type-arg]
    target = tmp_path / "out" / f"清单.{fmt}"
    target.parent.mkdir()  # -o never creates folders (issue 13)
    r = cli("export", "public", "-C", base, "--format", fmt, "-o", target)
    assert (r.code, r.out) == (0, "")
    assert f"已写入 {target}" in r.err
    data = target.read_bytes()
    assert "000172013000" in (
        data.decode("utf-8")
        if fmt != "xlsx"
        else zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml").decode()
    )
    assert cli("-C", base, "export", "public", "-f", fmt, "-o", target).code == 0
    assert target.read_bytes() == data


def test_text_formats_go_to_stdout_and_xlsx_needs_a_file(cli: Callable, base: Path) -> None:  # type: ignore[type-arg]
    r = cli("export", "public", "-C", base, "--format", "csv")
    assert r.code == 0 and r.out.startswith('\ufeff"实施主体"') and r.err == ""
    r = cli("export", "public", "-C", base, "--format", "xlsx")
    assert r.code == 2 and "XLSX 是二进制文件" in r.err and "-o" in r.err and r.out == ""
    r = cli("export", "public", "-C", base, "--format", "pdf")
    assert r.code == 2 and "不支持的输出格式 pdf" in r.err


def test_a_broken_catalogue_is_not_exported(cli: Callable, base: Path, tmp_path: Path) -> None:  # type: ignore[type-arg]
    path = base / "matters/000172013000.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "name: 重复\n", encoding="utf-8")
    target = tmp_path / "list.csv"
    r = cli("export", "public", "-C", base, "-o", target)
    assert r.code == 1 and not target.exists()
    assert "matters/000172013000.yaml:" in r.err and "shenguan validate" in r.err


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root / "catalog")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初始目录")
    git(root, "tag", "catalog-2026.01.05")
    return root


def _cancel_show(root: Path) -> None:
    path = root / "catalog/matters/000117004000.yaml"
    text = path.read_text(encoding="utf-8").replace("status: 在用", "status: 已取消")
    path.write_text(
        text + '  - date: "2026-01-20"\n    kind: 取消\n    basis: 未审改办发〔2026〕2号\n',
        encoding="utf-8",
    )


def test_public_list_of_a_revision(cli: Callable, tmp_path: Path) -> None:  # type: ignore[type-arg]
    root = _repo(tmp_path)
    before = cli("export", "public", "-C", root / "catalog", "-f", "json").out
    _cancel_show(root)
    now = cli("export", "public", "-C", root / "catalog", "-f", "json")
    then = cli(
        "export", "public", "-C", root / "catalog", "-f", "json", "--rev", "catalog-2026.01.05"
    )
    assert then.code == 0 and then.out == before != now.out
    assert "000117004000" in then.out and "000117004000" not in now.out
    guide = cli(
        "export",
        "guide",
        "000117004000",
        "-C",
        root / "catalog",
        "-f",
        "md",
        "--rev",
        "catalog-2026.01.05",
    )
    assert guide.code == 0 and "- **事项状态**：在用" in guide.out
    bad = cli("export", "public", "-C", root / "catalog", "--rev", f"--output={tmp_path / 'evil'}")
    assert bad.code == 2 and "修订名不合法" in bad.err and not (tmp_path / "evil").exists()


def test_guides(cli: Callable, base: Path, tmp_path: Path) -> None:  # type: ignore[type-arg]
    r = cli("export", "guide", "000172013000", "-C", base, "--format", "md")
    assert r.code == 0 and r.out.startswith("# 食品经营许可 办事指南")
    assert cli("export", "guide", "000000000001", "-C", base).code == 2
    assert cli("export", "guide", "-C", base, "--all").code == 2  # needs -o DIR
    assert cli("export", "guide", "-C", base).code == 2  # neither CODE nor --all
    r = cli("export", "guide", "--all", "-C", base, "-o", tmp_path / "指南")
    assert r.code == 0 and "7 份办事指南" in r.err
    assert (tmp_path / "指南/index.html").is_file() and (
        tmp_path / "指南/000172013000.html"
    ).is_file()


def test_change_announcement(cli: Callable, tmp_path: Path) -> None:  # type: ignore[type-arg]
    root = _repo(tmp_path)
    _cancel_show(root)
    git(root, "commit", "-q", "-am", "取消营业性演出审批")
    r = cli("export", "changes", "catalog-2026.01.05", "HEAD", "-C", root / "catalog")
    assert r.code == 0
    assert (
        "## 二、取消事项（1 项）" in r.out
        and "未审改办发〔2026〕2号" in r.out
        and "营业性演出审批" in r.out
    )
    doc = json.loads(
        cli(
            "export", "changes", "catalog-2026.01.05", "HEAD", "-C", root / "catalog", "-f", "json"
        ).out
    )
    assert doc["summary"] == {"新增": 0, "取消": 1, "调整": 0}
    target = tmp_path / "公告.html"
    assert (
        cli(
            "export",
            "changes",
            "catalog-2026.01.05",
            "-C",
            root / "catalog",
            "-f",
            "html",
            "-o",
            target,
        ).code
        == 0
    )
    assert "调整公告" in target.read_text(encoding="utf-8")
    assert cli("export", "changes", "no-such-tag", "HEAD", "-C", root / "catalog").code == 2


def test_change_announcement_outside_git(cli: Callable, base: Path) -> None:  # type: ignore[type-arg]
    r = cli("export", "changes", "HEAD~1", "-C", base)
    assert r.code == 3 and "git" in r.err


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_report(cli: Callable, base: Path, fmt: str) -> None:  # type: ignore[type-arg]
    r = cli("report", "-C", base, "--since", "2021-01-01", "--until", "2021-12-31", "--format", fmt)
    assert r.code == 0
    assert "85.7" in r.out and "71.9" in r.out
    if fmt == "json":
        doc = json.loads(r.out)
        assert doc["command"] == "report" and doc["period"] == {
            "since": "2021-01-01",
            "until": "2021-12-31",
        }
        assert doc["changes"]["available"] is False
    if fmt == "html":
        assert '<svg class="chart"' in r.out and "<script" not in r.out


def test_report_usage_errors(cli: Callable, base: Path, tmp_path: Path) -> None:  # type: ignore[type-arg]
    assert cli("report", "-C", base, "--since", "2026-13-01").code == 2
    assert cli("report", "-C", base, "--since", "2026-12-01", "--until", "2026-11-01").code == 2
    assert cli("report", "-C", base, "-o", tmp_path / "r.txt").code == 2
