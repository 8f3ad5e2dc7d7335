"""Golden catalogues: the valid base, and one folder per broken copy of it with its exact findings.

A case is `tests/cases/{invalid,valid}/<name>/case.yaml`:

    description: 承诺时限超过法定时限
    edits:                                  # applied in order to a fresh copy of tests/cases/base
      - {file: matters/x.yaml, replace: "value: 5", with: "value: 99"}   # text occurring exactly once
      - {file: ..., write: "full text"}     # create or overwrite (UTF-8)
      - {file: ..., append: "text", repeat: 3}
      - {file: ..., delete: true}         # a file or a whole folder
      - {file: ..., write_hex: "ff00"}      # raw bytes
      - {file: ..., prepend_hex: "efbbbf"}
      - {file: ..., reencode: gbk}          # the file's text saved in another encoding
      - {file: ..., symlink_to: "other.yaml"}
      - {file: ..., refresh_digest: true}   # a standard re-stamped with its content digest
    expect:                                 # the exact set of findings (rule, file, line)
      - {rule: R301, file: matters/x.yaml, line: 27}
    today: "2026-12-20"                     # optional: the case's today (default: tests' TODAY)

Text values may spell invisible characters as `{U+202E}` so that case files stay plain.
Invalid cases live in `invalid/<RULE>-<slug>` and must expect that rule; valid cases expect nothing.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shenguan import yamlio
from shenguan.findings import Severity
from shenguan.validation.rules.registry import RULES
from shenguan.yamlio.digests import standard_digest
from tests.support.catalogs import BASE, CASES, SAMPLE

CASE_KEYS = {"description", "today", "edits", "expect"}
# Rules no data can produce (none since schema version 2 made S007 reachable: `not` in
# result.validity).
NOT_REACHABLE_BY_DATA: set[str] = set()
# `standard check`'s rules judge a draft standard before publication: validate never reports them.
STANDARD_CHECK_ONLY = {code for code, rule in RULES.items() if rule.layer == "standard"}


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The validation cache of a catalogue outside git goes to XDG_CACHE_HOME: keep it in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def _case_dirs(group: str) -> list[Path]:
    return sorted(p.parent for p in (CASES / group).glob("*/case.yaml"))


def _load_case(folder: Path) -> dict[str, Any]:
    case = yamlio.load_bytes((folder / "case.yaml").read_bytes())
    assert (
        isinstance(case, dict) and set(case) <= CASE_KEYS and {"description", "expect"} <= set(case)
    ), folder
    return case


def _chars(text: str) -> str:
    return re.sub(r"\{U\+([0-9A-F]{4,6})\}", lambda m: chr(int(m.group(1), 16)), text)


def _replace(path: Path, edit: dict[str, Any]) -> None:
    text = path.read_text(encoding="utf-8")
    old, new = _chars(edit["replace"]), _chars(edit["with"])
    assert text.count(old) == 1, f"{edit['file']} 中应恰好出现一次：{old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _append(path: Path, edit: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(_chars(edit["append"]) * edit.get("repeat", 1))


def _delete(path: Path, edit: dict[str, Any]) -> None:
    shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()


def _symlink(path: Path, edit: dict[str, Any]) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to(edit["symlink_to"])


def _refresh_digest(path: Path, edit: dict[str, Any]) -> None:
    """Re-stamp a published standard, so a case can change one without also tripping R412."""
    digest = standard_digest(yamlio.load_bytes(path.read_bytes()))
    text, count = re.subn(
        r'(?m)^digest: "sha256:[0-9a-f]{64}"$',
        f'digest: "{digest}"',
        path.read_text(encoding="utf-8"),
    )
    assert count == 1, f"{edit['file']} 中没有可更新的 digest 行"
    path.write_text(text, encoding="utf-8")


OPS: dict[str, Callable[[Path, dict[str, Any]], object]] = {
    "replace": _replace,
    "write": lambda path, e: path.write_text(_chars(e["write"]), encoding="utf-8"),
    "append": _append,
    "delete": _delete,
    "write_hex": lambda path, e: path.write_bytes(bytes.fromhex(e["write_hex"])),
    "prepend_hex": lambda path, e: path.write_bytes(
        bytes.fromhex(e["prepend_hex"]) + path.read_bytes()
    ),
    "reencode": lambda path, e: path.write_bytes(
        path.read_text(encoding="utf-8").encode(e["reencode"])
    ),
    "symlink_to": _symlink,
    "refresh_digest": _refresh_digest,
}


def _apply(root: Path, edit: dict[str, Any]) -> None:
    ops = OPS.keys() & set(edit)
    assert len(ops) == 1 and set(edit) - OPS.keys() <= {"file", "with", "repeat"}, (
        f"一处修改只能做一件事：{edit}"
    )
    path = root / edit["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    OPS[ops.pop()](path, edit)


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes (a symlink's target for symlinks), to prove validation wrote nothing."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[rel] = b"-> " + str(p.readlink()).encode()
        elif p.is_file():
            out[rel] = p.read_bytes()
    return out


def _expected_exit(expect: list[dict[str, Any]]) -> int:
    return 1 if any(RULES[e["rule"]].severity is Severity.ERROR for e in expect) else 0


def _build(folder: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    case = _load_case(folder)
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root, symlinks=True)
    for edit in case.get("edits", []):
        _apply(root, edit)
    return root, case


def _findings(cli: Callable[..., Any], root: Path) -> tuple[int, list[dict[str, Any]]]:
    result = cli("validate", "-C", root, "--format", "json")
    doc = json.loads(result.out)
    assert doc["command"] == "validate" and doc["schema_version"] == 1
    return result.code, doc["findings"]


@pytest.mark.parametrize(
    "folder", _case_dirs("invalid") + _case_dirs("valid"), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_case(
    folder: Path, tmp_path: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, case = _build(folder, tmp_path)
    if "today" in case:
        monkeypatch.setenv("SHENGUAN_TODAY", str(case["today"]))
    before = _snapshot(root)
    code, findings = _findings(cli, root)
    got = sorted((f["rule"], f["file"], f["line"]) for f in findings)
    want = sorted((e["rule"], e["file"], e["line"]) for e in case["expect"])
    assert got == want, json.dumps(findings, ensure_ascii=False, indent=1)
    assert code == _expected_exit(case["expect"])
    assert _snapshot(root) == before, "validate 不得改动目录中的任何文件"
    assert _findings(cli, root) == (code, findings), "第二次运行（缓存命中）的结果应与第一次相同"
    assert _whole(root) == sorted(
        (f["rule"], f["file"], f["line"], f["message"]) for f in findings
    ), "按事项要点（facts）校验与按整条记录校验的结果应相同"
    for f in findings:
        assert (
            f["line"] >= 1 and f["column"] >= 1 and f["severity"] == RULES[f["rule"]].severity.value
        )
        assert re.search(r"[\u4e00-\u9fff]", f["message"]) and f["hint"], f


def _whole(root: Path) -> list[tuple[str, str, int, str]]:
    """The findings with every record loaded whole and every rule run in one pass (no cache, no facts)."""
    from shenguan.catalog import WorkTree
    from shenguan.validation.validate import validate

    report = validate(WorkTree(root), workers=1, project=False)
    return sorted((f.rule, f.file, f.line, f.message) for f in report.findings)


def test_case_folders_are_well_formed() -> None:
    invalid, valid = _case_dirs("invalid"), _case_dirs("valid")
    assert invalid and valid
    for folder in invalid:
        rule = folder.name.split("-", 1)[0]
        assert rule in RULES and rule in {e["rule"] for e in _load_case(folder)["expect"]}, (
            folder.name
        )
    for folder in valid:
        assert _load_case(folder)["expect"] == [], folder.name


def test_every_rule_has_a_case() -> None:
    covered = {e["rule"] for folder in _case_dirs("invalid") for e in _load_case(folder)["expect"]}
    assert set(RULES) - covered == NOT_REACHABLE_BY_DATA | STANDARD_CHECK_ONLY
    assert covered <= set(RULES)


def test_base_is_valid(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = (
        tmp_path / "base"
    )  # a copy: the cache of a catalogue inside a git checkout lives in its .git
    shutil.copytree(BASE, root)
    code, findings = _findings(cli, root)
    assert (code, findings) == (0, [])
    text = cli("validate", "-C", root)
    assert text.code == 0 and "校验通过" in text.out


def test_sample_catalogue_is_valid(cli: Callable[..., Any], tmp_path: Path) -> None:
    if not (SAMPLE / "shenguan.yaml").is_file():
        pytest.skip("示例目录 catalog/ 尚未建立")
    root = tmp_path / "catalog"
    shutil.copytree(SAMPLE, root)
    code, findings = _findings(cli, root)
    assert code == 0, json.dumps(
        [f for f in findings if f["severity"] == "error"], ensure_ascii=False, indent=1
    )


# Any single value of any base record replaced by a value of any shape: the rules must still run and
# report (exit 0 or 1), never crash (exit 4). Schema-invalid records reach the cross-record rules.
_RECORDS = {
    p.relative_to(BASE).as_posix(): yamlio.load_bytes(p.read_bytes())
    for p in sorted(BASE.rglob("*.yaml"))
}


def _pointers(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in items:
        out.extend(_pointers(child, (*prefix, key)))
    return out


_TARGETS = [(rel, ptr) for rel, data in _RECORDS.items() for ptr in _pointers(data)]
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from(["", "x", "0012", "2021-02-30", "spj"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=2)
        | st.dictionaries(st.sampled_from(["value", "unit", "id", "stage", "x"]), inner, max_size=2)
    ),
    max_leaves=4,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(target=st.sampled_from(_TARGETS), value=_values)
def test_rules_survive_any_single_bad_value(
    target: tuple[str, tuple[Any, ...]], value: Any, tmp_path: Path
) -> None:
    from shenguan.catalog import WorkTree
    from shenguan.validation.validate import validate

    rel, pointer = target
    data = copy.deepcopy(_RECORDS[rel])
    node = data
    for key in pointer[:-1]:
        node = node[key]
    node[pointer[-1]] = value
    root = tmp_path / "fuzz"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(BASE, root)
    yamlio.atomic_write(root / rel, yamlio.dump(data).encode("utf-8"))
    report = validate(WorkTree(root), workers=1)
    assert all(f.file and f.line >= 1 for f in report.findings)
