"""The worker pool: entered from one place, and its workers die with the process that forked them
(a `kill -9` of a command must not leave workers holding its pipes and the cache)."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import shenguan
from shenguan.catalog.workers import PARALLEL_MIN_FILES
from tests.support.catalogs import MATTER

PACKAGE = Path(shenguan.__file__).resolve().parent
linux_proc = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="需要 /proc")


def test_only_the_file_layer_enters_the_pool() -> None:
    """The loading path runs down once: validate → checking → records → catalog.workers."""
    importers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "compiled" in path.parts:  # generated schema gates
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(n == "shenguan.catalog.workers" for n in names):
                importers.append(path.relative_to(PACKAGE).as_posix())
    assert importers == ["validation/records.py"]


# -- workers die with their parent


def _state(pid: int) -> str | None:
    """The process's state letter, or None once it is gone (a zombie counts as gone: it holds no
    file and runs nothing, whoever reaps it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state = stat.rsplit(")", 1)[1].split()[0]
    return None if state in ("Z", "X") else state


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _gone(pids: list[int], seconds: float) -> list[int]:
    """The pids still alive after waiting up to `seconds` for them to end."""
    deadline = time.monotonic() + seconds
    alive = [p for p in pids if _state(p) is not None]
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _state(p) is not None]
    return alive


def _kill_all(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture
def big(tmp_path: Path, cli) -> Path:
    """A catalogue with enough matters for validate to fork workers (copies of the init matter
    under new codes), and no cache yet: a cold run."""
    root = tmp_path / "big"
    assert cli("init", root).code == 0
    text = (root / MATTER).read_text(encoding="utf-8")
    for n in range(PARALLEL_MIN_FILES * 12):
        code = f"0007{n:08d}"
        (root / "matters" / f"{code}.yaml").write_text(
            text.replace("000700101000", code), encoding="utf-8"
        )
    return root


@linux_proc
def test_workers_die_when_validate_is_killed(big: Path) -> None:
    run = subprocess.Popen(
        [sys.executable, "-m", "shenguan", "validate", "-C", str(big), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
            workers = _children(run.pid)
        assert len(workers) == 2, "validate finished or stalled before its workers were seen"
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=10)
        assert run.returncode == -signal.SIGKILL
        assert _gone(workers, 5) == []
    finally:
        run.kill()
        _kill_all(workers)


# A middle process forks a worker that arms the parent watch (`how`), prints the worker's pid and
# sleeps; the worker sleeps far longer than the test waits.
_MIDDLE = """
import os, sys, time
from shenguan.catalog import workers
pid = os.fork()
if pid == 0:
    parent = os.getppid()
    if sys.argv[1] == "signal":
        workers._die_with_parent(parent)
    else:
        workers._watch_parent(parent, 0.05)
    time.sleep(120)
    os._exit(0)
print(pid, flush=True)
time.sleep(120)
"""


@linux_proc
@pytest.mark.parametrize("how", ["signal", "watch"])
def test_a_worker_dies_with_its_parent(how: str) -> None:
    """Both ways: the kernel's death signal (Linux) and the portable watching thread."""
    middle = subprocess.Popen(
        [sys.executable, "-c", _MIDDLE, how], stdout=subprocess.PIPE, text=True
    )
    worker = 0
    try:
        assert middle.stdout is not None
        worker = int(middle.stdout.readline())
        time.sleep(0.3)  # the worker has armed its watch
        assert _state(worker) is not None
        os.kill(middle.pid, signal.SIGKILL)
        middle.wait(timeout=10)
        assert _gone([worker], 5) == []
    finally:
        middle.kill()
        middle.communicate()
        if worker:
            _kill_all([worker])


def test_a_worker_whose_parent_died_before_it_armed_exits_at_once() -> None:
    """The race after fork: the parent may die before the worker sets its death signal; the
    worker then finds another parent pid and exits instead of running on."""
    script = (
        "import os, sys\n"
        "from shenguan.catalog import workers\n"
        "workers._die_with_parent(int(sys.argv[1]))\n"
        "print('仍在运行')\n"
    )
    gone = subprocess.run(
        [sys.executable, "-c", script, "1"], capture_output=True, text=True, timeout=60
    )
    assert (gone.returncode, gone.stdout) == (1, "")
    alive = subprocess.run(
        [sys.executable, "-c", script, str(os.getpid())], capture_output=True, text=True, timeout=60
    )
    assert (alive.returncode, alive.stdout) == (0, "仍在运行\n")
