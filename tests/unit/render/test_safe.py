"""Escaping that keeps data inert in every text renderer and in JSON."""

from __future__ import annotations

import json

import pytest

from shenguan.render import envelope, htmlout, mdout
from shenguan.render.safe import annotation, no_commands, visible


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\n::error file=x::pwned", "a\\u{a}::error file=x::pwned"),
        ("::warning::x", "\\u{3a}:warning::x"),
        ("  ::notice::x", "  \\u{3a}:notice::x"),
        ("tab\there", "tab\\u{9}here"),
        ("\x1b[2J", "\\u{1b}[2J"),
        ("\u202eevil", "\\u{202e}evil"),
        ("name\udcff.yaml", "name\\xff.yaml"),
        ("10:30 a::b", "10:30 a::b"),
    ],
)
def test_visible_escapes_controls_newlines_bytes_and_a_leading_command(
    raw: str, shown: str
) -> None:
    assert visible(raw) == shown
    assert "\n" not in visible(raw)


def test_no_line_of_assembled_output_starts_a_command() -> None:
    text = "ok\n::error::x\n  ::warning::y\nz::w\n"
    assert no_commands(text) == "ok\n\\u{3a}:error::x\n  \\u{3a}:warning::y\nz::w\n"


def test_annotation_keeps_a_newline_out_of_the_command() -> None:
    assert "\n" not in annotation("a\n::error::b") and "%" not in annotation("a\nb")


def test_markdown_inline_text_is_one_line_that_cannot_start_a_command() -> None:
    assert mdout.esc("01\n::error file=y::v") == "01 ::error file=y::v"
    assert mdout.esc("::error::v") == "\\::error::v"
    assert mdout.block("x\n::error::v").splitlines()[1].startswith("\\:")


def test_html_values_keep_their_newlines_off_the_page_lines() -> None:
    env = htmlout.environment()
    page = env.from_string("<p>{{ v }}</p>\n").render(v="a\n::error::<b>")
    assert page == "<p>a&#10;::error::&lt;b&gt;</p>\n"


def test_json_documents_stay_utf8_with_non_utf8_names() -> None:
    text = envelope.dumps(envelope.envelope("diff", "ok", {"path": "matters/\udcff.yaml"}))
    text.encode("utf-8")
    assert json.loads(text)["path"] == "matters/\\xff.yaml"
    doc = json.loads(envelope.dumps(envelope.failure("validate", "tool", "m", "h")))
    assert doc == {
        "schema_version": envelope.SCHEMA_VERSION,
        "command": "validate",
        "status": "error",
        "error": {"code": "tool", "message": "m", "hint": "h"},
    }
