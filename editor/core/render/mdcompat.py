"""Every hook into Python-Markdown's private internals, in one place (issue 15).

The renderer keeps Python-Markdown's element tree, inline patterns, stash and
serializer, but makes some of its passes linear on hostile text. Doing so needs
names Python-Markdown does not promise to keep:

- `InlineProcessor._InlineProcessor__handleInline`, `__applyPattern` and
  `__stashNode` (name-mangled methods of the inline tree pass), overridden by
  `fast_inline_processor`;
- `Registry._priority` (the priority a processor was registered with), read by
  `priority_of` to put a replacement in the same slot;
- `DelimiterProcessor.search`, `.delimiters`, `.compiled_re` and
  `Delimiter.boundary` / `.stack` (the emphasis processor of Markdown 3.11),
  used by `fast_delimiter_search`;
- `LinkInlineProcessor.getText` / `getLink` / `RE_LINK` and `unescape`, overridden by
  the linear bracket matcher and URL-escape keeping processors.

`pyproject.toml` pins the Markdown versions these were written and tested against;
`tests/core/test_render_compat.py` proves every hook is present and live (the
overrides are actually called) so a Markdown upgrade that renames one fails there,
loudly, instead of silently falling back to the slow path.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markdown.util import AtomicString

if TYPE_CHECKING:
    from markdown import Markdown
    from markdown.util import Registry

# The Markdown releases the hooks below were written for (kept in step with pyproject).
TESTED_MARKDOWN = ((3, 11), (3, 12))
# Counts of calls into each override, for the liveness test (cheap integer bumps).
CALLS: dict[str, int] = {"handle_inline": 0, "apply_all": 0, "delimiter_search": 0,
                         "bracket_table": 0, "escape_runs": 0, "run": 0,
                         "whole_text": 0, "emphasis_fallback": 0}
# The private names this module relies on: (owner, attribute).
PRIVATE_NAMES = (
    ("markdown.treeprocessors.InlineProcessor", "_InlineProcessor__handleInline"),
    ("markdown.treeprocessors.InlineProcessor", "_InlineProcessor__applyPattern"),
    ("markdown.treeprocessors.InlineProcessor", "_InlineProcessor__stashNode"),
    ("markdown.treeprocessors.InlineProcessor", "_InlineProcessor__build_ancestors"),
    ("markdown.treeprocessors.InlineProcessor", "_InlineProcessor__processPlaceholders"),
    ("markdown.util.Registry", "_priority"),
    ("markdown.inlinepatterns.DelimiterProcessor", "search"),
    ("markdown.inlinepatterns.LinkInlineProcessor", "getText"),
    ("markdown.inlinepatterns.LinkInlineProcessor", "getLink"),
    ("markdown.inlinepatterns.LinkInlineProcessor", "RE_LINK"),
)


class UnsupportedMarkdown(RuntimeError):
    """The installed Python-Markdown lacks an internal the renderer hooks into."""


def check_markdown() -> None:
    """Raise `UnsupportedMarkdown` naming the first private hook that is missing."""
    import importlib

    import markdown

    for owner, attr in PRIVATE_NAMES:
        module_name, _, cls_name = owner.rpartition(".")
        cls = getattr(importlib.import_module(module_name), cls_name, None)
        if cls is None or not (hasattr(cls, attr) or attr in getattr(cls, "__slots__", ())
                               or attr == "_priority"):
            raise UnsupportedMarkdown(
                f"Python-Markdown {markdown.__version__} has no {owner}.{attr}; the preview "
                f"engine supports Markdown {_range()}")
    registry = markdown.util.Registry()  # type: ignore[var-annotated]
    registry.register(object(), "probe", 1)
    if not hasattr(registry, "_priority"):
        raise UnsupportedMarkdown(
            f"Python-Markdown {markdown.__version__} has no Registry._priority; the preview "
            f"engine supports Markdown {_range()}")


def _range() -> str:
    """The tested range as text: '>=3.11,<3.12'."""
    low, high = TESTED_MARKDOWN
    return f">={low[0]}.{low[1]},<{high[0]}.{high[1]}"


def priority_of(registry: Registry[Any], name: str) -> float:
    """The priority `name` was registered with in `registry` (private table)."""
    table = registry._priority  # type: ignore[attr-defined]
    return table[registry.get_index_for_name(name)].priority


def replace_registered(registry: Registry[Any], item: Any, name: str) -> None:
    """Register `item` in place of `name`, at the same priority."""
    registry.register(item, name, priority_of(registry, name))


def _escape_text(text: str) -> str:
    """Escape HTML special characters in text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _KeepEscapesInUrls:
    """Mixin: kramdown keeps backslash escapes in link URLs literally."""

    def unescape(self, text: str) -> str:
        """Turn escape placeholders back into backslash + character."""
        def sub(m: re.Match[str]) -> str:
            return "\\" + chr(int(m.group(1)))

        text = super().unescape(text)  # type: ignore[misc]
        return re.sub("\x02(\\d+)\x03", sub, text)


