"""The git adapter: a hanging remote is stopped (timeout, cancel) with git's whole group."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from editor.core.git.repo import Repo
from editor.core.git.runner import CancelToken, GitCancelled, GitNetworkError, classify
from tests.core.git.helpers import git, make_newsroom


def test_timeout_stops_a_hanging_fetch(tmp_path: Path, silent_server: str) -> None:
    room = make_newsroom(tmp_path)
    git(room.a, "remote", "set-url", "origin", silent_server)
    repo = Repo.open(room.a)
    start = time.monotonic()
    with pytest.raises(GitCancelled, match="did not answer within 1 s"):
        repo.git.run(["fetch", "origin"], network=True, timeout=1)
    assert time.monotonic() - start < 10


def test_cancel_stops_a_hanging_fetch(tmp_path: Path, silent_server: str) -> None:
    room = make_newsroom(tmp_path)
    git(room.a, "remote", "set-url", "origin", silent_server)
    repo = Repo.open(room.a)
    token = CancelToken()
    timer = threading.Timer(0.5, token.cancel)
    timer.start()
    start = time.monotonic()
    with pytest.raises(GitCancelled, match="^cancelled$"):
        repo.git.run(["fetch", "origin"], network=True, cancel=token, timeout=120)
    assert time.monotonic() - start < 10
    timer.join()


def test_unreachable_remote_is_a_clear_error(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    git(room.a, "remote", "set-url", "origin", f"http://127.0.0.1:{port}/x.git")
    with pytest.raises(GitNetworkError, match="could not be reached"):
        Repo.open(room.a).git.run(["fetch", "origin"], network=True)


def test_classify_keeps_one_line() -> None:
    err = classify(["push"], "remote: nope\nerror: failed to push some refs to 'x'\n")
    assert str(err) == "git push failed: failed to push some refs to 'x'"
