"""The Markdown editor's lexer (``highlighter.lex_line``): which text gets which style, and
the state a line hands to the next (front matter, fences, comments over several lines)."""

from __future__ import annotations

from editor.ui.highlighter import (
    FENCE,
    FRONT_MATTER,
    HTML_COMMENT,
    LIQUID_COMMENT,
    NORMAL,
    lex_line,
)


def styled(text: str, state: int = NORMAL, first_block: bool = False) -> set[tuple[str, str]]:
    """(text, style) for every span of one line."""
    spans, _ = lex_line(text, state, first_block)
    return {(text[s:s + n], style) for s, n, style in spans}


def lex_document(lines: list[str]) -> list[int]:
    """The state each line ends in, lexing the lines in order as the editor does."""
    states: list[int] = []
    state = NORMAL
    for number, line in enumerate(lines):
        _, state = lex_line(line, state, first_block=number == 0)
        states.append(state)
    return states


def test_inline_markdown_and_liquid_get_their_styles() -> None:
    line = "Some **bold** and *soft* text, `code`, [a link](/x) {{ page.title }} TK"
    found = styled(line)
    assert ("**bold**", "strong") in found
    assert ("*soft*", "emphasis") in found
    assert ("`code`", "code") in found
    assert ("[a link](/x)", "link") in found
    assert ("{{ page.title }}", "liquid") in found
    assert ("TK", "marker") in found


def test_block_markers() -> None:
    assert ("## Council", "heading") in styled("## Council")
    assert ("-", "list") in styled("- item")
    assert ("1.", "list") in styled("1. first")
    assert ("> said the mayor", "quote") in styled("> said the mayor")
    assert ("---", "rule") in styled("---")  # not the first line: a rule, not front matter
    assert ("{% include note.html %}", "liquid") in styled("{% include note.html %}")
    assert ("{: .lead}", "ial") in styled("{: .lead}")


def test_words_that_only_look_like_markup_stay_plain() -> None:
    assert styled("snake_case_name and 2*3*4 and TKO") == set()
    assert ("#hashtag", "heading") not in styled("#hashtag")


def test_front_matter_only_at_the_top() -> None:
    assert lex_document(["---", "title: \"Budget\"", "tags: [a] # note", "---", "Body"]) == [
        FRONT_MATTER, FRONT_MATTER, FRONT_MATTER, NORMAL, NORMAL]
    inside = styled('title: "Budget night"', FRONT_MATTER)
    assert ("title", "key") in inside and ('"Budget night"', "string") in inside
    assert ("# note", "comment") in styled("tags: [a] # note", FRONT_MATTER)
    assert lex_document(["Body", "---", "more"]) == [NORMAL, NORMAL, NORMAL]


def test_a_fence_holds_until_it_closes_and_its_lines_are_code() -> None:
    lines = ["```python", "x = '**not bold**'", "```", "**bold**"]
    assert lex_document(lines) == [FENCE, FENCE, NORMAL, NORMAL]
    assert styled("x = '**not bold**'", FENCE) == {("x = '**not bold**'", "fence")}


def test_comments_over_several_lines() -> None:
    assert lex_document(["Text <!-- start", "still hidden **x**", "end --> *after*"]) == [
        HTML_COMMENT, HTML_COMMENT, NORMAL]
    closing = styled("end --> *after*", HTML_COMMENT)
    assert ("end -->", "comment") in closing and ("*after*", "emphasis") in closing
    assert lex_document(["{% comment %}", "hidden", "{% endcomment %} shown"]) == [
        LIQUID_COMMENT, LIQUID_COMMENT, NORMAL]
    assert lex_document(["<!-- one line -->", "next"]) == [NORMAL, NORMAL]
