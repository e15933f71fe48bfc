"""python-frontmatter interoperability: ``frontmatter.Post`` objects in and out of the engine.

Scripts that already speak python-frontmatter can read posts through Dateline and hand
changes back; the changes are applied surgically, so the file keeps every byte the
script did not change (python-frontmatter's own dump would rewrite the whole front matter).
"""

from __future__ import annotations

import frontmatter

from editor.core.post import Post


def to_frontmatter(post: Post) -> frontmatter.Post:
    """The post as a ``frontmatter.Post`` (metadata copied, body with LF newlines)."""
    return frontmatter.Post(post.body, **post.front_matter)


def apply_frontmatter(post: Post, changed: frontmatter.Post) -> None:
    """Make ``post`` say what ``changed`` says: metadata and body, surgically.

    Keys removed from ``changed.metadata`` are removed, changed ones rewritten in
    their old style, new ones added in house order; an unchanged body keeps its bytes.
    """
    post.replace_front_matter(dict(changed.metadata))
    # python-frontmatter strips the content: compare and write back without the
    # blank lines around the body, which the file keeps.
    body = post.body
    content = changed.content.strip("\n")
    if content != body.strip("\n"):
        lead = body[: len(body) - len(body.lstrip("\n"))]
        trail = body[len(body.rstrip("\n")) :]
        post.set_body(lead + content + trail)
