"""The record renderers of `matter`, `liaison`, `transfer show` and `impact`: catalogue text is
printed as it is (never read as markup), totals go to stderr, JSON goes through the envelope."""

from __future__ import annotations

import json

import pytest

from shenguan.cli.common import show
from shenguan.render import records
from shenguan.render.envelope import SCHEMA_VERSION
from shenguan.workflows.transfers import Shown

MARKUP = "[bold red]营业执照[/bold red]"
MATTER = {
    "code": "000172013000",
    "name": MARKUP,
    "type": "行政许可",
    "approving": "spj",
    "supervising": "scjgj",
    "status": "在用",
    "transferred": True,
}


def test_matter_list_prints_cells_literally_and_the_total_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    show("matter list", "text", [MATTER])
    out, err = capsys.readouterr()
    assert MARKUP in out and "营业执照" in out and "划转" in out
    assert err == "共 1 项。\n"


def test_json_documents_carry_the_command_and_the_envelope(
    capsys: pytest.CaptureFixture[str],
) -> None:
    show("matter list", "json", [MATTER])
    doc = json.loads(capsys.readouterr().out)
    assert doc == {
        "schema_version": SCHEMA_VERSION,
        "command": "matter list",
        "status": "ok",
        "items": [MATTER],
    }
    rows = [("/name", "事项名称", MARKUP)]
    assert records.matter_show_json("000172013000", rows)["fields"] == [
        {"pointer": "/name", "label": "事项名称", "value": MARKUP}
    ]
    assert list(records.impact_json("食品安全法", None, [])) == [
        "schema_version",
        "command",
        "status",
        "law",
        "article",
        "items",
    ]


def test_transfer_show_lists_matters_next_states_and_evidence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = {
        "id": "hz-2026-wlj",
        "state": "已完成",
        "matters": ["002017011000"],
        "history": [
            {
                "state": "合法性审查",
                "date": "2026-11-25",
                "evidence": [{"title": "意见书", "doc_no": "未司审〔2026〕21号"}],
            }
        ],
    }
    view = Shown(record, [], {"002017011000": "公共体育场馆开放预约"})
    show("transfer show", "text", view)
    out = capsys.readouterr().out
    assert "002017011000 公共体育场馆开放预约" in out and "（已结束）" in out
    assert "意见书｜未司审〔2026〕21号" in out
    show("transfer show", "json", view)
    doc = json.loads(capsys.readouterr().out)
    assert (doc["command"], doc["next_states"], doc["record"]) == ("transfer show", [], record)
    assert "names" not in doc
