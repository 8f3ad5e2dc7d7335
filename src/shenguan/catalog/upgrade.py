"""The data-structure versions of a catalogue and the pure upgrade of a record from one to the next.

`upgrade_record` changes one record's data in place, from version 1 to `CURRENT`, and returns what a
clerk must look at (in Chinese). It uses only mapping operations, so it works on plain dicts and on
the round-trip trees of an edit alike: a value is replaced by assigning to its key, which keeps the
key's place in both, and a key is only ever added by replacing another. `shenguan migrate` applies it
to the files; history applies it in memory to records read from a commit made before the upgrade.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping, MutableSequence
from typing import Any

from shenguan import yamlio
from shenguan.errors import ToolError

CURRENT = 2
OLDEST = 1

# v1 texts that say "none" (after stripping blanks and a closing 。)
NO_INTERMEDIARY = frozenset({"", "无", "不涉及", "无中介服务", "不涉及中介服务", "否"})
NO_SPECIAL = frozenset({"", "无", "不涉及", "无特别程序", "不涉及特别程序", "否"})
KINDS_CHANGED = frozenset({"manifest", "matter"})  # the record kinds an upgrade may change
MATERIAL_FORM = {"电子": "电子化", "纸质+电子": "纸质/电子化"}
DROPPED_FORM = "移动端"
ONLINE_FORM = "网上办理"
NAME_MAX = 500  # the maxLength of a name in the schema
NAME_SHORT = 100


def version_of(manifest: Any) -> int | None:
    """The manifest's `schema_version` when it is a plain integer, else None."""
    if not isinstance(manifest, MutableMapping):
        return None
    value = manifest.get("schema_version")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def version_problem(version: int | None) -> ToolError | None:
    """The error a command other than `migrate` raises for a catalogue at another version."""
    if version is None or version == CURRENT:
        return None
    if version > CURRENT:
        return newer_error(version)
    return ToolError(
        f"目录结构版本为 {version}，本工具使用版本 {CURRENT}：请运行 shenguan migrate 升级",
        "shenguan migrate --dry-run 可先查看将做的改动；升级后请提交到 git",
    )


def newer_error(version: int) -> ToolError:
    return ToolError(
        f"目录结构版本 {version} 高于本工具支持的 {CURRENT}：请升级 shenguan",
        "请安装与目录相同或更新版本的 shenguan 后再运行",
    )


def upgrade_record(kind: str, data: MutableMapping[str, Any], version: int = OLDEST) -> list[str]:
    """Upgrade one record's data from `version` to CURRENT in place; the notes for a clerk."""
    notes: list[str] = []
    if version < 2:
        if kind == "manifest":
            _manifest_v2(data)
        elif kind == "matter":
            notes.extend(_matter_v2(data))
    return notes


# Element sets version 2 adds that version 1 had no place for and no upgrade can fill in. The
# national tables require them (NOT NULL): the upgrade notes each, and rule Q019 warns until the
# clerk writes them, so a version-1 catalogue still upgrades with one command.
NEW_REQUIRED = {
    "02": ("punishment", "行政处罚事项请补充 punishment（处罚的行为、种类、幅度）：国家交换表必填"),
    "04": ("levy", "行政征收事项请补充 levy（征收种类、是否涉及减免）：国家交换表必填"),
}


def new_required(kind: str, data: MutableMapping[str, Any]) -> list[str]:
    """What the current version requires of this record that it lacks and an upgrade cannot give."""
    if kind != "matter":
        return []
    need = NEW_REQUIRED.get(str(data.get("type")))
    return [need[1]] if need and need[0] not in data else []


def upgrade_records(
    version: int, records: Iterable[tuple[str, MutableMapping[str, Any]]]
) -> list[str]:
    """Upgrade a whole catalogue's records, given as (kind, data); the notes of them all."""
    if version > CURRENT:
        raise newer_error(version)
    notes: list[str] = []
    for kind, data in records:
        notes.extend(upgrade_record(kind, data, version))
    return notes


def _manifest_v2(data: MutableMapping[str, Any]) -> None:
    if data.get("schema_version") == 1:
        data["schema_version"] = 2


