"""Which changes need legality review: the manifest policy, exempt contact fields, the trust files."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shenguan.review.policy import DEFAULT_EXEMPT, DEFAULT_KINDS, Policy, changed_pointers
from shenguan.yamlio import canonical_json

MATTER: dict[str, Any] = {
    "kind": "matter",
    "id": "000700101000",
    "name": "社会团体成立登记",
    "time_limit": {"promised": {"value": 20, "unit": "工作日"}},
    "contact": {"consult_phone": "029-00000002"},
    "hall": {"in_hall": True},
    "handle_items": [{"no": "01", "contact": {"consult_phone": "029-1"}}],
}


def with_(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**data, **changes}


def test_defaults_are_matters_and_transfers_with_contact_fields_exempt() -> None:
    policy = Policy.from_manifest({})
    assert policy.kinds == DEFAULT_KINDS == ("matter", "transfer")
    assert "/contact/consult_phone" in DEFAULT_EXEMPT and policy.accept_paper is False


def test_the_manifest_policy_is_read_and_malformed_parts_fall_back() -> None:
    policy = Policy.from_manifest(
        {
            "review_policy": {
                "kinds": ["matter", "standard"],
                "accept_paper": True,
                "exempt_fields": ["/contact/consult_phone", "", "x"],
            }
        }
    )
    assert policy.kinds == ("matter", "standard") and policy.accept_paper
    assert policy.exempt_fields == ("/contact/consult_phone",)
    assert Policy.from_manifest({"review_policy": {"kinds": "matter"}}).kinds == DEFAULT_KINDS


def test_a_phone_only_edit_needs_no_review() -> None:
    after = with_(MATTER, contact={"consult_phone": "029-99999999"})
    assert Policy().review_pointers("matter", MATTER, after) == []


def test_adding_a_contact_block_with_only_phones_needs_no_review() -> None:
    before = {k: v for k, v in MATTER.items() if k != "contact"}
    assert Policy().review_pointers("matter", before, MATTER) == []


def test_a_time_limit_edit_needs_review() -> None:
    after = with_(MATTER, time_limit={"promised": {"value": 15, "unit": "工作日"}})
    assert Policy().review_pointers("matter", MATTER, after) == ["/time_limit/promised/value"]


def test_a_phone_and_a_name_edit_together_need_review_for_the_name() -> None:
    after = with_(MATTER, name="新名称", contact={"consult_phone": "029-99999999"})
    assert Policy().review_pointers("matter", MATTER, after) == ["/name"]


def test_added_and_removed_records_need_review() -> None:
    assert "/name" in Policy().review_pointers("matter", None, MATTER)
    assert "/name" in Policy().review_pointers("transfer", {"name": "x"}, None)


def test_kinds_outside_the_policy_need_none() -> None:
    assert Policy().review_pointers("department", {"name": "a"}, {"name": "b"}) == []


def test_a_star_in_an_exempt_field_matches_any_list_entry() -> None:
    policy = Policy(exempt_fields=("/handle_items/*/contact/consult_phone",))
    after = with_(MATTER, handle_items=[{"no": "01", "contact": {"consult_phone": "029-2"}}])
    assert policy.review_pointers("matter", MATTER, after) == []


def test_the_review_policy_itself_needs_review_once_there_are_reviewers() -> None:
    before = {"kind": "manifest", "review_policy": {"kinds": ["matter"]}}
    after = {"kind": "manifest", "review_policy": {"kinds": []}}
    assert Policy().review_pointers("manifest", before, after) == ["/review_policy/kinds/0"]
    assert Policy().review_pointers("manifest", before, after, guarded=False) == []
    hours = ({"public_site": {"hours": "9:00"}}, {"public_site": {"hours": "8:30"}})
    assert Policy().review_pointers("manifest", *hours) == []


def test_trust_files_need_review_once_there_are_reviewers() -> None:
    assert Policy().review_pointers("trust", b"a", b"b") == [""]
    assert Policy().review_pointers("trust", b"a", b"b", guarded=False) == []
    assert Policy().review_pointers("trust", b"a", b"a") == []


@pytest.mark.parametrize(
    ("before", "after", "pointers"),
    [
        ({"a": 1}, {"a": 1}, []),
        ({"a": 1}, {"a": True}, ["/a"]),
        ({"a": [1, 2]}, {"a": [1]}, ["/a/1"]),
        ({"a": {}}, {}, ["/a"]),
        ({"a/b": 1}, {"a/b": 2}, ["/a~1b"]),
    ],
)
def test_changed_pointers(before: Any, after: Any, pointers: list[str]) -> None:
    assert changed_pointers(before, after) == pointers


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(json_values, json_values)
def test_changed_pointers_are_empty_exactly_when_the_digest_is_unchanged(a: Any, b: Any) -> None:
    assert (changed_pointers({"v": a}, {"v": b}) == []) == (canonical_json(a) == canonical_json(b))
    assert changed_pointers({"v": a}, {"v": a}) == []
