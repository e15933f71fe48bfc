"""Newsroom checks (PRODUCT.md §5): stable ids, severity, a message and the line concerned."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from editor.core import jekyll
from editor.core.post import Post

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One check result for one post."""

    id: str
    severity: str  # ERROR blocks export, WARNING informs
    message: str
    line: int | None = None  # 1-based line in the file, when it concerns one

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def key_line(post: Post, key: str) -> int | None:
    """The file line where front-matter ``key`` starts (1-based), if present."""
    for number, line in enumerate(post.front_matter_text.split("\n"), start=2):
        if line.startswith(key + ":") or line.startswith(key + " :"):
            return number
    return None


def check_post(
    post: Post,
    path: Path | None = None,
    site: jekyll.SiteConfig | None = None,
    now: dt.datetime | None = None,
) -> list[Finding]:
    """Run the checks on one post; ``now`` is injectable for tests."""
    if post.problem is not None:
        return [Finding("front-matter-invalid", ERROR,
                        f"the front matter cannot be read: {post.problem.message}", post.problem.line)]
    out: list[Finding] = []
    fm = post.front_matter
    filename = path.name if path is not None else None
    if not str(fm.get("title") or "").strip():
        out.append(Finding("title-missing", ERROR, "the post has no title", key_line(post, "title")))
    name_date = jekyll.parse_post_filename(filename) if filename else None
    if fm.get("date") is None and name_date is None:
        out.append(Finding("date-missing", ERROR,
                           "the post has no date (neither in the front matter nor the file name)"))
    elif fm.get("date") is not None and jekyll.as_datetime(fm.get("date")) is None:
        out.append(Finding("date-invalid", ERROR,
                           f"the date '{fm.get('date')}' is not a date Jekyll can read",
                           key_line(post, "date")))
    mismatch = jekyll.date_mismatch(fm.get("date"), filename, site)
    if mismatch:
        out.append(Finding("date-mismatch", WARNING, mismatch, key_line(post, "date")))
    when = jekyll.publish_datetime(fm.get("date"), filename, site)
    now = now or dt.datetime.now(dt.UTC)
    if when is not None and when > now and not (site and site.future):
        out.append(Finding(
            "future-date", WARNING,
            f"the post is dated {when:%Y-%m-%d %H:%M %Z} and will not appear until then "
            "(the site does not set future: true)",
            key_line(post, "date")))
    return out
