"""Property tests: random front matter and random set/unset sequences (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.post import read_post

KEYS = [
    "title",
    "date",
    "author",
    "tags",
    "categories",
    "image",
    "excerpt",
    "layout",
    "x",
    "y_z",
    "published",
    "header",
    "redirect_from",
]

text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029"
    ),
    max_size=30,
) | st.sampled_from(
    [
        "yes",
        "no",
        "18:30",
        "a: b",
        "#x",
        "@h",
        "*s",
        "&a",
        "!t",
        "1.5",
        "null",
        "~",
        "- x",
        "[a]",
        "{b}",
        "'q'",
        '"d"',
        " pad ",
        "x # y",
        "",
        "Ünïcödé 🎉",
    ]
)
scalar = (
    text
    | st.integers(-(10**6), 10**6)
    | st.booleans()
    | st.none()
    | st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1))
    | st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2040, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    )
)
value = st.recursive(
    scalar,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3)
    ),
    max_leaves=6,
)

# Ways of writing a field in an existing file, to start from varied styles.
STYLED = [
    'title: "Quoted: title"',
    "title: 'Single'",
    "title: Plain title",
    "layout:     post",
    "date: 2025-08-30T23:34:44",
    "date: 2017-07-28 06:01:25+00:00",
    "date: 2014-05-14",
    "tags: [a, b]",
    "tags: [ a, b ]",
    "tags:\n  - a\n  - b",
    "tags:\n- a",
    "categories: News Local",
    "excerpt: >\n  Folded\n  text",
    "excerpt: |-\n  Lit\n  eral",
    "image:",
    "image: # later",
    "published: false",
    "header:\n  image: a.jpg\n  caption: c",
    "x: 1 # comment",
    "redirect_from:\n    - /old/\n    - /older/",
]


def initial_front_matter(lines: list[str], blanks: list[bool]) -> str:
    seen: set[str] = set()
    out = []
    for line, blank in zip(lines, blanks, strict=False):
        key = line.split(":", 1)[0]
        if key in seen:
            continue
        seen.add(key)
        out.append(
            line + "\n" + ("\n" if blank else "") + ("# note\n" if blank and len(out) % 2 else "")
        )
    return "".join(out)


ops = st.lists(
    st.tuples(st.sampled_from(["set", "unset"]), st.sampled_from(KEYS), value),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(st.sampled_from(STYLED), min_size=0, max_size=8),
    blanks=st.lists(st.booleans(), min_size=8, max_size=8),
    operations=ops,
    crlf=st.booleans(),
)
def test_random_edits_reparse_and_keep_untouched_lines(
    lines: list[str],
    blanks: list[bool],
    operations: list[tuple[str, str, Any]],
    crlf: bool,
) -> None:
    nl = "\r\n" if crlf else "\n"
    front = initial_front_matter(lines, blanks)
    data = ("---\n" + front + "---\nBody text\n").replace("\n", nl).encode()
    post = read_post(data)
    assert post.problem is None
    model = post.front_matter
    touched: set[str] = set()
    for op, key, val in operations:
        if op == "set":
            post.set(key, val)
            model[key] = post.get(key)  # a date string keeps its shape (see Post._in_old_shape)
            assert model[key] == val or isinstance(model[key], str)
        else:
            post.unset(key)
            model.pop(key, None)
        touched.add(key)
        again = read_post(post.to_bytes())
        assert again.problem is None
        assert again.front_matter == model
        assert again.body == "Body text\n"
    out = post.to_text()
    # Every line of a key never touched is still there, byte for byte.
    for block in front.split("\n"):
        key = block.split(":", 1)[0]
        if block and not block.startswith((" ", "#", "-")) and key not in touched:
            assert block.replace("\n", nl) in out
