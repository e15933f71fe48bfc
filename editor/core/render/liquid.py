"""Liquid as Jekyll runs it (placeholder)."""
from __future__ import annotations
from typing import Any
from editor.core.render.site import SiteContext
def render_liquid(body: str, page: dict[str, Any], site: SiteContext | None) -> str:
    return body
