"""`shenguan import` on files written here as provincial exports are laid out: a title row and merged
headings, materials as repeated rows or on their own sheet, GBK CSV, legacy .xls, hostile cells."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.support.files import files

USCC = "11610112MB0000004B"  # 示例区民政局 of the init template
CODE = "000112001000"
TASK = f"{USCC}4{CODE}"
MATTER = f"matters/{CODE}.yaml"
HEAD = [
    "事项名称",
    "基本编码",
    "实施编码",
    "事项类型",
    "实施主体",
    "实施主体编码",
    "实施主体性质",
    "权力来源",
    "设定依据",
    "法定时限",
    "承诺时限",
    "办件类型",
    "是否收费",
    "服务对象",
    "办理形式",
    "到现场次数",
    "网上办理深度",
    "网办地址",
    "是否进驻政务大厅",
    "审批结果名称",
    "审批结果类型",
    "咨询电话",
    "投诉电话",
    "受理条件",
]
ROW = [
    "食品经营许可",
    CODE,
    TASK,
    "行政许可",
    "示例区民政局",
    USCC,
    "法定机关",
    "法定本级行使",
    "《中华人民共和国食品安全法》（主席令第二十一号）第三十五条：国家对食品生产经营实行许可制度。",
    "20个工作日",
    "即办",
    "即办",
    "否",
    "企业法人^自然人",
    "窗口办理、网上办理",
    "0次",
    "全程网办（Ⅳ级）",
    "https://zwfw.example.gov.cn/x",
    "是",
    "食品经营许可证",
    "证照",
    "029-86293032",
    "12345",
    "有与经营相适应的场所",
]
MAT_HEAD = ["材料名称", "材料类型", "来源渠道", "材料必要性", "材料形式"]
MATS = [
    ["申请书", "申请表格文书", "申请人自备", "必要", "纸质"],
    ["营业执照", "证件证书证明", "政府部门核发", "必要", "电子化"],
]


@pytest.fixture
def fresh(cli: Any, tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    assert cli("init", root).code == 0
    return root


def _xlsx(path: Path, sheets: dict[str, list[list[Any]]], title: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        if title:
            ws.append([title])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_a_provincial_workbook_with_a_title_row_and_repeated_material_rows(
    cli: Any, fresh: Path, tmp_path: Path
) -> None:
    book = _xlsx(
        tmp_path / "实施清单.xlsx",
        {"实施清单": [HEAD + MAT_HEAD, ROW + MATS[0], ROW + MATS[1]]},
        title="示例区政务服务事项实施清单（2026年）",
    )
    before = files(fresh)
    r = cli("import", book, "--dry-run", "-C", fresh)
    assert r.code == 0, r.out + r.err
    assert "新增事项（1）" in r.out and "预演" in r.err
    assert files(fresh) == before  # --dry-run writes nothing
    r = cli("import", book, "-C", fresh)
    assert r.code == 0, r.out + r.err
    text = (fresh / MATTER).read_text(encoding="utf-8")
    assert "name: 食品经营许可" in text and "depth: Ⅳ" in text and "power_source: 法定本级" in text
    assert "- name: 申请书" in text and "- name: 营业执照" in text
    assert "law: 中华人民共和国食品安全法" in text and "article: 第三十五条" in text
    assert "approving_department: mzj" in text  # the department found by its USCC
    # a second import of the same file changes nothing
    after = files(fresh)
    r = cli("import", book, "-C", fresh)
    assert r.code == 0 and "未变事项（1）" in r.out
    assert files(fresh) == after
    assert cli("validate", "-C", fresh).code in (0, 1)


def test_merged_headings_over_sub_headings_and_materials_on_their_own_sheet(
    cli: Any, fresh: Path, tmp_path: Path
) -> None:
    path = tmp_path / "两级表头.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事项"
    head = [h for h in HEAD if h not in ("法定时限",)]
    row = [v for h, v in zip(HEAD, ROW) if h != "法定时限"]
    ws.append(head[:9] + ["法定办结时限", None] + head[9:])
    ws.append([None] * 9 + ["时限", "单位"] + [None] * (len(head) - 9))
    for c in [*range(1, 10), *range(12, len(head) + 3)]:
        ws.merge_cells(start_row=1, start_column=c, end_row=2, end_column=c)
    ws.merge_cells(start_row=1, start_column=10, end_row=1, end_column=11)
    ws.append(row[:9] + [20, "工作日"] + row[9:])
    mats = wb.create_sheet("申请材料")
    mats.append(["实施编码", *MAT_HEAD])
    for m in MATS:
        mats.append([TASK, *m])
    wb.save(path)
    r = cli("import", path, "-C", fresh)
    assert r.code == 0, r.out + r.err
    text = (fresh / MATTER).read_text(encoding="utf-8")
    assert "statutory:\n    value: 20\n    unit: 工作日" in text
    assert text.count("  - name: ") >= 2


def test_gbk_csv(cli: Any, fresh: Path, tmp_path: Path) -> None:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEAD)
    w.writerow(ROW)
    path = tmp_path / "清单.csv"
    path.write_bytes(buf.getvalue().encode("gbk"))
    r = cli("import", path, "-C", fresh, "--format", "json")
    doc = json.loads(r.out)
    assert r.code == 0 and doc["status"] == "ok" and doc["summary"]["new"] == 1, r.out


def test_a_control_character_in_a_csv_cell_is_refused(
    cli: Any, fresh: Path, tmp_path: Path
) -> None:
    row = list(ROW)
    row[23] = "条件\x07"
    path = tmp_path / "控制字符.csv"
    path.write_text(",".join(HEAD) + "\n" + ",".join(row) + "\n", encoding="utf-8-sig")
    r = cli("import", path, "-C", fresh)
    assert r.code == 1 and "第 2 行 X 列（受理条件）" in r.out and "U+0007" in r.out
    assert not (fresh / MATTER).exists()


def test_legacy_xls(cli: Any, fresh: Path, tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("sheet1")
    for c, v in enumerate(HEAD):
        ws.write(0, c, v)
    for c, v in enumerate(ROW):
        ws.write(1, c, int(v) if c == 1 else v)  # 基本编码 typed as a number: 112001000
    path = tmp_path / "清单.xls"
    wb.save(str(path))
    r = cli("import", path, "-C", fresh)
    assert r.code == 0, r.out + r.err
    assert "已恢复为 000112001000" in r.out
    assert (fresh / MATTER).is_file()


def test_hostile_cells_stop_the_import_naming_sheet_row_and_column(
    cli: Any, fresh: Path, tmp_path: Path
) -> None:
    bad = list(ROW)
    bad[0] = '=HYPERLINK("http://evil.example","食品经营许可")'
    other = list(ROW)
    other[1], other[2] = "000112002000", f"{USCC}4000112002000"
    other[9] = dt.datetime(2026, 3, 1)  # 3-1 turned into a date by Excel
    third = list(ROW)
    third[1], third[2] = "000112003000", f"{USCC}4000112003000"
    third[0] = "许" * 10000  # a 10 000-character name
    book = _xlsx(tmp_path / "坏.xlsx", {"清单": [HEAD, bad, other, third]})
    wb = openpyxl.load_workbook(book)
    ws = wb["清单"]
    ws.append(list(ROW[:1]) + ["000112004000", f"{USCC}4000112004000"] + ROW[3:])
    ws["A5"] = "=1+1"
    wb.save(book)
    before = files(fresh)
    r = cli("import", book, "-C", fresh, "--format", "json")
    assert r.code == 1
    doc = json.loads(r.out)
    assert doc["status"] == "refused"
    where = {(x["row"], x["column"]) for x in doc["rejected"]}
    assert {(2, "A"), (3, "J"), (4, "A"), (5, "A")} <= where, doc["rejected"]
    reasons = " ".join(x["reason"] for x in doc["rejected"])
    assert "公式" in reasons and "Excel 日期" in reasons and "10000 个字符" in reasons
    assert files(fresh) == before  # nothing written
    # --skip-bad-rows imports nothing of the bad rows' matters, and says so
    r = cli("import", book, "-C", fresh, "--skip-bad-rows")
    assert r.code == 0, r.out + r.err
    assert files(fresh) == before


def test_skip_bad_rows_leaves_out_the_whole_matter_of_a_bad_material_row(
    cli: Any, fresh: Path, tmp_path: Path
) -> None:
    other = list(ROW)
    other[1], other[2] = "000112002000", f"{USCC}4000112002000"
    bad_material = ["坏材料", "原件", "申请人自备", "必要", "纸质"]  # 原件 is no 材料类型
    book = _xlsx(
        tmp_path / "材料.xlsx",
        {"清单": [HEAD + MAT_HEAD, ROW + MATS[0], ROW + bad_material, other + MATS[1]]},
    )
    r = cli("import", book, "-C", fresh, "--skip-bad-rows", "--format", "json")
    doc = json.loads(r.out)
    assert r.code == 0, r.out
    assert [e["id"] for e in doc["new"]] == ["000112002000"]
    assert doc["skipped"] == [CODE]
    assert [(x["row"], x["column"]) for x in doc["rejected"]] == [(3, "Z")]
    assert not (fresh / MATTER).exists()


def test_a_changed_field_is_reported_in_chinese_and_comments_stay(
    cli: Any, fresh: Path, tmp_path: Path
) -> None:
    book = _xlsx(tmp_path / "a.xlsx", {"清单": [HEAD, ROW]})
    assert cli("import", book, "-C", fresh).code == 0
    path = fresh / MATTER
    path.write_text(
        path.read_text(encoding="utf-8").replace("kind: matter", "# 手写的注释\nkind: matter"),
        encoding="utf-8",
    )
    changed = list(ROW)
    changed[10] = "3个工作日"
    changed[11] = "承诺件"
    book2 = _xlsx(tmp_path / "b.xlsx", {"清单": [HEAD, changed]})
    r = cli("import", book2, "-C", fresh)
    assert r.code == 0, r.out + r.err
    assert "承诺办结时限 · 时限数值" in r.out and "办件类型" in r.out
    text = path.read_text(encoding="utf-8")
    assert "# 手写的注释" in text and "handling_type: 承诺件" in text


def test_unreadable_inputs_name_the_file(cli: Any, fresh: Path, tmp_path: Path) -> None:
    r = cli("import", tmp_path / "无.xlsx", "-C", fresh)
    assert r.code == 2 and "文件不存在" in r.err
    junk = tmp_path / "坏.xlsx"
    junk.write_bytes(b"not a zip")
    r = cli("import", junk, "-C", fresh)
    assert r.code == 3 and "坏.xlsx" in r.err
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  权力名称: 不存在的表头\n", encoding="utf-8")
    book = _xlsx(tmp_path / "a.xlsx", {"清单": [HEAD, ROW]})
    r = cli("import", book, "--mapping", mapping, "-C", fresh)
    assert r.code == 2 and "不存在的表头" in r.err


def test_mapping_file_covers_a_provinces_own_wording(cli: Any, fresh: Path, tmp_path: Path) -> None:
    head = ["权力事项名"] + HEAD[1:]
    row = list(ROW)
    row[13] = "企业"
    book = _xlsx(tmp_path / "省.xlsx", {"清单": [head, row]})
    mapping = tmp_path / "映射.yaml"
    mapping.write_text(
        "columns:\n  权力事项名: 事项名称\nvalues:\n  服务对象:\n    企业: 企业法人\n",
        encoding="utf-8",
    )
    r = cli("import", book, "--mapping", mapping, "-C", fresh)
    assert r.code == 0, r.out + r.err
    text = (fresh / MATTER).read_text(encoding="utf-8")
    assert "name: 食品经营许可" in text and "企业法人" in text
