"""The visible notice the preview shows where Jekyll's Liquid would fail (shared by the
Liquid engine and Jekyll's tags, so neither imports the other for it)."""

from __future__ import annotations

import html


def notice(message: str) -> str:
    """A visible block telling the writer what Jekyll would fail on."""
    return f'<div class="dateline-liquid-error" role="alert">{html.escape(message)}</div>'
