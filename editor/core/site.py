"""The site index: posts and drafts' front matter, authors, categories, tags, layouts, includes.

Pure Python. Only front matter is parsed (bodies are never rendered). The index is
incremental: ``refresh()`` re-stats the site and re-reads only files whose size or
mtime changed; the result is cached as JSON in ``editor.core.paths.cache_dir()`` so a
second start is fast. Each refresh builds a new immutable snapshot and swaps it in,
so readers on another thread always see a consistent state.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core import jekyll, paths, yamlsafe
from editor.core.digests import sha1_hex
from editor.core.files import read_regular
from editor.core.post import read_post
from editor.core.site_model import Site

CACHE_VERSION = 3  # 3: date_local (a quoted date or a date alone)
#: Folders under the site root that never hold posts (besides hidden and ``_`` folders).
_SKIP_DIRS = {"assets", "node_modules", "vendor", "images", "img", "css", "js"}

DRAFT = "draft"
SCHEDULED = "scheduled"
#: A future-dated post the site's ``future: true`` publishes already.
SCHEDULED_LIVE = "scheduled, live now"
UNPUBLISHED = "unpublished"
PUBLISHED = "published"
BROKEN = "broken"


@dataclass(slots=True)  # not frozen: frozen __init__ is 3x slower, and 10,000 are built per start
class PostEntry:
    """What the index knows about one post or draft (front matter only); treat as read-only."""

    root: Path
    relpath: str  # site-relative, '/' separated
    kind: str  # "posts" or "drafts"
    title: str
    date: dt.datetime | None  # when Jekyll publishes it, in the site's timezone (aware)
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    layout: str | None
    slug: str
    published: bool
    image: str | None
    has_excerpt: bool
    problem: str | None  # the front matter does not parse
    mtime_ns: int = 0
    size: int = 0

    @property
    def path(self) -> Path:
        """The file (absolute); built on use, which keeps a 10,000-post index quick."""
        return self.root / self.relpath

    @property
    def author(self) -> str:
        """The author(s) as one display string."""
        return ", ".join(self.authors)

    @property
    def name(self) -> str:
        """The file name without its extension (what ``{% post_url %}`` names)."""
        return Path(self.relpath).stem

    def status(self, now: dt.datetime | None = None, future_allowed: bool = False) -> str:
        """draft, scheduled (a future date: held back until then), scheduled, live now (a
        future date the site's ``future: true`` publishes already), unpublished
        (``published: false``), published, broken."""
        if self.problem is not None:
            return BROKEN
        if self.kind == "drafts":
            return DRAFT
        if not self.published:
            return UNPUBLISHED
        now = now or dt.datetime.now(dt.UTC)
        if self.date is not None and self.date > now:
            return SCHEDULED_LIVE if future_allowed else SCHEDULED
        return PUBLISHED


@dataclass(frozen=True)
class IndexChanges:
    """What one ``refresh()`` found."""

    added: tuple[Path, ...] = ()
    changed: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()
    config_changed: bool = False
    initial: bool = False  # the first build: every post is new (not listed in ``added``)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.config_changed
                    or self.initial)


@dataclass(frozen=True)
class _Snapshot:
    site: Site
    config_stat: tuple[int, int]
    records: dict[str, dict[str, Any]]  # relpath -> cached record
    entries: dict[str, PostEntry]
    data_authors: tuple[str, ...]
    layouts: tuple[str, ...]
    includes: tuple[str, ...]
    extras_stat: tuple[Any, ...] = field(default=())


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def author_names(value: Any) -> list[str]:
    """Author values as names: a string, a list of strings, or a mapping with a name."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [n for v in value for n in author_names(v)][:50]
    if isinstance(value, dict):
        for key in ("name", "id", "username"):
            if isinstance(value.get(key), str):
                return [value[key]]
        return []
    return [str(value)]


_INDEX_KEYS = ("title", "date", "author", "authors", "categories", "category", "tags", "tag",
               "layout", "slug", "published", "image", "excerpt")


def _record(relpath: str, data: bytes, st: os.stat_result) -> dict[str, Any]:
    """The JSON-ready facts the index keeps about one file (front matter only)."""
    post = read_post(data)
    problem = post.problem
    # Only the keys the index keeps (post.front_matter would deep-copy every value).
    fm = {k: post.get(k) for k in _INDEX_KEYS if k in post}
    date = jekyll.as_datetime(fm.get("date"))
    image = fm.get("image")
    if isinstance(image, dict):
        image = image.get("path") or image.get("feature") or image.get("url")
    published = fm.get("published")
    filename = relpath.rsplit("/", 1)[-1]
    name = jekyll.parse_post_filename(filename) if filename[:1].isdigit() else None
    slug = _text(fm.get("slug")) or (name.slug if name else filename.rsplit(".", 1)[0])
    return {
        "mtime_ns": st.st_mtime_ns,
        "size": st.st_size,
        "title": _text(fm.get("title"))[:500],
        "date": date.isoformat() if date is not None else None,
        # Jekyll reads a quoted date, or a date alone, as wall-clock time in the site's zone
        # (a YAML timestamp without an offset as UTC): see jekyll.date_instant.
        "date_local": not isinstance(fm.get("date"), dt.datetime),
        "name_date": name.date.isoformat() if name else None,
        "authors": author_names(fm.get("author")) + author_names(fm.get("authors")),
        "categories": jekyll.categories_of(fm)[:100],
        "tags": jekyll.tags_of(fm)[:200],
        "layout": _text(fm.get("layout")) or None,
        "slug": jekyll.slugify(slug),
        "published": published is not False and str(published).lower() != "false",
        "image": _text(image) or None,
        "excerpt": bool(_text(fm.get("excerpt")).strip()),
        "problem": str(problem) if problem is not None else None,
    }


def _is_draft(relpath: str) -> bool:
    return relpath.startswith("_drafts/") or "/_drafts/" in relpath


def _entry(root: Path, relpath: str, rec: dict[str, Any], tz: dt.tzinfo) -> PostEntry:
    """An entry from a cached record; the date follows the publish rules of jekyll.py
    (front-matter date wins; a timestamp without an offset means UTC, a quoted date or a
    date alone is in the site's timezone; a file-name date is midnight in the site's
    timezone), inlined here because this runs for every post on every start."""
    kind = "drafts" if _is_draft(relpath) else "posts"
    date: dt.datetime | None = None
    if rec["date"]:
        when = dt.datetime.fromisoformat(rec["date"])
        if when.tzinfo is None:
            when = when.replace(tzinfo=tz if rec.get("date_local") else dt.UTC)
        date = when.astimezone(tz)
    elif rec["name_date"] and kind == "posts":
        day = dt.date.fromisoformat(rec["name_date"])
        date = dt.datetime(day.year, day.month, day.day, tzinfo=tz)
    return PostEntry(
        root=root, relpath=relpath, kind=kind, title=rec["title"], date=date,
        authors=tuple(rec["authors"]), categories=tuple(rec["categories"]),
        tags=tuple(rec["tags"]), layout=rec["layout"], slug=rec["slug"],
        published=rec["published"], image=rec["image"], has_excerpt=rec["excerpt"],
        problem=rec["problem"], mtime_ns=rec["mtime_ns"], size=rec["size"],
    )


def _stat_key(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, 0)
    return (st.st_mtime_ns, st.st_size)


def _load_yaml(path: Path) -> Any:
    return yamlsafe.load_file(path)[0] if path.is_file() else None


def _defined_authors(value: Any) -> list[str]:
    """Author ids from ``_data/authors.yml`` or ``authors:``: a mapping of ids or a list."""
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, list):
        return [n for v in value for n in author_names(v)]
    return []


