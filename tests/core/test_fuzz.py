"""Fuzzing the post reader and the surgical writer, and hostile posts that must stay harmless.

``read_post`` never raises: whatever the bytes, problems end up in
``Post.problem``. Every edit the writer accepts re-parses to exactly the
intended values. Case counts are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.post import PostError, read_post
from tests.timing import cpu_timed

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("DATELINE_FUZZ_EXAMPLES", "2000"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _check_read(data: bytes) -> None:
    post = read_post(data)
    # Whatever was read can be shown and written back unchanged.
    assert post.to_bytes() == data
    _ = (post.front_matter, post.front_matter_text, post.body, post.body_line_offset)
    if post.problem is not None:
        assert post.problem.line >= 1 and post.problem.column >= 1
        assert post.problem.message


# -- read_post on random bytes -------------------------------------------------------------

def test_read_post_never_raises_on_random_bytes() -> None:
    cases = 0

    @FUZZ
    @given(st.binary(max_size=2000))
    def check(data: bytes) -> None:
        nonlocal cases
        cases += 1
        _check_read(data)
        _check_read(b"---\n" + data)
        _check_read(b"---\n" + data + b"\n---\nbody\n")

    check()
    print(f"\nread_post on random bytes: {cases} cases ({3 * cases} inputs)")
    assert cases >= min(EXAMPLES, 500)


# -- read_post on YAML-ish front matter ----------------------------------------------------

_TOKENS = [
    "title", "date", "tags", "a", "b", "key", ":", ": ", " ", "  ", "\t", "\n", "\n  ", "- ",
    "[", "]", "{", "}", ",", "'", '"', "#", " #", "&a ", "*a", "&b ", "*b", "!!python/object:os.system ",
    "!!str ", "!!binary ", "!foo ", "? ", "|", ">", "|-", "---", "...", "%YAML 1.1", "\\",
    "\\x00", "\x00", "\ufeff", "é", "日本", "\u2028", "18:30", "yes", "no", "null", "~", "1e3",
    "0x1F", "2025-08-30", "2025-08-30T23:34:44", "2025-13-45", "<<: *a", "@", "`", "%", "\r\n",
]


@st.composite
def yamlish(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(_TOKENS) | st.text(max_size=6), max_size=60))
    return "".join(parts)


def test_read_post_never_raises_on_yamlish_front_matter() -> None:
    cases = 0

    @FUZZ
    @given(yamlish(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
           st.sampled_from(["\n", "\r\n"]), st.booleans())
    def check(front: str, encoding: str, newline: str, closed: bool) -> None:
        nonlocal cases
        cases += 1
        text = "---\n" + front + ("\n---\nBody text.\n" if closed else "")
        data = text.replace("\n", newline).encode(encoding, errors="replace")
        _check_read(data)

    check()
    print(f"\nread_post on YAML-ish front matter: {cases} cases")
    assert cases >= min(EXAMPLES, 500)


# -- surgical edits re-parse to the intended values ----------------------------------------

_KEYS = st.sampled_from(["title", "date", "author", "tags", "categories", "excerpt", "image",
                         "layout", "published", "custom", "nested", "x-y", "weird key"])
_SCALARS = (
    st.text(max_size=40)
    | st.sampled_from(["yes", "no", "null", "~", "18:30", "@handle", "*star", "&amp", "!bang",
                       "a: b", "a #b", "#c", "'q'", '"dq"', "- dash", "[x]", "{y}", "1e3",
                       "0x1F", "2025-08-30", " lead", "trail ", "multi\nline", "tab\there", ""])
    | st.integers(-10**6, 10**6)
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))
    | st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1))
    .map(lambda d: d.replace(microsecond=0))
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["a", "b", "name", "url"]), children, max_size=3),
    max_leaves=8,
)

_BASES = [
    b"---\nlayout: post\ntitle: \"Storm hits coast\"\ndate: 2025-08-30T23:34:44\n"
    b"author: \"badely\"\ncategories: [News]\ntags: []\nexcerpt: \"The order ...\"\n"
    b"image: assets/images/a.jpg\n---\n\nBody.\n",
    b"---\r\ntitle: 'Single'\r\ntags:\r\n  - a\r\n  - b\r\n# a comment\r\ncustom: {a: 1}\r\n---\r\nBody\r\n",
    b"\xef\xbb\xbf---\ntitle: plain\nnested:\n  a: 1\n  b: [1, 2]\nanchor: &x 1\nalias: *x\n---\n",
    b"---\n---\nBody only.\n",
    b"No front matter at all.\n",
]


def _same(a: Any, b: Any) -> bool:
    from editor.core.surgery import same_value

    return bool(same_value(a, b))


def test_every_accepted_edit_reparses_to_the_intended_values() -> None:
    cases = 0
    refused = 0

    @FUZZ
    @given(st.sampled_from(_BASES),
           st.lists(st.tuples(_KEYS, st.one_of(st.just(None).map(lambda _: _UNSET), _VALUES)),
                    min_size=1, max_size=4))
    def check(base: bytes, edits: list[tuple[str, Any]]) -> None:
        nonlocal cases, refused
        cases += 1
        post = read_post(base)
        assert post.problem is None
        expected = post.front_matter
        for key, value in edits:
            try:
                if value is _UNSET:
                    post.unset(key)
                    expected.pop(key, None)
                else:
                    post.set(key, value)
                    expected[key] = value
            except PostError:
                refused += 1  # refused in plain words; the post is unchanged
                continue
        again = read_post(post.to_bytes())
        assert again.problem is None, again.problem
        got = again.front_matter
        assert set(got) == set(expected), (got, expected)
        for key, value in expected.items():
            assert _same(got[key], value), (key, got[key], value)
        assert again.body == read_post(base).body

    check()
    print(f"\nsurgical edits: {cases} cases, {refused} edits refused with PostError")
    assert cases >= min(EXAMPLES, 500)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


_UNSET = _Unset()


# -- hostile posts -------------------------------------------------------------------------

@pytest.mark.parametrize("opener,closer", [("[", "]"), ("{", "}"), ("- ", "")])
def test_deep_nesting_is_refused_without_crashing(opener: str, closer: str) -> None:
    """libyaml's composer recurses per level and kills the process near 40,000 levels;
    run in a child so that a regression shows as a failure, not a dead test run."""
    script = textwrap.dedent(f"""
        from editor.core.post import read_post
        n = 200_000
        fm = "x: " + {opener!r} * n + {closer!r} * n + "\\n"
        post = read_post(("---\\n" + fm + "---\\nbody\\n").encode())
        print(post.problem)
    """)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-500:]}"
    assert "nested" in done.stdout or "not allowed" in done.stdout


def test_alias_bomb_is_refused_quickly() -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    data = ("---\n" + "\n".join(levels) + "\n---\nbody\n").encode()
    post, seconds = cpu_timed(read_post, data)
    assert post.problem is not None and "alias" in post.problem.message
    assert seconds < 2.0


def test_python_tag_is_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    data = (f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n").encode()
    post = read_post(data)
    assert post.problem is not None
    assert not marker.exists()


def test_huge_post_reads_quickly() -> None:
    body = ("A paragraph of words that goes on for a while. " * 20 + "\n\n") * 10_000
    data = ("---\ntitle: Big\n---\n" + body).encode()
    assert len(data) > 9_000_000
    post, seconds = cpu_timed(read_post, data)
    assert post.problem is None and post.get("title") == "Big"
    assert seconds < 2.0


def test_binary_file_reads_as_a_problem() -> None:
    data = bytes(range(256)) * 4000
    post, seconds = cpu_timed(read_post, data)
    assert post.problem is not None or post.body  # shown, never a crash
    assert seconds < 2.0
    post2 = read_post(b"---\ntitle: x\n" + data + b"\n---\n")
    assert post2.problem is not None


# -- atheris (coverage-guided), when installed ---------------------------------------------

ATHERIS = textwrap.dedent("""
    import sys
    import atheris
    with atheris.instrument_imports():
        from editor.core.post import read_post

    def one(data):
        post = read_post(data)
        assert post.to_bytes() == data
        post.front_matter; post.body

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
""")


def test_atheris_read_post() -> None:
    pytest.importorskip("atheris")
    runs = int(os.environ.get("DATELINE_ATHERIS_RUNS", "200000"))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", ATHERIS, f"-runs={runs}", "-max_total_time=20", "-max_len=4096",
         "-seed=1"],
        capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = [line for line in done.stderr.splitlines() if line.startswith("Done")]
    print(f"\natheris: {summary[-1] if summary else done.stderr[-300:]}")
