"""New record files by plain string building: block style, Chinese kept, a string plain where the
strict loader reads it back as that string and JSON-quoted (a valid YAML double-quoted scalar)
otherwise. PyYAML's pure-Python emitter costs ~5 ms a record; this ~0.1 ms. The importer reads every
text back with the strict loader and keeps it only when it gives the record exactly."""

from __future__ import annotations

import json
import re
from typing import Any

# What may stand unquoted: no indicator first, no `: ` or ` #`, not a YAML 1.1/1.2 scalar of
# another type (bool, null, number, date, time), no blanks at either end, one line, no controls.
_UNSAFE_FIRST = set("-?:,[]{}#&*!|>'\"%@` \t")
_OTHER_TYPE = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
    r"|[-+]?(?:\.[0-9]+|[0-9][0-9_,:.]*)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|0[xob][0-9a-fA-F_]+|\d{4}-\d{1,2}-\d{1,2}.*|=)$"
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
# json.dumps leaves these raw; YAML readers refuse them unescaped even inside quotes.
_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def _quoted(text: str) -> str:
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


_TEXTS: dict[str, str] = {}  # string → its scalar: labels, keys and codes repeat across records


def _scalar(value: Any) -> str:
    if type(value) is str:
        found = _TEXTS.get(value)
        if found is None:
            found = _text(value)
            if len(value) <= 64 and len(_TEXTS) < 100_000:
                _TEXTS[value] = found
        return found
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value)
    return _text(str(value))


def _text(text: str) -> str:
    if (
        not text
        or text[0] in _UNSAFE_FIRST
        or text[-1] in " \t:"
        or ": " in text
        or " #" in text
        or _CONTROL.search(text)
        or _OTHER_TYPE.match(text)
    ):
        return _quoted(text)
    return text


_key = _scalar


def _lines(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, sub in value.items():
            if isinstance(sub, dict) and sub:
                out.append(f"{pad}{_key(key)}:")
                _lines(sub, indent + 2, out)
            elif isinstance(sub, list) and sub:
                out.append(f"{pad}{_key(key)}:")
                _items(sub, indent + 2, out)
            else:
                empty = "{}" if isinstance(sub, dict) else "[]" if isinstance(sub, list) else None
                out.append(f"{pad}{_key(key)}: {empty or _scalar(sub)}")
        return
    out.append(pad + _scalar(value))


def _items(values: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in values:
        if isinstance(item, dict) and item:
            first = len(out)
            _lines(item, indent + 2, out)
            out[first] = pad + "- " + out[first][indent + 2 :]
        elif isinstance(item, list) and item:
            first = len(out)
            _items(item, indent + 2, out)
            out[first] = pad + "- " + out[first][indent + 2 :]
        else:
            empty = "{}" if isinstance(item, dict) else "[]" if isinstance(item, list) else None
            out.append(f"{pad}- {empty or _scalar(item)}")


def dump(record: dict[str, Any], header: str = "") -> str:
    out: list[str] = [f"# {line}" for line in header.splitlines() if line]
    _lines(record, 0, out)
    return "\n".join(out) + "\n"
