"""Conversions between front-matter values and form text that keep the original's type."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import yaml


def list_text(value: Any) -> str:
    """Categories/tags as the writer edits them: a string as is, a list comma-separated."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join("" if v is None else str(v) for v in value)
    return str(value)


def list_value(text: str, original: Any) -> Any:
    """Form text back to categories/tags: a space-separated string stays a string."""
    if isinstance(original, str) and "," not in text:
        return text.strip()
    items = [part.strip() for part in text.split(",")]
    return [item for item in items if item]


def text_of(value: Any) -> str:
    """A scalar as text for a line edit."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def others_text(values: dict[str, Any]) -> str:
    """The fields without their own widget, as YAML for the writer to edit."""
    if not values:
        return ""
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=False, default_flow_style=None,
                          width=1000)


class OthersError(ValueError):
    """The "Other fields" YAML cannot be used; the message says why."""


def parse_others(text: str, own_keys: Collection[str]) -> dict[str, Any]:
    """Read the "Other fields" YAML (``own_keys`` have a field of their own and may not be
    written here); raises :class:`OthersError` in plain words."""
    try:
        value = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise OthersError(f"Not valid YAML{where}: {problem}") from None
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise OthersError("Write 'key: value' lines.")
    taken = [k for k in value if k in own_keys]
    if taken:
        raise OthersError(f"“{taken[0]}” has its own field above.")
    return {str(k): v for k, v in value.items()}


def key_at_line(front_matter_text: str, line: int) -> str:
    """The top-level key whose value is on ``line`` (1-based) of the front matter
    ('' when none: a comment or a line before any key)."""
    lines = front_matter_text.split("\n")
    for number in range(min(line, len(lines)), 0, -1):  # a continuation line: its key's
        text = lines[number - 1]
        if text[:1] not in ("", " ", "\t", "-", "#") and ":" in text:
            return text.split(":", 1)[0].strip().strip("'\"")
    return ""
