"""`validate`'s loading: every record through the YAML, schema and matter-rule layers, reused by content.

Records other than matters are few and loaded whole. Of them, the "world" (WORLD below: the manifest,
departments, standards, transfers, agreements) is all a matter check may read besides the matter.
Matters are many: each is parsed, checked against its schema and by the matter checks
(rules.check_matter) once, in worker processes, and kept as its facts and findings. A later run
reuses them while the matter's bytes and the world are unchanged, so it reads, parses and checks
only what changed; the catalogue checks then run over the whole catalogue from the facts.
"""

from __future__ import annotations

import hashlib
from typing import Any

from shenguan.catalog import KIND_DIR, Catalog, Record, Source, kind_of
from shenguan.catalog.index import Context
from shenguan.catalog.workers import Known, Progress, blob_ids, run_jobs
from shenguan.findings import Finding
from shenguan.nogc import paused
from shenguan.validation import rules, schemas
from shenguan.validation.records import check_text, load_some, pack, remember, unpack
from shenguan.validation.rules.facts import facts

MATTERS = KIND_DIR["matter"] + "/"
# What matter checks may read besides the matter, and what their cached findings depend on: not
# liaisons, reviews or the reviewer registry, which change often and concern no single matter.
WORLD = ("manifest", "department", "standard", "transfer", "agreement")
# Matter fields no rule reads: dropped before the matter checks and from cached records, which keeps
# 100 k matters small. Rules must not read them (the golden cases prove it).
NOT_FOR_RULES = (
    "legal_basis",
    "materials",
    "conditions",
    "quantity_limit",
    "intermediary",
    "special_procedures",
    "faq",
    "internal_note",
)


def check_records(
    source: Source,
    workers: int | None,
    cache: Any,
    ctx_today: Any,
    progress: Progress | None = None,
) -> tuple[Catalog, list[Finding]]:
    """The catalogue with matters as facts, and every finding of the YAML, schema and matter-rule
    layers; the caller runs the catalogue checks."""
    rels = source.files()
    rows = cache.files(source.label) if cache is not None else {}
    matter_rels = [r for r in rels if r.startswith(MATTERS)]  # files() holds record paths only
    world_rels = [r for r in rels if not r.startswith(MATTERS)]
    known = blob_ids(source, rels, rows, lambda rel: not rel.startswith(MATTERS))
    blobs, raws = known.blobs, known.raws
    catalog, findings = Catalog(source), source.problems()
    for rel, data, found in load_some(source, world_rels, cache, workers, rows=rows, known=known):
        findings.extend(found)
        if data is not None:
            catalog.records.append(Record(rel, kind_of(rel) or "", data))
    # The matter checks see only the world: a check reading anything else would differ from the
    # one-pass run (rules.run) on the golden cases, which tests compare.
    ctx = Context(Catalog(source, [r for r in catalog.records if r.kind in WORLD]), ctx_today)
    world = _world(ctx, [r for r in world_rels if kind_of(r) in WORLD], blobs)
    matters = _Matters(source, cache, ctx, world, rows)
    done = matters.reuse(matter_rels, known)
    done.update(
        matters.check(
            [(r, raws.get(r), blobs.get(r)) for r in matter_rels if r not in done],
            workers,
            progress,
        )
    )
    for rel in matter_rels:
        data, found = done[rel]
        findings.extend(found)
        if data is not None:
            catalog.records.append(Record(rel, "matter", data))
    return catalog, findings


def _world(ctx: Context, rels: list[str], blobs: dict[str, str]) -> str:
    """What the matter checks may read besides the matter: the world's bytes, and the date."""
    text = "\n".join([ctx.today.isoformat(), *(f"{rel}:{blobs.get(rel)}" for rel in rels)])
    return hashlib.sha1(text.encode()).hexdigest()


