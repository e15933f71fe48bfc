"""The fast path for simple front matter must read exactly what the safe YAML loader reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core import yamlsafe
from editor.core.post import read_post
from tests.conftest import corpus_params


def same_typed(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_typed(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_typed(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def agrees_with_yaml(text: str) -> None:
    fast = yamlsafe.fast_load(text)
    if fast is None:
        return
    try:
        full = yamlsafe.load(text)[0]
    except yamlsafe.FrontMatterError:
        pytest.fail(f"fast path accepted invalid YAML: {text!r}")
    assert same_typed(fast, full or {}), text


@pytest.mark.parametrize("path", corpus_params())
def test_fast_path_agrees_with_yaml_on_the_corpus(path: Path) -> None:
    post = read_post(path.read_bytes())
    agrees_with_yaml(post.front_matter_text)


values = st.one_of(
    st.text(alphabet="abcXYZ019 :#-_./'\"[],{}!&*@`|>%?\\\t", max_size=12),
    st.sampled_from(
        [
            "yes",
            "No",
            "ON",
            "null",
            "~",
            "true",
            "False",
            "0",
            "012",
            "-7",
            "1e3",
            "0x1F",
            "2024-01-02",
            "2024-13-02",
            "2024-01-02T10:00:00",
            "2024-01-02 10:00:00 +1",
            "[a, b]",
            "[ a ]",
            "[]",
            "[a,]",
            "[yes]",
            "'it''s'",
            '"q\\"x"',
            "a: b",
            "a #c",
        ]
    ),
)
line = st.tuples(st.sampled_from(["title", "yes", "a_b", "x-y", "On", "n", "date"]), values).map(
    lambda kv: f"{kv[0]}: {kv[1]}"
) | st.sampled_from(["", "# comment", "  ", "- item", "  nested: 1", "key:"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(line, max_size=6), st.booleans())
def test_fast_path_agrees_with_yaml_on_generated_lines(lines: list[str], crlf: bool) -> None:
    agrees_with_yaml(("\r\n" if crlf else "\n").join(lines) + "\n")


def test_fast_path_declines_what_it_cannot_be_sure_of() -> None:
    for text in (
        "a: yes\n",
        "a: 1.5\n",
        "a: 012\n",
        "a:\n  - x\n",
        "a: &x b\n",
        "a: 'it''s'\n",
        "a: b # c\n",
    ):
        assert yamlsafe.fast_load(text) is None, text
