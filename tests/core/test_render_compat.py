"""The renderer's hooks into Python-Markdown internals are present, pinned and live."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import markdown
import pytest

from editor.core.render import mdcompat
from editor.core.render.kramdown import new_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_installed_markdown_is_in_the_tested_range_and_pinned() -> None:
    low, high = mdcompat.TESTED_MARKDOWN
    version = tuple(int(p) for p in markdown.__version__.split(".")[:2])
    assert low <= version < high, markdown.__version__
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pin = next(d for d in deps if re.match(r"(?i)markdown\b", d))
    assert pin.replace(" ", "") == f"Markdown>={low[0]}.{low[1]},<{high[0]}.{high[1]}"


def test_every_private_hook_exists() -> None:
    mdcompat.check_markdown()


def test_a_missing_hook_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    from markdown.treeprocessors import InlineProcessor

    monkeypatch.delattr(InlineProcessor, "_InlineProcessor__processPlaceholders")
    with pytest.raises(mdcompat.UnsupportedMarkdown, match="__processPlaceholders"):
        new_markdown()


def test_the_fast_paths_are_installed_and_called() -> None:
    md = new_markdown()
    assert type(md.treeprocessors["inline"]).__name__ == "FastInline"
    emphasis = md.inlinePatterns["em_strong"]
    assert type(emphasis).__name__ == "KramdownEmphasis"
    assert type(emphasis.fallback).__name__ == "FastDelimiterProcessor"
    assert type(md.inlinePatterns["escape"]).__name__ == "EscapeRuns"
    for name in ("link", "reference", "image_link", "image_reference", "short_reference",
                 "short_image_ref"):
        assert "_LinearBrackets" in [c.__name__ for c in type(md.inlinePatterns[name]).__mro__]
    for key in mdcompat.CALLS:
        mdcompat.CALLS[key] = 0
    text = ("A *b* and **c** with \\*\\_ escapes, [a link](http://x.org) and "
            + "[" * 20 + "deep" + "]" * 20 + " [a [nested] link](http://y.org) `code` <b>x</b>.\n")
    html = md.convert(text)
    assert '<a href="http://y.org">a [nested] link</a>' in html
    assert "<em>b</em>" in html and "*_" in html
    md.reset()
    # Unclosable delimiter runs exhaust kramdown emphasis's budget: the fallback runs.
    assert "<p>" in md.convert("*a " * 3_000 + "\n")
    missing = [name for name, count in mdcompat.CALLS.items() if count == 0]
    assert not missing, f"fast paths never called: {missing}"


def test_deeply_nested_emphasis_renders_in_linear_time() -> None:
    from tests.timing import cpu_timed

    def cost(n: int) -> float:
        text = "*a **a " * n + "b" + " a** a*" * n
        best = 1e9
        for _ in range(3):
            html, seconds = cpu_timed(markdown_to_html, text)
            best = min(best, seconds)
        assert "<em>a <strong>a" in html and "source instead" not in html
        return best

    from editor.core.render.kramdown import markdown_to_html

    small, large = cost(1_000), cost(8_000)
    # Linear: ~8x; the quadratic ancestor copying this replaced gave ~30-60x.
    assert large < 20 * small + 0.05, f"{small:.3f} s -> {large:.3f} s"
