"""The field schema: house order and quoting come from it; sites declare their own fields."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core import fields, surgery
from editor.core.fields import Field, declared_fields


def _edit(text: str, changes: dict[str, Any]) -> str:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    return surgery.edit(text, root, yaml.safe_load(text) or {}, changes, [])


def test_house_order_is_the_products_conventional_order() -> None:
    assert fields.house_order() == ("layout", "title", "date", "author", "categories", "tags",
                                    "excerpt", "image")
    assert fields.house_quoted() == {"title", "author", "excerpt"}


def test_a_field_added_to_the_schema_takes_its_place_in_house_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = "layout: post\ntitle: T\nauthor: a\n"
    # Today "subtitle" is an unknown key: it goes after everything.
    assert _edit(text, {"subtitle": "S"}) == "layout: post\ntitle: T\nauthor: a\nsubtitle: S\n"
    subtitle = Field("subtitle", "Subtitle", "text", "story", house=1.5, quoted=True)
    monkeypatch.setattr(fields, "BUILT_IN", (*fields.BUILT_IN, subtitle))
    assert fields.house_order()[:3] == ("layout", "title", "subtitle")
    assert _edit(text, {"subtitle": "S"}) == 'layout: post\ntitle: T\nsubtitle: "S"\nauthor: a\n'


def test_a_site_declares_typed_fields() -> None:
    schema = declared_fields({"dateline": {"fields": [
        {"key": "section", "label": "Section", "kind": "choice", "choices": ["News", "Sport"]},
        {"key": "image_alt", "label": "Image description", "kind": "text", "after": "image"},
        {"key": "subtitle"},
    ]}})
    assert schema.notices == ()
    section = schema.get("section")
    assert section is not None and section.kind == "choice" and section.site
    assert section.choices == ("News", "Sport")
    keys = [f.key for f in schema.fields]
    assert keys.index("image_alt") == keys.index("image") + 1
    alt = schema.get("image_alt")
    assert alt is not None and alt.group == "story" and alt.name == "Image description"
    subtitle = schema.get("subtitle")
    assert subtitle is not None and subtitle.kind == "text" and subtitle.name == "Subtitle"
    assert {"section", "image_alt", "subtitle", "title"} <= schema.keys


@pytest.mark.parametrize(("section", "needle"), [
    ("dateline: [a]", "dateline should be a mapping"),
    ("dateline: {fields: 3}", "dateline.fields should be a list"),
    ("dateline: {fields: [3]}", "item 1 is not a mapping"),
    ("dateline: {fields: [{label: X}]}", "needs a key"),
    ("dateline: {fields: [{key: 'a b'}]}", "needs a key"),
    ("dateline: {fields: [{key: x, kind: colour}]}", "kind “colour”"),
    ("dateline: {fields: [{key: x, kind: choice}]}", "without a list of choices"),
    ("dateline: {fields: [{key: x, kind: choice, choices: [{a: 1}]}]}", "without a list"),
    ("dateline: {fields: [{key: title, kind: choice, choices: [A]}]}", "built-in field"),
    ("dateline: {fields: [{key: x}, {key: x}]}", "declared twice"),
    ("dateline: {fields: [{key: x, colour: red}]}", "unknown setting “colour”"),
    ("dateline: {fields: [{key: x, group: [1]}]}", "group"),
    ("dateline: {fields: [{key: x, after: nowhere}]}", "names no field"),
    ("dateline: {fields: [{key: x, default: .nan}]}", "default is for bool fields"),
    ("dateline: {fields: [{key: [x]}]}", "needs a key"),
    ("dateline: {fields: [{key: x, kind: [text]}]}", "kind"),
])
def test_a_bad_declaration_gives_a_notice_never_a_crash(section: str, needle: str) -> None:
    schema = declared_fields(yaml.safe_load(section))
    assert any(needle in notice for notice in schema.notices), schema.notices
    assert [f.key for f in schema.fields[:len(fields.BUILT_IN)]] == [
        f.key for f in fields.BUILT_IN]


def test_a_site_without_declarations_has_the_built_in_schema() -> None:
    assert declared_fields({}).fields == fields.BUILT_IN
    assert declared_fields({"title": "Site"}).notices == ()


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(max_size=8), st.sampled_from(["key", "kind", "choice", "text",
                                                            "choices", "after", "title"]))
_yaml_like = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_scalars, inner, max_size=4)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_yaml_like, st.fixed_dictionaries({"fields": st.lists(
    st.dictionaries(st.sampled_from(sorted(fields._SETTINGS) + ["x"]), _yaml_like,
                    max_size=6), max_size=5)})))
def test_any_dateline_section_gives_a_schema_never_an_exception(section: Any) -> None:
    schema = declared_fields({"dateline": section})
    keys = [f.key for f in schema.fields]
    assert len(keys) == len(set(keys))
    assert keys[:len(fields.BUILT_IN)] == [f.key for f in fields.BUILT_IN] or any(
        f.site for f in schema.fields)
    assert all(isinstance(n, str) and n for n in schema.notices)
    assert schema == declared_fields({"dateline": section})  # so the form is built once
