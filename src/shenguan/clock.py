"""Today's date (pinned by SHENGUAN_TODAY for reproducible runs) and lenient date parsing."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any


def today() -> dt.date:
    """SHENGUAN_TODAY (YYYY-MM-DD) pins the date for reproducible runs; otherwise the clock."""
    pinned = os.environ.get("SHENGUAN_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
