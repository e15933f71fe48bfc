"""kramdown's table of contents: the list marked `{:toc}` replaced by links to the headers.

As kramdown's HTML converter (`generate_toc_tree`): every header with an id (levels 1-6,
not of class `no_toc`) in document order, nested by level, in a list of the marked
list's type with id `markdown-toc` (unless the IAL gives one); each entry links to
`#id` with id `markdown-toc-id`, its text the header's content without footnote
markers and with links unwrapped.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor

from editor.core.render.convert import TOC_ATTR

_HEADER = re.compile(r"h[1-6]\Z")


class TocProcessor(Treeprocessor):
    """Replace the first `{:toc}` list with the table of contents."""

    def run(self, root: etree.Element) -> None:
        """Build the contents from the headers (ids are final by now)."""
        found = None
        for parent in root.iter():
            for child in parent:
                if child.attrib.pop(TOC_ATTR, None) is not None and found is None:
                    found = (child, parent)
        if found is None:
            return
        marked, parent = found
        kind = marked.tag if marked.tag in ("ul", "ol") else "ul"
        attrs = {k: v for k, v in marked.attrib.items()}
        attrs.setdefault("id", "markdown-toc")
        headers = [h for h in root.iter() if _HEADER.match(str(h.tag)) and h.get("id")
                   and not re.search(r"\bno_toc\b", h.get("class", ""))]
        toc = etree.Element(kind, attrs)
        toc.tail = marked.tail
        stack: list[tuple[int, etree.Element]] = []  # (level, li)
        for header in headers:
            level = int(str(header.tag)[1])
            li = etree.Element("li")
            a = etree.SubElement(li, "a", {"href": f"#{header.get('id')}",
                                           "id": f"{attrs['id']}-{header.get('id')}"})
            _copy_content(header, a)
            while stack and stack[-1][0] >= level:
                stack.pop()
            if stack:
                holder = stack[-1][1].find(kind)
                if holder is None:
                    holder = etree.SubElement(stack[-1][1], kind)
                holder.append(li)
            else:
                toc.append(li)
            stack.append((level, li))
        index = list(parent).index(marked)
        if len(toc):
            parent[index] = toc
        else:
            parent.remove(marked)


def _copy_content(header: etree.Element, into: etree.Element) -> None:
    """The header's content into `into`, without footnote markers, links unwrapped."""
    into.text = header.text
    for child in header:
        if child.tag == "sup" and child.get("role") == "doc-noteref":
            _append_text(into, child.tail)
            continue
        dup = copy.deepcopy(child)
        dup.attrib.pop("id", None)
        into.append(dup)
    for a in list(into.iter("a")):
        if a is not into:
            _unwrap(into, a)


def _append_text(el: etree.Element, text: str | None) -> None:
    """Add `text` after the last content of `el`."""
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _unwrap(root: etree.Element, target: etree.Element) -> None:
    """Replace `target` (somewhere under `root`) by its content."""
    for parent in root.iter():
        kids = list(parent)
        if target in kids:
            i = kids.index(target)
            prev_text = (kids[i - 1].tail if i else parent.text) or ""
            joined = prev_text + (target.text or "")
            if i:
                kids[i - 1].tail = joined
            else:
                parent.text = joined
            parent.remove(target)
            for j, child in enumerate(list(target)):
                parent.insert(i + j, child)
            last = parent[i + len(target) - 1] if len(target) else None
            if last is not None:
                last.tail = (last.tail or "") + (target.tail or "")
            elif i:
                kids[i - 1].tail = (kids[i - 1].tail or "") + (target.tail or "")
            else:
                parent.text = (parent.text or "") + (target.tail or "")
            return
