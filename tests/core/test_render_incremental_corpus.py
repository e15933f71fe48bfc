"""The incremental renderer (a one-block edit, other blocks from the cache) gives HTML
equivalent to a full render, on every corpus post (issue 15)."""

from __future__ import annotations

import pytest

from editor.core.render import Renderer, render_body
from editor.core.render.incremental import split_chunks
from editor.core.render.source import read_post_file
from tests import html_equiv
from tests.conftest import corpus_dir, corpus_files


def _edited(body: str) -> str:
    """`body` with one word added to the first line of its middle chunk."""
    chunks = split_chunks(body)
    if not chunks:
        return "edited\n"
    mid = len(chunks) // 2
    first, nl, rest = chunks[mid].partition("\n")
    chunks[mid] = first + " edited" + nl + rest
    return "".join(chunks)


def test_one_block_edit_renders_as_a_full_render_on_the_corpus() -> None:
    files = corpus_files()
    if not files:
        pytest.skip("corpus not present")
    renderer = Renderer()
    failures = []
    for path in files:
        front, body = read_post_file(path)
        page = dict(front)
        renderer.render(body, dict(page))  # warm the cache with the original
        edited = _edited(body)
        got = renderer.render(edited, dict(page))
        want = render_body(edited, dict(page))
        try:
            same, why = html_equiv.equivalent(got, want)
        except AssertionError as err:  # the reference parser trips on some markup
            same, why = got == want, str(err)
        if not same:
            failures.append(f"{path.relative_to(corpus_dir())}: {why}")
    assert not failures, f"{len(failures)} posts differ: {failures[:5]}"
