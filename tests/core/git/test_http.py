"""Send and Get latest over smart HTTP (git http-backend) with basic auth on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.git.repo import Repo
from editor.core.git.runner import Credential, GitAuthError
from editor.core.git.send import send
from editor.core.git.sync import get_latest
from tests.conftest import REPO
from tests.core.git.helpers import POST_NAME, edit, git, make_newsroom
from tests.core.git.http_server import GitHttpServer


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    room = make_newsroom(tmp_path)
    git(room.bare, "config", "http.receivepack", "true")
    with GitHttpServer(tmp_path, "alice", "s3cret-token") as server:
        url = server.url("shared.git")
        git(room.a, "remote", "set-url", "origin", url)
        git(room.b, "remote", "set-url", "origin", url)
        yield room, server


def test_no_password_is_a_clear_request(served) -> None:  # type: ignore[no-untyped-def]
    room, server = served
    edit(room.a / POST_NAME, "Tuesday", "Wednesday")
    with pytest.raises(GitAuthError) as caught:
        send(Repo.open(room.a), [room.a / POST_NAME])
    assert not caught.value.rejected
    assert str(caught.value) == f"a password is needed for 127.0.0.1:{server.port}"


def test_wrong_password_is_a_clear_error(served) -> None:  # type: ignore[no-untyped-def]
    room, server = served
    edit(room.a / POST_NAME, "Tuesday", "Wednesday")
    repo = Repo.open(room.a, Credential("alice", "wrong"))
    with pytest.raises(GitAuthError) as caught:
        send(repo, [room.a / POST_NAME])
    assert caught.value.rejected
    assert str(caught.value) == (
        f"the user name or password was not accepted by 127.0.0.1:{server.port}")
    assert "wrong" not in caught.value.detail
    assert git(room.bare, "log", "-1", "--format=%s", "main") == "Start the site"


def test_right_password_sends_and_gets(served) -> None:  # type: ignore[no-untyped-def]
    room, server = served
    edit(room.a / POST_NAME, "Tuesday", "Wednesday")
    send(Repo.open(room.a, Credential("alice", "s3cret-token")), [room.a / POST_NAME])
    assert git(room.bare, "log", "-1", "--format=%s", "main") == "Update: Harbour bridge to close"
    assert ("POST", "/shared.git/git-receive-pack", 200) in server.requests
    get_latest(Repo.open(room.b, Credential("alice", "s3cret-token")))
    assert "Wednesday" in (room.b / POST_NAME).read_text()
    # Nothing of the password was written into the repository's files.
    for path in (room.a / ".git").rglob("*"):
        if path.is_file():
            assert b"s3cret-token" not in path.read_bytes()


def test_cli_reports_the_missing_password(served) -> None:  # type: ignore[no-untyped-def]
    room, server = served
    edit(room.a / POST_NAME, "Tuesday", "Wednesday")
    run = subprocess.run([sys.executable, "-m", "editor", "send", str(room.a / POST_NAME)],
                         capture_output=True, text=True, cwd=REPO, stdin=subprocess.DEVNULL,
                         check=False)
    assert run.returncode == 1
    assert run.stderr == f"dateline: a password is needed for 127.0.0.1:{server.port}\n"
