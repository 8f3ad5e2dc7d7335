"""The journal's set of writes with one folder sync per folder (issue 15 item 4)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from shenguan.catalog import journal, lock


def test_a_set_of_many_files_into_new_folders_is_written_and_the_journal_removed(
    tmp_path: Path,
) -> None:
    root = tmp_path / "cat"
    root.mkdir()
    lock_file = lock.lock_path(root)
    changes = {f"matters/{n:04}.yaml": f"n: {n}\n".encode() for n in range(200)}
    changes["departments/d.yaml"] = b"d: 1\n"
    journal.write_all(root, lock_file, changes)
    assert not journal.journal_path(lock_file).exists()
    for rel, raw in changes.items():
        assert (root / rel).read_bytes() == raw
    assert len(list((root / "matters").iterdir())) == 200  # no temp file left


def test_recovery_redoes_the_missing_files_and_keeps_those_already_new(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    (root / "matters").mkdir(parents=True)
    lock_file = lock.lock_path(root)
    changes = {f"matters/{n}.yaml": f"n: {n}\n".encode() for n in range(5)}
    # Killed after two renames whose folder was never synced: the journal is whole, two are new.
    document = {
        "root": str(root.resolve()),
        "files": [
            {"file": rel, "old": None, "new": base64.b64encode(raw).decode()}
            for rel, raw in sorted(changes.items())
        ],
    }
    journal.journal_path(lock_file).write_text(json.dumps(document), encoding="utf-8")
    for rel in ("matters/0.yaml", "matters/1.yaml"):
        (root / rel).write_bytes(changes[rel])
    (root / "matters" / ".3.yaml.abcd1234.tmp").write_bytes(b"n: ")
    with lock.hold(root):
        pass
    assert not journal.journal_path(lock_file).exists()
    assert {p.name: p.read_bytes() for p in (root / "matters").iterdir()} == {
        rel.removeprefix("matters/"): raw for rel, raw in changes.items()
    }
