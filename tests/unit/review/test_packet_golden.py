"""The golden review packet: one change that adds a material, shortens a time limit, edits a
phone, cancels a matter and adds a new one, read byte for byte in `review request` (Markdown),
`diff` (text) and `diff --format markdown` (the pull-request comment).

Commit ids are replaced by placeholders (they follow git's object format, not our output);
everything else, content digests included, must match. SHENGUAN_UPDATE_GOLDEN=1 rewrites the files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.catalogs import CASES
from tests.support.git import git
from tests.unit.review.packet_scenario import build

GOLDEN = CASES / "packets" / "four-changes"
OUTPUTS = {
    "request.md": ("review", "request", "--base", "main"),
    "diff.txt": ("diff", "main", "HEAD"),
    "diff.md": ("diff", "main", "HEAD", "--format", "markdown"),
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return build(tmp_path / "repo")


def _normalised(text: str, repo: Path) -> str:
    for name, rev in (("基准提交", "main"), ("当前提交", "HEAD")):
        text = text.replace(git(repo, "rev-parse", rev)[:12], f"<{name}>")
    return text


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_golden_packet(cli, repo: Path, name: str) -> None:
    r = cli(*OUTPUTS[name], cwd=repo)
    assert r.code == 0, r.err
    got = _normalised(r.out, repo)
    path = GOLDEN / name
    if os.environ.get("SHENGUAN_UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_golden_output_has_no_json_english_keys_or_pointers() -> None:
    for name in OUTPUTS:
        text = (GOLDEN / name).read_text(encoding="utf-8")
        for forbidden in (
            '{"',
            "[{",
            "/time_limit",
            "promised",
            "materials",
            "consult_phone",
            "事项类型 01",
        ):
            assert forbidden not in text, (name, forbidden)
        assert "新增记录，含" not in text and "个字段" not in text
