"""`value: 3.0` in an integer field is refused (issue 13 item 7); JSON Schema alone lets it pass."""

from __future__ import annotations

import json
from pathlib import Path

from shenguan.validation.schemas import check
from tests.support.files import edit


def test_a_whole_float_in_an_integer_field_is_s003(cli, base: Path) -> None:
    edit(base / "matters" / "000172013000.yaml", "    value: 20\n", "    value: 20.0\n")
    r = cli("validate", "-C", base, "-f", "json")
    assert r.code == 1, r.err
    found = [f for f in json.loads(r.out)["findings"] if f["rule"] == "S003"]
    assert [(f["file"], f["line"]) for f in found] == [("matters/000172013000.yaml", 30)]
    assert "应为整数" in found[0]["message"] and "去掉小数点" in found[0]["hint"]


def test_floats_where_no_integer_is_wanted_are_left_to_the_schema() -> None:
    issues = check("matter", {"time_limit": {"statutory": {"value": 2.5}}})
    floats = [i for i in issues if i.pointer == "/time_limit/statutory/value" and i.rule == "S003"]
    assert len(floats) == 1 and "去掉小数点" not in floats[0].hint  # 2.5 is jsonschema's own S003
