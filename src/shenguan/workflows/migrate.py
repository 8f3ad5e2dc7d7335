"""`shenguan migrate`: a catalogue upgraded to the current data-structure version, in place.

What changes is what `catalog.upgrade.upgrade_record` says; `catalog.upgrade_text.rewrite` carries
it into each file's own text (comments, key order, CRLF, BOM and untouched lines kept). The new texts
must pass the YAML and schema layers before anything is written (a problem is named at its line in
the file as it is); then the whole set is written under the lock through one journal
(catalog.journal), so a killed run leaves all files old or all new.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from shenguan import catalog as cat
from shenguan import yamlio
from shenguan.catalog import journal, lock, upgrade
from shenguan.catalog.upgrade_text import rewrite
from shenguan.errors import GateError, ToolError
from shenguan.findings import Finding
from shenguan.validation.records import check_text
from shenguan.workflows.edit import finding_lines, key_order


@dataclass
class FileUpgrade:
    path: str
    before: bytes
    after: bytes
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """False for a file listed only for its notes (a set to fill in where nothing changed)."""
        return self.before != self.after

    def diff(self) -> str:
        """The unified diff of the file (line endings shown as the file has them)."""
        old = _text(self.before).splitlines(True)
        new = _text(self.after).splitlines(True)
        lines = difflib.unified_diff(old, new, f"a/{self.path}", f"b/{self.path}")
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass
class Migration:
    root: Path
    source: int  # the version the catalogue was at
    target: int
    files: list[FileUpgrade] = field(default_factory=list)
    written: bool = False

    @property
    def needed(self) -> bool:
        return self.source != self.target

    def diff(self) -> str:
        return "".join(f.diff() for f in self.files)


class MigrationRefused(GateError):
    """The upgraded files would not pass the YAML and schema layers; nothing was written."""

    def __init__(self, findings: list[Finding], to_fill: list[str] | None = None) -> None:
        fill = "；".join(to_fill or [])
        hint = (
            f"{fill}：这是第 {upgrade.CURRENT} 版新增的必填要素，升级不能代填，请在上列文件中补上；"
            if fill
            else ""
        ) + (
            "请按上列位置在原文件中改正后再运行 shenguan migrate（可先用 --dry-run 检查）；"
            "所有文件保持原样"
        )
        super().__init__(
            f"升级未写入：升级后的 {len({f.file for f in findings})} 个文件不能通过结构校验"
            f"\n{finding_lines(findings)}",
            hint,
        )
        self.findings = findings


def migrate(
    root: Path,
    dry_run: bool = False,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Migration:
    """Upgrade the catalogue at `root` to upgrade.CURRENT; with `dry_run` only say what would change.
    `progress(done, total)` is called after each file."""
    if dry_run:
        return plan(root, progress)
    with lock.hold(root, timeout) as held:
        result = plan(root, progress)
        if any(f.changed for f in result.files):
            journal.write_all(root, held, {f.path: f.after for f in result.files if f.changed})
            result.written = True
        return result


def catalogue_version(root: Path) -> int:
    """The manifest's schema_version; a ToolError when it cannot be read."""
    rel = cat.MANIFEST
    try:
        data = yamlio.load_bytes((root / rel).read_bytes())
    except yamlio.YamlProblem as p:
        raise ToolError(f"{rel}:{p.line}:{p.column}：{p.message}", p.hint) from None
    except OSError as exc:
        raise ToolError(f"无法读取 {rel}：{exc.strerror or exc}", "请检查目录文件夹") from None
    version = upgrade.version_of(data)
    if version is None or version < upgrade.OLDEST:
        raise ToolError(
            f"{rel} 中的 schema_version 不是有效的结构版本",
            f"请写成 schema_version: {upgrade.OLDEST}（旧版目录）或 {upgrade.CURRENT}",
        )
    return version


def plan(root: Path, progress: Callable[[int, int], None] | None = None) -> Migration:
    """Every file's new bytes and notes, checked; nothing is written."""
    version = catalogue_version(root)
    if version > upgrade.CURRENT:
        raise upgrade.newer_error(version)
    result = Migration(root, version, upgrade.CURRENT)
    if not result.needed:
        return result
    source = cat.WorkTree(root)
    findings: list[Finding] = []
    to_fill: set[str] = set()
    rels = source.files()
    for done, rel in enumerate(rels, 1):
        if progress is not None:
            progress(done, len(rels))
        kind = cat.kind_of(rel) or "matter"
        raw = source.read(rel)
        try:
            text = yamlio.decode(raw)
            data = yamlio.load_text(text)
        except yamlio.YamlProblem as p:
            raise ToolError(
                f"{rel}:{p.line}:{p.column}：{p.message}",
                f"{p.hint}；改正后再运行 shenguan migrate",
            ) from None
        if not isinstance(data, dict):
            continue  # not a record: the validator names it; nothing here to upgrade
        new = copy.deepcopy(data)
        notes = upgrade.upgrade_record(kind, new, version)
        after = rewrite(rel, raw, data, new, key_order(kind)) if new != data else raw
        # Every record, changed or not, must pass the current schema (a 行政处罚 matter needs its
        # punishment set even when the upgrade had nothing to change in it).
        found = check_text(rel, after)[1]
        if found:  # named where the clerk fixes them: in the file as it is now
            where = _line_map(_text(after), text)
            findings.extend(replace(f, **where(f.line, f.column, f.pointer)) for f in found)
            to_fill.update(upgrade.new_required(kind, new))
        if after != raw or notes:
            result.files.append(FileUpgrade(rel, raw, after, notes))
    if findings:
        raise MigrationRefused(sorted(findings), sorted(to_fill))
    return result


def _line_map(new: str, old: str) -> Any:
    """(line, column, pointer) in the upgraded text → the same place in the text as it was: an
    untouched line is itself; in what the upgrade wrote, the deepest part of the pointer that the
    old text has (the old value a new one came from)."""
    matcher = difflib.SequenceMatcher(None, new.splitlines(), old.splitlines(), autojunk=False)
    blocks = matcher.get_opcodes()
    locator = yamlio.Locator(old)

    def where(line: int, column: int, pointer: str) -> dict[str, int]:
        for tag, i1, i2, j1, _ in blocks:
            if tag == "equal" and i1 <= line - 1 < i2:
                return {"line": j1 + line - i1, "column": column}
        found = locator.locate(pointer)
        return {"line": found[0], "column": found[1]}

    return where


def _text(raw: bytes) -> str:
    return raw.decode("utf-8-sig", "replace")
