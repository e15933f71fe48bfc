"""The site's look in core: layout chains, stylesheets, fallbacks and the house byline."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from editor.core.render.site_look import BODY_SLOT, SiteLook, byline
from tests.conftest import SAMPLE_POSTS
from tests.site_look_helpers import make_site

CSP = "default-src 'none'"
FRONT = {"layout": "post", "title": "Bridge", "author": "mrivera",
         "date": dt.datetime(2025, 3, 4, 14, 0)}


def test_layout_chain_include_and_scss(tmp_path: Path) -> None:
    make_site(tmp_path)
    page = SiteLook(tmp_path).page(FRONT, CSP)
    assert page.notice == ""
    html = page.html
    assert html.index('<header class="masthead">') < html.index('<article class="story">')
    assert BODY_SLOT in html and html.count('id="dl-body"') == 1
    assert f'content="{CSP.replace(chr(39), "&#x27;")}"' in html
    assert html.index("Content-Security-Policy") < html.index("<style data-dl-href")
    assert ".masthead {\n  color: #123456;" in html
    assert "fonts.example.org" not in html and "<script" not in html


def test_unchanged_front_matter_reuses_the_page_until_a_file_changes(tmp_path: Path) -> None:
    make_site(tmp_path)
    look = SiteLook(tmp_path)
    first = look.page(FRONT, CSP)
    assert look.page(dict(FRONT), CSP) is first
    assert look.page({**FRONT, "title": "Other"}, CSP).html != first.html
    scss = tmp_path / "_sass" / "_colours.scss"
    scss.write_text("$accent: #654321;\n", encoding="utf-8")
    os.utime(scss, (1, 1))
    assert "#654321" in look.page(FRONT, CSP).html


@pytest.mark.parametrize("config, layouts, words", [
    ("theme: minima\n", False, ["minima", "gem"]),
    ("title: x\n", True, ["“post”", "_layouts"]),
])
def test_fallback_notices(tmp_path: Path, config: str, layouts: bool, words: list[str]) -> None:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    if layouts:
        (tmp_path / "_layouts").mkdir()
        (tmp_path / "_layouts" / "default.html").write_text("{{ content }}", encoding="utf-8")
    page = SiteLook(tmp_path).page(FRONT, CSP)
    assert page.html == ""
    assert all(w in page.notice for w in words)


def test_no_layouts_and_no_theme_is_the_house_view_without_notice(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    assert SiteLook(tmp_path).page(FRONT, CSP) == SiteLook(tmp_path).page(FRONT, CSP)
    assert SiteLook(tmp_path).page(FRONT, CSP).html == ""
    assert SiteLook(tmp_path).page(FRONT, CSP).notice == ""


def test_liquid_error_in_a_layout_names_the_layout(tmp_path: Path) -> None:
    make_site(tmp_path)
    (tmp_path / "_layouts" / "post.html").write_text("{% if %}{{ content }}", encoding="utf-8")
    notice = SiteLook(tmp_path).page(FRONT, CSP).notice
    assert "“post”" in notice and "Liquid" in notice


def test_byline_uses_the_authors_name_and_the_sites_zone() -> None:
    look = SiteLook(SAMPLE_POSTS)
    line = byline({"author": "mrivera", "date": dt.datetime(2025, 3, 18, 16, 0)}, look)
    assert "By Maya Rivera" in line
    assert "March 18, 2025 · 12:00 EDT" in line  # 16:00 UTC in America/New_York
    assert byline({}, look) == ""
    assert "By ana" in byline({"author": "ana"}, None)


def test_page_path_is_site_relative_so_categories_come_from_the_front_matter(
        tmp_path: Path) -> None:
    post = make_site(tmp_path / "work" / "site")
    (tmp_path / "work" / "site" / "_layouts" / "post.html").write_text(
        "<p class=\"kicker\">{{ page.categories | join: ',' }}|{{ page.path }}</p>{{ content }}",
        encoding="utf-8")
    page = SiteLook(tmp_path / "work" / "site").page({**FRONT, "categories": ["Community"]},
                                                     CSP, post)
    assert '<p class="kicker">Community|_posts/2025-03-04-harbour-bridge.md</p>' in page.html


def test_compiled_css_is_kept_between_runs_until_a_file_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sass

    make_site(tmp_path / "site")
    assert ".masthead {\n  color: #123456;" in SiteLook(tmp_path / "site").page(FRONT, CSP).html
    calls: list[object] = []
    real = sass.compile
    monkeypatch.setattr(sass, "compile", lambda **kw: calls.append(kw) or real(**kw))
    again = SiteLook(tmp_path / "site").page(FRONT, CSP)  # a new run: from the disk cache
    assert ".masthead {\n  color: #123456;" in again.html and calls == []
    partial = tmp_path / "site" / "_sass" / "_colours.scss"
    partial.write_text("$accent: #654321;\n", encoding="utf-8")
    os.utime(partial, (2, 2))
    assert "#654321" in SiteLook(tmp_path / "site").page(FRONT, CSP).html
    assert len(calls) == 1
