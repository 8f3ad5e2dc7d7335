"""The cache never changes a result: valid and invalid catalogues, edits, revisions, damage."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from shenguan.catalog import WorkTree
from shenguan.catalog.cache import Cache, default_path
from shenguan.validation.stamp import context
from shenguan.validation.validate import validate
from shenguan.yamlio.digests import blob_id
from tests.support.catalogs import MATTER
from tests.support.files import edit as _edit
from tests.support.git import git


@pytest.fixture
def root(tmp_path: Path, cli) -> Path:
    path = tmp_path / "cat"
    assert cli("init", path).code == 0
    return path


def _findings(root: Path, cached: bool) -> list[tuple[str, str, int, str]]:
    cache = Cache(default_path(root), context("validate")) if cached else None
    report = validate(WorkTree(root), workers=1, cache=cache)
    return [(f.rule, f.file, f.line, f.message) for f in report.findings]


def _age(path: Path) -> None:
    """Make a file look old, so the stat shortcut may trust it (files younger than 2 s are hashed)."""
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


def test_blob_id_matches_git(root: Path) -> None:
    raw = (root / MATTER).read_bytes()
    assert blob_id(raw) == git(root, "hash-object", MATTER)


def test_cache_lives_in_the_git_directory(root: Path) -> None:
    assert default_path(root) == root / ".git" / "shenguan" / "cache.sqlite3"


def test_same_findings_with_and_without_cache_across_edits(root: Path) -> None:
    for f in root.rglob("*.yaml"):
        _age(f)
    assert _findings(root, True) == _findings(root, False) == []
    assert _findings(root, True) == []  # warm
    _edit(root / MATTER, "    value: 20\n", "    value: 200\n")
    _age(root / MATTER)  # same age as before: only size/inode/content differ
    expected = _findings(root, False)
    assert [f[0] for f in expected] == ["R301"]
    assert _findings(root, True) == expected
    _edit(root / MATTER, "    value: 200\n", "    value: 20\n    value: 3\n")
    expected = _findings(root, False)
    assert [f[0] for f in expected] == ["Y004"]
    assert _findings(root, True) == expected


def test_switching_revisions(root: Path) -> None:
    assert _findings(root, True) == []
    git(root, "checkout", "-q", "-b", "broken")
    _edit(root / MATTER, "  depth: Ⅲ\n", "  depth: Ⅳ\n")
    git(root, "commit", "-qam", "坏的修改")
    assert [f[0] for f in _findings(root, True)] == ["R304"]
    git(root, "checkout", "-q", "main")
    assert _findings(root, True) == []


def test_a_change_elsewhere_rechecks_unchanged_matters(root: Path) -> None:
    """A matter's findings also depend on the other records (here: its section's role): an unchanged
    matter is checked again when any of them changes, and the result is the uncached one."""
    for f in root.rglob("*.yaml"):
        _age(f)
    assert _findings(root, True) == []
    _edit(root / "departments/mzj.yaml", "    role: approval", "    role: other")
    _age(root / "departments/mzj.yaml")
    expected = _findings(root, False)
    assert [(f[0], f[1]) for f in expected] == [("R202", MATTER)]
    assert _findings(root, True) == expected
    _edit(root / "departments/mzj.yaml", "    role: other", "    role: approval")
    assert _findings(root, True) == _findings(root, False) == []


def test_a_moved_matter_is_checked_under_its_new_name(root: Path) -> None:
    assert _findings(root, True) == []
    (root / MATTER).rename(root / "matters/000700101001.yaml")
    expected = _findings(root, False)
    assert ("R102", "matters/000700101001.yaml") in {(f[0], f[1]) for f in expected}
    assert _findings(root, True) == expected


@pytest.mark.parametrize("damage", ["garbage", "foreign", "row", "file-row"])
def test_damaged_or_foreign_cache_is_rebuilt_not_trusted(root: Path, damage: str) -> None:
    assert _findings(root, True) == []
    path = default_path(root)
    if damage == "garbage":
        path.write_bytes(b"not a database" * 100)
    elif damage == "foreign":
        db = sqlite3.connect(path)
        db.execute("UPDATE meta SET value='someone-else' WHERE key='magic'")
        db.commit()
        db.close()
    else:  # a row whose payload no longer matches its checksum: a record, or a file's findings
        db = sqlite3.connect(path)
        if damage == "row":
            db.execute("UPDATE records SET payload=replace(payload, '承诺件', '即办件')")
        else:
            db.execute(
                """UPDATE files SET payload=replace(payload, '"f":[]', '"f":[[1,1,"R301","error","","假的","假的"]]')"""
            )
        assert db.total_changes > 0
        db.commit()
        db.close()
    assert _findings(root, True) == []
    _edit(root / MATTER, "    value: 20\n", "    value: 200\n")
    expected = _findings(root, False)
    assert _findings(root, True) == expected
    assert _findings(root, True) == expected


def test_cli_no_cache_writes_no_cache(cli, root: Path) -> None:
    assert cli("validate", "-C", root, "--no-cache").code == 0
    assert not default_path(root).exists()
    assert cli("validate", "-C", root).code == 0
    assert default_path(root).exists()


@pytest.mark.parametrize("link", ["shenguan.yaml", "matters"])
def test_symlinked_manifest_or_folder_is_reported_not_followed(
    root: Path, tmp_path: Path, link: str
) -> None:
    real = tmp_path / "elsewhere"
    (root / link).rename(real)
    (root / link).symlink_to(real)
    report = validate(WorkTree(root), workers=1)
    assert ("Y008", link) in {(f.rule, f.file) for f in report.findings}
    if link == "matters":
        assert report.summary["matters"] == 0


def test_rows_written_in_several_flushes_are_one_run(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shenguan.catalog.cache

    monkeypatch.setattr(shenguan.catalog.cache, "FLUSH_ROWS", 2)
    assert _findings(root, True) == []
    db = sqlite3.connect(default_path(root))
    files = db.execute("SELECT count(*) FROM files").fetchone()[0]
    db.close()
    assert files == len(WorkTree(root).files())
    _edit(root / MATTER, "    value: 20\n", "    value: 200\n")
    assert _findings(root, True) == _findings(root, False) != []


def test_runs_sharing_a_cache_at_once_agree(root: Path) -> None:
    """Four processes validating the same catalogue at the same time, cold then warm: same output,
    and a cache that still serves the next run."""
    import subprocess
    import sys

    def together() -> set[tuple[int, str]]:
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "shenguan", "validate", "-C", str(root), "--format", "json"],
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        outputs = [p.communicate()[0] for p in runs]
        return {(p.returncode, out) for p, out in zip(runs, outputs)}

    _edit(root / MATTER, "    value: 20\n", "    value: 200\n")
    cold = together()
    assert len(cold) == 1 and next(iter(cold))[0] == 1
    assert together() == cold
    assert _findings(root, True) == _findings(root, False)


def test_stamps_are_trusted_only_when_both_times_are_old(root: Path) -> None:
    """After two seconds a file is recognised by its stamp without being read; a rewrite that sets
    the modification time back (cp -p, touch -d) still changes the ctime, so it is read again."""
    import time

    time.sleep(2.1)
    assert _findings(root, True) == []
    db = sqlite3.connect(default_path(root))
    stamps = [row[0] for row in db.execute("SELECT stamp FROM files")]
    db.close()
    assert stamps and all(stamps), "old files are remembered by their stamp"
    path = root / MATTER
    before = path.stat()
    _edit(path, "    value: 20\n", "    value: 99\n")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    expected = _findings(root, False)
    assert [f[0] for f in expected] == ["R301"]
    assert _findings(root, True) == expected


def test_a_file_name_that_is_not_utf8_is_reported_not_read(root: Path, cli) -> None:
    import json

    bad = os.path.join(os.fsencode(root / "matters"), b"\xff.yaml")
    with open(bad, "wb") as handle:
        handle.write((root / MATTER).read_bytes())
    for args in ((), ("--no-cache",)):
        result = cli("validate", "-C", root, "--format", "json", *args)
        assert result.code == 1
        found = [(f["rule"], f["file"]) for f in json.loads(result.out)["findings"]]
        assert found == [("Y012", "matters/\ufffd.yaml")]


def test_a_misplaced_file_whose_name_is_not_utf8_is_reported(root: Path, cli) -> None:
    import json

    folder = root / "matters" / "旧"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"\xfe.yaml"), "wb") as handle:
        handle.write(b"kind: matter\n")
    result = cli("validate", "-C", root, "--format", "json", "--no-cache")
    assert result.code == 1
    assert [(f["rule"], f["file"]) for f in json.loads(result.out)["findings"]] == [
        ("Y012", "matters/旧/\ufffd.yaml")
    ]
