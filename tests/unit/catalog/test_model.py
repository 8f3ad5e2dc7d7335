"""effective_item: a handle item's own elements, and the matter's for each it lacks."""

from __future__ import annotations

import copy
from typing import Any

from shenguan import yamlio
from shenguan.catalog.model import effective_item
from shenguan.validation import schemas
from tests.support.catalogs import BASE

FOOD = BASE / "matters" / "000172013000.yaml"


def _food() -> dict[str, Any]:
    data = yamlio.load_bytes(FOOD.read_bytes())
    assert isinstance(data, dict)
    return data


def test_an_item_with_nothing_of_its_own_inherits_every_element() -> None:
    food = _food()
    new = food["handle_items"][0]
    assert list(new) == ["no", "name", "kind"]
    got = effective_item(food, new)
    assert list(got) == [
        "no",
        "name",
        "kind",
        "statutory",
        "promised",
        "conditions",
        "materials",
        "fee",
    ]
    assert got["statutory"] == {"value": 20, "unit": "工作日"}
    assert got["promised"]["value"] == 5 and got["conditions"] == food["conditions"]
    assert got["materials"] is food["materials"] and got["fee"] == {"charged": False}
    assert "situations" not in got  # the matter has none: nothing to inherit


def test_own_elements_win_and_the_others_are_inherited() -> None:
    food = _food()
    renewal = food["handle_items"][2]  # 延续: its own promised 3 工作日
    got = effective_item(food, renewal)
    assert got["promised"] == {"value": 3, "unit": "工作日"}
    assert got["statutory"] == {"value": 20, "unit": "工作日"}

    cancel = copy.deepcopy(food["handle_items"][3])
    own = [
        {
            "name": "食品经营许可注销申请书",
            "type": "申请表格文书",
            "source": "申请人自备",
            "necessity": "必要",
            "form": "纸质/电子化",
        }
    ]
    cancel |= {
        "materials": own,
        "fee": {"charged": False},
        "conditions": "已取得食品经营许可证，且不再从事食品经营活动。",
        "situations": [{"name": "许可证遗失", "materials": ["食品经营许可注销申请书"]}],
    }
    got = effective_item(food, cancel)
    assert got["materials"] == own and got["conditions"].startswith("已取得")
    assert got["situations"] == cancel["situations"]
    assert got["promised"]["value"] == 5  # still the matter's
    # the item with its own elements is what the schema accepts
    food["handle_items"][3] = cancel
    assert schemas.check("matter", food) == []


def test_an_empty_list_of_its_own_is_kept_and_inputs_are_not_changed() -> None:
    food = _food()
    before = copy.deepcopy(food)
    item = {"no": "05", "name": "补证", "materials": [], "extra": 1}
    got = effective_item(food, item)
    assert got["materials"] == [] and list(got)[-1] == "extra"
    assert food == before and item == {"no": "05", "name": "补证", "materials": [], "extra": 1}


def test_a_matter_with_broken_fields_gives_what_it_can() -> None:
    item = {"no": "01", "name": "新办"}
    assert effective_item({"time_limit": "五天", "fee": None}, item) == item
    assert effective_item({"time_limit": {"promised": {"value": 1, "unit": "工作日"}}}, item) == {
        **item,
        "promised": {"value": 1, "unit": "工作日"},
    }
