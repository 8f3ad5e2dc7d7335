"""Shared fixtures: run the CLI in-process, copy the sample catalogue, build real git repositories.

Helpers that are not fixtures live in tests/support/."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.catalogs import BASE, SAMPLE, TODAY
from tests.support.cli import Result, runner
from tests.support.git import git


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
    return runner(capsys, monkeypatch)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample catalogue."""
    dst = tmp_path / "catalog"
    shutil.copytree(SAMPLE, dst)
    return dst


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A private copy of the golden base case (tests/cases/base), in tmp_path/catalog."""
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    return root


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """A git repository in tmp_path holding a copy of `catalogue` (default: the sample), committed;
    `subdir` puts the catalogue in a folder of the repository instead of its root."""

    def build(catalogue: Path | None = None, subdir: str = "") -> Path:
        root = tmp_path / "repo"
        target = root / subdir if subdir else root
        shutil.copytree(catalogue or SAMPLE, target)
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "初始目录")
        return root

    return build
