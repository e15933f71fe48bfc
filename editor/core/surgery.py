"""Surgical front-matter edits: rewrite only the changed fields' text, in their own style."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from editor.core import fields, yamlsafe, yamlstyle
from editor.core.yamlstyle import same_value

__all__ = ["SurgeryError", "edit", "same_value"]


class SurgeryError(Exception):
    """The edit cannot be made without damaging the front matter."""


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Entry:
    key: str
    key_node: yaml.Node
    value_node: yaml.Node
    line_start: int  # index of the start of the key's line
    content_end: int  # index just past the value's last character
    span_end: int  # index just past the entry's last line (its newline included)
    alias: bool = False  # the value is an alias (*name) of a node defined elsewhere


def _line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def _line_end(text: str, index: int) -> int:
    """Index just past the line break ending the line that contains ``index``."""
    for i in range(index, len(text)):
        if text[i] == "\n":
            return i + 1
        if text[i] == "\r":
            return i + 2 if text[i + 1 : i + 2] == "\n" else i + 1
    return len(text)


def _content_end(text: str, node: yaml.Node) -> int:
    """Index just past the value's last character: the blank lines and comments that
    follow a block list or map belong to what comes next, not to the value."""
    if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.flow_style \
            and node.value:
        return _collection_end(text, node)
    end = node.end_mark.index
    start = node.start_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") and _keeps(text, node):
        # Keep chomping (|+): the trailing blank lines are part of the value; the
        # last line break stays outside, as for any other value.
        while end > start and text[end - 1] in " \t":
            end -= 1
        if text[end - 1 : end] == "\n":
            end -= 2 if text[end - 2 : end] == "\r\n" else 1
        elif text[end - 1 : end] == "\r":
            end -= 1
        return end
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _keeps(text: str, node: yaml.ScalarNode) -> bool:
    """Whether a block scalar's header asks to keep trailing line breaks (``|+``, ``>2+``)."""
    i = _value_start(text, node) + 1
    header = ""
    while i < len(text) and text[i] not in " \t\r\n#":
        header += text[i]
        i += 1
    return "+" in header


def _collection_end(text: str, node: yaml.SequenceNode | yaml.MappingNode) -> int:
    """End of a block collection's last entry (its own text, not what its end mark spans)."""
    if isinstance(node, yaml.MappingNode):
        key, value = node.value[-1]
        after_key = key.end_mark.index
        if value.start_mark.index < after_key:  # an alias (*name) of a node defined earlier
            return _alias_end(text, after_key)
        return max(_content_end(text, value), after_key)
    items = node.value
    last = items[-1]
    before = _content_end(text, items[-2]) if len(items) > 1 else node.start_mark.index
    if last.start_mark.index < before:  # an alias item
        return _alias_end(text, before)
    return _content_end(text, last)


def _alias_end(text: str, after: int) -> int:
    """End of the first ``*name`` token after index ``after``."""
    star = text.find("*", after)
    if star < 0:
        return after
    end = star
    while end < len(text) and text[end] not in " \t\r\n,]}":
        end += 1
    return end


def _entries(text: str, mapping: yaml.MappingNode) -> list[_Entry]:
    out = []
    for key_node, value_node in mapping.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise SurgeryError("the front matter uses a complex key; edit it as text")
        alias = value_node.start_mark.index < key_node.end_mark.index
        if alias:
            star = text.index("*", key_node.end_mark.index)
            content_end = star
            while content_end < len(text) and text[content_end] not in " \t\r\n,]}":
                content_end += 1
        elif _is_empty(value_node) and value_node.start_mark.line != key_node.end_mark.line:
            content_end = key_node.end_mark.index  # `? key` with no value: its line alone
        else:
            content_end = max(_content_end(text, value_node), key_node.end_mark.index)
        out.append(
            _Entry(
                key=str(key_node.value),
                key_node=key_node,
                value_node=value_node,
                line_start=_line_start(text, key_node.start_mark.index),
                content_end=content_end,
                span_end=_line_end(text, content_end),
                alias=alias,
            )
        )
    return out


def _after_colon(text: str, entry: _Entry) -> int:
    colon = text.find(":", entry.key_node.end_mark.index)
    if colon < 0 or (colon + 1 > entry.value_node.start_mark.index and not entry.alias):
        raise SurgeryError(f"cannot find the ':' after '{entry.key}'")
    return colon + 1


def _is_empty(node: yaml.Node) -> bool:
    return node.start_mark.index == node.end_mark.index


def _value_start(text: str, node: yaml.Node) -> int:
    """Where the value proper starts, after any anchor (&a) or tag (!t) it carries."""
    i = node.start_mark.index
    while i < len(text) and text[i] in "&!":
        while i < len(text) and text[i] not in " \t\r\n":
            i += 1
        while i < len(text) and text[i] in " \t":
            i += 1
    return i