class _Matters:
    def __init__(
        self, source: Source, cache: Any, ctx: Context, world: str, rows: dict[str, Any]
    ) -> None:
        self.source, self.cache, self.ctx, self.world, self.rows = source, cache, ctx, world, rows

    def reuse(
        self, rels: list[str], known: Known
    ) -> dict[str, tuple[dict[str, Any] | None, list[Finding]]]:
        """Matters whose row is current; then those whose record is cached under its blob id (the
        matter checks rerun on the cached record: the world changed, or the file moved)."""
        done: dict[str, tuple[dict[str, Any] | None, list[Finding]]] = {}
        stale: list[str] = []
        blobs = known.blobs
        with paused():
            self._reuse_rows(rels, blobs, done, stale)
        for rel in known.raws.keys() & done.keys():  # unchanged, but its stamp was new: learn it
            row = self.rows[rel]
            if self.cache is not None:
                remember(
                    self.cache,
                    self.source,
                    rel,
                    row,
                    row[1],
                    row[2],
                    row[3],
                    row[4],
                    stamp=known.stamps.get(rel),
                )
        if stale and self.cache is not None:
            hits = self.cache.get(sorted({_key(blobs[r]) for r in stale}))
            for rel in stale:
                hit = hits.get(_key(blobs[rel]))
                if hit is not None:
                    done[rel] = self._recheck(rel, blobs[rel], hit["d"], unpack(rel, hit["f"]))
        return done

    def _reuse_rows(
        self, rels: list[str], blobs: dict[str, str], done: dict[str, Any], stale: list[str]
    ) -> None:
        from shenguan.catalog.rows import checksum, loads

        world, rows = self.world, self.rows
        for rel in rels:
            row, blob = rows.get(rel), blobs.get(rel)
            if blob is None:
                continue
            if (
                row is not None
                and row[1] == blob
                and row[2] == world
                and checksum(row[3]) == row[4]
            ):
                try:
                    payload = loads(row[3])
                    done[rel] = payload["x"], unpack(rel, payload["f"]) if payload["f"] else []
                    continue
                except (ValueError, KeyError, TypeError):
                    pass  # not a row this version wrote: checked again
            stale.append(rel)

    def _recheck(
        self, rel: str, blob: str, data: dict[str, Any] | None, found: list[Finding]
    ) -> tuple[dict[str, Any] | None, list[Finding]]:
        if data is not None:
            found = found + rules.check_matter(
                self.ctx,
                Record(rel, "matter", data),
                lambda p, k: self.ctx.catalog.locate(rel, p, k),
            )
        fact = facts(data) if data is not None else None
        self._remember(rel, blob, fact, found)
        return fact, found

    def check(
        self,
        jobs: list[tuple[str, bytes | None, str | None]],
        workers: int | None,
        progress: Progress | None,
    ) -> dict[str, tuple[dict[str, Any] | None, list[Finding]]]:
        """Parse and check in worker processes (forked: they inherit the world's context)."""
        done = {}
        for rel, blob, (fact, found, record, row, stamp) in run_jobs(
            self.source, jobs, self._job, workers, progress, before_fork=schemas.prepare
        ):
            done[rel] = fact, unpack(rel, found) if found else []
            if self.cache is not None:
                self.cache.put_text(_key(blob), *record)
                remember(
                    self.cache,
                    self.source,
                    rel,
                    self.rows.get(rel),
                    blob,
                    self.world,
                    *row,
                    stamp=stamp,
                )
        return done

    def _job(self, rel: str, raw: bytes, blob: str, stamp: Any) -> tuple[Any, ...]:
        """In a worker: the facts and findings; the cached record (projected data, YAML and schema
        findings) and the file's row, each serialised with its checksum."""
        from shenguan import yamlio
        from shenguan.catalog.rows import checksum, pack_record

        data, found, text = check_text(rel, raw)
        if data is not None:
            data = project(data)
            locator = yamlio.Locator(text)
            found = found + rules.check_matter(
                self.ctx, Record(rel, "matter", data), locator.locate
            )
        fact, packed = facts(data) if data is not None else None, pack(found)
        record = pack_record({"d": data, "f": [f for f in packed if f[2][0] in "YS"]})
        return fact, packed, (record, checksum(record)), _row(fact, packed), stamp

    def _remember(
        self, rel: str, blob: str, fact: dict[str, Any] | None, found: list[Finding]
    ) -> None:
        if self.cache is not None:
            remember(
                self.cache,
                self.source,
                rel,
                self.rows.get(rel),
                blob,
                self.world,
                *_row(fact, pack(found)),
            )


def _key(blob: str) -> str:
    """A matter's key in the cache's records table."""
    return f"matter:{blob}"


def _row(fact: dict[str, Any] | None, packed: list[list[Any]]) -> tuple[str, str]:
    """A matter's payload in the cache's files table (what _reuse_rows reads), with its checksum."""
    from shenguan.catalog.rows import checksum, dump

    text = dump({"x": fact, "f": packed})
    return text, checksum(text)


def project(data: dict[str, Any]) -> dict[str, Any]:
    """A matter without the fields no rule reads."""
    slim = {k: v for k, v in data.items() if k not in NOT_FOR_RULES}
    if isinstance(slim.get("process"), list):
        slim["process"] = [
            {k: v for k, v in s.items() if k != "description"} if isinstance(s, dict) else s
            for s in slim["process"]
        ]
    return slim
