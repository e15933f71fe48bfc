"""Printing HTML attributes the way kramdown's converter does."""

from __future__ import annotations

import re

_BARE_AMP = re.compile(r"&(?!#?\w+;)")


def attrs_html(attrs: dict[str, str]) -> str:
    """` k="v"` pairs in order; an empty id is left out like kramdown does."""
    out = []
    for key, value in attrs.items():
        if key.startswith(":") or (key == "id" and not str(value).strip()):
            continue
        out.append(f' {key}="{escape_attr(str(value))}"')
    return "".join(out)


def escape_attr(value: str) -> str:
    """Escape an attribute value, keeping entity references as written (like kramdown)."""
    value = _BARE_AMP.sub("&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
