"""Symlinked and undecodable records before the review gate (issue 13 item 5, item 6)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support.catalogs import MATTER, fresh
from tests.support.git import commit, git
from tests.support.keys import keygen


@pytest.fixture
def cat(tmp_path: Path) -> Path:
    key = keygen(tmp_path, "zhang")
    root = fresh(tmp_path, [("zhang-wei", "张伟", key)])
    git(root, "checkout", "-q", "-b", "change")
    return root


def _link_new_matter(root: Path) -> None:
    outside = root.parent / "elsewhere.yaml"
    shutil.copy(root / MATTER, outside)
    os.symlink(outside, root / "matters" / "000700101099.yaml")
    commit(root, "链接一个事项")


@pytest.mark.parametrize("command", ["status", "request"])
def test_a_new_symlinked_matter_is_refused_not_a_crash(cli, cat: Path, command: str) -> None:
    _link_new_matter(cat)
    r = cli("review", command, "-C", cat, "--base", "main")
    assert r.code == (0 if command == "request" else 1), (r.code, r.err)  # a request only lists
    assert "Traceback" not in r.err
    assert "matters/000700101099.yaml" in r.out + r.err
    if command == "request":
        assert "无法解析" in r.out and "符号链接" in r.out


def test_signing_a_new_symlinked_matter_is_refused(cli, cat: Path, tmp_path: Path) -> None:
    _link_new_matter(cat)
    r = cli(
        "review", "sign", "-C", cat, "--base", "main", "--decision", "通过",
        "--opinion", "经审查，符合法律规定。", "--key", tmp_path / "zhang",
    )  # fmt: skip
    assert r.code == 1, (r.code, r.err)
    assert "无法解析" in r.err and "matters/000700101099.yaml" in r.err


def test_a_matter_replaced_by_a_symlink_never_passes_the_gate(
    cli, cat: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(cat / MATTER, outside)
    (cat / MATTER).unlink()
    os.symlink(outside, cat / MATTER)
    commit(cat, "把事项换成链接")
    assert cli("validate", "-C", cat).code == 1
    signed = cli(
        "review", "sign", "-C", cat, "--base", "main", "--decision", "通过",
        "--opinion", "经审查，符合法律规定。", "--key", tmp_path / "zhang",
    )  # fmt: skip
    assert signed.code == 1 and "无法解析" in signed.err
    assert not (cat / "reviews").exists() or not any((cat / "reviews").rglob("*.yaml"))
    status = cli("review", "status", "-C", cat, "--base", "main", "-f", "json")
    assert status.code == 1, (status.code, status.err)
    assert '"unreadable"' in status.out and "符号链接" in status.out


def test_a_file_name_that_is_not_utf8_is_reported_not_read(cli, cat: Path) -> None:
    name = os.fsencode(cat / "matters") + b"/\xff\xfe.yaml"
    with open(name, "wb") as f:
        f.write((cat / MATTER).read_bytes())
    commit(cat, "一个名字不是 UTF-8 的文件")
    for command in ("status", "request"):
        r = cli("review", command, "-C", cat, "--base", "main", "-f", "json")
        assert r.code == (0 if command == "request" else 1), (command, r.code, r.err)
        assert "Traceback" not in r.err and "UTF-8" in r.out and "\\\\xff" in r.out
