"""A command asked for `--format json` answers with exactly one JSON document even when it fails:
`{schema_version, command, status: "error", error: {code, message, hint}}` and the contract's
exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shenguan.cli.failure import command_name, wants_json


def _one_error(out: str) -> dict:
    doc = json.loads(out)  # one document: json.loads refuses trailing data
    assert list(doc) == ["schema_version", "command", "status", "error"]
    assert doc["schema_version"] == 1 and doc["status"] == "error"
    assert set(doc["error"]) == {"code", "message", "hint"} and doc["error"]["message"]
    return doc


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["validate", "--format", "json"], "validate"),
        (["diff", "--format=json"], "diff"),
        (["review", "status", "-f", "json"], "review status"),
        (["standard", "list", "-fjson"], "standard list"),
        (["matter", "list", "--format", "json"], "matter list"),
    ],
)
def test_no_catalogue_is_one_error_document_with_exit_3(
    cli, tmp_path: Path, args: list[str], command: str
) -> None:
    r = cli(*args, cwd=tmp_path)
    assert r.code == 3, r.out + r.err
    doc = _one_error(r.out)
    assert doc["command"] == command and doc["error"]["code"] == "tool"
    assert "找不到目录" in doc["error"]["message"] and "shenguan init" in doc["error"]["hint"]
    assert "找不到目录" in r.err  # the diagnostic still goes to stderr for a person


def test_usage_errors_are_documents_with_exit_2(cli, sample: Path) -> None:
    r = cli("-C", sample, "validate", "--format", "json", "--nope")
    assert r.code == 2
    doc = _one_error(r.out)
    assert doc["command"] == "validate" and doc["error"]["code"] == "usage"
    assert "--nope" in doc["error"]["message"] and "--help" in doc["error"]["hint"]
    r = cli("matter", "show", "999999999999", "-C", sample, "--format", "json")
    assert r.code == 2
    assert _one_error(r.out)["command"] == "matter show"


def test_a_failed_export_gate_is_a_document_with_exit_1(cli, sample: Path) -> None:
    matter = sample / "matters" / "000111001000.yaml"
    matter.write_text(matter.read_text(encoding="utf-8") + "name: 重复\n", encoding="utf-8")
    r = cli("export", "public", "--format", "json", "-C", sample)
    assert r.code == 1
    doc = _one_error(r.out)
    assert doc["command"] == "export public" and doc["error"]["code"] == "gate"
    assert "未导出" in doc["error"]["message"]


def test_review_outside_git_is_a_document_with_exit_3(cli, sample: Path) -> None:
    r = cli("review", "status", "-C", sample, "--format", "json")
    assert r.code == 3
    assert _one_error(r.out)["command"] == "review status"


@pytest.mark.parametrize(
    ("raised", "exit_code", "code"),
    [(RuntimeError("boom"), 4, "internal"), (KeyboardInterrupt(), 130, "interrupted")],
)
def test_internal_errors_and_interrupts_are_documents(
    cli,
    sample: Path,
    monkeypatch: pytest.MonkeyPatch,
    raised: BaseException,
    exit_code: int,
    code: str,
) -> None:
    import shenguan.validation.validate as validation

    def fail(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(validation, "validate", fail)
    r = cli("validate", "-C", sample, "--format", "json", "--no-cache")
    assert r.code == exit_code
    doc = _one_error(r.out)
    assert doc["command"] == "validate" and doc["error"]["code"] == code
    assert "boom" not in r.out  # an internal error names its class, never data


def test_text_failures_print_nothing_on_stdout(cli, tmp_path: Path) -> None:
    r = cli("validate", cwd=tmp_path)
    assert r.code == 3 and r.out == ""


def test_a_successful_json_run_prints_its_one_document(cli, sample: Path) -> None:
    r = cli("rules", "--format", "json")
    assert r.code == 0
    doc = json.loads(r.out)
    assert doc["command"] == "rules" and doc["status"] == "ok" and doc["rules"]


def test_the_command_name_and_the_json_request_are_read_from_the_arguments() -> None:
    groups = ["review", "export"]
    assert command_name(["-C", "review", "--lang", "zh", "review", "sign"], groups) == "review sign"
    assert command_name(["--debug", "validate", "matters"], groups) == "validate"
    assert command_name(["--debug"], groups) == "shenguan"
    assert wants_json(["validate", "-f", "json"]) and wants_json(["x", "--format=json"])
    assert not wants_json(["validate", "--", "--format", "json"])
    assert not wants_json(["validate", "--format", "github"])
