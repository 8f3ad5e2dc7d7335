"""Shared fixtures: run the CLI in-process, copy the sample catalogue, build real git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "catalog"
CASES = Path(__file__).resolve().parent / "cases"
TODAY = "2026-11-28"
AUTHOR = {
    "GIT_AUTHOR_NAME": "测试员",
    "GIT_AUTHOR_EMAIL": "tester@example.org",
    "GIT_COMMITTER_NAME": "测试员",
    "GIT_COMMITTER_EMAIL": "tester@example.org",
    "GIT_AUTHOR_DATE": "2026-01-05T10:00:00+08:00",
    "GIT_COMMITTER_DATE": "2026-01-05T10:00:00+08:00",
}


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _pinned_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every test sees the same date and language, no catalogue from the environment, and a
    private cache folder (catalogues outside git keep their cache there)."""
    monkeypatch.setenv("SHENGUAN_TODAY", TODAY)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    monkeypatch.delenv("SHENGUAN_CATALOG", raising=False)
    monkeypatch.delenv("SHENGUAN_LANG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    from shenguan.i18n import set_lang

    set_lang("zh")


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run `shenguan ARGS` in-process; returns exit code, stdout and stderr."""
    from shenguan.cli.main import main

    def run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample catalogue."""
    dst = tmp_path / "catalog"
    shutil.copytree(SAMPLE, dst)
    return dst


def git(cwd: Path, *args: str) -> str:
    """Plain git with a fixed author, for building test repositories."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")}, **AUTHOR}
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "gc.auto=0", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[Path | None], Path]:
    """A git repository in tmp_path holding a copy of `catalogue` (default: the sample) at its root, committed."""

    def build(catalogue: Path | None = None, subdir: str = "") -> Path:
        root = tmp_path / "repo"
        target = root / subdir if subdir else root
        shutil.copytree(catalogue or SAMPLE, target)
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "初始目录")
        return root

    return build
