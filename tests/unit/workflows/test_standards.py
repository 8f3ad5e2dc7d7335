"""Approval standards: draft, check, publish (frozen, digest, matters updated), render, list, R412."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shenguan import catalog as cat
from shenguan import yamlio
from shenguan.errors import GateError, UsageError
from shenguan.render import standard as standards_render
from shenguan.validation.validate import validate
from shenguan.workflows import standards
from shenguan.workflows.edit import apply, snapshot
from shenguan.yamlio.digests import standard_digest
from tests.support.catalogs import BASE as CASES
from tests.support.files import files

SHOW = "000117004000"  # 营业性演出审批, approved and supervised by wlj
SID = "wlj-yc"
DRAFT = f"standards/{SID}/draft.yaml"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CASES, tmp_path / "cat"))


def drafted(root: Path) -> Path:
    apply(root, lambda tx: standards.new(tx, [SHOW], SID))
    path = root / DRAFT
    path.write_text(
        path.read_text(encoding="utf-8").replace("（待补充）请写明", "依法办理"), encoding="utf-8"
    )
    return path


def test_new_prefills_the_five_stages_from_the_matter(base: Path) -> None:
    rel, written = apply(base, lambda tx: standards.new(tx, [SHOW], SID))
    assert rel == DRAFT and written == [DRAFT]
    data = yamlio.load_bytes((base / DRAFT).read_bytes())
    assert data["department"] == "wlj" and data["status"] == "草稿" and data["matters"] == [SHOW]
    assert list(data["stages"]) == ["受理", "审查", "决定", "颁证", "送达"]
    assert data["title"] == "营业性演出审批标准"
    assert data["legal_basis"][0]["law"] == "营业性演出管理条例"
    assert validate(cat.WorkTree(base)).findings == []


def test_new_uses_process_descriptions_and_consultation_flags(base: Path) -> None:
    matter = base / "matters/000118008000.yaml"
    text = matter.read_text(encoding="utf-8")
    matter.write_text(
        text.replace(
            "  - stage: 受理\n", "  - stage: 受理\n    description: 核对设置审批文件。\n", 1
        ),
        encoding="utf-8",
    )
    apply(base, lambda tx: standards.new(tx, ["000118008000"], "wjw-new"))
    data = yamlio.load_bytes((base / "standards/wjw-new/draft.yaml").read_bytes())
    assert data["stages"]["受理"]["requirements"] == ["核对设置审批文件。"]
    assert (
        data["consultation"]["required"] is True
        and data["consultation"]["with_department"] == "wjw"
    )


def test_new_refuses_unknown_matters_ids_and_existing_standards(base: Path) -> None:
    for codes, sid, message in (
        [["000199999000"], None, "不存在"],
        [[SHOW], "Bad_Id", "不合规"],
        [["000172013000"], "scjgj-sp", "已存在"],
    ):
        with pytest.raises(UsageError, match=message):
            apply(base, lambda tx: standards.new(tx, codes, sid))


def test_check_reports_placeholders_time_limits_and_department(base: Path) -> None:
    apply(base, lambda tx: standards.new(tx, [SHOW], SID))
    path = base / DRAFT
    text = path.read_text(encoding="utf-8").replace("department: wlj", "department: scjgj")
    text = text.replace(
        "  受理:\n    requirements:\n",
        "  受理:\n    time_limit:\n      value: 30\n      unit: 工作日\n    requirements:\n",
    )
    path.write_text(text, encoding="utf-8")
    ctx = snapshot(base)
    found = standards.check(ctx, standards.draft(ctx, SID), path.read_bytes())
    assert {f.rule for f in found} == {"C501", "C502", "C503"}
    placeholder = next(f for f in found if f.rule == "C501")
    assert (
        placeholder.file == DRAFT
        and placeholder.pointer == "/stages/受理/requirements/0"
        and placeholder.line > 1
    )


def test_publish_freezes_a_version_and_points_the_matters_at_it(base: Path) -> None:
    drafted(base)
    matter_before = (base / "matters" / f"{SHOW}.yaml").read_bytes()
    done, written = apply(base, lambda tx: standards.publish(tx, SID, "2026-12-01"))
    assert (done.path, done.version, done.matters) == (f"standards/{SID}/v1.yaml", 1, [SHOW])
    assert written == [f"matters/{SHOW}.yaml", f"standards/{SID}/v1.yaml"]
    text = (base / done.path).read_text(encoding="utf-8")
    assert text.startswith("# 已发布的审批标准第 1 版，内容冻结") and "待补充" not in text
    v1 = yamlio.load_bytes((base / done.path).read_bytes())
    assert (
        v1["status"] == "已发布"
        and v1["effective_date"] == "2026-12-01"
        and v1["published_date"] == "2026-11-28"
    )
    assert v1["digest"] == standard_digest(v1)
    matter_after = (base / "matters" / f"{SHOW}.yaml").read_bytes()
    assert len(matter_after.splitlines()) == len(matter_before.splitlines()) + 3
    assert yamlio.load_bytes(matter_after)["standard"] == {"id": SID, "version": 1}
    assert validate(cat.WorkTree(base)).findings == []


def test_an_unchanged_draft_is_not_published_twice_and_a_changed_one_is_v2(base: Path) -> None:
    path = drafted(base)
    apply(base, lambda tx: standards.publish(tx, SID, "2026-12-01"))
    with pytest.raises(UsageError, match="内容相同"):
        apply(base, lambda tx: standards.publish(tx, SID, "2027-01-01"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("依法办理受理", "当场受理"), encoding="utf-8"
    )
    done, _ = apply(base, lambda tx: standards.publish(tx, SID, "2027-01-01"))
    assert done.version == 2
    assert yamlio.load_bytes((base / "matters" / f"{SHOW}.yaml").read_bytes())["standard"] == {
        "id": SID,
        "version": 2,
    }


def test_an_incomplete_draft_is_refused_and_nothing_is_written(base: Path) -> None:
    apply(base, lambda tx: standards.new(tx, [SHOW], SID))
    before = files(base)
    with pytest.raises(GateError, match="尚不完整") as refused:
        apply(base, lambda tx: standards.publish(tx, SID, "2026-12-01"))
    assert "C501" in refused.value.message
    # the case catalogue's own draft (scjgj-sp v2) covers one stage only
    with pytest.raises(GateError, match="R416"):
        apply(base, lambda tx: standards.publish(tx, "scjgj-sp", "2026-12-01"))
    assert files(base) == before


def test_a_draft_named_for_its_version_is_published_in_place(base: Path) -> None:
    path = base / "standards/scjgj-sp/v2.yaml"
    v1 = (base / "standards/scjgj-sp/v1.yaml").read_text(encoding="utf-8")
    stages = v1[v1.index("stages:") : v1.index("legal_basis:")]
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text[: text.index("stages:")]
        + stages.replace("当场受理。", "当场受理并出具通知书。")
        + "legal_basis:\n  - law: 中华人民共和国食品安全法\n    article: 第三十五条\n",
        encoding="utf-8",
    )
    done, written = apply(base, lambda tx: standards.publish(tx, "scjgj-sp", "2027-01-01"))
    assert (done.path, done.version) == ("standards/scjgj-sp/v2.yaml", 2)
    assert written == [
        "matters/000172012000.yaml",
        "matters/000172013000.yaml",
        "standards/scjgj-sp/v2.yaml",
    ]
    assert yamlio.load_bytes(path.read_bytes())["status"] == "已发布"
    assert validate(cat.WorkTree(base)).findings == []


def test_a_published_standard_edited_afterwards_is_reported(base: Path) -> None:
    drafted(base)
    done, _ = apply(base, lambda tx: standards.publish(tx, SID, "2026-12-01"))
    path = base / done.path
    path.write_text(
        path.read_text(encoding="utf-8").replace("依法办理审查", "从宽审查"), encoding="utf-8"
    )
    found = validate(cat.WorkTree(base)).findings
    assert [(f.rule, f.file) for f in found] == [("R412", done.path)]
    # and no command may add that finding: the edit transaction refuses to write it
    with pytest.raises(GateError, match="R412"):
        apply(base, lambda tx: tx.doc("standards/scjgj-sp/v1.yaml").set("/title", "改"))


def test_render_markdown_and_html_escape_the_text(base: Path) -> None:
    path = drafted(base)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "依法办理受理", "<script>x</script> [点我](javascript:y)"
        ),
        encoding="utf-8",
    )
    ctx = snapshot(base)
    doc = standards_render.document(ctx, standards.draft(ctx, SID))
    md, page = standards_render.markdown(doc), standards_render.html(doc)
    assert (
        "# 营业性演出审批标准" in md
        and "草稿（未发布）" in md
        and "\\<script\\>" in md
        and "\\[点我\\]" in md
    )
    assert "<script>" not in page and "&lt;script&gt;" in page and "Content-Security-Policy" in page
    for stage in ("受理", "审查", "决定", "颁证", "送达"):
        assert stage in md and stage in page


def test_list_shows_versions_and_drafts(base: Path) -> None:
    rows = {r["id"]: r for r in standards.listing(snapshot(base))}
    assert rows["scjgj-sp"]["version"] == 1 and rows["scjgj-sp"]["draft"] is True
    assert rows["wjw-yljg"]["draft"] is False and rows["wjw-yljg"]["department_name"] == "区卫健委"
