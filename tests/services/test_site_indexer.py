"""The site indexer: indexing in a worker thread with progress, and refresh on changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from editor.core.site import PostEntry
from editor.services.site_indexer import SiteIndexer
from tests.core.site_helpers import make_site, post_text


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def test_indexes_in_the_background_and_reports(qtbot: QtBot, site: Path) -> None:
    indexer = SiteIndexer(watch=False)
    progress: list[tuple[int, int]] = []
    indexer.progress.connect(lambda d, t: progress.append((d, t)))
    with qtbot.waitSignal(indexer.indexed, timeout=10000) as blocker:
        indexer.open_site(site)
        assert indexer.busy
    entries: list[PostEntry] = blocker.args[0]
    assert [e.title for e in entries][:2] == ["Council vote", "Harbour reopens"]
    assert progress[-1] == (4, 4)
    assert indexer.index is not None and indexer.index.authors()
    assert not indexer.busy


def test_refresh_after_a_change_emits_again(qtbot: QtBot, site: Path) -> None:
    indexer = SiteIndexer(watch=False)
    with qtbot.waitSignal(indexer.indexed, timeout=10000):
        indexer.open_site(site)
    (site / "_posts" / "2024-07-01-new.md").write_text(post_text("New story", "2024-07-01"))
    with qtbot.waitSignal(indexer.indexed, timeout=10000) as blocker:
        indexer.refresh()
        indexer.refresh()  # coalesced with the running one
    assert blocker.args[0][0].title == "New story"
    indexer.wait()


def test_watcher_notices_a_new_post(qtbot: QtBot, site: Path) -> None:
    indexer = SiteIndexer(watch=True, poll_ms=60000)
    with qtbot.waitSignal(indexer.indexed, timeout=10000):
        indexer.open_site(site)
    with qtbot.waitSignal(indexer.indexed, timeout=10000) as blocker:
        (site / "_drafts" / "fresh.md").write_text('---\ntitle: "Fresh"\n---\n')
    assert "Fresh" in [e.title for e in blocker.args[0]]
    indexer.close_site()
    indexer.wait()
