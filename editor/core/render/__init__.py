"""Preview rendering: a post body to the HTML Jekyll 4 (Liquid + kramdown) publishes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.core.render.cli import cli_render
    from editor.core.render.incremental import Renderer
    from editor.core.render.pipeline import render_body, render_file

__all__ = ["Renderer", "cli_render", "render_body", "render_file"]

_HOMES = {
    "Renderer": "editor.core.render.incremental",
    "cli_render": "editor.core.render.cli",
    "render_body": "editor.core.render.pipeline",
    "render_file": "editor.core.render.pipeline",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use, so importing the package stays cheap."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)
