"""The Python-Markdown extension that makes it parse and print like kramdown (GFM)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING, Any

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import BacktickInlineProcessor, SubstituteTagInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.util import Registry

from editor.core.render.blocks import BlockParser
from editor.core.render.convert import RAW_TAG, TreeBuilder
from editor.core.render.inline import (
    BACKTICK_RE,
    FOOTNOTE_RE,
    GFM_ESCAPED_CHARS,
    MATH_RE,
    SPAN_EXTENSION_RE,
    STRIKE_RE,
    FootnoteBook,
    FootnoteMarkerProcessor,
    InlineMathProcessor,
    SpanExtensionProcessor,
    SpanIalProcessor,
    StrikethroughProcessor,
)
from editor.core.render.mdcompat import (
    escape_runs_processor,
    fast_delimiter_search,
    fast_inline_processor,
    kramdown_emphasis,
    replace_registered,
    url_keeping_processors,
)
from editor.core.render.nodes import DocState
from editor.core.render.safety import MAX_NESTING, render_notice
from editor.core.render.spanhtml import SPAN_HTML_RE, SpanHtmlProcessor
from editor.core.render.toc import TocProcessor
from editor.core.render.treeprocs import (
    AbbreviationProcessor,
    DepthCapProcessor,
    FigureProcessor,
    FootnoteProcessor,
    HeaderIdProcessor,
    TypographyProcessor,
)

if TYPE_CHECKING:
    from markdown import Markdown
    from markdown.blockparser import BlockParser as MdBlockParser


class KramdownBlockProcessor(BlockProcessor):
    """Replaces Python-Markdown's block parsing with kramdown's, for the whole text."""

    def __init__(self, parser: MdBlockParser, ext: KramdownExtension) -> None:
        """Parse for `ext`'s current document."""
        super().__init__(parser)
        self.ext = ext

    def test(self, parent: etree.Element, block: str) -> bool:
        """Always: this processor takes every block."""
        return True

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        """Parse all remaining blocks at once (they were split on blank lines)."""
        text = "\n\n".join(blocks)
        del blocks[:]
        state = self.ext.state
        nodes = BlockParser(state).parse(text)
        builder = TreeBuilder(self.parser.md, state)
        if state.nesting_capped:
            builder.raw(parent, render_notice(
                f"Block quotes, lists or HTML nested deeper than {MAX_NESTING} levels "
                "are shown as text.") + "\n")
        builder.build(parent, nodes)
        builder.build_footnotes(parent)
        refs: dict[str, Any] = self.parser.md.references
        for key, (url, title) in {**state.link_defs, **self.ext.global_link_defs}.items():
            refs[key] = (url, title)


class _Source(Preprocessor):
    """Only newline normalisation (no tab expansion, no HTML stashing)."""

    def run(self, lines: list[str]) -> list[str]:
        """Drop the stash marker characters Python-Markdown reserves."""
        return [line.replace("\x02", "").replace("\x03", "") for line in lines]


class _RawUnwrap(Postprocessor):
    """Unwrap placeholders of raw HTML from their carrier element."""

    def run(self, text: str) -> str:
        """`<kd-raw>ph</kd-raw>` → `ph`, which the raw HTML pass then replaces."""
        return text.replace(f"<{RAW_TAG}>", "").replace(f"</{RAW_TAG}>", "")


class KramdownExtension(Extension):
    """Configure a Markdown instance to render like Jekyll's kramdown."""

    def __init__(self, **kwargs: object) -> None:
        """Create the extension; per-document state is reset on each `reset()`."""
        super().__init__(**kwargs)
        self.state = DocState()
        self.book = FootnoteBook(self.state)
        # Link definitions of the whole document when rendering one chunk of it.
        self.global_link_defs: dict[str, tuple[str, str | None]] = {}
        self.ids: HeaderIdProcessor | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        """Swap in kramdown's block parser, inline additions and output passes."""
        md.registerExtension(self)
        md.ESCAPED_CHARS = GFM_ESCAPED_CHARS
        md.preprocessors = Registry()
        md.preprocessors.register(_Source(md), "kd_source", 30)
        md.parser.blockprocessors = Registry()
        md.parser.blockprocessors.register(KramdownBlockProcessor(md.parser, self), "kramdown", 100)
        md.inlinePatterns.register(StrikethroughProcessor(STRIKE_RE, md), "kd_strike", 65)
        md.inlinePatterns.register(
            FootnoteMarkerProcessor(FOOTNOTE_RE, md, self.book), "kd_footnote", 175)
        md.inlinePatterns.register(InlineMathProcessor(MATH_RE, md), "kd_math", 185)
        # A code span opens only at the start of a backtick run (kramdown scans runs).
        replace_registered(md.inlinePatterns, BacktickInlineProcessor(BACKTICK_RE), "backtick")
        md.inlinePatterns.register(SpanExtensionProcessor(SPAN_EXTENSION_RE, md),
                                   "kd_span_extension", 195)
        # kramdown: one or two backslashes at the end of a line are a line break.
        md.inlinePatterns.register(SubstituteTagInlineProcessor(r"\\{1,2}\n", "br"),
                                   "kd_backslash_break", 182)
        replace_registered(md.inlinePatterns, SpanHtmlProcessor(SPAN_HTML_RE, md), "html")
        url_keeping_processors(md)
        escape_runs_processor(md)
        fast_delimiter_search(md)
        kramdown_emphasis(md)
        fast_inline_processor(md)
        md.treeprocessors.register(DepthCapProcessor(md), "kd_depth_cap", 19.5)
        md.treeprocessors.register(SpanIalProcessor(md, self.state), "kd_span_ial", 19)
        md.treeprocessors.register(AbbreviationProcessor(md, self.state), "kd_abbrs", 18.7)
        md.treeprocessors.register(FigureProcessor(md), "kd_figures", 18.5)
        md.treeprocessors.register(TypographyProcessor(md), "kd_typography", 18)
        self.ids = HeaderIdProcessor(md)
        md.treeprocessors.register(self.ids, "kd_ids", 17)
        md.treeprocessors.register(TocProcessor(md), "kd_toc", 16.5)
        md.treeprocessors.register(FootnoteProcessor(md, self.book), "kd_footnotes", 16)
        if "prettify" in md.treeprocessors:
            md.treeprocessors.deregister("prettify")
        md.postprocessors.register(_RawUnwrap(md), "kd_raw_unwrap", 35)

    def reset(self) -> None:
        """Forget the previous document's definitions."""
        self.state.__init__()  # type: ignore[misc]
        self.book.__init__(self.state)  # type: ignore[misc]
