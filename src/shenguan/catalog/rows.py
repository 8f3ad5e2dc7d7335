"""Cache payloads as text or bytes: plain data serialised, read back and checksummed, without
importing sqlite3 (workers serialise rows, `--no-cache` runs never open the database). What a
payload holds is the business of the code that reads it (validation.rows, validation.records)."""

from __future__ import annotations

import hashlib
import json
import marshal
from typing import Any


def dump(payload: Any) -> str:
    """Plain data as compact JSON text."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def dump_bytes(payload: Any) -> bytes:
    """Plain data as marshal bytes: a third of the cost of JSON to write. The Python version is
    part of the cache context, and every payload is checksummed before it is read back."""
    return marshal.dumps(payload)


_scan_json = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # C scanner, not in stubs


def loads(payload: str | bytes) -> Any:
    """What dump() or dump_bytes() wrote; JSON without the wrapper's whitespace handling."""
    if isinstance(payload, bytes):
        return marshal.loads(payload)
    try:
        return _scan_json(payload, 0)[0]
    except StopIteration:
        raise ValueError("empty payload") from None


def checksum(payload: str | bytes) -> str:
    return hashlib.sha1(payload if isinstance(payload, bytes) else payload.encode()).hexdigest()
