"""Writing YAML values as text in a given style: plain, quoted, block, flow, date shapes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A YAML 1.1 timestamp as written in front matter, with the parts whose shape
# we copy when writing a new date in the style of an old one.
DATE_RE = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?P<sep>[Tt]|[ \t]+)(?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2})(?P<frac>\.\d*)?"
    r"(?:(?P<tzsp>[ \t]*)(?P<tz>Z|[-+]\d{1,2}(?::?\d{2})?))?)?$"
)


def same_value(a: Any, b: Any) -> bool:
    """Deep equality that also compares types (``True`` is not ``1``, a date is not a datetime)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dt.datetime):
        return (
            a == b and (a.tzinfo is None) == (b.tzinfo is None) and a.utcoffset() == b.utcoffset()
        )
    return bool(a == b)


def _loads(text: str) -> Any:
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def reads_back(text: str, value: Any, flow: bool = False) -> bool:
    """Whether ``text`` as a mapping value (or flow-list item) loads as ``value``."""
    doc = f"k: [{text}]" if flow else f"k: {text}"
    try:
        got = _loads(doc)
    except yaml.YAMLError:
        return False
    if not isinstance(got, dict) or "k" not in got:
        return False
    return same_value(got["k"], [value] if flow else value)


def double_quoted(s: str) -> str:
    """``s`` as a YAML double-quoted scalar on one line (non-ASCII kept as is)."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif (
            ord(ch) < 0x20
            or ord(ch) == 0x7F
            or 0x80 <= ord(ch) < 0xA0
            or ch in "\u2028\u2029\ufeff"
        ):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def single_quoted(s: str) -> str | None:
    """``s`` as a single-quoted scalar, or None when it cannot be written that way on one line."""
    if any(ord(c) < 0x20 or c in "\u2028\u2029\x85\ufeff" for c in s):
        return None
    return "'" + s.replace("'", "''") + "'"


def plain(s: str, flow: bool = False) -> str | None:
    """``s`` as a plain scalar, or None when YAML would read it as something else."""
    if not s or s != s.strip() or "\n" in s or "\r" in s:
        return None
    if s[0] in "\"'" or (flow and any(c in s for c in ",[]{}")):
        return None
    return s if reads_back(s, s, flow) else None


def scalar_text(value: Any) -> str:
    """A non-string scalar (number, bool, null, date) in YAML's canonical spelling."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return format_datetime(value, None)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _offset_text(offset: dt.timedelta, shape: str | None) -> str:
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0 and shape == "Z":
        return "Z"
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(abs(minutes), 60)
    if shape and re.fullmatch(r"[-+]\d{1,2}", shape) and m == 0:
        return f"{sign}{h:0{len(shape) - 1}d}"
    if shape and re.fullmatch(r"[-+]\d{4}", shape):
        return f"{sign}{h:02d}{m:02d}"
    return f"{sign}{h:02d}:{m:02d}"


def format_datetime(value: dt.datetime | dt.date, old: str | None) -> str:
    """Write ``value`` in the shape of the old timestamp text ``old`` (house shape if None).

    House shape is ``2025-08-30T23:34:44`` (plus ``+HH:MM`` when it has an offset).
    """
    shape = DATE_RE.match(old.strip()) if old else None
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    date_part = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if shape is None:
        sep, hour_width, frac, tzsp, tz = "T", 2, "", "", "+00:00"
    else:
        sep = shape["sep"] or "T"
        hour_width = len(shape["h"]) if shape["h"] else 2
        frac = shape["frac"] or ""
        tzsp = shape["tzsp"] or ""
        tz = shape["tz"] or "+00:00"
    text = f"{date_part}{sep}{value.hour:0{hour_width}d}:{value.minute:02d}:{value.second:02d}"
    if frac or value.microsecond:
        digits = max(len(frac) - 1, 1)
        micro = f"{value.microsecond:06d}"
        text += "." + (micro[:digits] if int(micro[digits:] or 0) == 0 else micro.rstrip("0"))
    offset = value.utcoffset()
    if offset is not None:
        text += tzsp + _offset_text(offset, tz)
    return text


def old_scalar_shape(raw: str) -> str | None:
    """The date shape of an old scalar's source text, if it is a timestamp."""
    raw = raw.strip().strip("'\"")
    return raw if DATE_RE.match(raw) else None


def block_scalar(s: str, indicator: str, indent: str) -> str | None:
    """``s`` as a literal (``|``) or folded (``>``) block scalar; None when that cannot hold it."""
    if not s or s[0] in " \t" or any(line.startswith((" ", "\t")) for line in s.split("\n")):
        return None
    if any(ord(c) < 0x20 and c not in "\n\t" for c in s):
        return None
    body = s.rstrip("\n")
    trailing = len(s) - len(body)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    lines = body.split("\n")
    if indicator == ">":
        # Folding joins single line breaks; a blank line stands for one "\n".
        out: list[str] = []
        for i, line in enumerate(lines):
            if i and lines[i - 1] != "" and line != "":
                out.append("")
            out.append(line)
        lines = out
    text = indicator + chomp + "".join("\n" + (indent + ln if ln else "") for ln in lines)
    if chomp == "+":
        text += "\n" * (trailing - 1)
    return text


def flow_list(items: list[Any], spaced: bool, quote: str | None) -> str | None:
    """A list of scalars as a flow sequence ``[a, b]`` (``[ a, b ]`` when ``spaced``)."""
    parts: list[str] = []
    for item in items:
        if isinstance(item, (dict, list)):
            return None
        parts.append(item_text(item, quote))
    if not parts:
        return "[]"
    inner = ", ".join(parts)
    return f"[ {inner} ]" if spaced else f"[{inner}]"


def item_text(item: Any, quote: str | None) -> str:
    """One scalar inside a flow or block list, quoted like its neighbours when they were."""
    if not isinstance(item, str):
        return scalar_text(item) or "null"
    if quote == "'":
        sq = single_quoted(item)
        if sq is not None:
            return sq
    if quote == '"':
        return double_quoted(item)
    return plain(item, flow=True) or double_quoted(item)


def block_collection(value: dict[str, Any] | list[Any], indent: str) -> str:
    """A nested mapping or list in block style, each line starting with ``indent``.

    The text starts with a newline, ready to follow ``key:``.
    """
    text = yaml.safe_dump(
        value,
        default_flow_style=False,
        allow_unicode=True,
        sort_keys=False,
        width=10**9,
    )
    lines = text.rstrip("\n").split("\n")
    return "".join("\n" + indent + line for line in lines)
