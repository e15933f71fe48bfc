"""Location data in image files: removed where each format keeps it, and looked for again.

Removal works on the file's own structure and never re-encodes the picture (a re-saved
JPEG, WebP or AVIF loses quality; a re-saved 16-bit PNG loses depth). What each format
keeps, and what happens to it:

- EXIF (a TIFF block) in JPEG ``APP1``, PNG ``eXIf`` and ImageMagick's ``Raw profile type
  exif``/``APP1`` text chunks, WebP ``EXIF`` chunks and AVIF/HEIF ``Exif`` items: the GPS
  IFD and its pointer are removed in place (same length, every other offset valid, so
  orientation, camera and the rest are kept).
- XMP (uncompressed in JPEG, WebP, GIF, AVIF and SVG; possibly compressed or hex-encoded
  in PNG text chunks): every ``prefix:GPS…`` property is blanked with spaces, which keeps
  the packet valid XML and the same length.
- PNG text chunks ImageMagick writes per property (``exif:GPSLatitude`` …): dropped.

:func:`find_location` looks for location data again independently of the removal: with
Pillow's readers (EXIF GPS IFD, XMP, PNG text) and a scan of the bytes for XMP GPS
properties. Callers check the result of :func:`strip_location` with it before saying a
location was removed.
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import zlib

_GPS_POINTER = 0x8825
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}
_PNG_SIG = b"\x89PNG\r\n\x1a\n"
_EXIF_HEADER = b"Exif\x00\x00"
# An XMP GPS property: an attribute (exif:GPSLatitude="…") or an element (<exif:GPSLatitude>
# … </exif:GPSLatitude>, or empty <exif:GPSLatitude/>), in any namespace prefix.
_XMP_GPS_ATTR = re.compile(rb"""[\w.-]+:gps[a-z]*\s*=\s*(?:"[^"]*"|'[^']*')""", re.IGNORECASE)
_XMP_GPS_EMPTY = re.compile(rb"<([\w.-]+:gps[a-z]*)\b[^<>]*/>", re.IGNORECASE)
_XMP_GPS_ELEMENT = re.compile(rb"<([\w.-]+:gps[a-z]*)\b[^<>]*>.*?</\1\s*>",
                              re.IGNORECASE | re.DOTALL)
_XMP_GPS_ANY = re.compile(rb"""[\w.-]+:gps[a-z]*(?:\s*=\s*["']|[\s>/])""", re.IGNORECASE)


class LocationError(Exception):
    """The image's location data could not be removed; the message says why."""


# -- looking ---------------------------------------------------------------------------


def find_location(data: bytes) -> list[str]:
    """What location data ``data`` carries, in words (empty when none is found).

    Independent of :func:`strip_location`: Pillow reads the EXIF GPS IFD (JPEG, PNG
    ``eXIf`` and raw profiles, WebP, AVIF), the XMP and PNG text; the bytes are also
    scanned for XMP GPS properties anywhere (a second packet, an SVG, a GIF).
    """
    found: list[str] = []
    if _XMP_GPS_ANY.search(data):
        found.append("GPS properties in XMP")
    if any(_has_gps_pointer(data[m.end():]) for m in re.finditer(re.escape(_EXIF_HEADER), data)):
        found.append("EXIF GPS")  # in any EXIF block: a JPEG's second (MPF) picture too
    # Any failure: not an image Pillow reads (SVG); the scan above stands.
    with contextlib.suppress(Exception):
        found += _pillow_location(data)
    return found


def _pillow_location(data: bytes) -> list[str]:
    from PIL import Image

    found: list[str] = []
    with Image.open(io.BytesIO(data)) as image:
        if image.format in ("PNG", "GIF"):
            image.load()  # text chunks / extensions after the first picture are read here
        if image.getexif().get_ifd(_GPS_POINTER):
            found.append("EXIF GPS")
        for key, value in image.info.items():
            raw = value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")
            if "gps" in str(key).lower():
                found.append(f"text field {key}")
            elif str(key).lower().startswith("raw profile type"):
                profile = _raw_profile_bytes(raw)
                if profile is not None and (_XMP_GPS_ANY.search(profile)
                                            or _tiff_has_gps(_tiff_in(profile))):
                    found.append(f"{key}")
            elif _XMP_GPS_ANY.search(raw):
                found.append(f"GPS properties in {key}")
    return found


