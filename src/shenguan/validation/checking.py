"""The incremental engine: `validate`'s loading, with matters kept as their facts and findings and
reused by content.

A run goes down once — validate → check_records → records (the file layer) → catalog.workers:
1. `records.survey`: the files, their cached rows, the blob ids known without a worker.
2. `records.load_some`: the records other than matters, whole (they are few). Of them the "world"
   (WORLD: the manifest, departments, standards, transfers, agreements) is all a matter check may
   read besides the matter; its digest, with the date, keys every matter's cached findings.
3. Matters (many), each as its facts and every finding of the YAML, schema and matter-rule layers:
   - from the file's row, while its bytes and the world are unchanged;
   - else from the matter's cached record (same bytes: the world changed, or the file moved),
     by running the matter checks (rules.check_matter) on it again here;
   - else `records.through`: read, parsed and checked against its schema in a worker, where
     `_step` runs the matter checks and serialises the rows, so the parent receives only facts,
     findings and payloads ready to store.
   validation.rows writes and reads these rows.
validate then runs the catalogue checks over the whole catalogue, from the facts.
"""

from __future__ import annotations

import hashlib
from typing import Any

from shenguan import yamlio
from shenguan.catalog import KIND_DIR, Catalog, Record, Source, kind_of
from shenguan.catalog.index import Context
from shenguan.findings import Finding
from shenguan.nogc import paused
from shenguan.validation import records, rules
from shenguan.validation.rows import (
    matter_key,
    matter_record,
    matter_row,
    pack,
    read_matter_record,
    read_matter_row,
    remember,
    unpack,
)
from shenguan.validation.rules.facts import facts

MATTERS = KIND_DIR["matter"] + "/"
# What matter checks may read besides the matter, and what their cached findings depend on: not
# liaisons, reviews or the reviewer registry, which change often and concern no single matter.
WORLD = ("manifest", "department", "standard", "transfer", "agreement")
# Matter fields no rule reads: dropped before the matter checks and from cached records, which keeps
# 100 k matters small. Rules must not read them (the golden cases prove it).
NOT_FOR_RULES = (
    "legal_basis",
    "quantity_limit",
    "intermediary",
    "special_procedures",
    "internal_note",
)
Checked = tuple[dict[str, Any] | None, list[Finding]]  # a matter's facts (None: unusable), findings


def check_records(
    source: Source,
    workers: int | None,
    cache: Any,
    today: Any,
    progress: records.Progress | None = None,
) -> tuple[Catalog, list[Finding]]:
    """The catalogue with matters as facts, and every finding of the YAML, schema and matter-rule
    layers; the caller runs the catalogue checks."""
    files = records.survey(source, cache, lambda rel: not rel.startswith(MATTERS))
    matter_rels = [r for r in files.rels if r.startswith(MATTERS)]  # files() holds records only
    world_rels = [r for r in files.rels if not r.startswith(MATTERS)]
    catalog, findings = Catalog(source), source.problems()
    for rel, data, found in records.load_some(files, world_rels, cache, workers):
        findings.extend(found)
        if data is not None:
            catalog.records.append(Record(rel, kind_of(rel) or "", data))
    # The matter checks see only the world: a check reading anything else would differ from the
    # one-pass run (rules.run) on the golden cases, which tests compare.
    ctx = Context(Catalog(source, [r for r in catalog.records if r.kind in WORLD]), today)
    world = _world(ctx, [r for r in world_rels if kind_of(r) in WORLD], files.blobs)
    matters = _Matters(files, cache, ctx, world)
    done = matters.reuse(matter_rels)
    done.update(matters.check([r for r in matter_rels if r not in done], workers, progress))
    for rel in matter_rels:
        fact, found = done[rel]
        findings.extend(found)
        if fact is not None:
            catalog.records.append(Record(rel, "matter", fact))
    return catalog, findings


def _world(ctx: Context, rels: list[str], blobs: dict[str, str]) -> str:
    """What the matter checks may read besides the matter: the world's bytes, and the date."""
    text = "\n".join([ctx.today.isoformat(), *(f"{rel}:{blobs.get(rel)}" for rel in rels)])
    return hashlib.sha1(text.encode()).hexdigest()


