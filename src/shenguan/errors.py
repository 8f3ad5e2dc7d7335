"""One exception family; the CLI boundary maps each class to an exit code (docs/architecture.md「命令行约定」)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_TOOL = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130


class ShenguanError(Exception):
    """An expected failure, reported as one Chinese line plus a hint."""

    exit_code = EXIT_TOOL

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(ShenguanError):
    """The command line itself is wrong (exit 2)."""

    exit_code = EXIT_USAGE


class ToolError(ShenguanError):
    """The tool could not do its job: no catalogue, not a git repository, lock held (exit 3)."""

    exit_code = EXIT_TOOL


class GateError(ShenguanError):
    """A check or gate failed; nothing was written (exit 1)."""

    exit_code = EXIT_FINDINGS
