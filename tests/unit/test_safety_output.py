"""`-o` never destroys (issue 13 item 4): records, devices, FIFOs, missing folders, existing files
and non-empty folders are refused with a usage error, and nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

RECORD = "matters/000172013000.yaml"


def test_o_onto_a_record_is_refused_and_the_record_kept(cli, base: Path) -> None:
    before = (base / RECORD).read_bytes()
    r = cli("export", "public", "-o", base / RECORD, "-C", base)
    assert r.code == 2 and "记录文件夹" in r.err
    assert (base / RECORD).read_bytes() == before


def test_o_onto_a_device_or_fifo_is_refused(cli, base: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (Path("/dev/full"), fifo):
        r = cli("export", "public", "-o", target, "-C", base)
        assert r.code == 2 and "不是普通文件" in r.err, r.err
    assert Path("/dev/full").is_char_device() and fifo.is_fifo()


def test_o_into_a_missing_folder_or_over_a_file_needs_asking(cli, base: Path, tmp_path) -> None:
    r = cli("export", "public", "-o", tmp_path / "nonexistent" / "x.csv", "-C", base)
    assert r.code == 2 and "不存在" in r.err and not (tmp_path / "nonexistent").exists()
    kept = tmp_path / "清单.csv"
    kept.write_bytes(b"old")
    r = cli("export", "public", "-o", kept, "-C", base)
    assert r.code == 2 and "--force" in r.err and kept.read_bytes() == b"old"
    assert cli("export", "public", "-o", kept, "--force", "-C", base).code == 0
    assert kept.read_bytes().startswith("\ufeff".encode())


def test_guide_all_into_a_non_empty_folder_needs_force(cli, base: Path, tmp_path) -> None:
    folder = tmp_path / "指南"
    folder.mkdir()
    (folder / "README.md").write_bytes(b"mine")
    r = cli("export", "guide", "--all", "-o", folder, "-C", base)
    assert r.code == 2 and "不是空的" in r.err
    assert sorted(p.name for p in folder.iterdir()) == ["README.md"]
    r = cli("export", "guide", "--all", "-o", base / "matters", "--force", "-C", base)
    assert r.code == 2 and "记录文件夹" in r.err