class _Writer:
    """Plans the edits for one mapping (the front matter, or a nested block mapping)."""

    def __init__(self, text: str, newline: str, house: bool) -> None:
        self.text = text
        self.nl = newline
        self.house = house  # False: write every changed value in house style

    # -- values ------------------------------------------------------------------

    def _old_raw(self, node: yaml.Node) -> str:
        return self.text[node.start_mark.index : _content_end(self.text, node)]

    def _inline_scalar(self, key: str, value: Any, old: yaml.Node | None) -> str | None:
        """A scalar written on the key's line, in the old node's style when there is one."""
        style = getattr(old, "style", None) or None if isinstance(old, yaml.ScalarNode) else None
        old_raw = self._old_raw(old) if isinstance(old, yaml.ScalarNode) else None
        if isinstance(value, (dt.date, dt.datetime)):
            shape = yamlstyle.old_scalar_shape(old_raw) if old_raw and self.house else None
            text = yamlstyle.format_datetime(value, shape)
            return text
        if not isinstance(value, str):
            return yamlstyle.scalar_text(value)
        if (
            self.house
            and old is not None
            and style is not None
            and isinstance(old, yaml.ScalarNode)
        ):
            if style == "'":
                return yamlstyle.single_quoted(value) or yamlstyle.double_quoted(value)
            if style == '"':
                return yamlstyle.double_quoted(value)
        if self.house and old is not None and style is None:
            return yamlstyle.plain(value) or yamlstyle.double_quoted(value)
        if old is None and key in fields.house_quoted():
            return yamlstyle.double_quoted(value)
        return yamlstyle.plain(value) or yamlstyle.double_quoted(value)

    def render(
        self, key: str, value: Any, old: yaml.Node | None, key_indent: int
    ) -> tuple[str, bool]:
        """Text for ``value`` after ``key:``; the flag says it is a block (starts on a new line)."""
        child_indent = " " * (key_indent + 2)
        if (
            isinstance(old, yaml.ScalarNode)
            and old.style in ("|", ">")
            and isinstance(value, str)
            and self.house
        ):
            indent = self._block_indent(old) or child_indent
            block = yamlstyle.block_scalar(value, old.style, indent)
            if block is not None:
                return block, False
        if isinstance(value, list):
            return self._render_list(value, old, key_indent)
        if isinstance(value, dict):
            if not value:
                return "{}", False
            return yamlstyle.block_collection(value, child_indent), True
        text = self._inline_scalar(key, value, old)
        return (text or ""), False

    def _block_indent(self, node: yaml.Node) -> str | None:
        """The indentation of a block scalar's first content line."""
        start = _line_end(self.text, node.start_mark.index)
        end = node.end_mark.index
        for line in self.text[start:end].splitlines():
            if line.strip():
                return line[: len(line) - len(line.lstrip(" "))]
        return None

    def _render_list(
        self, value: list[Any], old: yaml.Node | None, key_indent: int
    ) -> tuple[str, bool]:
        quote = None
        if (
            isinstance(old, yaml.SequenceNode)
            and old.value
            and isinstance(old.value[0], yaml.ScalarNode)
        ):
            quote = old.value[0].style or None
        if not self.house:
            quote = None
        scalars = all(not isinstance(v, (dict, list)) for v in value)
        if isinstance(old, yaml.SequenceNode) and not old.flow_style and value and self.house:
            dash_col = old.start_mark.column
            indent = " " * dash_col
            if scalars:
                items = [yamlstyle.item_text(v, quote) for v in value]
                return "".join(f"\n{indent}- {item}" for item in items), True
            return yamlstyle.block_collection(value, indent), True
        if scalars:
            spaced = False
            if isinstance(old, yaml.SequenceNode) and old.flow_style and self.house:
                raw = self._old_raw(old)
                spaced = raw.startswith("[ ") and len(raw) > 3
            flow = yamlstyle.flow_list(value, spaced, quote)
            if flow is not None:
                return flow, False
        return yamlstyle.block_collection(value, " " * (key_indent + 2)), True

    # -- planning ------------------------------------------------------------------

    def replace_value(self, entry: _Entry, value: Any, old_value: Any) -> list[_Edit]:
        """Edits that give ``entry`` the new ``value``."""
        node = entry.value_node
        if (
            self.house
            and isinstance(node, yaml.MappingNode)
            and not node.flow_style
            and isinstance(value, dict)
            and isinstance(old_value, dict)
            and value
            and node.value
        ):
            removed = [k for k in old_value if k not in value]
            return self.plan_mapping(node, old_value, value, removed, house_order=False)
        text, is_block = self.render(
            entry.key, value, None if entry.alias else node, entry.key_node.start_mark.column
        )
        text = text.replace("\n", self.nl)
        if entry.alias:
            start = _after_colon(self.text, entry)
            return [_Edit(start, entry.content_end, ("" if is_block else " ") + text)]
        vstart = _value_start(self.text, node)
        anchored = vstart != node.start_mark.index
        on_key_line = not _is_empty(node) and _line_start(self.text, vstart) == entry.line_start
        if on_key_line and text and not is_block:
            # Same line as before: keep the spacing before the value and any comment after it.
            return [_Edit(vstart, entry.content_end, text)]
        start = vstart if anchored else _after_colon(self.text, entry)
        end = start if _is_empty(node) else entry.content_end
        sep = " " if text and not is_block and not anchored else ""
        return [_Edit(start, end, sep + text)]

    def entry_text(self, key: str, value: Any, indent: int, value_col: int | None) -> str:
        """A whole new ``key: value`` line (or lines), ending with a newline."""
        text, is_block = self.render(key, value, None, indent)
        head = " " * indent + key + ":"
        if is_block:
            line = head + text
        elif not text:
            line = head
        else:
            pad = max(1, (value_col or 0) - indent - len(key) - 1)
            line = head + " " * pad + text
        return line.replace("\n", self.nl) + self.nl

    def plan_mapping(
        self,
        mapping: yaml.MappingNode | None,
        old: Mapping[str, Any],
        changes: Mapping[str, Any],
        remove: Sequence[str],
        house_order: bool,
    ) -> list[_Edit]:
        """Edits for ``changes`` (key -> new value) and ``remove`` in one mapping."""
        entries = _entries(self.text, mapping) if mapping is not None else []
        edits: list[_Edit] = []
        for key in remove:
            for entry in entries:
                if entry.key == key:
                    edits.append(_Edit(entry.line_start, entry.span_end, ""))
        last: dict[str, _Entry] = {e.key: e for e in entries}
        new_keys: list[str] = []
        for key, value in changes.items():
            if key in last:
                if key in old and same_value(old[key], value):
                    continue
                edits.extend(self.replace_value(last[key], value, old.get(key)))
            else:
                new_keys.append(key)
        if new_keys:
            edits.extend(self._insertions(entries, new_keys, changes, remove, house_order))
        return edits

    def _insertions(
        self,
        entries: list[_Entry],
        new_keys: list[str],
        changes: Mapping[str, Any],
        remove: Sequence[str],
        house_order: bool,
    ) -> list[_Edit]:
        kept = [e for e in entries if e.key not in remove]
        # The mapping's own column (a '? key' entry's key stands two columns further in).
        indent = self._mapping_indent(entries)
        value_col = self._aligned_column(kept)
        # The house order (PRODUCT.md G3) comes from the field schema; other keys follow.
        rank = {k: i for i, k in enumerate(fields.house_order())}
        by_position: dict[int, list[str]] = {}
        ordered = (
            sorted(new_keys, key=lambda k: rank.get(k, len(rank)))
            if house_order
            else new_keys
        )
        for key in ordered:
            pos = self._insert_position(kept, key, rank, house_order)
            by_position.setdefault(pos, []).append(key)
        edits = []
        for pos, keys in by_position.items():
            text = "".join(self.entry_text(k, changes[k], indent, value_col) for k in keys)
            if pos == len(self.text) and self.text and not self.text.endswith(("\n", "\r")):
                text = self.nl + text
            edits.append(_Edit(pos, pos, text))
        return edits

    def _mapping_indent(self, entries: list[_Entry]) -> int:
        if not entries:
            return 0
        first = entries[0]
        line = self.text[first.line_start : first.key_node.start_mark.index]
        return len(line) - len(line.lstrip(" ")) if line.strip() in ("", "?") else \
            first.key_node.start_mark.column

    def _insert_position(
        self, kept: list[_Entry], key: str, rank: dict[str, int], house_order: bool
    ) -> int:
        if not kept:
            return len(self.text)
        r = rank.get(key, len(rank))
        if house_order and r < len(rank):
            before = [e for e in kept if rank.get(e.key, len(rank)) < r]
            if before:
                return max(e.span_end for e in before)
            return kept[0].line_start
        return max(e.span_end for e in kept)

    def _aligned_column(self, entries: list[_Entry]) -> int | None:
        """The shared value column when the mapping lines its values up (``layout:     post``)."""
        found = [
            e.value_node.start_mark.column
            for e in entries
            if isinstance(e.value_node, yaml.ScalarNode)
            and not e.alias
            and not _is_empty(e.value_node)
            and e.value_node.start_mark.line == e.key_node.start_mark.line
        ]
        cols = set(found)
        if len(cols) != 1 or len(found) < 2:  # one value says nothing about alignment
            return None
        col = cols.pop()
        widths = [e.key_node.start_mark.column + len(e.key) + 2 for e in entries]
        return col if col > min(widths) else None