class _Matters:
    def __init__(self, files: records.Files, cache: Any, ctx: Context, world: str) -> None:
        self.files, self.cache, self.ctx, self.world = files, cache, ctx, world

    def reuse(self, rels: list[str]) -> dict[str, Checked]:
        """Matters whose row is current; then those whose record is cached under its blob id."""
        files, done, stale = self.files, {}, []
        with paused():
            for rel in rels:
                blob = files.blobs.get(rel)
                if blob is None:
                    continue  # unknown yet: a worker reads it
                got = read_matter_row(rel, files.rows.get(rel), blob, self.world)
                if got is None:
                    stale.append(rel)
                else:
                    done[rel] = got
        if self.cache is None:
            return done
        for rel in files.raws.keys() & done.keys():  # unchanged, but its stamp was new: learn it
            row = files.rows[rel]
            remember(self.cache, files.source, rel, row, row[1], files.stamps.get(rel), *row[2:])
        if stale:
            hits = self.cache.get(sorted({matter_key(files.blobs[r]) for r in stale}))
            for rel in stale:
                hit = hits.get(matter_key(files.blobs[rel]))
                if hit is not None:
                    done[rel] = self._recheck(rel, *read_matter_record(rel, hit))
        return done

    def _recheck(self, rel: str, data: dict[str, Any] | None, found: list[Finding]) -> Checked:
        if data is not None:
            found = found + rules.check_matter(
                self.ctx,
                Record(rel, "matter", data),
                lambda p, k: self.ctx.catalog.locate(rel, p, k),
            )
        fact = facts(data) if data is not None else None
        files = self.files
        stamp = files.stamps.get(rel)
        row = matter_row(fact, pack(found))
        blob = files.blobs[rel]
        remember(self.cache, files.source, rel, files.rows.get(rel), blob, stamp, self.world, *row)
        return fact, found

    def check(
        self, rels: list[str], workers: int | None, progress: records.Progress | None
    ) -> dict[str, Checked]:
        """Through the file layer in worker processes (forked: they inherit the world's context),
        the matter checks run there by `_step`."""
        files, cache, done = self.files, self.cache, {}
        for rel, blob, stamp, (fact, packed, record, row) in records.through(
            files, rels, self._step, workers, progress
        ):
            done[rel] = fact, unpack(rel, packed) if packed else []
            if cache is not None:
                cache.put_text(matter_key(blob), *record)
                old = files.rows.get(rel)
                remember(
                    cache, files.source, rel, old, blob, files.stamp(rel, stamp), self.world, *row
                )
        return done

    def _step(
        self, rel: str, data: dict[str, Any] | None, found: list[Finding], text: str
    ) -> tuple[Any, ...]:
        """In a worker, after the YAML and schema layers: the facts and packed findings, the
        matter's record payload and its file row's payload, each with its checksum."""
        if data is not None:
            data = project(data)
            locator = yamlio.Locator(text)
            found = found + rules.check_matter(
                self.ctx, Record(rel, "matter", data), locator.locate
            )
        fact, packed = facts(data) if data is not None else None, pack(found)
        return fact, packed, matter_record(data, packed), matter_row(fact, packed)


def project(data: dict[str, Any]) -> dict[str, Any]:
    """A matter without what no rule reads: of materials only their names (办理情形 name them), of
    the FAQ only how many there are, of process steps all but their descriptions."""
    slim = {k: v for k, v in data.items() if k not in NOT_FOR_RULES}
    _slim_elements(slim)
    if isinstance(slim.get("process"), list):
        slim["process"] = [
            {k: v for k, v in s.items() if k != "description"} if isinstance(s, dict) else s
            for s in slim["process"]
        ]
    if isinstance(slim.get("handle_items"), list):
        slim["handle_items"] = [
            _slim_elements(dict(i)) if isinstance(i, dict) else i for i in slim["handle_items"]
        ]
    return slim


def _slim_elements(data: dict[str, Any]) -> dict[str, Any]:
    materials, faq = data.get("materials"), data.get("faq")
    if isinstance(materials, list):
        data["materials"] = [
            {"name": m["name"]} if isinstance(m, dict) and "name" in m else m for m in materials
        ]
    if isinstance(faq, list):
        data["faq"] = [{} for _ in faq]
    return data
