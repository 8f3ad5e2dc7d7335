"""History that must be complete (issue 13 item 1): a shallow clone refuses release and log, and
no tag is created whose name a remote already holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from shenguan.errors import ToolError
from shenguan.review.release import release
from tests.support.catalogs import MATTER, fresh
from tests.support.files import edit
from tests.support.git import commit, git


def upstream_with_release(tmp_path: Path, later: bool = True) -> Path:
    """A bare upstream whose main holds a released catalogue and (`later`) one more commit."""
    root = fresh(tmp_path)
    assert release(root).created
    if later:
        edit(root, "    value: 20\n", "    value: 19\n")
        commit(root, "缩短法定时限")
    bare = tmp_path / "upstream.git"
    git(tmp_path, "clone", "-q", "--bare", str(root), str(bare))
    return bare


def test_a_shallow_clone_refuses_release_and_log(cli, tmp_path: Path) -> None:
    bare = upstream_with_release(tmp_path)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-tags", f"file://{bare}", str(shallow))
    before = git(shallow, "tag", "-l")
    with pytest.raises(ToolError, match="浅克隆") as caught:
        release(shallow)
    assert "git fetch --unshallow" in caught.value.hint
    assert git(shallow, "tag", "-l") == before == ""
    r = cli("release", "-C", shallow)
    assert r.code == 3 and "git fetch --unshallow" in r.err
    r = cli("log", Path(MATTER).stem, "-C", shallow)
    assert r.code == 3 and "浅克隆" in r.err
    git(shallow, "fetch", "-q", "--unshallow")
    assert cli("log", Path(MATTER).stem, "-C", shallow).code == 0


def test_a_tag_the_remote_already_holds_is_never_created(tmp_path: Path) -> None:
    bare = upstream_with_release(tmp_path, later=False)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-tags", f"file://{bare}", str(clone))
    git(clone, "config", "protocol.file.allow", "always")
    taken = git(clone, "ls-remote", "--tags", "origin").split("refs/tags/")[1].split()[0]
    with pytest.raises(ToolError, match=f"远程仓库 origin 已有标签 {taken}"):
        release(clone)
    assert git(clone, "tag", "-l") == ""
