"""What the error boundary needs to answer a failed `--format json` run with one JSON document:
the command's name and whether JSON was asked for, read from the raw arguments (a usage error
can happen before any option is parsed)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from shenguan.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TOOL, EXIT_USAGE

# The root's options that take a value: their value is not a command name.
VALUED = ("-C", "--catalog", "--lang")
CODES = {
    EXIT_FINDINGS: "gate",
    EXIT_USAGE: "usage",
    EXIT_TOOL: "tool",
    EXIT_INTERNAL: "internal",
    EXIT_INTERRUPTED: "interrupted",
}


def _before_end(argv: Sequence[str]) -> list[str]:
    """The arguments up to `--` (after it everything is an operand)."""
    words = list(argv)
    return words[: words.index("--")] if "--" in words else words


def wants_json(argv: Sequence[str]) -> bool:
    words = _before_end(argv)
    for i, word in enumerate(words):
        if word in ("--format", "-f") and words[i + 1 : i + 2] == ["json"]:
            return True
        if word in ("--format=json", "-fjson"):
            return True
    return False


def command_name(argv: Sequence[str], groups: Iterable[str]) -> str:
    """`review status` for `shenguan -C x review status --base main`; `shenguan` if none is named."""
    groups = set(groups)
    found: list[str] = []
    words = iter(_before_end(argv))
    for word in words:
        if word in VALUED:
            next(words, None)
        elif not word.startswith("-"):
            found.append(word)
            if found[0] not in groups or len(found) == 2:
                break
    return " ".join(found) or "shenguan"


def error_code(exit_code: int) -> str:
    return CODES.get(exit_code, "tool")
