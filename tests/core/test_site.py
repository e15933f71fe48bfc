"""The site index: posts, drafts, suggestions, defaults, caching and refresh."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from editor.core.post import load_post
from editor.core.site import DRAFT, PUBLISHED, SCHEDULED, UNPUBLISHED, SiteIndex
from tests.conftest import SAMPLE_POSTS
from tests.core.site_helpers import make_site, post_text


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def test_index_lists_posts_and_drafts_newest_first(site: Path) -> None:
    index = SiteIndex.open(site)
    entries = index.entries()
    assert [e.relpath for e in entries] == [
        "_posts/2024-05-03-council-vote.md", "_posts/2024-05-01-harbour-reopens.md",
        "_posts/2024-04-20-ferry-times.md", "_drafts/storm-roundup.md"]
    first = entries[0]
    assert first.title == "Council vote"
    assert first.author == "bob"
    assert first.categories == ("News", "Politics")
    # 15:00 UTC is 11:00 in New York (the site's timezone).
    assert first.date == dt.datetime(2024, 5, 3, 11, 0, tzinfo=first.date.tzinfo)
    assert str(first.date.tzinfo) == "America/New_York"
    assert entries[-1].kind == "drafts"


def test_statuses(site: Path) -> None:
    (site / "_posts" / "2099-01-01-later.md").write_text(post_text("Later", "2099-01-01T12:00:00"))
    (site / "_posts" / "2024-01-01-hidden.md").write_text(
        post_text("Hidden", "2024-01-01T12:00:00", extra="published: false\n"))
    index = SiteIndex.open(site)
    status = {e.name: index.status_of(e) for e in index.entries()}
    assert status["2099-01-01-later"] == SCHEDULED
    assert status["2024-01-01-hidden"] == UNPUBLISHED
    assert status["storm-roundup"] == DRAFT
    assert status["2024-05-01-harbour-reopens"] == PUBLISHED


def test_suggestions_come_from_the_site(site: Path) -> None:
    index = SiteIndex.open(site)
    assert index.authors() == ["alice", "bob", "wire"]
    assert "alice" in index.defined_authors() and "wire" in index.defined_authors()
    assert index.categories() == ["News", "Politics", "Transport"]
    assert "harbour" in index.tags()
    assert index.layouts() == ["default", "post"]
    assert index.includes() == ["note.html"]


def test_defaults_are_reported_not_written(site: Path) -> None:
    index = SiteIndex.open(site)
    post_path = site / "_posts" / "2024-05-01-harbour-reopens.md"
    before = post_path.read_bytes()
    assert index.defaults_for(post_path) == {"layout": "post"}
    assert index.defaults_for("wire/_posts/2024-01-01-x.md") == {"author": "staff"}
    assert index.defaults_for("_drafts/new.md") == {}
    assert post_path.read_bytes() == before
    assert "staff" not in load_post(post_path).front_matter.values()


def test_refresh_sees_added_changed_and_removed_files(site: Path) -> None:
    index = SiteIndex.open(site)
    assert not index.refresh()  # nothing changed: nothing reported
    new = site / "_posts" / "2024-06-01-new.md"
    new.write_text(post_text("New one", "2024-06-01T12:00:00"))
    changed = site / "_posts" / "2024-05-03-council-vote.md"
    changed.write_text(post_text("Council vote, updated", "2024-05-03T15:00:00", "bob"))
    os.utime(changed, ns=(1, 1))
    (site / "_drafts" / "storm-roundup.md").unlink()
    changes = index.refresh()
    assert changes.added == (new,)
    assert changes.changed == (changed,)
    assert [p.name for p in changes.removed] == ["storm-roundup.md"]
    assert index.entry(changed).title == "Council vote, updated"
    assert len(index) == 4


def test_cache_is_used_on_a_second_open(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = SiteIndex.open(site)
    assert first.cache_path.is_file()
    data = json.loads(first.cache_path.read_text())
    assert len(data["records"]) == 4
    import editor.core.site as site_module

    def no_parsing(*args: object) -> object:
        raise AssertionError("a cached, unchanged post was parsed again")

    monkeypatch.setattr(site_module, "_record", no_parsing)
    second = SiteIndex.open(site)
    assert [e.relpath for e in second.entries()] == [e.relpath for e in first.entries()]


def test_broken_front_matter_is_indexed_as_broken(site: Path) -> None:
    (site / "_posts" / "2024-02-02-broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    index = SiteIndex.open(site)
    entry = index.entry(site / "_posts" / "2024-02-02-broken.md")
    assert entry is not None and entry.problem and index.status_of(entry) == "broken"


def test_post_url_and_slugs(site: Path) -> None:
    index = SiteIndex.open(site)
    assert index.find_post_url("2024-05-01-harbour-reopens") is not None
    assert index.find_post_url("2024-05-01-nothing") is None
    assert [e.name for e in index.posts_with_slug("council-vote")] == ["2024-05-03-council-vote"]


def test_category_folders_are_indexed(site: Path) -> None:
    (site / "sport" / "_posts").mkdir(parents=True)
    (site / "sport" / "_posts" / "2024-05-05-match.md").write_text(post_text("Match"))
    index = SiteIndex.open(site)
    assert index.entry(site / "sport" / "_posts" / "2024-05-05-match.md") is not None


def test_sample_site_opens() -> None:
    index = SiteIndex.open(SAMPLE_POSTS)
    assert len([e for e in index.entries() if e.kind == "posts"]) == 4
    assert len([e for e in index.entries() if e.kind == "drafts"]) == 2
    assert {"mrivera", "tokafor", "jlindqvist", "wire"} <= set(index.authors())
    assert index.layouts() == ["default", "post"]



def test_entry_dates_follow_the_jekyll_rules(site: Path) -> None:
    from editor.core import jekyll

    (site / "_posts" / "2024-03-03-no-date.md").write_text('---\ntitle: "No date"\n---\n')
    (site / "_posts" / "2024-03-04-offset.md").write_text(
        '---\ntitle: "Offset"\ndate: 2024-03-04 23:30:00 +0200\n---\n')
    index = SiteIndex.open(site)
    for entry in index.entries():
        if entry.kind == "posts":
            fm = load_post(entry.path).front_matter
            expected = jekyll.publish_datetime(fm.get("date"), entry.path.name, index.site)
            assert entry.date == expected, entry.relpath


def test_index_dates_are_read_as_jekyll_reads_them(tmp_path: Path) -> None:
    """Quoted and date-only dates are wall-clock time in the site's zone; an offset-less
    timestamp is UTC (tests/golden/jekyll_dates, built with real Jekyll)."""
    from zoneinfo import ZoneInfo

    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("timezone: America/Chicago\n")
    for name, date in (("a", "2025-08-30 23:34:44"), ("b", '"2025-08-30 23:34:44"'),
                       ("c", "2025-08-30")):
        (root / "_posts" / f"2025-08-30-{name}.md").write_text(f"---\ndate: {date}\n---\n")
    index = SiteIndex.open(root, use_cache=False)
    dates = {e.name: e.date for e in index.entries()}
    chicago = ZoneInfo("America/Chicago")
    assert dates["2025-08-30-a"] == dt.datetime(2025, 8, 30, 18, 34, 44, tzinfo=chicago)
    assert dates["2025-08-30-b"] == dt.datetime(2025, 8, 30, 23, 34, 44, tzinfo=chicago)
    assert dates["2025-08-30-c"] == dt.datetime(2025, 8, 30, tzinfo=chicago)


def test_a_future_post_is_scheduled_and_says_whether_it_is_live(tmp_path: Path) -> None:
    from editor.core.site import SCHEDULED_LIVE

    root = make_site(tmp_path / "site")
    (root / "_posts" / "2099-01-01-later.md").write_text(post_text("Later", "2099-01-01"))
    index = SiteIndex.open(root, use_cache=False)
    entry = next(e for e in index.entries() if e.name == "2099-01-01-later")
    assert index.status_of(entry) == SCHEDULED
    (root / "_config.yml").write_text((root / "_config.yml").read_text() + "future: true\n")
    index = SiteIndex.open(root, use_cache=False)
    entry = next(e for e in index.entries() if e.name == "2099-01-01-later")
    assert index.status_of(entry) == SCHEDULED_LIVE


class _CountingEntries(dict):  # type: ignore[type-arg]
    """The snapshot's entries, counting the passes over them."""

    passes = 0

    def values(self):  # type: ignore[no-untyped-def]
        type(self).passes += 1
        return super().values()


