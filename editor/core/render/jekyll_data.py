"""The `site` and `page` variables Jekyll gives Liquid, built from config and front matter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.core.site_model import Site

PATH_KEY = "path"
_POST_NAME = re.compile(r"^(\d{2,4})-(\d{1,2})-(\d{1,2})-(.*?)(\.[^.]*)?$")


def site_data(site: Site | None) -> dict[str, Any]:
    """`site`: the parsed `_config.yml` with Jekyll's defaults for unset keys."""
    data: dict[str, Any] = {"url": "", "baseurl": "", "title": ""}
    if site is not None:
        data.update(site.config)
    for key in ("url", "baseurl"):
        if data.get(key) is None:
            data[key] = ""
    data.setdefault("time", dt.datetime.now(dt.UTC))
    return data


def page_data(front: dict[str, Any], site: Site | None) -> dict[str, Any]:
    """`page`: the front matter plus the values Jekyll derives (date, slug, url, id)."""
    page = dict(front)
    path = str(page.get(PATH_KEY) or "")
    name = PurePosixPath(path.replace("\\", "/")).name
    m = _POST_NAME.match(name)
    slug = m.group(4) if m else PurePosixPath(name).stem
    if "date" in page:
        page["date"] = to_time(page["date"])
    elif m:
        page["date"] = to_time(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
    page.setdefault("slug", slug)
    if slug and "title" not in page:
        page["title"] = " ".join(w.capitalize() for w in slug.split("-"))
    categories = page.get("categories", page.get("category")) or []
    if isinstance(categories, str):
        categories = categories.split()
    page["categories"] = [str(c) for c in categories] if isinstance(categories, list) else []
    page.setdefault("tags", [])
    page.setdefault("url", post_url(page, site))
    page.setdefault("id", re.sub(r"\.html$", "", page["url"]) if page["url"] else "")
    return page


def post_url(page: dict[str, Any], site: Site | None) -> str:
    """The URL Jekyll gives a post (its own permalink, else the site's style)."""
    if page.get("permalink"):
        return str(page["permalink"])
    style = str((site.config.get("permalink") if site else None) or "date")
    styles = {"date": "/:categories/:year/:month/:day/:title:output_ext",
              "pretty": "/:categories/:year/:month/:day/:title/",
              "ordinal": "/:categories/:year/:y_day/:title:output_ext",
              "none": "/:categories/:title:output_ext"}
    pattern = styles.get(style, style)
    date = page.get("date")
    when = date if isinstance(date, dt.datetime) else None
    cats = "/".join(_slug_part(c) for c in page.get("categories", []))
    values = {
        "categories": cats, "title": str(page.get("slug") or ""),
        "slug": str(page.get("slug") or ""), "output_ext": ".html",
        "year": f"{when:%Y}" if when else "", "month": f"{when:%m}" if when else "",
        "day": f"{when:%d}" if when else "", "i_month": str(when.month) if when else "",
        "i_day": str(when.day) if when else "", "short_year": f"{when:%y}" if when else "",
        "y_day": f"{when:%j}" if when else "", "hour": f"{when:%H}" if when else "",
        "minute": f"{when:%M}" if when else "", "second": f"{when:%S}" if when else "",
    }
    url = re.sub(r":(\w+)", lambda mm: values.get(mm.group(1), mm.group(0)), pattern)
    return re.sub(r"/{2,}", "/", "/" + url)


def _slug_part(text: str) -> str:
    """A category as Jekyll puts it into a URL."""
    return text.lower().replace(" ", "-")


class RubyTime(dt.datetime):
    """A datetime that prints like Ruby's Time#to_s, as Liquid shows `{{ page.date }}`."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z")


def _ruby(value: dt.datetime) -> RubyTime:
    """The same instant as a RubyTime."""
    return RubyTime(value.year, value.month, value.day, value.hour, value.minute,
                    value.second, value.microsecond, tzinfo=value.tzinfo)


def to_time(value: Any) -> Any:
    """A front-matter date as a timezone-aware datetime (strings parsed when possible)."""
    if isinstance(value, dt.datetime):
        return _ruby(value if value.tzinfo else value.replace(tzinfo=dt.UTC))
    if isinstance(value, dt.date):
        return RubyTime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str):
        m = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
                     r"\s*(?:([+-])(\d{1,2}):?(\d{2})?|Z)?\s*$", value)
        if m:
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups()[:6])
            tz = dt.UTC
            if m.group(7):
                delta = dt.timedelta(hours=int(m.group(8)), minutes=int(m.group(9) or 0))
                tz = dt.timezone(delta if m.group(7) == "+" else -delta)
            try:
                return RubyTime(y, mo, d, h, mi, s, tzinfo=tz)
            except ValueError:
                return value
    return value


def ruby_time(value: Any) -> str:
    """A datetime printed like Ruby's Time#to_s: `2010-01-10 00:00:00 +0000`."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    return str(value)
