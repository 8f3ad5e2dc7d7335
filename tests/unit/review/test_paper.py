"""A clerk cannot approve alone with paper: a registered reviewer's key, the bureau's number, a
date within the change, and the gate says it is unsigned paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from shenguan.errors import GateError, UsageError
from shenguan.review import record
from shenguan.review.paper import record_paper
from shenguan.review.status import STATE_ZH, gate
from tests.support.catalogs import MATTER, SAMPLE, fresh
from tests.support.files import edit
from tests.support.git import commit, git
from tests.support.keys import keygen
from tests.support.signoffs import states

NUMBER = "示司审〔2026〕3号"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    return {n: keygen(folder, n) for n in ("zhang", "clerk")}


@pytest.fixture
def cat(tmp_path: Path, keys: dict[str, Path]) -> Path:
    root = fresh(tmp_path, [("zhang-wei", "张伟", keys["zhang"])])
    edit(root, "accept_paper: false", "accept_paper: true", "shenguan.yaml")
    commit(root, "接受纸质决定")
    git(root, "checkout", "-q", "-b", "change")
    edit(root, "    value: 20\n    unit: 工作日", "    value: 15\n    unit: 工作日")
    commit(root, "缩短承诺时限")
    return root


def paper(root: Path, key: Path, number: str = NUMBER, date: str = "2026-11-20") -> str:
    return record_paper(root, "main", number, record.APPROVE, date, key=key).path


def test_paper_is_off_by_default_in_the_schema_the_sample_and_the_template() -> None:
    from shenguan.review.policy import Policy

    assert Policy().accept_paper is False
    assert "accept_paper: false" in (SAMPLE / "shenguan.yaml").read_text(encoding="utf-8")
    template = Path(__file__).resolve().parents[3] / "src/shenguan/data/templates/init"
    assert "accept_paper: false" in (template / "shenguan.yaml").read_text(encoding="utf-8")


def test_a_clerks_key_cannot_record_paper(cat: Path, keys: dict[str, Path]) -> None:
    with pytest.raises(GateError, match="找不到对应的审查人"):
        paper(cat, keys["clerk"])
    assert not list((cat / "reviews").glob("r-*"))


def test_a_number_outside_the_bureaus_pattern_is_refused(cat: Path, keys: dict[str, Path]) -> None:
    with pytest.raises(UsageError, match="不符合审查策略的文号格式"):
        paper(cat, keys["zhang"], number="未司审〔2026〕1号")  # another bureau's prefix
    assert not list((cat / "reviews").glob("r-*"))


def test_a_date_before_the_changes_first_commit_is_refused(
    cat: Path, keys: dict[str, Path]
) -> None:
    with pytest.raises(UsageError, match="早于本次变更的第一个提交（2026-01-05）"):
        paper(cat, keys["zhang"], date="2026-01-04")
    assert not list((cat / "reviews").glob("r-*"))


def test_the_gate_shows_paper_as_unsigned(cat: Path, keys: dict[str, Path]) -> None:
    path = paper(cat, keys["zhang"])
    commit(cat, "登记纸质决定")
    result = gate(cat, "main")
    assert result.ok and states(result) == {MATTER: "paper"}
    assert STATE_ZH["paper"] == "纸质决定，未电子签名"
    assert "未电子签名" in result.items[0].message and NUMBER in result.items[0].message
    assert (cat / record.sig_path(path)).is_file()


def test_an_unsigned_paper_record_written_by_hand_fails(cat: Path, keys: dict[str, Path]) -> None:
    path = paper(cat, keys["zhang"])
    (cat / record.sig_path(path)).unlink()
    commit(cat, "只留纸质记录")
    result = gate(cat, "main")
    assert not result.ok and states(result) == {MATTER: "bad_signature"}
    assert "须由登记的审查人用其密钥登记" in result.items[0].message
