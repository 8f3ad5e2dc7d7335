"""Transfer records: states, evidence, completion moving custody, and 二（二） suggestions per branch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shenguan import catalog as cat
from shenguan import yamlio
from shenguan.catalog import Record
from shenguan.errors import UsageError
from shenguan.validation.validate import validate
from shenguan.workflows import transfers
from shenguan.workflows.edit import EditRefused, apply, snapshot
from shenguan.workflows.undertaking import suggest
from tests.support.catalogs import BASE as CASES

SHOW = "000117004000"  # 营业性演出审批: 上级下放, undertaken by wlj
FOOD_PRODUCTION = "000172012000"  # 上级委托, entrusted and moved to spj
VENUE = "002017011000"  # 公共体育场馆开放预约: 法定本级, wlj
VACCINE = (
    "000718003000"  # 预防接种异常反应补偿: 法定本级, wjw (already pushing to spj by agreement)
)
TID = "hz-2026-wlj"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CASES, tmp_path / "cat"))


def load(root: Path, rel: str) -> dict:
    return yamlio.load_bytes((root / rel).read_bytes())


def open_record(
    root: Path, kind: str = "划转", code: str = VENUE, source: str | None = "wlj"
) -> str:
    rel, _ = apply(
        root,
        lambda tx: transfers.new(
            tx, kind, [code], "未审改办发〔2026〕7号", source, None, "2026-11-01"
        ),
    )
    return rel


def step(root: Path, tid: str, to: str, date: str, *evidence: str, **kw: str) -> transfers.Advance:
    return apply(root, lambda tx: transfers.advance(tx, tid, to, date, list(evidence), **kw))[0]


def test_new_opens_a_proposal(base: Path) -> None:
    rel = open_record(base)
    data = load(base, rel)
    assert rel == f"transfers/{TID}.yaml"
    assert (
        data["transfer_kind"],
        data["from_department"],
        data["to_department"],
        data["state"],
    ) == ("划转", "wlj", "spj", "提议")
    assert data["history"] == [{"state": "提议", "date": "2026-11-01"}]
    assert data["title"] == "区文旅局公共体育场馆开放预约划转区行政审批服务局"


def test_new_refuses_what_the_notice_does_not_allow(base: Path) -> None:
    cases = [
        ("转让", [VENUE], "wlj", "不支持的类型"),
        ("划转", [VENUE], "scjgj", "不是 scjgj"),
        ("委托", [VENUE], "wlj", "不能委托"),
        ("划转", ["000199999000"], "wlj", "不存在"),
        ("承接", [SHOW], None, "--to"),
    ]
    for kind, codes, source, message in cases:
        with pytest.raises(UsageError, match=message):
            apply(base, lambda tx: transfers.new(tx, kind, codes, "未审改办发〔2026〕7号", source))
    open_record(base)
    with pytest.raises(UsageError, match="进行中的记录"):
        open_record(base)


def test_states_advance_one_at_a_time_with_evidence(base: Path) -> None:
    open_record(base)
    with pytest.raises(UsageError, match="不能从“提议”推进到“合法性审查”") as wrong:
        step(base, TID, "合法性审查", "2026-11-02")
    assert wrong.value.hint == "下一步可推进到：已征求意见、已终止"
    step(base, TID, "已征求意见", "2026-11-02", "征求意见汇总|未审改办函〔2026〕2号|2026-11-02")
    with pytest.raises(UsageError, match="早于上一步"):
        step(base, TID, "合法性审查", "2026-11-01")
    with pytest.raises(UsageError, match="格式不对"):
        step(base, TID, "合法性审查", "2026-11-10", "a|b|c|d")
    step(base, TID, "合法性审查", "2026-11-10", "合法性审查意见书|未司审〔2026〕9号|2026-11-10")
    history = load(base, f"transfers/{TID}.yaml")["history"]
    assert history[-1] == {
        "state": "合法性审查",
        "date": "2026-11-10",
        "evidence": [
            {"title": "合法性审查意见书", "doc_no": "未司审〔2026〕9号", "date": "2026-11-10"}
        ],
    }
    step(base, TID, "已终止", "2026-11-12", note="暂缓划转")
    with pytest.raises(UsageError) as ended:
        step(base, TID, "已完成", "2026-11-20")
    assert "已结束" in ended.value.hint


def test_completion_moves_custody_in_the_same_change(base: Path) -> None:
    tid = "hz-2026-wjw"
    open_record(base, code=VACCINE, source="wjw")
    step(base, tid, "已征求意见", "2026-11-02")
    step(base, tid, "合法性审查", "2026-11-10")
    with pytest.raises(UsageError, match="多个审批科室"):
        step(base, tid, "已完成", "2026-11-20")
    done = step(base, tid, "已完成", "2026-11-20", section="spj-shsw")
    assert done.matters == [VACCINE]
    m = load(base, f"matters/{VACCINE}.yaml")
    assert m["custody"] == {
        "approving_department": "spj",
        "approving_section": "spj-shsw",
        "supervising_department": "wjw",
        "transfer": tid,
    }
    assert m["implementing_body"] == {"department": "spj", "nature": "1", "section": "spj-shsw"}
    assert m["implementation_code"] == "11610112MB2901234L4" + VACCINE
    assert m["adjustments"][-1] == {
        "date": "2026-11-20",
        "kind": "划转",
        "basis": "未审改办发〔2026〕7号",
        "note": f"{tid}：划转至区行政审批服务局",
    }
    record = load(base, f"transfers/{tid}.yaml")
    assert record["state"] == "已完成" and record["completed_date"] == "2026-11-20"
    assert validate(cat.WorkTree(base)).findings == []


def test_completing_a_transfer_that_breaks_clause_two_two_is_refused(base: Path) -> None:
    """Once the bureau holds wlj's approval power, wlj's delegated matter must follow (R407)."""
    (base / "agreements/wlj.yaml").write_text(
        (base / "agreements/wjw.yaml").read_text(encoding="utf-8").replace("wjw", "wlj"),
        encoding="utf-8",
    )
    open_record(base)
    step(base, TID, "已征求意见", "2026-11-02")
    step(base, TID, "合法性审查", "2026-11-10")
    with pytest.raises(EditRefused) as refused:
        step(base, TID, "已完成", "2026-11-20", section="spj-shsw")
    assert [(f.rule, f.file) for f in refused.value.findings] == [("R407", f"matters/{SHOW}.yaml")]


def test_completing_a_transferred_licence_needs_standard_push_and_liaisons(base: Path) -> None:
    rel = open_record(base, code=SHOW)
    step(base, TID, "已征求意见", "2026-11-02")
    step(base, TID, "合法性审查", "2026-11-10")
    before = {p: (base / p).read_bytes() for p in (rel, f"matters/{SHOW}.yaml")}
    with pytest.raises(EditRefused) as refused:
        step(base, TID, "已完成", "2026-11-20", section="spj-shsw")
    assert sorted(f.rule for f in refused.value.findings) == ["R408", "R410", "R411"]
    assert {p: (base / p).read_bytes() for p in before} == before


def test_entrustment_needs_consent_and_a_resigned_authorization(base: Path) -> None:
    assert transfers.next_states("委托", "合法性审查") == ["市级同意", "已终止"]
    assert transfers.next_states("划转", "合法性审查") == ["已完成", "已终止"]
    assert transfers.next_states("委托", "已完成") == []
    # the entrusted matter as it stood before its move: approved by scjgj itself
    rel = f"matters/{FOOD_PRODUCTION}.yaml"
    text = (base / rel).read_text(encoding="utf-8")
    (base / rel).write_text(
        text.replace(
            "approving_department: spj\n  approving_section: spj-scjr",
            "approving_department: scjgj\n  approving_section: scjgj-xzsp",
        ),
        encoding="utf-8",
    )
    tid = "wt-2026-scjgj"
    apply(
        base,
        lambda tx: transfers.new(
            tx, "委托", [FOOD_PRODUCTION], "市市场监管发〔2026〕1号", "scjgj", None, "2026-11-01"
        ),
    )
    assert load(base, f"transfers/{tid}.yaml")["origin"] == {
        "name": "西安市市场监督管理局",
        "level": "3",
    }
    for state, day in (("已征求意见", "2026-11-02"), ("合法性审查", "2026-11-03")):
        step(base, tid, state, day)
    with pytest.raises(UsageError, match="同意文件"):
        step(base, tid, "市级同意", "2026-11-04")
    step(
        base,
        tid,
        "市级同意",
        "2026-11-04",
        "同意调整委托实施机关的复函|市市场监管函〔2026〕3号|2026-11-04",
    )
    with pytest.raises(UsageError, match="有效期"):
        step(base, tid, "授权书重签", "2026-11-05", "委托授权书|市市场监管委〔2026〕2号|2026-11-05")
    step(
        base,
        tid,
        "授权书重签",
        "2026-11-05",
        "委托授权书|市市场监管委〔2026〕2号|2026-11-05",
        valid_until="2031-11-04",
    )
    ent = load(base, f"transfers/{tid}.yaml")["entrustment"]
    assert ent["consent"]["doc_no"] == "市市场监管函〔2026〕3号"
    assert ent["authorization"] == {
        "doc_no": "市市场监管委〔2026〕2号",
        "signed_date": "2026-11-05",
        "valid_until": "2031-11-04",
    }
    before = {(f.rule, f.file) for f in validate(cat.WorkTree(base)).findings}
    assert ("R403", rel) in before  # the completed 2022 record says spj approves: fixed by this one
    done = step(base, tid, "已完成", "2026-11-06", section="spj-scjr")
    assert done.matters == [FOOD_PRODUCTION]
    m = load(base, rel)
    assert m["custody"]["approving_department"] == "spj" and m["custody"]["transfer"] == tid
    assert m["adjustments"][-1]["kind"] == "委托"
    assert validate(cat.WorkTree(base)).findings == []


def test_suggest_delegated_matter_stays_with_the_counterpart(base: Path) -> None:
    s = suggest(snapshot(base), SHOW)
    assert (s.branch, s.department) == ("counterpart", "wlj")
    assert (
        "尚未接收区文旅局的区级审批权" in s.reasons[0] and "一致" in s.reasons[1] and s.steps == []
    )


def test_suggest_delegated_matter_goes_to_the_bureau_once_it_holds_the_power(base: Path) -> None:
    ctx = snapshot(base)
    ctx.transfers[TID] = completed_from(ctx, "wlj")
    s = suggest(ctx, SHOW)
    assert (s.branch, s.department) == ("bureau", "spj")
    assert TID in s.reasons[0] and "不一致" in s.reasons[1]
    assert s.steps[0].startswith(
        f"建立记录：shenguan transfer new --kind 承接 --matter {SHOW} --to spj"
    )
    assert not any("授权书" in x for x in s.steps)


def completed_from(ctx: object, dept: str) -> Record:
    return Record(
        f"transfers/{TID}.yaml",
        "transfer",
        {"id": TID, "transfer_kind": "划转", "state": "已完成", "from_department": dept},
    )


def test_suggest_entrusted_matter_needs_municipal_consent(base: Path) -> None:
    ctx = snapshot(base)
    s = suggest(ctx, FOOD_PRODUCTION)
    assert (
        (s.branch, s.department) == ("bureau", "spj")
        and "hz-scjgj-2021" in s.reasons[0]
        and s.steps == []
    )
    s = suggest(ctx, FOOD_PRODUCTION, counterpart="wlj")
    assert (s.branch, s.department) == ("counterpart", "wlj")
    ctx.matters[FOOD_PRODUCTION].data["custody"]["approving_department"] = "wlj"
    ctx.transfers[TID] = completed_from(ctx, "wlj")
    s = suggest(ctx, FOOD_PRODUCTION, counterpart="wlj")
    assert (
        s.department == "spj"
        and any("市级同意" in x for x in s.steps)
        and any("授权书重签" in x for x in s.steps)
    )


def test_suggest_does_not_apply_to_matters_of_this_level(base: Path) -> None:
    s = suggest(snapshot(base), VENUE)
    assert (s.branch, s.department) == ("not-applicable", None) and "法定本级" in s.reasons[0]
    with pytest.raises(UsageError, match="无法确定事项"):
        suggest(snapshot(base), SHOW, counterpart="nobody")


def test_show_gives_the_record_its_next_states_and_its_matters_names(base: Path) -> None:
    done = transfers.show(snapshot(base), "hz-wjw-2021")
    assert (done.record["state"], done.next_states) == ("已完成", [])
    assert done.names == {"000118008000": "医疗机构执业登记"}
    open_record(base)
    (base / f"matters/{VENUE}.yaml").unlink()
    proposed = transfers.show(snapshot(base), TID)
    assert proposed.next_states == ["已征求意见", "已终止"]
    assert proposed.names == {VENUE: "（不存在）"}
    with pytest.raises(UsageError, match="不存在"):
        transfers.show(snapshot(base), "hz-none")
