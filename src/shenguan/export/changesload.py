"""Reading what an announcement needs from git: the semantic diff, then only the changed matter
records on both sides and the departments they name, never the whole catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shenguan import catalog as cat
from shenguan.errors import GateError
from shenguan.export.allow import MetaSource, allow_for
from shenguan.export.changes import Announcement, announce
from shenguan.validation.records import check_file

_DEPT_ID = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
Reader = Callable[[list[str]], dict[str, bytes | None]]


def _reader(where: Path, commit: str | None) -> Reader:
    """Catalogue files by relative path, from a commit or (None) from the working tree."""
    from shenguan import history
    from shenguan.diff import catalog_root

    root = catalog_root(where)
    if commit is None:
        return lambda rels: {rel: history.worktree_file(root, rel) for rel in rels}
    repo = history.find(root)
    prefix = history.catalog_prefix(repo, root)

    def read(rels: list[str]) -> dict[str, bytes | None]:
        got = history.read_paths(repo, commit, [prefix + r for r in rels])
        return {r: got[prefix + r] for r in rels}

    return read


def _records(read: Reader, rels: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for rel, raw in read(sorted(set(rels))).items():
        if raw is None:
            continue
        data, findings = check_file(rel, raw)
        if data is None or findings:
            first = findings[0] if findings else None
            where = f"{first.file}:{first.line}:{first.column} {first.message}" if first else rel
            raise GateError(
                f"变更的记录未通过校验，未生成公告（{where}）",
                "请先修正该记录（shenguan validate），再生成公告",
            )
        out[rel] = data
    return out


def build(
    where: Path, base: str, head: str | None = None, meta: MetaSource | None = None
) -> Announcement:
    from shenguan import diff

    result = diff.compute(where, base, head)
    if result.problems:
        p = result.problems[0]
        raise GateError(
            f"有 {len(result.problems)} 个文件无法读取，未生成公告（首个：{p.file}:{p.line}:{p.column} {p.message}）",
            "请先修正这些文件，再生成公告",
        )
    matters = [c for c in result.changes if c.kind == "matter"]
    old_side, new_side = _reader(where, result.base.commit), _reader(where, result.head.commit)
    old = _records(old_side, [c.old_path or c.path for c in matters if c.change != "added"])
    new = _records(new_side, [c.path for c in matters if c.change != "removed"] + [cat.MANIFEST])
    entries = [
        (
            c,
            old.get(c.old_path or c.path) if c.change != "added" else None,
            new.get(c.path) if c.change != "removed" else None,
        )
        for c in matters
    ]
    allow = allow_for("matter", meta)
    ids = {allow.first(r, "/implementing_body/department") for r in [*old.values(), *new.values()]}
    depts = _department_names(
        [i for i in ids if isinstance(i, str) and _DEPT_ID.match(i)], new_side, old_side, meta=meta
    )
    manifest = allow_for("manifest", meta).view(new.get(cat.MANIFEST, {}))
    return announce(
        allow,
        str(manifest.get("region", {}).get("name", "")),
        result.base.to_json(),
        result.head.to_json(),
        entries,
        depts,
    )


def _department_names(
    ids: list[str], *sides: Reader, meta: MetaSource | None = None
) -> dict[str, str]:
    allow = allow_for("department", meta)
    names: dict[str, str] = {}
    for read in sides:
        missing = [f"departments/{i}.yaml" for i in ids if i not in names]
        for data in _records(read, missing).values() if missing else ():
            view = allow.view(data)
            if isinstance(view.get("id"), str) and view.get("name"):
                names[view["id"]] = str(view["name"])
    return names
