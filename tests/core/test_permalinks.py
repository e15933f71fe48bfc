"""The one permalink implementation against URLs real Jekyll 4.3 produced.

tests/golden/jekyll_permalinks/reference.json was built with real Jekyll by
tests/golden/jekyll_permalinks/make_reference.py (permalink styles, custom templates,
categories with spaces, capitals, unicode and duplicates, category folders, slugs, dates
near midnight in three timezones). No Jekyll is needed here.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from editor.core import jekyll
from editor.core.post import read_post
from editor.core.render.jekyll_data import page_data
from editor.core.site_model import Site

REFERENCE = Path(__file__).resolve().parent.parent / "golden" / "jekyll_permalinks" / \
    "reference.json"
DATA = json.loads(REFERENCE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DATA["cases"]


def _id(case: dict[str, Any]) -> str:
    return f"{case['permalink']}|{case['timezone']}|{PurePosixPath(case['path']).name}"


def _site(case: dict[str, Any]) -> Site:
    config: dict[str, Any] = {"permalink": case["permalink"]}
    if case["timezone"]:
        config["timezone"] = case["timezone"]
    return Site(None, config)


@pytest.fixture(autouse=True)
def _machine_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reference was built with TZ=UTC (Jekyll uses the machine's zone without one)."""
    monkeypatch.setenv("TZ", DATA["machine_tz"])


def test_the_reference_covers_what_the_issue_asks() -> None:
    styles = {c["permalink"] for c in CASES}
    assert {"date", "pretty", "ordinal", "none", "/:categories/:title/",
            "/:year/:month/:day/:title:output_ext"} <= styles
    assert {c["timezone"] for c in CASES} >= {None, "Asia/Tokyo"}
    urls = " ".join(c["url"] for c in CASES)
    assert "%20" in urls and "%C3%A9" in urls  # spaces and unicode in categories
    assert DATA["jekyll"].startswith("jekyll 4.3")


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_permalink_matches_real_jekyll(case: dict[str, Any]) -> None:
    post = read_post(f"---\n{case['front_matter']}---\nx\n".encode())
    assert post.problem is None
    folders = jekyll.folder_categories(case["path"])
    url = jekyll.permalink_for(post.front_matter, PurePosixPath(case["path"]).name,
                               _site(case), folders)
    assert url == case["url"]


@pytest.mark.parametrize("case", [c for c in CASES if c["timezone"] == "Asia/Tokyo"], ids=_id)
def test_the_previews_page_url_is_the_same_implementation(case: dict[str, Any]) -> None:
    post = read_post(f"---\n{case['front_matter']}---\nx\n".encode())
    page = page_data({**post.front_matter, "path": case["path"]}, _site(case))
    assert page["url"] == case["url"]


def test_the_issues_example_local_news() -> None:
    """Before: the form said /local%20news/2024/05/02/… and the preview
    /local-news/local-news/2024/05/01/…; Jekyll says (reference.json):"""
    case = next(c for c in CASES if c["permalink"] == "date" and c["timezone"] is None
                and c["path"] == "_posts/2024-05-01-harbour-reopens.md")
    assert case["url"] == "/local%20news/2024/05/01/harbour-reopens.html"
    post = read_post(f"---\n{case['front_matter']}---\nx\n".encode())
    form_url = jekyll.permalink_for(post.front_matter, "2024-05-01-harbour-reopens.md",
                                    _site(case))
    preview_url = page_data({**post.front_matter, "path": case["path"]}, _site(case))["url"]
    assert form_url == preview_url == case["url"]
