"""The preview scheduler: debounced, one job in flight, only the newest text rendered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from editor.services.preview import (
    PreviewScheduler,
    RenderJob,
    delay_for,
    header_html,
    render_job,
    resolve_site_paths,
)


def test_pause_scales_with_document_size() -> None:
    assert delay_for(1_000) < delay_for(1_000_000) <= 600
    assert delay_for(0) >= 30


def test_pause_leaves_a_long_post_half_of_the_200_ms_budget() -> None:
    """Keystroke → preview ≤ 200 ms on a 1 MB post: the typing pause may take at most
    100 ms of it (it took 290 ms), the incremental render and the page patch the rest."""
    assert delay_for(1_100_000) <= 100
    assert delay_for(50_000_000) <= 100


def test_render_job_gives_header_and_body(tmp_path: Path) -> None:
    result = render_job(RenderJob(1, "Hello *world*", {"title": "T <b>", "excerpt": "Ex"}))
    assert "<em>world</em>" in result.body_html
    assert "T &lt;b&gt;" in result.header_html and "Ex" in result.header_html
    assert result.error == ""


def test_site_absolute_images_point_into_the_site(tmp_path: Path) -> None:
    html = resolve_site_paths('<p><img src="/assets/a.jpg" alt=""></p>', tmp_path)
    assert f'src="{tmp_path.resolve().as_uri()}/assets/a.jpg"' in html
    html = resolve_site_paths('<img src="/blog/assets/a.jpg">', tmp_path, "/blog")
    assert f'src="{tmp_path.resolve().as_uri()}/assets/a.jpg"' in html
    assert 'src="assets/x.jpg"' in header_html({"image": "/assets/x.jpg"}, tmp_path)


def test_only_the_newest_text_is_rendered(qtbot: Any) -> None:
    scheduler = PreviewScheduler(threaded=True)
    results: list[Any] = []
    scheduler.rendered.connect(results.append)
    for i in range(20):
        scheduler.request(f"version {i}", {}, None)
    with qtbot.waitSignal(scheduler.rendered, timeout=10000):
        pass
    qtbot.waitUntil(lambda: not scheduler.busy)
    assert len(results) == 1
    assert "version 19" in results[-1].body_html
    scheduler.shutdown()


def test_requests_while_rendering_are_coalesced(qtbot: Any) -> None:
    scheduler = PreviewScheduler(threaded=True)
    results: list[Any] = []
    scheduler.rendered.connect(results.append)
    scheduler.request("first", {}, None, immediate=True)
    for i in range(5):
        scheduler.request(f"later {i}", {}, None, immediate=True)
    qtbot.waitUntil(lambda: not scheduler.busy and results and "later 4" in results[-1].body_html,
                    timeout=10000)
    assert len(results) <= 3
    scheduler.shutdown()


def test_a_held_scheduler_renders_only_the_newest_text_once_released(qtbot: Any) -> None:
    scheduler = PreviewScheduler(threaded=False)
    results: list[Any] = []
    scheduler.rendered.connect(results.append)
    scheduler.hold()
    with qtbot.assertNotEmitted(scheduler.rendered, wait=delay_for(5) + 50):
        scheduler.request("first", {}, None, immediate=True)
        scheduler.request("second", {}, None, immediate=True)
        scheduler.request("third", {}, None)  # and one after a typing pause
    assert results == [] and scheduler.busy
    scheduler.release()
    assert len(results) == 1 and "third" in results[0].body_html
    assert not scheduler.busy
    scheduler.request("fourth", {}, None, immediate=True)  # no longer held
    assert "fourth" in results[-1].body_html


def test_a_render_error_is_shown_not_raised(monkeypatch: Any) -> None:
    from editor.services import preview_render

    def boom(root: Any) -> Any:
        def render(body: str, page: Any) -> str:
            raise RuntimeError("bad liquid")
        return render

    monkeypatch.setattr(preview_render, "_make_renderer", boom)
    result = render_job(RenderJob(1, "x"))
    assert "bad liquid" in result.body_html and result.error == "bad liquid"


def test_an_engine_that_fails_to_load_shows_a_notice_not_plain_markdown(monkeypatch: Any) -> None:
    from editor.core.render import incremental

    class Broken:
        def __init__(self, site: Any) -> None:
            raise ImportError("engine module missing")

    monkeypatch.setattr(incremental, "Renderer", Broken)
    result = render_job(RenderJob(1, "Hello *world*"))
    assert "dateline-render-notice" in result.body_html
    assert "engine module missing" in result.body_html and result.error
    assert "<em>" not in result.body_html  # no silent plain Python-Markdown render


def test_a_markdown_without_the_engines_hooks_shows_a_notice(monkeypatch: Any) -> None:
    from editor.core.render import kramdown, mdcompat

    def unsupported() -> None:
        raise mdcompat.UnsupportedMarkdown("Python-Markdown 9.0 has no hook")

    monkeypatch.setattr(mdcompat, "check_markdown", unsupported)
    monkeypatch.setattr(kramdown._LOCAL, "md", None, raising=False)
    result = render_job(RenderJob(1, "Hello *world*"))
    assert "dateline-render-notice" in result.body_html and "has no hook" in result.body_html


def test_a_long_body_renders_in_a_helper_process(qtbot: Any, monkeypatch: Any) -> None:
    from editor.services import preview

    monkeypatch.setattr(preview, "PROCESS_THRESHOLD", 10)
    scheduler = PreviewScheduler(threaded=True)
    with qtbot.waitSignal(scheduler.rendered, timeout=30000) as blocker:
        scheduler.request("A *long* body, rendered elsewhere.", {"title": "T"}, None, immediate=True)
    assert "<em>long</em>" in blocker.args[0].body_html
    assert scheduler._worker is not None and scheduler._worker._pool is not None
    scheduler.shutdown()


def test_split_blocks_cuts_only_between_top_level_elements() -> None:
    from editor.services.preview import split_blocks

    html = ("<p>a<br>b</p>\n\n<hr />\n<div><p>x</p></div>\n<!-- note -->\n"
            "<pre><code>a &lt; b\n\n</code></pre>\n<script>if (a<b) {}</script>\n<p>z</p>\n")
    blocks = split_blocks(html)
    assert blocks is not None
    assert "".join(blocks) == html
    assert blocks[:3] == ("<p>a<br>b</p>", "\n\n<hr />", "\n<div><p>x</p></div>")
    assert len(blocks) == 7
    assert split_blocks("") == ()
    assert split_blocks("plain text") == ("plain text",)


def test_split_blocks_gives_up_on_tags_that_do_not_nest() -> None:
    from editor.services.preview import split_blocks

    assert split_blocks("<p>open") is None
    assert split_blocks("</p>stray") is None
    assert split_blocks("<script>never closed") is None


def test_a_render_knows_its_blocks() -> None:
    from editor.services.preview import RenderJob, render_job

    result = render_job(RenderJob(1, "# Title\n\nOne.\n\nTwo.\n"))
    blocks = result.body_html.blocks  # type: ignore[attr-defined]
    assert "".join(blocks) == result.body_html
    assert len(blocks) == 3


def test_the_helper_process_code_does_not_load_qt() -> None:
    import subprocess
    import sys

    code = ("import sys, editor.services.preview_render as r; "
            "r.render_job(r.RenderJob(1, '# Hi')); "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


def test_resource_hints_are_stripped_and_other_links_kept() -> None:
    from editor.services.preview_render import strip_resource_hints

    html = ('<p>a<link rel="preconnect" href="https://x.example">b</p>\n'
            "<LINK REL='DNS-Prefetch' href=//x.example>"
            '<link href="https://x.example/a.js" rel="modulepreload">'
            '<link rel="pre&#99;onnect" title="a > b" href="https://x.example">'
            '<link rel="next prefetch" href="/2">'
            '<link rel=preload as=font href="https://x.example/f.woff2">'
            '<link rel="prerender" href="https://x.example/">'
            '<link rel="stylesheet" href="/assets/site.css"><link rel="next" href="/2">')
    assert strip_resource_hints(html) == (
        "<p>ab</p>\n"
        '<link rel="stylesheet" href="/assets/site.css"><link rel="next" href="/2">')
    assert strip_resource_hints("<p>no links</p>") == "<p>no links</p>"