def url_keeping_processors(md: Markdown) -> None:
    """Replace the link, image and reference processors with ones that keep URL
    escapes and match brackets in linear time."""
    from markdown.inlinepatterns import (
        IMAGE_LINK_RE,
        IMAGE_REFERENCE_RE,
        LINK_RE,
        REFERENCE_RE,
        ImageInlineProcessor,
        ImageReferenceInlineProcessor,
        LinkInlineProcessor,
        ReferenceInlineProcessor,
        ShortImageReferenceInlineProcessor,
        ShortReferenceInlineProcessor,
    )

    class Link(_LinearBrackets, _KeepEscapesInUrls, LinkInlineProcessor):
        """Inline links, URLs verbatim."""

    class Image(_LinearBrackets, _KeepEscapesInUrls, ImageInlineProcessor):
        """Inline images, URLs verbatim."""

    class Reference(_LinkDefIal, _LinearBrackets, ReferenceInlineProcessor):
        """`[text][id]`."""

    class ImageReference(_LinkDefIal, _LinearBrackets, ImageReferenceInlineProcessor):
        """`![alt][id]`."""

    class ShortReference(_LinkDefIal, _LinearBrackets, ShortReferenceInlineProcessor):
        """`[id]`."""

    class ShortImageReference(_LinkDefIal, _LinearBrackets, ShortImageReferenceInlineProcessor):
        """`![id]`."""

    patterns = md.inlinePatterns
    for name, cls, rx in (("reference", Reference, REFERENCE_RE), ("link", Link, LINK_RE),
                          ("image_link", Image, IMAGE_LINK_RE),
                          ("image_reference", ImageReference, IMAGE_REFERENCE_RE),
                          ("short_reference", ShortReference, REFERENCE_RE),
                          ("short_image_ref", ShortImageReference, IMAGE_REFERENCE_RE)):
        replace_registered(patterns, cls(rx, md), name)

class _LinkDefIal:
    """Mixin for the reference processors: the IAL written under the link definition
    (`[id]: url` then `{: .cls}`) applies to the link or image, as in kramdown."""

    def evalId(self, data: str, index: int, text: str) -> Any:  # noqa: N802
        """Python-Markdown's id lookup, remembering the id for `makeTag`."""
        found = super().evalId(data, index, text)  # type: ignore[misc]
        self._kd_id = found[0]
        return found

    def makeTag(self, href: str, title: str, text: str) -> Any:  # noqa: N802
        """The element, with the definition's IAL applied."""
        el = super().makeTag(href, title, text)  # type: ignore[misc]
        ext: Any = getattr(self.md, "kramdown_extension", None)  # type: ignore[attr-defined]
        if ext is None:
            return el
        ial = ext.state.link_ials.get(getattr(self, "_kd_id", None))
        if ial:
            from editor.core.render.convert import apply_ial

            apply_ial(el, ial, ext.state)
        return el


