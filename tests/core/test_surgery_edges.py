"""Surgical edits at YAML's edges: only the edited key's own lines change.

Block values followed by blank lines and comments, keys YAML reads as non-strings,
merge keys, explicit ``? key`` entries, keep-chomped excerpts, plain date strings,
and characters YAML does not allow.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest

from editor.core import checks
from editor.core.post import PostError, read_post

# Each block value, as it appears between `key:` and the next line that is not its own.
BLOCKS = {
    "block list": "tags:\n  - a\n  - b\n",
    "indented block list": "tags:\n- a\n- b\n",
    "folded excerpt": "excerpt: >\n  one\n  two\n",
    "literal excerpt": "excerpt: |\n  one\n  two\n",
    "nested map": "image:\n  path: a.png\n  alt: A\n",
}
NEW_VALUES = {"tags": ["c"], "excerpt": "new text\n", "image": {"path": "b.png"}}
# What follows the value: a comment that describes the next key, or the final comment.
TAILS = ["\n# The byline, as printed:\nauthor: desk\n", "\n# kept until the end\n",
         "# right after it\nauthor: desk\n"]


def _edited(text: str, changes: dict[str, object] | None = None,
            remove: tuple[str, ...] = ()) -> str:
    post = read_post(f"---\n{text}---\nBody\n".encode())
    assert post.problem is None, post.problem
    post.update(changes or {}, list(remove))
    out = post.to_bytes().decode()
    assert out.startswith("---\n") and out.endswith("---\nBody\n")
    return out[4:-len("---\nBody\n")]


@pytest.mark.parametrize("tail", TAILS)
@pytest.mark.parametrize("block", BLOCKS)
def test_unset_of_a_block_value_removes_only_its_own_lines(block: str, tail: str) -> None:
    text = BLOCKS[block]
    key = text.split(":", 1)[0]
    head = "title: T\n"
    assert _edited(head + text + tail, remove=(key,)) == head + tail


@pytest.mark.parametrize("tail", TAILS)
@pytest.mark.parametrize("block", BLOCKS)
def test_editing_a_block_value_keeps_what_follows_it(block: str, tail: str) -> None:
    text = BLOCKS[block]
    key = text.split(":", 1)[0]
    out = _edited("title: T\n" + text + tail, {key: NEW_VALUES[key]})
    assert out.startswith("title: T\n" + key + ":") and out.endswith(tail)
    assert read_post(f"---\n{out}---\n".encode()).get(key) == NEW_VALUES[key]


@pytest.mark.parametrize("key", ["on", "no", "yes", "off", "2024", "~", "NULL", "true", "3.5"])
def test_keys_yaml_reads_as_non_strings_are_edited_surgically(key: str) -> None:
    text = f"title: T\n{key}: value\nauthor: a\n"
    post = read_post(f"---\n{text}---\n".encode())
    assert post.problem is None and post.get(key) == "value"
    assert _edited(text, {"title": "U"}) == text.replace("title: T", "title: U")
    assert _edited(text, {key: "other"}) == text.replace(f"{key}: value", f"{key}: other")
    assert _edited(text, remove=(key,)) == "title: T\nauthor: a\n"


MERGED = "defaults: &d\n  layout: post\n  author: desk\n<<: *d\ntitle: T\n"


def test_merge_keys_edit_surgically() -> None:
    post = read_post(f"---\n{MERGED}---\n".encode())
    assert post.get("layout") == "post" and post.get("author") == "desk"
    assert _edited(MERGED, {"title": "U"}) == MERGED.replace("title: T", "title: U")
    # A merged field set on its own gets its own line; the anchor stays as it was.
    assert _edited(MERGED, {"author": "ana"}) == MERGED + 'author: "ana"\n'
    with pytest.raises(PostError, match="merge key"):
        _edited(MERGED, remove=("author",))


def test_a_nested_merge_key_as_the_last_entry_keeps_what_follows() -> None:
    text = "base: &b\n  x: 1\nimage:\n  path: a.png\n  <<: *b\n\n# next\ntitle: T\n"
    assert _edited(text, remove=("image",)) == "base: &b\n  x: 1\n\n# next\ntitle: T\n"
    assert _edited(text, {"title": "U"}) == text.replace("title: T", "title: U")


EXPLICIT = "? title\n: T\nauthor: a\n"


def test_explicit_keys_edit_surgically_and_new_keys_go_at_the_margin() -> None:
    assert _edited(EXPLICIT, {"title": "U"}) == "? title\n: U\nauthor: a\n"
    assert _edited(EXPLICIT, {"author": "b"}) == "? title\n: T\nauthor: b\n"
    assert _edited("? title\n: T\n", {"author": "b"}) == '? title\n: T\nauthor: "b"\n'


KEEP = "title: T\nexcerpt: |+\n  First line.\n\n\n"


@pytest.mark.parametrize("key", ["image", "zzz"])  # house order puts both after the excerpt
def test_a_key_added_after_a_keep_chomped_excerpt_keeps_its_blank_lines(key: str) -> None:
    out = _edited(KEEP, {key: "x.png"})
    assert out == KEEP + f"{key}: x.png\n"
    assert read_post(f"---\n{out}---\n".encode()).get("excerpt") == "First line.\n\n\n"


def test_a_keep_chomped_excerpt_is_edited_and_removed_whole() -> None:
    assert _edited(KEEP + "author: a\n", {"excerpt": "New.\n\n"}) == \
        "title: T\nexcerpt: |+\n  New.\n\nauthor: a\n"
    assert _edited(KEEP + "author: a\n", remove=("excerpt",)) == "title: T\nauthor: a\n"


@pytest.mark.parametrize(("new", "line"), [
    (dt.datetime(2016, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))),
     "date: 2016-01-02 03:04:05 +0800"),
    (dt.date(2016, 1, 2), "date: 2016-01-02"),
    (dt.datetime(2016, 1, 2, 3, 4, 5), "date: 2016-01-02 03:04:05"),
])
def test_a_plain_date_string_stays_plain_after_a_date_edit(new: object, line: str) -> None:
    text = "title: T\ndate: 2015-10-01 01:00:00 +0800\n"
    assert _edited(text, {"date": new}) == f"title: T\n{line}\n"


@pytest.mark.parametrize("char", ["\uffff", "\ufffe"])
def test_characters_yaml_rejects_are_a_front_matter_problem_with_its_place(
    char: str, tmp_path: Path
) -> None:
    data = f'---\ntitle: "Budget{char}"\ndate: 2020-01-01\n---\nBody\n'.encode()
    post = read_post(data)
    assert post.problem is not None
    assert (post.problem.line, post.problem.column) == (2, 15)
    assert f"U+{ord(char):04X}" in post.problem.message
    with pytest.raises(PostError, match=f"U\\+{ord(char):04X}"):
        post.set("title", "x")
    (finding,) = checks.check_post(post, tmp_path / "2020-01-01-budget.md")
    assert finding.id == "front-matter-invalid" and finding.line == 2
    assert "column 15" in finding.message


def _posts() -> list[Path]:
    from tests.conftest import SAMPLE_POSTS, corpus_files

    return corpus_files() or sorted(SAMPLE_POSTS.rglob("*.md"))


def test_removing_any_field_of_any_real_post_removes_only_its_own_lines() -> None:
    """Over the corpus (the sample site without it): every field of every post removed in
    turn; the lines removed end with the value, never with a blank line or comment after it."""
    checked = 0
    for path in _posts():
        data = path.read_bytes()
        if read_post(data).problem is not None:
            continue
        before = data.decode("utf-8", "replace").splitlines(keepends=True)
        for key in read_post(data).front_matter:
            post = read_post(data)
            post.unset(key)
            after = post.to_bytes().decode("utf-8", "replace").splitlines(keepends=True)
            ops = [op for op in difflib.SequenceMatcher(None, before, after, autojunk=False)
                   .get_opcodes() if op[0] != "equal"]
            assert ops and all(op[0] == "delete" for op in ops), (path.name, key, ops)
            for _, i1, i2, _, _ in ops:
                last = before[i2 - 1].strip()
                assert last and not last.startswith("#"), (path.name, key, before[i1:i2])
            checked += 1
    assert checked > 10


def test_a_list_used_as_a_key_is_refused_at_its_own_line_in_plain_words() -> None:
    post = read_post(b"---\ntitle: T\ndate: 2020-01-01\n? [a, b]\n: 1\n---\n")
    assert post.problem is not None
    assert (post.problem.line, post.problem.column) == (4, 3)  # file lines: the fence is line 1
    assert "field name" in post.problem.message
    with pytest.raises(PostError, match="field name"):
        post.set("title", "U")


def test_a_field_whose_anchor_another_field_uses_is_refused_naming_both() -> None:
    text = "title: &t Budget\nheadline: *t\nauthor: a\n"
    for change in ({"title": "New"}, {}):
        with pytest.raises(PostError, match=r"'title' defines the anchor &t that 'headline'"):
            _edited(text, change, () if change else ("title",))
    # The field that only refers to it is edited, and removed, on its own lines.
    assert _edited(text, {"headline": "Own"}) == "title: &t Budget\nheadline: Own\nauthor: a\n"
    assert _edited(text, remove=("headline",)) == "title: &t Budget\nauthor: a\n"


def test_an_explicit_key_without_a_value_is_removed_alone() -> None:
    assert _edited("? a\n? b\ntitle: T\n", remove=("a",)) == "? b\ntitle: T\n"
