"""What validation keeps in the cache's rows, written and read back side by side.

catalog.cache stores two tables of text or bytes (catalog.rows serialises plain data); this module
says what validation puts in them:
- a file's row (`files`, by path): its stamp and blob id, written by `remember` when either
  changed; for a matter also its facts and every finding of the file, valid while its blob and the
  world digest are the same (`matter_row` writes it, `read_matter_row` reads it, for checking.py);
- a matter's record (`records`, by blob id): the matter as the rules read it, with its YAML and
  schema findings (`matter_record`, `read_matter_record`), from which the matter checks run again
  when the world changed. Whole records of every kind are records.py's own rows.
Findings travel as lists (`pack`), rebuilt for the file they belong to (`unpack`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shenguan.catalog.rows import checksum, dump, dump_bytes, loads
from shenguan.catalog.worktree import Source
from shenguan.findings import Finding, Severity

if TYPE_CHECKING:  # sqlite3 is imported only when a cache is used
    from shenguan.catalog.cache import Cache

# A cached file row, as Cache.files returns it: (stamp, blob, world, payload, checksum).
Row = tuple[str, str, str, str, str]
Packed = list[list[Any]]
Stamp = tuple[str, int]


def pack(found: list[Finding]) -> Packed:
    return [
        [f.line, f.column, f.rule, f.severity.value, f.pointer, f.message, f.hint] for f in found
    ]


def unpack(rel: str, packed: Packed) -> list[Finding]:
    return [
        Finding(rel, line, col, rule, Severity(sev), pointer, message, hint)
        for line, col, rule, sev, pointer, message, hint in packed
    ]


def remember(
    cache: Cache,
    source: Source,
    rel: str,
    row: Row | None,
    blob: str,
    stamp: Stamp | None,
    world: str = "",
    payload: str = "",
    check: str | None = None,
) -> None:
    """Write the file's row when anything in it changed (`stamp`: taken before the file was read;
    None when the source has none to take)."""
    stamp_of = getattr(source, "stamp", None)
    if stamp is None and stamp_of is not None:
        stamp = stamp_of(rel)
    if stamp is None and getattr(source, "blob_id", None) is None:
        return  # nothing to recognise the file by next time
    if row is None or tuple(row[:4]) != (stamp[0] if stamp else "", blob, world, payload):
        cache.put_file(source.label, rel, stamp, blob, world, payload, check)


# -- matters, for the incremental checking


def matter_key(blob: str) -> str:
    """A matter's key in the records table (the projected matter, not the whole record)."""
    return f"matter:{blob}"


def matter_row(fact: dict[str, Any] | None, packed: Packed) -> tuple[str, str]:
    """A matter's payload in its file row, with its checksum."""
    text = dump({"x": fact, "f": packed})
    return text, checksum(text)


def read_matter_row(
    rel: str, row: Row | None, blob: str, world: str
) -> tuple[dict[str, Any] | None, list[Finding]] | None:
    """The facts and findings a file row holds for these bytes under this world; None when the row
    is missing, for other bytes or another world, damaged, or not one this version wrote."""
    if row is None or row[1] != blob or row[2] != world or checksum(row[3]) != row[4]:
        return None
    try:
        payload = loads(row[3])
        return payload["x"], unpack(rel, payload["f"]) if payload["f"] else []
    except (ValueError, KeyError, TypeError):
        return None


def matter_record(data: dict[str, Any] | None, packed: Packed) -> tuple[bytes, str]:
    """A matter's records payload, with its checksum: the projected matter and the findings of the
    YAML and schema layers (the rule findings are recomputed from it). Marshal bytes: a cold run
    writes one for every matter, a later run reads them only when the world changed."""
    payload = dump_bytes({"d": data, "f": [f for f in packed if f[2][0] in "YS"]})
    return payload, checksum(payload)


def read_matter_record(rel: str, hit: Any) -> tuple[dict[str, Any] | None, list[Finding]]:
    """What matter_record stored (as Cache.get returns it, checksum verified)."""
    return hit["d"], unpack(rel, hit["f"])