class BracketMatcher:
    """Find the closing character matching an opening one (`[`/`]`, `(`/`)`) in linear time.

    Python-Markdown's link processors scan to the end of the text for every
    opening bracket, which is quadratic on text full of unclosed brackets. This
    gives the same answer (plain nesting count, like theirs): nearby closes by a
    short scan, far ones from a table built once for the rest of the text (the
    inline pass applies a pattern to one unchanging text, left to right).
    """

    BUDGET = 16

    def __init__(self, opening: str, closing: str,
                 stashed: Callable[[], dict[str, Any]] | None = None) -> None:
        """Match `closing` to `opening`. With `stashed` (the inline pass's stashed
        nodes), a backslash-escaped one (`\\)`, stashed by the escape processor) counts
        too, as kramdown counts it when it looks for the end of a link's URL."""
        self.opening = opening
        pattern = f"[{re.escape(opening + closing)}]"
        if stashed is not None:
            pattern += "|\x02klzzwxh:(\\d+)\x03"
        self.stashed = stashed
        self.escaped = {f"\x02{ord(opening)}\x03": 1, f"\x02{ord(closing)}\x03": -1}
        self.any = re.compile(pattern)
        self.data: str | None = None
        self.suffix = ""
        self.table: dict[int, int] = {}

    def close_of(self, data: str, open_pos: int) -> int:
        """Position of the character closing the one at `open_pos`, or -1."""
        n = len(data) - open_pos  # the table's keys: distances from the end
        if data is self.data and n <= len(self.suffix):
            dist = self.table.get(n)
            return len(data) - dist if dist else -1
        depth = 0
        for count, m in enumerate(self.any.finditer(data, open_pos + 1)):
            if count >= self.BUDGET:
                break
            step = self._step(m)
            depth += step
            if step < 0 and depth < 0:
                return m.start()
        else:
            return -1
        self._build(data, open_pos)
        dist = self.table.get(n)
        return len(data) - dist if dist else -1

    def _step(self, m: re.Match[str]) -> int:
        """+1 for an opening character, -1 for a closing one, 0 for anything else."""
        token = m.group()
        if len(token) == 1:
            return 1 if token == self.opening else -1
        value = self.stashed().get(m.group(1)) if self.stashed is not None else None
        if not isinstance(value, str) or not value.startswith("\x02"):
            return 0
        # A run of escapes is one placeholder: its net count of escaped brackets.
        return sum(self.escaped.get(f"\x02{code}\x03", 0)
                   for code in value[1:-1].split("\x03\x02"))

    def _build(self, data: str, start: int) -> None:
        """Match every opening character in `data[start:]` (keys: distance from the end)."""
        CALLS["bracket_table"] += 1
        suffix = data[start:]
        size = len(suffix)
        table: dict[int, int] = {}
        stack: list[int] = []
        for m in self.any.finditer(suffix):
            step = self._step(m)
            for _ in range(step):
                stack.append(size - m.start())
            for _ in range(-step):
                if stack:
                    table[stack.pop()] = size - m.start()
        self.data, self.suffix, self.table = data, suffix, table


_QUOTE = re.compile("[\"']")
# How far past the first quote a link destination with a title is looked for.
_TITLE_WINDOW = 256
_TITLE_END = re.compile("[\"'] *\\)")
_PAREN = re.compile("[()]")