def _files_under(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = os.path.relpath(dirpath, folder).replace(os.sep, "/")
        for name in filenames:
            if not name.startswith("."):
                out.append(name if rel == "." else f"{rel}/{name}")
    return sorted(out)


class SiteIndex:
    """The front matter of every post and draft of the Jekyll site at ``root``.

    Construct, then call :meth:`refresh` (done once by :meth:`open`). Query methods
    read the latest snapshot and are safe to call from any thread.
    """

    def __init__(self, root: Path, use_cache: bool = True) -> None:
        self.root = Path(root).resolve()
        self.use_cache = use_cache
        self._snap = _Snapshot(Site(self.root), (-1, 0), {}, {}, (), (), ())
        self._cache_loaded = False
        # What the queries derived from a snapshot (counts, slugs), until the next one:
        # checking every post of a site asks for them once per post.
        self._derived: tuple[_Snapshot, dict[str, Any]] = (self._snap, {})

    @classmethod
    def open(cls, root: Path, use_cache: bool = True) -> SiteIndex:
        """Build (or load from the cache and update) the index of the site at ``root``."""
        index = cls(root, use_cache)
        index.refresh()
        return index

    # -- cache ----------------------------------------------------------------------

    @property
    def cache_path(self) -> Path:
        """Where this site's index is cached."""
        digest = sha1_hex(str(self.root).encode("utf-8"))[:16]
        return paths.cache_dir() / "site-index" / f"{digest}.json"

    def _load_cache(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION \
                or data.get("root") != str(self.root) or not isinstance(data.get("records"), dict):
            return {}
        return data["records"]

    def _save_cache(self, records: dict[str, dict[str, Any]]) -> None:
        target = self.cache_path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".index-", dir=target.parent)
            text = json.dumps({"version": CACHE_VERSION, "root": str(self.root),
                               "records": records}, ensure_ascii=False, separators=(",", ":"))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)  # dumps uses the C encoder; dump(fh) would not
            os.replace(tmp, target)
        except OSError:  # a cache that cannot be written only costs speed
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)

    # -- scanning -------------------------------------------------------------------

    def _post_folders(self, config: Site) -> list[Path]:
        """``_posts``/``_drafts`` folders: at the root and in category folders below it."""
        exclude = config.exclude
        out: list[Path] = []
        for dirpath, dirnames, _ in os.walk(self.root):
            rel = os.path.relpath(dirpath, self.root).replace(os.sep, "/")
            for d in ("_posts", "_drafts"):
                if d in dirnames:
                    out.append(Path(dirpath) / d)
            dirnames[:] = [
                d for d in dirnames
                if not d.startswith((".", "_")) and d not in _SKIP_DIRS
                and (d if rel == "." else f"{rel}/{d}") not in exclude
            ]
        return out

    def _scan(self, config: Site) -> dict[str, tuple[str, int, int]]:
        found: dict[str, tuple[str, int, int]] = {}
        root = str(self.root)
        for folder in self._post_folders(config):
            stack = [str(folder)]
            while stack:
                current = stack.pop()
                try:
                    it = os.scandir(current)
                except OSError:
                    continue
                with it:
                    for de in it:
                        if de.name.startswith("."):
                            continue
                        if de.is_dir(follow_symlinks=False):
                            stack.append(de.path)
                            continue
                        dot = de.name.rfind(".")
                        if dot <= 0 or de.name[dot:].lower() not in jekyll.POST_EXTENSIONS:
                            continue
                        try:
                            st = de.stat()
                        except OSError:
                            continue
                        rel = de.path[len(root) + 1:]
                        if os.sep != "/":
                            rel = rel.replace(os.sep, "/")
                        found[rel] = (de.path, st.st_mtime_ns, st.st_size)
        return found

    def refresh(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> IndexChanges:
        """Re-stat the site and re-read what changed; returns what changed.

        ``progress(done, total)`` is called while files are read; ``cancelled()``
        returning True stops early (the old snapshot stays).
        """
        old = self._snap
        config_stat = _stat_key(self.root / "_config.yml")
        config_changed = config_stat != old.config_stat
        config = Site.load(self.root) if config_changed else old.site
        records = dict(old.records)
        if self.use_cache and not self._cache_loaded:
            records = self._load_cache() or records
            self._cache_loaded = True
        found = self._scan(config)
        to_read = [rel for rel, (_, mtime, size) in found.items()
                   if (rec := records.get(rel)) is None
                   or rec.get("mtime_ns") != mtime or rec.get("size") != size]
        removed = [rel for rel in records if rel not in found]
        added: list[Path] = []
        changed: list[Path] = []
        total = len(to_read)
        for done, rel in enumerate(to_read):
            if cancelled is not None and cancelled():
                return IndexChanges()
            if progress is not None and done % 100 == 0:
                progress(done, total)
            path = found[rel][0]
            try:
                data, st = read_regular(path)  # a FIFO or device is skipped, never waited on
            except OSError:
                continue
            if old.entries:  # on the first build everything is new: not worth listing
                (changed if rel in old.entries else added).append(Path(path))
            records[rel] = _record(rel, data, st)
        for rel in removed:
            records.pop(rel, None)
        if progress is not None:
            progress(total, total)
        extras_stat = self._extras_stat(config)
        rebuild = config_changed or to_read or removed or extras_stat != old.extras_stat \
            or len(old.entries) != len(records)
        if not rebuild:
            return IndexChanges()
        tz = jekyll.build_zone(config)
        entries = {rel: _entry(self.root, rel, rec, tz) for rel, rec in records.items()
                   if rel in found}
        data_dir, layouts_dir, includes_dir = self._folders(config)
        authors = _defined_authors(_load_yaml(data_dir / "authors.yml")) \
            + _defined_authors(config.config.get("authors"))
        layouts = tuple(sorted({p.rsplit(".", 1)[0] for p in _files_under(layouts_dir)}))
        self._snap = _Snapshot(config, config_stat, records, entries,
                               tuple(dict.fromkeys(authors)), layouts,
                               tuple(_files_under(includes_dir)), extras_stat)
        if self.use_cache and (to_read or removed or not self.cache_path.exists()):
            self._save_cache(records)
        return IndexChanges(tuple(added), tuple(changed),
                            tuple(self.root / r for r in removed), config_changed,
                            initial=not old.entries)

    def _folders(self, site: Site) -> tuple[Path, Path, Path]:
        """The site's data, layouts and includes folders (as its config names them)."""
        return (site.data_dir or self.root / "_data", site.layouts_dir or self.root / "_layouts",
                site.includes_dir or self.root / "_includes")

    def _extras_stat(self, site: Site) -> tuple[Any, ...]:
        """What, besides the posts and the config, the index reads (the site's folders)."""
        data_dir, layouts_dir, includes_dir = self._folders(site)
        return (_stat_key(data_dir / "authors.yml"), _stat_key(layouts_dir),
                _stat_key(includes_dir))

    # -- queries --------------------------------------------------------------------

    @property
    def site(self) -> Site:
        """The site (its root and ``_config.yml``) as of the last refresh."""
        return self._snap.site

    def entries(self) -> list[PostEntry]:
        """Every post and draft, newest first (undated last)."""
        far = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(self._snap.entries.values(),
                      key=lambda e: (e.date or far, e.relpath), reverse=True)

    def __len__(self) -> int:
        return len(self._snap.entries)

    def entry(self, path: Path) -> PostEntry | None:
        """The entry of the post at ``path`` (None when not indexed)."""
        rel = self.relpath(path)
        return self._snap.entries.get(rel) if rel is not None else None

    def relpath(self, path: Path) -> str | None:
        """``path`` relative to the site root ('/' separated), or None when outside it."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def status_of(self, entry: PostEntry, now: dt.datetime | None = None) -> str:
        """The entry's status under this site's ``future`` setting."""
        return entry.status(now, self.site.future)

    def defined_authors(self) -> list[str]:
        """Authors the site defines (``_data/authors.yml`` and ``authors:`` in the config)."""
        return list(self._snap.data_authors)

    def _derive(self, key: str, make: Callable[[_Snapshot], Any]) -> Any:
        """``make(snapshot)`` for the current snapshot, computed once per snapshot."""
        snap = self._snap
        derived = self._derived
        if derived[0] is not snap:
            derived = self._derived = (snap, {})
        values = derived[1]
        if key not in values:
            values[key] = make(snap)
        return values[key]

    def author_counts(self) -> Counter[str]:
        """How many posts name each author."""
        return Counter(self._derive("authors", lambda snap: Counter(
            a for e in snap.entries.values() for a in e.authors)))

    def category_counts(self) -> Counter[str]:
        """How many posts use each category."""
        return Counter(self._derive("categories", lambda snap: Counter(
            c for e in snap.entries.values() for c in e.categories)))

    def tag_counts(self) -> Counter[str]:
        """How many posts use each tag."""
        return Counter(self._derive("tags", lambda snap: Counter(
            t for e in snap.entries.values() for t in e.tags)))

    def layout_counts(self) -> Counter[str]:
        """How many posts name each layout."""
        return Counter(self._derive("layouts", lambda snap: Counter(
            e.layout for e in snap.entries.values() if e.layout)))

    def authors(self) -> list[str]:
        """Author suggestions: defined ones and those seen in posts, case-insensitive order."""
        return _sorted([*self._snap.data_authors, *self.author_counts()])

    def categories(self) -> list[str]:
        """Categories in use (and in ``defaults``), for suggestions."""
        return _sorted([*self.category_counts(), *self._default_values("categories", "category")])

    def tags(self) -> list[str]:
        """Tags in use (and in ``defaults``), for suggestions."""
        return _sorted([*self.tag_counts(), *self._default_values("tags", "tag")])

    def layouts(self) -> list[str]:
        """Layouts in ``_layouts/`` (plus those posts or ``defaults`` name, for theme sites)."""
        return _sorted([*self._snap.layouts, *self.layout_counts(),
                        *self._default_values("layout")])

    def site_layouts(self) -> list[str]:
        """Only the layouts ``_layouts/`` holds."""
        return list(self._snap.layouts)

    def includes(self) -> list[str]:
        """Files in ``_includes/`` (relative paths), for ``{% include %}``."""
        return list(self._snap.includes)

    def defaults_for(self, path: Path | str) -> dict[str, Any]:
        """Values ``_config.yml`` ``defaults`` give the post at ``path`` (absolute or relative).

        The form shows them as placeholders and never writes them into the post.
        """
        p = Path(path)
        rel = self.relpath(p) if p.is_absolute() else p.as_posix()
        if rel is None:
            return {}
        kind = "drafts" if _is_draft(rel) else "posts"
        return self.site.defaults_for(rel, kind)

    def _default_values(self, *keys: str) -> list[str]:
        out: list[str] = []
        for rule in self.site.defaults:
            values = rule.get("values")
            if isinstance(values, dict):
                for key in keys:
                    v = values.get(key)
                    if isinstance(v, str):
                        out.extend(v.split() if key in ("categories", "tags") else [v])
                    elif isinstance(v, list):
                        out.extend(str(x) for x in v)
        return out

    def posts_with_slug(self, slug: str) -> list[PostEntry]:
        """Posts (not drafts) whose slug is ``slug``."""
        by_slug: dict[str, list[PostEntry]] = self._derive("slugs", _posts_by_slug)
        return list(by_slug.get(jekyll.slugify(slug), ()))

    def find_post_url(self, name: str) -> PostEntry | None:
        """The post ``{% post_url name %}`` refers to (``2010-07-21-slug`` or ``dir/2010-...``)."""
        name = name.strip().strip("/")
        base = name.rsplit("/", 1)[-1]
        for e in self._snap.entries.values():
            if e.kind == "posts" and e.name == base and (
                    "/" not in name or e.relpath.rsplit(".", 1)[0].endswith(name)):
                return e
        return None


def _posts_by_slug(snap: _Snapshot) -> dict[str, list[PostEntry]]:
    """The snapshot's posts (not drafts) by slug, in index order."""
    out: dict[str, list[PostEntry]] = {}
    for e in snap.entries.values():
        if e.kind == "posts":
            out.setdefault(e.slug, []).append(e)
    return out


def _sorted(values: Iterable[str]) -> list[str]:
    return sorted({v for v in values if v}, key=lambda v: (v.casefold(), v))
