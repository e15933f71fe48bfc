"""Preview rendering: golden posts, Liquid errors, the incremental renderer, the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.render import Renderer, cli_render, render_body, render_file
from editor.core.render.incremental import split_chunks
from editor.core.site_model import Site

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "render"
SITE = GOLDEN / "site"
PAGE = {"date": "2025-08-30", "title": "Sample"}


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.md")))
def test_golden_post_renders_as_recorded(name: str) -> None:
    source = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    expected = (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
    html = render_body(source, dict(PAGE), Site.load(SITE))
    assert html + "\n" == expected


def test_header_ids_follow_kramdown_gfm_rules() -> None:
    html = render_body("# Vote\n\n## Vote\n\n## Vote\n\n## Café au lait!\n")
    assert 'id="vote"' in html and 'id="vote-1"' in html and 'id="vote-2"' in html
    assert 'id="café-au-lait"' in html


def test_headers_inside_html_use_kramdown_ascii_ids() -> None:
    html = render_body('<div markdown="1">\n## Café 2\n</div>\n')
    assert '<h2 id="caf-2">' in html


def test_footnotes_use_kramdown_markup() -> None:
    html = render_body("Text[^1]\n\n[^1]: Note\n")
    assert '<sup id="fnref:1" role="doc-noteref">' in html
    assert '<div class="footnotes" role="doc-endnotes">' in html
    assert 'href="#fnref:1" class="reversefootnote"' in html or (
        'class="reversefootnote" href="#fnref:1"' in html)


def test_smart_quotes_and_dashes_are_kramdown_s() -> None:
    html = render_body("\"Yes\" -- it's 'done' --- really...\n")
    assert "“Yes” – it’s ‘done’ — really…" in html


def test_liquid_syntax_error_shows_notice_and_keeps_body() -> None:
    html = render_body("Intro paragraph.\n\n{% if page.title %}\n\nStill here.\n", dict(PAGE))
    assert 'class="dateline-liquid-error"' in html
    assert "Liquid syntax error" in html
    assert "Intro paragraph." in html and "Still here." in html


def test_missing_include_shows_notice_and_rest_of_body() -> None:
    html = render_body("Before.\n\n{% include nowhere.html %}\n\nAfter.\n", dict(PAGE),
                       Site.load(SITE))
    assert "Could not locate the included file &#x27;nowhere.html&#x27;" in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html


def test_unknown_plugin_tag_renders_placeholder() -> None:
    html = render_body("See {% gist 12345 %} here.\n")
    assert 'class="dateline-plugin-tag"' in html and "gist 12345" in html
    assert "here." in html


def test_render_with_liquid_false_leaves_liquid_alone() -> None:
    html = render_body("`{{ x }}`\n", {"render_with_liquid": False})
    assert "{{ x }}" in html


def test_site_context_is_found_upwards(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Paper\nbaseurl: /p\n")
    post = tmp_path / "_posts" / "2025-01-02-story.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: Story\n---\n[x]({{ '/a' | relative_url }}) {{ site.title }}\n")
    site = Site.find(post)
    assert site is not None and site.root == tmp_path.resolve()
    assert site.config["title"] == "Paper"
    assert render_file(post) == '<p><a href="/p/a">x</a> Paper</p>'


def test_invalid_config_gives_empty_config(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: [unclosed\n")
    assert Site.load(tmp_path).config == {}


def test_post_without_site_has_no_context(tmp_path: Path) -> None:
    post = tmp_path / "lone.md"
    post.write_text("Hello\n")
    assert Site.find(post) is None or Site.find(post).root != tmp_path


def _long_post() -> str:
    parts = []
    for i in range(60):
        parts.append(f"## Part {i % 7}\n\nParagraph {i} with a [link][ref] and *emphasis*.")
        if i % 9 == 0:
            parts.append("- one\n- two\n\n  continued\n- three")
        if i % 11 == 0:
            parts.append("```\ncode {i}\n\nmore\n```")
        if i % 13 == 0:
            parts.append('<div markdown="1">\nInside *html*\n\nstill inside\n</div>')
    parts.append("[ref]: https://example.org/ref")
    return "\n\n".join(parts) + "\n"


def test_incremental_render_equals_full_render() -> None:
    text = _long_post()
    renderer = Renderer()
    assert renderer.render(text) == render_body(text)
    edited = text.replace("Paragraph 30", "Paragraph thirty")
    assert renderer.render(edited) == render_body(edited)


def test_incremental_render_sees_changed_link_definition() -> None:
    text = _long_post()
    renderer = Renderer()
    renderer.render(text)
    changed = text.replace("https://example.org/ref", "https://example.org/new")
    assert "https://example.org/new" in renderer.render(changed)
    assert renderer.render(changed) == render_body(changed)


def test_chunks_never_split_fenced_code() -> None:
    text = "para\n\n```\na\n\nb\n```\n\n" + ("x " * 2000) + "\n\nend\n"
    for chunk in split_chunks(text):
        assert chunk.count("```") % 2 == 0


def test_cli_prints_html_and_rejects_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
    post = tmp_path / "2025-01-01-a.md"
    post.write_text("---\ntitle: A\n---\n*Hi*\n")
    assert cli_render([str(post)]) == 0
    assert capsys.readouterr().out.strip() == "<p><em>Hi</em></p>"
    assert cli_render([str(tmp_path / "missing.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err
    assert cli_render([]) == 2


def test_module_runs_without_qt(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text("Hello\n")
    code = (f"import sys, runpy; sys.argv=['x', {str(post)!r}]; "
            "runpy.run_module('editor.core.render', run_name='__main__')")
    check = code.replace("runpy.run_module", "0 and runpy.run_module") + (
        "; import editor.core.render.pipeline, editor.core.render.kramdown;"
        " assert not any(m.startswith('PySide6') for m in sys.modules)")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.returncode == 0 and out.stdout.strip() == "<p>Hello</p>"
    assert subprocess.run([sys.executable, "-c", check], cwd=root).returncode == 0


def test_incremental_render_builds_the_table_of_contents_from_the_whole_post() -> None:
    body = "* TOC\n{:toc}\n\n" + "".join(f"# Part {i}\n\n{'Words. ' * 400}\n\n" for i in range(6))
    html = Renderer().render(body)
    assert html == render_body(body)
    assert 'id="markdown-toc-part-5"' in html


def test_unclosed_front_matter_renders_the_whole_file_as_jekyll_does(tmp_path: Path) -> None:
    post = tmp_path / "2024-01-01-open.md"
    post.write_text("---\ntitle: Open\nThe story text.\n", encoding="utf-8")
    html = render_file(post)
    assert 'class="dateline-render-notice"' in html and "never closed" in html
    # What `jekyll build` publishes for this file (checked with Jekyll 4.3.1).
    assert html.endswith("<hr /><p>title: Open\nThe story text.</p>")


def test_incremental_render_applies_a_link_definition_ial_across_chunks() -> None:
    body = ("See [the report][r].\n\n" + "".join(f"Paragraph {i}. {'Words. ' * 300}\n\n"
                                                 for i in range(4))
            + '[r]: https://example.org/report "Report"\n{: .external}\n')
    html = Renderer().render(body)
    assert html == render_body(body)
    assert 'class="external"' in html
