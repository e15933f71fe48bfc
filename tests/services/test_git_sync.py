"""GitSync: git off the UI thread with signals, a synchronous seam, passwords, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from editor.core.git.repo import Repo
from editor.core.git.send import send
from editor.core.git.status import PostState
from editor.services.git_sync import GET_LATEST, SEND, GitSync
from tests.core.git.helpers import POST_NAME, edit, git, isolate_git, make_newsroom
from tests.core.git.http_server import GitHttpServer


@pytest.fixture(autouse=True)
def private_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path_factory.mktemp("gitconfig"), monkeypatch)


def test_synchronous_status_get_latest_and_send(qtbot: QtBot, tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "Tuesday", "Monday")
    send(Repo.open(room.a), [room.a / POST_NAME])
    sync = GitSync(synchronous=True)
    seen: list[object] = []
    sync.status_changed.connect(seen.append)
    finished: list[tuple[str, object]] = []
    sync.finished.connect(lambda op, result: finished.append((op, result)))
    sync.open_site(room.b)
    assert sync.status is not None and sync.status.summary == "main · up to date"
    lines: list[str] = []
    sync.progress.connect(lines.append)
    assert sync.get_latest()
    # git's own lines, read as they come (queued from the reader thread)
    qtbot.waitUntil(lambda: any(line.startswith("From ") for line in lines), timeout=5000)
    assert [op for op, _ in finished] == [GET_LATEST]
    assert "Monday" in (room.b / POST_NAME).read_text()
    edit(room.b / POST_NAME, "Monday", "Sunday")
    sync.refresh_status()
    assert sync.status.state_of(POST_NAME).state is PostState.EDITED
    assert sync.send([room.b / POST_NAME])
    assert [op for op, _ in finished] == [GET_LATEST, SEND]
    assert sync.status.state_of(POST_NAME).state is PostState.SENT
    sync.open_site(tmp_path)  # no repository there
    assert sync.status is None and seen[-1] is None


def test_password_asked_then_used_once(qtbot: QtBot, tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    git(room.bare, "config", "http.receivepack", "true")
    with GitHttpServer(tmp_path, "alice", "tok") as server:
        git(room.a, "remote", "set-url", "origin", server.url("shared.git"))
        edit(room.a / POST_NAME, "Tuesday", "Monday")
        sync = GitSync()
        sync.open_site(room.a)
        with qtbot.waitSignal(sync.password_needed, timeout=30000) as asked:
            assert sync.send([room.a / POST_NAME])
        assert asked.args == [SEND, f"http://127.0.0.1:{server.port}", False]
        with qtbot.waitSignal(sync.password_needed, timeout=30000) as asked:
            assert sync.retry_with_password("alice", "bad")
        assert asked.args[2] is True
        with qtbot.waitSignal(sync.finished, timeout=30000):
            assert sync.retry_with_password("alice", "tok")
        assert sync.repository is not None and sync.repository.git.credential is None
    assert "Monday" in git(room.bare, "show", f"main:{POST_NAME}")


def test_cancel_a_hanging_get_latest(qtbot: QtBot, tmp_path: Path, silent_server: str) -> None:
    room = make_newsroom(tmp_path)
    git(room.b, "remote", "set-url", "origin", silent_server)
    sync = GitSync()
    sync.open_site(room.b)
    with qtbot.waitSignal(sync.busy_changed, timeout=5000):
        assert sync.get_latest()
    assert sync.busy
    assert not sync.get_latest()  # one command at a time
    with qtbot.waitSignal(sync.failed, timeout=15000) as failed:
        QTimer.singleShot(200, sync.cancel)
    assert failed.args == [GET_LATEST, "Cancelled"]
    assert not sync.busy


def test_without_git_installed_the_writer_is_told(qtbot: QtBot, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    room = make_newsroom(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    sync = GitSync(synchronous=True)
    with qtbot.waitSignal(sync.failed, timeout=5000) as failed:
        sync.open_site(room.b)
    assert failed.args == ["status", "git is not installed on this computer: Get latest and "
                                     "Send need it"]
    assert sync.repository is None and sync.status is None
