"""Regenerate ``reference.json``: when real Jekyll publishes posts with each kind of ``date``.

Run by hand where Jekyll is installed (``apt-get install jekyll``):

    python tests/golden/jekyll_dates/make_reference.py

For each site timezone (and a site without one, built with ``TZ=UTC``) it builds a tiny
site whose posts carry the date texts in ``DATES`` and records the date Jekyll gives each
post (``%Y-%m-%d %H:%M:%S %z`` in the site's zone) and its URL. The core test
``tests/core/test_dates.py`` checks Dateline's reading and writing of dates against it.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

ZONES = ["America/Chicago", "Asia/Kolkata", "Europe/London", None]

#: Old date texts whose style Dateline keeps (or not) when the writer enters a new time.
OLD_STYLES = ["2025-08-30 23:34:44", "2025-08-30T23:34:44", "2025-08-30 23:34:44 -0500",
              "2025-08-30T23:34:44+05:30", "2025-08-30T23:34:44Z", '"2025-08-30 23:34:44"',
              "'2025-08-30T23:34:44'", "2025-08-30", None]

#: Wall-clock times a writer enters (in the site's zone, or the writer's outside a site).
WALLS = ["2025-09-01 21:15:00", "2025-12-24 00:00:00", "2025-11-02 01:30:00",
         "2025-03-30 00:30:00"]

#: Outside a site (no timezone): the writer's zone, while the site is built in UTC.
WRITER_ZONE = "Asia/Kolkata"

#: (file name, date text exactly as written in the front matter; None = no date key)
DATES: list[tuple[str, str | None]] = [
    ("2025-08-30-plain-space.md", "2025-08-30 23:34:44"),
    ("2025-08-30-plain-t.md", "2025-08-30T23:34:44"),
    ("2025-01-15-winter.md", "2025-01-15 23:34:44"),
    ("2025-08-30-offset-compact.md", "2025-08-30 23:34:44 -0500"),
    ("2025-08-30-offset-colon.md", "2025-08-30T23:34:44+05:30"),
    ("2025-08-30-zulu.md", "2025-08-30T23:34:44Z"),
    ("2025-08-30-quoted-double.md", '"2025-08-30 23:34:44"'),
    ("2025-08-30-quoted-single.md", "'2025-08-30T23:34:44'"),
    ("2025-08-30-date-only.md", "2025-08-30"),
    ("2025-08-30-fraction.md", "2025-08-30 23:34:44.5"),
    ("2025-08-30-early-utc.md", "2025-08-31 02:00:00"),
    ("2025-08-30-no-date.md", None),
]

LISTING = """---
layout: null
permalink: /dates.txt
---
{% for p in site.posts %}{{ p.path }}|{{ p.date | date: "%Y-%m-%d %H:%M:%S %z" }}|{{ p.url }}
{% endfor %}"""


def written_cases() -> list[dict[str, str | None]]:
    """Date texts Dateline writes for each zone, old style and wall-clock time entered."""
    import datetime as dt
    import sys

    sys.path.insert(0, str(HERE.parent.parent.parent))
    from editor.core import dates, jekyll
    from editor.core.post import read_post

    cases: list[dict[str, str | None]] = []
    for zone in ZONES:
        tz = jekyll.ZoneInfo(zone or WRITER_ZONE)
        for s, old in enumerate(OLD_STYLES):
            for w, wall in enumerate(WALLS):
                post = read_post(("---\ntitle: x\n" + (f"date: {old}\n" if old else "")
                                  + "---\nx\n").encode())
                value = dates.value_to_write(dt.datetime.fromisoformat(wall), tz, post.get("date"),
                                             zone_is_sites=zone is not None)
                post.set("date", value)
                line = next(ln for ln in post.to_bytes().decode().splitlines()
                            if ln.startswith("date:"))
                cases.append({"timezone": zone, "old": old, "wall": wall,
                              "file": f"2025-01-01-w{s}-{w}.md",
                              "date": line.removeprefix("date:").strip()})
    return cases


def build(zone: str | None, dates_: list[tuple[str, str | None]] | None = None
          ) -> dict[str, dict[str, str]]:
    """Build the site for ``zone`` with real Jekyll; {file name: {published, url}}."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        (site / "_posts").mkdir()
        config = "permalink: /:year/:month/:day/:title:output_ext\nfuture: true\n"
        if zone:
            config += f"timezone: {zone}\n"
        (site / "_config.yml").write_text(config)
        for name, date in dates_ or DATES:
            date_line = f"date: {date}\n" if date is not None else ""
            (site / "_posts" / name).write_text(f"---\ntitle: {name}\n{date_line}---\nx\n")
        (site / "dates.txt").write_text(LISTING)
        env = dict(os.environ, TZ="UTC")
        subprocess.run(["jekyll", "build", "--quiet", "-s", str(site), "-d", str(site / "_site")],
                       check=True, env=env)
        out: dict[str, dict[str, str]] = {}
        for line in (site / "_site" / "dates.txt").read_text().splitlines():
            if line.strip():
                path, published, url = line.split("|")
                out[Path(path).name] = {"published": published, "url": url}
        return out


def main() -> None:
    """Write reference.json next to this script."""
    version = subprocess.run(["jekyll", "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    cases = []
    for zone in ZONES:
        built = build(zone)
        for name, date in DATES:
            cases.append({"timezone": zone, "file": name, "date": date, **built[name]})
    written = written_cases()
    for zone in ZONES:
        mine = [c for c in written if c["timezone"] == zone]
        built = build(zone, [(str(c["file"]), c["date"]) for c in mine])
        for case in mine:
            case.update(built[str(case["file"])])
    data = {"jekyll": version, "machine_tz": "UTC", "writer_zone": WRITER_ZONE, "cases": cases,
            "written": written}
    (HERE / "reference.json").write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main()
