"""A set of atomic writes syncs each folder once, after every rename (issue 15 item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shenguan.errors import ToolError
from shenguan.yamlio import atomic_write
from shenguan.yamlio.write import folder_syncs_deferred


def test_deferred_writes_are_in_place_at_once_and_each_folder_is_synced_once(
    tmp_path: Path,
) -> None:
    with folder_syncs_deferred() as pending:
        for n in range(3):
            atomic_write(tmp_path / "matters" / f"{n}.yaml", f"n: {n}\n".encode())
            assert (tmp_path / "matters" / f"{n}.yaml").read_bytes() == f"n: {n}\n".encode()
        atomic_write(tmp_path / "departments" / "d.yaml", b"d: 1\n")
        # The new folders and the folder holding their entries, each once.
        assert pending == {tmp_path / "matters", tmp_path / "departments", tmp_path}
    assert sorted(p.name for p in (tmp_path / "matters").iterdir()) == [
        "0.yaml",
        "1.yaml",
        "2.yaml",
    ]


def test_a_nested_block_leaves_its_folders_to_the_outer_one(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    with folder_syncs_deferred() as outer:
        with folder_syncs_deferred() as inner:
            atomic_write(tmp_path / "a" / "x", b"x")
        assert inner == {tmp_path / "a"}
        assert outer == {tmp_path / "a"}


def test_a_folder_removed_before_the_end_of_the_block_is_no_error(tmp_path: Path) -> None:
    with folder_syncs_deferred() as pending:
        pending.add(tmp_path / "gone")
        atomic_write(tmp_path / "x", b"x")
    assert (tmp_path / "x").read_bytes() == b"x"


def test_a_failing_write_in_a_block_is_a_tool_error_and_keeps_the_files_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "plain").write_bytes(b"x")
    with pytest.raises(ToolError, match=r"无法写入 .*plain/x\.yaml"), folder_syncs_deferred():
        atomic_write(tmp_path / "first.yaml", b"1\n")
        atomic_write(tmp_path / "plain" / "x.yaml", b"2\n")
    assert (tmp_path / "first.yaml").read_bytes() == b"1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.yaml", "plain"]


def test_outside_a_block_nothing_is_left_pending(tmp_path: Path) -> None:
    atomic_write(tmp_path / "new" / "x", b"x")
    with folder_syncs_deferred() as pending:
        pass
    assert pending == set()
    assert (tmp_path / "new" / "x").read_bytes() == b"x"
