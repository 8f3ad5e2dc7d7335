"""The command-line contract of `validate`: discovery, exit codes, JSON shape, formats, safety."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.catalogs import MATTER


@pytest.fixture
def fresh(tmp_path: Path, cli) -> Path:
    root = tmp_path / "cat"
    assert cli("init", root).code == 0
    return root


def test_valid_catalogue_exits_zero_with_chinese_summary(cli, fresh: Path) -> None:
    r = cli("validate", "-C", fresh)
    assert r.code == 0, r.out + r.err
    assert "校验通过" in r.out and "部门 4 个" in r.out and "事项 1 项" in r.out


def test_catalog_option_before_and_after_command(cli, fresh: Path, tmp_path: Path) -> None:
    assert cli("-C", fresh, "validate", cwd=tmp_path).code == 0
    assert cli("validate", "-C", fresh, cwd=tmp_path).code == 0


def test_discovery_env_then_ancestor_then_catalog_dir(
    cli, fresh: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SHENGUAN_CATALOG", str(fresh))
    assert cli("validate", cwd=tmp_path).code == 0
    monkeypatch.delenv("SHENGUAN_CATALOG")
    assert (
        cli("validate", cwd=fresh / "matters").code == 0
    )  # nearest ancestor holding shenguan.yaml
    (tmp_path / "catalog").symlink_to(fresh)
    assert cli("validate", cwd=tmp_path).code == 0  # ./catalog/


def test_no_catalogue_exits_3_with_hint(cli, tmp_path: Path) -> None:
    r = cli("validate", cwd=tmp_path)
    assert r.code == 3
    assert "找不到目录" in r.err and "shenguan init" in r.err and r.out == ""


def test_bad_format_is_usage_error(cli, fresh: Path) -> None:
    r = cli("validate", "-C", fresh, "--format", "xml")
    assert r.code == 2 and "不支持的输出格式" in r.err


def test_unknown_option_is_usage_error(cli, fresh: Path) -> None:
    assert cli("validate", "-C", fresh, "--nope").code == 2


def _break(root: Path, old: str, new: str) -> None:
    path = root / MATTER
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_findings_exit_1_and_json_document(cli, fresh: Path) -> None:
    _break(fresh, "    value: 20\n", "    value: 200\n")
    before = (fresh / MATTER).read_bytes()
    r = cli("validate", "-C", fresh, "--format", "json")
    assert r.code == 1
    doc = json.loads(r.out)
    assert (
        doc["schema_version"] == 1 and doc["command"] == "validate" and doc["status"] == "findings"
    )
    [f] = doc["findings"]
    assert set(f) == {"rule", "severity", "file", "line", "column", "pointer", "message", "hint"}
    assert (f["rule"], f["file"], f["line"], f["pointer"]) == (
        "R301",
        MATTER,
        30,
        "/time_limit/promised/value",
    )
    assert (fresh / MATTER).read_bytes() == before  # validation writes nothing


def test_github_annotations(cli, fresh: Path, monkeypatch) -> None:
    _break(fresh, "  depth: Ⅲ\n", "  depth: Ⅳ\n")
    monkeypatch.chdir(fresh)
    r = cli("validate", "--format", "github")
    assert r.code == 1
    assert f"::error file={MATTER},line=64,col=16,title=R304::" in r.out


def test_paths_limit_the_report(cli, fresh: Path) -> None:
    _break(fresh, "    value: 20\n", "    value: 200\n")
    assert cli("validate", "-C", fresh, "departments/spj.yaml").code == 0
    assert cli("validate", "-C", fresh, MATTER).code == 1


def test_markup_and_escapes_in_data_are_shown_literally(cli, fresh: Path) -> None:
    _break(
        fresh,
        "name: 社会团体成立登记（示例）",
        'name: "[link=https://evil.example]点我[/link][/bold]"\nnmae: x',
    )
    r = cli("validate", "-C", fresh)
    assert r.code == 1
    assert "\x1b" not in r.out
    assert "S002" in r.out


def test_control_characters_are_made_visible(cli, fresh: Path) -> None:
    _break(fresh, "name: 社会团体成立登记（示例）", 'name: "\\e[2J清屏"')
    r = cli("validate", "-C", fresh)
    assert r.code == 1 and "Y006" in r.out and "\x1b" not in r.out


def test_lang_en(cli, fresh: Path) -> None:
    r = cli("--lang", "en", "validate", "-C", fresh)
    assert r.code == 0 and "Valid: no findings" in r.out


def test_rules_lists_every_code(cli) -> None:
    from shenguan.validation.rules.registry import RULES

    r = cli("rules", "--format", "json")
    assert r.code == 0
    doc = json.loads(r.out)
    assert [x["rule"] for x in doc["rules"]] == list(RULES)
    assert all(x["title"] and x["clause"] for x in doc["rules"])


def test_version_and_help(cli) -> None:
    r = cli("--version")
    assert r.code == 0 and r.out.startswith("shenguan ")
    r = cli("--help")
    assert r.code == 0 and "validate" in r.out


def test_usage_errors_are_chinese(cli) -> None:
    r = cli("valdate")
    assert r.code == 2 and "没有命令 valdate，是否想用 validate？" in r.err
    r = cli("validate", "--nope")
    assert r.code == 2 and "没有选项 --nope" in r.err and "--help" in r.err
    r = cli("init")
    assert r.code == 2 and "缺少参数" in r.err


def test_a_path_that_names_nothing_is_a_usage_error(cli, fresh: Path) -> None:
    _break(fresh, "    value: 20\n", "    value: 200\n")
    r = cli("validate", "-C", fresh, "matters/nosuch.yaml")
    assert r.code == 2 and "目录中没有 matters/nosuch.yaml" in r.err
