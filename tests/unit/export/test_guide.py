"""Service guides: the §30 content from public fields only, in Markdown and HTML, one or all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shenguan.errors import UsageError
from shenguan.export import core
from shenguan.export.guide import Sources, build, find
from shenguan.render import guideout
from tests.support.catalogs import BASE

# 行政许可法第三十条: what a guide must show, as the labels the guide uses.
REQUIRED = (
    "事项名称",
    "设定依据",
    "实施依据",
    "受理条件",
    "申请材料",
    "办理流程",
    "法定办结时限",
    "承诺办结时限",
    "是否收费",
    "办理地点",
    "办理时间",
    "咨询电话",
    "监督电话",
    "网办地址",
    "到办事现场次数",
)


@pytest.fixture
def catalog(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    text = (root / "matters/000172013000.yaml").read_text(encoding="utf-8")
    text = text.replace("status: 在用", "internal_note: 内部金丝雀备注\nstatus: 在用")
    text = text.replace("conditions: 有与经营", "conditions: <script>alert(1)</script>有与经营")
    (root / "matters/000172013000.yaml").write_text(text, encoding="utf-8")
    (root / "liaisons/spj.yaml").write_text(
        (root / "liaisons/spj.yaml").read_text(encoding="utf-8").replace("李审批", "金丝雀联络员"),
        encoding="utf-8",
    )
    return core.load(root, use_cache=False)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_guide_shows_what_article_30_requires_and_nothing_internal(catalog, fmt: str) -> None:  # type: ignore[no-untyped-def]
    text = guideout.one(catalog, "000172013000", fmt).decode()
    missing = [label for label in REQUIRED if label not in text]
    assert missing == []
    assert (
        "食品经营许可 办事指南" in text
        and "《中华人民共和国食品安全法》" in text
        and "第三十五条" in text
    )
    assert (
        "西安市未央区凤城八路 109 号" in text
    )  # the hall's address for a matter handled in the hall
    for hidden in ("内部金丝雀备注", "金丝雀联络员", "hz-scjgj-2021", "scjgj-spjy"):
        assert hidden not in text
    assert "<script>alert" not in text


def test_guide_sections_come_in_a_fixed_order(catalog) -> None:  # type: ignore[no-untyped-def]
    g = build(Sources(catalog), find(catalog, "000172013000"))
    titles = [s.title for s in g.sections]
    assert titles[:6] == [
        "基本信息",
        "设定和实施依据",
        "受理条件",
        "数量限制",
        "申请材料",
        "办理流程",
    ]
    assert "适用审批标准" in titles and "常见问题" in titles
    standard = next(s for s in g.sections if s.title == "适用审批标准")
    assert standard.pairs == [
        ("审批标准", "食品经营与生产许可审批标准（第 1 版，2021-04-01 起施行）")
    ]


def test_unknown_code_is_a_usage_error(catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as err:
        guideout.one(catalog, "999999999999", "md")
    assert "找不到事项 999999999999" in err.value.message


def test_all_guides_with_an_index_and_progress(catalog) -> None:  # type: ignore[no-untyped-def]
    ticks: list[tuple[int, int]] = []
    files = guideout.every(catalog, "html", tick=lambda done, total: ticks.append((done, total)))
    assert sorted(files) == sorted(
        [
            f"{c}.html"
            for c in (
                "000117004000",
                "000118008000",
                "000172012000",
                "000172013000",
                "000718003000",
                "002000618000",
                "002017011000",
            )
        ]
        + ["index.html"]
    )
    assert ticks[-1] == (7, 7)
    index = files["index.html"].decode()
    assert 'href="000172013000.html"' in index and "未央区办事指南目录" in index
    md = guideout.every(catalog, "md")
    assert "README.md" in md and "(000172013000.md)" in md["README.md"].decode()
    assert guideout.every(catalog, "md") == md  # reproducible


def test_guide_shows_the_v2_elements_of_the_sample() -> None:
    from tests.support.catalogs import SAMPLE

    sample = core.load(SAMPLE, use_cache=False)
    food = build(Sources(sample), find(sample, "000111001000"))
    by_title = {s.title: s for s in food.sections}
    assert ["申请人本人办理", "委托代理人办理"] == [r[0] for r in by_title["办理情形"].rows]
    assert by_title["救济途径"].rows[0][:2] == ["行政复议", "西安市未央区人民政府"]
    assert ("有效期", "5 年") in by_title["办理结果"].pairs
    assert ("结果样本", "https://zwfw.shaanxi.gov.cn/xa/wyq/bszn/000111001000/jgyb.pdf") in (
        by_title["办理结果"].links
    )
    assert "移动端办理地址" in [label for label, _ in by_title["网上办理"].links]
    # the 注销 item has its own materials; the 新办 item inherits the matter's time limits
    assert "食品经营许可（注销）：申请材料" in by_title
    items = by_title["业务办理项"].rows
    assert items[0][3].startswith("10 个工作日") and items[3][4] == "即办"
    fire = build(Sources(sample), find(sample, "000116003000"))
    inter = next(s for s in fire.sections if s.title == "中介服务")
    assert ("是否涉及中介服务", "是") in inter.pairs and ("是否收费", "是") in inter.pairs
    fine = build(Sources(sample), find(sample, "000211010000"))
    punish = next(s for s in fine.sections if s.title == "处罚的行为、种类、幅度")
    assert ("处罚种类", "没收违法所得、没收非法财物、罚款") in punish.pairs