def _has_gps_pointer(tiff: bytes) -> bool:
    """Whether a TIFF block's IFD0 points at a GPS IFD (read by hand, no library)."""
    if tiff[:4] not in (b"II*\x00", b"MM\x00*"):
        return False
    bo = "<" if tiff[:2] == b"II" else ">"
    try:
        ifd0 = struct.unpack_from(bo + "I", tiff, 4)[0]
        count = struct.unpack_from(bo + "H", tiff, ifd0)[0]
        return any(struct.unpack_from(bo + "HHII", tiff, ifd0 + 2 + 12 * i)[0] == _GPS_POINTER
                   and struct.unpack_from(bo + "HHII", tiff, ifd0 + 2 + 12 * i)[3] != 0
                   for i in range(count))
    except struct.error:
        return False


def _tiff_has_gps(tiff: bytes | None) -> bool:
    if not tiff:
        return False
    from PIL import Image

    exif = Image.Exif()
    try:
        exif.load(tiff)
        return bool(exif.get_ifd(_GPS_POINTER))
    except Exception:  # noqa: BLE001 - unreadable EXIF: look for the pointer by hand
        stripped = strip_tiff(tiff)
        return stripped is None or stripped != tiff


# -- removing --------------------------------------------------------------------------


def strip_location(data: bytes) -> bytes:
    """``data`` without location data (JPEG, PNG, WebP, GIF, AVIF/HEIF, SVG).

    Raises :class:`LocationError` for a format it cannot take location data out of.
    """
    if data.startswith(b"\xff\xd8"):
        out = _strip_jpeg(data)
    elif data.startswith(_PNG_SIG):
        out = _strip_png(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        out = _strip_webp(data)
    elif data[4:8] == b"ftyp":
        out = _strip_isobmff(data)
    elif data[:6] in (b"GIF87a", b"GIF89a") or b"<svg" in data[:4096].lower():
        out = data  # XMP only, scrubbed below
    else:
        raise LocationError("Dateline cannot remove location data from this kind of file")
    return scrub_xmp(out)


def scrub_xmp(data: bytes) -> bytes:
    """``data`` with every XMP GPS property blanked by spaces (same length)."""
    if not _XMP_GPS_ANY.search(data):
        return data

    def blank(match: re.Match[bytes]) -> bytes:
        return b" " * len(match.group(0))

    for pattern in (_XMP_GPS_ELEMENT, _XMP_GPS_EMPTY, _XMP_GPS_ATTR):
        data = pattern.sub(blank, data)
    return data


def strip_tiff(tiff: bytes) -> bytes | None:
    """The TIFF (EXIF) block without its GPS IFD, same length; None when it cannot be read.

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


def _strip_exif_payload(payload: bytes) -> bytes:
    """An EXIF payload ("Exif\\0\\0" + TIFF, or TIFF alone) without GPS, same length
    (zeroed when it cannot be read: better no EXIF than a location left behind)."""
    head = len(_EXIF_HEADER) if payload.startswith(_EXIF_HEADER) else 0
    tiff = strip_tiff(payload[head:])
    return payload[:head] + tiff if tiff is not None else bytes(len(payload))


def _tiff_in(payload: bytes) -> bytes:
    at = payload.find(_EXIF_HEADER)
    if at >= 0:
        return payload[at + len(_EXIF_HEADER):]
    for magic in (b"II*\x00", b"MM\x00*"):
        at = payload.find(magic)
        if at >= 0:
            return payload[at:]
    return b""


# -- JPEG --------------------------------------------------------------------------------


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
        if marker == 0xE1 and segment[4:].startswith(_EXIF_HEADER):
            segment = segment[:4] + _strip_exif_payload(segment[4:])
        out += segment
        pos += 2 + length
    rest = len(out)
    out += data[pos:]
    return _strip_later_exif(out, rest)


def _strip_later_exif(buf: bytearray, start: int) -> bytes:
    """EXIF segments after the first picture (the second picture of an MPF file, as phones
    write them) stripped in place."""
    at = buf.find(b"\xff\xe1", start)
    while at >= 0 and at + 10 <= len(buf):
        length = struct.unpack_from(">H", buf, at + 2)[0]
        if buf[at + 4:at + 10] == _EXIF_HEADER and at + 2 + length <= len(buf):
            buf[at + 4:at + 2 + length] = _strip_exif_payload(bytes(buf[at + 4:at + 2 + length]))
        at = buf.find(b"\xff\xe1", at + 2)
    return bytes(buf)


# -- PNG ---------------------------------------------------------------------------------


def _strip_png(data: bytes) -> bytes:
    out = bytearray(_PNG_SIG)
    pos = len(_PNG_SIG)
    while pos + 12 <= len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        chunk = data[pos:pos + 12 + length]
        body = chunk[8:8 + length]
        if kind == b"eXIf":
            new = _strip_exif_payload(body)
            if new != body:
                chunk = _png_chunk(b"eXIf", new)
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            new_body = _strip_png_text(kind, body)
            if new_body is None:
                chunk = b""
            elif new_body != body:
                chunk = _png_chunk(kind, new_body)
        out += chunk
        pos += 12 + length
        if kind == b"IEND":
            break
    out += data[pos:]
    return bytes(out)


def _strip_png_text(kind: bytes, body: bytes) -> bytes | None:
    """A text chunk's body without location (None: drop the chunk)."""
    keyword, _, rest = body.partition(b"\x00")
    if b"gps" in keyword.lower():
        return None  # ImageMagick's per-property chunks: exif:GPSLatitude …
    try:
        head, text, compressed = _png_text(kind, rest)
    except (ValueError, zlib.error):
        return None if b"gps" in body.lower() else body  # unreadable: keep nothing risky
    if keyword.lower().startswith(b"raw profile type"):
        new_text = _strip_raw_profile(keyword.lower()[17:], text)
    else:
        new_text = scrub_xmp(text)
    if new_text == text:
        return body
    return keyword + b"\x00" + head + (zlib.compress(new_text) if compressed else new_text)


def _png_text(kind: bytes, rest: bytes) -> tuple[bytes, bytes, bool]:
    """(bytes before the text, the text, whether it was compressed) of a text chunk."""
    if kind == b"tEXt":
        return b"", rest, False
    if kind == b"zTXt":
        return rest[:1], zlib.decompress(rest[1:]), True
    flag, method = rest[:1], rest[1:2]
    lang, _, after = rest[2:].partition(b"\x00")
    translated, _, text = after.partition(b"\x00")
    head = flag + method + lang + b"\x00" + translated + b"\x00"
    compressed = flag == b"\x01"
    return head, zlib.decompress(text) if compressed else text, compressed


def _strip_raw_profile(name: bytes, text: bytes) -> bytes:
    """ImageMagick's "Raw profile type NAME" text ("\\nname\\n   length\\nhex…") without
    location: the profile is decoded, cleaned and written back in the same hex layout."""
    profile = _raw_profile_bytes(text)
    if profile is None:
        return text
    if name in (b"exif", b"app1"):
        at = profile.find(_EXIF_HEADER)
        start = at if at >= 0 else 0
        cleaned = profile[:start] + _strip_exif_payload(profile[start:])
    else:
        cleaned = scrub_xmp(profile)
    if cleaned == profile:
        return text
    digits = iter(cleaned.hex().encode())
    out = bytearray(text)
    hex_start = _raw_profile_hex_start(text)
    for i in range(hex_start, len(out)):
        if chr(out[i]) in "0123456789abcdefABCDEF":
            out[i] = next(digits)
    return bytes(out)


def _raw_profile_hex_start(text: bytes) -> int:
    lines = text.split(b"\n")
    # "", name, length, hex…: the hex starts after the third newline.
    return sum(len(line) + 1 for line in lines[:3])


def _raw_profile_bytes(text: bytes) -> bytes | None:
    try:
        return bytes.fromhex(text[_raw_profile_hex_start(text):].decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(
        ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


# -- WebP ---------------------------------------------------------------------------------


def _strip_webp(data: bytes) -> bytes:
    buf = bytearray(data)
    pos = 12
    while pos + 8 <= len(buf):
        kind = bytes(buf[pos:pos + 4])
        size = struct.unpack_from("<I", buf, pos + 4)[0]
        start, end = pos + 8, min(pos + 8 + size, len(buf))
        if kind == b"EXIF":
            buf[start:end] = _strip_exif_payload(bytes(buf[start:end]))
        pos = start + size + (size & 1)
    return bytes(buf)


# -- AVIF / HEIF (ISO base media file format) ------------------------------------------------


def _boxes(data: bytes | memoryview, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in ``data[start:end]``."""
    out = []
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise LocationError("the file's structure is damaged")
        out.append((kind, pos + header, pos + size))
        pos += size
    return out


def _strip_isobmff(data: bytes) -> bytes:
    """AVIF/HEIF: the ``Exif`` items' GPS IFDs removed in place (found through ``iinf`` and
    ``iloc``); XMP (``mime`` items) is left to :func:`scrub_xmp`."""
    buf = bytearray(data)
    try:
        top = _boxes(data, 0, len(data))
        meta = next(((s, e) for k, s, e in top if k == b"meta"), None)
        if meta is None:
            return data
        children = _boxes(data, meta[0] + 4, meta[1])  # meta is a full box
        exif_items = set()
        idat_start = None
        locations: dict[int, tuple[int, list[tuple[int, int]]]] = {}
        for kind, start, end in children:
            if kind == b"iinf":
                exif_items = _exif_item_ids(data, start, end)
            elif kind == b"idat":
                idat_start = start
            elif kind == b"iloc":
                locations = _item_locations(data, start)
        for item in exif_items:
            method, extents = locations.get(item, (0, []))
            base = 0 if method == 0 else idat_start
            if base is None or method not in (0, 1):
                raise LocationError("the image keeps its EXIF where Dateline cannot reach it")
            payload = b"".join(data[base + o:base + o + n] for o, n in extents)
            if len(payload) < 4:
                continue
            tiff_at = 4 + struct.unpack_from(">I", payload, 0)[0]
            cleaned = payload[:tiff_at] + _strip_exif_payload(payload[tiff_at:])
            at = 0
            for offset, length in extents:
                buf[base + offset:base + offset + length] = cleaned[at:at + length]
                at += length
    except (struct.error, IndexError) as exc:
        raise LocationError("the file's structure cannot be read") from exc
    return bytes(buf)


def _exif_item_ids(data: bytes, start: int, end: int) -> set[int]:
    version = data[start]
    count_size = 2 if version == 0 else 4
    pos = start + 4 + count_size
    ids = set()
    for kind, s, _e in _boxes(data, pos, end):
        if kind != b"infe":
            continue
        infe_version = data[s]
        if infe_version < 2:
            continue
        id_size = 2 if infe_version == 2 else 4
        item_id = int.from_bytes(data[s + 4:s + 4 + id_size], "big")
        item_type = data[s + 4 + id_size + 2:s + 4 + id_size + 6]
        if item_type == b"Exif":
            ids.add(item_id)
    return ids


def _item_locations(data: bytes, start: int) -> dict[int, tuple[int, list[tuple[int, int]]]]:
    """item id → (construction method, [(offset, length)]) from an ``iloc`` box."""
    version = data[start]
    pos = start + 4
    sizes = struct.unpack_from(">H", data, pos)[0]
    offset_size, length_size = sizes >> 12, (sizes >> 8) & 0xF
    base_size, index_size = (sizes >> 4) & 0xF, sizes & 0xF
    pos += 2

    def read(n: int) -> int:
        nonlocal pos
        value = int.from_bytes(data[pos:pos + n], "big") if n else 0
        pos += n
        return value

    count = read(2 if version < 2 else 4)
    out: dict[int, tuple[int, list[tuple[int, int]]]] = {}
    for _ in range(count):
        item = read(2 if version < 2 else 4)
        method = read(2) & 0xF if version in (1, 2) else 0
        read(2)  # data reference index
        base = read(base_size)
        extents = []
        for _ in range(read(2)):
            if version in (1, 2):
                read(index_size)
            offset = read(offset_size)
            extents.append((base + offset, read(length_size)))
        out[item] = (method, extents)
    return out
