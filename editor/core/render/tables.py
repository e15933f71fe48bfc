"""kramdown's table syntax (GFM pipe tables plus kramdown's header/footer separators)."""

from __future__ import annotations

import re

from editor.core.render import syntax as sx
from editor.core.render.nodes import Node

_HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)(?:\s[^<>]*)?>")
_HTML_CODE = re.compile(r"(<code.*?>.*?</code>)")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def parse_table(text: str, pos: int) -> tuple[Node, int] | None:
    """Parse the table starting at `pos`; return it and the end offset, or None."""
    start = pos
    first_line = sx.RE_TABLE_LINE.match(text, pos)
    leading_pipe = bool(first_line and re.match(r"^\s*\|", first_line.group(0)))
    m = sx.RE_TABLE_SEP.match(text, pos)
    if m:
        pos = m.end()
    table = Node("table", opts={"alignment": []})
    rows: list[Node] = []
    has_footer = False
    columns = 0

    def add_container(kind: str, force: bool) -> None:
        nonlocal rows
        if not has_footer or kind != "tbody" or force:
            table.children.append(Node(kind, children=rows))
            rows = []

    while pos < len(text):
        if not sx.RE_TABLE_LINE.match(text, pos):
            break
        m = sx.RE_TABLE_SEP.match(text, pos)
        if m and rows:
            pos = m.end()
            if not table.opts["alignment"] and not has_footer:
                add_container("thead", False)
                table.opts["alignment"] = [
                    _align(left, right) for left, right in sx.RE_TABLE_ALIGN.findall(m.group(1))
                ]
            else:
                add_container("tbody", False)
            continue
        if m:
            pos = m.end()
            continue
        m = sx.RE_TABLE_FSEP.match(text, pos)
        if m:
            pos = m.end()
            if rows:
                add_container("tbody", True)
            has_footer = True
            continue
        m = sx.RE_TABLE_ROW.match(text, pos)
        if not m:
            break
        pos = m.end()
        cells = _split_cells(m.group(1))
        if leading_pipe and cells and not cells[0].strip():
            cells.pop(0)
        if cells and not cells[-1].strip():
            cells.pop()
        row = Node("tr", children=[Node("td", c.strip()) for c in cells])
        columns = max(columns, len(cells))
        rows.append(row)

    if not sx.RE_BLOCK_BOUNDARY.match(text, pos) and pos < len(text):
        return None
    if not _every_line_has_pipe(text[start:pos]):
        return None
    if rows:
        add_container("tfoot" if has_footer else "tbody", False)
    if not any(c.type == "tbody" for c in table.children):
        return None
    for part in table.children:
        for row in part.children:
            row.children.extend(Node("td", "") for _ in range(columns - len(row.children)))
    align = table.opts["alignment"][:columns]
    table.opts["alignment"] = align + ["default"] * (columns - len(align))
    return table, pos


def _align(left: str, right: str) -> str:
    """Column alignment from a separator cell's colons."""
    if not left and not right:
        return "default"
    if not right:
        return "left"
    if not left:
        return "right"
    return "center"


def _split_cells(line: str) -> list[str]:
    """Split a row at unescaped pipes outside code spans and `<code>` elements."""
    cells: list[str] = [""]
    for i, piece in enumerate(_HTML_CODE.split(line)):
        if i % 2:
            cells[-1] += piece
            continue
        pos = 0
        for m in _CODE_SPAN.finditer(piece):
            _split_plain(piece[pos:m.start()], cells)
            cells[-1] += m.group(0)
            pos = m.end()
        _split_plain(piece[pos:], cells)
    return cells


def _split_plain(text: str, cells: list[str]) -> None:
    """Split text without code spans at `|`, turning `\\|` into a literal pipe."""
    parts = text.split("\\|")
    for i, part in enumerate(parts):
        if i:
            cells[-1] += "|"
        pieces = part.split("|")
        cells[-1] += pieces[0]
        cells.extend(pieces[1:])


def _every_line_has_pipe(block: str) -> bool:
    """kramdown's check that each table line has a pipe outside code spans and HTML
    elements (it parses the text for both before looking)."""
    def mask(m: re.Match[str]) -> str:
        return "x" * len(m.group(0).replace("\n", "")) + "\n" * m.group(0).count("\n")

    plain = _CODE_SPAN.sub(mask, block)
    if "</" in plain:
        plain = "\n".join(_mask_elements(line) for line in plain.split("\n"))
    return all(sx.RE_TABLE_PIPE_CHECK.match(line) for line in plain.split("\n") if line)


def _mask_elements(line: str) -> str:
    """`line` with every closed HTML element (tags and content) turned into `x`s, in
    linear time: each closing tag pairs with the nearest unclosed opening tag."""
    opens: dict[str, list[int]] = {}
    depth = [0] * (len(line) + 1)
    found = False
    for m in _HTML_TAG.finditer(line):
        name = m.group(2).lower()
        if not m.group(1):
            opens.setdefault(name, []).append(m.start())
        elif opens.get(name):
            depth[opens[name].pop()] += 1
            depth[m.end()] -= 1
            found = True
    if not found:
        return line
    out = []
    level = 0
    for i, ch in enumerate(line):
        level += depth[i]
        out.append("x" if level > 0 else ch)
    return "".join(out)
