"""Images in posts: copying into the site as ``<md5>.<ext>``, image references.

An image is accepted only when it is what its bytes say: read up to a bound, decoded
whole by Pillow (a text file named .jpg, a truncated JPEG and a decompression bomb are
refused), and an SVG only without active content (scripts, event handlers,
``foreignObject``, ``javascript:`` links), which the site would otherwise serve. Location
data is removed by :mod:`editor.core.imagemeta`, and the copy written to the site is read
back and checked before the writer is told it has none.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import struct
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from editor.core import imagemeta
from editor.core.digests import md5_hex
from editor.core.files import atomic_write

DEFAULT_FOLDER = "assets/images"
MAX_IMAGE_BYTES = 64 * 1024 * 1024  # a larger file is refused before it is read
_PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "avif": "AVIF"}
_PNG_SIG = b"\x89PNG\r\n\x1a\n"


class ImageError(Exception):
    """An image that cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class ImportedImage:
    """An image copied into a site."""

    relpath: str  # site-relative, e.g. assets/images/<md5>.jpg: the value for ``image:``
    path: Path
    gps_removed: bool  # location data was found and removed
    already_present: bool  # the same image was already in the site

    def markdown(self, alt: str) -> str:
        """A Markdown image for the body, site-relative from the root."""
        return markdown_image(self.relpath, alt)


def markdown_image(relpath: str, alt: str) -> str:
    """``![alt](/relpath)`` with brackets in the alt text escaped."""
    alt = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    target = "/" + relpath.lstrip("/")
    if " " in target or "(" in target or ")" in target:
        target = f"<{target}>"
    return f"![{alt}]({target})"


