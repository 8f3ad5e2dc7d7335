"""Nothing silent (issue 13 item 7): invisible characters refused, an empty opinion refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from shenguan import yamlio
from shenguan.errors import UsageError
from shenguan.review import record
from shenguan.review.sign import sign
from tests.support.catalogs import fresh


@pytest.mark.parametrize("char", ["\U000e0041", "\U000e007f", "\u00ad", "\u3164"])
def test_tag_characters_soft_hyphen_and_hangul_filler_are_refused(char: str) -> None:
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load_bytes(f"name: 食品{char}经营许可\n".encode())
    assert caught.value.rule == "Y006" and (caught.value.line, caught.value.column) == (1, 9)


def test_an_empty_opinion_is_a_usage_error(tmp_path: Path) -> None:
    root = fresh(tmp_path)
    with pytest.raises(UsageError, match="审查意见不能为空"):
        sign(root, "main", record.APPROVE, "  ", tmp_path / "no-key")
