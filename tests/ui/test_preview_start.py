"""The preview page's load carries the post: a render known before the page is parsed goes in
with the page (its first frame shows the post: no frame of an empty page, no push through
runJavaScript after the load); one that comes later is pushed as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import evaluate, start_preview


def _post(tmp_path: Path, word: str) -> Path:
    path = tmp_path / "2025-03-04-first.md"
    path.write_text(f"---\ntitle: First\n---\n\nThe {word} is in the first frame.\n\n"
                    "A second paragraph.\n", encoding="utf-8")
    return path


def test_the_first_load_carries_the_rendered_post(qtbot: Any, make_window: Any,
                                                 tmp_path: Path) -> None:
    window = make_window(_post(tmp_path, "kestrel"))  # rendered already (not threaded)
    pane = window.start_preview()
    if pane.backend_name != "webengine":
        pytest.skip("the WebEngine preview did not start here")
    scripts = _spy_scripts(pane)
    with qtbot.waitSignal(pane.body_updated, timeout=30000):
        pass
    assert "kestrel" in evaluate(qtbot, pane, "document.getElementById('dl-body').textContent")
    # The page answered that it loaded with the post; the post never went through a push.
    assert scripts and not [s for s in scripts if "kestrel" in s]


def test_a_render_that_arrives_during_the_load_replaces_the_first_content(
        qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = make_window(_post(tmp_path, "kestrel"))
    pane = window.start_preview()
    if pane.backend_name != "webengine":
        pytest.skip("the WebEngine preview did not start here")
    header, _ = pane._content
    pane.show_content(header, "<p>The osprey arrived while the page loaded.</p>")
    with qtbot.waitSignal(pane.body_updated, timeout=30000):
        pass
    text = evaluate(qtbot, pane, "document.getElementById('dl-body').textContent")
    assert "osprey" in text and "kestrel" not in text


def _spy_scripts(pane: Any) -> list[str]:
    scripts: list[str] = []
    run = pane.page.runJavaScript

    def spy(script: str, *args: Any) -> None:
        scripts.append(script)
        run(script, *args)

    pane.page.runJavaScript = spy
    return scripts


def test_a_render_arriving_while_the_page_loads_goes_in_with_the_page(
        qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    """At start-up the first render usually arrives just after the page started loading."""
    window = make_window(_post(tmp_path, "kestrel"))
    window._last_result = None  # as at start-up: the render is not there yet
    pane = window.start_preview()
    if pane.backend_name != "webengine":
        pytest.skip("the WebEngine preview did not start here")
    assert pane.page.loading_template  # the reading page loads without waiting
    scripts = _spy_scripts(pane)
    window.refresh_preview()  # the render arrives (rendered at once: not threaded)
    with qtbot.waitSignal(pane.body_updated, timeout=30000):
        pass
    assert "kestrel" in evaluate(qtbot, pane, "document.getElementById('dl-body').textContent")
    # Whether it went in with the page or was pushed after the load depends on how soon
    # Chromium parses the page; either way one update, never the post twice.
    assert len([s for s in scripts if "kestrel" in s]) <= 1


def test_a_reload_shows_the_post_from_its_first_frame(qtbot: Any, make_window: Any,
                                                      tmp_path: Path) -> None:
    """Changing what the page is loaded with (remote images) reloads it with the post in it,
    without a frame of the empty page before the post is pushed again."""
    window = make_window(_post(tmp_path, "kestrel"))
    pane = window.start_preview()
    if pane.backend_name != "webengine":
        pytest.skip("the WebEngine preview did not start here")
    with qtbot.waitSignal(pane.body_updated, timeout=30000):
        pass
    scripts = _spy_scripts(pane)
    with qtbot.waitSignal(pane.body_updated, timeout=30000):
        pane.set_remote_images(True)
    assert "kestrel" in evaluate(qtbot, pane, "document.getElementById('dl-body').textContent")
    assert not [s for s in scripts if "kestrel" in s]


@pytest.mark.parametrize("backend", ["webengine", "textbrowser"])
def test_threads_hand_over_quickly_until_the_preview_shows_the_post(
        qtbot: Any, make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        backend: str) -> None:
    """While the first render's thread and the page's load share the interpreter."""
    import sys

    from editor.app import START_SWITCH_INTERVAL, quick_handoffs_until_previewed

    monkeypatch.setenv("DATELINE_PREVIEW", backend)
    before = sys.getswitchinterval()
    window = make_window(_post(tmp_path, "kestrel"))
    quick_handoffs_until_previewed(window)
    try:
        assert sys.getswitchinterval() == pytest.approx(START_SWITCH_INTERVAL)
        start_preview(qtbot, window)  # until the preview shows the post (either backend)
        assert sys.getswitchinterval() == pytest.approx(before)
    finally:
        sys.setswitchinterval(before)
