"""Sign-off records: `reviews/<id>.yaml` holds the data, `reviews/<id>.sig` the signature.

The signature covers the canonical JSON of the data (yamlio.canonical_json), never the YAML text,
so the stored YAML must load back to exactly the signed data; `render` checks that before any
write. A paper decision (`paper:` with its document number) has no signature file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shenguan import yamlio
from shenguan.review.signing import NAMESPACE
from shenguan.validation import schemas
from shenguan.yamlio.digests import digest

FOLDER = "reviews"
APPROVE, REJECT = "通过", "不通过"
DECISIONS = (APPROVE, REJECT)
DELETED = "deleted"
_HEADER = (
    "# yaml-language-server: $schema=../schemas/review.json\n"
    "# 合法性审查记录（shenguan review {verb} 生成）。{sig}请勿手工修改：任何改动都会使其失效。\n"
)


@dataclass
class Signoff:
    path: str
    data: dict[str, Any] | None
    signature: bytes | None
    problem: str = ""  # why the record itself is unusable, in Chinese

    @property
    def id(self) -> str:
        return Path(self.path).stem

    def get(self, key: str) -> Any:
        return (self.data or {}).get(key)

    @property
    def digest(self) -> str:
        return digest(self.data) if self.data is not None else ""

    @property
    def is_paper(self) -> bool:
        return isinstance(self.get("paper"), dict)

    @property
    def covered(self) -> dict[str, str]:
        entries = self.get("covered")
        return (
            {e["path"]: e["digest"] for e in entries if isinstance(e, dict)}
            if isinstance(entries, list)
            else {}
        )

    @property
    def when(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(str(self.get("time")).replace("Z", "+00:00"))
        except ValueError:
            return None


def sig_path(path: str) -> str:
    return path.removesuffix(".yaml") + ".sig"


def payload(data: dict[str, Any]) -> bytes:
    """The exact bytes a reviewer signs."""
    return yamlio.canonical_json(data)


def parse(path: str, raw: bytes, signature: bytes | None) -> Signoff:
    """One record as stored; a problem is noted, never raised, so every record gets a verdict."""
    try:
        data = yamlio.load_bytes(raw)
    except yamlio.YamlProblem as p:
        return Signoff(path, None, signature, f"第 {p.line} 行第 {p.column} 列：{p.message}")
    if not isinstance(data, dict):
        return Signoff(path, None, signature, "文件内容应为一个映射（键: 值）")
    issues = schemas.check("review", data)
    if issues:
        return Signoff(path, data, signature, f"{issues[0].pointer or '记录'}：{issues[0].message}")
    record = Signoff(path, data, signature)
    if data["id"] != record.id:
        record.problem = f"id {data['id']} 与文件名 {record.id} 不一致"
    elif len(record.covered) != len(data["covered"]):
        record.problem = "covered 中有重复的路径"
    elif not record.is_paper and data.get("namespace") != NAMESPACE:
        record.problem = f"签名命名空间应为 {NAMESPACE}"
    elif record.when is None:
        record.problem = "签署时间无法解析"
    return record


def load(
    read_many: Callable[[list[str]], dict[str, bytes | None]], paths: list[str]
) -> dict[str, Signoff]:
    """The sign-off records at `paths` (reviews/*.yaml), each with its signature when there is one."""
    raws = read_many(sorted(paths) + [sig_path(p) for p in sorted(paths)])
    found = {}
    for path in sorted(paths):
        raw = raws[path]
        if raw is not None:
            found[path] = parse(path, raw, raws[sig_path(path)])
    return found


def worktree_paths(root: Path) -> list[str]:
    """reviews/*.yaml in the working tree; links (the folder included) and hidden files are not records."""
    if (root / FOLDER).is_symlink():
        return []
    try:
        entries = sorted(os.scandir(root / FOLDER), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [
        f"{FOLDER}/{e.name}"
        for e in entries
        if e.name.endswith(".yaml")
        and not e.name.startswith(".")
        and not e.is_symlink()
        and e.is_file()
    ]


def render(data: dict[str, Any], verb: str) -> bytes:
    """The stored YAML: a comment header, then data that loads back to exactly `data`."""
    sig = f"签名见 {data['id']}.sig。" if verb == "sign" else "纸质决定，未签名。"
    text = _HEADER.format(verb=verb, sig=sig) + yamlio.dump(data)
    if yamlio.load_text(text) != data or payload(yamlio.load_text(text)) != payload(data):
        raise AssertionError("sign-off YAML does not load back to the signed data")
    return text.encode("utf-8")


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def new_id(when: dt.datetime, content: dict[str, Any], taken: Callable[[str], bool]) -> str:
    """`r-YYYYMMDD-HHMMSS-xxxxxx`: sortable by time, with a content hash so two sign-offs never collide."""
    seed = hashlib.sha256(payload(content)).hexdigest()
    for n in range(6, 40):
        candidate = f"r-{when:%Y%m%d-%H%M%S}-{seed[:n]}"
        if not taken(candidate):
            return candidate
    raise AssertionError("no free sign-off id")
