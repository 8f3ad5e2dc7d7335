"""Edits and snapshots of a catalogue's record files."""

from __future__ import annotations

from pathlib import Path

from tests.support.catalogs import MATTER


def edit(where: Path, old: str, new: str, rel: str | None = None) -> None:
    """Replace the first `old` by `new` in a file, failing when `old` is not there.

    `where` is the file itself, or a catalogue folder: then the file is `rel` inside it, by default
    the matter of a fresh `shenguan init` catalogue."""
    path = where / rel if rel else where / MATTER if where.is_dir() else where
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files(root: Path) -> dict[str, bytes]:
    """Every YAML file under `root`: path relative to it -> bytes, sorted."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def cancel(path: Path) -> None:
    """Cancel a matter of the base case: status 已取消 and a 取消 entry at the end of its history."""
    edit(path, "status: 在用", "status: 已取消")
    with path.open("a", encoding="utf-8") as f:
        f.write('  - date: "2026-11-20"\n    kind: 取消\n    basis: 未审改办发〔2026〕9号\n')
