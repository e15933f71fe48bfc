"""The preview in the site's own look: layouts, includes and SCSS from the site folder,
nothing from the network, and the reading view when the look cannot be shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.site_look_helpers import POST, make_site
from tests.ui.conftest import evaluate, start_preview
from tests.ui.test_preview_security import server  # noqa: F401 - the fixture


def _page_ready(qtbot: Any, pane: Any, selector: str) -> None:
    qtbot.waitUntil(lambda: evaluate(qtbot, pane, f"!!document.querySelector({selector!r})"),
                    timeout=20000)


def test_site_view_shows_the_layout_and_compiled_scss_without_network(
        make_window: Any, qtbot: Any, tmp_path: Path, server: Any) -> None:  # noqa: F811
    base, hits = server.base, server.hits
    post = make_site(tmp_path / "site", remote=base)
    window = make_window(post)
    assert window.actions["view.site_look"].isChecked()  # the site view is the default
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here")
    _page_ready(qtbot, pane, "article.story")
    html = evaluate(qtbot, pane, "document.documentElement.outerHTML")
    # The layout chain: default's masthead around post's article, the include's title.
    assert '<header class="masthead">The Test Ledger</header>' in html
    assert '<h1 class="headline">Harbour bridge to close</h1>' in html
    assert "By Maya Rivera" in html
    assert evaluate(qtbot, pane, "document.title") == "Harbour bridge to close"
    # The body went into the layout's content slot.
    body = evaluate(qtbot, pane, "document.querySelector('.story-body #dl-body').innerHTML")
    assert "<strong>Monday</strong>" in body
    # The SCSS compiled (partial imported, nesting and functions resolved) and applied.
    css = evaluate(qtbot, pane, "document.querySelector('style[data-dl-href]').textContent")
    assert ".masthead {\n  color: #123456;" in css
    assert ".story .byline {" in css
    assert evaluate(qtbot, pane, "getComputedStyle(document.querySelector('.masthead')).color"
                    ) == "rgb(18, 52, 86)"
    assert evaluate(qtbot, pane, "getComputedStyle(document.querySelector('.byline')).fontStyle"
                    ) == "italic"
    # Nothing from the network: the remote stylesheet and script never left the page.
    assert base not in html
    assert hits == [] and server.accepted == 0
    assert pane.blocker.remote_requests == 0


def test_body_edits_in_the_site_view_replace_only_the_body(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(make_site(tmp_path / "site"))
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here")
    _page_ready(qtbot, pane, "article.story")
    evaluate(qtbot, pane, "document.documentElement.dataset.kept = 'yes'; true")
    with qtbot.waitSignal(pane.body_updated, timeout=20000):
        window.editor.appendPlainText("\nA new paragraph about the ferry.\n")
    body = evaluate(qtbot, pane, "document.getElementById('dl-body').innerHTML")
    assert "A new paragraph about the ferry." in body
    assert evaluate(qtbot, pane, "document.documentElement.dataset.kept") == "yes"  # no reload


def test_reading_view_toggle_is_remembered(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(make_site(tmp_path / "site"))
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here")
    _page_ready(qtbot, pane, "article.story")
    window.actions["view.site_look"].setChecked(False)
    _page_ready(qtbot, pane, "h1.post-title")
    header = evaluate(qtbot, pane, "document.getElementById('dl-header').innerHTML")
    assert "Harbour bridge to close" in header and "Maya Rivera" in header
    assert "March 4, 2025 · 09:00 EST" in header  # 14:00 UTC in the site's zone
    assert window.settings.value("preview/view") == "reading"
    again = make_window(make_site(tmp_path / "other"))
    assert not again.actions["view.site_look"].isChecked()
    assert again.scheduler.view == "reading"


def test_a_theme_from_a_gem_falls_back_to_the_reading_view_with_a_notice(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    root = tmp_path / "gem-site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Gem\ntheme: minima\n", encoding="utf-8")
    post = root / "_posts" / "2025-03-04-bridge.md"
    post.write_text(POST, encoding="utf-8")
    window = make_window(post)
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here")
    _page_ready(qtbot, pane, ".dl-view-notice")
    notice = evaluate(qtbot, pane, "document.querySelector('.dl-view-notice').textContent")
    assert "minima" in notice and "gem" in notice
    assert evaluate(qtbot, pane, "document.querySelector('h1.post-title').textContent"
                    ) == "Harbour bridge to close"
    assert "<strong>Monday</strong>" in evaluate(
        qtbot, pane, "document.getElementById('dl-body').innerHTML")


def test_scss_that_does_not_compile_falls_back_naming_the_file(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = make_site(tmp_path / "site")
    (tmp_path / "site" / "assets" / "main.scss").write_text(
        "---\n---\n.masthead { color: $undefined-colour; }\n", encoding="utf-8")
    window = make_window(post)
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here")
    _page_ready(qtbot, pane, ".dl-view-notice")
    notice = evaluate(qtbot, pane, "document.querySelector('.dl-view-notice').textContent")
    assert "assets/main.scss" in notice and "does not compile" in notice
    assert "Undefined variable" in notice
