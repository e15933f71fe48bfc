"""Hostile Markdown: the renderer never raises and stays fast (issue 6)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.render import Renderer, render_body
from editor.core.render.safety import MAX_NESTING, NOTICE_CLASS
from tests.timing import cpu_timed

# CPU seconds of the rendering thread (tests/timing.py), so load on the machine does not
# count; typical times are far lower.
TIME_LIMIT = 3.0
N = 20_000


def _wide_table(columns: int) -> str:
    head = "|" + "|".join(f"column {i} with a few words in it" for i in range(columns)) + "|\n"
    return head + "|" + "|".join("-" for _ in range(columns)) + "|\n" + head


HOSTILE: dict[str, str] = {
    "open-brackets": "[" * N,
    "open-image-brackets": "![" * N,
    "open-links": "[a](" * N,
    "open-links-with-quotes": '[a]("' * N,
    "open-footnote-markers": "[^" * N,
    "links-with-unclosed-titles": '[a]("x)' * N,
    "nested-emphasis": "*_" * 5_000 + "x" + "_*" * 5_000,
    # From CommonMark's pathological-input suite.
    "nested-strong-emphasis": "*a **a " * 5_000 + "b" + " a** a*" * 5_000,
    "nested-brackets": "[" * N + "a" + "]" * N,
    "nested-brackets-link": "[" * N + "a" + "]" * N + "(b)",
    "empty-images": "![[]()" * N,
    "lists-on-one-line": "- " * 1_000 + "x\n",
    "quoted-lists-on-one-line": "> - " * 500 + "x\n",
    "angle-link-destinations": "[a](<b" * N,
    "liquid-open-outputs": "{{" * N,
    "liquid-open-tags": "{%" * N,
    "liquid-open-raw": "{% raw %}" * 5_000,
    "liquid-huge-loop": "{% for i in (1..1000000) %}x{% endfor %}",
    "liquid-capture-bomb": '{% assign a = "xxxxxxxxxx" %}'
    + "{% capture a %}{{ a }}{{ a }}{% endcapture %}" * 40 + "{{ a | size }}",
    "liquid-deep-ifs": "{% if true %}" * 2_000 + "x" + "{% endif %}" * 2_000,
    "mixed-delimiters": "[*_`\u2039" * N,
    "backslashes": "\\" * 100_000,
    "escapes": "\\*x" * N,
    "entities": "&amp;" * N,
    "inline-html": "<b>" * N,
    "code-spans": "`a` " * N,
    "backtick-runs": "`" * N + " " + "``" * (N // 2),
    "tilde-runs": "~~" * N,
    "unclosed-fences": "~~~~ a\n" * N,
    "autolinks": "<http://a.b> " * 10_000,
    "underscores": "_a" * N,
    "stars": "*" * 100_000,
    "smart-quotes": "\"'" * 50_000,
    "blockquote-line": ">" * 1_000 + " x\n",
    "blockquote-lines": "".join(">" * i + " x\n" for i in range(300)),
    "nested-list-400": "".join("  " * i + "- x\n" for i in range(400)),
    "nested-list-2000": "".join(" " * i + "- x\n" for i in range(2_000)),
    "nested-divs": "<div>" * 1_000 + "x" + "</div>" * 1_000 + "\n",
    "nested-markdown-divs": '<div markdown="1">\n' * 1_000 + "x\n" + "</div>\n" * 1_000,
    "unclosed-divs": "<div>\n" * N,
    "unclosed-comments": "<!--" * N,
    "wide-table": _wide_table(2_000),
    "long-table": "| a | b |\n|---|---|\n" + "| x | y |\n" * N,
    "definition-lists": "term\n: definition\n\n" * 5_000,
    "many-list-items": "- a\n" * 10_000,
    "many-footnotes": "".join(f"[^{i}]: note\n" for i in range(2_000))
    + "".join(f"x[^{i}]" for i in range(2_000)),
    "blank-lines": "\n" * 1_000_000,
    # Issue 15's kramdown additions: span HTML plans, emphasis descent, abbreviations, toc.
    "raw-span-html-open": "<mark>" * N,
    "span-html-open": "<span>" * N,
    "stray-closing-tags": "</b>" * N,
    "unclosable-emphasis": "*a " * N,
    "unclosable-strong": "**a " * N,
    "abbreviations": "".join(f"*[AB{i}]: Title {i}\n" for i in range(2_000))
    + " ".join(f"AB{i}" for i in range(2_000)) * 5,
    "toc-many-headers": "* x\n{:toc}\n\n" + "".join(f"## H {i}\n\n" for i in range(5_000)),
    "table-html-pipes": "| a | b |\n|---|---|\n" + "| <b>x|y</b> <i> |\n" * 5_000,
    # Used to loop forever, allocating (the raw parser kept a text a nested body cut).
    "markdown-cell-after-html-blocks": '<section markdown="block">\n# In section\n</section>'
    '\n\n<p markdown="1">*p md*</p>\n\n<table>\n<tr><td markdown="1">*cell*</td></tr>'
    "\n</table>\n",
    "escaped-parens-in-links": "[a](" + "\\(" * N + ")",
    "long-line": "word " * 100_000,
    "binary": bytes(range(256)).decode("latin-1") * 200,
    "nul-and-controls": "\x00\x01\x02\x03 text \x1b[31m" * 5_000,
}


# Cases allowed to give the "source shown instead" fallback (safety.fallback_html)
# rather than a real render, each with the reason. Empty: every hostile input above
# renders for real. Add a case here only with a reason the writer would accept.
FALLBACK_ALLOWED: dict[str, str] = {}
FALLBACK_MARK = "Showing the source instead."


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_renders_quickly_without_raising(name: str) -> None:
    text = HOSTILE[name]
    html, elapsed = cpu_timed(render_body, text)
    assert isinstance(html, str)
    assert elapsed < TIME_LIMIT, f"{name}: {elapsed:.2f} s"
    fell_back = FALLBACK_MARK in html
    assert fell_back == (name in FALLBACK_ALLOWED), (
        f"{name}: {'fell back to the source' if fell_back else 'rendered'}: {html[:200]!r}")


def test_the_fallback_mark_is_what_the_fallback_prints() -> None:
    from editor.core.render.safety import fallback_html

    assert FALLBACK_MARK in fallback_html("x", "a reason")


def test_deeply_nested_strong_emphasis_renders() -> None:
    html = render_body(HOSTILE["nested-strong-emphasis"])
    assert FALLBACK_MARK not in html
    assert "<p><em>a <strong>a" in html


@pytest.mark.parametrize("name", ["nested-list-400", "liquid-deep-ifs", "unclosed-divs"])
def test_incremental_renderer_survives_hostile_input(name: str) -> None:
    assert isinstance(Renderer().render(HOSTILE[name]), str)


def test_nesting_beyond_the_limit_is_text_with_a_notice() -> None:
    html = render_body(">" * 1_000 + " deep\n")
    assert NOTICE_CLASS in html
    assert html.count("<blockquote>") == MAX_NESTING - 1
    assert "deep" in html


def test_liquid_loop_limit_gives_a_notice() -> None:
    html = render_body("Intro.\n\n" + HOSTILE["liquid-huge-loop"] + "\n")
    assert "dateline-liquid-error" in html and "limit" in html
    assert "Intro." in html


def test_unclosed_liquid_outputs_keep_the_syntax_error_notice() -> None:
    html = render_body("Intro {{ a\n\n" + "{{ b " * 100 + "\n")
    assert "Liquid syntax error" in html and "Intro" in html


def test_raw_liquid_after_the_last_close_stays_literal() -> None:
    html = render_body("{% raw %}{{ a {{ b {% endraw %}\n")
    assert "{{ a {{ b" in html


def test_internal_failure_falls_back_to_escaped_source(monkeypatch: pytest.MonkeyPatch) -> None:
    from editor.core.render import kramdown

    def explode(_text: str) -> str:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(kramdown, "markdown_to_html", explode)
    html = render_body("<b>bold</b> *x*\n")
    assert NOTICE_CLASS in html and "nested too deeply" in html
    assert "<pre>&lt;b&gt;bold&lt;/b&gt; *x*\n</pre>" in html


def test_renderer_recovers_after_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = Renderer()
    assert renderer.render("*a*\n") == "<p><em>a</em></p>"
    from editor.core.render import kramdown

    monkeypatch.setattr(kramdown, "markdown_to_html",
                        lambda _t: (_ for _ in ()).throw(MemoryError()))
    assert NOTICE_CLASS in renderer.render("[^1]\n\n[^1]: n\n")
    monkeypatch.undo()
    assert renderer.render("*b*\n") == "<p><em>b</em></p>"


def test_cli_renders_deep_nesting_with_a_notice(tmp_path: Path) -> None:
    post = tmp_path / "2025-01-01-deep.md"
    post.write_text("---\ntitle: Deep\n---\n" + ">" * 1_000 + " x\n\n"
                    + "".join("  " * i + "- x\n" for i in range(500))
                    + '<div markdown="1">\n' * 1_000 + "y\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    # `dateline render FILE`, as the console script runs it.
    code = "import sys; from editor.cli import main; sys.exit(main(sys.argv[1:]))"
    out = subprocess.run([sys.executable, "-c", code, "render", str(post)],
                         capture_output=True, text=True, cwd=root, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert NOTICE_CLASS in out.stdout
