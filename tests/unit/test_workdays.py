"""The working-day calendar (行政许可法第八十二条): the published holidays and adjusted working days
of the covered years, the Monday–Friday fallback outside them, and where the tool counts with it
(R405/R314 on a real catalogue, R313's bounds, the report's figures on a real git history)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

from shenguan import clock
from shenguan.clock import (
    Counted,
    add_working_days,
    is_working_day,
    working_day_span,
    working_days_between,
)
from shenguan.export import core, period, reportview, stats
from shenguan.validation.rules.mechanism import HOLIDAY_BREAK, WARN_DAYS
from tests.support.catalogs import BASE
from tests.support.git import git_at

D = dt.date
TRANSFER = "transfers/wt-scjgj-2022.yaml"
UNTIL = '    valid_until: "2029-06-30"'


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


# --- the calendar -----------------------------------------------------------------------------


def test_the_data_covers_2004_to_2026() -> None:
    data = clock.holiday_data()
    assert (data.first, data.last) == (2004, 2026) and data.version == chinese_calendar.__version__
    assert data.describe() == (
        f"国务院公布的节假日安排（chinesecalendar {data.version}，覆盖 2004–2026 年）"
    )


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 国庆 2025 (国办发明电〔2024〕12号): 10-01..08 off (中秋 10-06 inside), 09-28 Sun and 10-11 Sat on.
        (D(2025, 9, 28), True),
        (D(2025, 9, 30), True),
        (D(2025, 10, 1), False),
        (D(2025, 10, 6), False),
        (D(2025, 10, 8), False),
        (D(2025, 10, 9), True),
        (D(2025, 10, 11), True),
        (D(2025, 10, 12), False),
        # 中秋 and 国庆 2026: 09-25 Fri off (中秋), 10-01..07 off, 09-20 Sun and 10-10 Sat on.
        (D(2026, 9, 20), True),
        (D(2026, 9, 25), False),
        (D(2026, 9, 27), False),
        (D(2026, 9, 28), True),
        (D(2026, 10, 5), False),
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),
        (D(2026, 10, 11), False),
        # 春节 2026: 02-15..23 off (02-16..20 and 02-23 are weekdays), 02-14 Sat and 02-28 Sat on.
        (D(2026, 2, 13), True),
        (D(2026, 2, 14), True),
        (D(2026, 2, 16), False),
        (D(2026, 2, 20), False),
        (D(2026, 2, 23), False),
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),
        # an ordinary weekend and weekday
        (D(2026, 11, 28), False),
        (D(2026, 11, 30), True),
    ],
)
def test_covered_days_follow_the_published_arrangement(day: dt.date, working: bool) -> None:
    assert is_working_day(day) == Counted(working, ())
    assert chinese_calendar.is_workday(day) is working


def test_twenty_working_days_from_the_mid_autumn_holiday_of_2026() -> None:
    # DOMAIN.md §4's example says 2026-10-30, which misses the adjusted working Saturday 10-10:
    # 09-28, 29, 30, 10-08, 09, 10 (Sat), 12–16, 19–23, 26, 27, 28, 29 are the twenty.
    assert add_working_days(D(2026, 9, 25), 20) == Counted(D(2026, 10, 29), ())
    # 5 working days per 7 calendar days would say 28 days: 10-23.
    assert D(2026, 9, 25) + dt.timedelta(days=20 * 7 // 5) == D(2026, 10, 23)
    assert working_days_between(D(2026, 9, 25), D(2026, 10, 29)) == Counted(20, ())
    assert working_days_between(D(2026, 9, 25), D(2026, 10, 28)) == Counted(19, ())


def test_spring_festival_2026() -> None:
    # Received Friday 02-13: 02-14 (Sat, on) is the first working day, 02-24 the second.
    assert add_working_days(D(2026, 2, 13), 1).value == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 13), 2).value == D(2026, 2, 24)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == Counted(6, ())


def test_counting_conventions() -> None:
    friday, monday = D(2026, 11, 27), D(2026, 11, 30)
    assert working_days_between(friday, monday) == Counted(1, ())
    assert working_days_between(monday, friday) == Counted(-1, ())
    assert working_days_between(friday, friday) == Counted(0, ())
    assert add_working_days(friday, 0) == Counted(friday, ())
    assert add_working_days(friday, 1) == Counted(monday, ())
    with pytest.raises(ValueError):
        add_working_days(friday, -1)


def test_uncovered_years_count_monday_to_friday_and_say_so() -> None:
    # The package itself refuses them.
    for day in (D(2027, 1, 1), D(2003, 10, 1)):
        with pytest.raises(NotImplementedError):
            chinese_calendar.is_workday(day)
    # 2027-01-01 (元旦, a Friday) and 2003-10-01 (国庆, a Wednesday) count as working days.
    assert is_working_day(D(2027, 1, 1)) == Counted(True, (2027,))
    assert is_working_day(D(2003, 10, 1)) == Counted(True, (2003,))
    assert is_working_day(D(2027, 1, 2)) == Counted(False, (2027,))
    assert not is_working_day(D(2027, 1, 1)).exact
    # Across the end of the data: 12-28 is a published working day; from 12-29 on, 2027's 元旦
    # arrangement (unknown) could reach back, as 2019's did (2018-12-29 worked, 12-31 off).
    assert add_working_days(D(2026, 12, 25), 1) == Counted(D(2026, 12, 28), ())
    assert add_working_days(D(2026, 12, 25), 4) == Counted(D(2026, 12, 31), (2027,))
    assert add_working_days(D(2026, 12, 25), 5) == Counted(D(2027, 1, 1), (2027,))
    assert is_working_day(D(2026, 12, 28)) == Counted(True, ())
    assert is_working_day(D(2026, 12, 29)) == Counted(True, (2027,))
    assert is_working_day(D(2018, 12, 29)) == Counted(True, ())
    assert is_working_day(D(2018, 12, 31)) == Counted(False, ())
    # 2003-12-30 and 31 assumed, 2004-01-01 (元旦) published off, 01-02 published on.
    assert working_days_between(D(2003, 12, 29), D(2004, 1, 2)) == Counted(3, (2003,))
    assert working_days_between(D(2026, 12, 30), D(2028, 1, 3)).assumed == (2027, 2028)
    assert working_days_between(D(2026, 11, 28), D(2026, 12, 28)) == Counted(21, ())


def test_the_table_is_the_packages_own_answer_for_every_covered_day() -> None:
    day = D(2004, 1, 1)
    while day.year <= 2026:
        assert clock._is_workday(day) is chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_spans_of_working_days_over_the_covered_years() -> None:
    # One working day took 11 days once: received 2020-01-23, the extended Spring Festival of 2020
    # kept offices closed until 02-03.
    assert working_day_span(1) == (1, 11)
    assert add_working_days(D(2020, 1, 23), 1).value == D(2020, 2, 3)
    assert working_day_span(0) == (0, 0) and working_day_span(-1) is None
    assert working_day_span(10**6) is None
    low, high = working_day_span(15)  # type: ignore[misc]
    assert low <= 15 * 7 / 5 <= high
    for n in (1, 3, 5, 10, 20, 45, 60):
        span = working_day_span(n)
        assert span is not None and span[0] <= n * 7 / 5 <= span[1], n


def test_the_holiday_break_bounds_how_far_holidays_move_the_fifteenth_working_day() -> None:
    """R314's margin: over every start day of the data, the published 15th working day is at most
    HOLIDAY_BREAK later than the Monday–Friday one."""

    def monday_to_friday(start: dt.date, n: int) -> dt.date:
        day = start
        while n:
            day += dt.timedelta(days=1)
            n -= day.weekday() < 5
        return day

    day, worst = D(2004, 1, 1), dt.timedelta(0)
    while day < D(2026, 12, 1):
        late = add_working_days(day, WARN_DAYS).value - monday_to_friday(day, WARN_DAYS)
        worst = max(worst, late)
        day += dt.timedelta(days=1)
    assert dt.timedelta(days=7) < worst <= HOLIDAY_BREAK


# --- R405, R406 and R314 on a real catalogue ----------------------------------------------------


def _expiry_findings(
    cli: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    today: str,
    until: str,
) -> list[tuple[str, int, str]]:
    root = tmp_path / f"cat-{today}-{until}"
    shutil.copytree(BASE, root)
    path = root / TRANSFER
    text = path.read_text(encoding="utf-8")
    assert text.count(UNTIL) == 1
    path.write_text(text.replace(UNTIL, f'    valid_until: "{until}"'), encoding="utf-8")
    monkeypatch.setenv("SHENGUAN_TODAY", today)
    result = cli("validate", "-C", root, "--format", "json")
    doc = json.loads(result.out)
    found = [(f["rule"], f["line"], f["message"]) for f in doc["findings"] if f["file"] == TRANSFER]
    assert all(f[0] in ("R405", "R406", "R314") for f in found), found
    return found


def test_fifteen_working_days_from_a_saturday(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From Saturday 2026-11-28 the 15th working day is Friday 12-18; the weekend after it still
    # leaves 15, Monday 12-21 leaves 16.
    assert _expiry_findings(cli, tmp_path, monkeypatch, "2026-11-28", "2026-12-18") == [
        ("R405", 36, "委托授权书将于 2026-12-18 到期（剩 15 个工作日）")
    ]
    assert [
        f[0] for f in _expiry_findings(cli, tmp_path, monkeypatch, "2026-11-28", "2026-12-20")
    ] == ["R405"]
    assert _expiry_findings(cli, tmp_path, monkeypatch, "2026-11-28", "2026-12-21") == []
    assert _expiry_findings(cli, tmp_path, monkeypatch, "2026-11-28", "2026-11-28") == [
        ("R405", 36, "委托授权书将于 2026-11-28 到期（剩 0 个工作日）")
    ]
    assert _expiry_findings(cli, tmp_path, monkeypatch, "2026-11-28", "2026-11-27") == [
        ("R406", 36, "委托授权书已于 2026-11-27 到期")
    ]


def test_fifteen_working_days_across_national_day(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From 2026-09-24 (Thu): 09-28, 29, 30, 10-08, 09, 10 (Sat), 12–16, 19, 20, 21, 22 → 10-22.
    # Fifteen calendar days would have ended on 10-09, in the middle of the holiday's aftermath.
    assert _expiry_findings(cli, tmp_path, monkeypatch, "2026-09-24", "2026-10-22") == [
        ("R405", 36, "委托授权书将于 2026-10-22 到期（剩 15 个工作日）")
    ]
    assert _expiry_findings(cli, tmp_path, monkeypatch, "2026-09-24", "2026-10-23") == []


def test_past_the_holiday_data_r314_says_the_count_is_monday_to_friday(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From 2026-12-20 fifteen working days reach 2027-01-08 only if 2027 has no holiday.
    found = _expiry_findings(cli, tmp_path, monkeypatch, "2026-12-20", "2027-01-05")
    assert [(r, line) for r, line, _ in found] == [("R314", 36), ("R405", 36)]
    assert "委托授权书将于 2027-01-05 到期（剩 12 个工作日）" in [m for _, _, m in found]
    r314 = next(m for r, _, m in found if r == "R314")
    assert r314.startswith("到期前剩余的 12 个工作日按周一至周五计算：2027 年不在节假日数据中（")
    assert "（现有数据：chinesecalendar" in r314 and r314.endswith("实际剩余的工作日可能更少")
    # Just past the Monday–Friday count: no R405, but the holidays of 2027 could change that.
    found = _expiry_findings(cli, tmp_path, monkeypatch, "2026-12-20", "2027-01-20")
    assert [r for r, _, _ in found] == ["R314"]
    assert "到期前剩余的 23 个工作日按周一至周五计算" in found[0][2]
    assert "2027-01-20 到期前可能已不足 15 个工作日" in found[0][2]
    # Far beyond any holiday: nothing to say.
    assert _expiry_findings(cli, tmp_path, monkeypatch, "2026-12-20", "2029-06-30") == []
    # The Monday–Friday 16th working day is 2027-01-11; R314 until HOLIDAY_BREAK after it.
    assert [
        r for r, _, _ in _expiry_findings(cli, tmp_path, monkeypatch, "2026-12-20", "2027-01-24")
    ] == ["R314"]
    assert _expiry_findings(cli, tmp_path, monkeypatch, "2026-12-20", "2027-01-25") == []


def test_a_clock_beyond_the_data_counts_every_expiry_monday_to_friday(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _expiry_findings(cli, tmp_path, monkeypatch, "2027-06-01", "2027-06-10")
    assert [r for r, _, _ in found] == ["R314", "R405"]
    assert "剩 7 个工作日" in found[1][2]


# --- the report -------------------------------------------------------------------------------


def test_compression_counts_working_days_from_the_periods_first_day() -> None:
    catalog = core.load(BASE, use_cache=False)
    october = stats.figures(catalog, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 28))["time"]
    november = stats.figures(catalog, D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 28))["time"]
    assert october["counted_from"] == "2026-10-01" and october["assumed_years"] == []
    assert october["calendar"] == clock.holiday_data().describe()
    # The same limits take more calendar days when received on the first day of National Day.
    assert october["statutory_days"] > november["statutory_days"]
    assert october["matters"] == november["matters"] == 7
    late = stats.figures(catalog, D(2026, 12, 20), D(2026, 12, 31), D(2026, 11, 28))["time"]
    assert late["assumed_years"] == [2027]
    note = reportview.overview({**_empty_figures(), "time": late}).note
    assert (
        "按 2026-12-20 受理折算为自然日，工作日按国务院公布的节假日安排" in note
        and "2027 年不在节假日数据中，按周一至周五计算" in note
    )


def _empty_figures() -> dict[str, Any]:
    zero = {"count": 0, "of": 0, "percent": None}
    return {
        "counts": {"matters": 0, "in_use": 0},
        "transferred": {"all": zero, "licences": zero},
        "hall": zero,
        "online": {"full_online": zero, "zero_visits": zero},
        "standards": {"published": 0, "transferred_licences": zero},
        "liaisons": zero,
        "agreements": zero,
    }


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


def test_review_turnaround_in_working_days_across_national_day(tmp_path: Path) -> None:
    """Committed on 2026-09-30 (Wed), signed on 2026-10-09 (Fri): 213 hours, 2 working days."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    when = "2026-09-30T10:00:00+08:00"
    git_at(root, when, "init", "-q")
    git_at(root, when, "add", "-A")
    git_at(root, when, "commit", "-q", "-m", "初始目录")
    head = git_at(root, when, "rev-parse", "HEAD")
    (root / "reviews").mkdir()
    (root / "reviews/r-2026-10.yaml").write_text(
        REVIEW.format(
            id="r-2026-10", time="2026-10-09T07:00:00+08:00", base=head, head=head, digest="0" * 64
        ),
        encoding="utf-8",
    )
    git_at(root, "2026-10-09T08:00:00+08:00", "add", "-A")
    git_at(root, "2026-10-09T08:00:00+08:00", "commit", "-q", "-m", "合法性审查意见")
    got = period.figures(root, core.load(root, use_cache=False), D(2026, 10, 1), D(2026, 10, 31))
    r = got["reviews"]
    assert r["items"] == [
        {"id": "r-2026-10", "decision": "通过", "hours": 213.0, "working_days": 2}
    ]
    assert (r["average_working_days"], r["max_working_days"], r["assumed_years"]) == (2, 2, [])
    block = reportview.reviews(got)
    assert block.rows == [["r-2026-10", "通过", "213.0", "2"]]
    assert ("平均用时", "213.0 小时（2.0 个工作日）") in block.pairs
    assert block.note == (
        "用时的工作日数自所审提交之日的次日起算至签署之日，工作日按"
        f"{clock.holiday_data().describe()}计算。"
    )


def test_shenguan_report_names_the_calendar(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    doc = json.loads(
        cli(
            "report",
            "-C",
            root,
            "--since",
            "2026-12-01",
            "--until",
            "2026-12-31",
            "--format",
            "json",
        ).out
    )
    t = doc["time"]
    assert (t["counted_from"], t["assumed_years"]) == ("2026-12-01", [2027])
    assert t["calendar"].startswith("国务院公布的节假日安排（chinesecalendar ")
    text = cli("report", "-C", root, "--since", "2026-11-01", "--until", "2026-11-30")
    assert text.code == 0
    assert (
        "按 2026-11-01 受理折算为自然日，工作日按国务院公布的节假日安排（chinesecalendar"
        in text.out
    )
    assert "按周一至周五计算" not in text.out
