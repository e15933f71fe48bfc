"""The site desk's controller without a window: a recording host, the real document
controller, settings and indexer, and the synchronous worker seam."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from editor.core.checks import Finding
from editor.services.document import DocumentController
from editor.services.settings import SettingsStore
from editor.services.site_desk import LARGE_POST_CHARS, SiteDeskController, run_now
from editor.services.site_indexer import SiteIndexer
from tests.core.site_helpers import make_site, post_text


class RecordingHost:
    """A DeskHost that records what the desk shows and answers questions as told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.findings: list[Finding] = []
        self.suggestions: tuple[list[str], list[str], list[str], list[str]] | None = None
        self.opened: list[Path] = []
        self.text: str | None = None
        self.blocked_answer = "cancel"
        self.publish_answer = True

    def _note(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def show_site(self, name: str | None, bring_forward: bool) -> None:
        self._note("show_site", name, bring_forward)

    def site_in_front(self) -> bool:
        return False

    def set_site_busy(self, busy: bool) -> None:
        self._note("set_site_busy", busy)

    def select_post(self, path: Path) -> None:
        self._note("select_post", path)

    def show_site_panel(self) -> None:
        self._note("show_site_panel")

    def show_findings(self, findings: list[Finding]) -> None:
        self.findings = findings

    def set_suggestions(self, authors: list[str], categories: list[str], tags: list[str],
                        layouts: list[str]) -> None:
        self.suggestions = (authors, categories, tags, layouts)

    def set_defaults(self, defaults: dict[str, Any]) -> None:
        self._note("set_defaults", defaults)

    def show_status(self, text: str) -> None:
        self._note("show_status", text)

    def focus_editor(self) -> None:
        self._note("focus_editor")

    def maybe_save(self) -> bool:
        return True

    def save(self) -> bool:
        return False

    def open_path(self, path: Path, ask: bool = True) -> bool:
        self.opened.append(path)
        return True

    def inform(self, title: str, text: str) -> None:
        self._note("inform", title, text)

    def warn(self, title: str, text: str) -> None:
        self._note("warn", title, text)

    def confirm(self, title: str, text: str) -> bool:
        return False

    def ask_text(self, title: str, label: str) -> str | None:
        return self.text

    def choose_folder(self, title: str, start: Path | None) -> Path | None:
        return None

    def bundle_path(self, proposed: Path) -> Path | None:
        return None

    def ask_publish_blocked(self, title: str, text: str, details: str, anyway: str,
                            anyway_label: str = "Publish anyway") -> str:
        self._note("ask_publish_blocked", title, text, details, anyway)
        return self.blocked_answer

    def confirm_publish(self, title: str, text: str, details: str) -> bool:
        self._note("confirm_publish", title, text, details)
        return self.publish_answer

    def go_to_line(self, line: int) -> None:
        self._note("go_to_line", line)

    def new_draft(self) -> bool:
        self._note("new_draft")
        return True


@pytest.fixture
def settings(tmp_path: Path) -> SettingsStore:
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def make_desk(qtbot: Any, settings: SettingsStore, path: Path | None) -> tuple[
        SiteDeskController, DocumentController, RecordingHost]:
    document = DocumentController()
    if path is not None:
        document.open(path)
    host = RecordingHost()
    indexer = SiteIndexer(watch=False, use_cache=False)
    desk = SiteDeskController(document, settings, host, indexer, worker=run_now)
    return desk, document, host


def test_a_long_post_is_checked_by_the_worker_seam_synchronously(
        qtbot: Any, settings: SettingsStore, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    path = site / "_posts" / "2024-05-10-long.md"
    path.write_text(post_text("Long", "2024-05-10T10:00:00",
                              body="Reporting.\n\n" * (LARGE_POST_CHARS // 10)))
    desk, document, host = make_desk(qtbot, settings, path)
    document.set_body(document.post.body + "The vote was TK.\n")
    assert "tk-marker" not in [f.id for f in host.findings]
    with qtbot.waitSignal(desk.checked, timeout=1000) as blocker:
        desk._check_timer.timeout.emit()  # the debounce ends: a long post goes to the worker
    # run_now ran the job before timeout.emit returned; the result came back as a signal.
    assert "tk-marker" in [f.id for f in blocker.args[0]]
    assert host.findings == blocker.args[0]
    desk.shutdown()


def test_suggestions_have_one_owner_and_come_from_the_site_before_the_index(
        qtbot: Any, settings: SettingsStore, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    desk, _document, host = make_desk(qtbot, settings, site / "_posts" /
                                      "2024-05-01-harbour-reopens.md")
    assert desk.index() is None  # not indexed yet: the config and _layouts answer
    assert host.suggestions is not None
    authors, categories, _tags, layouts = host.suggestions
    assert authors == ["wire"] and categories == [] and layouts == ["default", "post"]
    with qtbot.waitSignal(desk.indexer.indexed, timeout=10000):
        pass
    authors, categories, _tags, layouts = host.suggestions
    assert {"alice", "bob", "wire"} <= set(authors)
    assert "News" in categories
    desk.shutdown()


def test_publish_refuses_a_modified_post_when_the_writer_does_not_save(
        qtbot: Any, settings: SettingsStore, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    draft = site / "_drafts" / "storm-roundup.md"
    desk, document, host = make_desk(qtbot, settings, draft)
    document.set_body("Changed.\n")
    assert desk.publish_draft(draft) is None  # confirm() says no
    assert draft.exists() and host.opened == []
    desk.shutdown()


def test_publish_moves_the_draft_and_opens_the_post(
        qtbot: Any, settings: SettingsStore, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    draft = site / "_drafts" / "storm-roundup.md"
    desk, _document, host = make_desk(qtbot, settings, draft)
    published = desk.publish_draft(draft)
    assert published is not None and published.parent == site / "_posts"
    assert not draft.exists() and host.opened == [published]
    desk.shutdown()


def test_no_site_hides_the_site_tab(qtbot: Any, settings: SettingsStore, tmp_path: Path) -> None:
    path = tmp_path / "loose.md"
    path.write_text(post_text())
    desk, _document, host = make_desk(qtbot, settings, path)
    assert desk.site_root() is None
    assert [args for name, args in host.calls if name == "show_site" and args[0]] == []
    desk.new_post()
    assert host.calls[-1][0] == "inform"  # no site: nothing created


def _tk_draft(site: Path) -> Path:
    draft = site / "_drafts" / "quay-fire.md"
    draft.write_text('---\ntitle: "Quay fire"\nauthor: alice\nexcerpt: "Fire."\n---\n\n'
                     "Crews arrived at TK.\n")
    return draft


def test_publish_checks_first_and_fix_goes_to_the_error(
        qtbot: Any, settings: SettingsStore, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    draft = _tk_draft(site)
    desk, _document, host = make_desk(qtbot, settings, draft)
    host.blocked_answer = "fix"
    assert desk.publish_draft(draft) is None
    name, (title, text, details, anyway) = next(c for c in host.calls
                                                if c[0] == "ask_publish_blocked")
    assert "“Quay fire” has 1 error" in text
    assert details == "• Line 2: A TK ('to come') marker is left in the text: fill it in"
    assert anyway.startswith("Publish anyway: _drafts/quay-fire.md moves to _posts/")
    assert "online at /" in anyway
    assert ("go_to_line", (7,)) in host.calls  # the TK's file line in the draft
    assert draft.exists() and not list((site / "_posts").glob("*quay-fire*"))
    assert "confirm_publish" not in [c[0] for c in host.calls]
    desk.shutdown()


def test_publish_anyway_publishes_and_says_where_and_at_which_address(
        qtbot: Any, settings: SettingsStore, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    draft = _tk_draft(site)
    desk, _document, host = make_desk(qtbot, settings, draft)
    host.blocked_answer = "publish_anyway"
    published = desk.publish_draft(draft)
    assert published is not None and published.read_text().count("TK") == 1
    assert not draft.exists()
    info = next(c[1] for c in host.calls if c[0] == "inform")
    assert info[0] == "Published" and f"_posts/{published.name}" in info[1]
    assert "at /" in info[1]
    desk.shutdown()


def test_every_publish_is_confirmed_with_its_warnings(
        qtbot: Any, settings: SettingsStore, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    draft = site / "_drafts" / "storm-roundup.md"  # no excerpt: a warning
    desk, _document, host = make_desk(qtbot, settings, draft)
    host.publish_answer = False
    assert desk.publish_draft(draft) is None and draft.exists()
    _name, (title, text, details) = next(c for c in host.calls if c[0] == "confirm_publish")
    assert text == "Publish “Storm roundup” now?"
    assert details.startswith("_drafts/storm-roundup.md moves to _posts/")
    assert "Warnings:\n• " in details and "excerpt" in details
    desk.shutdown()
