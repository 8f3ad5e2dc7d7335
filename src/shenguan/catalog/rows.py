"""Cache rows as text and bytes: serialised and checksummed without importing sqlite3 (workers write
them, `--no-cache` runs never open the database)."""

from __future__ import annotations

import hashlib
import json
import marshal
from typing import Any


def dump(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


_scan_json = json.JSONDecoder().scan_once


def loads(text: str) -> Any:
    """json.loads for the text dump() wrote, without the wrapper's whitespace handling."""
    try:
        return _scan_json(text, 0)[0]
    except StopIteration:
        raise ValueError("empty payload") from None


def checksum(payload: str | bytes) -> str:
    return hashlib.sha1(payload if isinstance(payload, bytes) else payload.encode()).hexdigest()


def pack_record(payload: Any) -> bytes:
    """A record payload as marshal bytes: a third of the cost of JSON to write, for payloads that a
    cold run writes for every matter and a later run reads only when the world changed. Plain data
    only; the Python version is part of the cache context, and every row is checksummed before use."""
    return marshal.dumps(payload)
