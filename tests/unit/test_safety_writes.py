"""Sets of writes are all or nothing (issue 13 item 2): a journal beside the lock, finished by the
next command that takes the lock, and temp files of a killed write swept away."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shenguan.catalog import journal, lock
from shenguan.errors import ToolError
from shenguan.yamlio import atomic_write
from tests.support.catalogs import CASES
from tests.support.git import commit

MATTER = "matters/000718003000.yaml"
TRANSFER = "transfers/hz-2026-wjw.yaml"
FINISH = [
    "transfer", "advance", "hz-2026-wjw", "--to", "已完成", "--date", "2026-11-20",
    "--approving-section", "spj-shsw",
]  # fmt: skip


def tree(root: Path) -> dict[str, bytes]:
    """Every file outside .git, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


@pytest.fixture
def halfway(cli, make_repo) -> Path:
    """The base case with a 划转 in legality review: finishing it rewrites a matter and the record."""
    repo = make_repo(CASES / "base")
    new = ["transfer", "new", "--kind", "划转", "--matter", "000718003000", "--from", "wjw"]
    assert (
        cli(*new, "--basis", "未审改办发〔2026〕7号", "--date", "2026-11-01", "-C", repo).code == 0
    )
    for state, day, extra in (
        ("已征求意见", "2026-11-02", []),
        (
            "合法性审查",
            "2026-11-10",
            ["--evidence", "合法性审查意见书|未司审〔2026〕9号|2026-11-10"],
        ),
    ):
        args = ["transfer", "advance", "hz-2026-wjw", "--to", state, "--date", day, *extra]
        assert cli(*args, "-C", repo).code == 0
    commit(repo, "划转至合法性审查")
    return repo


def run_finish(repo: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "shenguan", *FINISH, "-C", str(repo)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SHENGUAN_LOCK_TIMEOUT": "5"},
    )


def first_replace(path: Path, writer: subprocess.Popen[bytes], limit: float) -> None:
    """Wait until `path` is replaced (a new inode): the kill then falls between two replaces."""
    inode, end = path.stat().st_ino, time.monotonic() + limit
    while writer.poll() is None and time.monotonic() < end:
        if path.stat().st_ino != inode:
            return


def test_kill_9_at_random_points_leaves_every_file_old_or_new(cli, halfway: Path, tmp_path) -> None:
    old = tree(halfway)
    done = tmp_path / "done"
    shutil.copytree(halfway, done)
    start = time.monotonic()
    assert run_finish(done).wait() == 0
    took = time.monotonic() - start
    new = tree(done)
    assert new[MATTER] != old[MATTER] and new[TRANSFER] != old[TRANSFER]
    rng = random.Random(13)
    killed, deadline = 0, time.monotonic() + 12
    for run in range(15):
        if run >= 4 and time.monotonic() > deadline:
            break
        copy = tmp_path / f"run{run}"
        shutil.copytree(halfway, copy)
        writer = run_finish(copy)
        if run % 2:
            # Most of a run is start-up and validation; the writes come at its end.
            time.sleep(rng.uniform(0.6, 1.05) * took)
        else:
            first_replace(copy / MATTER, writer, took * 2)
        writer.send_signal(signal.SIGKILL)
        killed += writer.wait() == -signal.SIGKILL
        with lock.hold(copy, timeout=5):  # the next command that takes the lock
            pass
        after = tree(copy)
        assert after in (old, new), (
            f"run {run}: {sorted(k for k in after if after[k] != old.get(k))}"
        )
        assert cli("validate", "-C", copy).code == 0
    assert killed >= 2


def test_an_unfinished_journal_is_rolled_forward_and_temp_files_swept(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    (root / "matters").mkdir(parents=True)
    (root / "matters" / "a.yaml").write_bytes(b"a: old\n")
    (root / "transfers").mkdir()
    (root / "transfers" / "t.yaml").write_bytes(b"t: old\n")
    lock_file = lock.lock_path(root)
    # A command killed after its first replace: the journal is complete, one file is new.
    changes = {"matters/a.yaml": b"a: new\n", "transfers/t.yaml": b"t: new\n"}
    real = journal.atomic_write
    calls: list[Path] = []

    def dies_on_second_file(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(path, data)

    journal.atomic_write = dies_on_second_file  # type: ignore[assignment]
    try:
        with pytest.raises(KeyboardInterrupt):
            journal.write_all(root, lock_file, changes)
    finally:
        journal.atomic_write = real  # type: ignore[assignment]
    assert (root / "matters" / "a.yaml").read_bytes() == b"a: new\n"
    assert (root / "transfers" / "t.yaml").read_bytes() == b"t: old\n"
    (root / "transfers" / ".t.yaml.abcd1234.tmp").write_bytes(b"t: ne")
    with lock.hold(root):
        pass
    assert (root / "transfers" / "t.yaml").read_bytes() == b"t: new\n"
    assert not journal.journal_path(lock_file).exists()
    assert sorted(p.name for p in (root / "transfers").iterdir()) == ["t.yaml"]


def test_a_journal_overtaken_by_a_later_edit_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    (root / "matters").mkdir(parents=True)
    (root / "matters" / "a.yaml").write_bytes(b"a: old\n")
    lock_file = lock.lock_path(root)
    atomic_write(
        journal.journal_path(lock_file),
        b'{"root": "%s", "files": [{"file": "matters/a.yaml", "old": "0000", "new": "YTogbmV3Cg=="}]}'
        % str(root.resolve()).encode(),
    )
    with pytest.raises(ToolError, match="matters/a.yaml 在中断后又被改动"), lock.hold(root):
        pass
    assert (root / "matters" / "a.yaml").read_bytes() == b"a: old\n"


def test_a_write_into_a_file_as_folder_is_a_tool_error_naming_the_path(tmp_path: Path) -> None:
    (tmp_path / "plain").write_bytes(b"x")
    with pytest.raises(ToolError, match=r"无法写入 .*plain/x\.csv"):
        atomic_write(tmp_path / "plain" / "x.csv", b"data")
