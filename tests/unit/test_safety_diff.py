"""`diff --exit-code` counts a record that no longer parses as a change (issue 13 item 7)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.git import commit

MATTER = "matters/000172013000.yaml"


def _duplicate_key(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"id: '000172013000'\n")


def _alias(path: Path) -> None:
    path.write_bytes(b"a: &x [1, 2]\nb: *x\n")


def _too_big(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"#" * (1024 * 1024 + 1) + b"\n")


def _symlink(path: Path) -> None:
    outside = path.parent.parent.parent / "elsewhere.yaml"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    os.symlink(outside, path)


@pytest.mark.parametrize("spoil", [_duplicate_key, _alias, _too_big, _symlink])
@pytest.mark.parametrize("committed", [False, True])
def test_a_record_that_no_longer_parses_is_a_change(
    cli, make_repo, base: Path, spoil: Callable[[Path], None], committed: bool
) -> None:
    root = make_repo(base)
    spoil(root / MATTER)
    revs = ["HEAD~1", "HEAD"] if committed else []
    if committed:
        commit(root, "弄坏一个事项")
    r = cli("diff", *revs, "-C", root, "--exit-code")
    assert r.code == 1, (r.code, r.out, r.err)
    shown = r.out + r.err  # a link is a warning on stderr, a file that does not parse a change
    assert "matters/000172013000.yaml" in shown or "000172013000" in r.out
    assert ("符号链接" if spoil is _symlink else "无法解析") in shown
    if spoil is not _symlink:  # the headline does not contradict the entry below it
        assert "没有记录变化" not in r.out
