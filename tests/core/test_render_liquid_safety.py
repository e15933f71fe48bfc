"""Liquid that cannot be abused (issue 15): confined paths, bounded work, bounded strings.

Each hostile case renders in at most 2 s and 100 MB of extra memory (measured here:
CPU time of the rendering thread on a plain run, so a loaded machine does not count;
peak allocation under tracemalloc on a second run), ends
with a notice and still shows the rest of the post.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from editor.core.render import render_body, render_file
from editor.core.site_model import Site
from tests.timing import cpu_timed

SECONDS = 2.0
MEGABYTES = 100


def _measured(body: str, page: dict[str, object], site: Site | None) -> str:
    """Render twice: once timed, once under tracemalloc; assert both budgets."""
    html, elapsed = cpu_timed(render_body, body, dict(page), site)
    assert elapsed <= SECONDS, f"render took {elapsed:.2f} s"
    tracemalloc.start()
    try:
        render_body(body, dict(page), site)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= MEGABYTES * 1_000_000, f"render peaked at {peak / 1e6:.0f} MB"
    return html


def _site(tmp_path: Path, config: str = "title: T\n") -> Path:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    return root


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("TOP SECRET", encoding="utf-8")
    return outside


POST = {"title": "P", "path": "_posts/2024-01-01-p.md"}


@pytest.mark.parametrize("setting", ["../outside", "ABSOLUTE"])
def test_includes_dir_outside_the_site_is_confined(tmp_path: Path, setting: str) -> None:
    outside = _outside(tmp_path)
    value = str(outside) if setting == "ABSOLUTE" else setting
    root = _site(tmp_path, f"title: T\nincludes_dir: {value}\n")
    html = _measured("Before.\n\n{% include secret.html %}\n\nAfter.\n", POST,
                     Site.load(root))
    assert "TOP SECRET" not in html
    assert "Could not locate the included file" in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html


def test_includes_dir_is_re_rooted_inside_the_site_as_jekyll_does(tmp_path: Path) -> None:
    root = _site(tmp_path, "title: T\nincludes_dir: ../outside\n")
    (root / "outside").mkdir()
    (root / "outside" / "inside.html").write_text("Inside the site", encoding="utf-8")
    html = render_body("{% include inside.html %}\n", dict(POST), Site.load(root))
    assert "<p>Inside the site</p>" in html


def test_includes_folder_linked_out_of_the_site_is_not_followed(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    root = _site(tmp_path)
    os.symlink(outside, root / "_includes")
    html = _measured("{% include secret.html %}\n\nAfter.\n", POST, Site.load(root))
    assert "TOP SECRET" not in html and "Could not locate" in html
    assert "<p>After.</p>" in html


def test_included_file_linked_out_of_the_site_is_not_followed(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    root = _site(tmp_path)
    (root / "_includes").mkdir()
    os.symlink(outside / "secret.html", root / "_includes" / "note.html")
    html = render_body("{% include note.html %}\n", dict(POST), Site.load(root))
    assert "TOP SECRET" not in html and "Could not locate" in html


def test_include_names_with_dot_segments_are_refused(tmp_path: Path) -> None:
    _outside(tmp_path)
    root = _site(tmp_path)
    (root / "_includes").mkdir()
    html = render_body("{% include ../../outside/secret.html %}\n", dict(POST),
                       Site.load(root))
    assert "TOP SECRET" not in html and "Invalid syntax for include tag" in html


def test_self_including_include_stops_quickly_with_the_rest_of_the_post(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "_includes").mkdir()
    (root / "_includes" / "loop.html").write_text(
        "x{% include loop.html %}{% include loop.html %}{% include loop.html %}",
        encoding="utf-8")
    html = _measured("Intro.\n\n{% include loop.html %}\n\nThe rest of the post.\n", POST,
                     Site.load(root))
    assert "dateline-liquid-error" in html and "Liquid stopped" in html
    assert "Intro." in html and "The rest of the post." in html


def test_include_in_a_big_loop_is_bounded(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "_includes").mkdir()
    (root / "_includes" / "row.html").write_text("{% for j in (1..1000) %}ab{% endfor %}",
                                                 encoding="utf-8")
    html = _measured("{% for i in (1..100000) %}{% include row.html %}{% endfor %}\n\nEnd.\n",
                     POST, Site.load(root))
    assert "Liquid stopped" in html and "End." in html


@pytest.mark.parametrize("chain", [9, 10])
def test_chained_replace_filters_are_bounded_as_they_grow(chain: int) -> None:
    body = ('{% assign a = "xxxxxxxxxx" %}{{ a' + ' | replace: "x", "xxxxxxxxxx"' * chain
            + " | size }}\n\nAfter the bomb.\n")
    html = _measured(body, {}, None)
    assert "Liquid stopped" in html and "replace" in html
    assert "After the bomb." in html


def test_append_doubling_is_bounded() -> None:
    body = ('{% assign a = "xxxxxxxxxxxxxxxx" %}'
            + "{% assign a = a | append: a %}" * 40 + "{{ a | size }}\n\nEnd.\n")
    html = _measured(body, {}, None)
    assert "Liquid stopped" in html and "End." in html


def test_capture_doubling_is_bounded() -> None:
    body = ('{% assign a = "xxxxxxxxxx" %}'
            + "{% capture a %}{{ a }}{{ a }}{% endcapture %}" * 40 + "{{ a | size }}\nEnd.\n")
    html = _measured(body, {}, None)
    assert "Liquid stopped" in html and "End." in html


def test_ordinary_filters_still_work() -> None:
    html = render_body('{{ "a-b" | replace: "-", " and " | append: "!" | upcase }}\n')
    assert html == "<p>A AND B!</p>"


def test_post_url_does_not_walk_folders_outside_the_site(tmp_path: Path) -> None:
    root = _site(tmp_path)
    outside = tmp_path / "elsewhere" / "_posts"
    outside.mkdir(parents=True)
    (outside / "2020-01-01-x.md").write_text("---\ntitle: X\n---\nx\n", encoding="utf-8")
    body = "".join("{% post_url ../../../../elsewhere/2020-01-01-x %}\n" for _ in range(10))
    html = _measured(body + "\nEnd.\n", POST, Site.load(root))
    assert "Could not find post" in html and "/2020/01/01/x" not in html
    assert "End." in html
    html = render_body("{% post_url ../../../../usr/x %}\n", dict(POST), Site.load(root))
    assert "does not contain valid date" in html


def test_post_url_finds_posts_of_the_site(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "_posts" / "2020-01-01-x.md").write_text("---\ntitle: X\n---\nx\n", encoding="utf-8")
    (root / "news" / "_posts").mkdir(parents=True)
    (root / "news" / "_posts" / "2021-02-03-y.md").write_text("---\ntitle: Y\n---\n",
                                                                encoding="utf-8")
    site = Site.load(root)
    assert render_body("{% post_url 2020-01-01-x %}\n", dict(POST), site) == (
        "<p>/2020/01/01/x.html</p>")
    html = render_body("{% post_url news/2021-02-03-y %}\n", dict(POST), site)
    assert "/2021/02/03/y.html" in html and "Could not find" not in html


def test_link_tag_refuses_paths_out_of_the_site(tmp_path: Path) -> None:
    _outside(tmp_path)
    root = _site(tmp_path)
    html = render_body("{% link ../outside/secret.html %}\n", dict(POST),
                       Site.load(root))
    assert "Could not find document" in html


def test_include_relative_reads_beside_the_post(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "_posts" / "parts").mkdir()
    (root / "_posts" / "parts" / "box.md").write_text("Box for {{ page.title }}.",
                                                      encoding="utf-8")
    post = root / "_posts" / "2024-01-01-p.md"
    post.write_text("---\ntitle: Story\n---\nBefore.\n\n{% include_relative parts/box.md %}\n",
                    encoding="utf-8")
    html = render_file(post)
    assert "<p>Box for Story.</p>" in html and "<p>Before.</p>" in html


def test_include_relative_is_confined_to_the_site(tmp_path: Path) -> None:
    _outside(tmp_path)
    root = _site(tmp_path)
    os.symlink(tmp_path / "outside" / "secret.html", root / "_posts" / "linked.html")
    post = root / "_posts" / "2024-01-01-p.md"
    post.write_text("---\ntitle: S\n---\n{% include_relative ../../outside/secret.html %}\n\n"
                    "{% include_relative linked.html %}\n\nEnd.\n", encoding="utf-8")
    html = render_file(post)
    assert "TOP SECRET" not in html
    assert "Invalid syntax for include_relative tag" in html and "Could not locate" in html
    assert "End." in html
