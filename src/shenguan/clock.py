"""Today's date (pinned by SHENGUAN_TODAY for reproducible runs), lenient date parsing, and the
working-day calendar.

行政许可法第八十二条 counts time limits in working days: without the public holidays and counting
the adjusted working days (调休上班). Which days those are is fixed each year by the State Council;
the `chinesecalendar` package carries the published arrangements (1.11.0: 2004–2026). For a year the
package does not cover the calendar counts Monday to Friday and says so: every answer is a `Counted`
that names the years it had to assume. This module is the only one that imports `chinese_calendar`,
and only when a working day is first asked for (the command line starts without it).
"""

from __future__ import annotations

import datetime as dt
import operator
import os
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from shenguan.errors import UsageError

T = TypeVar("T")
ONE_DAY = dt.timedelta(days=1)


def today() -> dt.date:
    """SHENGUAN_TODAY (YYYY-MM-DD) pins the date for reproducible runs; otherwise the clock."""
    pinned = os.environ.get("SHENGUAN_TODAY")
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise UsageError(
            f"环境变量 SHENGUAN_TODAY 的值 {pinned!r} 不是有效日期",
            "请写成 YYYY-MM-DD（例如 2026-12-01），或删除该变量以使用今天的日期",
        ) from None


def parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


# --- working days -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted(Generic[T]):
    """An answer of the working-day calendar and the years it counted Monday to Friday because the
    holiday data does not cover them (empty when the answer is exact)."""

    value: T
    assumed: tuple[int, ...] = ()

    @property
    def exact(self) -> bool:
        return not self.assumed


@dataclass(frozen=True)
class HolidayData:
    """The published holiday arrangements the calendar counts with."""

    version: str
    first: int  # first and last year covered
    last: int

    def covers(self, year: int) -> bool:
        return self.first <= year <= self.last

    def source(self) -> str:
        """`chinesecalendar 1.11.0，覆盖 2004–2026 年`"""
        return f"chinesecalendar {self.version}，覆盖 {self.first}–{self.last} 年"

    def describe(self) -> str:
        """`国务院公布的节假日安排（chinesecalendar 1.11.0，覆盖 2004–2026 年）`"""
        return f"国务院公布的节假日安排（{self.source()}）"


@cache
def _tables() -> tuple[HolidayData, frozenset[dt.date], frozenset[dt.date]]:
    """The data's version and years, its holidays and its adjusted working days."""
    import chinese_calendar

    holidays = frozenset(chinese_calendar.holidays)
    years = [d.year for d in holidays]
    data = HolidayData(str(chinese_calendar.__version__), min(years), max(years))
    return data, holidays, frozenset(chinese_calendar.workdays)


def holiday_data() -> HolidayData:
    return _tables()[0]


def _is_workday(day: dt.date) -> bool:
    """The package's own rule (`chinese_calendar.is_workday`, which raises NotImplementedError
    outside the covered years) on its published tables, without its per-call range check."""
    _, holidays, workdays = _tables()
    return day in workdays or (day.weekday() < 5 and day not in holidays)


# The next year's 元旦 arrangement may reach back into the last days of December (2018-12-29, a
# Saturday, was worked and 12-31 taken off for 2019's New Year): those days belong to next year's
# arrangement, known only when its data is.
NEW_YEAR_REACH = (12, 29)


def _gap(day: dt.date, data: HolidayData) -> int | None:
    """The year whose arrangement would decide `day` and is not in the data; None when covered."""
    if not data.covers(day.year):
        return day.year
    if day.year == data.last and (day.month, day.day) >= NEW_YEAR_REACH:
        return data.last + 1
    return None


def _working(day: dt.date, data: HolidayData) -> bool:
    return day.weekday() < 5 if _gap(day, data) else _is_workday(day)


def is_working_day(day: dt.date) -> Counted[bool]:
    data = holiday_data()
    gap = _gap(day, data)
    return Counted(_working(day, data), () if gap is None else (gap,))


def add_working_days(start: dt.date, n: int) -> Counted[dt.date]:
    """The n-th working day after `start` (`start` itself for n = 0); n must not be negative.
    A limit of n working days for something received on `start` ends on this day."""
    if n < 0:
        raise ValueError("n must not be negative")
    return _add(start, n)


@cache
def _add(start: dt.date, n: int) -> Counted[dt.date]:
    data = holiday_data()
    day, left, gaps = start, n, set()
    while left:
        day += ONE_DAY
        gap = _gap(day, data)
        if gap is not None:
            gaps.add(gap)
        if _working(day, data):
            left -= 1
    return Counted(day, tuple(sorted(gaps)))


def working_days_between(a: dt.date, b: dt.date) -> Counted[int]:
    """The working days after a up to and including b (0 for the same day); negative when b is
    before a. From a Friday's receipt to the next Monday's answer: 1."""
    if b < a:
        back = working_days_between(b, a)
        return Counted(-back.value, back.assumed)
    return _between(a, b)


@cache
def _between(a: dt.date, b: dt.date) -> Counted[int]:
    data = holiday_data()
    count, day, gaps = 0, a, set()
    while day < b:
        day += ONE_DAY
        gap = _gap(day, data)
        if gap is not None:
            gaps.add(gap)
        count += _working(day, data)
    return Counted(count, tuple(sorted(gaps)))


@cache
def _working_ordinals() -> tuple[int, ...]:
    """Every working day the data decides, as date ordinals."""
    data = holiday_data()
    day, last = dt.date(data.first, 1, 1), dt.date(data.last, *NEW_YEAR_REACH)
    out = []
    while day < last:
        if _is_workday(day):
            out.append(day.toordinal())
        day += ONE_DAY
    return tuple(out)


@cache
def working_day_span(n: int) -> tuple[int, int] | None:
    """The fewest and the most calendar days that n working days took, over every start day of the
    covered years (15 working days took 17 to 29 days); None when n is negative or
    longer than the data."""
    w = _working_ordinals()
    if n < 0 or n >= len(w):
        return None
    if n == 0:
        return 0, 0
    # Received on any day from just after working day j to just before working day j+1, the n-th
    # working day is w[j+n]: the longest wait starts on w[j], the shortest the day before w[j+1].
    longest = max(map(operator.sub, w[n:], w))
    shortest = min(map(operator.sub, w[n - 1 :], w)) + 1
    return shortest, longest