def _apply(text: str, edits: list[_Edit]) -> str:
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    for a, b in zip(edits, edits[1:], strict=False):
        if b.start < a.end:
            raise SurgeryError("overlapping edits")
    for e in reversed(edits):
        text = text[: e.start] + e.text + text[e.end :]
    return text


def _subtree(node: yaml.Node) -> list[yaml.Node]:
    """``node`` and every node under it (each once)."""
    out: list[yaml.Node] = []
    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        out.append(n)
        if isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
    return out


def _anchor_used_elsewhere(text: str, root: yaml.MappingNode, key: str, old: Any,
                           new: Any) -> str | None:
    """Why changing or removing ``key`` cannot touch only its own lines: it defines an
    anchor (``&name``) that another field refers to (``*name``), which would change too."""
    if old is not None and new is not None and same_value(old, new):
        return None
    own: yaml.Node | None = None
    span = (0, 0)  # where the field's own text lies: after its key, before the next key
    others: dict[int, str] = {}
    for i, (k, v) in enumerate(root.value):
        name = str(k.value) if isinstance(k, yaml.ScalarNode) else "?"
        if name == key and own is None:
            own = v
            following = root.value[i + 1][0].start_mark.index if i + 1 < len(root.value) \
                else len(text)
            span = (k.end_mark.index, following)
            continue
        for n in _subtree(v):
            others.setdefault(id(n), name)
    if own is None:
        return None
    for n in _subtree(own):
        at = n.start_mark.index
        defined_here = span[0] <= at < span[1] and text[at : at + 1] == "&"
        if id(n) in others and defined_here:
            anchor = text[at + 1 :].split(None, 1)[0] if text[at + 1 :].strip() else ""
            other = others[id(n)]
            return (f"'{key}' defines the anchor &{anchor} that '{other}' refers to "
                    f"(*{anchor}); changing it would change '{other}' too, so edit the front "
                    "matter as text")
    return None


