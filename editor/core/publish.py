"""Publishing: new posts and drafts, publishing a draft, export into a site, bundles for the desk.

Every write is atomic and none overwrites another post: a new file is created with
a hard link from a fsynced temp file (which fails if the name is taken), so two
writers racing for a name cannot clobber each other.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core import checks, dates, images, jekyll
from editor.core.digests import md5_hex
from editor.core.files import ABSENT, SaveError, atomic_write, create_new, describe_os_error
from editor.core.post import Post, binary_reason, load_post, new_post_bytes
from editor.core.site import SiteIndex
from editor.core.site_model import Site, find_site_root
from editor.core.words import plural


class PublishError(Exception):
    """Publishing or export refused or failed; the message says why in plain words."""

    def __init__(self, message: str, findings: list[checks.Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


class PublishBlocked(PublishError):
    """The checks found errors; ``force=True`` publishes anyway. ``findings`` lists them all."""


@dataclass(frozen=True)
class PublishResult:
    """Where a post went, at which address, and what the writer should know."""

    path: Path
    warnings: tuple[str, ...] = ()
    images: tuple[Path, ...] = field(default=())
    url: str | None = None
    findings: tuple[checks.Finding, ...] = ()


def _now(now: dt.datetime | None, site: Site) -> dt.datetime:
    """``now`` in the site's timezone (the writer's without one), to the second (aware)."""
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    return now.astimezone(dates.site_zone(site)).replace(microsecond=0)


def errors_of(findings: list[checks.Finding] | tuple[checks.Finding, ...]
              ) -> list[checks.Finding]:
    """The findings that block publishing."""
    return [f for f in findings if f.severity == checks.ERROR]


def _blocked(name: str, findings: list[checks.Finding], verb: str) -> PublishBlocked:
    errors = errors_of(findings)
    return PublishBlocked(
        f"{name} has {plural(len(errors), 'error')}; fix them or {verb} with --force: "
        + "; ".join(f"{f.message} [{f.id}]" for f in errors[:3]), findings)


def public_url(post: Post, filename: str, site: Site) -> str | None:
    """The address the post will have: the site's ``url`` and ``baseurl`` and its permalink."""
    path = jekyll.permalink_for(post.front_matter, filename, site)
    if path is None:
        return None
    return site.url.rstrip("/") + site.baseurl + path


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` atomically; refuse (PublishError) if it exists."""
    try:
        create_new(path, data)
    except FileExistsError:
        raise PublishError(f"{path} already exists; it was not overwritten") from None
    except SaveError as exc:
        raise PublishError(str(exc)) from None


def _unique(folder: Path, name: str) -> Path:
    stem, ext = os.path.splitext(name)
    candidate = folder / name
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{ext}"
        n += 1
    return candidate


def _load_source(src: Path) -> Post:
    """The post to publish or export; a binary or unreadable file is refused in plain words."""
    try:
        post = load_post(src)
    except OSError as exc:
        raise PublishError(f"cannot read {src}: {describe_os_error(exc)}") from None
    reason = binary_reason(post.original)
    if reason is not None:
        raise PublishError(f"{src}: {reason}")
    return post


# -- new post ---------------------------------------------------------------------------


def new_post_fields(site: Site, title: str, kind: str, relpath: str,
                    when: dt.datetime | None, author: str = "") -> dict[str, Any]:
    """House-style fields for a new post; what ``defaults`` give is left out, and no key is
    written empty (no ``author: ""``, ``tags: []`` or ``excerpt: ""``: the form offers them)."""
    inherited = site.defaults_for(relpath, kind)
    fields: dict[str, Any] = {}
    if "layout" not in inherited:
        fields["layout"] = "post"
    if title:
        fields["title"] = title
    if when is not None:
        fields["date"] = dates.value_to_write(when.replace(tzinfo=None), when.tzinfo or dt.UTC,
                                              None)
    if author.strip() and "author" not in inherited:
        fields["author"] = author.strip()
    return fields


def new_post(site_root: Path, title: str, draft: bool = False, now: dt.datetime | None = None,
             fields: dict[str, Any] | None = None, body: str = "", author: str = "") -> Path:
    """Create a post (``_posts/YYYY-MM-DD-slug.md``) or draft (``_drafts/slug.md``).

    The date is now in the site's timezone (with its offset, so Jekyll reads the
    moment meant); a taken name gets ``-2``, ``-3``... Returns the new file.
    """
    title = title.strip()
    if not title:
        raise PublishError("a new post needs a title")
    site = Site.load(Path(site_root))
    when = _now(now, site)
    if draft:
        folder, name, kind = Path(site_root) / "_drafts", jekyll.draft_filename(title), "drafts"
    else:
        folder, name, kind = Path(site_root) / "_posts", jekyll.post_filename(when, title), "posts"
    target = _unique(folder, name)
    values = new_post_fields(site, title, kind, f"_{kind}/{target.name}",
                             None if draft else when, author)
    values.update(fields or {})
    write_new_file(target, new_post_bytes(values, body))
    return target


# -- publish a draft ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """A draft made ready: the post with its date set, where it goes, and the findings."""

    post: Post
    target: Path
    site: Site
    findings: tuple[checks.Finding, ...]
    url: str | None


def _plan_publish(draft: Path, site_root: Path | None, now: dt.datetime | None,
                  when: dt.datetime | None) -> _Plan:
    draft = Path(draft)
    root = Path(site_root) if site_root is not None else find_site_root(draft)
    if root is None:
        raise PublishError(f"{draft} is not inside a Jekyll site (no _config.yml above it)")
    index = SiteIndex.open(root)
    site = index.site
    post = _load_source(draft)
    if post.problem is not None:
        raise PublishError(f"{draft.name}: fix the front matter first ({post.problem})")
    current = _now(now, site)
    moment = _now(when, site) if when is not None else current
    lines_before = post.front_matter_text.count("\n")
    post.set("date", dates.value_to_write(moment.replace(tzinfo=None), dates.site_zone(site),
                                          post.get("date"), site.timezone is not None))
    name = jekyll.parse_post_filename(draft.name)
    slug_name = name.slug + name.ext if name else draft.name
    target = root / "_posts" / f"{moment:%Y-%m-%d}-{slug_name}"
    # Checked as it will be published (in _posts, with its date), with line numbers as the
    # writer sees the draft in the editor (the date line publishing adds is not there yet).
    added = post.front_matter_text.count("\n") - lines_before
    date_line = checks.key_line(post, "date") or 0
    findings = [
        dataclasses.replace(f, line=None if f.line is not None and added and f.line == date_line
                            else (f.line - added if f.line and f.line > date_line else f.line))
        for f in checks.check_post(post, target, site, now, index=index)]
    return _Plan(post, target, site, tuple(findings), public_url(post, target.name, site))


def review_draft(draft: Path, site_root: Path | None = None, now: dt.datetime | None = None,
                 when: dt.datetime | None = None) -> PublishResult:
    """What publishing ``draft`` would do, without doing it: the file it would become, its
    address and the findings (errors block :func:`publish_draft` unless forced)."""
    plan = _plan_publish(draft, site_root, now, when)
    return PublishResult(plan.target, _warning_lines(plan.findings), (), plan.url, plan.findings)


def _warning_lines(findings: tuple[checks.Finding, ...] | list[checks.Finding]) -> tuple[str, ...]:
    return tuple(f"{f.message} [{f.id}]" for f in findings if f.severity == checks.WARNING)


def publish_draft(draft: Path, site_root: Path | None = None, now: dt.datetime | None = None,
                  when: dt.datetime | None = None, force: bool = False) -> PublishResult:
    """The one way a draft is published (window and command line): check it, then move it to
    ``_posts/YYYY-MM-DD-slug.ext`` with its ``date`` set (surgically).

    Errors from the checks raise :class:`PublishBlocked` (with the findings) unless ``force``;
    warnings come back in the result. ``when`` defaults to now; the date is written so that
    Jekyll reads exactly that instant (:func:`dates.value_to_write`). The draft is removed only
    after the post is safely written; an existing post is never replaced.
    """
    draft = Path(draft)
    plan = _plan_publish(draft, site_root, now, when)
    if errors_of(plan.findings) and not force:
        raise _blocked(draft.name, list(plan.findings), "publish")
    write_new_file(plan.target, plan.post.to_bytes())
    warnings = list(_warning_lines(plan.findings))
    try:
        draft.unlink()
    except OSError as exc:
        warnings.append(f"the post was published but the draft could not be removed: "
                        f"{describe_os_error(exc)}")
    return PublishResult(plan.target, tuple(warnings), (), plan.url, plan.findings)


# -- export ------------------------------------------------------------------------------


def _image_targets(post: Post) -> list[str]:
    out: list[str] = []
    image = post.get("image")
    if isinstance(image, dict):
        image = image.get("path") or image.get("feature")
    if isinstance(image, str) and image.strip():
        out.append(image.strip())
    out.extend(r.target for r in images.body_image_refs(post.body))
    return [t for t in dict.fromkeys(out) if images.is_local(t)]


def _source_site(src: Path) -> tuple[Path | None, Site, SiteIndex | None]:
    root = find_site_root(src)
    if root is None:
        return None, Site(), None
    index = SiteIndex.open(root)
    return root, index.site, index


def _plan_images(post: Post, src: Path, src_root: Path | None, baseurl: str,
                 dest_root: Path, plain: bool = False
                 ) -> tuple[list[tuple[Path, Path]], dict[str, str]]:
    """(source file, destination file) pairs, and references to rewrite in the post.

    Images keep their site-relative path; in a ``plain`` folder, images beside a loose post
    keep their path relative to it. Others get the site's md5 name (references rewritten).
    """
    copies: list[tuple[Path, Path]] = []
    rewrites: dict[str, str] = {}
    for target in _image_targets(post):
        found = images.resolve_image(target, src_root, src, baseurl)
        if found is None:
            raise PublishError(f"the image '{target}' does not exist")
        rel: str | None = None
        base = src_root if src_root is not None else (src.parent if plain else None)
        if base is not None:
            with contextlib.suppress(ValueError):
                rel = found.resolve().relative_to(base.resolve()).as_posix()
        if rel is None:  # an image beside a loose post: give it the site's md5 name
            data = found.read_bytes()
            rel = (f"{images.DEFAULT_FOLDER}/{md5_hex(data)}"
                   f".{images.image_extension(data, found.suffix)}")
            rewrites[target] = ("/" + rel) if target not in (post.get("image"),) else rel
        dest = dest_root / rel
        if dest.exists() and dest.read_bytes() != found.read_bytes():
            raise PublishError(f"the site already has a different {rel}; it was not overwritten")
        copies.append((found, dest))
    return copies, rewrites


def export_post(src: Path, dest_root: Path, now: dt.datetime | None = None,
                force: bool = False) -> PublishResult:
    """Check ``src`` and write it ready to publish into the folder ``dest_root``.

    A Jekyll site (it has ``_config.yml``) gets ``_posts/YYYY-MM-DD-slug.ext`` (named by
    the publish date in that site) and its images at their site paths; any other folder
    gets the post itself and its images beside it in the same relative layout. Errors from
    the checks refuse the export (:class:`PublishBlocked`) unless ``force``; no existing
    file is overwritten (the same bytes are fine).
    """
    src = Path(src)
    dest_root = Path(dest_root)
    if not dest_root.is_dir():
        raise PublishError(f"{dest_root} is not a folder")
    is_site = (dest_root / "_config.yml").is_file()
    post = _load_source(src)
    if post.problem is not None:
        raise PublishError(f"{src.name}: fix the front matter first ({post.problem})")
    src_root, src_site, src_index = _source_site(src)
    findings = checks.check_post(post, src, src_site, now, index=src_index)
    dest_index = SiteIndex.open(dest_root) if is_site else None
    dest_site = dest_index.site if dest_index is not None else src_site
    when = jekyll.publish_datetime(post.get("date"), src.name, dest_site)
    if when is None:
        when = _now(now, dest_site)
        post.set("date", dates.value_to_write(when.replace(tzinfo=None), dates.site_zone(dest_site),
                                              None, dest_site.timezone is not None))
    name = jekyll.parse_post_filename(src.name)
    slug = name.slug if name else jekyll.slugify(str(post.get("title") or src.stem)) or src.stem
    ext = name.ext if name else (src.suffix or ".md")
    folder = dest_root / "_posts" if is_site else dest_root
    target = folder / f"{when:%Y-%m-%d}-{slug}{ext}"
    same_slug = [e for e in dest_index.posts_with_slug(str(post.get("slug") or slug))
                 if e.path != target.resolve()] if dest_index is not None else []
    if same_slug:
        findings.append(checks.Finding(
            "slug-duplicate", checks.ERROR,
            f"the site already has a post with this slug: {same_slug[0].relpath}"))
    if errors_of(findings) and not force:
        raise _blocked(src.name, findings, "export")
    copies, rewrites = _plan_images(post, src, src_root, src_site.baseurl, dest_root,
                                    plain=not is_site)
    if rewrites:
        body = post.body
        for old, new in rewrites.items():
            if post.get("image") == old:
                post.set("image", new)
            body = body.replace(f"]({old}", f"]({new}").replace(f'src="{old}"', f'src="{new}"')
        post.set_body(body)
    data = post.to_bytes()
    url = public_url(post, target.name, dest_site) if is_site else None
    if target.exists():
        if target.read_bytes() == data:
            return PublishResult(target, ("the folder already has this exact post",),
                                 tuple(d for _, d in copies), url, tuple(findings))
        raise PublishError(f"{target} already exists with different content; it was not "
                           "overwritten")
    copied: list[Path] = []
    for source, dest in copies:
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                atomic_write(dest, source.read_bytes(), ABSENT)
            except (SaveError, OSError) as exc:
                raise PublishError(f"cannot copy {source.name}: {exc}") from None
            copied.append(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_new_file(target, data)
    return PublishResult(target, _warning_lines(findings), tuple(copied), url, tuple(findings))


def export_bundle(src: Path, out: Path) -> PublishResult:
    """A zip of the post (as ``_posts/<name>``) and its images (site-relative paths),
    for sending to the desk. Written atomically; an existing bundle is not replaced."""
    src = Path(src)
    out = Path(out)
    post = _load_source(src)
    if post.problem is not None:
        raise PublishError(f"{src.name}: fix the front matter first ({post.problem})")
    src_root, src_site, _ = _source_site(src)
    if out.exists():
        raise PublishError(f"{out} already exists; it was not overwritten")
    members: list[tuple[str, bytes]] = []
    rewrites: dict[str, str] = {}
    for target in _image_targets(post):
        found = images.resolve_image(target, src_root, src, src_site.baseurl)
        if found is None:
            raise PublishError(f"the image '{target}' does not exist")
        rel = None
        if src_root is not None:
            with contextlib.suppress(ValueError):
                rel = found.resolve().relative_to(src_root.resolve()).as_posix()
        data = found.read_bytes()
        if rel is None:
            rel = (f"{images.DEFAULT_FOLDER}/{md5_hex(data)}"
                   f".{images.image_extension(data, found.suffix)}")
            rewrites[target] = rel if post.get("image") == target else "/" + rel
        members.append((rel, data))
    if rewrites:
        body = post.body
        for old, new in rewrites.items():
            if post.get("image") == old:
                post.set("image", new)
            body = body.replace(f"]({old}", f"]({new}")
        post.set_body(body)
    kind = "_drafts" if "_drafts" in src.parts else "_posts"
    members.insert(0, (f"{kind}/{src.name}", post.to_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for arc, data in members:
            zf.writestr(arc, data)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out, buffer.getvalue())
    except (OSError, SaveError) as exc:
        reason = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
        raise PublishError(f"cannot write {out}: {reason}") from None
    return PublishResult(out, (), tuple(Path(a) for a, _ in members[1:]))
