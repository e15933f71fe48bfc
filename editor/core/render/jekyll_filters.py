"""Jekyll's Liquid filters (URL, date, escaping, JSON, slug, markdownify...)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from editor.core.render.jekyll_data import ruby_time, to_time

if TYPE_CHECKING:
    from editor.core.site_model import Site


def filters(site: Site | None) -> dict[str, Callable[..., Any]]:
    """Every Jekyll filter, bound to `site` where it needs the config."""
    baseurl = site.baseurl if site else ""
    url = site.url if site else ""

    def relative_url(value: Any) -> str:
        return _relative(baseurl, value)

    def absolute_url(value: Any) -> str:
        text = "" if value is None else str(value)
        if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
            return text
        return url.rstrip("/") + _relative(baseurl, text) if url else _relative(baseurl, text)

    return {
        "relative_url": relative_url,
        "absolute_url": absolute_url,
        "date_to_string": lambda v, t=None, s=None: _date(v, "%d %b %Y", t, s),
        "date_to_long_string": lambda v, t=None, s=None: _date(v, "%d %B %Y", t, s),
        "date_to_xmlschema": lambda v: _fmt(v, lambda d: d.isoformat()),
        "date_to_rfc822": lambda v: _fmt(v, lambda d: d.strftime("%a, %d %b %Y %H:%M:%S %z")),
        "xml_escape": lambda v: "" if v is None else html.escape(str(v), quote=True).replace(
            "&#x27;", "&#39;"),
        "cgi_escape": lambda v: quote(str(v), safe="").replace("%20", "+"),
        "uri_escape": lambda v: quote(str(v), safe="!#$&'()*+,/:;=?@[]~"),
        "jsonify": lambda v: json.dumps(_jsonable(v), ensure_ascii=False, separators=(",", ":")),
        "slugify": slugify,
        "markdownify": markdownify,
        "smartify": smartify,
        "number_of_words": lambda v: len(str(v or "").split()),
        "array_to_sentence_string": _sentence,
        "normalize_whitespace": lambda v: re.sub(r"\s+", " ", str(v or "")).strip(),
        "inspect": lambda v: json.dumps(_jsonable(v)),
        "where": _where,
        "to_integer": lambda v: int(v) if str(v).strip().lstrip("-").isdigit() else 0,
    }


def _relative(baseurl: str, value: Any) -> str:
    """Jekyll's relative_url: baseurl + path, one slash between."""
    text = "" if value is None else str(value)
    if re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I) or text.startswith("//"):
        return text
    base = ("/" + baseurl.strip("/")) if baseurl.strip("/") else ""
    path = text if text.startswith("/") else "/" + text
    return (base + path) if (base or text) else "/"


def _fmt(value: Any, fmt: Callable[[dt.datetime], str]) -> Any:
    """Format a date-like value, leaving anything else unchanged."""
    when = to_time(value)
    return fmt(when) if isinstance(when, dt.datetime) else value


def _date(value: Any, pattern: str, kind: Any = None, style: Any = None) -> Any:
    """date_to_string / date_to_long_string with Jekyll's ordinal US/UK styles."""
    when = to_time(value)
    if not isinstance(when, dt.datetime):
        return value
    if kind == "ordinal":
        day = when.day
        suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        month = when.strftime("%b" if "%b" in pattern else "%B")
        if style == "US":
            return f"{month} {day}{suffix}, {when.year}"
        return f"{day}{suffix} {month} {when.year}"
    return when.strftime(pattern)


def slugify(value: Any, mode: str = "default") -> str:
    """Jekyll's slugify (default mode): lower case, non-alphanumerics to '-'."""
    text = "" if value is None else str(value)
    if mode == "none":
        return text
    if mode == "raw":
        pattern = r"\s+"
    elif mode == "pretty":
        pattern = r"[^\w._~!$&'()+,;=@]+"
    elif mode in ("ascii", "latin"):
        if mode == "latin":
            text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        pattern = r"[^a-zA-Z0-9]+"
    else:
        pattern = r"[^\w]+|_+"
    slug = re.sub(pattern, "-", text)
    return slug.strip("-").lower()


def markdownify(value: Any) -> str:
    """Render Markdown like the post body (kramdown)."""
    from editor.core.render.kramdown import markdown_to_html

    return markdown_to_html("" if value is None else str(value))


def smartify(value: Any) -> str:
    """Smart quotes and dashes on a plain string."""
    from editor.core.render.typography import smarten

    return smarten("" if value is None else str(value))


def _sentence(value: Any, connector: str = "and") -> str:
    """['a','b','c'] → 'a, b, and c'."""
    items = [str(v) for v in (value or [])]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return ", ".join(items[:-1]) + f", {connector} {items[-1]}"


def _where(items: Any, key: str, value: Any) -> list[Any]:
    """Items whose `key` equals `value`."""
    out = []
    for item in items or []:
        if isinstance(item, dict) and str(item.get(key)) == str(value):
            out.append(item)
    return out


def _jsonable(value: Any) -> Any:
    """Convert dates (and other objects) for JSON output."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date)):
        return ruby_time(to_time(value))
    return value
