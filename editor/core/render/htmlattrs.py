"""Printing HTML attributes the way kramdown's converter does."""

from __future__ import annotations

from html import escape


def attrs_html(attrs: dict[str, str]) -> str:
    """` k="v"` pairs in order; an empty id is left out like kramdown does."""
    out = []
    for key, value in attrs.items():
        if key.startswith(":") or (key == "id" and not str(value).strip()):
            continue
        out.append(f' {key}="{escape(str(value), quote=True)}"')
    return "".join(out)