def field_name_problem(key: object) -> str | None:
    """Why ``key`` cannot be written as a new field name (None when it can)."""
    if (
        not isinstance(key, str)
        or not key
        or key != key.strip()
        or any(c in key for c in ":#\n\r")
    ):
        return f"'{key}' cannot be used as a field name"
    return None


def _intended(
    values: Mapping[str, Any], changes: Mapping[str, Any], remove: Sequence[str]
) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k not in remove}
    out.update(changes)
    return out


def edit(
    text: str,
    root: yaml.Node | None,
    values: Mapping[str, Any],
    changes: Mapping[str, Any],
    remove: Sequence[str],
    newline: str = "\n",
) -> str:
    """Return ``text`` (front-matter YAML) with ``changes`` set and ``remove`` deleted.

    Only the text of changed keys is rewritten; new values keep the old
    value's style, new keys go in house order and style. The result is
    re-parsed and must equal the intended mapping, else :class:`SurgeryError`.
    """
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise SurgeryError("the front matter is not a set of 'key: value' fields")
    if root is not None and root.flow_style:
        raise SurgeryError("the front matter is written as a {flow} mapping; edit it as text")
    for key in changes:
        problem = field_name_problem(key)
        if problem is not None:
            raise SurgeryError(problem)
    if root is not None:
        own = {str(k.value) for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
        for key in remove:
            if key not in own and key in values:
                raise SurgeryError(
                    f"'{key}' comes from a merge key (<<: *name), not a line of its own; "
                    "remove it where the anchor (&name) defines it, or edit the front matter "
                    "as text")
        for key in [*remove, *(k for k in changes if k in own)]:
            shared = _anchor_used_elsewhere(text, root, key, values.get(key), changes.get(key))
            if shared is not None:
                raise SurgeryError(shared)
    intended = _intended(values, changes, remove)
    last_error = "the result did not read back as intended"
    for house in (True, False):
        writer = _Writer(text, newline, house)
        new_text = _apply(
            text, writer.plan_mapping(root, values, changes, remove, house_order=True)
        )
        try:
            got, _ = yamlsafe.load(new_text, text_keys=True)
        except yamlsafe.FrontMatterError as exc:
            last_error = f"the result would not parse ({exc})"
            continue
        if same_value(got or {}, intended):
            return new_text
    raise SurgeryError(f"cannot write this value safely: {last_error}")
