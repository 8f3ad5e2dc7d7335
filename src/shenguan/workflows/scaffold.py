"""`init`: lay out a new catalogue in a new git repository, all at once or not at all."""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from shenguan import history
from shenguan.errors import UsageError
from shenguan.validation.schemas import schema_dir

RENAMES = {
    "gitignore": ".gitignore",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "dot_github": ".github",
    "pre-commit-hooks.yaml": ".pre-commit-hooks.yaml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}
EMPTY_DIRS = ("standards", "liaisons", "agreements", "transfers", "reviews")


def template_dir() -> Path:
    return Path(str(resources.files("shenguan"))) / "data" / "templates" / "init"


def init(target: Path) -> str:
    """Create the catalogue and its first commit; returns the commit id."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} 已存在且不为空，不会覆盖", "请指定一个新的或空的文件夹")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _copy_tree(template_dir(), staging)
        shutil.copytree(schema_dir(), staging / "schemas")
        for name in EMPTY_DIRS:
            (staging / name).mkdir()
            (staging / name / ".gitkeep").write_bytes(b"")
        staging.chmod(0o755)
        repo = history.init_repo(staging)
        commit = history.commit_all(repo, "新建政务服务事项目录（shenguan init）")
        repo.close()
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return commit


def _copy_tree(src: Path, dst: Path) -> None:
    for item in sorted(src.iterdir()):
        name = RENAMES.get(item.name, item.name)
        if item.is_dir():
            (dst / name).mkdir()
            _copy_tree(item, dst / name)
        else:
            (dst / name).write_bytes(item.read_bytes())
