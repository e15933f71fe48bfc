"""Send commits exactly the post and its images, signed by the writer; review branches."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.git.repo import Repo
from editor.core.git.send import Identity, NotSendable, SendRefused, compare_url, send
from editor.core.git.sync import get_latest
from tests.core.git.helpers import POST_NAME, edit, git, make_newsroom
from tests.core.site_helpers import tiny_png


def test_send_commits_exactly_the_post_and_its_images(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    (room.a / "assets").mkdir()
    (room.a / "assets/bridge.png").write_bytes(tiny_png(1))
    (room.a / "assets/lead.png").write_bytes(tiny_png(2))
    (room.a / "assets/unused.png").write_bytes(tiny_png(3))
    post = room.a / "_posts/2025-03-06-bridge-pictures.md"
    post.write_text("---\ntitle: Bridge in pictures\nimage: /assets/lead.png\n---\n\n"
                    "![The bridge](/assets/bridge.png)\n\n![Remote](https://example.org/x.png)\n"
                    "```\n![in code](/assets/unused.png)\n```\n")
    edit(room.a / POST_NAME, "Tuesday", "Wednesday")  # another post the writer did not send
    (room.a / "notes.txt").write_text("private")
    send(Repo.open(room.a), [post])
    sent = git(room.bare, "show", "--name-only", "--format=%s", "main").splitlines()
    assert sent[0] == "Add: Bridge in pictures"
    assert sorted(sent[1:]) == ["", "_posts/2025-03-06-bridge-pictures.md",
                                "assets/bridge.png", "assets/lead.png"]
    assert "Wednesday" in (room.a / POST_NAME).read_text()
    assert git(room.a, "status", "--porcelain").splitlines() == [
        f"M {POST_NAME}", "?? assets/unused.png", "?? notes.txt"]  # (first space stripped)


def test_update_message_and_nothing_new(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    repo = Repo.open(room.a)
    edit(room.a / POST_NAME, "Tuesday", "Wednesday")
    assert send(repo, [room.a / POST_NAME]).message == "Sent: 1 file."
    assert git(room.bare, "log", "-1", "--format=%s", "main") == "Update: Harbour bridge to close"
    again = send(repo, [room.a / POST_NAME])
    assert again.message == "Nothing new to send."


def test_author_from_preferences_when_git_has_none(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    git(room.a, "config", "--unset", "user.name")
    git(room.a, "config", "--unset", "user.email")
    edit(room.a / POST_NAME, "Tuesday", "Wednesday")
    repo = Repo.open(room.a)
    with pytest.raises(SendRefused, match="Preferences"):
        send(repo, [room.a / POST_NAME])
    send(repo, [room.a / POST_NAME], author=Identity("Ann Writer", "ann@paper.example"))
    assert git(room.bare, "log", "-1", "--format=%an <%ae>", "main") == (
        "Ann Writer <ann@paper.example>")


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    with pytest.raises(NotSendable, match="no such file"):
        send(Repo.open(room.a), [room.a / "_posts/2030-01-01-nope.md"])


def test_send_for_review_goes_to_a_drafts_branch(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    post = room.a / "_posts/2025-03-07-night-buses.md"
    post.write_text("---\ntitle: Night buses return\n---\n\nFrom Monday.\n")
    repo = Repo.open(room.a)
    main_before = git(room.bare, "rev-parse", "main")
    result = send(repo, [post], review=True)
    assert result.branch == "drafts/night-buses"
    assert git(room.bare, "rev-parse", "main") == main_before
    assert git(room.bare, "log", "-1", "--format=%s", "drafts/night-buses") == (
        "Add: Night buses return")
    assert git(room.bare, "diff", "--name-only", "main", "drafts/night-buses") == (
        "_posts/2025-03-07-night-buses.md")
    assert result.review_url is None  # a file path is no known host
    edit(post, "From Monday.", "From Monday night.")
    second = send(repo, [post], review=True)
    assert git(room.bare, "rev-list", "--count", "main..drafts/night-buses") == "2"
    assert second.commit is not None
    assert git(room.a, "status", "--porcelain") == "?? _posts/2025-03-07-night-buses.md"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("git@github.com:paper/site.git",
         "https://github.com/paper/site/compare/main...drafts/x?expand=1"),
        ("https://github.com/paper/site",
         "https://github.com/paper/site/compare/main...drafts/x?expand=1"),
        ("https://gitlab.com/group/sub/site.git",
         "https://gitlab.com/group/sub/site/-/merge_requests/new?"
         "merge_request%5Bsource_branch%5D=drafts/x&merge_request%5Btarget_branch%5D=main"),
        ("ssh://git@codeberg.org:2222/paper/site.git",
         "https://codeberg.org/paper/site/compare/main...drafts/x"),
        ("https://gitea.paper.example/desk/site.git",
         "https://gitea.paper.example/desk/site/compare/main...drafts/x"),
        ("/srv/git/site.git", None),
        ("https://example.org/site.git", None),
    ],
)
def test_compare_url_patterns(url: str, expected: str | None) -> None:
    assert compare_url(url, "main", "drafts/x") == expected


def test_first_send_to_an_empty_shared_repository(tmp_path: Path) -> None:
    bare = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: New paper\n")
    post = site / "_posts/2025-05-01-first.md"
    post.write_text("---\ntitle: First edition\n---\n\nHello.\n")
    git(site, "init", "-q", "-b", "main")
    git(site, "remote", "add", "origin", str(bare))
    git(site, "config", "user.name", "Ann")
    git(site, "config", "user.email", "ann@example.org")
    repo = Repo.open(site)
    send(repo, [post])
    assert git(bare, "log", "--format=%s", "main") == "Add: First edition"
    assert repo.upstream() == "origin/main"
    assert get_latest(repo).nothing_to_get


def test_images_the_site_ignores_stay_out(tmp_path: Path) -> None:
    room = make_newsroom(tmp_path)
    (room.a / ".gitignore").write_text("/scratch/\n")
    (room.a / "scratch").mkdir()
    (room.a / "scratch/big.png").write_bytes(tiny_png(4))
    (room.a / "assets").mkdir()
    (room.a / "assets/ok.png").write_bytes(tiny_png(5))
    post = room.a / "_posts/2025-03-08-pictures.md"
    post.write_text("---\ntitle: Pictures\n---\n\n![a](/scratch/big.png)\n![b](/assets/ok.png)\n")
    send(Repo.open(room.a), [post])
    sent = git(room.bare, "show", "--name-only", "--format=", "main").splitlines()
    assert sorted(sent) == ["_posts/2025-03-08-pictures.md", "assets/ok.png"]
