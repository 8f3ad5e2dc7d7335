"""Liaisons: who to call for a matter, the registry, and a hand-over that keeps who served before."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from shenguan import catalog as cat
from shenguan import yamlio
from shenguan.errors import UsageError
from shenguan.validation.validate import validate
from shenguan.workflows import liaisons
from shenguan.workflows.edit import apply, snapshot
from tests.support.catalogs import BASE as CASES

FOOD = "000172013000"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CASES, tmp_path / "cat"))


def test_who_gives_both_sides_of_a_matter(base: Path) -> None:
    rows = liaisons.who(snapshot(base), FOOD)
    assert [(r["side"], r["section"], r["name"]) for r in rows] == [
        ("审批", "spj-scjr", "李审批"),
        ("监管", "scjgj-spjy", "陈经营"),
    ]
    assert (
        rows[0]["section_name"] == "区行政审批服务局 市场准入科"
        and rows[0]["office_phone"] == "029-86250111"
    )
    untracked = liaisons.who(snapshot(base), "000718003000")
    assert [r["name"] for r in untracked] == [None, None]
    with pytest.raises(UsageError, match="不存在"):
        liaisons.who(snapshot(base), "000199999000")


def test_list_shows_serving_liaisons_and_with_history_the_former_ones(base: Path) -> None:
    ctx = snapshot(base)
    serving = liaisons.listing(ctx, "spj")
    assert [(r["name"], r["serving"]) for r in serving] == [("李审批", True), ("赵社事", True)]
    everyone = liaisons.listing(ctx, "spj", history=True)
    assert [(r["name"], r["until"]) for r in everyone][0] == ("王前任", "2023-12-31")
    assert liaisons.mask("13900000002") == "139****0002"


def test_set_replaces_the_serving_liaison_and_keeps_history(base: Path) -> None:
    path = base / "liaisons/spj.yaml"
    before = path.read_bytes()
    (rel, replaced), written = apply(
        base, lambda tx: liaisons.assign(tx, "spj-scjr", "刘新任", "13900000009", "2026-12-01")
    )
    assert (rel, replaced, written) == ("liaisons/spj.yaml", ["李审批"], ["liaisons/spj.yaml"])
    after = path.read_bytes()
    lines = list(difflib.ndiff(before.decode().splitlines(), after.decode().splitlines()))
    assert [x for x in lines if x.startswith("- ")] == []
    assert [x[2:] for x in lines if x.startswith("+ ")] == [
        '    until: "2026-11-30"',
        "  - section: spj-scjr",
        "    name: 刘新任",
        '    mobile: "13900000009"',
        '    since: "2026-12-01"',
    ]
    assert lines.index('+     until: "2026-11-30"') == lines.index('      since: "2024-01-01"') + 1
    people = yamlio.load_bytes(after)["liaisons"]
    assert [p["name"] for p in people] == ["王前任", "李审批", "赵社事", "刘新任"]
    assert people[1]["until"] == "2026-11-30" and people[3] == {
        "section": "spj-scjr",
        "name": "刘新任",
        "mobile": "13900000009",
        "since": "2026-12-01",
    }
    assert validate(cat.WorkTree(base)).findings == []


def test_set_creates_the_department_file_when_missing(base: Path) -> None:
    (rel, replaced), _ = apply(
        base,
        lambda tx: liaisons.assign(
            tx, "wlj-scgl", "吴文化", "13900000031", office_phone="029-86250301"
        ),
    )
    data = yamlio.load_bytes((base / rel).read_bytes())
    assert rel == "liaisons/wlj.yaml" and replaced == []
    assert data == {
        "kind": "liaison",
        "id": "wlj",
        "department": "wlj",
        "liaisons": [
            {
                "section": "wlj-scgl",
                "name": "吴文化",
                "mobile": "13900000031",
                "office_phone": "029-86250301",
                "since": "2026-11-28",
            }
        ],
    }
    assert (base / rel).read_text(encoding="utf-8").startswith("# 审管联络员（个人信息，不得公开）")


def test_set_refuses_bad_input(base: Path) -> None:
    cases = [
        ("nobody", "张三", "13900000009", None, "科室 nobody 不存在"),
        ("spj-scjr", "张三", "1390000", None, "手机号"),
        ("spj-scjr", "张三", "13900000009", "2026-13-01", "不是有效日期"),
        ("spj-scjr", "李审批", "13900000002", "2026-12-01", "已是"),
        ("spj-scjr", "张三", "13900000009", "2023-06-01", "须晚于"),
    ]
    for section, name, mobile, since, message in cases:
        with pytest.raises(UsageError, match=message):
            apply(base, lambda tx: liaisons.assign(tx, section, name, mobile, since))


def test_mobiles_are_masked_unless_restricted_information_is_asked_for(base: Path) -> None:
    ctx = snapshot(base)
    assert [r["mobile"] for r in liaisons.who(ctx, FOOD)][0] == "139****0002"
    assert [r["mobile"] for r in liaisons.who(ctx, FOOD, show_restricted=True)][0] == "13900000002"
    # No serving liaison: the cell stays empty rather than showing a mask of nothing.
    assert [r["mobile"] for r in liaisons.who(ctx, "000718003000")] == [None, None]
    masked = liaisons.listing(ctx, "spj", history=True)
    assert masked and all(r["mobile"].count("****") == 1 for r in masked)
    full = liaisons.listing(ctx, "spj", history=True, show_restricted=True)
    assert "13900000002" in [r["mobile"] for r in full]
    assert "13900000002" not in str(masked)
