"""`release` checks the legality review against the previous release's reviewers, never the released commits'."""

from __future__ import annotations

from pathlib import Path

import pytest

from shenguan.errors import GateError
from shenguan.review import record
from shenguan.review.release import release
from shenguan.review.sign import sign
from tests.support.catalogs import enrol, fresh
from tests.support.files import edit
from tests.support.git import commit, git
from tests.support.keys import keygen

PROMISED = "    value: 20\n    unit: 工作日"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    return {name: keygen(folder, name) for name in ("zhang", "evil")}


def _change_and_sign(root: Path, key: Path, reviewer: str) -> None:
    git(root, "checkout", "-q", "-b", "change")
    edit(root, PROMISED, "    value: 15\n    unit: 工作日")
    commit(root, "缩短承诺时限")
    sign(root, "main", record.APPROVE, "经审查，符合法律规定。", key, reviewer)
    commit(root, "审查通过")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--ff-only", "change")


def test_enrol_release_then_signed_changes_release(tmp_path: Path, keys: dict[str, Path]) -> None:
    root = fresh(tmp_path, [("zhang-wei", "张伟", keys["zhang"])])
    first = release(root)  # the enrolment needs no review: nobody was enrolled before it
    assert first.created
    _change_and_sign(root, keys["zhang"], "zhang-wei")
    second = release(root)
    assert second.created and second.previous and second.previous.name == first.tag


def test_a_change_that_enrols_its_own_reviewer_is_not_released(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    root = fresh(tmp_path, [("zhang-wei", "张伟", keys["zhang"])])
    release(root)
    enrol(root, [("zhang-wei", "张伟", keys["zhang"]), ("evil", "某人", keys["evil"])])
    commit(root, "悄悄登记新的审查人")
    _change_and_sign(root, keys["evil"], "evil")
    with pytest.raises(GateError, match="合法性审查门禁未通过"):
        release(root)
    assert git(root, "tag", "-l").count("catalog-") == 1
