"""The national exchange tables: the column mapping (workflows.exchange.columns) agrees with the
schema, and `export exchange` writes the sample catalogue as those tables."""

from __future__ import annotations

import csv
import io
import json
import shutil
import uuid
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine
from hypothesis import given
from hypothesis import strategies as st

from shenguan import codes, yamlio
from shenguan.export import exchange
from shenguan.export.allow import allow_for
from shenguan.render import exchangeout
from shenguan.workflows.exchange import columns as cols
from tests.support.catalogs import REPO, SAMPLE
from tests.support.files import edit


def _schema(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPO / "schemas" / f"{kind}.json").read_text("utf-8"))
    return data


def _node(schema: dict[str, Any], pointer: str) -> dict[str, Any] | None:
    """The schema node at a pointer pattern (`*` = array items), following $refs; None if absent."""
    node: dict[str, Any] = schema
    for part in pointer.split("/")[1:]:
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        if part == "*":
            if "items" not in node:
                return None
            node = node["items"]
        else:
            found = node.get("properties", {}).get(part)
            if found is None:
                return None
            node = found
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _all_columns() -> list[tuple[cols.Table, cols.Column]]:
    tables = [*cols.TABLES, cols.ZONE_ORGANIZATION]
    return [(t, c) for t in tables for c in t.columns]


def test_every_pointer_names_a_field_of_the_schema() -> None:
    missing = []
    for table, column in _all_columns():
        schema = _schema(table.record)
        for pointer in filter(None, (column.pointer, *column.reads)):
            if _node(schema, pointer) is None:
                missing.append(f"{table.name}.{column.name}: {pointer}")
    for table in cols.TABLES:
        if table.items is not None and _node(_schema("matter"), table.items) is None:
            missing.append(f"{table.name}: {table.items}")
    assert missing == []


def test_child_columns_read_the_items_of_their_table() -> None:
    wrong = [
        f"{t.name}.{c.name}"
        for t in cols.TABLES
        if t.items is not None and t.role != "material_condition"
        for c in t.columns
        if c.pointer is not None and "*" in c.pointer and not c.pointer.startswith(t.items + "/*")
    ]
    assert wrong == []


def _enum(node: dict[str, Any]) -> list[str]:
    if "enum" in node:
        return list(node["enum"])
    return list(node["items"]["enum"])


def test_every_code_dict_has_the_labels_of_the_schema_enum() -> None:
    checked = 0
    for table, column in _all_columns():
        if column.codes is None:
            continue
        assert column.kind == cols.CODE, f"{table.name}.{column.name}"
        assert column.pointer is not None
        node = _node(_schema(table.record), column.pointer)
        assert node is not None
        assert sorted(_enum(node)) == sorted(column.codes), f"{table.name}.{column.name}"
        checked += 1
    assert checked > 20


def test_code_columns_use_the_dicts_of_codes() -> None:
    basic = cols.BY_NAME["up_task_general_basic"]
    assert basic.column("server_type").codes is codes.SERVICE_OBJECT_CODE
    assert basic.column("server_type").sep == "^"
    assert basic.column("project_type").codes is codes.HANDLING_TYPE_CODE
    assert basic.column("anticipate_type").codes is codes.TIME_UNIT_CODE
    material = cols.BY_NAME["up_task_general_material"]
    assert material.column("material_format").codes is codes.MATERIAL_FORM_CODE
    assert material.column("source_type").codes is codes.MATERIAL_SOURCE_CODE


def test_every_derivation_is_described() -> None:
    named = {c.derive for _, c in _all_columns() if c.derive is not None}
    assert named <= set(cols.DERIVATIONS)
    assert all(c.pointer is None for _, c in _all_columns() if c.derive is not None)


def test_column_names_are_unique_within_a_table() -> None:
    for table in [*cols.TABLES, cols.ZONE_ORGANIZATION]:
        names = [c.name for c in table.columns]
        assert len(names) == len(set(names)), table.name
        assert all(c.label for c in table.columns)


