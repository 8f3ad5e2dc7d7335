"""Policy impact: which matters and standards cite a law, matched by name and by article number."""

from __future__ import annotations

import pytest

from shenguan.errors import UsageError
from shenguan.workflows.edit import snapshot
from shenguan.workflows.impact import article_key, impact, zh_number
from tests.support.catalogs import BASE as CASES


@pytest.mark.parametrize(
    "n, text",
    [
        (1, "一"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (35, "三十五"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (135, "一百三十五"),
        (1010, "一千零一十"),
        (1260, "一千二百六十"),
    ],
)
def test_articles_are_numbered_as_chinese_law_numbers_them(n: int, text: str) -> None:
    assert zh_number(n) == text


def test_article_forms_are_the_same_article() -> None:
    assert (
        article_key("35")
        == article_key("第35条")
        == article_key("第三十五条")
        == article_key("三十五")
        == "第三十五条"
    )
    with pytest.raises(UsageError):
        article_key("第条")


def test_impact_lists_matters_and_standards_citing_a_law() -> None:
    rows = impact(snapshot(CASES), "《食品安全法》")
    assert {(r["kind"], r["id"]) for r in rows} >= {
        ("事项", "000172013000"),
        ("事项", "000172012000"),
        ("审批标准", "scjgj-sp"),
    }
    food = next(r for r in rows if r["id"] == "000172013000" and r["where"] == "设定依据")
    assert (food["article"], food["department"], food["approving"]) == (
        "第三十五条",
        "scjgj",
        "spj",
    )
    standard = next(r for r in rows if r["kind"] == "审批标准" and r["status"].startswith("已发布"))
    assert standard["path"] == "standards/scjgj-sp/v1.yaml" and standard["status"] == "已发布 第1版"


def test_impact_filters_by_article_and_finds_nothing_for_other_laws() -> None:
    ctx = snapshot(CASES)
    assert {r["id"] for r in impact(ctx, "食品安全法", "35")} == {
        r["id"] for r in impact(ctx, "食品安全法", "第三十五条")
    }
    assert impact(ctx, "食品安全法", "第一百三十五条") == []
    assert impact(ctx, "不存在的法") == []
    with pytest.raises(UsageError):
        impact(ctx, "《》")