class _LinearBrackets:
    """Mixin for Python-Markdown's link processors: linear bracket/paren matching."""

    def _matchers(self) -> tuple[BracketMatcher, BracketMatcher]:
        pair = getattr(self, "_kd_matchers", None)
        if pair is None:
            inline = self.md.treeprocessors["inline"]  # type: ignore[attr-defined]
            pair = (BracketMatcher("[", "]"),
                    BracketMatcher("(", ")", lambda: getattr(inline, "stashed_nodes", {})))
            self._kd_matchers = pair
        return pair

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        """The text inside `[...]` (nested brackets balanced), as Python-Markdown finds it."""
        close = self._matchers()[0].close_of(data, index - 1)
        if close < 0:
            return "", len(data), False
        return data[index:close], close + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        """The `(url "title")` part; an empty title (`''`) makes no link in kramdown."""
        href, title, stop, handled = self._kd_get_link(data, index)
        if handled and title == "":
            return "", None, index, False
        return href, title, stop, handled

    def _kd_get_link(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        """The `(url "title")` part; Python-Markdown's scan, bounded for hostile text."""
        m = self.RE_LINK.match(data, pos=index)  # type: ignore[attr-defined]
        if m is None or m.group(1):
            return super().getLink(data, index)  # type: ignore[misc]
        start = m.end()
        close = self._matchers()[1].close_of(data, m.start())
        if close >= 0 and data[close] != ")":  # an escaped `\)` is never the end here
            close = -1
        if close >= 0 and _QUOTE.search(data, start, close) is None:
            href = self.unescape(data[start:close]).strip()  # type: ignore[attr-defined]
            return href, None, close + 1, True
        if data.find(")", start) < 0 or max(data.rfind('"'), data.rfind("'")) < start:
            return "", None, index, False
        quote = _QUOTE.search(data, start)
        assert quote is not None
        qpos = quote.start()
        end = qpos + _TITLE_WINDOW
        if _TITLE_END.search(data, qpos + 1, end) is None:
            # The title cannot close: Python-Markdown's scan settles at the paren
            # that brings its backup count to zero; stop the window there.
            before = data[start:qpos]
            depth = 1 + before.count("(") - before.count(")")
            for k, paren in enumerate(_PAREN.finditer(data, qpos + 1, end), 1):
                if k >= depth:
                    end = paren.end()
                    break
        href, title, stop, handled = super().getLink(data[index:end], 0)  # type: ignore[misc]
        return href, title, stop + index if stop >= 0 else stop, handled


# Text a pattern cannot match without (any one of them); patterns not listed always run.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "kd_math": ("$$",), "kd_span_extension": ("{::",),
    "kd_backslash_break": ("\\\n",),
    "escape": ("\\",), "kd_footnote": ("[^",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("@",), "linebreak": ("  \n",), "html": ("<",),
    "entity": ("&",), "kd_strike": ("~~",), "em_strong": ("*", "_"), "em_strong2": ("_",),
}


_PLACEHOLDER = re.compile("\x02klzzwxh:(\\d+)\x03")


def _compact(ancestors: list[str]) -> list[str]:
    """A copy of `ancestors` for membership tests: short lists as they are, long ones
    without duplicates (so deep nesting copies a handful of tags, not its depth)."""
    if len(ancestors) <= 16:
        return ancestors[:]
    return list(dict.fromkeys(ancestors))


def fast_inline_processor(md: Markdown) -> None:
    """Replace Python-Markdown's inline pass with one that skips patterns whose
    trigger text does not occur (same result; much less work per text run)."""
    from markdown.treeprocessors import InlineProcessor as MdInlineProcessor

    triggers = {id(md.inlinePatterns[name]): trig for name, trig in _TRIGGERS.items()
                if name in md.inlinePatterns}

    batchable = {id(md.inlinePatterns[name]) for name in _TRIGGERS
                  if name in md.inlinePatterns and not name.startswith("em_")}
    any_trigger = re.compile("|".join(re.escape(t) for trig in _TRIGGERS.values() for t in trig))

    class FastInline(MdInlineProcessor):
        """The inline pass, pattern by pattern, skipping impossible ones."""

        def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> Any:
            """Run the pass with the pattern list fixed for this document."""
            self._kd_patterns = [(p, triggers.get(id(p))) for p in self.inlinePatterns]
            self._kd_all_triggered = all(t is not None for _p, t in self._kd_patterns)
            self._kd_made: set[int] = set()  # elements a whole-text pattern built
            self._kd_keep: list[Any] = []  # (kept alive so their ids stay unique)
            self._kd_skip_whole = False
            try:
                return self._kd_run(tree, ancestors)
            finally:
                self._kd_made, self._kd_keep = set(), []

        def _kd_run(self, tree: etree.Element, ancestors: list[str] | None) -> Any:
            """Python-Markdown's `InlineProcessor.run`, linear in the nesting depth.

            The same walk, but the work queue is a deque (not `list.pop(0)`) and the
            ancestor lists copied for each nested element are compacted: they are only
            asked `tag in ancestors`, so past a few entries duplicates are dropped.
            """
            CALLS["run"] += 1
            self.stashed_nodes: dict[str, Any] = {}
            tree_parents = [] if ancestors is None else ancestors[:]
            self.parent_map = {c: p for p in tree.iter() for c in p}
            stack = deque([(tree, tree_parents)])
            self._InlineProcessor__build_ancestors(tree, tree_parents)  # type: ignore[attr-defined]
            handle = self._InlineProcessor__handleInline
            placeholders = self._InlineProcessor__processPlaceholders  # type: ignore[attr-defined]
            while stack:
                current, parents = stack.popleft()
                self.ancestors = parents
                if current is not tree:
                    self.ancestors.append(current.tag.lower())
                insert_queue = []
                index = -1
                while index + 1 < len(current):  # live: children a tail adds are visited
                    index += 1
                    child = current[index]
                    made = id(child) in self._kd_made
                    if child.text and not isinstance(child.text, AtomicString):
                        self.ancestors.append(child.tag.lower())
                        text = child.text
                        child.text = None
                        self._kd_skip_whole = made
                        lst = placeholders(handle(text), child)
                        self._kd_skip_whole = False
                        for item in lst:
                            self.parent_map[item[0]] = child
                        stack.extend((node, _compact(anc)) for node, anc in lst)
                        insert_queue.append((child, lst))
                        self.ancestors.pop()
                    if child.tail:
                        self._kd_skip_whole = made
                        tail = handle(child.tail)
                        self._kd_skip_whole = False
                        dummy = etree.Element("d")
                        child.tail = None
                        tail_result = placeholders(tail, dummy, False)
                        if dummy.tail:
                            child.tail = dummy.tail
                        pos = index + 1
                        tail_result.reverse()
                        for new_child in tail_result:
                            self.parent_map[new_child[0]] = current
                            current.insert(pos, new_child[0])
                    if len(child):
                        self.parent_map[child] = current
                        stack.append((child, _compact(self.ancestors)))
                for element, lst in insert_queue:
                    for i, obj in enumerate(lst):
                        element.insert(i, obj[0])
            return tree

        def _InlineProcessor__handleInline(  # noqa: N802
            self, data: str, pattern_index: int = 0
        ) -> str:
            CALLS["handle_inline"] += 1
            if isinstance(data, AtomicString):
                return data
            if self._kd_all_triggered and any_trigger.search(data) is None:
                return data
            patterns = self._kd_patterns
            apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
            start_index = 0
            count = len(patterns)
            while pattern_index < count:
                pattern, trig = patterns[pattern_index]
                if trig is not None and (trig[0] not in data if len(trig) == 1
                                         else not any(t in data for t in trig)):
                    pattern_index += 1
                    start_index = 0
                    continue
                if start_index == 0 and hasattr(pattern, "apply_text"):
                    if not self._kd_skip_whole:
                        data = self._kd_whole(pattern, data, pattern_index)
                    pattern_index += 1
                    continue
                if start_index == 0 and id(pattern) in batchable:
                    data = self._kd_apply_all(pattern, data, pattern_index)
                    pattern_index += 1
                    continue
                data, matched, start_index = apply(pattern, data, pattern_index, start_index)
                if not matched:
                    pattern_index += 1
            return data

        def _kd_whole(self, pattern: Any, data: str, pattern_index: int) -> str:
            """Apply a pattern that parses the whole text at once (kramdown's emphasis);
            when it gives up, its fallback pattern runs the usual way."""
            parts = pattern.apply_text(data)
            if parts is None:
                CALLS["emphasis_fallback"] += 1
                fallback = pattern.fallback
                start_index = 0
                while True:
                    apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
                    data, matched, start_index = apply(
                        fallback, data, pattern_index, start_index)
                    if not matched:
                        return data
            CALLS["whole_text"] += 1
            out: list[str] = []
            for part in parts:
                if isinstance(part, str):
                    out.append(part)
                    continue
                node = part.element()
                for made in node.iter():
                    self._kd_made.add(id(made))
                    self._kd_keep.append(made)
                    self._kd_no_nested_kind(made)
                stash = self._InlineProcessor__stashNode  # type: ignore[attr-defined]
                out.append(stash(node, pattern.type()))
            return "".join(out)

        def _kd_no_nested_kind(self, emph: etree.Element) -> None:
            """kramdown never nests an emphasis in its own kind, even through a link:
            an em/strong built inside the text of a link that sits in an em/strong of
            the same kind goes back to its delimiters and text."""
            for text in (emph.text, *(child.tail for child in emph)):
                for m in _PLACEHOLDER.finditer(text or ""):
                    link = self.stashed_nodes.get(m.group(1))
                    if isinstance(link, str) or link is None or link.tag != "a":
                        continue
                    text = _PLACEHOLDER.sub(
                        lambda p, kind=emph.tag: self._kd_literal(p, kind), link.text or "")
                    if text != link.text:
                        link.text = text
                        self._kd_made.add(id(link))  # its text is not re-parsed for emphasis
                        self._kd_keep.append(link)

        def _kd_literal(self, m: re.Match[str], kind: str) -> str:
            """The placeholder `m` as literal delimiters and text when it stands for a
            childless emphasis of `kind` built by kramdown's parser; else unchanged."""
            node = self.stashed_nodes.get(m.group(1))
            if isinstance(node, str) or node is None or node.tag != kind or len(node):
                return m.group(0)
            delim = node.get("data-kd-delim")
            if not delim:
                return m.group(0)
            delim = delim * (2 if kind == "strong" else 1)
            return f"{delim}{node.text or ''}{delim}"

        def _kd_apply_all(self, pattern: Any, data: str, pattern_index: int) -> str:
            """Apply `pattern` to every match in `data` in one pass.

            Python-Markdown rebuilds the whole text after each match (quadratic
            for text with many matches); this gives the same result with one
            join, for patterns that only look ahead of their match.
            """
            CALLS["apply_all"] += 1
            for exclude in pattern.ANCESTOR_EXCLUDES:
                if exclude.lower() in self.ancestors:
                    return data
            rx = pattern.getCompiledRegExp()
            out: list[str] = []
            done = pos = 0
            while True:
                found = False
                for match in rx.finditer(data, pos):
                    node, start, end = pattern.handleMatch(match, data)
                    if start is not None and end is not None:
                        found = True
                        break
                if not found:
                    break
                if node is None:
                    pos = max(end, pos + 1)
                    continue
                if not isinstance(node, str) and not isinstance(node.text, AtomicString):
                    for child in [node, *node]:
                        if child.text:
                            self.ancestors.append(child.tag.lower())
                            child.text = self._InlineProcessor__handleInline(
                                child.text, pattern_index + 1)
                            self.ancestors.pop()
                        if child.tail:
                            child.tail = self._InlineProcessor__handleInline(
                                child.tail, pattern_index)
                out.append(data[done:start])
                stash = self._InlineProcessor__stashNode  # type: ignore[attr-defined]
                out.append(stash(node, pattern.type()))
                done = end
                pos = max(end, start + 1)
            if not out:
                return data
            out.append(data[done:])
            return "".join(out)

    replace_registered(md.treeprocessors, FastInline(md), "inline")


def fast_delimiter_search(md: Markdown) -> None:
    """Make Python-Markdown's emphasis processor find its next delimiter with a
    regex jump instead of a character-by-character Python loop (same result)."""
    if "em_strong" not in md.inlinePatterns:
        return
    proc = md.inlinePatterns["em_strong"]
    base = type(proc)
    for attr in ("search", "delimiters", "compiled_re"):
        if not hasattr(proc, attr):
            raise UnsupportedMarkdown(f"the emphasis processor has no '{attr}'; the preview "
                                      f"engine supports Markdown {_range()}")

    class FastDelimiterProcessor(base):  # type: ignore[valid-type,misc]
        """Emphasis with the delimiter search done by the regex engine."""

        def search(self, data: str, start: int) -> re.Match[str] | None:
            """The next delimiter run that can open or close, as the base finds it."""
            CALLS["delimiter_search"] += 1
            find = self.compiled_re.search
            delimiters = self.delimiters
            pos = start
            while True:
                hit = find(data, pos)
                if hit is None:
                    return None
                i = hit.start()
                d = delimiters[data[i]]
                m = d.boundary.match(data, i)
                if m is not None and (d.stack or m.lastgroup[0] != "e"):
                    return m
                pos = i + 1

    proc.__class__ = FastDelimiterProcessor


def kramdown_emphasis(md: Markdown) -> None:
    """Put kramdown's emphasis (emphasis.py) in place of `em_strong`, keeping
    Python-Markdown's processor (with the fast search) as its fallback."""
    from markdown.inlinepatterns import InlineProcessor

    from editor.core.render.emphasis import parse

    fallback = md.inlinePatterns["em_strong"]

    class KramdownEmphasis(InlineProcessor):
        """Whole-text emphasis; FastInline calls `apply_text` instead of matching."""

        def __init__(self) -> None:
            super().__init__(r"[*_]", md)
            self.fallback = fallback

        def apply_text(self, data: str) -> Any:
            """The parts of `data` (text and emphasis), or None to use the fallback."""
            return parse(data)

        def handleMatch(  # type: ignore[override]  # noqa: N802
            self, m: re.Match[str], data: str
        ) -> Any:
            """Not used: the whole text is parsed at once."""
            return None, None, None

    replace_registered(md.inlinePatterns, KramdownEmphasis(), "em_strong")


def escape_runs_processor(md: Markdown) -> None:
    """Replace the backslash-escape processor with one that takes a whole run of
    escapes at once (the same text; one placeholder instead of one per escape)."""
    from markdown import util
    from markdown.inlinepatterns import EscapeInlineProcessor

    if "escape" not in md.inlinePatterns:
        return
    chars = "".join(re.escape(c) for c in md.ESCAPED_CHARS)

    class EscapeRuns(EscapeInlineProcessor):
        """`\\*\\_\\[` → the escaped characters, in one match."""

        def handleMatch(  # type: ignore[override]  # noqa: N802
            self, m: re.Match[str], data: str
        ) -> tuple[str | None, int, int]:
            """The STX/ETX-wrapped code points of every escaped character in the run."""
            CALLS["escape_runs"] += 1
            run = m.group(0)
            return "".join(f"{util.STX}{ord(run[i])}{util.ETX}"
                           for i in range(1, len(run), 2)), m.start(0), m.end(0)

    replace_registered(md.inlinePatterns, EscapeRuns(rf"(?:\\[{chars}])+", md), "escape")