def image_extension(data: bytes, fallback: str = "") -> str:
    """The usual extension for image ``data`` (by its magic bytes), without the dot."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(_PNG_SIG):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp":
        size = int.from_bytes(data[:4], "big")
        brands = data[8:min(max(size, 16), 256)]
        if b"avif" in brands or b"avis" in brands:
            return "avif"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        return "svg"
    return fallback.lower().lstrip(".")


# -- GPS --------------------------------------------------------------------------------


def has_gps(data: bytes) -> bool:
    """Whether the image carries location data (see :func:`imagemeta.find_location`)."""
    return bool(imagemeta.find_location(data))


def strip_gps(data: bytes) -> bytes:
    """``data`` without location data, or unchanged when its format keeps none Dateline
    can remove (use :func:`import_image`, which checks the result, to copy an image)."""
    try:
        return imagemeta.strip_location(data)
    except imagemeta.LocationError:
        return data


def exif_tags(data: bytes) -> dict[int, int]:
    """IFD0 tags of a JPEG's or PNG's EXIF as {tag: first value (short/long)} (for inspection)."""
    tiff = b""
    if data.startswith(b"\xff\xd8"):
        pos = 2
        while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] not in (0xDA, 0xD9):
            length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
            if data[pos + 1] == 0xE1 and data[pos + 4:pos + 10] == b"Exif\x00\x00":
                tiff = data[pos + 10:pos + 2 + length]
                break
            pos += 2 + length
    elif data.startswith(_PNG_SIG):
        pos = 8
        while pos + 12 <= len(data):
            length = struct.unpack(">I", data[pos:pos + 4])[0]
            if data[pos + 4:pos + 8] == b"eXIf":
                tiff = data[pos + 8:pos + 8 + length]
                break
            pos += 12 + length
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return {}
    bo = "<" if tiff[:2] == b"II" else ">"
    try:
        ifd0 = struct.unpack_from(bo + "I", tiff, 4)[0]
        count = struct.unpack_from(bo + "H", tiff, ifd0)[0]
        tags = {}
        for i in range(count):
            tag, kind, _ = struct.unpack_from(bo + "HHI", tiff, ifd0 + 2 + 12 * i)
            fmt = "H" if kind == 3 else "I"
            tags[tag] = struct.unpack_from(bo + fmt, tiff, ifd0 + 2 + 12 * i + 8)[0]
        return tags
    except struct.error:
        return {}


# -- copying into the site ----------------------------------------------------------------


@dataclass(frozen=True)
class PreparedImage:
    """An image made ready for a site but not written yet: its site path and its bytes."""

    relpath: str
    data: bytes
    location_removed: bool


def prepare_image(
    source: Path | bytes,
    folder: str = DEFAULT_FOLDER,
    strip_location: bool | Callable[[], bool] = True,
    suffix: str = "",
) -> PreparedImage:
    """Check an image (a file, or pasted bytes with ``suffix``) and name its copy
    ``folder/<md5 of content>.<ext>``, location data removed when ``strip_location`` says
    so (a callable is asked only when the image carries some). Nothing is written: see
    :func:`write_image`. Raises :class:`ImageError` in plain words."""
    data = read_image(source)
    if not isinstance(source, bytes):
        suffix = suffix or Path(source).suffix
    ext = check_image(data, suffix)
    located = imagemeta.find_location(data)
    if callable(strip_location):
        strip_location = bool(located) and strip_location()
    cleaned = data
    if strip_location and located:
        try:
            cleaned = imagemeta.strip_location(data)
        except imagemeta.LocationError as exc:
            raise ImageError(f"it records where it was taken and {exc}; it was not added "
                             "(remove the location with another tool, or keep it)") from None
        left = imagemeta.find_location(cleaned)
        if left:
            raise ImageError(f"it records where it was taken and Dateline could not remove "
                             f"all of it ({', '.join(left)}); it was not added") from None
        check_image(cleaned, ext)
    digest = md5_hex(cleaned)
    return PreparedImage(f"{folder.strip('/')}/{digest}.{ext}", cleaned, cleaned != data)


def write_image(prepared: PreparedImage, site_root: Path) -> ImportedImage:
    """Write a :func:`prepare_image` result into ``site_root`` (the same bytes already there
    are left alone); a copy whose location was removed is read back and checked."""
    target = Path(site_root) / prepared.relpath
    already = False
    with contextlib.suppress(OSError):
        already = target.is_file() and target.read_bytes() == prepared.data
    if not already:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, prepared.data, force=True)
    if prepared.location_removed:
        _check_written(target, prepared.data, remove=not already)
    return ImportedImage(prepared.relpath, target, prepared.location_removed, already)


def import_image(
    source: Path | bytes,
    site_root: Path,
    folder: str = DEFAULT_FOLDER,
    strip_location: bool | Callable[[], bool] = True,
    suffix: str = "",
) -> ImportedImage:
    """Copy an image (a file, or bytes pasted from the clipboard with ``suffix``) into
    ``site_root/folder/<md5 of content>.<ext>``; the source is never modified.

    The image is checked first (:func:`check_image`). With ``strip_location`` location
    data is removed from the copy (the name is the md5 of the bytes written) and the copy
    on disk is read back to make sure none is left; a callable is asked only when the image
    carries location data (e.g. a question to the writer). Raises :class:`ImageError` in
    plain words, and then leaves no copy behind.
    """
    return write_image(prepare_image(source, folder, strip_location, suffix), site_root)


def _check_written(target: Path, expected: bytes, remove: bool) -> None:
    """Read the copy back: it must be what was meant and carry no location."""
    try:
        written = target.read_bytes()
    except OSError as exc:
        raise ImageError(f"the copy could not be read back: {exc.strerror or exc}") from None
    if written != expected or imagemeta.find_location(written):
        if remove:
            target.unlink(missing_ok=True)
        raise ImageError("the copy in the site still records where the picture was taken; "
                         "it was removed")


def read_image(source: Path | bytes) -> bytes:
    """The bytes of an image file (or pasted bytes), refusing what is not a regular file
    or is larger than :data:`MAX_IMAGE_BYTES` before reading it."""
    if isinstance(source, bytes):
        data = source
    else:
        try:
            # Non-blocking: opening a FIFO must not wait for a writer.
            fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with open(fd, "rb", buffering=0) as f:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise ImageError(f"{Path(source).name} is not a regular file")
                data = f.read(MAX_IMAGE_BYTES + 1)
        except OSError as exc:
            raise ImageError(f"cannot read the image {source}: {exc.strerror or exc}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"the image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    return data


def check_image(data: bytes, suffix: str = "") -> str:
    """The image's extension (jpg, png, gif, webp, avif, svg) once it has been decoded whole
    (an SVG: checked for active content); raises :class:`ImageError` saying why not."""
    ext = image_extension(data, suffix)
    if ext == "jpeg":
        ext = "jpg"
    if ext == "svg":
        from editor.core import svgcheck  # XML parsing: only for an SVG

        try:
            svgcheck.check_svg(data)
        except svgcheck.UnsafeSvg as exc:
            raise ImageError(f"the SVG {exc}; the site would serve it as it is, so it was not "
                             "added (export it again without scripts)") from None
        return ext
    fmt = _PILLOW_FORMATS.get(ext)
    if fmt is None:
        raise ImageError("this file is not an image Dateline knows (JPEG, PNG, GIF, WebP, "
                         "AVIF or SVG)")
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageError("the picture is too large to open safely "
                         f"(over {Image.MAX_IMAGE_PIXELS or 0:,} pixels)") from None
    except Image.UnidentifiedImageError:
        raise ImageError(f"the file is not a {fmt} picture (its content is not an image "
                         "Dateline can read)") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a damaged file
        raise ImageError(f"the {fmt} picture is damaged or cut short ({exc})") from None
    return ext


# -- references in posts ----------------------------------------------------------------


@dataclass(frozen=True)
class ImageRef:
    """An image a post refers to."""

    target: str  # as written
    alt: str | None  # None for the front-matter ``image:`` (no alt text there)
    line: int  # 1-based line in the body (0 for front matter)
    html: bool = False


_MD_IMAGE_RE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+[\"'(][^)]*)?\s*\)")
_HTML_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR_RE = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def body_lines_outside_code(body: str) -> list[tuple[int, str]]:
    """(1-based line, text) of body lines outside fenced code blocks and ``{% highlight %}``."""
    out: list[tuple[int, str]] = []
    fence: str | None = None
    in_highlight = False
    for number, line in enumerate(body.split("\n"), start=1):
        m = _FENCE_RE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if re.search(r"{%-?\s*highlight\b", line):
            in_highlight = True
        if in_highlight:
            if re.search(r"{%-?\s*endhighlight\b", line):
                in_highlight = False
            continue
        out.append((number, re.sub(r"`[^`]*`", "", line)))
    return out


def body_image_refs(body: str) -> list[ImageRef]:
    """Markdown ``![alt](src)`` and HTML ``<img>`` images in the body (outside code)."""
    refs: list[ImageRef] = []
    for number, line in body_lines_outside_code(body):
        for m in _MD_IMAGE_RE.finditer(line):
            target = m.group(2)
            if target.startswith("<"):
                target = target[1:-1]
            refs.append(ImageRef(target, m.group(1), number))
        for tag in _HTML_IMG_RE.finditer(line):
            attrs = {a.group(1).lower(): a.group(2) or a.group(3) or a.group(4) or ""
                     for a in _ATTR_RE.finditer(tag.group(0))}
            if "src" in attrs:
                refs.append(ImageRef(attrs["src"], attrs.get("alt"), number, html=True))
    return refs


def is_local(target: str) -> bool:
    """Whether an image target is a file of the site (not a URL, data: URI or Liquid-only)."""
    t = target.strip()
    if not t or re.match(r"^[a-z][a-z0-9+.-]*:", t, re.IGNORECASE) or t.startswith("//"):
        return False
    stripped = _strip_liquid(t)
    return bool(stripped) and "{{" not in stripped and "{%" not in stripped


_SITE_VAR_RE = re.compile(r"{{-?\s*(?:site\.(?:baseurl|url)|['\"]['\"])\s*-?}}")


def _strip_liquid(target: str) -> str:
    t = _SITE_VAR_RE.sub("", target.strip())
    m = re.fullmatch(r"{{-?\s*['\"]([^'\"]+)['\"]\s*\|\s*(?:relative_url|absolute_url)\s*-?}}", t)
    return m.group(1) if m else t


def resolve_image(target: str, site_root: Path | None, post_path: Path | None = None,
                  baseurl: str = "") -> Path | None:
    """The file an image target names, or None when it is not a local file that exists.

    Site-relative paths (``/assets/x.png``, ``assets/x.png``, ``{{ site.baseurl }}/...``)
    resolve against the site root; plain relative ones also against the post's folder.
    """
    candidates = image_candidates(target, site_root, post_path, baseurl)
    return next((c for c in candidates if c.is_file()), None)


def image_candidates(target: str, site_root: Path | None, post_path: Path | None = None,
                     baseurl: str = "") -> list[Path]:
    """Where an image target could be on disk, most likely first."""
    t = unquote(_strip_liquid(target).split("#", 1)[0].split("?", 1)[0])
    if baseurl and t.startswith(baseurl.rstrip("/") + "/"):
        t = t[len(baseurl.rstrip("/")):]
    out: list[Path] = []
    if site_root is not None:
        out.append(Path(site_root) / t.lstrip("/"))
    if post_path is not None and not t.startswith("/"):
        out.append(Path(post_path).parent / t)
    return out
