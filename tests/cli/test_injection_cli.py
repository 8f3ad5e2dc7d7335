"""Output that data cannot forge (docs/security.md, “CI 注释”): a file name or a value holding a newline and a
GitHub workflow command never starts a line of output, in any format; non-UTF-8 file names
never make a JSON document invalid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.catalogs import MATTER
from tests.support.git import git

FORGED_NAME = "a\n::error file=x::pwned.yaml"
FORGED_VALUE = '"01\\n::error file=y::forged value"'
# Real annotations: a finding (file, line, col, rule) or a review item (file, title).
REAL = re.compile(
    r"^::(error|warning|notice) (file=[^,:]+,line=\d+,col=\d+,title=[A-Z]\d+"
    r"|(file=[^,:]+,)?title=[^,:]+)::"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed catalogue, then in the work tree: a matter renamed to a forged name, a copy
    under a name that is not UTF-8, and a matter name holding a newline and a command."""
    from shenguan.workflows.scaffold import init

    root = tmp_path_factory.mktemp("inject") / "cat"
    init(root)
    matter = root / MATTER
    body = matter.read_text(encoding="utf-8")
    (root / "matters" / FORGED_NAME).write_text(body, encoding="utf-8")
    with open(bytes(root / "matters") + b"/\xff.yaml", "w", encoding="utf-8") as handle:
        handle.write(body)
    forged = re.sub(r"^name: .*$", lambda _: f"name: {FORGED_VALUE}", body, count=1, flags=re.M)
    assert forged != body
    matter.write_text(forged, encoding="utf-8")
    assert "pwned" in git(root, "status", "--porcelain")
    return root


def _commands(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.lstrip().startswith("::")]


RUNS = [
    (["validate"], 1),
    (["diff"], 0),
    (["diff", "--format", "markdown"], 0),
    (["review", "status"], 1),
]


@pytest.mark.parametrize(("args", "code"), RUNS)
def test_text_and_markdown_never_start_a_line_with_a_workflow_command(
    cli, hostile: Path, args: list[str], code: int
) -> None:
    r = cli(*args, "-C", hostile)
    assert r.code == code, r.out + r.err
    assert "pwned" in r.out  # the data is shown, as data
    assert _commands(r.out) == [] and _commands(r.err) == []
    assert "\\u{a}" in r.out or "⏎" in r.out  # the newlines are visible escapes


@pytest.mark.parametrize("args", [["validate"], ["review", "status"]])
def test_github_format_prints_only_real_annotations(cli, hostile: Path, args: list[str]) -> None:
    r = cli(*args, "-C", hostile, "--format", "github")
    assert r.code == 1
    lines = _commands(r.out)
    assert len(lines) >= 3  # the forged name, the non-UTF-8 name, the forged value
    assert [line for line in lines if not REAL.match(line)] == []
    assert not any(line.startswith(("::error file=x::", "::error file=y::")) for line in lines)


@pytest.mark.parametrize("args", [["validate"], ["diff"], ["review", "status"]])
def test_json_parses_and_carries_the_names_as_escaped_data(
    cli, hostile: Path, args: list[str]
) -> None:
    r = cli(*args, "-C", hostile, "--format", "json")
    assert r.code in (0, 1), r.err
    r.out.encode("utf-8")  # no lone surrogate reached the document
    doc = json.loads(r.out)
    assert doc["command"] == " ".join(args)
    assert _commands(r.out) == []
    text = json.dumps(doc, ensure_ascii=False)
    if args != ["validate"]:  # validate names the non-UTF-8 file as Y012 instead
        assert "pwned" in text and "\\\\xff" in text


def test_validate_reports_the_non_utf8_name_as_y012(cli, hostile: Path) -> None:
    r = cli("validate", "-C", hostile, "--format", "json")
    rules = {f["rule"] for f in json.loads(r.out)["findings"]}
    assert "Y012" in rules
