"""`dateline status`, `dateline sync` and `dateline send`: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.cli import main
from tests.core.git.helpers import POST_NAME, edit, git, make_newsroom


def test_status_lists_changed_posts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "Tuesday", "Friday")
    (room.a / "_posts/2025-04-01-new.md").write_text("---\ntitle: New\n---\n")
    assert main(["status", str(room.a)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "main · up to date"
    assert out[1:] == [f"Edited                   {POST_NAME}",
                       "New                      _posts/2025-04-01-new.md"]
    assert main(["status", str(room.a), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files"][POST_NAME] == {"state": "edited", "colleague": False}


def test_send_then_sync(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "Tuesday", "Friday")
    assert main(["send", str(room.a / POST_NAME)]) == 0
    assert capsys.readouterr().out == "Sent: 1 file.\n"
    assert main(["sync", str(room.b)]) == 0
    assert capsys.readouterr().out == "Got 1 changed file.\n"
    assert "Friday" in (room.b / POST_NAME).read_text()
    assert main(["sync", str(room.b)]) == 0
    assert capsys.readouterr().out == "Already up to date.\n"


def test_sync_conflict_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "title: Harbour bridge to close", "title: A's title")
    assert main(["send", str(room.a / POST_NAME)]) == 0
    edit(room.b / POST_NAME, "title: Harbour bridge to close", "title: B's title")
    assert main(["sync", str(room.b)]) == 1
    err = capsys.readouterr().err
    assert f"{POST_NAME}: in conflict" in err
    assert "title: yours \"B's title\", theirs \"A's title\"" in err
    assert main(["send", str(room.b / POST_NAME)]) == 1
    assert "in conflict" in capsys.readouterr().err
    assert "title: B's title" in (room.b / POST_NAME).read_text()


def test_send_review_prints_branch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "Tuesday", "Friday")
    git(room.a, "remote", "set-url", "--push", "origin", str(room.bare))
    assert main(["send", "--review", str(room.a / POST_NAME)]) == 0
    assert capsys.readouterr().out == "Sent for review (drafts/harbour-bridge): 1 file.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "{tmp}/nowhere"], "nowhere: no such file or folder"),
        (["status", "{tmp}"], "is not in a shared repository (no git)"),
        (["send", "{a}/_posts/2030-01-01-none.md"], "2030-01-01-none.md: no such file"),
        (["send", "{a}/_posts"], "is a folder; give the post files to send"),
        (["send"], "the following arguments are required: FILE"),
    ],
)
def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           args: list[str], message: str) -> None:
    room = make_newsroom(tmp_path)
    argv = [a.format(tmp=tmp_path, a=room.a) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("dateline: ") and message in err and err.count("\n") == 1
