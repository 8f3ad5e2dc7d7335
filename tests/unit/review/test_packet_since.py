"""Since the last sign-off: a record signed off and edited again is shown from the signed content,
in `review request`, and `review status` names the fields edited after the sign-off. Real git
repositories, real ssh-keygen keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.catalogs import enrol
from tests.support.files import edit
from tests.support.git import commit, git
from tests.support.keys import keygen
from tests.support.signoffs import forge

PROMISED = "    value: 20\n    unit: 工作日"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("keys")
    return keygen(folder, "zhang"), keygen(folder, "stranger")


@pytest.fixture
def cat(cli, tmp_path: Path, keys: tuple[Path, Path]) -> Path:
    """A reviewer on main; on a branch the promised time limit goes 20 → 15 and is signed off."""
    root = tmp_path / "weiyang"
    assert cli("init", root).code == 0
    enrol(root, [("zhang-wei", "张伟", keys[0])])
    commit(root, "登记审查人张伟")
    git(root, "checkout", "-q", "-b", "shorten")
    edit(root, PROMISED, "    value: 15\n    unit: 工作日")
    commit(root, "缩短承诺时限")
    signed = cli(
        "review",
        "sign",
        "--base",
        "main",
        "--decision",
        "通过",
        "--opinion",
        "同意。",
        "--key",
        str(keys[0]),
        cwd=root,
    )
    assert signed.code == 0, signed.err
    commit(root, "区司法局审查通过")
    return root


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]


def test_request_after_an_edit_shows_only_what_changed_since_the_sign_off(cli, cat: Path) -> None:
    edit(cat, "    value: 15\n", "    value: 12\n")
    r = cli("review", "request", "--base", "main", cwd=cat)
    assert r.code == 0, r.err
    assert "签署以来的变化（签署时的内容已经审查）" in r.out and "自审查记录 r-" in r.out
    rows = table_rows(r.out)
    assert "| 办理时限 / 承诺办结时限 / 时限数值 | 15 | 12 |" in rows
    assert not any("| 20 |" in row for row in rows)


def test_status_names_the_fields_that_made_the_sign_off_stale(cli, cat: Path) -> None:
    edit(cat, "    value: 15\n", "    value: 12\n")
    r = cli("review", "status", "--base", "main", cwd=cat)
    assert r.code == 1 and "审查后又被修改" in r.out
    assert "签署后改动的字段：办理时限 / 承诺办结时限 / 时限数值" in r.out


def test_without_a_sign_off_the_whole_change_is_shown(
    cli, tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    root = tmp_path / "fresh"
    assert cli("init", root).code == 0
    enrol(root, [("zhang-wei", "张伟", keys[0])])
    commit(root, "登记审查人张伟")
    git(root, "checkout", "-q", "-b", "shorten")
    edit(root, PROMISED, "    value: 12\n    unit: 工作日")
    r = cli("review", "request", "--base", "main", cwd=root)
    assert "签署以来" not in r.out
    assert "| 办理时限 / 承诺办结时限 / 时限数值 | 20 | 12 |" in table_rows(r.out)


def test_a_forged_sign_off_does_not_shrink_the_packet(
    cli, cat: Path, keys: tuple[Path, Path]
) -> None:
    edit(cat, "    value: 15\n", "    value: 12\n")
    commit(cat, "再次缩短")
    forge(cat, keys[1], "stranger")  # signs the current content with a key the base does not know
    edit(cat, "    value: 12\n", "    value: 10\n")
    r = cli("review", "request", "--base", "main", cwd=cat)
    rows = table_rows(r.out)
    assert "| 办理时限 / 承诺办结时限 / 时限数值 | 15 | 10 |" in rows, r.out
