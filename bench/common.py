"""Shared helpers of the benchmarks: paths, a fast YAML writer, measuring a command, machine facts."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
RESULTS = BENCH / "results"
VENV_BIN = Path(sys.executable).parent


def use_source_tree() -> None:
    """Import shenguan from this checkout when the running interpreter does not have it installed."""
    try:
        import shenguan  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(REPO / "src"))


class Parser(argparse.ArgumentParser):
    """argparse with its fixed English words in Chinese, like the rest of the project."""

    WORDS = (
        ("usage: ", "用法："),
        ("options:", "选项："),
        ("show this help message and exit", "显示帮助并退出"),
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(add_help=False, **kwargs)
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def format_usage(self) -> str:
        return self._zh(super().format_usage())

    def format_help(self) -> str:
        return self._zh(super().format_help())

    def _zh(self, text: str) -> str:
        for en, zh in self.WORDS:
            text = text.replace(en, zh)
        return text

    def error(self, message: str) -> NoReturn:
        for en, zh in self.ERRORS:
            message = re.sub(en, zh, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")

    ERRORS = (
        (r"the following arguments are required: (.*)", r"缺少必填参数 \1"),
        (r"unrecognized arguments: (.*)", r"无法识别的参数 \1"),
        (r"argument (\S+): invalid (\w+) value: (.*)", r"参数 \1 的值 \3 无效（应为 \2）"),
        (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
    )


# ---------------------------------------------------------------- YAML writing
# yaml.dump costs ~1 ms per matter; writing block YAML by hand is ~15x faster, and every
# value the generator makes is a str, int, bool, list or dict, so the writer stays small.
_PLAIN_ID = re.compile(r"[a-z][a-z0-9-]*\Z")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_CJK_UNSAFE = re.compile(r"[\x00-\x1f:#\"'\\]|\s\Z")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def scalar(value: Any) -> str:
    """One scalar as YAML that every YAML 1.1 or 1.2 loader reads back as the same value."""
    if type(value) is str:
        text = _SCALARS.get(value)
        if text is None:
            text = _SCALARS[value] = _string(value)
        return text
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


_SCALARS: dict[str, str] = {}  # most strings repeat from matter to matter


def _string(value: str) -> str:
    if _PLAIN_ID.match(value) and value not in _RESERVED:
        return value
    if value and ord(value[0]) > 0x2000 and not _CJK_UNSAFE.search(value):
        return value  # Chinese text: plain, as people write it
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


_FROZEN: set[int] = set()
_FRAGMENTS: dict[tuple[int, str], list[str]] = {}


def frozen(obj: Any) -> Any:
    """Mark a dict or list that lives as long as the process and is never changed: it is rendered
    once per place it appears, then its lines are reused (most of a matter is such shared parts)."""
    _FROZEN.add(id(obj))
    return obj


def dump(data: dict[str, Any], header: str = "") -> str:
    out = [header] if header else []
    _mapping(data, "", out)
    out.append("")
    return "\n".join(out)


def _mapping(data: dict[str, Any], indent: str, out: list[str]) -> None:
    for key, value in data.items():
        _entry(f"{indent}{key}:", value, indent, out)


def _entry(prefix: str, value: Any, indent: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(f"{prefix} {scalar(value)}")
    elif id(value) in _FROZEN:
        out.extend(_reuse((id(value), prefix), lambda lines: _node(prefix, value, indent, lines)))
    elif kind is dict or kind is list:
        _node(prefix, value, indent, out)
    else:
        out.append(f"{prefix} {scalar(value)}")


def _reuse(key: tuple[int, str], render: Callable[[list[str]], None]) -> list[str]:
    lines = _FRAGMENTS.get(key)
    if lines is None:
        lines = _FRAGMENTS[key] = []
        render(lines)
    return lines


def _node(prefix: str, value: dict[str, Any] | list[Any], indent: str, out: list[str]) -> None:
    if not value:
        out.append(prefix + (" {}" if type(value) is dict else " []"))
    elif type(value) is dict:
        out.append(prefix)
        _mapping(value, indent + "  ", out)
    elif len(value) <= 6 and _flow_ok(value):
        out.append(f"{prefix} [{', '.join(value)}]")
    else:
        out.append(prefix)
        for item in value:
            if id(item) in _FROZEN:
                out.extend(
                    _reuse((id(item), indent), lambda lines: _item(item, indent + "  ", lines))
                )
            else:
                _item(item, indent + "  ", out)


def _flow_ok(values: list[Any]) -> bool:
    """Short lists of plain words read best inline: [窗口办理, 网上办理]."""
    return all(
        type(v) is str and len(v) <= 12 and scalar(v) == v and not _FLOW_UNSAFE.search(v)
        for v in values
    )


def _item(item: Any, indent: str, out: list[str]) -> None:
    if type(item) is dict and item:
        for n, (key, value) in enumerate(item.items()):
            _entry(f"{indent}{'- ' if n == 0 else '  '}{key}:", value, indent + "  ", out)
    else:
        _entry(f"{indent}-", item, indent, out)


# ---------------------------------------------------------------- measuring
@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the whole process tree
    rss_kb: int  # largest single process (ru_maxrss), as /usr/bin/time -v reports it
    tree_kb: int  # sampled peak of the sum over the process tree (PSS where readable); 0 when not sampled
    rc: int


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
# Without GNU time, a fresh Python parent reads RUSAGE_CHILDREN after its one child ends.
_RUSAGE = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[2:])\n"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(f'User time (seconds): {r.ru_utime}\\nSystem time (seconds): {r.ru_stime}\\n'\n"
    "                             f'Maximum resident set size (kbytes): {r.ru_maxrss}\\n')\n"
    "sys.exit(rc)\n"
)


def measure(
    cmd: list[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
) -> Run:
    """Run once in a fresh process under /usr/bin/time -v: wall time, CPU, peak memory, exit code."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        full = (
            [TIME, "-v", "-o", report.name, *cmd]
            if TIME
            else [sys.executable, "-c", _RUSAGE, report.name, *cmd]
        )
        sampler = _TreeSampler()
        start = time.perf_counter()
        proc = subprocess.Popen(
            full,
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        )
        sampler.start(proc.pid)
        _, err = proc.communicate(stdin)
        wall = time.perf_counter() - start
        sampler.stop()
        text = report.read()
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
    cpu = _field(text, r"User time \(seconds\): ([\d.]+)") + _field(
        text, r"System time \(seconds\): ([\d.]+)"
    )
    return Run(
        wall,
        cpu,
        int(_field(text, r"Maximum resident set size \(kbytes\): (\d+)")),
        sampler.peak_kb,
        proc.returncode,
    )


