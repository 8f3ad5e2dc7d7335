"""The sign-off chain on its own: append-only base history, linear additions, replays and forks."""

from __future__ import annotations

from typing import Any

from shenguan.review.chain import link
from shenguan.review.record import Signoff, parse, render


def signoff(
    name: str,
    previous: Signoff | None = None,
    time: str = "2026-11-01T10:00:00+08:00",
    decision: str = "通过",
) -> Signoff:
    data: dict[str, Any] = {
        "kind": "review",
        "id": name,
        "reviewer": "zhang-wei",
        "organisation": "示例区司法局",
        "decision": decision,
        "time": time,
        "namespace": "shenguan-review@1",
        "covered": [{"path": "matters/000700101000.yaml", "digest": "deleted"}],
    }
    if previous:
        data["previous"] = previous.digest
    return Signoff(f"reviews/{name}.yaml", data, b"sig")


def by_path(*records: Signoff) -> dict[str, Signoff]:
    return {r.path: r for r in records}


def test_additions_continue_the_base_tip_in_order() -> None:
    g = signoff("r-g")
    a = signoff("r-a", g)
    b = signoff("r-b", a)
    chain = link(by_path(g), by_path(g, b, a))
    assert chain.tip is g and [r.id for r in chain.order] == ["r-a", "r-b"]
    assert not chain.broken and not chain.problems


def test_the_first_record_of_an_empty_catalogue_has_no_previous() -> None:
    a = signoff("r-a")
    assert [r.id for r in link({}, by_path(a)).order] == ["r-a"]


def test_an_old_approval_replayed_after_a_rejection_is_off_the_chain() -> None:
    g = signoff("r-g")
    approval = signoff("r-approve", g)  # signed on a branch that never landed
    rejection = signoff("r-reject", g, decision="不通过")  # landed on the base
    chain = link(by_path(g, rejection), by_path(g, rejection, approval))
    assert chain.tip is rejection and chain.order == []
    assert "重放" in chain.broken["reviews/r-approve.yaml"]


def test_two_additions_after_the_same_record_are_a_fork() -> None:
    g = signoff("r-g")
    a, b = signoff("r-a", g), signoff("r-b", g, time="2026-11-02T10:00:00+08:00")
    chain = link(by_path(g), by_path(g, a, b))
    assert chain.order == [] and set(chain.broken) == {a.path, b.path}
    assert "分叉" in chain.broken[a.path]


def test_a_missing_or_unknown_previous_is_off_the_chain() -> None:
    g = signoff("r-g")
    orphan = signoff("r-o")
    stray = signoff("r-s", signoff("r-elsewhere"))
    chain = link(by_path(g), by_path(g, orphan, stray))
    assert "缺少" in chain.broken[orphan.path] and "找不到" in chain.broken[stray.path]


def test_base_records_may_not_be_deleted_or_changed() -> None:
    g = signoff("r-g")
    h = signoff("r-h", g)
    changed = Signoff(h.path, {**(h.data or {}), "decision": "不通过"}, b"sig")
    assert any("被删除" in p for p in link(by_path(g, h), by_path(h)).problems)
    assert any("被修改" in p for p in link(by_path(g, h), by_path(g, changed)).problems)


def test_a_forked_base_is_a_warning_and_the_newest_tip_continues() -> None:
    g = signoff("r-g")
    early, late = signoff("r-early", g), signoff("r-late", g, time="2026-11-05T10:00:00+08:00")
    nxt = signoff("r-next", late)
    chain = link(by_path(g, early, late), by_path(g, early, late, nxt))
    assert chain.tip is late and chain.warnings and [r.id for r in chain.order] == ["r-next"]


def test_the_stored_yaml_loads_back_to_the_signed_data() -> None:
    record = signoff("r-a", signoff("r-g"))
    assert record.data is not None
    record.data["opinion"] = "第一行\n第二行：“引号” 'single' #号 0012 yes 9:00 2024-01-05"
    again = parse(record.path, render(record.data, "sign"), b"sig")
    assert again.data == record.data and again.problem == ""


def test_a_record_whose_id_is_not_its_file_name_is_unusable() -> None:
    record = signoff("r-a")
    assert record.data is not None
    moved = parse("reviews/r-b.yaml", render(record.data, "sign"), b"sig")
    assert "不一致" in moved.problem
