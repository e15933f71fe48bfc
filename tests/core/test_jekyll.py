"""Jekyll's rules: names, slugs, dates and timezones, defaults, permalinks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from editor.core import jekyll
from editor.core.site_model import Site, find_site_root


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Latest: Chicago mayor signs order", "latest-chicago-mayor-signs-order"),
        ("  What's new in 2.0?  ", "what-s-new-in-2-0"),
        ("Ünïcödé — über alles", "ünïcödé-über-alles"),
        ("日本語のタイトル", "日本語のタイトル"),
        ("___", ""),
    ],
)
def test_slugify_matches_jekyll_default_mode(title: str, slug: str) -> None:
    assert jekyll.slugify(title) == slug


def test_post_file_names_parse_and_generate() -> None:
    name = jekyll.parse_post_filename("2017-2-5-i-dont-like-zeroes.md")
    assert name == jekyll.PostName(dt.date(2017, 2, 5), "i-dont-like-zeroes", ".md")
    assert jekyll.parse_post_filename("about.md") is None
    assert jekyll.parse_post_filename("2017-02-31-bad-date.md") is None
    assert (
        jekyll.post_filename(dt.date(2025, 8, 30), "Latest: Mayor!") == "2025-08-30-latest-mayor.md"
    )
    assert jekyll.draft_filename("A draft") == "a-draft.md"


def test_offsetless_dates_are_utc_shown_in_the_site_timezone() -> None:
    site = Site(None, {"timezone": "America/Chicago"})
    when = jekyll.publish_datetime(dt.datetime(2025, 8, 31, 2, 0), "2025-08-31-x.md", site)
    assert when is not None and when.isoformat() == "2025-08-30T21:00:00-05:00"
    assert "2025-08-31" in (
        jekyll.date_mismatch(dt.datetime(2025, 8, 31, 2, 0), "2025-08-31-x.md", site) or ""
    )


def test_filename_date_is_used_without_a_front_matter_date() -> None:
    when = jekyll.publish_datetime(None, "2024-01-02-x.md")
    assert when == dt.datetime(2024, 1, 2, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "2015-10-01 01:00:00 +0800",
            dt.datetime(2015, 10, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        ),
        (
            "2015-03-19 18:00:00 -4",
            dt.datetime(2015, 3, 19, 18, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
        ),
        (
            "2014-05-14T11:02:00-04:00",
            dt.datetime(2014, 5, 14, 11, 2, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
        ),
        ("not a date", None),
    ],
)
def test_date_strings_jekyll_reads(value: str, expected: dt.datetime | None) -> None:
    assert jekyll.as_datetime(value) == expected


def test_defaults_by_path_and_type(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "timezone: Europe/Berlin\npermalink: pretty\ndefaults:\n"
        "  - scope: {path: ''}\n    values: {layout: default}\n"
        "  - scope: {path: '', type: posts}\n    values: {layout: post, author: desk}\n"
        "  - scope: {path: '_posts/sport'}\n    values: {category: sport}\n"
    )
    site = Site.load(find_site_root(tmp_path / "_posts" / "x.md"))
    assert site.root == tmp_path
    assert site.defaults_for("_posts/2024-01-01-a.md") == {"layout": "post", "author": "desk"}
    assert site.defaults_for("_posts/sport/2024-01-01-a.md")["category"] == "sport"
    assert site.defaults_for("about.md", kind="pages") == {"layout": "default"}


def test_permalinks_follow_the_site_style_or_the_post() -> None:
    fm = {"title": "T", "date": dt.datetime(2025, 8, 30, 12, 0), "categories": ["News", "Local"]}
    assert (
        jekyll.permalink_for(fm, "2025-08-30-mayor-order.md")
        == "/news/local/2025/08/30/mayor-order.html"
    )
    pretty = Site(None, {"permalink": "pretty"})
    assert (
        jekyll.permalink_for(fm, "2025-08-30-mayor-order.md", pretty)
        == "/news/local/2025/08/30/mayor-order/"
    )
    own = {**fm, "permalink": "/stories/:title/"}
    assert jekyll.permalink_for(own, "2025-08-30-mayor-order.md") == "/stories/mayor-order/"


def test_categories_and_tags_as_list_or_space_separated_string() -> None:
    # As Jekyll 4.3 orders them (tests/golden/jekyll_permalinks: "both-keys").
    assert jekyll.categories_of({"categories": "news local", "category": "x"}) == [
        "news",
        "local",
        "x",
    ]
    assert jekyll.categories_of({"category": "local news"}) == ["local news"]
    assert jekyll.tags_of({"tags": ["a", "b"]}) == ["a", "b"]
