"""Hostile input to the `dateline` command, run as a real process: one clear line on stderr,
exit 2, nothing written, and never a hang (every run has a timeout)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

POST = b'---\nlayout: post\ntitle: "Old"\ndate: 2025-08-30\nauthor: badely\n---\nBody\n'
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256))


def dateline(*args: str | Path, cwd: Path | None = None,
             timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """Run the real command; a hang fails the test instead of blocking the suite."""
    return subprocess.run([sys.executable, "-m", "editor", *map(str, args)], cwd=cwd,
                          capture_output=True, timeout=timeout)


def one_line_exit_2(proc: subprocess.CompletedProcess[bytes], *words: str) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("dateline"), err
    assert "Traceback" not in err
    for word in words:
        assert word in err
    return err


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Site\n")
    (root / "_posts" / "2025-08-30-story.md").write_bytes(POST)
    return root


def _all_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


COMMANDS = [
    ["set", "NAME", "title=x"],
    ["check", "NAME"],
    ["render", "NAME"],
    ["export", "NAME", "--bundle", "OUT"],
    ["export", "NAME", "--to", "SITE"],
    ["publish", "NAME"],
]


@pytest.mark.parametrize(("kind", "command"), [
    (kind, command) for kind in ("fifo", "device", "folder") for command in COMMANDS
    if not (kind == "folder" and command[0] == "check")  # `check FOLDER` checks its posts
])
def test_non_regular_files_are_refused_before_anything_opens_them(
    site: Path, tmp_path: Path, command: list[str], kind: str
) -> None:
    if kind == "fifo":
        target = site / "_posts" / "2025-08-31-pipe.md"
        os.mkfifo(target)
    elif kind == "device":
        target = Path("/dev/zero")
    else:
        target = site / "_posts" / "2025-08-31-folder.md"
        target.mkdir()
    before = _all_bytes(site)
    out = tmp_path / "bundle.zip"
    args = [str(target) if a == "NAME" else str(out) if a == "OUT" else str(site)
            if a == "SITE" else a for a in command]
    proc = dateline(*args, timeout=30)
    one_line_exit_2(proc, str(target), "not a regular file")
    assert _all_bytes(site) == before and not out.exists()


def test_check_of_a_site_holding_a_fifo_does_not_hang(site: Path) -> None:
    os.mkfifo(site / "_posts" / "2025-08-31-pipe.md")
    proc = dateline("check", site, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert b"1 post checked" in proc.stderr


def test_a_long_value_is_not_taken_for_a_file_name(site: Path) -> None:
    post = site / "_posts" / "2025-08-30-story.md"
    excerpt = "A long excerpt. " * 40
    proc = dateline("set", post, f"excerpt={excerpt.strip()}")
    assert proc.returncode == 0, proc.stderr
    assert f'excerpt: "{excerpt.strip()}"'.encode() in post.read_bytes()
    bad = dateline("set", post, "title=" + "[" * 300)
    one_line_exit_2(bad, "title")


def test_new_with_a_very_long_title_shortens_the_slug(site: Path) -> None:
    title = "Ünïcödé headline about the council budget " * 12
    proc = dateline("new", title, "--site", site)
    assert proc.returncode == 0, proc.stderr
    path = Path(proc.stdout.decode().strip())
    assert len(path.name.encode()) <= 255 and path.name.endswith(".md")
    slug = path.name[len("2025-08-30-"):-len(".md")]
    assert "ünïcödé-headline-about-the-council-budget" in slug and not slug.endswith("-")
    assert f'title: "{title.strip()}"'.encode() in path.read_bytes()
    again = dateline("new", title, "--site", site)
    assert Path(again.stdout.decode().strip()).name == path.name[:-3] + "-2.md"


@pytest.mark.parametrize("command", [["render", "NAME"], ["export", "NAME", "--bundle", "OUT"],
                                     ["export", "NAME", "--to", "DEST"]])
def test_binary_files_are_refused_not_rendered_or_exported(
    site: Path, tmp_path: Path, command: list[str]
) -> None:
    binary = site / "_posts" / "2025-08-31-photo.md"
    binary.write_bytes(BINARY)
    dest = tmp_path / "dest"
    (dest / "_posts").mkdir(parents=True)
    (dest / "_config.yml").write_text("title: Dest\n")
    out = tmp_path / "bundle.zip"
    args = [str(binary) if a == "NAME" else str(out) if a == "OUT" else str(dest)
            if a == "DEST" else a for a in command]
    proc = dateline(*args)
    one_line_exit_2(proc, "binary")
    assert proc.stdout == b"" and not out.exists() and _all_bytes(dest / "_posts") == {}


def test_the_same_post_named_twice_is_edited_once(site: Path) -> None:
    post = site / "_posts" / "2025-08-30-story.md"
    link = site / "story-link.md"
    link.symlink_to(post)
    proc = dateline("set", post, post, link, "tags=[a]")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.decode().splitlines()[-1] == "1 of 1 file changed"
    assert post.read_bytes().count(b"tags: [a]") == 1


def test_a_deeply_nested_config_is_a_clean_error(site: Path) -> None:
    (site / "_config.yml").write_text("title: Site\nnav: " + "[" * 5000 + "]" * 5000 + "\n")
    post = site / "_posts" / "2025-08-30-story.md"
    for command in (["render", post], ["check", site], ["check", post]):
        one_line_exit_2(dateline(*command), "_config.yml", "nested")
    assert post.read_bytes() == POST


def test_render_into_a_closed_pipe_exits_quietly(site: Path) -> None:
    post = site / "_posts" / "2025-08-31-long.md"
    post.write_text("---\ntitle: Long\n---\n" + "".join(f"Paragraph {i}.\n\n" for i in range(20000)))
    proc = subprocess.Popen([sys.executable, "-m", "editor", "render", str(post)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)  # like `| head -c 10`: read a little, then go away
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) != 0
    assert err == b""


def test_a_character_yaml_rejects_is_one_clean_line_from_set_and_an_error_from_check(
    site: Path,
) -> None:
    post = site / "_posts" / "2025-08-31-budget.md"
    data = '---\ntitle: "Budget\uffff"\ndate: 2025-08-31\n---\nBody\n'.encode()
    post.write_bytes(data)
    one_line_exit_2(dateline("set", post, "title=Budget"), "line 2, column 15", "U+FFFF")
    assert post.read_bytes() == data
    check = dateline("check", post)
    assert check.returncode == 1 and b"Traceback" not in check.stderr
    assert b":2: error: the front matter cannot be read (column 15)" in check.stdout


@pytest.mark.parametrize("command", [["set", "NAME", "title=x"], ["check", "NAME"],
                                     ["render", "NAME"]])
def test_a_file_too_large_to_be_a_post_is_refused_before_it_is_read(
    site: Path, command: list[str]
) -> None:
    huge = site / "_posts" / "2025-08-31-huge.md"
    with open(huge, "wb") as fh:  # sparse: 65 MB on paper, nothing on disk
        fh.write(b"---\ntitle: Huge\n---\n")
        fh.truncate(65 * 1024 * 1024)
    proc = dateline(*[str(huge) if a == "NAME" else a for a in command])
    one_line_exit_2(proc, "larger than 64 MB")
    assert huge.stat().st_size == 65 * 1024 * 1024


@pytest.mark.parametrize("command", [["check", "LONG"], ["render", "LONG"], ["set", "LONG", "a=1"],
                                     ["new", "Title", "--site", "LONG"],
                                     ["export", "POST", "--to", "LONG"],
                                     ["export", "POST", "--bundle", "LONG"]])
def test_a_path_too_long_for_the_file_system_is_one_clean_line(
    site: Path, command: list[str]
) -> None:
    long = str(site / ("a" * 300))
    post = site / "_posts" / "2025-08-30-story.md"
    before = _all_bytes(site)
    proc = dateline(*[long if a == "LONG" else str(post) if a == "POST" else a for a in command])
    one_line_exit_2(proc, "too long")
    assert _all_bytes(site) == before
