"""Surgical front-matter edits: the new value in the old value's style, nothing else touched."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from editor.core import jekyll
from editor.core.post import PostError, read_post


def edited(front: str, key: str, value: Any) -> str:
    post = read_post(f"---\n{front}---\nbody\n".encode())
    assert post.problem is None
    post.set(key, value)
    out = post.to_bytes().decode()
    got = read_post(out.encode()).get(key)
    assert got == value or jekyll.as_datetime(got) == value
    return out.removeprefix("---\n").removesuffix("---\nbody\n")


@pytest.mark.parametrize(
    ("front", "key", "value", "expected"),
    [
        ('title: "Old"\n', "title", "New: one", 'title: "New: one"\n'),
        ("title: 'Old'\n", "title", "It's new", "title: 'It''s new'\n"),
        ("title: Old\n", "title", "Plain new", "title: Plain new\n"),
        ("title: Old\n", "title", "Needs: quotes", 'title: "Needs: quotes"\n'),
        ("title: Old\n", "title", "Hash #1", 'title: "Hash #1"\n'),
        ("title: Old\n", "title", "yes", 'title: "yes"\n'),
        ("title: Old\n", "title", "18:30", 'title: "18:30"\n'),
        ("title: Old\n", "title", "@handle", 'title: "@handle"\n'),
        ("title: Old\n", "title", "42", 'title: "42"\n'),
        ('title:  "Old"  # keep me\n', "title", "New", 'title:  "New"  # keep me\n'),
        ("layout:     post\ntitle:      x\n", "title", "y", "layout:     post\ntitle:      y\n"),
        ("tags: [a, b]\n", "tags", ["c", "d e"], "tags: [c, d e]\n"),
        ("tags: [ a, b ]\n", "tags", ["c"], "tags: [ c ]\n"),
        ("tags: ['a', 'b']\n", "tags", ["c"], "tags: ['c']\n"),
        ("tags:\n  - a\n  - b\n", "tags", ["c", "d"], "tags:\n  - c\n  - d\n"),
        ("tags:\n- a\n", "tags", ["c", "d"], "tags:\n- c\n- d\n"),
        ("tags:\n    - a\n", "tags", ["x, y"], 'tags:\n    - "x, y"\n'),
        ("tags: a b\n", "tags", "a b c", "tags: a b c\n"),
        (
            "date: 2025-08-30T23:34:44\n",
            "date",
            dt.datetime(2026, 1, 2, 3, 4, 5),
            "date: 2026-01-02T03:04:05\n",
        ),
        (
            "date: 2015-03-19 18:00:00 -4\n",
            "date",
            dt.datetime(2016, 1, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            "date: 2016-01-02 09:00:00 -5\n",
        ),
        (
            "date: 2017-07-28 06:01:25+00:00\n",
            "date",
            dt.datetime(2018, 1, 1, 7, 0, tzinfo=dt.UTC),
            "date: 2018-01-01 07:00:00+00:00\n",
        ),
        (
            "date: 2015-10-01 01:00:00 +0800\n",
            "date",
            dt.datetime(2015, 10, 2, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
            "date: 2015-10-02 01:00:00 +0800\n",
        ),
        ("date: 2014-05-14\n", "date", dt.date(2014, 6, 1), "date: 2014-06-01\n"),
        ("excerpt: >\n  Folded\n  text.\n", "excerpt", "New text.\n", "excerpt: >\n  New text.\n"),
        ("excerpt: |-\n    Lit\n    eral\n", "excerpt", "A\nB", "excerpt: |-\n    A\n    B\n"),
        ("image:\nx: 1\n", "image", "a.jpg", "image: a.jpg\nx: 1\n"),
        ("image: # none yet\n", "image", "a.jpg", "image: a.jpg # none yet\n"),
        ("published: true\n", "published", False, "published: false\n"),
        (
            "header:\n  image: a.jpg\n  caption: c\n",
            "header",
            {"image": "b.jpg", "caption": "c"},
            "header:\n  image: b.jpg\n  caption: c\n",
        ),
        (
            "header:\n  image: a.jpg\n  caption: c\n",
            "header",
            {"image": "a.jpg"},
            "header:\n  image: a.jpg\n",
        ),
    ],
)
def test_new_value_keeps_the_old_style(front: str, key: str, value: Any, expected: str) -> None:
    assert edited(front, key, value) == expected


def test_only_the_field_lines_change_with_comments_and_blank_lines_around() -> None:
    front = (
        "# site post\nlayout: post\n\ntitle: Old # trailing\n# about tags\ntags:\n  - a\n\nx: [1]\n"
    )
    out = edited(front, "tags", ["b"])
    assert (
        out
        == "# site post\nlayout: post\n\ntitle: Old # trailing\n# about tags\ntags:\n  - b\n\nx: [1]\n"
    )


@pytest.mark.parametrize(
    ("front", "key", "value", "expected"),
    [
        ("title: t\n", "layout", "post", "layout: post\ntitle: t\n"),
        (
            "layout: post\ntitle: t\nfoo: 1\n",
            "date",
            dt.datetime(2025, 1, 2, 3, 4, 5),
            "layout: post\ntitle: t\ndate: 2025-01-02T03:04:05\nfoo: 1\n",
        ),
        (
            "title: t\nexcerpt: e\nfoo: 1\n",
            "image",
            "assets/x.jpg",
            "title: t\nexcerpt: e\nimage: assets/x.jpg\nfoo: 1\n",
        ),
        ("title: t\n", "author", "Ana: the Great", 'title: t\nauthor: "Ana: the Great"\n'),
        (
            "title: t\n",
            "categories",
            ["News", "Local: City"],
            'title: t\ncategories: [News, "Local: City"]\n',
        ),
        ("title: t\n", "zzz", "yes", 'title: t\nzzz: "yes"\n'),
        (
            "layout:     post\ntitle:      t\n",
            "author",
            "me",
            'layout:     post\ntitle:      t\nauthor:     "me"\n',
        ),
    ],
)
def test_new_fields_go_in_house_order_and_style(
    front: str, key: str, value: Any, expected: str
) -> None:
    assert edited(front, key, value) == expected


def test_removing_a_field_removes_exactly_its_lines() -> None:
    post = read_post(b"---\na: 1\ntags:\n  - x\n  - y\nb: 2 # c\n---\n")
    post.unset("tags")
    assert post.to_bytes() == b"---\na: 1\nb: 2 # c\n---\n"


def test_unknown_keys_nested_maps_anchors_and_duplicates_survive_an_edit() -> None:
    front = (
        "base: &base\n  a: 1\nother: *base\nlist:\n  - name: x\n    v: [1, 2]\n"
        "published: true\npublished: false\ntitle: t\n"
    )
    data = f"---\n{front}---\n".encode()
    post = read_post(data)
    post.set("title", "new")
    out = post.to_bytes().decode()
    assert out == data.decode().replace("title: t", "title: new")


def test_editing_an_alias_value_does_not_touch_its_anchor() -> None:
    post = read_post(b"---\nbase: &b x\nother: *b\n---\n")
    post.set("other", "y")
    assert post.to_bytes() == b"---\nbase: &b x\nother: y\n---\n"


def test_duplicate_key_edits_the_effective_last_one() -> None:
    post = read_post(b"---\npublished: true\npublished: true\n---\n")
    post.set("published", False)
    assert post.to_bytes() == b"---\npublished: true\npublished: false\n---\n"
    assert read_post(post.to_bytes()).get("published") is False


def test_bad_field_names_are_refused() -> None:
    post = read_post(b"---\ntitle: t\n---\n")
    with pytest.raises(PostError):
        post.set("a: b", 1)
    assert post.to_bytes() == b"---\ntitle: t\n---\n"


def test_crlf_front_matter_gets_crlf_new_lines() -> None:
    post = read_post(b"---\r\ntitle: t\r\n---\r\n")
    post.set("tags", [{"a": 1}])
    post.set("author", "me")
    out = post.to_bytes()
    assert b"\n" not in out.replace(b"\r\n", b"")
