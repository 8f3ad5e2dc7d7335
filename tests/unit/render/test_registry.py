"""The renderer registry: every declared (kind, format) is bound in the module it names, the CLI's
`--format` choices are the registry's, and `shenguan --help` imports no renderer."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from shenguan.render import registry


def test_every_declared_format_is_bound_by_its_module() -> None:
    for kind, formats in registry.KINDS.items():
        for fmt in formats:
            render = registry.get(kind, fmt)
            assert render.__module__ == formats[fmt].module, (kind, fmt)


def test_an_undeclared_format_cannot_be_bound_or_asked_for() -> None:
    with pytest.raises(KeyError):
        registry.renderer("findings", "xml")
    from shenguan.errors import UsageError

    with pytest.raises(UsageError) as caught:
        registry.get("findings", "xml")
    assert "不支持的输出格式 xml" in caught.value.message
    assert caught.value.hint == "可选：text、json、github"


def test_the_cli_format_help_lists_the_registry(cli) -> None:
    def flat(text: str) -> str:  # help is wrapped at any character
        return "".join(text.split())

    r = cli("validate", "--help")
    assert r.code == 0 and "text|json|github" in r.out
    for fmt, text in registry.formats("findings").items():
        assert flat(f"{fmt}（{text}）") in flat(r.out)
    r = cli("export", "public", "--help")
    assert all(f"{fmt}（" in flat(r.out) for fmt in registry.formats("public list"))


def test_help_imports_no_renderer() -> None:
    code = (
        "import sys\n"
        "from shenguan.cli.main import main\n"
        "main(['--help'])\n"
        "heavy = sorted(m for m in sys.modules if m.startswith('shenguan.render.')"
        " and m not in ('shenguan.render.registry',))\n"
        "print(heavy, 'rich' in sys.modules, 'jinja2' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[] False False"


def test_the_public_list_renderer_is_imported_only_when_chosen() -> None:
    importlib.import_module("shenguan.export.core").renderer("csv")
    assert "shenguan.render.csvout" in sys.modules
