"""kill -9 in the middle of Send or Get latest: the repository stays usable, no word lost.

The operation runs in a child process; a real git hook (pre-push, reference-transaction)
announces the moment and holds git there, and the test kills the child and git at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editor.cli import main
from editor.core.git.repo import Repo
from editor.core.git.send import send
from editor.core.git.status import PostState, repo_status
from editor.core.git.sync import get_latest
from editor.core.post import load_post
from tests.conftest import REPO
from tests.core.git.helpers import POST_NAME, edit, git, make_newsroom

HOLD = """#!/bin/sh
{guard}
echo $$ > "{marker}"
exec sleep 60
"""


def _hook(repo: Path, name: str, marker: Path, guard: str = "") -> None:
    hook = repo / ".git" / "hooks" / name
    hook.write_text(HOLD.format(guard=guard, marker=marker))
    hook.chmod(0o755)


def _run_and_kill(code: str, marker: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text().strip():
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        assert time.monotonic() < deadline, "the hook never ran"
        time.sleep(0.05)
    hook_pid = int(marker.read_text())
    git_group = os.getpgid(hook_pid)
    os.kill(child.pid, signal.SIGKILL)
    os.killpg(git_group, signal.SIGKILL)
    child.wait()


def test_kill_during_get_latest_loses_nothing(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    room = make_newsroom(tmp_path)
    other = room.a / "_posts/2025-03-05-ferry-strike.md"
    other.write_text("---\ntitle: Ferry strike\n---\n\nCalled off.\n")
    edit(room.a / POST_NAME, "tags: [transport]", "tags: [transport, council]")
    send(Repo.open(room.a), [room.a / POST_NAME, other])
    edit(room.b / POST_NAME, "Tuesday", "Thursday")  # B's unsent words, also changed by A
    (room.b / "_posts/2025-03-09-mine.md").write_text("---\ntitle: Mine\n---\nDraft.\n")
    marker = tmp_path / "held"
    # Hold git while it moves the branch (ref locks taken, work tree half updated).
    _hook(room.b, "reference-transaction", marker,
          guard='[ "$1" = prepared ] || exit 0\ngrep -q " refs/heads/main$" || exit 0')
    _run_and_kill(
        "from pathlib import Path\nfrom editor.core.git.repo import Repo\n"
        "from editor.core.git.sync import get_latest\n"
        f"get_latest(Repo.open(Path({str(room.b)!r})))\n", marker)
    (room.b / ".git/hooks/reference-transaction").unlink()
    # Looking at the state finishes what the dead Get latest left: my words are back.
    assert main(["status", str(room.b)]) == 0
    assert "put back" in capsys.readouterr().err
    assert "Thursday" in (room.b / POST_NAME).read_text()
    repo = Repo.open(room.b)
    assert repo_status(repo).state_of(POST_NAME).state is PostState.EDITED
    result = get_latest(repo)
    assert not result.conflicts
    post = load_post(room.b / POST_NAME)
    assert "Thursday" in post.body and post.get("tags") == ["transport", "council"]
    assert (room.b / "_posts/2025-03-09-mine.md").read_text() == "---\ntitle: Mine\n---\nDraft.\n"
    assert (room.b / "_posts/2025-03-05-ferry-strike.md").is_file()
    git(room.b, "fsck", "--no-progress")
    assert not list((room.b / ".git").rglob("*.lock"))
    send(repo, [room.b / POST_NAME])
    assert "Thursday" in git(room.bare, "show", f"main:{POST_NAME}")


def test_kill_during_send_loses_nothing(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    edit(room.b / POST_NAME, "Tuesday", "Thursday")
    marker = tmp_path / "held"
    _hook(room.b, "pre-push", marker)
    _run_and_kill(
        "from pathlib import Path\nfrom editor.core.git.repo import Repo\n"
        "from editor.core.git.send import send\n"
        f"p = Path({str(room.b)!r})\nsend(Repo.open(p), [p / {POST_NAME!r}])\n", marker)
    (room.b / ".git/hooks/pre-push").unlink()
    repo = Repo.open(room.b)
    assert "Thursday" in (room.b / POST_NAME).read_text()
    assert repo_status(repo).state_of(POST_NAME).state is PostState.NOT_SENT
    send(repo, [room.b / POST_NAME])
    git(room.b, "fsck", "--no-progress")
    assert "Thursday" in git(room.bare, "show", f"main:{POST_NAME}")
    assert repo_status(repo).files == {}
