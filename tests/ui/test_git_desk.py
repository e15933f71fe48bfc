"""The shared repository in the real window: per-post states in the site panel, the
status bar, Get latest, Send and the conflict choice, with real git repositories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from editor.core.git.repo import Repo
from editor.core.git.send import send
from editor.ui import dialogs
from editor.ui.git_desk import GitDesk
from tests.core.git.helpers import POST_NAME, edit, git, isolate_git, make_newsroom

NEW = "_posts/2025-03-05-ferry-strike.md"


@pytest.fixture(autouse=True)
def private_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path_factory.mktemp("gitconfig"), monkeypatch)


def shared_column(window: Any) -> dict[str, str]:
    panel = desk_of(window).site_panel
    model = panel.proxy
    column = model.columnCount() - 1
    assert model.headerData(column, Qt_horizontal()) == "Shared"
    return {model.index(r, 0).data(): model.index(r, column).data()
            for r in range(model.rowCount())}


def Qt_horizontal() -> Any:  # noqa: N802
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def desk_of(window: Any) -> GitDesk:
    desk = window.findChild(GitDesk)
    assert desk is not None
    return desk


def test_states_get_latest_and_send(qtbot: QtBot, make_window: Any, tmp_path: Path,
                                    fake_dialogs: Any) -> None:
    room = make_newsroom(tmp_path)
    (room.a / NEW).write_text("---\ntitle: Ferry strike called off\n---\n\nThe ferries run.\n")
    send(Repo.open(room.a), [room.a / NEW])
    (room.b / "_posts/2025-03-09-night-buses.md").write_text("---\ntitle: Night buses\n---\n")
    window = make_window(room.b / POST_NAME)
    desk = desk_of(window)
    qtbot.waitUntil(lambda: desk.status_label.text() == "⇅ main · up to date", timeout=20000)
    assert desk.menu.menuAction().isVisible()
    qtbot.waitUntil(lambda: len(shared_column(window)) == 2, timeout=20000)
    assert shared_column(window) == {"Harbour bridge to close": "Sent", "Night buses": "New"}

    with qtbot.waitSignal(desk.sync.finished, timeout=30000):
        desk.get_latest_action.trigger()
    assert (room.b / NEW).is_file()
    qtbot.waitUntil(lambda: shared_column(window).get("Ferry strike called off") == "Sent",
                    timeout=20000)

    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "Late update: the bridge reopens in May.")
    qtbot.waitUntil(lambda: window.document.is_modified, timeout=5000)
    with qtbot.waitSignal(desk.sync.finished, timeout=30000) as sent:
        desk.send_action.trigger()
    assert sent.args[1].message == "Sent: 1 file."
    assert "bridge reopens in May" in git(room.bare, "show", f"main:{POST_NAME}")
    assert git(room.bare, "log", "-1", "--format=%s", "main") == "Update: Harbour bridge to close"
    qtbot.waitUntil(lambda: shared_column(window)["Harbour bridge to close"] == "Sent",
                    timeout=20000)
    assert shared_column(window)["Night buses"] == "New"  # not chosen, not sent


def test_conflict_is_a_choice_in_the_window(qtbot: QtBot, make_window: Any, tmp_path: Path,
                                            fake_dialogs: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "title: Harbour bridge to close", "title: Bridge closes")
    send(Repo.open(room.a), [room.a / POST_NAME])
    edit(room.b / POST_NAME, "title: Harbour bridge to close", "title: Bridge shut")
    edit(room.b / POST_NAME, "Tuesday", "Thursday")
    asked: list[Any] = []

    def choose(_parent: Any, conflict: Any) -> dict[str, str]:
        asked.append(conflict)
        return {"field:title": "theirs"}

    monkeypatch.setattr(dialogs, "ask_conflict_choices", choose)
    window = make_window(room.b / POST_NAME)
    desk = desk_of(window)
    qtbot.waitUntil(lambda: desk.sync.status is not None, timeout=20000)
    with qtbot.waitSignal(desk.sync.conflicts_found, timeout=30000):
        desk.get_latest_action.trigger()
    assert [c.relpath for c in asked] == [POST_NAME]
    assert [c.key for c in asked[0].merge.fields] == ["title"]
    text = (room.b / POST_NAME).read_text()
    assert "title: Bridge closes" in text and "Thursday" in text and "<<<" not in text
    qtbot.waitUntil(lambda: window.document.post.get("title") == "Bridge closes", timeout=20000)
    qtbot.waitUntil(lambda: shared_column(window).get("Bridge closes") == "Edited",
                    timeout=20000)


def test_nothing_shows_without_a_repository(qtbot: QtBot, make_window: Any,
                                            tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Plain\n")
    (site / POST_NAME).write_text("---\ntitle: Plain post\n---\n")
    window = make_window(site / POST_NAME)
    desk = desk_of(window)
    qtbot.waitUntil(lambda: desk.site_panel.model.rowCount() == 1, timeout=20000)
    assert not desk.menu.menuAction().isVisible()
    assert not desk.status_label.isVisible()
    assert desk.site_panel.proxy.columnCount() == 4


def test_conflict_dialog_shows_both_sides_and_records_clicks(qtbot: QtBot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QPlainTextEdit, QRadioButton, QScrollArea

    from editor.core.git.merge import merge_post
    from editor.core.git.sync import Conflict
    from editor.ui.conflict_dialog import ConflictDialog

    base = b"---\ntitle: Old\n---\n\nOne.\n\nTwo.\n"
    mine = base.replace(b"Old", b"Mine").replace(b"Two.", b"Two, mine.")
    theirs = base.replace(b"Old", b"Theirs").replace(b"Two.", b"Two, theirs.")
    dialog = ConflictDialog(Conflict("_posts/x.md", merge_post(base, mine, theirs)))
    qtbot.addWidget(dialog)
    dialog.show()
    panes = {p.accessibleName(): p.toPlainText() for p in dialog.findChildren(QPlainTextEdit)}
    assert panes == {"Field “title”: yours": "Mine", "Field “title”: your colleague's": "Theirs",
                     "A paragraph of the text: yours": "Two, mine.",
                     "A paragraph of the text: your colleague's": "Two, theirs."}
    assert dialog.choices() == {"field:title": "mine", "body:1": "mine"}
    for name in ("field:title:theirs", "body:1:both"):
        button = dialog.findChild(QRadioButton, name)
        dialog.findChild(QScrollArea).ensureWidgetVisible(button)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                         pos=QPoint(6, button.height() // 2))  # on the indicator
    assert dialog.choices() == {"field:title": "theirs", "body:1": "both"}
    assert dialog.conflict.merge.result(dialog.choices()) == (
        b"---\ntitle: Theirs\n---\n\nOne.\n\nTwo, mine.\nTwo, theirs.\n")


def test_window_asks_for_the_password(qtbot: QtBot, make_window: Any, tmp_path: Path,
                                      fake_dialogs: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.core.git.http_server import GitHttpServer

    room = make_newsroom(tmp_path)
    git(room.bare, "config", "http.receivepack", "true")
    answers = [("alice", "wrong"), ("alice", "s3cret")]
    asked: list[tuple[str, bool]] = []

    def ask(_parent: Any, host: str, rejected: bool) -> tuple[str, str]:
        asked.append((host, rejected))
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "ask_password", ask)
    with GitHttpServer(tmp_path, "alice", "s3cret") as server:
        git(room.a, "remote", "set-url", "origin", server.url("shared.git"))
        edit(room.a / POST_NAME, "Tuesday", "Friday")
        window = make_window(room.a / POST_NAME)
        desk = desk_of(window)
        qtbot.waitUntil(lambda: desk.sync.status is not None, timeout=20000)
        with qtbot.waitSignal(desk.sync.finished, timeout=60000):
            desk.send_action.trigger()
        host = f"127.0.0.1:{server.port}"
        assert asked == [(host, False), (host, True)]
    assert "Friday" in git(room.bare, "show", f"main:{POST_NAME}")
