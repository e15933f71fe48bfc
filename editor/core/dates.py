"""Dates in the newsroom's time: which zone the writer works in, what Jekyll reads, what to write.

What real Jekyll 4.3 does with a front-matter ``date`` (measured, see
``tests/golden/jekyll_dates/reference.json`` and its ``make_reference.py``):

- an unquoted YAML timestamp without an offset (``2025-08-30 23:34:44``,
  ``2025-08-30T23:34:44``) is a **UTC** instant (Psych reads it so), shown in the
  site's ``timezone``: in a Chicago site it publishes at 18:34 CDT;
- a timestamp with an offset (``-0500``, ``+05:30``, ``Z``) is that instant;
- a **quoted** date (``"2025-08-30 23:34:44"``) is a string Jekyll parses with
  ``Time.parse`` in the site's ``timezone``: 23:34 in Chicago;
- a date alone (``2025-08-30``) and a file-name date are midnight in the site's zone.

A site without ``timezone`` is built in the build machine's zone; Dateline then
shows dates in the writer's zone and writes only texts that mean the same instant
wherever the site is built.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from editor.core import jekyll
from editor.core.site_model import Site


def site_zone(site: Site | None) -> dt.tzinfo:
    """The zone the writer enters dates in: the site's ``timezone``, else the writer's own."""
    return jekyll.build_zone(site)


def zone_name(zone: dt.tzinfo, at: dt.datetime | None = None) -> str:
    """The zone in words for the form: ``America/Chicago (CDT)``, or ``UTC+05:30``."""
    at = (at or dt.datetime.now(dt.UTC)).astimezone(zone)
    abbreviation = at.tzname() or ""
    key = getattr(zone, "key", None)
    if key:
        return f"{key} ({abbreviation})" if abbreviation and abbreviation != key else str(key)
    offset = at.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def wall_clock(value: Any, zone: dt.tzinfo) -> dt.datetime | None:
    """The publish time of a front-matter ``date`` as the writer sees it in ``zone`` (naive)."""
    when = jekyll.date_instant(value, zone)
    return when.replace(tzinfo=None) if when is not None else None


def _is_ambiguous(wall: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether ``wall`` is skipped or happens twice in ``zone`` (a daylight-saving change)."""
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        return True
    return first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != wall


def value_to_write(wall: dt.datetime, zone: dt.tzinfo, old: Any = None,
                   zone_is_sites: bool = True) -> dt.datetime | dt.date | str:
    """What to store in ``date`` so that Jekyll publishes at ``wall`` (naive) in ``zone``.

    ``old`` is the current value as YAML loaded it (None for a new date); its style is
    kept when it can express the instant, otherwise an explicit offset is written:

    - an offset-less timestamp stays offset-less, in UTC (what Jekyll reads it as);
    - a timestamp with an offset gets the zone's offset at that instant (``Z`` stays ``Z``);
    - a date alone stays a date alone at midnight, else becomes a time with an offset;
    - a quoted date stays a quoted wall-clock time when Jekyll builds in ``zone``
      (``zone_is_sites``) and the time is unambiguous, else it carries its offset;
    - a new date is written with the zone's offset (``2025-08-30T23:34:44-05:00``).

    Give the result to :meth:`Post.set`; its surgical writer keeps the old text's shape.
    """
    wall = wall.replace(tzinfo=None, microsecond=wall.microsecond)
    instant = wall.replace(tzinfo=zone, fold=0)
    if isinstance(old, dt.datetime):
        if old.tzinfo is None:
            return instant.astimezone(dt.UTC).replace(tzinfo=None)
        if old.utcoffset() == dt.timedelta(0):
            return instant.astimezone(dt.UTC)
        return _fixed(instant)
    if isinstance(old, dt.date):
        if wall.time() == dt.time(0) and zone_is_sites and not _is_ambiguous(wall, zone):
            return wall.date()
        return _fixed(instant)
    if isinstance(old, str) and jekyll.as_datetime(old) is not None:
        old_when = jekyll.as_datetime(old)
        if (old_when is not None and old_when.tzinfo is None and zone_is_sites
                and not _is_ambiguous(wall, zone)):
            if ":" not in old and wall.time() == dt.time(0):
                return wall.date()  # a quoted date alone stays a date alone
            return wall
        return _fixed(instant)
    return _fixed(instant)


def _fixed(instant: dt.datetime) -> dt.datetime:
    """``instant`` with a fixed offset (what the writer writes: ``-05:00``, not a zone name)."""
    offset = instant.utcoffset() or dt.timedelta(0)
    return instant.replace(tzinfo=dt.timezone(offset), fold=0)
