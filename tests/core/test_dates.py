"""Dates against real Jekyll: how a front-matter date is read, and what Dateline writes.

``tests/golden/jekyll_dates/reference.json`` holds what real Jekyll 4.3 published for
each date text in sites of several timezones (``make_reference.py`` rebuilds it), and
for the date texts Dateline wrote when a writer entered a wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from editor.core import dates, jekyll
from editor.core.post import read_post
from editor.core.site_model import Site

REFERENCE = json.loads(
    (Path(__file__).resolve().parent.parent / "golden" / "jekyll_dates" / "reference.json")
    .read_text(encoding="utf-8"))
PERMALINK = "/:year/:month/:day/:title:output_ext"


def _site(zone: str | None) -> Site:
    data: dict[str, Any] = {"permalink": PERMALINK, "future": True}
    if zone:
        data["timezone"] = zone
    return Site(None, data)


def _post_with(date_text: str | None) -> Any:
    line = f"date: {date_text}\n" if date_text is not None else ""
    return read_post(f"---\ntitle: x\n{line}---\nx\n".encode())


def _jekyll_instant(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")


@pytest.mark.parametrize("case", REFERENCE["cases"],
                         ids=[f"{c['timezone']}-{c['file']}" for c in REFERENCE["cases"]])
def test_dates_are_read_as_real_jekyll_reads_them(case: dict[str, Any],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", REFERENCE["machine_tz"])  # the machine Jekyll built on
    post = _post_with(case["date"])
    site = _site(case["timezone"])
    when = jekyll.publish_datetime(post.get("date"), case["file"], site)
    assert when is not None
    assert when.strftime("%Y-%m-%d %H:%M:%S %z") == case["published"]
    assert jekyll.permalink_for(post.front_matter, case["file"], site) == case["url"]


@pytest.mark.parametrize("case", REFERENCE["written"],
                         ids=[f"{c['timezone']}-{c['old']}-{c['wall']}" for c in
                              REFERENCE["written"]])
def test_a_time_entered_in_the_sites_zone_is_written_for_that_instant(
        case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Dateline still writes the text real Jekyll published at the instant the writer meant."""
    zone = ZoneInfo(case["timezone"] or REFERENCE["writer_zone"])
    wall = dt.datetime.fromisoformat(case["wall"])
    post = _post_with(case["old"])
    post.set("date", dates.value_to_write(wall, zone, post.get("date"),
                                          zone_is_sites=case["timezone"] is not None))
    line = next(ln for ln in post.to_bytes().decode().splitlines() if ln.startswith("date:"))
    assert line == f"date: {case['date']}"
    # (In UTC: Python never equates a time in a daylight-saving fold across zones.)
    meant = wall.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)
    assert _jekyll_instant(case["published"]).astimezone(dt.UTC) == meant  # real Jekyll
    # And the engine's own reading (the site's zone, or the writer's outside a site) agrees.
    monkeypatch.setenv("TZ", case["timezone"] or REFERENCE["writer_zone"])
    engine = jekyll.publish_datetime(post.get("date"), None, _site(case["timezone"]))
    assert engine is not None and engine.astimezone(dt.UTC) == meant
    shown = dates.wall_clock(post.get("date"), zone)
    assert shown == wall


def test_the_style_is_kept_when_it_can_express_the_instant() -> None:
    chicago = ZoneInfo("America/Chicago")
    wall = dt.datetime(2025, 9, 1, 21, 15)
    post = _post_with("2025-08-30T23:34:44")
    post.set("date", dates.value_to_write(wall, chicago, post.get("date")))
    assert b"date: 2025-09-02T02:15:00\n" in post.to_bytes()  # offset-less = UTC to Jekyll
    post = _post_with("2025-08-30")
    post.set("date", dates.value_to_write(dt.datetime(2025, 9, 1), chicago, post.get("date")))
    assert b"date: 2025-09-01\n" in post.to_bytes()
    post = _post_with("2025-08-30")
    post.set("date", dates.value_to_write(wall, chicago, post.get("date")))
    assert b"date: 2025-09-01T21:15:00-05:00\n" in post.to_bytes()  # a date alone cannot


def test_local_zone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert jekyll.local_zone() == ZoneInfo("Asia/Kolkata")
    assert dates.site_zone(Site()) == ZoneInfo("Asia/Kolkata")
    assert dates.site_zone(_site("America/Chicago")) == ZoneInfo("America/Chicago")
    assert dates.zone_name(ZoneInfo("America/Chicago"),
                           dt.datetime(2025, 8, 30, tzinfo=dt.UTC)) == "America/Chicago (CDT)"
