"""The one JSON document every `--format json` prints (docs/architecture.md「命令行约定」), failures included.

Light on purpose (json and re only): the CLI's error boundary imports it after anything else may
have failed.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

SCHEMA_VERSION = 1
HEADER = ("schema_version", "command", "status")
# File names that are not UTF-8 reach us as lone surrogates (surrogateescape); written raw they
# make the document invalid UTF-8, so each becomes visible text: byte 0xff -> `\xff`.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Whether this process already printed its document: a failure after it must not add a second.
_state = {"emitted": False}


def envelope(command: str, status: str, payload: dict[str, Any]) -> dict[str, Any]:
    """`{schema_version, command, status, **payload}`: the keys every document starts with."""
    return {"schema_version": SCHEMA_VERSION, "command": command, "status": status, **payload}


def failure(command: str, code: str, message: str, hint: str) -> dict[str, Any]:
    """The document of a command that could not finish."""
    return envelope(command, "error", {"error": {"code": code, "message": message, "hint": hint}})


def rewrap(doc: dict[str, Any]) -> dict[str, Any]:
    """A document a renderer built itself, put back through `envelope` (one schema version)."""
    payload = {k: v for k, v in doc.items() if k not in HEADER}
    return envelope(str(doc["command"]), str(doc["status"]), payload)


def _byte(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\\\u{{{code:x}}}"


def dumps(doc: dict[str, Any]) -> str:
    """The document as text: UTF-8-safe, two-space indent, one trailing newline."""
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    # Surrogates can only sit inside JSON strings, where `\\\\` is one literal backslash.
    return _SURROGATE.sub(_byte, text) + "\n"


def encoded(doc: dict[str, Any]) -> bytes:
    return dumps(doc).encode("utf-8")


def emit(doc: dict[str, Any]) -> None:
    """Print the document on stdout."""
    _state["emitted"] = True
    sys.stdout.write(dumps(doc))


def reset() -> None:
    _state["emitted"] = False


def emitted() -> bool:
    return _state["emitted"]


def emit_envelope(command: str, status: str, payload: dict[str, Any]) -> None:
    emit(envelope(command, status, payload))
