"""The change the golden review packet is made from, on a real git repository of tests/cases/base:
a material added and a time limit shortened (食品经营许可), a consulting phone changed (contact
only), a matter cancelled (预防接种异常反应鉴定) and a new matter added (a copy of 公共体育场馆开放预约)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.catalogs import BASE
from tests.support.git import commit, git

FOOD = "matters/000172013000.yaml"
CANCELLED = "matters/000718003000.yaml"
SOURCE = "matters/002017011000.yaml"
NEW = "matters/002017012000.yaml"
MATERIAL = """  - name: 食品安全自查制度
    type: 其他
    source: 申请人自备
    necessity: 容缺后补
    form: 纸质/电子化
    originals: 1
    copies: 0
"""


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def build(root: Path) -> Path:
    """main holds the base catalogue; branch `change` holds the four edits, committed."""
    shutil.copytree(BASE, root)
    git(root, "init", "-q")
    commit(root, "初始目录")
    git(root, "checkout", "-q", "-b", "change")
    replace(root, FOOD, "materials:\n", "materials:\n" + MATERIAL)
    replace(root, FOOD, "  promised:\n    value: 5\n", "  promised:\n    value: 3\n")
    replace(root, FOOD, '"029-86250101"', '"029-86250109"')
    replace(root, CANCELLED, "status: 在用", "status: 已取消")
    adjustment = '  - date: "2026-11-20"\n    kind: 取消\n    basis: 未审改办发〔2026〕8号\n'
    (root / CANCELLED).write_text(
        (root / CANCELLED).read_text(encoding="utf-8") + adjustment, encoding="utf-8"
    )
    text = (root / SOURCE).read_text(encoding="utf-8")
    text = text.replace("002017011000", "002017012000").replace(
        "公共体育场馆开放预约", "全民健身场地开放预约"
    )
    (root / NEW).write_text(text, encoding="utf-8")
    commit(root, "新增材料、压缩时限、取消一个事项、新增一个事项")
    return root