def quick(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Start-up timing: no wrapper process, so nothing but the command itself is in the wall time."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, 0, proc.returncode)


def _field(text: str, pattern: str) -> float:
    found = re.search(pattern, text)
    return float(found.group(1)) if found else 0.0


class _TreeSampler:
    """Polls /proc: ru_maxrss sees only the largest process, not parent + workers. Reading PSS walks
    the page tables (milliseconds for a large process), so the pause between samples grows with the
    cost of one sample and the sampler stays near 2 % of one core."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, wrapper: int) -> None:
        self._thread = threading.Thread(target=self._loop, args=(wrapper,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._halt.set()
        if self._thread:
            self._thread.join()

    def _loop(self, wrapper: int) -> None:
        pause = 0.05
        while not self._halt.wait(pause):
            began = time.perf_counter()
            total = sum(
                _memory_kb(p) for p in _descendants(wrapper)
            )  # the wrapper itself is not measured
            self.peak_kb = max(self.peak_kb, total)
            pause = max(0.05, 50 * (time.perf_counter() - began))


def _descendants(pid: int) -> list[int]:
    try:
        kids = [int(k) for k in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []
    return kids + [d for k in kids for d in _descendants(k)]


def _memory_kb(pid: int) -> int:
    """PSS shares forked copy-on-write pages fairly between parent and workers; RSS counts them twice."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# ---------------------------------------------------------------- the machine
def machine() -> dict[str, Any]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_mb": mem,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "tool_versions": _versions(),
    }


def _versions() -> dict[str, str]:
    out = {}
    for name, args in (("shenguan", ["--version"]), ("check-jsonschema", ["--version"])):
        exe = tool(name)
        try:
            text = subprocess.run(
                [exe, *args], capture_output=True, text=True, timeout=60
            ).stdout.strip()
        except OSError:
            text = "不可用"
        found = re.search(r"\d+\.\d+[\w.+-]*", text)
        out[name] = found.group() if found else "?"
    return out


def tool(name: str) -> str:
    """The console script next to the running interpreter (the same venv), else from PATH."""
    local = VENV_BIN / name
    return str(local) if local.exists() else (shutil.which(name) or name)
