"""Interface language: Chinese by default; `--lang en` or SHENGUAN_LANG=en for English labels."""

from __future__ import annotations

import os

_lang = (
    os.environ.get("SHENGUAN_LANG", "zh")
    if os.environ.get("SHENGUAN_LANG") in ("zh", "en")
    else "zh"
)


def set_lang(value: str | None) -> None:
    global _lang
    if value in ("zh", "en"):
        _lang = value


def lang() -> str:
    return _lang


def t(zh: str, en: str) -> str:
    """The label in the current language; both are written side by side where they are used."""
    return en if _lang == "en" else zh
