"""Output that data cannot forge: every control, bidi and line-breaking character in catalogue text
or a file name is shown as a visible escape, and nothing from data can start a line with `::`,
which GitHub Actions reads as a workflow command (`::error file=…::`) on stdout or stderr."""

from __future__ import annotations

import re

# C0 controls (tab and newline included), DEL, C1, zero-width and bidi marks, line and paragraph
# separators, and lone surrogates (a file name that is not UTF-8, decoded with surrogateescape).
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u061c\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ud800-\udfff]"
)
# `::` after optional blanks at the start of a value or of a line.
_COMMAND = re.compile(r"^([ \t]*):(?=:)", re.M)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{{{code:x}}}"


def visible(text: object) -> str:
    """One line of inert text: `\\x1b` becomes `\\u{1b}`, a newline `\\u{a}`, a byte 0xff of a
    non-UTF-8 file name `\\xff`, and a leading `::` becomes `\\u{3a}:`."""
    return _COMMAND.sub(r"\1\\u{3a}", _INVISIBLE.sub(_escape, str(text)))


def no_commands(text: str) -> str:
    """Multi-line output assembled by a renderer: no line may start with `::`."""
    return _COMMAND.sub(r"\1\\u{3a}", text)


def annotation(text: object) -> str:
    """A message safe inside a GitHub `::error ...::` workflow command."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def annotation_property(text: object) -> str:
    """A property value (file=, title=) of a workflow command: `,` and `:` end a property there."""
    return annotation(text).replace(":", "%3A").replace(",", "%2C")
