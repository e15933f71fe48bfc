"""kramdown's block-level parser (GFM input, Jekyll's options) producing a small node tree."""

from __future__ import annotations

import re
from typing import Any

from editor.core.render import syntax as sx
from editor.core.render.nodes import DocState, Node
from editor.core.render.safety import MAX_NESTING


def normalize_link_id(text: str) -> str:
    """kramdown's link id normal form: whitespace runs folded, lower case."""
    return re.sub(r"\s+", " ", text).lower()


class _Src:
    """A text and a scan position, like Ruby's StringScanner."""

    __slots__ = ("text", "pos", "m")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.m: re.Match[str] | None = None

    def check(self, rx: re.Pattern[str]) -> re.Match[str] | None:
        self.m = rx.match(self.text, self.pos)
        return self.m

    def scan(self, rx: re.Pattern[str]) -> str | None:
        m = rx.match(self.text, self.pos)
        self.m = m
        if m is None:
            return None
        self.pos = m.end()
        return m.group(0)

    def eos(self) -> bool:
        return self.pos >= len(self.text)

    def anchor(self) -> None:
        """Make the scan position a line start.

        Ruby's StringScanner lets `^` match at the scan position, so text left
        after an HTML end tag parses as if it began a line; cut it off to match.
        """
        if 0 < self.pos < len(self.text) and self.text[self.pos - 1] != "\n":
            self.text = self.text[self.pos:]
            self.pos = 0


