"""python-frontmatter objects in and out of the engine, applied surgically."""

from __future__ import annotations

import frontmatter

from editor.core.interop import apply_frontmatter, to_frontmatter
from editor.core.post import read_post

DATA = (
    b'---\nlayout:     post\ntitle:  "Old: one"\ntags: [ a, b ]\n# keep\nx: 1\n---\n\nBody text.\n'
)


def test_round_trip_through_frontmatter_changes_no_byte() -> None:
    post = read_post(DATA)
    fm = to_frontmatter(post)
    assert fm["title"] == "Old: one" and fm.content.strip() == "Body text."
    apply_frontmatter(post, fm)
    assert post.to_bytes() == DATA


def test_a_script_edit_is_applied_surgically() -> None:
    post = read_post(DATA)
    fm = to_frontmatter(post)
    fm["title"] = "New: two"
    del fm["x"]
    fm["author"] = "desk"
    fm.content = "New body."
    apply_frontmatter(post, fm)
    assert post.to_bytes() == (
        b'---\nlayout:     post\ntitle:  "New: two"\nauthor: "desk"\ntags: [ a, b ]\n# keep\n---\n\nNew body.\n'
    )
    # python-frontmatter's own dump would have rewritten every line:
    assert frontmatter.dumps(to_frontmatter(read_post(DATA))).encode() != DATA
