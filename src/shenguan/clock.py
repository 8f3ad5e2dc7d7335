"""Today's date (pinned by SHENGUAN_TODAY for reproducible runs) and lenient date parsing."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from shenguan.errors import UsageError


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