class BlockParser:
    """Parse Markdown text into block nodes the way kramdown's GFM parser does."""

    def __init__(self, state: DocState) -> None:
        """Start a parser that records global definitions into `state`."""
        self.state = state
        self._block_ial: dict[str, object] | None = None
        # Nesting of containers being parsed; at MAX_NESTING openers are text.
        self.depth = 0
        self._handlers = [(getattr(self, "_p_" + name), _FIRST_CHARS.get(name))
                          for name in _ORDER]
        self._fence_text: str | None = None
        self._fence_failed: dict[str, int] = {}

    def _capped(self) -> bool:
        """True when no further container may open (deeper openers stay text); records in
        the state that some opener was left as text."""
        if self.depth < MAX_NESTING:
            return False
        self.state.nesting_capped = True
        return True

    def parse(self, text: str) -> list[Node]:
        """Parse a whole document (or a nested container's text) into nodes."""
        root = Node("root")
        self._parse_blocks(root, _adapt(text))
        return root.children

    # -- driver -------------------------------------------------------------

    def _parse_blocks(self, parent: Node, text: str, stop_tag: str | None = None) -> bool:
        """Parse `text` into `parent`; with `stop_tag`, stop at its closing tag (True)."""
        src = _Src(text)
        saved_ial, self._block_ial = self._block_ial, None
        self.depth += 1
        try:
            found = self._run(parent, src, stop_tag)
        finally:
            self.depth -= 1
        self._block_ial = saved_ial
        return found

    def _parse_nested(self, parent: Node, src: _Src, stop_tag: str) -> bool:
        """Parse an HTML element's block body from the same source up to its end tag."""
        saved_ial, self._block_ial = self._block_ial, None
        self.depth += 1
        try:
            found = self._run(parent, src, stop_tag)
        finally:
            self.depth -= 1
        self._block_ial = saved_ial
        return found

    def _run(self, parent: Node, src: _Src, stop_tag: str | None) -> bool:
        """The block loop over `src`; returns True when `stop_tag` closed."""
        kids = parent.children
        handlers = self._handlers
        while not src.eos():
            src.anchor()
            handled = False
            text, pos = src.text, src.pos
            lead = _LEAD.match(text, pos).end()  # type: ignore[union-attr]
            first = text[lead] if lead < len(text) else "\n"
            indented = text[pos] in " \t"
            for handler, chars in handlers:
                # Skip a block type whose syntax cannot start with this character.
                if chars is not None and first not in chars and not (
                        chars == _INDENTED and indented):
                    continue
                result = handler(src, kids, stop_tag)
                if result == "stop":
                    return True
                if result:
                    handled = True
                    break
            if not handled:
                # Text left mid-line (after an HTML block's end tag) joins the parent as is.
                line = src.scan(sx.RE_LINE)
                if line is None:
                    line = src.text[src.pos:]
                    src.pos = len(src.text)
                kids.append(Node("text", line))
        return False

    def _new(self, type_: str, value: Any = None, **opts: Any) -> Node:
        """A block node, taking a pending block IAL (like kramdown's new_block_el)."""
        node = Node(type_, value, opts=opts)
        if self._block_ial is not None and type_ not in ("blank", "eob"):
            node.opts["ial"] = self._block_ial
            self._block_ial = None
        return node

    @staticmethod
    def _after_boundary(kids: list[Node]) -> bool:
        """True when the previous node allows a block needing a boundary to start."""
        return not kids or kids[-1].type == "blank" or (
            kids[-1].type == "eob" and kids[-1].value is None)

    # -- simple blocks ------------------------------------------------------

    def _p_blank(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        text = src.scan(sx.RE_BLANK)
        if text is None:
            return False
        if kids and kids[-1].type == "blank":
            kids[-1].value += text
        else:
            kids.append(Node("blank", text))
        return True

    def _p_codeblock(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        if not src.check(sx.RE_INDENT):
            return False
        data = src.scan(sx.RE_CODEBLOCK)
        if not data:
            return False
        data = re.sub(r"\n( {0,3}\S)", r" \1", data)
        data = sx.RE_INDENT.sub("", data)
        kids.append(self._new("codeblock", data))
        return True

    def _p_fenced(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        start = src.check(sx.RE_FENCE_START)
        if start is None:
            return False
        # An unclosed fence makes the regex scan to the end of the text; remember
        # opener lines that found no end, and give up on absurdly long fences.
        line_end = src.text.find("\n", src.pos)
        line = src.text[src.pos:line_end if line_end >= 0 else len(src.text)].lstrip(" ")
        if len(line) - len(line.lstrip("`~")) > _MAX_FENCE:
            return False
        text_id = id(src.text)
        if self._fence_text is not src.text:
            self._fence_text, self._fence_failed = src.text, {}
        failed_at = self._fence_failed.get(line)
        if failed_at is not None and failed_at <= src.pos:
            return False
        if failed_at is None and len(self._fence_failed) >= _MAX_OPEN_FENCES:
            return False
        m = src.check(sx.RE_FENCE)
        if m is None:
            if id(src.text) == text_id:
                self._fence_failed[line] = src.pos
            return False
        src.pos = m.end()
        node = self._new("codeblock", m.group(5))
        lang = (m.group(3) or "").strip()
        if lang:
            node.opts["lang"] = lang
            node.attr["class"] = "language-" + m.group(4)
        kids.append(node)
        return True

    def _p_blockquote(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        if not src.check(sx.RE_BLOCKQUOTE) or self._capped():
            return False
        start = src.pos
        src.scan(sx.RE_LINE)
        while not src.check(sx.RE_LAZY_END):
            if src.scan(sx.RE_LINE) is None:
                break
        text = sx.RE_BLOCKQUOTE.sub("", src.text[start:src.pos])
        node = self._new("blockquote")
        kids.append(node)
        self._parse_blocks(node, text)
        return True

    def _p_atx(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        m = src.check(sx.RE_ATX)
        if m is None:
            return False
        text, hid = _header_contents(m.group(2))
        stripped = re.sub(r"[\t ]#+\Z", "", text)
        if stripped != text:
            text = stripped.rstrip()
        if not text:
            return False
        src.pos = m.end()
        self._add_header(kids, len(m.group(1)), text, hid)
        return True

    def _p_setext(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        if not self._after_boundary(kids):
            return False
        m = src.check(sx.RE_SETEXT)
        if m is None:
            return False
        text, hid = _header_contents(m.group(1))
        if not text:
            return False
        src.pos = m.end()
        self._add_header(kids, 2 if m.group(2) == "-" else 1, text, hid)
        return True

    def _add_header(self, kids: list[Node], level: int, text: str, hid: str | None) -> None:
        node = self._new("header", text, level=level, raw_text=text)
        if hid:
            node.attr["id"] = hid
        if not self.state.auto_ids:
            node.opts["auto_id"] = False
        kids.append(node)

    def _p_hr(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        if src.scan(sx.RE_HR) is None:
            return False
        kids.append(self._new("hr"))
        return True

    def _p_eob(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        if src.scan(sx.RE_EOB) is None:
            return False
        kids.append(Node("eob"))
        return True

    def _p_math(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        m = src.check(sx.RE_BLOCK_MATH)
        if m is None or not self._after_boundary(kids):
            return False
        if m.group(1):
            return False
        end = m.end()
        if not sx.RE_BLOCK_BOUNDARY.match(src.text, end) and end < len(src.text):
            return False
        src.pos = end
        kids.append(self._new("math", m.group(2).strip()))
        return True

    # -- definitions ----------------------------------------------------------

    def _p_footnote_def(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        m = src.check(sx.RE_FOOTNOTE_DEF)
        if m is None or self._capped():
            return False
        src.pos = m.end()
        node = Node("footnote_def")
        self._parse_blocks(node, sx.RE_INDENT.sub("", m.group(2)))
        self.state.footnotes.setdefault(m.group(1), node)
        kids.append(Node("eob", "footnote_def"))
        return True

    def _p_link_def(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        m = src.check(sx.RE_LINK_DEF)
        if m is None or re.search(r"[ \t]+[\"']", m.group(3) or ""):
            return False
        src.pos = m.end()
        link_id = normalize_link_id(m.group(1))
        if not link_id.startswith("^"):
            url = m.group(2) if m.group(2) is not None else m.group(3)
            self.state.link_defs[link_id] = (url or "", m.group(5))  # the later one wins
        kids.append(self._new("eob", "link_def"))
        kids[-1].opts["link_id"] = link_id
        return True

    def _p_abbrev_def(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        m = src.check(sx.RE_ABBREV_DEF)
        if m is None:
            return False
        src.pos = m.end()
        self.state.abbrevs[m.group(1).strip()] = m.group(2).strip()
        kids.append(Node("eob", "abbrev_def"))
        return True

    def _p_extensions(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        m = src.check(sx.RE_ALD)
        if m is not None:
            src.pos = m.end()
            sx.parse_attribute_list(m.group(2), self.state.alds.setdefault(m.group(1), {}))
            kids.append(Node("eob", "ald"))
            return True
        m = src.check(sx.RE_EXT_BLOCK)
        if m is not None:
            return self._extension(src, kids, m)
        m = src.check(sx.RE_IAL_BLOCK)
        if m is None:
            return False
        src.pos = m.end()
        link_id = kids[-1].opts.get("link_id") if kids and kids[-1].type == "eob" else None
        if link_id is not None:  # an IAL on a link definition: for the links using it
            sx.parse_attribute_list(m.group(1), self.state.link_ials.setdefault(
                str(link_id), {}))
        elif kids and kids[-1].type not in ("blank", "eob"):
            sx.parse_attribute_list(m.group(1), kids[-1].opts.setdefault("ial", {}))
            if not src.check(sx.RE_IAL_BLOCK):
                kids.append(Node("eob", "ial"))
        else:
            self._block_ial = {}
            sx.parse_attribute_list(m.group(1), self._block_ial)
        return True

    def _extension(self, src: _Src, kids: list[Node], m: re.Match[str]) -> bool:
        """`{::comment}`, `{::nomarkdown}`, `{::options}` block extensions."""
        name, closed = m.group(1), bool(m.group(3))
        body = ""
        end = m.end()
        if not closed:
            stop = re.compile(rf"^{sx.OPT_SPACE}\{{:/({name})?\}}[ \t]*\n", re.M)
            sm = stop.search(src.text, end)
            if sm is None:
                return False
            body = src.text[end:sm.start()]
            end = sm.end()
        if name == "comment":
            kids.append(Node("comment", body))
        elif name == "nomarkdown":
            attrs: dict[str, object] = {}
            sx.parse_attribute_list(m.group(2) or "", attrs)
            if str(attrs.get("type", "html")) == "html":  # other types are for other outputs
                kids.append(Node("raw", body.rstrip("\n")))
        elif name == "options":
            options: dict[str, object] = {}
            sx.parse_attribute_list(m.group(2) or "", options)
            if "auto_ids" in options:
                self.state.auto_ids = str(options["auto_ids"]).strip() not in ("false", "")
            kids.append(Node("eob", "extension"))
        else:
            return False
        src.pos = end
        return True

    # -- lists ----------------------------------------------------------------

    def _p_list(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        if not src.check(sx.RE_LIST_START) or self._capped():
            return False
        is_ul = src.check(sx.RE_UL) is not None
        list_re = sx.RE_UL if is_ul else sx.RE_OL
        lst = self._new("ul" if is_ul else "ol")
        item: Node | None = None
        content_re = lazy_re = indent_re = None
        eob_found = nested_found = last_blank = False
        while not src.eos():
            if last_blank and src.check(sx.RE_HR):
                break
            if src.scan(sx.RE_EOB) is not None:
                eob_found = True
                break
            m = src.check(list_re)
            if m is not None:
                src.pos = m.end()
                item = Node("li")
                first, indent, content_re, lazy_re, indent_re = _first_list_line(
                    len(m.group(1)), m.group(2))
                lst.children.append(item)
                im = _LIST_ITEM_IAL.match(first)
                if im:
                    sx.parse_attribute_list(im.group(1), item.opts.setdefault("ial", {}))
                    first = first[im.end():]
                marker = r"[+*-]" if is_ul else r"\d+\."
                list_re = re.compile(rf"^( {{0,{min(3, indent - 1)}}}{marker})([\t| ].*?\n)", re.M)
                nested_found = bool(sx.RE_LIST_START.match(first))
                last_blank = False
                item.value = [[first]]  # chunks of line pieces (joined once)
                continue
            assert content_re is not None and lazy_re is not None and indent_re is not None
            result = src.scan(content_re)
            if result is None and not last_blank:
                result = src.scan(lazy_re)
            if result is not None and item is not None:
                result = re.sub(r"^(\t+)", lambda t: " " * 4 * len(t.group(1)), result)
                indent_found = indent_re.match(result) is not None
                if indent_found:
                    result = result[indent_re.match(result).end():]  # type: ignore[union-attr]
                if not nested_found and indent_found and sx.RE_LIST_START.match(result):
                    item.value.append([])
                    nested_found = True
                elif nested_found and not indent_found and sx.RE_LIST_START.match(result):
                    result = " " * (indent + 4) + result
                item.value[-1].append(result)
                last_blank = False
                continue
            blank = src.scan(sx.RE_BLANK)
            if blank is not None and item is not None:
                nested_found = True
                last_blank = True
                item.value[-1].append(blank)
                continue
            break
        kids.append(lst)
        last: Node | None = None
        for it in lst.children:
            temp = Node("temp")
            for chunk in it.value:
                self._parse_blocks(temp, "".join(chunk))
            it.children = temp.children
            it.value = None
            ch = it.children
            if not ch:
                continue
            if (ch[0].type == "p" and len(ch) >= 2 and ch[1].type == "eob"
                    and ch[0].opts.get("ial")):
                del ch[1]
            if ch[0].type == "p" and (
                len(ch) < 2 or ch[1].type != "blank"
                or (it is lst.children[-1] and len(ch) == 2 and not eob_found)
            ) and (
                lst.children[-1] is not it or len(lst.children) == 1
                or any(not c.children or c.children[0].type != "p"
                       or c.children[0].opts.get("transparent") for c in lst.children[:-1])
            ):
                ch[0].opts["transparent"] = True
            last = ch.pop() if ch[-1].type == "blank" else None
        self._task_list(lst)
        if last is not None and not eob_found:
            kids.append(last)
        return True

    @staticmethod
    def _task_list(lst: Node) -> None:
        """GFM task lists: `[ ]`/`[x]` at the start of an item's first paragraph."""
        is_task = False
        for li in lst.children:
            if not li.children or li.children[0].type != "p":
                continue
            para = li.children[0]
            text, n1 = re.subn(r"\A\s*\[ \]\s+", _BOX_OPEN, para.value)
            text, n2 = re.subn(r"\A\s*\[x\]\s+", _BOX_DONE, text, flags=re.I)
            para.value = text
            is_task = is_task or bool(n1 or n2)
            if is_task:
                li.attr["class"] = "task-list-item"
        if is_task:
            lst.attr["class"] = "task-list"

    def _p_deflist(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        if not src.check(sx.RE_DL) or self._capped():
            return False
        if not kids or (len(kids) == 1 and kids[-1].type != "p") or (
            len(kids) >= 2 and kids[-1].type != "p" and (
                kids[-1].type != "blank" or kids[-1].value != "\n" or kids[-2].type != "p")):
            return False
        first_as_para = False
        para = kids.pop()
        if para.type == "blank":
            para = kids.pop()
            first_as_para = True
        dl = Node("dl", opts={"ial": para.opts.get("ial")} if para.opts.get("ial") else {})
        for term in para.value.split("\n"):
            dt = Node("dt", term)
            im = _LIST_ITEM_IAL.match(term)  # `{:.cls} term`: the term's own IAL
            if im:
                sx.parse_attribute_list(im.group(1), dt.opts.setdefault("ial", {}))
                dt.value = term[im.end():]
            dl.children.append(dt)
        def_re = sx.RE_DL
        item: Node | None = None
        content_re = lazy_re = indent_re = None
        last_blank = False
        while not src.eos():
            m = src.check(def_re)
            if m is not None:
                src.pos = m.end()
                item = Node("dd", opts={"first_as_para": first_as_para})
                first, indent, content_re, lazy_re, indent_re = _first_list_line(
                    len(m.group(1)), m.group(2))
                im = _LIST_ITEM_IAL.match(first)  # `: {:.cls} definition`
                if im:
                    sx.parse_attribute_list(im.group(1), item.opts.setdefault("ial", {}))
                    first = first[im.end():]
                item.value = [first]  # line pieces (joined once)
                dl.children.append(item)
                def_re = re.compile(rf"^( {{0,{min(3, indent - 1)}}}:)([\t| ].*?\n)", re.M)
                first_as_para = last_blank = False
                continue
            if src.check(sx.RE_EOB):
                break
            assert content_re is not None and lazy_re is not None and indent_re is not None
            result = src.scan(content_re)
            if result is None and not last_blank:
                result = src.scan(lazy_re)
            if result is not None and item is not None:
                result = re.sub(r"^(\t+)", lambda t: " " * 4 * len(t.group(1)), result)
                result = indent_re.sub("", result, count=1)
                item.value.append(result)
                first_as_para = last_blank = False
                continue
            blank = src.scan(sx.RE_BLANK)
            if blank is not None and item is not None:
                first_as_para = True
                item.value.append(blank)
                last_blank = True
                continue
            break
        last: Node | None = None
        for it in dl.children:
            if it.type == "dt":
                continue
            self._parse_blocks(it, "".join(it.value))
            it.value = None
            if not it.children:
                continue
            last = it.children.pop() if it.children[-1].type == "blank" else None
            if it.children and it.children[0].type == "p" and not it.opts.pop("first_as_para"):
                it.children[0].opts["transparent"] = True
        if kids and kids[-1].type == "dl":
            kids[-1].children.extend(dl.children)
        elif len(kids) >= 2 and kids[-1].type == "blank" and kids[-2].type == "dl":
            kids.pop()  # kramdown: a blank line between definitions keeps one list
            kids[-1].children.extend(dl.children)
        else:
            kids.append(dl)
        if last is not None:
            kids.append(last)
        return True

    # -- tables ---------------------------------------------------------------

    def _p_table(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        from editor.core.render.tables import parse_table

        if not self._after_boundary(kids) or not src.check(sx.RE_TABLE_START):
            return False
        result = parse_table(src.text, src.pos)
        if result is None:
            return False
        node, end = result
        if self._block_ial is not None:
            node.opts["ial"], self._block_ial = self._block_ial, None
        src.pos = end
        kids.append(node)
        return True

    # -- HTML -----------------------------------------------------------------

    def _p_html(self, src: _Src, kids: list[Node], stop: str | None) -> bool | str:
        from editor.core.render.htmlblocks import parse_block_html

        if not src.check(sx.RE_HTML_BLOCK_START) or self._capped():
            return False
        return parse_block_html(self, src, kids, stop)

    # -- paragraph --------------------------------------------------------------

    def _p_paragraph(self, src: _Src, kids: list[Node], _stop: str | None) -> bool:
        if not src.check(sx.RE_PARAGRAPH_START):
            return False
        start = src.pos
        src.scan(sx.RE_LINE)
        while not src.check(sx.RE_PARAGRAPH_END):
            if src.scan(sx.RE_LINE) is None:
                break
        text = src.text[start:src.pos].rstrip()
        if kids and kids[-1].type == "p":
            joiner = "  \n" if src.text[max(0, start - 3):start] == "  \n" else "\n"
            kids[-1].value += joiner + text
        else:
            kids.append(self._new("p", text.lstrip()))
        return True


_ORDER = (
    "blank", "codeblock", "fenced", "blockquote", "atx", "hr", "list", "deflist", "html",
    "setext", "table", "footnote_def", "link_def", "abbrev_def", "extensions", "math", "eob",
    "paragraph",
)

# The characters a block type's first line can start with (after blanks); block
# types not listed can start with anything.
_INDENTED = ""
_FIRST_CHARS = {
    "blank": "\n", "codeblock": _INDENTED, "fenced": "`~", "blockquote": ">", "atx": "#",
    "hr": "-*_", "list": "+*-0123456789", "deflist": ":", "html": "<",
    "footnote_def": "[", "link_def": "[", "abbrev_def": "*", "extensions": "{",
    "math": "$\\", "eob": "^",
}
_LEAD = re.compile(r"[ \t]*")

# Longest fence run accepted, and how many different unclosed fence lines one text
# may try (each try scans to the end of the text).
_MAX_FENCE = 32
_MAX_OPEN_FENCES = 16

_BOX_OPEN = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />'
_BOX_DONE = ('<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" '
             'checked="checked" />')
_LIST_ITEM_IAL = re.compile(rf"^\s*(?:\{{:(?!(?:{sx.ALD_ID_NAME})?:|/)({sx.ALD_ANY_CHARS}+)\}})\s*")
_LIST_ITEM_IAL_CHECK = re.compile(
    rf"^(?:\s*(?:\{{:(?!(?:{sx.ALD_ID_NAME})?:|/)({sx.ALD_ANY_CHARS}+)\}})\s*)?\s*\n")
_LINE_RES: dict[int, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = {}


def _first_list_line(
    indentation: int, content: str
) -> tuple[str, int, re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The first line of a list item: its content and the regexes for its other lines."""
    if _LIST_ITEM_IAL_CHECK.match(content):
        indentation = 4
    else:
        while (tabs := re.match(r"^( *)(\t+)", content)) is not None:
            temp = len(tabs.group(1)) + indentation
            spaces = " " * (4 - (temp % 4) + (len(tabs.group(2)) - 1) * 4)
            content = tabs.group(1) + spaces + content[tabs.end():]
        indentation += len(re.match(r"^ *", content).group(0))  # type: ignore[union-attr]
    content = re.sub(r"^\s*", "", content, count=1)
    if indentation not in _LINE_RES:
        q, r = divmod(indentation, 4)
        content_re = re.compile(
            rf"^(?:(?:\t| {{4}}){{{q}}} {{{r}}}|(?:\t| {{4}}){{{q + 1}}}).*\S.*\n", re.M)
        lazy_re = re.compile(
            rf"(?!^ {{0,{min(indentation, 3)}}}(?:{sx.IAL_BLOCK}|{sx.LAZY_END_HTML_STOP}"
            rf"|{sx.LAZY_END_HTML_START})).*\S.*\n", re.M)
        indent_re = re.compile(rf"^ {{{indentation}}}")
        _LINE_RES[indentation] = (content_re, lazy_re, indent_re)
    return (content, indentation, *_LINE_RES[indentation])


def _header_contents(text: str) -> tuple[str, str | None]:
    """Header text without trailing blanks and `{#id}`, and that id."""
    text = text.rstrip()
    m = sx.RE_HEADER_ID.search(text)
    if m:
        return text[:m.start()].rstrip(), m.group(1)
    return text, None


def _adapt(text: str) -> str:
    """kramdown's source adaptation: LF newlines and a final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"
