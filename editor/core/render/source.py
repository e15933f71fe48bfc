"""Reading a post file into its front matter and body, for rendering."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# Jekyll's own test: `---` (trailing blanks allowed) on the first line, closed by
# a `---` or `...` line.
_OPENER = re.compile(r"\A---[ \t]*\r?\n")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def split_post(text: str) -> tuple[dict[str, Any], str]:
    """Split post text into (front matter mapping, body with LF newlines).

    A missing or unparsable front matter gives an empty mapping; the body is
    then everything after the closing delimiter (or the whole text).
    """
    import yaml

    text = text.removeprefix("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, _lf(text)
    try:
        data = yaml.safe_load(match.group(1) or "")
    except (yaml.YAMLError, ValueError):
        data = None
    body = text[match.end():]
    return (data if isinstance(data, dict) else {}), _lf(body)


UNCLOSED_PROBLEM = ("The front matter opened by '---' on line 1 is never closed by a '---' "
                    "line, so Jekyll publishes the whole file as the post's text.")


def published_text(text: str) -> str | None:
    """The body Jekyll publishes for a post whose front matter is opened but never
    closed (the whole text, LF newlines); None for any other post."""
    text = text.removeprefix("\ufeff")
    if _OPENER.match(text) and not _FRONT_MATTER.match(text):
        return _lf(text)
    return None


def read_post_file(path: Path) -> tuple[dict[str, Any], str]:
    """Read `path` and return (front matter, body)."""
    front, body, _problem = read_post_parts(path)
    return front, body


def read_post_parts(path: Path) -> tuple[dict[str, Any], str, str]:
    """Read `path` and return (front matter, body, problem Jekyll would publish around).

    A front matter opened by `---` but never closed is no front matter to Jekyll:
    the whole file is the body, and `problem` says so (otherwise it is "").
    """
    from editor.core.files import read_file

    data = read_file(Path(path))
    whole = published_text(data.decode("utf-8", errors="replace"))
    if whole is not None:
        return {}, whole, UNCLOSED_PROBLEM
    return (*_read_front_and_body(data), "")


def _read_front_and_body(data: bytes) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a post's bytes, as the editor's post reader sees them."""
    try:
        from editor.core.post import read_post
    except ImportError:
        read_post = None  # type: ignore[assignment]  # optional-import idiom
    if read_post is not None:
        try:
            post = read_post(data)
            front = post.front_matter if isinstance(post.front_matter, dict) else {}
            return front, str(post.body)
        except Exception:  # noqa: BLE001 - a file the reader rejects still previews
            pass
    return split_post(data.decode("utf-8", errors="replace"))


def _lf(text: str) -> str:
    """Normalise CRLF and lone CR newlines to LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
