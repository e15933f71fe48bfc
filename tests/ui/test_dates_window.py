"""Dates in the window: shown and entered in the site's timezone, written for that instant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QDateTime, QTime

from editor.core import jekyll
from editor.core.post import load_post
from editor.core.site_model import Site

CHICAGO = ZoneInfo("America/Chicago")


def _site(tmp_path: Path, config: str = "timezone: America/Chicago\n") -> Path:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\npermalink: /:year/:month/:day/:title/\n"
                                      + config)
    return site


def _enter(window: Any, when: dt.datetime) -> None:
    window.form.date_edit.setDateTime(QDateTime(QDate(when.year, when.month, when.day),
                                                QTime(when.hour, when.minute, when.second)))


def _type(qtbot: Any, window: Any, when: dt.datetime) -> None:
    """Type ``when`` into the date field, section by section, as a writer does."""
    with qtbot.waitActive(window):
        window.activateWindow()
    edit = window.form.date_edit
    window.form.focus_field("date")
    qtbot.waitUntil(edit.hasFocus)
    edit.setSelectedSection(edit.Section.YearSection)
    for part in (f"{when:%Y}", f"{when:%m}", f"{when:%d}", f"{when:%H}", f"{when:%M}",
                 f"{when:%S}"):
        qtbot.keyClicks(edit, part)


def test_a_date_entered_in_the_sites_zone_lands_as_that_instant(make_window: Any, qtbot: Any,
                                                                tmp_path: Path) -> None:
    site = _site(tmp_path)
    path = site / "_posts" / "2025-08-30-mayor.md"
    path.write_bytes(b"---\ntitle: Mayor\ndate: 2025-08-30T23:34:44\n---\nBody\n")
    window = make_window(path)
    form = window.form
    # Jekyll reads the offset-less date as 23:34 UTC: 18:34 in Chicago, shown as such.
    assert form.date_edit.dateTime().toString("yyyy-MM-dd HH:mm:ss") == "2025-08-30 18:34:44"
    assert form.timezone_label.text().startswith("America/Chicago (C")
    _type(qtbot, window, dt.datetime(2025, 9, 1, 21, 15))
    assert window.save()
    # Kept offset-less (its style), so written in UTC: what Jekyll reads as 21:15 in Chicago.
    assert path.read_bytes() == b"---\ntitle: Mayor\ndate: 2025-09-02T02:15:00\n---\nBody\n"
    site_config = Site.load(site)
    when = jekyll.publish_datetime(load_post(path).get("date"), path.name, site_config)
    assert when == dt.datetime(2025, 9, 1, 21, 15, tzinfo=CHICAGO)
    assert "Mon 01 Sep 2025, 21:15 America/Chicago (CDT)" in form.publish_label.text()
    assert form.date_edit.dateTime().toString("yyyy-MM-dd HH:mm") == "2025-09-01 21:15"


def test_a_new_date_is_written_with_the_zones_offset(make_window: Any, tmp_path: Path) -> None:
    site = _site(tmp_path)
    path = site / "_posts" / "2025-12-24-carols.md"
    path.write_bytes(b"---\ntitle: Carols\n---\nBody\n")
    window = make_window(path)
    _enter(window, dt.datetime(2025, 12, 24, 18, 0))
    assert window.save()
    assert b"date: 2025-12-24T18:00:00-06:00\n" in path.read_bytes()


def test_outside_a_site_the_writers_zone_is_used(make_window: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    path = tmp_path / "loose.md"
    path.write_bytes(b"---\ntitle: Loose\n---\nBody\n")
    window = make_window(path)
    assert window.form.timezone_label.text() == "Asia/Kolkata (IST)"
    _enter(window, dt.datetime(2025, 9, 1, 21, 15))
    assert window.save()
    assert b"date: 2025-09-01T21:15:00+05:30\n" in path.read_bytes()


@pytest.mark.parametrize(("future", "says"), [
    ("", "holds it back"), ("future: true\n", "future: true publishes it")])
def test_a_future_date_is_shown_as_scheduled(make_window: Any, tmp_path: Path, future: str,
                                             says: str) -> None:
    site = _site(tmp_path, "timezone: America/Chicago\n" + future)
    path = site / "_posts" / "2099-01-01-later.md"
    path.write_bytes(b"---\ntitle: Later\ndate: 2099-01-01T09:00:00-06:00\n---\nBody\n")
    window = make_window(path)
    text = window.form.publish_label.text()
    assert text.startswith("<b>Scheduled</b>") and says in text
