"""G1/G2 measured through the window, over every corpus post (the sample site's posts when
the corpus is absent): open the post in the real window, type at the end of the body or
in the title field, save, and compare the bytes on disk.

One window opens every post in turn (as a writer moving from post to post), so the whole
corpus takes about a minute rather than one window per post.
"""

from __future__ import annotations

import difflib
import shutil
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from yaml import MappingNode

from editor.core import yamlsafe
from editor.core.post import Post, load_post
from tests.conftest import corpus_dir, window_posts

WORD = "Zebra"
TITLE = "A corrected headline"


def _posts() -> list[Path]:
    return window_posts()


def _name(path: Path) -> str:
    root = corpus_dir()
    return str(path.relative_to(root)) if path.is_relative_to(root) else path.name


def _open_copy(window: Any, source: Path, folder: Path) -> Path:
    target = folder / source.name
    shutil.copyfile(source, target)
    assert window.open_path(target, ask=False), f"{source.name} did not open"
    return target


def _end_of_body(window: Any, qtbot: Any) -> None:
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)


def _text(data: bytes, post: Post) -> str:
    return data[len(post.encoding.bom):].decode(post.encoding.name)


def _with_word_at_end(before: bytes, post: Post) -> bytes:
    """The file's bytes with WORD typed at the end of its body (before its final newline)."""
    text = _text(before, post)
    at = len(text)
    if post.body:
        for newline in ("\r\n", "\n", "\r"):
            if text.endswith(newline):
                at -= len(newline)
                break
    return post.encoding.bom + (text[:at] + WORD + text[at:]).encode(post.encoding.name)


def test_typing_at_the_end_of_every_post_changes_only_what_was_typed(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    posts = _posts()
    assert posts
    window = make_window(posts[0])
    failures: list[str] = []
    started = time.perf_counter()
    for source in posts:
        path = _open_copy(window, source, tmp_path)
        before = path.read_bytes()
        post = load_post(path)
        if post.problem is not None and post.parsed_originally is False:
            continue  # a post whose front matter cannot be read is not saved until fixed
        _end_of_body(window, qtbot)
        qtbot.keyClicks(window.editor, "x")
        qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
        if not window.save() or path.read_bytes() != before:
            failures.append(f"{_name(source)}: typing and deleting a character changed the file")
            continue
        _end_of_body(window, qtbot)
        qtbot.keyClicks(window.editor, WORD)
        if not window.save() or path.read_bytes() != _with_word_at_end(before, post):
            failures.append(f"{_name(source)}: a word typed at the end changed other bytes")
    elapsed = time.perf_counter() - started
    print(f"\n{len(posts)} posts typed at the end through the window in {elapsed:.1f} s")
    assert not failures, "\n".join(failures)


def _title_lines(post: Post) -> range:
    """The file lines (0-based) of the title key and its value."""
    _, node = yamlsafe.load(post.front_matter_text)
    fm = post.front_matter_text
    for key, value in node.value if isinstance(node, MappingNode) else []:
        if key.value == "title":
            first = fm.count("\n", 0, key.start_mark.index) + 1  # + the opening ---
            last = fm.count("\n", 0, value.end_mark.index) + 1
            if value.end_mark.column == 0:
                last -= 1
            return range(first, last + 1)
    return range(0)


def _title_only_diff(before: bytes, after: bytes, post: Post) -> str | None:
    """Why ``after`` differs from ``before`` in more than the title's lines (None if not)."""
    old, new = _text(before, post).split("\n"), _text(after, post).split("\n")
    blocks = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
              if op[0] != "equal"]
    if len(blocks) != 1:
        return f"{len(blocks)} separate changes"
    _, i1, i2, j1, j2 = blocks[0]
    added = new[j1:j2]
    titles = [line for line in added if line.startswith("title:")]
    if post.has_front_matter:
        if len(added) != 1 or len(titles) != 1:
            return f"added lines {added!r}"
    elif i1 != 0 or i2 != 0 or [a.rstrip("\r") for a in added] != ["---", titles[0], "---"]:
        return f"front matter added as {added!r}"  # a post without front matter gets one
    title = _title_lines(post)
    if any(i not in title for i in range(i1, i2)):
        return f"removed lines {old[i1:i2]!r}, the title is on lines {title}"
    return None


def test_a_title_edit_in_every_post_changes_only_the_title_lines(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    posts = _posts()
    assert posts
    window = make_window(posts[0])
    failures: list[str] = []
    started = time.perf_counter()
    for source in posts:
        path = _open_copy(window, source, tmp_path)
        before = path.read_bytes()
        post = load_post(path)
        if post.problem is not None:
            continue  # no form to edit: the raw front matter is shown instead
        title = window.form.title_edit
        title.setFocus()
        title.selectAll()
        qtbot.keyClicks(title, TITLE)
        if not window.save():
            failures.append(f"{_name(source)}: not saved")
            continue
        after = path.read_bytes()
        why = _title_only_diff(before, after, post)
        if why is None and load_post(path).get("title") != TITLE:
            why = "the title does not read back"
        if why:
            failures.append(f"{_name(source)}: {why}")
    elapsed = time.perf_counter() - started
    print(f"\n{len(posts)} titles edited through the window in {elapsed:.1f} s")
    assert not failures, "\n".join(failures)
