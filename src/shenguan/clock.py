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


def _working(day: dt.date, data: HolidayData) -> bool:
    return _is_workday(day) if data.covers(day.year) else day.weekday() < 5


def assumption(c: Counted[Any]) -> str:
    """`2027 年不在节假日数据中，按周一至周五计算`, empty for an exact answer."""
    if c.exact:
        return ""
    years = "、".join(str(y) for y in c.assumed)
    return f"{years} 年不在节假日数据中，按周一至周五计算"


def is_working_day(day: dt.date) -> Counted[bool]:
    data = holiday_data()
    assumed = () if data.covers(day.year) else (day.year,)
    return Counted(_working(day, data), assumed)


def _years(a: dt.date, b: dt.date, data: HolidayData) -> tuple[int, ...]:
    """The years from a to b (inclusive, a <= b) the data does not cover."""
    return tuple(y for y in range(a.year, b.year + 1) if not data.covers(y))


def add_working_days(start: dt.date, n: int) -> Counted[dt.date]:
    """The n-th working day after `start` (`start` itself for n = 0); n must not be negative.
    A limit of n working days for something received on `start` ends on this day."""
    if n < 0:
        raise ValueError("n must not be negative")
    return _add(start, n)


@cache
def _add(start: dt.date, n: int) -> Counted[dt.date]:
    data = holiday_data()
    day, left = start, n
    while left:
        day += ONE_DAY
        if _working(day, data):
            left -= 1
    return Counted(day, _years(start + ONE_DAY, day, data) if n else ())


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
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        count += _working(day, data)
    return Counted(count, _years(a + ONE_DAY, b, data) if b > a else ())


@cache
def _working_ordinals() -> tuple[int, ...]:
    """Every working day of the covered years, as date ordinals."""
    data = holiday_data()
    day, last = dt.date(data.first, 1, 1), dt.date(data.last, 12, 31)
    out = []
    while day <= last:
        if _is_workday(day):
            out.append(day.toordinal())
        day += ONE_DAY
    return tuple(out)


@cache
def working_day_span(n: int) -> tuple[int, int] | None:
    """The fewest and the most calendar days that n working days took, over every start day of the
    covered years (a limit of 15 working days took 19 to 29 days, say); None when n is negative or
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
