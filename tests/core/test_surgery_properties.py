"""Property tests: random front matter and random set/unset sequences (hypothesis)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
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


#: A date written as a string (quoted, or a shape YAML 1.1 does not read as a timestamp).
DATE_STRING = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]+\d{1,2}:\d{2}:\d{2}(?:\.\d+)?"
                         r"(?:\s*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?")


def _parse_date_string(text: str) -> dt.datetime:
    """The moment a date string names (the test's own reading, not the engine's)."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2}):(\d{2})(\.\d+)?"
                     r"\s*(Z|[-+]\d{1,2}(?::?\d{2})?)?)?", text.strip())
    assert m is not None, text
    y, mo, d, h, mi, sec = (int(g or 0) for g in m.groups()[:6])
    micro = round(float(m.group(7)) * 1_000_000) if m.group(7) else 0
    return dt.datetime(y, mo, d, h, mi, sec, micro)


def expected_after_set(old: Any, new: Any, stored: Any) -> Any:
    """What a field holds after ``set(key, new)`` when it held ``old``, worked out here:
    ``new`` itself, except that a date set on a field holding a date *string* stays a
    string of the same moment (Jekyll reads such strings; a timestamp would change the
    file's meaning). ``stored`` is only used once it is proved to be that string."""
    if (isinstance(new, dt.date) and isinstance(old, str)
            and DATE_STRING.fullmatch(old.strip().strip("'\"")) is not None):
        assert isinstance(stored, str), (old, new, stored)
        moment = new if isinstance(new, dt.datetime) else dt.datetime(new.year, new.month,
                                                                      new.day)
        assert _parse_date_string(stored) == moment, (old, new, stored)
        return stored
    return new


def test_the_expected_value_is_worked_out_independently() -> None:
    when = dt.datetime(2025, 8, 30, 23, 34, 44)
    assert expected_after_set("plain", when, "anything") == when
    assert expected_after_set(None, 5, 7) == 5
    assert expected_after_set("2015-10-01 01:00:00 +0800", when,
                              "2025-08-30 23:34:44 +0800") == "2025-08-30 23:34:44 +0800"
    with pytest.raises(AssertionError):
        expected_after_set("2015-10-01 01:00:00 +0800", when, "2025-08-30 23:34:45 +0800")
    with pytest.raises(AssertionError):
        expected_after_set("2015-10-01", when, when)


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
            old = model.get(key)
            post.set(key, val)
            model[key] = expected_after_set(old, val, post.get(key))
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
