"""Entry point: the typer app, the global options and the one boundary mapping errors to exit codes."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer
from typer.main import solve_typer_info_defaults

from shenguan import __version__
from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang
from shenguan.cli.failure import command_name, error_code, wants_json
from shenguan.cli.lazy import lazy_root

# Each module registers its commands; they import the core lazily so `--help` stays fast.
COMMAND_MODULES = (
    "validate",
    "rules",
    "init",
    "history",
    "review",
    "standard",
    "transfer",
    "matter",
    "liaison",
    "impact",
    "export",
    "report",
    "migrate",
    "importing",
)

# The commands are registered here and turned into click commands only when used (cli/lazy.py).
commands = typer.Typer()
for _name in COMMAND_MODULES:
    importlib.import_module(f"shenguan.cli.{_name}").register(commands)

app = typer.Typer(
    cls=lazy_root(commands),
    name="shenguan",
    help="审管（shenguan）：以代码管理区县政务服务事项目录——校验、语义比对、合法性审查门禁、审批标准与公开清单。\n\n"
    "示例：shenguan validate -C catalog",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
_debug = False


def _version(value: bool) -> None:
    if value:
        print(f"shenguan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整的调用栈")] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本并退出"),
    ] = None,
) -> None:
    global _debug
    _debug = debug
    apply_lang(lang)
    ctx.obj = {"catalog": catalog}


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (docs/architecture.md「命令行约定」)."""
    args = sys.argv[1:] if argv is None else argv
    if not wants_json(args):
        return _run(args)[0]
    from shenguan.render import envelope

    envelope.reset()
    code, message, hint = _run(args)
    if message and not envelope.emitted():
        # A script that asked for JSON gets one document even when the command failed.
        groups = (solve_typer_info_defaults(g).name or "" for g in commands.registered_groups)
        envelope.emit(envelope.failure(command_name(args, groups), error_code(code), message, hint))
    return code


def _run(args: list[str]) -> tuple[int, str, str]:
    """(exit code, message, hint) of one command; the message is empty when it did its job."""
    from shenguan.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, ShenguanError

    try:
        result = app(args=args, prog_name="shenguan", standalone_mode=False)
        if result == EXIT_INTERRUPTED:  # typer answers Ctrl-C by returning 130
            print("已中断。", file=sys.stderr)
            return EXIT_INTERRUPTED, "已中断。", ""
        return (result if isinstance(result, int) else 0), "", ""
    except ShenguanError as exc:
        _report(exc.message, exc.hint)
        return exc.exit_code, exc.message, exc.hint
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_INTERRUPTED, "已中断。", ""
    except Exception as exc:
        # typer may vendor its own click, so its exceptions are recognised by class name.
        kinds = {c.__name__ for c in type(exc).__mro__}
        if "Exit" in kinds:
            return int(getattr(exc, "exit_code", 0)), "", ""
        if "Abort" in kinds:
            print("已中断。", file=sys.stderr)
            return EXIT_INTERRUPTED, "已中断。", ""
        if "UsageError" in kinds:
            from shenguan.cli.usage import explain

            usage, message, hint = explain(exc)
            if usage:
                print(usage, file=sys.stderr)
            _report(message, hint) if hint else print(message, file=sys.stderr)
            return EXIT_USAGE, (message if hint else ""), hint
        if _debug:
            raise
        message = f"内部错误：{type(exc).__name__}"
        hint = "请加 --debug 重新运行，并把输出附在问题报告中"
        _report(message, hint)
        return EXIT_INTERNAL, message, hint


def _report(message: str, hint: str) -> None:
    from shenguan.render.console import err, line

    # A message may list findings one per line: each line is printed (and escaped) on its own, so
    # the list stays readable and no value can start a line of its own.
    first, *rest = message.split("\n")
    err().print(line(("错误：", "bold red"), first))
    for more in rest:
        err().print(line(more))
    if hint:
        err().print(line(("提示：", "yellow"), hint))


def run() -> None:
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`| head`): it had what it wanted
        pass
    # Skip the interpreter's teardown: freeing a 100 k-record catalogue object by object costs a
    # quarter of a second, and by now every file, lock and database this command used is closed.
    os._exit(code)