def test_checking_every_post_of_a_site_reads_the_index_a_fixed_number_of_times(
        tmp_path: Path) -> None:
    """`dateline check SITE` over 10,000 posts was quadratic: each post's checks counted
    authors, categories and slugs over every post again."""
    import dataclasses

    from editor.core.checks_cli import post_files, run_checks

    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Test\n", encoding="utf-8")
    for n in range(30):
        (site / "_posts" / f"2024-05-{n % 28 + 1:02d}-story-{n}.md").write_text(
            post_text(f"Story {n}", f"2024-05-{n % 28 + 1:02d}T10:00:00"), encoding="utf-8")
    index = SiteIndex.open(site, use_cache=False)
    index._snap = dataclasses.replace(index._snap, entries=_CountingEntries(index._snap.entries))
    results = run_checks(post_files([site]), {site.resolve(): index})
    assert len(results) == 30
    assert _CountingEntries.passes <= 6  # one per count and one for the slugs, not per post
    # The counts stay right, and a refresh gives a new snapshot that is counted afresh.
    authors = index.author_counts()
    authors["someone"] += 5  # the caller's copy
    assert index.author_counts() == SiteIndex.open(site, use_cache=False).author_counts()
    (site / "_posts" / "2024-06-01-late.md").write_text(
        post_text("Late", "2024-06-01T10:00:00"), encoding="utf-8")
    index.refresh()
    assert sum(index.author_counts().values()) == sum(authors.values()) - 5 + 1
    assert [e.relpath for e in index.posts_with_slug("late")] == ["_posts/2024-06-01-late.md"]