def test_tables_of_each_family() -> None:
    names = {fam: [t.name for t in cols.tables_of(fam)] for fam in cols.FAMILIES}
    assert names["general"] == [
        "up_task_general_basic",
        "up_task_general_extend",
        "up_task_general_material",
        "up_task_general_fee_project",
        "up_task_general_questions",
    ]
    assert names["punish"] == ["up_task_punish_basic", "up_task_punish_questions"]
    assert names["handle"] == [
        "up_task_handle_basic",
        "up_task_handle_material",
        "up_task_handle_questions",
    ]
    assert names["check"] == ["up_task_check_basic", "up_task_check_questions"]
    assert names["public"][0] == "up_task_public_basic"


def test_reduced_basic_tables_follow_the_ddl() -> None:
    punish = {c.name for c in cols.BY_NAME["up_task_punish_basic"].columns}
    general = {c.name for c in cols.BY_NAME["up_task_general_basic"].columns}
    assert "punishment_method" in punish
    assert not {"accept_condition", "is_fee", "server_type", "promise_day", "link_addr"} & punish
    assert cols.BY_NAME["up_task_punish_basic"].column("local_task_code").required
    assert not cols.BY_NAME["up_task_general_basic"].column("local_task_code").required
    handle = {c.name for c in cols.BY_NAME["up_task_handle_basic"].columns}
    assert {"collect_type", "is_permit_reduce"} <= handle
    public = {c.name for c in cols.BY_NAME["up_task_public_basic"].columns}
    assert general - public == {"power_source"}
    assert not cols.BY_NAME["up_task_public_basic"].column("promise_day").required
    assert "limit_explain" not in {c.name for c in cols.BY_NAME["up_task_public_extend"].columns}


@pytest.mark.parametrize(
    ("code", "fam"),
    [
        ("01", "general"),
        ("05", "general"),
        ("07", "general"),
        ("08", "general"),
        ("09", "general"),
        ("10", "general"),
        ("11", "general"),
        ("02", "punish"),
        ("04", "handle"),
        ("03", "check"),
        ("06", "check"),
        ("20", "public"),
    ],
)
def test_family_routing(code: str, fam: str) -> None:
    assert cols.family(code) == fam


def test_every_matter_type_has_a_family() -> None:
    enum = _schema("matter")["properties"]["type"]["enum"]
    assert sorted(enum) == sorted(cols.FAMILY_OF_TYPE) == sorted(codes.TYPE_ZH)
    with pytest.raises(KeyError):
        cols.family("12")


def test_task_state_codes_cover_every_status() -> None:
    assert sorted(cols.TASK_STATE_CODE) == sorted(_schema("matter")["properties"]["status"]["enum"])


# --- legal bases as text --------------------------------------------------------------------------

_PLAIN = st.text(
    alphabet=st.sampled_from("中华人民共和国法第一二三条款（）：《》\n ab1"),
    min_size=1,
    max_size=12,
)
_ENTRY = st.fixed_dictionaries(
    {"law": _PLAIN, "article": _PLAIN},
    optional={"doc_no": _PLAIN, "content": st.text(max_size=12)},
)


@given(st.lists(_ENTRY, min_size=1, max_size=3))
def test_basis_exact_means_the_text_reads_back(entries: list[dict[str, str]]) -> None:
    if cols.basis_exact(entries):
        assert cols.parse_basis(cols.basis_text(entries)) == entries


def test_basis_text_and_back() -> None:
    entries = [
        {
            "law": "中华人民共和国食品安全法",
            "article": "第三十五条第一款",
            "content": "国家对……许可。",
        },
        {"law": "某条例", "doc_no": "国务院令第637号", "article": "第二条"},
    ]
    text = cols.basis_text(entries)
    assert text == (
        "《中华人民共和国食品安全法》第三十五条第一款：国家对……许可。\n《某条例》（国务院令第637号）第二条"
    )
    assert cols.parse_basis(text) == entries and cols.basis_exact(entries)
    assert not cols.basis_exact([{"law": "《已有书名号》", "article": "第一条"}])
    assert not cols.basis_exact([{"law": "法", "article": "第一条", "content": "两\n行"}])
    assert not cols.basis_exact([{"law": "法", "article": "（一）项"}])
    assert cols.parse_basis("没有书名号的依据") is None


