"""Two writers, one shared repository on a file path: Send, Get latest, merges, conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.git.merge import THEIRS, FieldConflict
from editor.core.git.repo import Repo
from editor.core.git.send import SendRefused, send
from editor.core.git.status import PostState, repo_status
from editor.core.git.sync import get_latest, resolve
from editor.core.post import load_post
from tests.core.git.helpers import POST_NAME, edit, git, make_newsroom

NEW_POST = "---\ntitle: Ferry strike called off\nlayout: post\n---\n\nThe ferries run.\n"


def test_a_sends_a_new_post_and_b_gets_it(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    post = room.a / "_posts/2025-03-05-ferry-strike.md"
    post.write_text(NEW_POST)
    repo_a = Repo.open(room.a)
    assert repo_status(repo_a).state_of(post).state is PostState.NEW
    result = send(repo_a, [post])
    assert result.files == ["_posts/2025-03-05-ferry-strike.md"]
    assert git(room.a, "log", "-1", "--format=%s|%an") == "Add: Ferry strike called off|Alice"
    assert repo_status(repo_a).state_of(post).state is PostState.SENT

    repo_b = Repo.open(room.b)
    got = get_latest(repo_b)
    assert got.updated == ["_posts/2025-03-05-ferry-strike.md"]
    assert (room.b / "_posts/2025-03-05-ferry-strike.md").read_text() == NEW_POST
    assert repo_status(repo_b).files == {}


def test_status_names_every_state(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path, {POST_NAME: "---\ntitle: One\n---\nOne\n",
                                    "_posts/2025-01-02-two.md": "---\ntitle: Two\n---\nTwo\n",
                                    "_posts/2025-01-03-three.md": "---\ntitle: 3\n---\n3\n"})
    edit(room.a / "_posts/2025-01-02-two.md", "Two\n---", "Two!\n---")
    send(Repo.open(room.a), [room.a / "_posts/2025-01-02-two.md"])
    repo = Repo.open(room.b)
    get_latest(repo)  # nothing to get yet for B's own changes; B now knows A's
    edit(room.a / "_posts/2025-01-03-three.md", "title: 3", "title: Three")
    send(Repo.open(room.a), [room.a / "_posts/2025-01-03-three.md"])
    (room.b / "_posts/2025-02-01-new.md").write_text("---\ntitle: New\n---\n")
    edit(room.b / POST_NAME, "One\n", "One more\n")
    edit(room.b / "_posts/2025-01-02-two.md", "Two\n", "Two, again\n")
    git(room.b, "commit", "-q", "-m", "local save", "--", "_posts/2025-01-02-two.md")
    git(room.b, "fetch", "-q")
    status = repo_status(repo)
    states = {p: f.state for p, f in status.files.items()}
    assert states == {
        "_posts/2025-02-01-new.md": PostState.NEW,
        POST_NAME: PostState.EDITED,
        "_posts/2025-01-02-two.md": PostState.NOT_SENT,
        "_posts/2025-01-03-three.md": PostState.CHANGED_BY_COLLEAGUE,
    }
    assert status.state_of(room.b / "_config.yml").state is PostState.SENT
    assert (status.ahead, status.behind) == (1, 1)
    assert status.summary == "main · 1 to send · 1 to get"


def test_different_fields_merge_without_a_prompt(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "tags: [transport]", "tags: [transport, council]")
    send(Repo.open(room.a), [room.a / POST_NAME])
    edit(room.b / POST_NAME, "title: Harbour bridge to close", "title: Harbour bridge shuts")
    edit(room.b / POST_NAME, "The council meets on Tuesday.", "The council meets on Monday.")
    repo_b = Repo.open(room.b)
    result = get_latest(repo_b)
    assert result.conflicts == []
    assert result.merged == [POST_NAME]
    post = load_post(room.b / POST_NAME)
    assert post.get("title") == "Harbour bridge shuts"
    assert post.get("tags") == ["transport", "council"]
    assert "Monday" in post.body
    assert "<<<" not in post.to_text()
    assert repo_status(repo_b).state_of(POST_NAME).state is PostState.EDITED
    send(repo_b, [room.b / POST_NAME])
    get_latest(Repo.open(room.a))
    assert (room.a / POST_NAME).read_bytes() == (room.b / POST_NAME).read_bytes()


def test_different_paragraphs_merge_line_by_line(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "every twenty minutes", "every ten minutes")
    send(Repo.open(room.a), [room.a / POST_NAME])
    edit(room.b / POST_NAME, "will close for repairs", "will close for urgent repairs")
    result = get_latest(Repo.open(room.b))
    assert not result.conflicts
    body = load_post(room.b / POST_NAME).body
    assert "every ten minutes" in body and "urgent repairs" in body


def test_same_title_is_a_choice_and_nothing_is_lost(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "title: Harbour bridge to close", "title: Bridge closes")
    edit(room.a / POST_NAME, "tags: [transport]", "tags: [transport, roads]")
    send(Repo.open(room.a), [room.a / POST_NAME])
    edit(room.b / POST_NAME, "title: Harbour bridge to close", "title: Bridge shut for a month")
    edit(room.b / POST_NAME, "Tuesday", "Thursday")
    repo_b = Repo.open(room.b)
    result = get_latest(repo_b)
    assert [c.relpath for c in result.conflicts] == [POST_NAME]
    choices = result.conflicts[0].merge.conflicts
    assert choices == [FieldConflict("title", "Harbour bridge to close",
                                     "Bridge shut for a month", "Bridge closes")]
    text = (room.b / POST_NAME).read_text()
    assert "title: Bridge shut for a month" in text and "Thursday" in text
    assert "<<<<" not in text and ">>>>" not in text
    assert repo_status(repo_b).state_of(POST_NAME).state is PostState.CONFLICT
    with pytest.raises(SendRefused, match="conflict"):
        send(repo_b, [room.b / POST_NAME])
    resolve(repo_b, POST_NAME, {"field:title": THEIRS})
    post = load_post(room.b / POST_NAME)
    assert post.get("title") == "Bridge closes"
    assert post.get("tags") == ["transport", "roads"]
    assert "Thursday" in post.body
    assert repo_status(repo_b).state_of(POST_NAME).state is PostState.EDITED
    send(repo_b, [room.b / POST_NAME])
    assert "Thursday" in git(room.bare, "show", f"main:{POST_NAME}")


def test_rejected_send_gets_latest_and_retries(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    a_post = room.a / "_posts/2025-03-05-ferry-strike.md"
    a_post.write_text(NEW_POST)
    send(Repo.open(room.a), [a_post])
    edit(room.b / POST_NAME, "Tuesday", "Wednesday")
    result = send(Repo.open(room.b), [room.b / POST_NAME])
    assert result.retried
    assert not result.conflicts
    shared = git(room.bare, "log", "--format=%s", "main")
    assert shared.splitlines()[:2] == ["Update: Harbour bridge to close",
                                       "Add: Ferry strike called off"]
    assert (room.b / "_posts/2025-03-05-ferry-strike.md").read_text() == NEW_POST
    assert git(room.bare, "rev-parse", "main") == git(room.b, "rev-parse", "HEAD")


def test_unsent_save_rebased_on_colleagues_work(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    a_post = room.a / "_posts/2025-03-05-ferry-strike.md"
    a_post.write_text(NEW_POST)
    send(Repo.open(room.a), [a_post])
    edit(room.b / POST_NAME, "Tuesday", "Friday")
    git(room.b, "commit", "-q", "-am", "Update: Harbour bridge to close")
    result = get_latest(Repo.open(room.b))
    assert result.rebased == 1 and not result.conflicts
    assert git(room.b, "log", "--format=%s", "-2").splitlines() == [
        "Update: Harbour bridge to close", "Add: Ferry strike called off"]
    status = repo_status(Repo.open(room.b))
    assert status.state_of(POST_NAME).state is PostState.NOT_SENT


def test_overlapping_unsent_save_becomes_a_merged_edit(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "title: Harbour bridge to close", "title: Bridge closes")
    send(Repo.open(room.a), [room.a / POST_NAME])
    edit(room.b / POST_NAME, "title: Harbour bridge to close", "title: Bridge to shut")
    git(room.b, "commit", "-q", "-am", "Update: Harbour bridge to close")
    edit(room.b / POST_NAME, "Tuesday", "Sunday")  # and an edit not yet saved in git
    repo_b = Repo.open(room.b)
    result = get_latest(repo_b)
    assert result.kept_as_edits == 1
    assert [c.relpath for c in result.conflicts] == [POST_NAME]
    text = (room.b / POST_NAME).read_text()
    assert "title: Bridge to shut" in text and "Sunday" in text
    assert git(room.b, "rev-parse", "HEAD") == git(room.bare, "rev-parse", "main")
    assert not (repo_b.state_dir / "pending.json").exists()


def test_edit_of_a_file_colleague_deleted_is_a_choice(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    git(room.a, "rm", "-q", POST_NAME)
    send(Repo.open(room.a), [room.a / POST_NAME])
    edit(room.b / POST_NAME, "Tuesday", "Saturday")
    result = get_latest(Repo.open(room.b))
    assert result.conflicts and result.conflicts[0].merge.file_choice
    assert "Saturday" in (room.b / POST_NAME).read_text()


def test_untracked_post_colleague_also_added(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    name = "_posts/2025-03-05-ferry-strike.md"
    (room.a / name).write_text(NEW_POST)
    send(Repo.open(room.a), [room.a / name])
    mine = NEW_POST.replace("The ferries run.", "The ferries run again.")
    (room.b / name).write_text(mine)
    result = get_latest(Repo.open(room.b))
    assert [c.relpath for c in result.conflicts] == [name]
    assert (room.b / name).read_text() == mine


def test_other_edits_stay_untouched(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    edit(room.a / POST_NAME, "Tuesday", "Monday")
    send(Repo.open(room.a), [room.a / POST_NAME])
    (room.b / "notes.txt").write_text("my notes")
    (room.b / "_config.yml").write_text("title: Mine\n")
    get_latest(Repo.open(room.b))
    assert (room.b / "notes.txt").read_text() == "my notes"
    assert (room.b / "_config.yml").read_text() == "title: Mine\n"
    assert "Monday" in (room.b / POST_NAME).read_text()


def test_joining_with_a_folder_of_my_own(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    mine = tmp_path / "mine"
    (mine / "_drafts").mkdir(parents=True)
    (mine / "_drafts/my-idea.md").write_text("---\ntitle: My idea\n---\n")
    (mine / "_config.yml").write_text((room.a / "_config.yml").read_text())
    git(mine, "init", "-q", "-b", "main")
    git(mine, "remote", "add", "origin", str(room.bare))
    repo = Repo.open(mine)
    result = get_latest(repo)
    assert not result.conflicts
    assert (mine / POST_NAME).read_bytes() == (room.a / POST_NAME).read_bytes()
    assert (mine / "_drafts/my-idea.md").read_text() == "---\ntitle: My idea\n---\n"
    status = repo_status(repo)
    assert status.upstream == "origin/main"
    assert {p: f.state for p, f in status.files.items()} == {"_drafts/my-idea.md": PostState.NEW}
