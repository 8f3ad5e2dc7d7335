"""Round-trip edits: comments, key order, quotes and untouched lines survive, byte for byte."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shenguan import yamlio
from shenguan.errors import UsageError
from shenguan.workflows.edit import key_order
from shenguan.yamlio.edit import Document
from tests.support.catalogs import BASE as CASES

MATTER = b"""# \xe7\xa4\xba\xe4\xbe\x8b\xef\xbc\x9a\xe5\xa4\xb4\xe6\xb3\xa8\xe9\x87\x8a
kind: matter   # trailing comment
id: "000172013000"
name: 'quoted name'
level:  "4"
list:
- a
- b:  1
  c: 2

hours: 9:00-12:00
date: 2024-01-01
flow: [x, y]   # flow comment
note: |
  line one
  line two
# closing comment
"""


def diff(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two versions of a file."""
    lines = list(difflib.ndiff(before.decode().splitlines(), after.decode().splitlines()))
    return [x[2:] for x in lines if x.startswith("- ")], [
        x[2:] for x in lines if x.startswith("+ ")
    ]


def test_untouched_document_is_byte_identical() -> None:
    files = sorted(CASES.rglob("*.yaml"))
    assert files
    for path in files:
        raw = path.read_bytes()
        assert Document.parse(raw).dumps() == raw, path


def test_one_field_edit_is_a_one_line_diff_in_every_case_file() -> None:
    for path in sorted((CASES / "matters").glob("*.yaml")):
        raw = path.read_bytes()
        doc = Document.parse(raw, key_order("matter"))
        doc.set("/name", "改过的名称")
        assert diff(raw, doc.dumps()) == (
            [f"name: {yamlio.load_bytes(raw)['name']}"],
            ["name: 改过的名称"],
        ), path


def test_comments_spacing_and_quotes_survive_an_edit() -> None:
    doc = Document.parse(MATTER)
    doc.set("/list/1/c", 5)
    doc.set("/name", "new name")
    out = doc.dumps()
    removed, added = diff(MATTER, out)
    assert removed == ["name: 'quoted name'", "  c: 2"]
    assert added == ["name: 'new name'", "  c: 5"]
    text = out.decode()
    for kept in (
        "kind: matter   # trailing comment",
        'level:  "4"',
        "- b:  1",
        "flow: [x, y]   # flow comment",
        "# closing comment",
        "date: 2024-01-01",
        "hours: 9:00-12:00",
    ):
        assert kept in text


def test_new_keys_follow_the_schema_order() -> None:
    raw = (CASES / "matters" / "000117004000.yaml").read_bytes()
    before = list(yamlio.load_bytes(raw))
    assert "standard" not in before and "contact" in before
    doc = Document.parse(raw, key_order("matter"))
    doc.set("/standard", {"id": "wlj-yc", "version": 1})
    doc.set("/internal_note", "备注")
    after = list(yamlio.load_bytes(doc.dumps()))
    expected = (
        before[: before.index("contact")]
        + ["standard"]
        + before[before.index("contact") :]
        + ["internal_note"]
    )
    assert after == expected == list(doc.data)
    removed, added = diff(raw, doc.dumps())
    assert removed == [] and added == [
        "standard:",
        "  id: wlj-yc",
        "  version: 1",
        "internal_note: 备注",
    ]


def test_new_values_are_quoted_where_the_strict_loader_needs_it() -> None:
    doc = Document.parse(b"a: 1\n")
    for key, value in [
        ("code", "000172013000"),
        ("day", "2026-11-28"),
        ("level", "4"),
        ("t", "true"),
        ("n", "null"),
        ("f", "1.10"),
        ("phone", "029-86250001"),
        ("colon", "a: b"),
        ("hash", "x #y"),
    ]:
        doc.set(f"/{key}", value)
    out = doc.dumps()
    data = yamlio.load_bytes(out)
    assert data["code"] == "000172013000" and data["day"] == "2026-11-28" and data["t"] == "true"
    assert b'code: "000172013000"' in out and b"phone: 029-86250001" in out


def test_append_delete_and_multiline_text() -> None:
    doc = Document.parse(b"items:\n  - a\nkeep: 1\ndrop: 2\n")
    doc.append("/items", {"x": "多行\n文本\n"})
    doc.append("/fresh", "b")
    doc.delete("/drop")
    data = yamlio.load_bytes(doc.dumps())
    assert data == {"items": ["a", {"x": "多行\n文本\n"}], "keep": 1, "fresh": ["b"]}


def test_bom_and_crlf_are_kept() -> None:
    doc = Document.parse(b"\xef\xbb\xbfa: 1\r\nb:  2\r\n")
    doc.set("/a", 3)
    assert doc.dumps() == b"\xef\xbb\xbfa: 3\r\nb:  2\r\n"


def test_bad_paths_are_reported_in_chinese() -> None:
    doc = Document.parse(b"items: [a]\nname: x\n")
    with pytest.raises(UsageError, match="超出列表范围"):
        doc.set("/items/5", "b")
    with pytest.raises(UsageError, match="不是映射"):
        doc.set("/name/sub", "b")


def test_new_document_carries_its_header_comment() -> None:
    out = Document.new({"kind": "liaison", "id": "wlj"}, "第一行\n第二行").dumps()
    assert out.startswith("# 第一行\n# 第二行\nkind: liaison\n".encode())


TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp"), blacklist_characters="\ufeff"
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_any_text_value_reads_back_unchanged(value: str) -> None:
    doc = Document.parse(b'# c\nname: "x"\nother: 1\n')
    doc.set("/name", value)
    doc.set("/new", value)
    data = yamlio.load_bytes(doc.dumps())
    assert data == {"name": value, "other": 1, "new": value}
