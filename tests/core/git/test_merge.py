"""The post merge: field by field, line by line, choices, bytes nobody touched kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.git.merge import BOTH, MISSING, THEIRS, merge_post, merge_values
from editor.core.post import Post
from tests.conftest import SAMPLE_POSTS, corpus_files

BASE = b"---\ntitle: Old\nauthor: alice\ntags: [a]\n---\n\nOne.\n\nTwo.\n\nThree.\n"


def test_field_rules() -> None:
    merged, conflicts = merge_values(
        {"title": "Old", "author": "alice", "gone": 1, "both": 1},
        {"title": "Mine", "author": "alice", "both": 2, "new_mine": True},
        {"title": "Old", "author": "bob", "gone": 1, "both": 3, "new_theirs": [1]})
    assert merged == {"title": "Mine", "author": "bob", "both": 2, "new_mine": True,
                      "new_theirs": [1], "gone": MISSING}
    assert [(c.key, c.mine, c.theirs) for c in conflicts] == [("both", 2, 3)]


def test_theirs_applied_on_top_of_mine_keeps_my_bytes() -> None:
    mine = BASE.replace(b"title: Old", b"title:   'Mine'   # my comment")
    theirs = BASE.replace(b"tags: [a]", b"tags: [a, b]").replace(b"Three.", b"Three!")
    merge = merge_post(BASE, mine, theirs)
    assert merge.clean
    assert merge.result() == mine.replace(b"tags: [a]", b"tags: [a, b]").replace(
        b"Three.", b"Three!")


def test_crlf_post_stays_crlf() -> None:
    base = BASE.replace(b"\n", b"\r\n")
    mine = base.replace(b"One.", b"One!")
    theirs = base.replace(b"author: alice", b"author: bob")
    result = merge_post(base, mine, theirs).result()
    assert result == base.replace(b"One.", b"One!").replace(b"alice", b"bob")


def test_body_choices() -> None:
    mine = BASE.replace(b"Two.", b"Two, mine.")
    theirs = BASE.replace(b"Two.", b"Two, theirs.")
    merge = merge_post(BASE, mine, theirs)
    [chunk] = merge.conflicts
    assert (chunk.mine, chunk.theirs) == ("Two, mine.\n", "Two, theirs.\n")
    assert merge.result() == mine
    assert merge.result({chunk.choice_id: THEIRS}) == theirs
    assert b"Two, mine.\nTwo, theirs.\n" in (merge.result({chunk.choice_id: BOTH}) or b"")


def test_marker_lookalikes_in_a_body_are_text() -> None:
    base = BASE.replace(b"Two.", b"<<<<<<< not a marker\n=======\n>>>>>>> x")
    mine = base.replace(b"One.", b"One!")
    theirs = base.replace(b"Three.", b"Three!")
    assert merge_post(base, mine, theirs).result() == base.replace(b"One.", b"One!").replace(
        b"Three.", b"Three!")


def test_broken_front_matter_merges_as_text() -> None:
    base = b"---\ntitle: [unclosed\n---\nOne.\n\nTwo.\n"
    mine = base.replace(b"One.", b"One!")
    theirs = base.replace(b"Two.", b"Two!")
    merge = merge_post(base, mine, theirs)
    assert merge.whole_file and merge.clean
    assert merge.result() == b"---\ntitle: [unclosed\n---\nOne!\n\nTwo!\n"


def _sampled() -> list[Path]:
    files = corpus_files()[::10] or sorted(SAMPLE_POSTS.rglob("*.md"))
    return [f for f in files if Post(f.read_bytes()).problem is None][:70]


@pytest.mark.parametrize("path", _sampled(), ids=lambda p: p.name)
def test_corpus_merge_of_a_field_and_a_body_line(path: Path) -> None:
    base = path.read_bytes()
    mine_post = Post(base)
    mine_post.set("dateline_merge_test", "mine")
    mine = mine_post.to_bytes()
    theirs_post = Post(base)
    theirs_post.set_body(theirs_post.body + "\nA colleague's closing line.\n")
    theirs = theirs_post.to_bytes()
    expected = Post(mine)
    expected.set_body(expected.body + "\nA colleague's closing line.\n")
    merge = merge_post(base, mine, theirs)
    assert merge.clean
    assert merge.result() == expected.to_bytes()
