"""`release` never gets stuck: when sign-offs made against main do not cover what is released,
it names the one review that does, and that review lets the release through."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from shenguan.errors import GateError
from shenguan.review import record
from shenguan.review.release import release
from shenguan.review.sign import sign
from tests.support.catalogs import fresh
from tests.support.files import edit
from tests.support.git import commit, git
from tests.support.keys import keygen

DAY = dt.date(2026, 11, 28)


def test_a_skipped_release_names_the_review_to_run_and_that_review_unblocks_it(
    tmp_path: Path,
) -> None:
    key = keygen(tmp_path / "keys", "zhang")
    root = fresh(tmp_path, [("zhang-wei", "张伟", key)])
    first = release(root, today=DAY)
    git(root, "checkout", "-q", "-b", "change")
    edit(root, "    value: 20\n    unit: 工作日", "    value: 15\n    unit: 工作日")
    commit(root, "缩短承诺时限")
    sign(root, "main", record.APPROVE, "同意", key)
    commit(root, "审查通过")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--ff-only", "change")
    # An exempt edit after the sign-off: the branch's sign-off no longer covers the content.
    edit(root, '"029-00000002"', '"029-00000003"')
    commit(root, "更正咨询电话")
    with pytest.raises(GateError) as refused:
        release(root, today=DAY)
    hint = refused.value.hint
    assert f"shenguan review sign --base {first.tag}" in hint
    assert f"shenguan review request --base {first.tag}" in hint
    sign(root, first.tag, record.APPROVE, "同意发布", key)
    commit(root, "发布前审查")
    again = release(root, today=DAY)
    assert again.created and again.previous is not None and again.previous.name == first.tag
