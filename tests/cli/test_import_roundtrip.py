"""Round trip (issue 15 item 3): `shenguan import` of `shenguan export exchange` into a new `shenguan
init` catalogue gives back every public field of every matter — department and section ids aside,
which the new catalogue assigns (they are compared through the departments' USCC)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shenguan.export.allow import allow_for
from shenguan.workflows import edit

REFS = ("department", "approving_department", "supervising_department", "with_department")
SECTIONS = ("section", "approving_section", "supervising_section")


def _by_uscc(root: Path) -> dict[str, str]:
    return {k: str(v.data.get("uscc")) for k, v in edit.snapshot(root).departments.items()}


def _section(value: str, depts: dict[str, str]) -> str:
    for dept in sorted(depts, key=len, reverse=True):
        if value.startswith(dept + "-"):
            return depts[dept] + value[len(dept) :]
    return value


def _norm(value: Any, depts: dict[str, str]) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in REFS and isinstance(v, str):
                out[k] = depts.get(v, v)
            elif k in SECTIONS and isinstance(v, str):
                out[k] = _section(v, depts)
            else:
                out[k] = _norm(v, depts)
        return out
    if isinstance(value, list):
        return [_norm(v, depts) for v in value]
    return value


def public_matters(root: Path) -> dict[str, Any]:
    allow = allow_for("matter", None)
    depts = _by_uscc(root)
    ctx = edit.snapshot(root)
    return {mid: _norm(allow.view(rec.data), depts) for mid, rec in ctx.matters.items()}


@pytest.mark.parametrize("fmt", ["xlsx", "json", "csv"])
def test_the_sample_catalogue_comes_back_with_every_public_field(
    cli: Any, sample: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / ("交换表" if fmt == "csv" else f"交换表.{fmt}")
    r = cli("export", "exchange", "--format", fmt, "-o", out, "-C", sample)
    assert r.code == 0, r.err
    fresh = tmp_path / "new"
    assert cli("init", fresh).code == 0
    inputs = sorted(out.glob("*.csv")) if fmt == "csv" else [out]
    r = cli("import", *inputs, "-C", fresh)
    assert r.code == 0, r.out + r.err
    want, got = public_matters(sample), public_matters(fresh)
    assert set(want) <= set(got)
    assert {k: got[k] for k in want} == want
    # and a second import changes nothing
    before = {p: p.read_bytes() for p in sorted(fresh.rglob("*.yaml"))}
    r = cli("import", *inputs, "-C", fresh, "--format", "json")
    summary = json.loads(r.out)["summary"]
    assert r.code == 0 and summary["changed"] == 0 and summary["new"] == 0
    assert summary["unchanged"] == len(want)
    assert {p: p.read_bytes() for p in sorted(fresh.rglob("*.yaml"))} == before


TEXT = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd"), max_codepoint=0x9FFF),
    min_size=1,
    max_size=20,
)


@st.composite
def matters(draw: Any) -> dict[str, Any]:
    seq = draw(st.integers(1, 999))
    kind = draw(st.sampled_from(["01", "07", "20"]))
    code = f"00{kind}{seq:07d}0"[:12]
    material = st.fixed_dictionaries(
        {
            "name": TEXT,
            "type": st.sampled_from(["证件证书证明", "申请表格文书", "其他"]),
            "source": st.sampled_from(["申请人自备", "政府部门核发", "中介机构出具", "其他"]),
            "necessity": st.sampled_from(["必要", "非必要", "容缺后补"]),
            "form": st.sampled_from(["纸质", "电子化", "纸质/电子化"]),
        },
        optional={"originals": st.integers(0, 5), "note": TEXT},
    )
    statutory = draw(st.integers(1, 60))
    return {
        "code": code,
        "name": draw(TEXT),
        "type": kind,
        "conditions": draw(TEXT),
        "basis": {
            "law": draw(TEXT),
            "article": f"第{draw(st.integers(1, 99))}条",
            "content": draw(TEXT),
        },
        "statutory": statutory,
        "promised": draw(st.integers(0, statutory)),
        "objects": draw(
            st.lists(
                st.sampled_from(["自然人", "企业法人", "其他组织"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        ),
        "materials": draw(st.lists(material, max_size=3, unique_by=lambda m: m["name"])),
        "faq": draw(st.lists(st.fixed_dictionaries({"q": TEXT, "a": TEXT}), max_size=2)),
        "depth": draw(st.sampled_from(["Ⅰ", "Ⅱ", "Ⅲ"])),
        "local": draw(
            st.none()
            | st.from_regex(r"SX-[A-Z]{2}-\d{4}", fullmatch=True)
            | st.from_regex(r"61\d{8}", fullmatch=True)
        ),
    }


def _record(m: dict[str, Any]) -> dict[str, Any]:
    uscc = "11610112MB0000004B"
    data: dict[str, Any] = {
        "kind": "matter",
        "id": m["code"],
        "name": m["name"],
        "type": m["type"],
        "level": "4",
        "implementation_code": f"{uscc}4{m['code']}",
        "implementing_body": {"department": "mzj", "nature": "1"},
        "power_source": "法定本级",
        "custody": {"approving_department": "mzj", "supervising_department": "mzj"},
        "legal_basis": {"setting": [m["basis"]]},
        "time_limit": {
            "statutory": {"value": m["statutory"], "unit": "工作日"},
            "promised": {"value": m["promised"], "unit": "工作日"},
        },
        "handling_type": "即办件" if m["promised"] == 0 else "承诺件",
        "conditions": m["conditions"],
        "fee": {"charged": False},
        "service_objects": m["objects"],
        "handling_forms": ["窗口办理", "网上办理"],
        "hall": {"in_hall": True},
        "online": {"depth": m["depth"], "site_visits": 1},
        "status": "在用",
    }
    if m["local"]:
        data["local_code"] = m["local"]
    if m["materials"]:
        data["materials"] = m["materials"]
    if m["faq"]:
        data["faq"] = m["faq"]
    return data


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(matter=matters())
def test_generated_matters_come_back(
    cli: Any, tmp_path_factory: Any, matter: dict[str, Any]
) -> None:
    from shenguan import yamlio

    base = tmp_path_factory.mktemp("rt")
    source, fresh = base / "source", base / "fresh"
    assert cli("init", source).code == 0
    record = _record(matter)
    (source / "matters" / f"{matter['code']}.yaml").write_text(
        yamlio.dump(record), encoding="utf-8"
    )
    out = base / "ex.json"
    r = cli("export", "exchange", "--format", "json", "-o", out, "-C", source)
    assert r.code == 0, r.err
    assert cli("init", fresh).code == 0
    r = cli("import", out, "-C", fresh)
    assert r.code == 0, r.out + r.err
    want, got = public_matters(source), public_matters(fresh)
    assert got[matter["code"]] == want[matter["code"]]