def _matter_v2(data: MutableMapping[str, Any]) -> list[str]:
    notes: list[str] = []
    forms = data.get("handling_forms")
    if isinstance(forms, MutableSequence) and DROPPED_FORM in forms:
        if all(form == DROPPED_FORM for form in forms):
            # Mobile handling is handling online; the list keeps one form, as the schema asks.
            data["handling_forms"] = [ONLINE_FORM]
            notes.append(
                "办理形式原仅有“移动端”，已改为“网上办理”：请核对，"
                "并在 online.mobile_url 填写移动端办理地址"
            )
        else:
            while DROPPED_FORM in forms:
                forms.remove(DROPPED_FORM)
            notes.append("已移除办理形式“移动端”：请在 online.mobile_url 填写移动端办理地址")
    notes.extend(_intermediary(data))
    notes.extend(_special_procedures(data))
    _materials(data.get("materials"))
    items = data.get("handle_items")
    if isinstance(items, MutableSequence):
        for item in items:
            if isinstance(item, MutableMapping):
                _materials(item.get("materials"))
    notes.extend(new_required("matter", data))
    return notes


def _none_text(value: str, nothing: frozenset[str]) -> bool:
    return value.strip().rstrip("。.").strip() in nothing


def _intermediary(data: MutableMapping[str, Any]) -> list[str]:
    value = data.get("intermediary")
    if "intermediary" not in data or isinstance(value, MutableMapping):
        return []
    if value is None or isinstance(value, str) and _none_text(value, NO_INTERMEDIARY):
        data["intermediary"] = {"involved": False}
        return []
    if not isinstance(value, str):
        return []  # not v1 text either: left for the validator to name
    data["intermediary"] = {"involved": True, "name": _one_line(value)}
    return [
        "中介服务原为文字说明，已记为涉及中介服务、名称为原文字："
        "请核对 intermediary.name，并按需填写 charged（是否收费）与 fee（收费标准）"
    ]


def _special_procedures(data: MutableMapping[str, Any]) -> list[str]:
    if "special_procedures" not in data:
        return []
    value = data["special_procedures"]
    if value is None or isinstance(value, str) and _none_text(value, NO_SPECIAL):
        del data["special_procedures"]
        return []
    if not isinstance(value, str):
        return []
    text = value.strip()
    if "\n" not in text and len(text) <= NAME_MAX:
        data["special_procedures"] = [{"name": text}]
    else:  # a name is one line: the first line names it, the whole text is kept as its note
        first = text.split("\n", 1)[0].strip().rstrip("。；;，,：:")[:NAME_SHORT] or "特别程序"
        data["special_procedures"] = [{"name": first, "note": text}]
    return [
        "特别程序原为一段文字，已记为一项特别程序："
        "请核对 special_procedures 的名称（name）与说明（note），多个程序请分项填写，"
        "并按需填写 time_limit（时限）"
    ]


def _one_line(text: str) -> str:
    """A v1 text as a name: one line (Chinese text wrapped over lines is joined without a space)."""
    return "".join(line.strip() for line in text.strip().splitlines())


def _materials(materials: Any) -> None:
    """电子 → 电子化, 纸质+电子 → 纸质/电子化: the same meaning under the national labels."""
    if not isinstance(materials, MutableSequence):
        return
    for material in materials:
        if isinstance(material, MutableMapping):
            form = material.get("form")
            if isinstance(form, str) and form in MATERIAL_FORM:
                material["form"] = MATERIAL_FORM[form]


def version_in(raw: bytes | None) -> int | None:
    """The schema_version of a manifest's bytes (None when absent or unreadable)."""
    if raw is None:
        return None
    try:
        return version_of(yamlio.load_bytes(raw))
    except yamlio.YamlProblem:
        return None


def common_version(*versions: int | None) -> int | None:
    """The version two sides of a comparison are read at: the newer one, when one side is older and
    this tool can upgrade it; None when nothing is to be upgraded."""
    known = [v for v in versions if v is not None]
    if len(set(known)) < 2 or max(known) > CURRENT or min(known) < OLDEST:
        return None
    return max(known)


def upgrade_side(
    version: int | None, target: int | None, records: Iterable[tuple[str, MutableMapping[str, Any]]]
) -> None:
    """Records of one side of a comparison, read at `version`, upgraded in memory to `target`."""
    if version is None or target is None or version >= target:
        return
    for kind, data in records:
        upgrade_record(kind, data, version)
