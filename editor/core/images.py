"""Images in posts: copying into the site as ``<md5>.<ext>``, GPS stripping, image references.

Pure Python, no imaging library: GPS location is removed from JPEG EXIF (the GPS
IFD and its pointer, keeping orientation and the rest) and from PNG ``eXIf`` chunks,
and XMP packets that carry GPS tags are dropped.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from editor.core.files import atomic_write

DEFAULT_FOLDER = "assets/images"
_GPS_POINTER = 0x8825
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}
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
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return "avif"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        return "svg"
    return fallback.lower().lstrip(".")


# -- GPS --------------------------------------------------------------------------------


def has_gps(data: bytes) -> bool:
    """Whether the image carries location data we know how to remove."""
    return strip_gps(data) != data


def strip_gps(data: bytes) -> bytes:
    """``data`` without GPS location (JPEG and PNG); other formats are returned unchanged."""
    if data.startswith(b"\xff\xd8"):
        return _strip_jpeg(data)
    if data.startswith(_PNG_SIG):
        return _strip_png(data)
    return data


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    pos = 2
    n = len(data)
    while pos + 4 <= n:
        if data[pos] != 0xFF:
            break  # not a marker: leave the rest as it is
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            out.append(0xFF)
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            out += data[pos:pos + 2]
            pos += 2
            continue
        if marker in (0xDA, 0xD9):  # start of scan / end: the rest is image data
            break
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        segment = data[pos:pos + 2 + length]
        payload = segment[4:]
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            tiff = _strip_tiff(payload[6:])
            if tiff is None:
                segment = b""  # unreadable EXIF: drop it rather than leak a location
            else:
                segment = segment[:4] + b"Exif\x00\x00" + tiff
        elif marker == 0xE1 and payload.startswith(b"http://ns.adobe.com/") and b"GPS" in payload:
            segment = b""  # XMP packet with GPS coordinates
        out += segment
        pos += 2 + length
    out += data[pos:]
    return bytes(out)


def _strip_tiff(tiff: bytes) -> bytes | None:
    """The TIFF (EXIF) block without its GPS IFD; None when it cannot be read.

    The GPS pointer entry is removed from IFD0 in place (the following entries shift
    left and 12 bytes at the end are zeroed) and the GPS IFD and its values are zeroed,
    so every other offset stays valid and orientation and the rest are kept.
    """
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return None
    bo = "<" if tiff[:2] == b"II" else ">"
    buf = bytearray(tiff)
    try:
        ifd0 = struct.unpack_from(bo + "I", buf, 4)[0]
        count = struct.unpack_from(bo + "H", buf, ifd0)[0]
        entries_end = ifd0 + 2 + 12 * count
        if entries_end + 4 > len(buf):
            return None
        gps_index = None
        gps_offset = 0
        for i in range(count):
            tag = struct.unpack_from(bo + "H", buf, ifd0 + 2 + 12 * i)[0]
            if tag == _GPS_POINTER:
                gps_index = i
                gps_offset = struct.unpack_from(bo + "I", buf, ifd0 + 2 + 12 * i + 8)[0]
        if gps_index is None:
            return tiff
        _zero_ifd(buf, gps_offset, bo)
        start = ifd0 + 2 + 12 * gps_index
        tail = bytes(buf[start + 12:entries_end + 4])  # later entries + next-IFD offset
        buf[start:start + len(tail)] = tail
        buf[entries_end - 8:entries_end + 4] = bytes(12)
        struct.pack_into(bo + "H", buf, ifd0, count - 1)
        # The next-IFD offset now sits right after the remaining entries.
        struct.pack_into(bo + "I", buf, ifd0 + 2 + 12 * (count - 1),
                         struct.unpack_from(bo + "I", tail, len(tail) - 4)[0])
    except struct.error:
        return None
    return bytes(buf)


def _zero_ifd(buf: bytearray, offset: int, bo: str) -> None:
    """Overwrite an IFD and the values it points to with zeros."""
    if offset <= 0 or offset + 2 > len(buf):
        return
    count = struct.unpack_from(bo + "H", buf, offset)[0]
    end = min(offset + 2 + 12 * count + 4, len(buf))
    for i in range(count):
        at = offset + 2 + 12 * i
        if at + 12 > len(buf):
            break
        _, kind, n = struct.unpack_from(bo + "HHI", buf, at)
        size = _TYPE_SIZES.get(kind, 1) * n
        if size > 4:
            value_at = struct.unpack_from(bo + "I", buf, at + 8)[0]
            if 0 < value_at < len(buf):
                buf[value_at:min(value_at + size, len(buf))] = bytes(
                    min(size, len(buf) - value_at))
    buf[offset:end] = bytes(end - offset)


def _strip_png(data: bytes) -> bytes:
    out = bytearray(_PNG_SIG)
    pos = len(_PNG_SIG)
    while pos + 12 <= len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        chunk = data[pos:pos + 12 + length]
        body = chunk[8:8 + length]
        if kind == b"eXIf":
            tiff = _strip_tiff(body)
            if tiff is None:
                chunk = b""
            elif tiff != body:
                chunk = _png_chunk(b"eXIf", tiff)
        elif kind in (b"tEXt", b"iTXt", b"zTXt"):
            keyword = body.split(b"\x00", 1)[0].lower()
            if (b"exif" in keyword and kind == b"zTXt") or (b"xmp" in keyword and b"GPS" in body):
                chunk = b""
        out += chunk
        pos += 12 + length
        if kind == b"IEND":
            break
    out += data[pos:]
    return bytes(out)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(
        ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


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


def import_image(
    source: Path | bytes,
    site_root: Path,
    folder: str = DEFAULT_FOLDER,
    strip_location: bool | Callable[[], bool] = True,
    suffix: str = "",
) -> ImportedImage:
    """Copy an image (a file, or bytes pasted from the clipboard with ``suffix``) into
    ``site_root/folder/<md5 of content>.<ext>``; the source is never modified.

    With ``strip_location`` GPS data is removed from the copy (the name is the md5
    of the bytes written); a callable is asked only when the image carries location
    data (e.g. a question to the writer). Raises :class:`ImageError` in plain words.
    """
    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise ImageError(f"cannot read the image {source}: {exc.strerror or exc}") from None
        suffix = suffix or Path(source).suffix
    ext = image_extension(data, suffix)
    if not ext or ext not in ("jpg", "png", "gif", "webp", "avif", "svg", "jpeg"):
        raise ImageError("this file is not an image Dateline knows (JPEG, PNG, GIF, WebP, "
                         "AVIF or SVG)")
    if callable(strip_location):
        strip_location = has_gps(data) and strip_location()
    cleaned = strip_gps(data) if strip_location else data
    digest = hashlib.md5(cleaned, usedforsecurity=False).hexdigest()
    rel = f"{folder.strip('/')}/{digest}.{ext}"
    target = Path(site_root) / rel
    if target.is_file():
        try:
            if target.read_bytes() == cleaned:
                return ImportedImage(rel, target, cleaned != data, True)
        except OSError:
            pass
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, cleaned, force=True)
    return ImportedImage(rel, target, cleaned != data, False)


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
