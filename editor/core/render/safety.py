"""Limits that keep rendering safe and responsive on hostile input, and the fallback."""

from __future__ import annotations

import html
from collections.abc import Callable

# Deepest nesting of block containers (block quotes, lists, HTML elements) parsed
# as such; deeper openers are text, as CommonMark implementations do.
MAX_NESTING = 64
# Liquid resource limits (python-liquid raises a LiquidError when one is hit).
LOOP_ITERATION_LIMIT = 100_000
OUTPUT_STREAM_LIMIT = 5_000_000
LOCAL_NAMESPACE_LIMIT = 5_000_000
# The work budget of one Liquid render (liquid_budget.py): wall time, includes
# rendered, characters written to any buffer, and the longest string a filter may
# build. Together they keep a hostile post under ~1 s and ~100 MB.
LIQUID_SECONDS = 1.0
LIQUID_INCLUDE_LIMIT = 1_000
LIQUID_WRITE_LIMIT = 20_000_000
LIQUID_STRING_LIMIT = 2_000_000
# Liquid may make a post at most this much longer than its source (the Markdown
# pass after it must stay within the preview's time budget).
LIQUID_GROWTH_LIMIT = 1_000_000

NOTICE_CLASS = "dateline-render-notice"


def render_notice(message: str) -> str:
    """A visible block telling the writer why the preview is incomplete."""
    return f'<div class="{NOTICE_CLASS}" role="alert">{html.escape(message)}</div>'


def fallback_html(body: str, reason: str) -> str:
    """The escaped source in a <pre>, under a notice saying why it was not rendered."""
    return (render_notice(f"Preview not rendered: {reason}. Showing the source instead.")
            + "\n<pre>" + html.escape(body, quote=False) + "</pre>\n")


def guarded(render: Callable[[], str], body: str) -> str:
    """`render()`, or the fallback when it fails in any way (never raises)."""
    try:
        return render()
    except RecursionError:
        return fallback_html(body, "the text is nested too deeply")
    except MemoryError:
        return fallback_html(body, "the text needs too much memory to render")
    except Exception as err:  # noqa: BLE001 - the preview must survive any input
        return fallback_html(body, f"internal error ({type(err).__name__}: {err})")
