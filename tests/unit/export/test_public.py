"""The public list: allow-list only, every format, canaries absent, payloads inert, bytes reproducible."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shenguan.export import core
from shenguan.export.public import build
from shenguan.render import csvout, htmlout, jsonout, mdout, xlsxout
from shenguan.validation import schemas
from tests.support.files import edit

FORMATS = ("csv", "xlsx", "json", "html", "md")
CANARY_NAME, CANARY_MOBILE = "金丝雀联络员", "13987654321"
CANARY_NOTE, CANARY_TRANSFER = "内部金丝雀备注", "hz-scjgj-2021"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def canaries(base: Path) -> Path:
    """Restricted and internal values planted where a careless export would pick them up."""
    edit(base / "liaisons/spj.yaml", "李审批", CANARY_NAME)
    edit(base / "liaisons/spj.yaml", "13900000002", CANARY_MOBILE)
    edit(
        base / "matters/000172013000.yaml",
        "status: 在用",
        f"internal_note: {CANARY_NOTE}\nstatus: 在用",
    )
    return base


def rendered(root: Path, fmt: str) -> str:
    """The export as searchable text; XLSX as the XML of every part of the archive."""
    data = core.public(root, fmt, use_cache=False)
    if fmt != "xlsx":
        return data.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist())


@pytest.mark.parametrize("fmt", FORMATS)
def test_restricted_and_internal_values_never_reach_any_format(canaries: Path, fmt: str) -> None:
    text = rendered(canaries, fmt)
    assert "食品经营许可" in text  # the matter is there, its hidden parts are not
    for canary in (CANARY_NAME, CANARY_MOBILE, CANARY_NOTE, CANARY_TRANSFER):
        assert canary not in text


def _meta_without(pointer: str, internal: str | None = None) -> Any:
    def meta(kind: str) -> dict[str, dict[str, Any]]:
        found = dict(schemas.field_meta(kind))
        if kind == "matter":
            found.pop(pointer, None)
            if internal:
                found[internal] = {**found[internal], "visibility": "internal"}
        return found

    return meta


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_field_and_fields_under_an_internal_parent_are_not_exported(
    base: Path, fmt: str
) -> None:
    """`/name` unknown to the schema and `/contact` marked internal: neither reaches any format."""
    pl = build(core.load(base, use_cache=False), meta=_meta_without("/name", internal="/contact"))
    data = core.renderer(fmt)(pl)
    text = data.decode("utf-8") if fmt != "xlsx" else _xml(data)
    assert "002017011000" in text
    assert "公共体育场馆开放预约" not in text and "029-86250302" not in text
    assert "name" not in [c.key for c in pl.columns] and "consult_phone" not in [
        c.key for c in pl.columns
    ]
    if fmt == "json":
        doc = json.loads(text)
        assert not {"/name", "/contact", "/contact/consult_phone"} & set(doc["fields"])
        assert all("name" not in item and "contact" not in item for item in doc["items"])


def _xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist())


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_gives_the_same_bytes(base: Path, tmp_path: Path, fmt: str) -> None:
    first = core.public(base, fmt, use_cache=False)
    copy = tmp_path / "elsewhere" / "catalog"
    shutil.copytree(base, copy)
    assert core.public(copy, fmt, use_cache=True) == first
    assert core.public(copy, fmt, use_cache=True) == first  # a second run reads the cache


def test_rows_are_in_use_matters_by_department_then_code(base: Path) -> None:
    pl = build(core.load(base, use_cache=False))
    keys = [(m["implementing_body"]["department"], m["id"]) for m in pl.records]
    assert keys == sorted(keys)
    assert "000117020000" not in [m["id"] for m in pl.records]  # cancelled
    assert len(pl.rows) == 7 and pl.as_of == "2022-06-30"
    every = build(core.load(base, use_cache=False), statuses=None)
    assert "000117020000" in [m["id"] for m in every.records]


def test_csv_is_bom_utf8_all_quoted_with_chinese_headers(base: Path) -> None:
    data = core.public(base, "csv", use_cache=False)
    assert data.startswith(
        b'\xef\xbb\xbf"\xe5\xae\x9e\xe6\x96\xbd\xe4\xb8\xbb\xe4\xbd\x93"'
    )  # "实施主体"
    lines = data.decode("utf-8-sig").split("\r\n")
    assert all(line.startswith('"') and line.endswith('"') for line in lines if line)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["实施主体", "基本编码", "实施编码"]
    assert rows[1][1] == "000118008000"  # leading zeros kept


def test_formula_payloads_are_neutralised_in_csv(base: Path) -> None:
    edit(
        base / "matters/000172013000.yaml",
        "name: 食品经营许可",
        'name: \'=HYPERLINK("http://evil","x")\'',
    )
    edit(base / "matters/000172013000.yaml", "window: 市场准入综合窗口", "window: '@SUM(1+1)'")
    edit(base / "matters/000172012000.yaml", "name: 食品生产许可（低风险食品类别）", "name: '+1-2'")
    rows = list(
        csv.reader(io.StringIO(core.public(base, "csv", use_cache=False).decode("utf-8-sig")))
    )
    cells = [c for row in rows for c in row]
    assert '\'=HYPERLINK("http://evil","x")' in cells and "'@SUM(1+1)" in cells and "'+1-2" in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert [csvout.neutralise(c) for c in ("-3", "\tx", "\rx", "\0x", "029-1", "a=b")] == [
        "'-3",
        "'\tx",
        "'\rx",
        "'\0x",
        "029-1",
        "a=b",
    ]


def test_xlsx_cells_are_text_never_formulas(base: Path) -> None:
    from openpyxl import load_workbook

    edit(base / "matters/000172013000.yaml", "name: 食品经营许可", "name: '=1+2'")
    data = core.public(base, "xlsx", use_cache=False)
    assert "<f>" not in _xml(data)
    ws = load_workbook(io.BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells)
    assert "=1+2" in [c.value for c in cells]
    assert [c.value for c in ws[1]][:3] == ["实施主体", "基本编码", "实施编码"]
    assert ws["B2"].value == "000118008000"
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width >= 12


def test_xlsx_dates_and_zip_times_are_fixed(base: Path) -> None:
    data = core.public(base, "xlsx", use_cache=False)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core_xml = z.read("docProps/core.xml").decode()
    assert "2022-06-30T00:00:00Z" in core_xml and core_xml.count("2022-06-30") == 2


def test_html_payloads_stay_text_and_links_are_http_only(base: Path) -> None:
    edit(
        base / "matters/000172013000.yaml",
        "name: 食品经营许可",
        "name: <script>alert(1)</script><img src=x onerror=alert(2)>",
    )
    pl = build(core.load(base, use_cache=False))
    url = pl.column("online_url")
    assert url is not None
    pl.rows[0][url] = "javascript:alert(3)"
    page = htmlout.render(pl).decode()
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert 'href="javascript' not in page and "javascript:alert(3)" in page  # shown as text only
    assert page.count("<script>") == 1  # the page's own script, pinned by its hash
    assert "script-src 'sha256-" in html.unescape(page) and "default-src 'none'" in html.unescape(
        page
    )
    assert "http" not in page.split("<style>")[1].split("</style>")[0]  # no external assets


def test_markdown_keeps_payloads_literal(base: Path) -> None:
    edit(
        base / "matters/000172013000.yaml",
        "name: 食品经营许可",
        "name: '<script>x</script>|[a](javascript:y)'",
    )
    text = core.public(base, "md", use_cache=False).decode()
    assert "\\<script\\>x\\</script\\>\\|\\[a\\](javascript:y)" in text
    assert "<script>" not in text
    assert mdout.link("在线办理", "javascript:alert(1)") == "javascript:alert(1)"
    assert mdout.link("在线办理", "https://a.example/x") == "[在线办理](https://a.example/x)"


def test_json_has_the_documented_shape(base: Path) -> None:
    doc = json.loads(core.public(base, "json", use_cache=False))
    assert list(doc)[:4] == ["schema_version", "command", "status", "region"]
    assert (
        doc["command"] == "export public"
        and doc["status"] == "ok"
        and doc["schema_version"] == jsonout.SCHEMA_VERSION
    )
    assert doc["region"] == {"name": "未央区", "code": "610112", "parent": "西安市"}
    item = next(i for i in doc["items"] if i["id"] == "000172013000")
    assert list(item)[:3] == ["kind", "id", "name"]  # schema order
    assert "custody" in item and set(item["custody"]) == {
        "approving_department",
        "supervising_department",
    }
    assert {d["id"] for d in doc["departments"]} >= {"spj", "scjgj"}


def test_xlsx_module_widths_count_chinese_twice() -> None:
    assert xlsxout._display_width("食品ab") == 6


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_inert_in_csv_and_markdown_cells(text: str) -> None:
    cell = csvout.neutralise(text)
    assert not cell[:1] or cell[:1] not in "=+-@\t\r\0"
    assert cell.removeprefix("'") == text or cell == text
    md = mdout.cell(text)
    assert "\n" not in md
    assert re.search(r"(?<!\\)[<>|\[\]`]", md) is None  # every special character is escaped


@given(st.text())
def test_only_http_addresses_become_links(text: str) -> None:
    url = htmlout.http_url(text)
    assert url == "" or url.lower().startswith(("http://", "https://"))
    assert not set(url) & set("<>\"'` \t\n")
