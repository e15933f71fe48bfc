"""Reading posts (encodings, fences, G5 problems, G6 safety) and the house-style new post."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from typing import Any

import pytest

from editor.core.post import PostError, new_post_bytes, read_post
from tests.timing import cpu_timed

EXAMPLE = (
    b"---\n"
    b"layout: post\n"
    b'title: "Latest: Chicago mayor signs order to resist potential crackdown"\n'
    b"date: 2025-08-30T23:34:44\n"
    b'author: "badely"\n'
    b"categories: [News]\n"
    b"tags: []\n"
    b'excerpt: "The order is the latest chapter in an escalating feud ..."\n'
    b"image: assets/images/ac9cf7ebc39f46c3e1a61ed026c27581.jpg\n"
    b"---\n"
    b"\n"
    b"Body in Markdown ...\n"
)


def test_new_post_reproduces_the_house_example_exactly() -> None:
    fields = {
        # deliberately out of order: the writer puts them in house order
        "image": "assets/images/ac9cf7ebc39f46c3e1a61ed026c27581.jpg",
        "tags": [],
        "title": "Latest: Chicago mayor signs order to resist potential crackdown",
        "excerpt": "The order is the latest chapter in an escalating feud ...",
        "layout": "post",
        "categories": ["News"],
        "author": "badely",
        "date": dt.datetime(2025, 8, 30, 23, 34, 44),
    }
    assert new_post_bytes(fields, "Body in Markdown ...\n") == EXAMPLE


def test_example_round_trips_and_reads_values() -> None:
    post = read_post(EXAMPLE)
    assert post.problem is None
    assert post.get("title").startswith("Latest: Chicago")
    assert post.get("date") == dt.datetime(2025, 8, 30, 23, 34, 44)
    assert post.body == "\nBody in Markdown ...\n"
    assert post.to_bytes() == EXAMPLE


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("---\r\ntitle: é\r\n---\r\nbody\r\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf---\ntitle: x\n---\nbody", "utf-8"),
        ("\ufeff---\r\ntitle: x\r\n---\r\n".encode("utf-16-le"), "utf-16-le"),
        ("\ufeff---\ntitle: x\n---\n".encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings_and_newlines_survive_an_edit(data: bytes, encoding: str) -> None:
    post = read_post(data)
    assert post.problem is None and post.encoding.name == encoding
    post.set("title", "Neu: ü")
    out = post.to_bytes()
    assert out[:2] == data[:2]
    again = read_post(out)
    assert again.get("title") == "Neu: ü"
    assert again.newline == post.newline
    assert b"\r\n" in data and "\r\n" in again.to_text() or b"\r\n" not in data


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"---\ntitle: x\nbody without a closing fence\n", 1, "never closed"),
        (b"---\ntitle: [unclosed\n---\nbody\n", 3, "not closed"),
        (b"---\n- just\n- a list\n---\nbody\n", 2, "not 'key: value' fields"),
        (b"---\ntitle: caf\xe9\n---\n", 2, "not valid UTF-8"),
        (b"---\ntitle: a\x00b\n---\n", 2, "NUL"),
        (b"---\ntitle: x\n  bad: indent\n---\n", 3, "colon"),
        (b"---\nx: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n", 2, "not allowed"),
    ],
    ids=["unclosed", "invalid-yaml", "not-a-mapping", "latin-1", "nul", "bad-indent", "python-tag"],
)
def test_broken_posts_open_with_a_named_problem(data: bytes, line: int, words: str) -> None:
    post = read_post(data)
    assert post.problem is not None
    assert post.problem.line == line
    assert words in post.problem.message
    assert post.to_bytes() == data  # nothing rewritten until the writer decides
    with pytest.raises(PostError):
        post.set("title", "y")


def test_python_tags_are_never_executed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "pwned"
    data = f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n".encode()
    read_post(data)
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly_with_bounded_memory() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    data = ("---\n" + "\n".join(lines) + "\n---\nbody\n").encode()
    tracemalloc.start()
    post, elapsed = cpu_timed(read_post, data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 50 * 2**20
    assert post.problem is not None and "alias" in post.problem.message


def test_empty_file_opens_as_an_empty_post() -> None:
    post = read_post(b"")
    assert post.problem is None and post.front_matter == {} and post.body == ""
    post.set("title", "First")
    assert read_post(post.to_bytes()).get("title") == "First"


def test_tabs_are_accepted_where_libyaml_accepts_them() -> None:
    post = read_post(b"---\nauthor:\tLubos\ntitle: t\n---\n")
    assert post.problem is None and post.get("author") == "Lubos"


def test_fixing_a_broken_front_matter_brings_the_fields_back() -> None:
    data = b"---\ntitle: [oops\n---\nBody stays\n"
    post = read_post(data)
    assert post.problem is not None
    post.set_front_matter_text("title: fixed\n")
    assert post.problem is None and post.get("title") == "fixed"
    assert post.to_bytes() == b"---\ntitle: fixed\n---\nBody stays\n"


def test_a_parsing_post_cannot_be_saved_broken() -> None:
    post = read_post(b"---\ntitle: ok\n---\n")
    with pytest.raises(PostError):
        post.set_front_matter_text("title: [broken\n")
    assert post.problem is None and post.get("title") == "ok"


def test_body_is_byte_exact_when_the_front_matter_changes() -> None:
    data = b"---\ntitle: a\n---\r\n\tmixed\r\nline endings\n  \n"
    post = read_post(data)
    post.set("title", "b")
    assert post.to_bytes().endswith(b"---\r\n\tmixed\r\nline endings\n  \n")


def test_undecodable_text_after_a_bom_reports_a_real_position() -> None:
    post = read_post(b"\xfe\xff\x00")  # a UTF-16 BOM, then half a character
    assert post.problem is not None
    assert (post.problem.line, post.problem.column) == (1, 1)
    assert "UTF-16" in post.problem.message
    assert post.to_bytes() == b"\xfe\xff\x00"


def test_an_unclosed_list_at_the_end_points_at_its_bracket() -> None:
    post = read_post(b"---\nbad yaml: [\n---\nReal content\n")
    assert post.problem is not None
    assert (post.problem.line, post.problem.column) == (2, 11)
    assert "not closed" in post.problem.message


# -- a picked date keeps the stored value's shape (post.date_like: the one place) -------------


@pytest.mark.parametrize(("original", "date_only", "expected"), [
    (dt.date(2024, 1, 2), True, dt.date(2025, 8, 30)),
    (dt.datetime(2024, 1, 2, 3, 4, 5), False, dt.datetime(2025, 8, 30, 23, 34, 44)),
    (dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5))), False,
     dt.datetime(2025, 8, 30, 23, 34, 44, tzinfo=dt.timezone(dt.timedelta(hours=-5)))),
    ("2024-01-02 03:04:05 -0500", False, "2025-08-30 23:34:44 -0500"),
    ("2024-01-02T3:04:05Z", False, "2025-08-30T23:34:44Z"),
    ("2024-1-2", True, "2025-08-30"),
    (None, True, dt.date(2025, 8, 30)),
    (None, False, dt.datetime(2025, 8, 30, 23, 34, 44)),
    ("not a date", False, dt.datetime(2025, 8, 30, 23, 34, 44)),
])
def test_a_picked_date_keeps_the_old_values_shape(original: Any, date_only: bool,
                                                   expected: Any) -> None:
    from editor.core.post import date_like

    new = dt.datetime(2025, 8, 30, 23, 34, 44)  # the form picks whole seconds
    got = date_like(new, original, date_only)
    assert got == expected and type(got) is type(expected)


def test_a_picked_date_written_into_a_string_date_keeps_its_bytes_shape() -> None:
    from editor.core.post import date_like

    post = read_post(b"---\ntitle: x\ndate: '2024-01-02 03:04:05 -0500'\n---\nBody\n")
    post.update({"date": date_like(dt.datetime(2025, 8, 30, 23, 34, 44), post.get("date"),
                                   False)})
    assert post.to_bytes() == b"---\ntitle: x\ndate: '2025-08-30 23:34:44 -0500'\n---\nBody\n"
