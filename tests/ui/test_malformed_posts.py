"""Every broken post of PRODUCT.md G5/G6 opens in the real window: the problem is named in a
banner, the body stays editable, and nothing is written to the file."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.timing import cpu_timed

BODY = "\nThe body survives.\n"

_BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)])

CASES: dict[str, bytes] = {
    "invalid-yaml": f"---\ntitle: Breaking: news\n---\n{BODY}".encode(),
    "unclosed-front-matter": b"---\ntitle: Never closed\nauthor: someone\n\nThe body?\n",
    "non-mapping-front-matter": f"---\n- just\n- a list\n---\n{BODY}".encode(),
    "tabs": f"---\ntitle: x\n\tauthor: tabbed\n---\n{BODY}".encode(),
    "non-utf8": f"---\ntitle: caf\xe9\n---\n{BODY}".encode("latin-1"),
    "nul-bytes": f"---\ntitle: a\x00b\n---\n{BODY}".encode(),
    "utf16-file": codecs.BOM_UTF16_LE + f"---\ntitle: [broken\n---\n{BODY}".encode("utf-16-le"),
    "python-tag": f"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n{BODY}".encode(),
    "alias-bomb": f"---\n{_BOMB}\n---\n{BODY}".encode(),
    "binary-file": b"---\ntitle: x\n---\n" + bytes(range(256)) * 4000,
    "deep-nesting": ("---\nx: " + "[" * 50_000 + "]" * 50_000 + f"\n---\n{BODY}").encode(),
}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_post_opens_with_banner_and_is_not_written(
        name: str, tmp_path: Path, qtbot: QtBot, make_window: Callable[..., Any],
        fake_dialogs: Any) -> None:
    data = CASES[name]
    path = tmp_path / f"2025-01-01-{name}.md"
    path.write_bytes(data)
    window, seconds = cpu_timed(make_window, path)  # CPU time: a busy machine is not counted
    assert seconds < 10
    assert window.document.path == path
    banner = window.form.banner
    assert banner.isVisible(), f"no banner for {name}"
    text = banner.text()
    assert "line" in text and "column" in text
    assert window.document.post.problem is not None
    assert not window.document.is_modified
    assert "show_error" not in fake_dialogs.names()
    if name not in ("unclosed-front-matter", "binary-file"):
        assert "body survives" in window.editor.body()
    window.close()
    assert path.read_bytes() == data  # nothing rewritten by opening or closing


def test_utf16_post_that_parses_round_trips_untouched(
        tmp_path: Path, make_window: Callable[..., Any]) -> None:
    data = codecs.BOM_UTF16_LE + f"---\ntitle: UTF-16 story\n---\n{BODY}".encode("utf-16-le")
    path = tmp_path / "utf16.md"
    path.write_bytes(data)
    window = make_window(path)
    assert not window.form.banner.isVisible()
    assert window.document.post.get("title") == "UTF-16 story"
    window.close()
    assert path.read_bytes() == data


def test_unclosed_front_matter_previews_the_whole_file_as_jekyll_publishes_it(
        tmp_path: Path, qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    from tests.ui.conftest import start_preview

    path = tmp_path / "2025-01-01-unclosed.md"
    path.write_bytes(CASES["unclosed-front-matter"])
    window = make_window(path, threaded=True)
    start_preview(qtbot, window)
    # `jekyll build` publishes this file as <hr />, then the rest as paragraphs.
    qtbot.waitUntil(lambda: "The body?" in (getattr(window, "_last_result", None)
                                            and window._last_result.body_html or ""),
                    timeout=20000)
    body = window._last_result.body_html
    assert body.startswith("<hr />") and "title: Never closed" in body
    window.close()
    assert path.read_bytes() == CASES["unclosed-front-matter"]
