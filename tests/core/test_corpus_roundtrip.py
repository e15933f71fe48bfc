"""G1 and G2 on every post of the real-world corpus: no-op saves and surgical edits."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from pathlib import Path

import pytest
import yaml

from editor.cli import main as cli_main
from editor.core import jekyll
from editor.core.post import Post, read_post
from tests.conftest import corpus_params

NEW_TITLE = 'Breaking: "Mayor" signs order 🎉 #1'


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The lines removed or added between two versions of a file."""
    a = read_post(before).to_text().splitlines(keepends=True)
    b = read_post(after).to_text().splitlines(keepends=True)
    return [line for line in difflib.ndiff(a, b) if line[:1] in "+-"]


def key_lines(post: Post, key: str) -> set[str]:
    """The raw front-matter lines of ``key``: from its line up to the next top-level key."""
    lines = post.front_matter_text.split("\n")
    root = yaml.compose(post.front_matter_text, Loader=yaml.CSafeLoader)
    if root is None:
        return set()
    starts = [k.start_mark.line for k, _ in root.value] + [len(lines)]
    out: set[str] = set()
    for (k, _), begin, end in zip(root.value, starts, starts[1:], strict=False):
        if k.value == key:
            out.update(lines[begin:end])
    return out


@pytest.mark.parametrize("path", corpus_params())
def test_open_and_save_without_edit_gives_identical_bytes(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    post = read_post(data)
    assert post.to_bytes() == data
    post.set_body(post.body)
    if post.problem is None:
        post.replace_front_matter(post.front_matter)
    assert post.to_bytes() == data


@pytest.mark.parametrize("path", corpus_params())
def test_set_title_to_its_current_value_changes_no_byte(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    post = read_post(data)
    title = post.get("title")
    if post.problem is not None or not isinstance(title, str):
        pytest.skip("no readable text title")
    copy = tmp_path / path.name
    copy.write_bytes(data)
    assert cli_main(["set", str(copy), "title=" + json.dumps(title, ensure_ascii=False)]) == 0
    assert copy.read_bytes() == data


EDITS = [
    ("title", NEW_TITLE),
    ("date", dt.datetime(2024, 2, 3, 4, 5, 6)),
    ("tags", ["alpha", "beta: gamma", "yes"]),
    ("categories", ["News"]),
]


@pytest.mark.parametrize("path", corpus_params())
@pytest.mark.parametrize(("key", "value"), EDITS, ids=[k for k, _ in EDITS])
def test_setting_one_field_rewrites_only_that_field(path: Path, key: str, value: object) -> None:
    data = path.read_bytes()
    post = read_post(data)
    if post.problem is not None:
        pytest.skip("broken front matter is edited as text")
    if key == "title" and not isinstance(post.get("title"), str):
        pytest.skip("no readable title")
    before = post.front_matter
    old_key_lines = key_lines(post, key)
    post.set(key, value)
    out = post.to_bytes()
    again = read_post(out)
    assert again.problem is None
    got = again.get(key)
    # A date held as a string (e.g. "+0800", which YAML 1.1 does not read as a time)
    # stays a string of the same shape.
    assert got == value or (isinstance(before.get(key), str) and jekyll.as_datetime(got) == value)
    assert {k: v for k, v in again.front_matter.items() if k != key} == {
        k: v for k, v in before.items() if k != key
    }
    assert again.body == read_post(data).body
    # Only the field's own lines were removed; everything else is byte-identical.
    removed = {
        line[2:].rstrip("\r\n") for line in changed_lines(data, out) if line.startswith("- ")
    }
    assert removed <= {ln.rstrip("\r") for ln in old_key_lines}, removed


@pytest.mark.parametrize("path", corpus_params())
def test_adding_then_removing_image_restores_the_file(path: Path) -> None:
    data = path.read_bytes()
    post = read_post(data)
    if post.problem is not None or "image" in post:
        pytest.skip("broken or already has an image")
    post.set("image", "assets/images/0123abcd.jpg")
    added = post.to_bytes()
    assert [ln for ln in changed_lines(data, added) if ln.startswith("- ")] == [] or not read_post(
        data
    ).has_front_matter
    assert read_post(added).get("image") == "assets/images/0123abcd.jpg"
    post.unset("image")
    assert post.to_bytes() == data
