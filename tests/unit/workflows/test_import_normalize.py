"""Cells as real provincial exports hold them, read as the matter schema's values (or refused)."""

from __future__ import annotations

import datetime as dt

import pytest

from shenguan.workflows.exchange import normalize as n


def test_code_lists_take_labels_codes_and_the_variants_of_other_systems() -> None:
    assert n.code("1", n.TYPE, "事项类型") == "01"  # T3/SC strip the leading zero
    assert n.code(1, n.TYPE, "事项类型") == "01"
    assert n.code("行政许可", n.TYPE, "事项类型") == "01"
    assert n.code("公共服务", n.TYPE, "事项类型") == "20"
    assert n.code("镇（乡、街道）级", n.LEVEL, "行使层级") == "5"
    assert n.code("镇(乡、街道)级", n.LEVEL, "行使层级") == "5"
    assert n.code("法定本级行使", n.POWER_SOURCE, "权力来源") == "法定本级"
    assert n.code("受委托授权组织", n.NATURE, "实施主体性质") == "3"
    assert n.code("纸质版和电子版", n.MATERIAL_FORM, "材料形式") == "纸质/电子化"
    assert n.code("纸质+电子", n.MATERIAL_FORM, "材料形式") == "纸质/电子化"
    assert n.code("30", n.MATERIAL_SOURCE, "来源渠道") == "中介机构出具"
    assert n.code("99", n.RESULT_TYPE, "审批结果类型") == "无"
    assert n.code("出证办结", n.RESULT_TYPE, "审批结果类型") == "证照"
    assert n.code("W", n.TIME_UNIT, "时限单位") == "工作日"
    assert n.code("2", n.TIME_UNIT, "时限单位") == "工作日"


def test_an_unknown_label_is_refused_never_mapped_to_a_fallback() -> None:
    with pytest.raises(n.Refused, match="不是服务对象代码表中的值"):
        n.code("法人", n.SERVICE_OBJECT, "服务对象")  # 企业、事业还是社会组织法人？不猜
    with pytest.raises(n.Refused):
        n.code("实物类", n.MATERIAL_FORM, "材料形式")


def test_multi_values_split_on_every_separator_and_mobile_is_dropped_with_a_note() -> None:
    notes = n.Notes()
    got = n.codes_list(
        "窗口办理^网上办理、快递申请/移动端", n.HANDLING_FORM, "办理形式", notes, ignore=n.MOBILE
    )
    assert got == ["窗口办理", "网上办理", "快递申请"]
    assert "移动端办理地址" in notes.items[0]
    assert n.codes_list("1,2，9", n.SERVICE_OBJECT, "服务对象") == [
        "自然人",
        "企业法人",
        "其他组织",
    ]


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ("3个工作日", None, {"value": 3, "unit": "工作日"}),
        ("即办", None, {"value": 0, "unit": "工作日"}),
        (20, "工作日", {"value": 20, "unit": "工作日"}),
        (20.0, "1", {"value": 20, "unit": "自然日"}),
        ("三十个自然日", None, {"value": 30, "unit": "自然日"}),
    ],
)
def test_time_limits(cell: object, unit: object, expected: dict[str, object]) -> None:
    assert n.time_limit(cell, unit) == expected


def test_a_time_limit_in_plain_days_is_refused() -> None:
    with pytest.raises(n.Refused, match="分不清工作日还是自然日"):
        n.time_limit("20日")
    with pytest.raises(n.Refused, match="没有单位"):
        n.time_limit(20)


def test_visits_depth_flags() -> None:
    assert n.visits("0次") == 0 and n.visits(1) == 1 and n.visits("一次") == 1
    assert n.depth("全程网办（Ⅳ级）") == "Ⅳ" and n.depth("三级") == "Ⅲ" and n.depth("2") == "Ⅱ"
    with pytest.raises(n.Refused):
        n.depth("3^4^5^6")
    assert n.flag("支持") is True and n.flag("不收费") is False and n.flag(0) is False
    with pytest.raises(n.Refused):
        n.flag("2")


def test_none_words() -> None:
    assert all(n.is_none_word(w) for w in ("无", "不涉及", "暂无", "无。"))
    assert not n.is_none_word("无数量限制")


def test_legal_basis_text_is_split_into_law_doc_no_article_content() -> None:
    got = n.basis(
        "1.《中华人民共和国食品安全法》（中华人民共和国主席令第二十一号）第三十五条第一款：国家对食品生产经营实行许可制度。\n"
        "《食品经营许可管理办法》第二条：在中华人民共和国境内……"
    )
    assert got == [
        {
            "law": "中华人民共和国食品安全法",
            "doc_no": "中华人民共和国主席令第二十一号",
            "article": "第三十五条第一款",
            "content": "国家对食品生产经营实行许可制度。",
        },
        {"law": "食品经营许可管理办法", "article": "第二条", "content": "在中华人民共和国境内……"},
    ]
    assert n.basis("公共场所卫生管理条例第八条 除公园外……") == [
        {"law": "公共场所卫生管理条例", "article": "第八条", "content": "除公园外……"}
    ]
    entries = [{"law": "A法", "doc_no": "令第1号", "article": "第二条", "content": "内容"}]
    assert n.basis(n.basis_text(entries)) == entries
    with pytest.raises(n.Refused, match="条款号"):
        n.basis("《中华人民共和国行政许可法》")


def test_hostile_cells_are_refused_with_a_reason() -> None:
    with pytest.raises(n.Refused, match="公式"):
        n.text('=HYPERLINK("http://x","点击")')
    with pytest.raises(n.Refused, match="U\\+0007"):
        n.text("食品\x07经营")
    with pytest.raises(n.Refused, match="10000 个字符"):
        n.text("许" * 10000, n.NAME_MAX)
    assert n.text("许" * 10000) == "许" * 10000  # a long text field holds 20 000
    with pytest.raises(n.Refused, match="Excel 日期"):
        n.text(dt.datetime(2026, 3, 1))
    with pytest.raises(n.Refused, match="U\\+000A") as info:
        n.text("两\n行", n.NAME_MAX, multiline=False)
    assert "不能换行" in info.value.hint


def test_basic_codes_that_lost_their_leading_zeros_are_restored_only_where_certain() -> None:
    notes = n.Notes()
    assert n.basic_code(112001000, notes) == "000112001000"  # 9 digits: 000 + 01 type
    assert n.basic_code(2012009000, notes) == "002012009000"  # 10 digits: 00 + 20 type
    assert n.basic_code(611111005000.0, notes) == "611111005000"  # a number, nothing lost
    assert len(notes.items) == 2 and "已恢复为 000112001000" in notes.items[0]
    with pytest.raises(n.Refused):
        n.basic_code(12345678901)  # 11 digits cannot come from lost zeros (0 then 1–9 fits no code)
    with pytest.raises(n.Refused):
        n.basic_code(112001)
    with pytest.raises(n.Refused, match="15 位有效数字"):
        n.impl_code(1.16101e30)


def test_phone_in_text() -> None:
    notes = n.Notes()
    assert n.phone("咨询电话：029-86293032", notes) == "029-86293032"
    assert notes.items
    assert n.phone(12345) == "12345"
    with pytest.raises(n.Refused):
        n.phone("029-1111111 或 029-2222222")
