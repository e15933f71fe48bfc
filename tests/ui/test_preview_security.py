"""The preview never runs a post's scripts and never reaches the network on its own."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import evaluate, start_preview


class _CountingServer:
    """A TCP server on 127.0.0.1 that counts every connection it accepts (a preconnect
    opens one without ever sending a request) and answers each request with a GIF."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.accepted = 0
        self.hits: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                self.hits.append(data.split(b" ", 2)[1].decode("latin-1"))
                gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: "
                             + str(len(gif)).encode() + b"\r\nConnection: close\r\n\r\n" + gif)
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        self._thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[_CountingServer]:
    """A local server on 127.0.0.1 that counts accepted connections and requests."""
    srv = _CountingServer()
    yield srv
    srv.close()


_HINTS = ("preconnect", "dns-prefetch", "prefetch", "preload", "prerender", "modulepreload",
          "PreConnect next")


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
        + "".join(f"<link rel=\"{rel}\" href=\"{base}/{rel}\">\n" for rel in _HINTS) + "\n"
        f"<p>Hint <link rel=\"preconnect\" href=\"{base.replace('http:', 'https:')}\"> inline</p>\n\n"
        f"<div style=\"background: url({base}/bg.gif)\">styled</div>\n\n"
        f"![markdown image]({base}/md.gif)\n\n"
        "After.\n",
        encoding="utf-8",
    )
    return path


def test_preview_runs_no_script_and_opens_no_connection(
        make_window: Any, qtbot: Any, tmp_path: Path, server: _CountingServer) -> None:
    base = server.base
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
    # A connection would be accepted within milliseconds: the page has settled and the
    # test server has answered a probe of its own by now.
    probe = socket.create_connection(server.sock.getsockname(), timeout=5)
    probe.close()
    qtbot.waitUntil(lambda: server.accepted >= 1, timeout=5000)
    assert server.hits == []
    assert server.accepted == 1, f"the preview opened {server.accepted - 1} connection(s)"
    # The interceptor saw what got past the policy: every remote request it saw was blocked.
    assert pane.blocker.blocked == pane.blocker.remote_requests


def test_remote_images_load_only_when_the_writer_allows_them(
        make_window: Any, qtbot: Any, tmp_path: Path, server: _CountingServer) -> None:
    base, hits = server.base, server.hits
    path = tmp_path / "2025-01-02-remote.md"
    path.write_text(f"---\ntitle: Remote\n---\n\n![photo]({base}/photo.gif)\n", encoding="utf-8")
    window = make_window(path)
    pane = start_preview(qtbot, window)
    if pane.backend_name != "webengine":
        pytest.skip("QtWebEngine could not start here")
    qtbot.waitUntil(lambda: evaluate(
        qtbot, pane, "Array.from(document.images).every(function (i) { return i.complete; })"),
        timeout=10000)
    assert hits == [] and server.accepted == 0
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
