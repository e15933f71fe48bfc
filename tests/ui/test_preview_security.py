"""The preview never runs a post's scripts and never reaches the network on its own."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import evaluate, start_preview


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()
        self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on 127.0.0.1 that counts the requests it gets."""
    hits: list[str] = []
    handler = type("Handler", (_CountingHandler,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


def _hostile_post(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "2025-01-02-hostile.md"
    path.write_text(
        "---\ntitle: Hostile\n"
        f"image: {base}/header.gif\n"
        "---\n\n"
        "Before.\n\n"
        "<script>document.title = 'script ran'; window.ran = 1;</script>\n\n"
        f"<img src=\"{base}/remote.gif\" alt=\"remote\">\n\n"
        f"<iframe src=\"{base}/frame.html\"></iframe>\n\n"
        "<img src=\"missing.png\" onerror=\"document.title = 'handler ran'\">\n\n"
        f"<link rel=\"stylesheet\" href=\"{base}/style.css\">\n\n"
        f"<div style=\"background: url({base}/bg.gif)\">styled</div>\n\n"
        f"![markdown image]({base}/md.gif)\n\n"
        "After.\n",
        encoding="utf-8",
    )
    return path


def test_preview_runs_no_script_and_makes_no_network_request(
        make_window: Any, qtbot: Any, tmp_path: Path, server: tuple[str, list[str]]) -> None:
    base, hits = server
    window = make_window(_hostile_post(tmp_path, base))
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here; the text fallback never fetches")
    body = evaluate(qtbot, pane, "document.getElementById('dl-body').innerHTML")
    assert "After." in body and "<iframe" in body
    # Every image has finished (loaded or failed) before we count requests.
    qtbot.waitUntil(lambda: evaluate(
        qtbot, pane, "Array.from(document.images).every(function (i) { return i.complete; })"),
        timeout=10000)
    assert evaluate(qtbot, pane, "document.title") == "Preview"
    assert evaluate(qtbot, pane, "document.querySelectorAll('.post-title').length") == 1
    assert hits == []
    assert pane.blocker.blocked >= 0  # the CSP usually stops requests before the interceptor


def test_remote_images_load_only_when_the_writer_allows_them(
        make_window: Any, qtbot: Any, tmp_path: Path, server: tuple[str, list[str]]) -> None:
    base, hits = server
    path = tmp_path / "2025-01-02-remote.md"
    path.write_text(f"---\ntitle: Remote\n---\n\n![photo]({base}/photo.gif)\n", encoding="utf-8")
    window = make_window(path)
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here")
    qtbot.waitUntil(lambda: evaluate(
        qtbot, pane, "Array.from(document.images).every(function (i) { return i.complete; })"),
        timeout=10000)
    assert hits == []
    with qtbot.waitSignal(pane.body_updated, timeout=20000):
        window.actions["view.remote_images"].trigger()
    qtbot.waitUntil(lambda: "/photo.gif" in hits, timeout=10000)


def test_block_updates_leave_the_page_as_a_whole_replace_would(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    """Edits replace only the changed top-level blocks; the page ends up the same as if the
    body had been sent whole, and still runs nothing."""
    from editor.services.preview import BlockHtml, split_blocks

    path = tmp_path / "2025-01-02-blocks.md"
    path.write_text("---\ntitle: Blocks\n---\n\nFirst.\n", encoding="utf-8")
    window = make_window(path)
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here")

    def show(header: str, body: str) -> None:
        blocks = split_blocks(body)
        assert blocks is not None
        html = BlockHtml(body)
        html.blocks = blocks
        with qtbot.waitSignal(pane.body_updated, timeout=20000):
            pane.show_content(header, html)
        shown = evaluate(qtbot, pane, "document.getElementById('dl-body').innerHTML")
        assert shown.replace("<!--dl-b-->", "") == body
        assert evaluate(qtbot, pane, "document.getElementById('dl-header').innerHTML") == header

    paragraphs = [f"<p>Paragraph {i}.</p>\n" for i in range(30)]
    show("<h1>A</h1>", "".join(paragraphs))
    paragraphs[12] = "<p>Changed <em>twelve</em>.</p>\n<ul>\n<li>new</li>\n</ul>\n"
    show("<h1>A</h1>", "".join(paragraphs))
    del paragraphs[3:6]
    show("<h1>B</h1>", "".join(paragraphs))
    paragraphs.append("<pre><code>a &lt; b\n\n</code></pre>\n")
    show("<h1>B</h1>", "".join(paragraphs))
    show("<h1>B</h1>", "<p>all new</p>\n")
    show("<h1>B</h1>", "<p>all new</p>\n<script>document.title = 'ran'</script>\n<p>x</p>\n")
    assert evaluate(qtbot, pane, "document.title") == "Preview"
    show("<h1>B</h1>", "")
