"""Running git: every git process the tool starts goes through `Repository.run` or `safe_env`.

A checkout's own configuration can run code (docs/security.md「Git」): `core.fsmonitor` on any index
refresh, hooks on commits and ref updates, clean filters when a worktree file is hashed, a signing
program on `log --show-signature`. Environment config is read after every config file, so the
values below win; filter drivers are found per repository and switched off by name.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from shenguan.errors import ToolError

SAFE_CONFIG = {
    "core.fsmonitor": "false",
    "core.hooksPath": "/dev/null",
    "core.untrackedCache": "false",
    "diff.external": "",
    "protocol.file.allow": "never",
    "log.showSignature": "false",
    "tag.gpgSign": "false",
    "commit.gpgSign": "false",
}
# Settings that would change the shape of the output the tool parses.
READ_CONFIG = {
    "color.ui": "false",
    "diff.relative": "false",
    "log.follow": "false",
    "log.showRoot": "true",
    "status.relativePaths": "false",
    "core.quotePath": "true",
    "gc.auto": "0",
}


def safe_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every git process the tool starts: inherited GIT_* dropped, config pinned."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    config = {**SAFE_CONFIG, **(extra or {})}
    env["GIT_CONFIG_COUNT"] = str(len(config))
    for i, (key, value) in enumerate(config.items()):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def _read_env(extra: dict[str, str]) -> dict[str, str]:
    env = safe_env({**READ_CONFIG, **extra})
    # Read-only commands must not rewrite the index, and a path is a path, never pathspec magic.
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env["GIT_LITERAL_PATHSPECS"] = "1"
    return env


def _spawn(
    args: list[str], cwd: Path, env: dict[str, str], stdin: bytes | None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, env=env, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise ToolError("找不到 git 程序", "请先安装 git（2.30 或更新版本）") from None


@dataclass(frozen=True)
class Repository:
    """A git working tree, by the absolute path of its top folder."""

    root: Path
    overrides: dict[str, str] = field(default_factory=dict, compare=False)

    def env(self) -> dict[str, str]:
        return _read_env(self.overrides)

    def run(
        self, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)
    ) -> tuple[int, bytes]:
        """Run `git ARGS` in the top folder; any exit code outside `ok` is a ToolError with git's words."""
        done = _spawn(list(args), self.root, self.env(), stdin)
        return _checked(args[0], done.returncode, done.stdout, done.stderr, ok)

    def start(self, *args: str) -> tuple[str, subprocess.Popen[bytes]]:
        """Start `git ARGS` to run beside other work; `finish` collects it."""
        proc = subprocess.Popen(
            ["git", *args],
            cwd=self.root,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        return args[0], proc

    def finish(self, started: tuple[str, subprocess.Popen[bytes]]) -> bytes:
        name, proc = started
        out, err = proc.communicate()
        return _checked(name, proc.returncode, out, err, (0,))[1]

    def out(self, *args: str, stdin: bytes | None = None) -> bytes:
        return self.run(*args, stdin=stdin)[1]

    def popen(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["git", *args],
            cwd=self.root,
            env=self.env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )


def _checked(
    name: str, code: int, out: bytes, err: bytes, ok: tuple[int, ...]
) -> tuple[int, bytes]:
    if code not in ok:
        said = err.decode("utf-8", "replace").strip().splitlines()
        raise ToolError(
            f"git {name} 失败：{said[-1] if said else code}",
            "请检查仓库状态；若问题持续，请加 --debug 重新运行并报告",
        )
    return code, out


def find(path: Path) -> Repository:
    """The repository whose working tree holds `path` (a catalogue may be a subfolder of it)."""
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        raise ToolError(f"文件夹 {folder} 不存在", "请检查 -C 指定的目录文件夹")
    done = _spawn(["rev-parse", "--show-toplevel"], folder, _read_env({}), None)
    if done.returncode != 0 or not done.stdout.strip():
        said = done.stderr.decode("utf-8", "replace")
        hint = (
            "git 认为该仓库的所有者不可信，请用 git config --global --add safe.directory 登记"
            if "dubious ownership" in said
            else "请在目录所在的 git 仓库中运行，或先 git init 并提交"
        )
        raise ToolError(f"{path} 不在 git 仓库的工作区中", hint)
    root = Path(os.fsdecode(done.stdout.rstrip(b"\n")))
    return Repository(root, _filter_overrides(root))


def _filter_overrides(root: Path) -> dict[str, str]:
    """Empty commands for every filter driver the configuration names, so hashing never runs them."""
    done = _spawn(
        ["config", "--null", "--name-only", "--get-regexp", r"^filter\."], root, _read_env({}), None
    )
    drivers = {
        key.rsplit(".", 1)[0]
        for key in done.stdout.decode("utf-8", "replace").split("\0")
        if "." in key
    }
    overrides = {}
    for driver in sorted(drivers):
        for name in ("clean", "smudge", "process"):
            overrides[f"{driver}.{name}"] = ""
        overrides[f"{driver}.required"] = "false"
    return overrides


def catalog_prefix(repo: Repository, catalog_root: Path) -> str:
    """The catalogue's folder inside the repository, '' at the root, else ending in '/'."""
    rel = os.path.relpath(os.path.realpath(catalog_root), os.path.realpath(repo.root))
    if rel == ".":
        return ""
    if rel.startswith(".."):
        raise ToolError(
            f"目录 {catalog_root} 不在仓库 {repo.root} 之中", "请在目录所在的仓库中运行"
        )
    return Path(rel).as_posix() + "/"


def pathspec(prefix: str) -> list[str]:
    """Arguments limiting a command to the catalogue: nothing at the root, else `-- folder`."""
    return ["--", prefix.rstrip("/")] if prefix else []
