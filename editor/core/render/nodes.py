"""The block node tree kramdown's parser builds and the document's global definitions,
shared by the block parser (blocks), its table and HTML parts, and the converter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Node:
    """One block element, as kramdown's parser builds it before conversion."""

    type: str
    value: Any = None
    attr: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    opts: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocState:
    """Document-global definitions collected while parsing."""

    link_defs: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # IALs written under a link definition, applied to every link that uses it.
    link_ials: dict[str, dict[str, object]] = field(default_factory=dict)
    footnotes: dict[str, Node] = field(default_factory=dict)
    alds: dict[str, dict[str, object]] = field(default_factory=dict)
    abbrevs: dict[str, str] = field(default_factory=dict)
    # kramdown's `auto_ids` option, changed by `{::options auto_ids="false" /}`.
    auto_ids: bool = True
    # Set when containers nested deeper than the limit were kept as text.
    nesting_capped: bool = False
