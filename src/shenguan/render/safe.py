"""Terminal safety: catalogue text is shown with control and bidi characters made visible."""

from __future__ import annotations

import re

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u061c\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def visible(text: object) -> str:
    """`\\x1b` becomes `\\u{1b}` and so on, so data can never drive the terminal."""
    return _INVISIBLE.sub(lambda m: f"\\u{{{ord(m.group()):x}}}", str(text))


def annotation(text: object) -> str:
    """A message safe inside a GitHub `::error ...::` workflow command."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def annotation_property(text: object) -> str:
    """A property value (file=, title=) of a workflow command: `,` and `:` end a property there."""
    return annotation(text).replace(":", "%3A").replace(",", "%2C")
