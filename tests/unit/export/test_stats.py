"""Report figures: the catalogue's (hand-checked on the base case) and git history's (real repositories)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from shenguan import clock
from shenguan.export import core, period, stats
from tests.support.catalogs import BASE
from tests.support.git import git_at

D = dt.date


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_figures_of_the_base_catalogue() -> None:
    d = stats.figures(
        core.load(BASE, use_cache=False), D(2021, 1, 1), D(2021, 12, 31), D(2026, 11, 28)
    )
    assert d["counts"]["matters"] == 8 and d["counts"]["in_use"] == 7
    assert d["counts"]["by_status"] == [
        {"name": "在用", "count": 7},
        {"name": "已取消", "count": 1},
    ]
    assert d["counts"]["by_type"] == [
        {"name": "行政许可", "count": 4},
        {"name": "行政确认", "count": 1},
        {"name": "公共服务", "count": 2},
    ]
    assert d["transferred"]["all"] == {"count": 3, "of": 7, "percent": 42.9}
    assert d["transferred"]["licences"] == {"count": 3, "of": 4, "percent": 75.0}
    # 1 - promised/statutory, limits in one unit compared as they are, 工作日 against 自然日 counted
    # with the published holidays from the period's first day (15 working days from 2021-01-01 end
    # on 2021-01-22: 21 days), averaged over the 7 matters in use:
    # .85 + (1 - 21/45) + .5 + .75 + .5 + .9 + 1 = 5.0333 → 71.9 %
    assert d["time"] == {
        "matters": 7,
        "average_percent": 71.9,
        "statutory_days": 29.4,
        "promised_days": 11.4,
        "instant": 1,
        "counted_from": "2021-01-01",
        "calendar": clock.holiday_data().describe(),
        "assumed_years": [],
    }
    assert d["hall"] == {"count": 6, "of": 7, "percent": 85.7}
    assert d["online"]["full_online"] == {"count": 1, "of": 7, "percent": 14.3}
    assert d["standards"] == {
        "published": 2,
        "transferred_licences": {"count": 3, "of": 3, "percent": 100.0},
    }
    assert d["liaisons"]["percent"] == 100.0 and d["agreements"]["percent"] == 100.0
    assert [(i["date"], i["kind"], i["id"]) for i in d["adjustments"]["items"]] == [
        ("2021-03-01", "划转", "000118008000"),
        ("2021-03-01", "划转", "000172013000"),
        ("2021-05-10", "承接", "000117004000"),
    ]


def test_shares_of_nothing_are_none_not_a_division_error() -> None:
    assert stats.ratio(0, 0) == {"count": 0, "of": 0, "percent": None}
    assert stats.period(None, None, D(2026, 11, 28)) == (D(2026, 11, 1), D(2026, 11, 28))


def test_liaison_coverage_drops_when_a_section_has_nobody(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    (root / "liaisons/scjgj.yaml").unlink()
    d = stats.figures(
        core.load(root, use_cache=False), D(2026, 1, 1), D(2026, 1, 31), D(2026, 11, 28)
    )
    assert d["liaisons"]["count"] < d["liaisons"]["of"] == 3


REVIEW = """kind: review
id: {id}
reviewer: sfj-li
organisation: 西安市未央区司法局
decision: 通过
time: "{time}"
base: "{base}"
head: "{head}"
covered:
  - path: matters/000117004000.yaml
    digest: sha256:{digest}
"""


def _history(tmp_path: Path) -> tuple[Path, str]:
    """Base catalogue committed in December; in January a matter is cancelled, then reviewed."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    git_at(root, "2025-12-01T09:00:00+08:00", "init", "-q")
    git_at(root, "2025-12-01T09:00:00+08:00", "add", "-A")
    git_at(root, "2025-12-01T09:00:00+08:00", "commit", "-q", "-m", "初始目录")
    first = git_at(root, "2025-12-01T09:00:00+08:00", "rev-parse", "HEAD")
    show = root / "matters/000117004000.yaml"
    text = show.read_text(encoding="utf-8").replace("status: 在用", "status: 已取消")
    show.write_text(
        text + '  - date: "2026-01-08"\n    kind: 取消\n    basis: 未审改办发〔2026〕1号\n',
        encoding="utf-8",
    )
    git_at(root, "2026-01-10T09:00:00+08:00", "commit", "-q", "-am", "取消营业性演出审批")
    change = git_at(root, "2026-01-10T09:00:00+08:00", "rev-parse", "HEAD")
    (root / "reviews").mkdir()
    (root / "reviews/r-2026-01.yaml").write_text(
        REVIEW.format(
            id="r-2026-01",
            time="2026-01-11T15:30:00+08:00",
            base=first,
            head=change,
            digest="0" * 64,
        ),
        encoding="utf-8",
    )
    git_at(root, "2026-01-11T15:31:00+08:00", "add", "-A")
    git_at(root, "2026-01-11T15:31:00+08:00", "commit", "-q", "-m", "合法性审查意见")
    return root, change


def test_changes_and_review_turnaround_in_the_period(tmp_path: Path) -> None:
    root, change = _history(tmp_path)
    got = period.figures(root, core.load(root, use_cache=False), D(2026, 1, 1), D(2026, 1, 31))
    c = got["changes"]
    assert c["available"] and c["note"] == "" and c["head"] != change
    assert (c["added"], c["cancelled"], c["transferred"]) == (0, 1, 0)
    assert c["items"] == [
        {"id": "000117004000", "name": "营业性演出审批", "classification": "取消"}
    ]
    r = got["reviews"]
    assert (r["count"], r["timed"], r["average_hours"], r["max_hours"]) == (1, 1, 30.5, 30.5)
    # committed on Saturday 2026-01-10, signed on Sunday the 11th: no working day in between
    assert r["items"] == [{"id": "r-2026-01", "decision": "通过", "hours": 30.5, "working_days": 0}]


def test_a_period_without_changes_or_reviews_says_so(tmp_path: Path) -> None:
    root, _ = _history(tmp_path)
    got = period.figures(root, core.load(root, use_cache=False), D(2025, 12, 2), D(2025, 12, 31))
    assert got["changes"]["items"] == [] and got["changes"]["cancelled"] == 0
    assert (
        got["reviews"]["note"] == "本期没有合法性审查记录"
        and got["reviews"]["average_hours"] is None
    )


def test_outside_git_the_history_part_is_marked_unavailable(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    got = period.figures(root, core.load(root, use_cache=False), D(2026, 1, 1), D(2026, 1, 31))
    assert got["changes"]["available"] is False and "git" in got["changes"]["note"]
    assert got["reviews"]["count"] == 0