def test_an_item_inherits_what_it_does_not_set() -> None:
    matter = {"name": "x", "time_limit": {"statutory": {"value": 20}, "promised": {"value": 5}}}
    matter |= {"conditions": "甲", "materials": [{"name": "表"}]}
    item = {"no": "01", "promised": {"value": 1}, "conditions": "乙"}
    got = cols.effective_item(matter, item)
    assert got["time_limit"] == {"statutory": {"value": 20}, "promised": {"value": 1}}
    assert got["conditions"] == "乙" and got["materials"] is matter["materials"]
    assert matter["time_limit"]["promised"] == {"value": 5}  # the matter is not changed


# --- the export on the sample catalogue -----------------------------------------------------------

CANARIES = {
    "note": "内部金丝雀备注",
    "section": "canary-section-x",
    "with": "canary-dept",
    "mobile": "13987654321",
    "fields": "/金丝雀字段",
}


def _matters(root: Path) -> list[dict[str, Any]]:
    found = [yamlio.load_bytes(p.read_bytes()) for p in sorted((root / "matters").glob("*.yaml"))]
    return sorted(found, key=lambda m: (m["id"], m["implementation_code"]))


def _sets(matter: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(the matter as each 业务办理项 is handled, its code): computed here without the exporter."""
    code = matter["implementation_code"]
    items = matter.get("handle_items") or []
    if not items:
        return [(matter, "")]
    out = []
    for item in items:
        record = dict(matter)
        limits = dict(matter.get("time_limit") or {})
        limits.update({k: item[k] for k in ("statutory", "promised") if k in item})
        record["time_limit"] = limits
        record.update(
            {k: item[k] for k in ("conditions", "materials", "fee", "situations") if k in item}
        )
        out.append((record, code + item["no"]))
    return out


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, exchange.Exchange]:
    root = tmp_path_factory.mktemp("exchange") / "catalog"
    shutil.copytree(SAMPLE, root)
    return root, exchange.export(root, use_cache=False)


def _table(ex: exchange.Exchange, name: str) -> list[dict[str, str]]:
    sheet = ex.sheet(name)
    assert sheet is not None
    names = [c.name for c in sheet.columns]
    return [dict(zip(names, row)) for row in sheet.rows]


def test_row_counts_per_table(sample_export: tuple[Path, exchange.Exchange]) -> None:
    root, ex = sample_export
    expected: dict[str, int] = {t.name: 0 for t in cols.TABLES}
    for matter in _matters(root):
        fam = cols.family(matter["type"])
        for record, _ in _sets(matter):
            for table in cols.tables_of(fam):
                if table.items is None:
                    expected[table.name] += 1
                else:
                    expected[table.name] += len(exchange._items(record, table.items))
            situations = record.get("situations") or []
            expected["dn_audit_item_condition"] += len(situations)
            expected["dn_audit_material_condition"] += sum(
                len(s.get("materials") or []) for s in situations
            )
    got = {s.name: len(s.rows) for s in ex.sheets if s.name in expected}
    assert got == expected
    assert expected["up_task_general_basic"] > 50 and expected["up_task_punish_basic"] > 0
    assert expected["dn_audit_item_condition"] > 0  # the sample has 办理情形
    departments = list((root / "departments").glob("*.yaml"))
    assert len(_table(ex, "up_zone_organization")) == len(departments)
    # every table is there, empty ones with their header only, in a fixed order
    assert [s.name for s in ex.sheets] == [
        *(t.name for t in cols.TABLES),
        "up_zone_organization",
        "sg_task_extra",
    ]


def test_a_matter_with_handle_items_has_one_row_set_per_item(
    sample_export: tuple[Path, exchange.Exchange],
) -> None:
    _, ex = sample_export
    code = "11610112MB296603624000111001000"
    basic = [r for r in _table(ex, "up_task_general_basic") if r["task_code"] == code]
    assert [r["task_handle_item"] for r in basic] == [code + n for n in ("01", "02", "03", "04")]
    first = basic[0]
    assert first["row_guid"] == str(
        uuid.uuid5(exchange.NAMESPACE, f"{code}|up_task_general_basic|{code}01")
    )
    assert first["id"] == str(int(first["row_guid"].replace("-", "")[:16], 16) >> 1)
    assert {k: first[k] for k in ("task_name", "catalog_code", "task_type", "use_level")} == {
        "task_name": "食品经营许可",
        "catalog_code": "000111001000",
        "task_type": "01",
        "use_level": "4",
    }
    assert {k: first[k] for k in ("task_state", "dept_name", "dept_code", "dept_type")} == {
        "task_state": "1",
        "dept_name": "西安市未央区行政审批服务局",
        "dept_code": "11610112MB29660362",
        "dept_type": "1",
    }
    assert (first["power_source"], first["project_type"], first["is_fee"]) == ("1", "2", "0")
    assert (first["anticipate_day"], first["anticipate_type"]) == ("10", "2")
    assert [r["promise_day"] for r in basic] == ["3", "2", "2", "0"]
    assert basic[3]["accept_condition"].startswith("食品经营者终止食品经营")
    assert (
        basic[0]["accept_condition"] == basic[2]["accept_condition"] != basic[3]["accept_condition"]
    )
    assert first["by_law"].startswith(
        "《中华人民共和国食品安全法》第三十五条第一款：国家对食品生产经营实行许可制度。"
    )
    assert first["plan_effective_date"] == "2019-06-28" and first["plan_cancel_date"] == ""
    assert (first["cd_operation"], first["cd_time"]) == ("I", f"{ex.as_of} 00:00:00")
    assert first["cd_batch"] == ex.batch and len(ex.batch) == 32
    assert first["special_procedure"] == "无" and first["data_source"] == ""
    # materials: the items that inherit repeat the matter's list, with their own ids
    material = [r for r in _table(ex, "up_task_general_material") if r["task_code"] == code]
    by_item: dict[str, list[dict[str, str]]] = {}
    for r in material:
        by_item.setdefault(r["task_handle_item"], []).append(r)
    assert [r["material_name"] for r in by_item[code + "02"]] == [
        "食品经营许可变更申请书",
        "与变更事项有关的材料",
    ]
    assert [r["material_name"] for r in by_item[code + "04"]] == ["食品经营许可注销申请书"]
    inherited = [[r["material_name"] for r in by_item[code + n]] for n in ("01", "03")]
    assert inherited[0] == inherited[1] and inherited[0][0] == "食品经营许可申请书"
    row = by_item[code + "01"][0]
    assert {k: row[k] for k in ("material_type", "material_format", "is_need", "source_type")} == {
        "material_type": "2",
        "material_format": "3",
        "is_need": "1",
        "source_type": "10",
    }
    assert (row["page_num"], row["page_format"], row["order_num"]) == ("1", "A4", "1")
    assert row["task_guid"] == first["row_guid"]
    assert len({r["row_guid"] for r in material}) == len(material)
    extend = [r for r in _table(ex, "up_task_general_extend") if r["task_code"] == code]
    assert [r["task_guid"] for r in extend] == [r["row_guid"] for r in basic]
    assert (
        extend[0]["is_entry_center"],
        extend[0]["is_online"],
        extend[0]["online_handle_depth"],
    ) == (
        "1",
        "1",
        "4",
    )
    assert (extend[0]["result_type"], extend[0]["result_name"]) == ("10", "食品经营许可证")


def test_situations_link_the_rows_of_their_materials(
    sample_export: tuple[Path, exchange.Exchange],
) -> None:
    _, ex = sample_export
    code = "11610112MB296603624000111001000"
    groups = [
        r for r in _table(ex, "dn_audit_item_condition") if r["task_handle_item"] == code + "02"
    ]
    assert [g["condition_name"] for g in groups] == [
        "变更经营项目",
        "变更名称、法定代表人等登记事项",
    ]
    assert groups[0]["area_code"] == "610112" and groups[0]["bs"] == ""
    links = [
        r
        for r in _table(ex, "dn_audit_material_condition")
        if r["condition_guid"] == groups[0]["row_guid"]
    ]
    materials = {
        r["material_name"]: r["row_guid"]
        for r in _table(ex, "up_task_general_material")
        if r["task_handle_item"] == code + "02"
    }
    assert [(r["condition_desc"], r["material_guid"]) for r in links] == [
        ("食品经营许可变更申请书", materials["食品经营许可变更申请书"]),
        ("与变更事项有关的材料", materials["与变更事项有关的材料"]),
    ]


def test_every_code_cell_is_a_code(sample_export: tuple[Path, exchange.Exchange]) -> None:
    _, ex = sample_export
    for sheet in ex.sheets:
        for at, column in enumerate(sheet.columns):
            if column.codes is None:
                continue
            allowed = set(column.codes.values())
            for row in sheet.rows:
                values = row[at].split(column.sep) if column.sep and row[at] else [row[at]]
                assert set(values) <= allowed | {""}, (sheet.name, column.name, row[at])


def test_families_and_the_local_type(sample_export: tuple[Path, exchange.Exchange]) -> None:
    root, ex = sample_export
    matters = _matters(root)
    for fam in cols.FAMILIES:
        basic = cols.tables_of(fam)[0].name
        types = {r["task_type"] for r in _table(ex, basic)}
        assert types == {m["type"] for m in matters if cols.family(m["type"]) == fam}
    assert "11" in {r["task_type"] for r in _table(ex, "up_task_general_basic")}
    punish = _table(ex, "up_task_punish_basic")[0]
    assert punish["punishment_method"].startswith("违法行为：")
    assert punish["local_task_code"]  # NOT NULL in the punish table


def test_every_public_field_is_carried(sample_export: tuple[Path, exchange.Exchange]) -> None:
    """Each public field of every matter is in the extension table or in a national column that
    gives it back exactly (the import reads both)."""
    root, ex = sample_export
    allow = allow_for("matter")
    extra: dict[str, dict[str, Any]] = {}
    for r in _table(ex, "sg_task_extra"):
        extra.setdefault(r["task_code"], {}).update(json.loads(r["fields"]))
    for matter in _matters(root):
        view = allow.view(matter)
        fam = cols.family(matter["type"])
        with_items = bool(view.get("handle_items"))
        exact = {
            c.pointer
            for t in (*cols.tables_of(fam), *cols.CONDITION_TABLES)
            for c in t.columns
            if c.pointer and (c.lossless or c.kind == cols.BASIS)
        } | cols.IMPLIED
        if with_items:
            exact = {
                p for p in exact if not any(exchange._under(p, r) for r in cols.INHERITED.values())
            }
        carried = extra.get(matter["implementation_code"], {})
        for pointer, value in _leaves(view):
            pattern = "/".join("*" if part.isdigit() else part for part in pointer.split("/"))
            under_extra = any(exchange._under(pointer, p) for p in carried)
            in_column = any(exchange._under(pattern, p) for p in exact)
            assert under_extra or in_column, (matter["id"], pointer)
        for pointer, value in carried.items():
            assert _at(view, pointer) == value, (matter["id"], pointer)


def _leaves(value: Any, pointer: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        return [leaf for k, v in value.items() for leaf in _leaves(v, f"{pointer}/{k}")]
    if isinstance(value, list) and value:
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, f"{pointer}/{i}")]
    return [(pointer, value)]


def _at(value: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def test_rows_cite_departments_by_name_and_uscc(
    sample_export: tuple[Path, exchange.Exchange],
) -> None:
    root, ex = sample_export
    departments = {
        d["id"]: d
        for d in (yamlio.load_bytes(p.read_bytes()) for p in (root / "departments").glob("*.yaml"))
    }
    for matter, row in zip(_matters(root), _first_rows(ex)):
        dept = departments[matter["implementing_body"]["department"]]
        assert (row["dept_name"], row["dept_code"]) == (dept["name"], dept["uscc"])
    org = _table(ex, "up_zone_organization")
    spj = next(r for r in org if r["credit_code"] == "11610112MB29660362")
    assert (spj["org_name"], spj["org_short_name"], spj["org_code"], spj["exist_task"]) == (
        "西安市未央区行政审批服务局",
        "区行政审批服务局",
        "MB2966036",
        "1",
    )


def _first_rows(ex: exchange.Exchange) -> list[dict[str, str]]:
    """The first basic row of each matter, in the order of the matters."""
    rows = [r for fam in cols.FAMILIES for r in _table(ex, cols.tables_of(fam)[0].name)]
    seen, firsts = set(), {}
    for r in rows:
        if r["task_code"] not in seen:
            seen.add(r["task_code"])
            firsts[(r["catalog_code"], r["task_code"])] = r
    return [firsts[k] for k in sorted(firsts)]


# --- formats, bytes and the allow-list ------------------------------------------------------------

FORMATS = ("xlsx", "csv", "json")


def _bytes(ex: exchange.Exchange, fmt: str) -> bytes:
    if fmt == "xlsx":
        return exchangeout.xlsx_workbook(ex)
    if fmt == "json":
        return exchangeout.json_document(ex)
    return b"".join(
        name.encode() + b"\0" + data for name, data in exchangeout.csv_files(ex).items()
    )


def _searchable(data: bytes, fmt: str) -> str:
    if fmt != "xlsx":
        return data.decode("utf-8", "replace")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist())


@pytest.fixture
def canaries(sample: Path) -> Path:
    """Internal and restricted values planted where a careless export would pick them up."""
    path = sample / "matters/000111001000.yaml"
    edit(path, "status: 在用", f"internal_note: {CANARIES['note']}\nstatus: 在用")
    edit(path, "  approving_section: spj-sczr", f"  approving_section: {CANARIES['section']}")
    edit(path, "  - stage: 受理\n", f"  - stage: 受理\n    with_department: {CANARIES['with']}\n")
    edit(path, "fields: [/time_limit/promised/value]", f"fields: [{CANARIES['fields']}]")
    liaison = next(
        p for p in sorted((sample / "liaisons").glob("*.yaml")) if "mobile:" in p.read_text("utf-8")
    )
    text = liaison.read_text("utf-8")
    old = text.split("mobile:", 1)[1].split("\n", 1)[0]
    edit(liaison, "mobile:" + old, f'mobile: "{CANARIES["mobile"]}"')
    return sample


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_and_restricted_values_never_reach_any_format(canaries: Path, fmt: str) -> None:
    ex = exchange.export(canaries, use_cache=False)
    text = _searchable(_bytes(ex, fmt), fmt)
    assert "食品经营许可" in text
    for value in CANARIES.values():
        assert value not in text
    assert "internal_note" not in text and "approving_section" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_catalogue_gives_the_same_bytes(sample: Path, fmt: str) -> None:
    first = _bytes(exchange.export(sample, use_cache=False), fmt)
    second = _bytes(exchange.export(sample, use_cache=True), fmt)
    third = _bytes(exchange.export(sample, use_cache=True), fmt)
    assert first == second == third


def test_an_internal_edit_changes_nothing_and_a_public_one_the_batch(sample: Path) -> None:
    before = exchange.export(sample, use_cache=False)
    path = sample / "matters/000111001000.yaml"
    edit(path, "status: 在用", "internal_note: 只在内部\nstatus: 在用")
    same = exchange.export(sample, use_cache=False)
    assert _bytes(same, "csv") == _bytes(before, "csv")
    edit(path, "name: 食品经营许可\n", "name: 食品经营许可（调整）\n")
    changed = exchange.export(sample, use_cache=False)
    assert changed.batch != before.batch
    # row ids come from the codes, not from the text: they stay
    assert [r[1] for r in changed.sheets[0].rows] == [r[1] for r in before.sheets[0].rows]


def test_xlsx_reads_back_as_text(sample_export: tuple[Path, exchange.Exchange]) -> None:
    _, ex = sample_export
    data = exchangeout.xlsx_workbook(ex)
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert workbook.sheetnames == [s.name for s in ex.sheets] + ["字段说明"]
    for sheet in ex.sheets:
        width = len(sheet.columns)
        rows = [  # a read-only sheet drops the empty cells at the end of a row
            (["" if v is None else v for v in row] + [""] * width)[:width]
            for row in workbook[sheet.name].iter_rows(values_only=True)
        ]
        assert rows[0] == [c.name for c in sheet.columns]
        assert rows[1:] == sheet.rows
    calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for sheet in ex.sheets:
        got = calamine.get_sheet_by_name(sheet.name).to_python()
        assert [[str(v) for v in row] for row in got[1:]] == sheet.rows
    legend = list(workbook["字段说明"].iter_rows(values_only=True))
    assert legend[0] == exchange.DICTIONARY_HEADER
    server = next(r for r in legend if r[0] == "up_task_general_basic" and r[2] == "server_type")
    assert (
        server[3] == "服务对象"
        and server[4] == "是"
        and "1 自然人" in server[6]
        and "^" in server[6]
    )


def test_csv_files_are_utf8_with_bom_and_quoted(
    sample_export: tuple[Path, exchange.Exchange],
) -> None:
    _, ex = sample_export
    files = exchangeout.csv_files(ex)
    assert sorted(files) == sorted([f"{s.name}.csv" for s in ex.sheets] + ["字段说明.csv"])
    data = files["up_task_general_basic.csv"]
    assert data.startswith(b'\xef\xbb\xbf"id","row_guid","cd_batch"')
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1:] == ex.sheets[0].rows
    assert rows[1][12] == "01"  # task_type keeps its leading zero


def test_csv_neutralises_formula_cells(sample: Path) -> None:
    edit(
        sample / "matters/000111001000.yaml",
        "quantity_limit: 无数量限制",
        'quantity_limit: =HYPERLINK("x")',
    )
    ex = exchange.export(sample, use_cache=False)
    text = exchangeout.csv_files(ex)["up_task_general_extend.csv"].decode("utf-8")
    assert '"\'=HYPERLINK(""x"")"' in text
    xml = _searchable(exchangeout.xlsx_workbook(ex), "xlsx")
    assert "<f>" not in xml and "=HYPERLINK(&quot;" not in xml and '=HYPERLINK("x")' in xml


def test_json_has_one_key_per_table(sample_export: tuple[Path, exchange.Exchange]) -> None:
    _, ex = sample_export
    doc = json.loads(exchangeout.json_document(ex))
    assert (doc["schema_version"], doc["command"], doc["status"]) == (1, "export exchange", "ok")
    assert list(doc["tables"]) == [s.name for s in ex.sheets]
    first = doc["tables"]["up_task_general_basic"][0]
    assert list(first) == [c.name for c in ex.sheets[0].columns]
    assert doc["columns"]["up_task_general_basic"]["task_name"] == "事项名称"
    assert doc["batch"] == ex.batch and doc["region"]["code"] == "610112"
    # what json.dumps writes for the same document (the renderer splices the tables in)
    assert exchangeout.json_document(ex) == (
        json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
    ).encode("utf-8")


def test_a_cancelled_matter_carries_its_state_and_date(sample: Path) -> None:
    path = sample / "matters/000111001000.yaml"
    cancel_at_end(path)
    ex = exchange.export(sample, use_cache=False)
    rows = [r for r in _table(ex, "up_task_general_basic") if r["catalog_code"] == "000111001000"]
    assert {(r["task_state"], r["plan_cancel_date"]) for r in rows} == {("3", "2026-11-20")}


def cancel_at_end(path: Path) -> None:
    text = path.read_text("utf-8").replace("status: 在用", "status: 已取消", 1)
    at = text.index("handle_items:")
    text = (
        text[:at]
        + '  - date: "2026-11-20"\n    kind: 取消\n    basis: 未审改办发〔2026〕9号\n'
        + text[at:]
    )
    path.write_text(text, encoding="utf-8")


def test_every_field_a_cell_reads_is_public() -> None:
    """Nothing is left empty by the allow-list: every column reads only public fields."""
    for table in [*cols.TABLES, cols.ZONE_ORGANIZATION]:
        allow = allow_for(table.record)
        for column in table.columns:
            hidden = [p for p in exchange.reads(column) if not exchange._public(allow, p)]
            assert hidden == [], f"{table.name}.{column.name}"
    assert not exchange._public(allow_for("matter"), "/process/*/with_department")


_CELLS = st.lists(
    st.text(alphabet=st.sampled_from("a\"=+-@\t\r\n,中'\x00 "), max_size=5), min_size=1, max_size=4
)


@given(_CELLS, st.lists(_CELLS, max_size=4))
def test_fast_csv_is_what_csv_writer_writes(header: list[str], rows: list[list[str]]) -> None:
    rows = [(r + [""] * len(header))[: len(header)] for r in rows]
    assert exchangeout._csv(header, rows) == exchangeout._csv_slow([header, *rows])
