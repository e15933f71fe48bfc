"""Images: copying into the site under their md5 name, and GPS stripping for JPEG and PNG."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import pytest

from editor.core import images
from tests.core.site_helpers import tiny_png

LATITUDE = (51, 1, 30, 1, 4321, 100)  # 51° 30' 43.21" as three rationals


def exif_tiff(bo: str = "<") -> bytes:
    """A TIFF block: IFD0 with Make, Orientation=6 and a GPS pointer; a GPS IFD with a latitude."""
    head = (b"II*\x00" if bo == "<" else b"MM\x00*") + struct.pack(bo + "I", 8)
    ifd0 = struct.pack(bo + "H", 3)
    ifd0 += struct.pack(bo + "HHII", 0x010F, 2, 6, 50)  # Make -> "Canon\0" at 50
    ifd0 += struct.pack(bo + "HHIHH", 0x0112, 3, 1, 6, 0)  # Orientation 6 (rotate 90°)
    ifd0 += struct.pack(bo + "HHII", 0x8825, 4, 1, 56)  # GPS IFD at 56
    ifd0 += struct.pack(bo + "I", 0)
    make = b"Canon\x00"
    gps = struct.pack(bo + "H", 2)
    gps += struct.pack(bo + "HHI", 0x0001, 2, 2) + b"N\x00\x00\x00"
    gps += struct.pack(bo + "HHII", 0x0002, 5, 3, 86)
    gps += struct.pack(bo + "I", 0)
    rationals = struct.pack(bo + "6I", *LATITUDE)
    tiff = head + ifd0 + make + gps + rationals
    assert len(head + ifd0) == 50 and len(head + ifd0 + make) == 56
    return tiff


def real_jpeg(color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small JPEG that decodes (made by Pillow)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 12), color).save(out, "JPEG")
    return out.getvalue()


def jpeg_with_gps(bo: str = "<") -> bytes:
    """A decodable JPEG whose EXIF (APP1, first segment) is :func:`exif_tiff`."""
    app1 = b"Exif\x00\x00" + exif_tiff(bo)
    jpeg = real_jpeg()
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


def png_with_gps() -> bytes:
    png = tiny_png()
    tiff = exif_tiff()
    chunk = (struct.pack(">I", len(tiff)) + b"eXIf" + tiff
             + struct.pack(">I", zlib.crc32(b"eXIf" + tiff) & 0xFFFFFFFF))
    ihdr_end = 8 + 12 + 13
    return png[:ihdr_end] + chunk + png[ihdr_end:]


def png_chunks(data: bytes) -> list[tuple[bytes, bool]]:
    """(kind, CRC valid) for every chunk."""
    out, pos = [], 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        out.append((kind, crc == zlib.crc32(kind + body) & 0xFFFFFFFF))
        pos += 12 + length
    return out


@pytest.mark.parametrize("bo", ["<", ">"], ids=["little-endian", "big-endian"])
def test_jpeg_gps_is_removed_and_orientation_kept(bo: str) -> None:
    data = jpeg_with_gps(bo)
    assert images.has_gps(data)
    assert 0x8825 in images.exif_tags(data)
    clean = images.strip_gps(data)
    tags = images.exif_tags(clean)
    assert 0x8825 not in tags
    assert tags[0x0112] == 6  # orientation kept
    assert 0x010F in tags
    assert struct.pack(bo + "6I", *LATITUDE) not in clean
    assert len(clean) == len(data)  # offsets stay valid: nothing moved
    assert clean[clean.index(b"\xff\xda"):] == data[data.index(b"\xff\xda"):]  # pixels untouched
    assert not images.has_gps(clean)


def test_png_exif_gps_is_removed_with_valid_crc() -> None:
    data = png_with_gps()
    assert images.has_gps(data)
    clean = images.strip_gps(data)
    assert struct.pack("<6I", *LATITUDE) not in clean
    assert images.exif_tags(clean)[0x0112] == 6
    assert all(ok for _, ok in png_chunks(clean))
    assert [k for k, _ in png_chunks(clean)] == [b"IHDR", b"eXIf", b"IDAT", b"IEND"]


def test_images_without_gps_are_unchanged() -> None:
    png = tiny_png()
    assert images.strip_gps(png) == png
    assert images.strip_gps(b"GIF89a...") == b"GIF89a..."


def test_import_copies_under_md5_name_and_strips_gps(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    source = tmp_path / "photo.JPG"
    original = jpeg_with_gps()
    source.write_bytes(original)
    imported = images.import_image(source, site)
    written = imported.path.read_bytes()
    assert imported.relpath == f"assets/images/{hashlib.md5(written).hexdigest()}.jpg"
    assert imported.gps_removed and not images.has_gps(written)
    assert source.read_bytes() == original  # the writer's own file is never touched
    again = images.import_image(source, site)
    assert again.already_present and again.relpath == imported.relpath
    assert imported.markdown("Quay at dawn") == f"![Quay at dawn](/{imported.relpath})"


def test_import_can_keep_location_and_use_another_folder(tmp_path: Path) -> None:
    data = jpeg_with_gps()
    imported = images.import_image(data, tmp_path, folder="img/news", strip_location=False,
                                   suffix=".jpg")
    assert imported.relpath == f"img/news/{hashlib.md5(data).hexdigest()}.jpg"
    assert imported.path.read_bytes() == data and not imported.gps_removed


def test_pasted_png_bytes(tmp_path: Path) -> None:
    imported = images.import_image(tiny_png(3), tmp_path)
    assert imported.relpath.endswith(".png")


def test_not_an_image_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(images.ImageError, match="not an image"):
        images.import_image(text, tmp_path)
    with pytest.raises(images.ImageError, match="cannot read"):
        images.import_image(tmp_path / "missing.png", tmp_path)


@pytest.mark.parametrize("target, found", [
    ("assets/images/a.png", True),
    ("/assets/images/a.png", True),
    ("{{ site.baseurl }}/assets/images/a.png", True),
    ("{{ '/assets/images/a.png' | relative_url }}", True),
    ("/news/assets/images/a.png", True),  # baseurl prefix
    ("/assets/images/b.png", False),
    ("https://example.org/a.png", None),
])
def test_resolve_image(tmp_path: Path, target: str, found: bool | None) -> None:
    (tmp_path / "assets" / "images").mkdir(parents=True)
    (tmp_path / "assets" / "images" / "a.png").write_bytes(tiny_png())
    if found is None:
        assert not images.is_local(target)
        return
    assert images.is_local(target)
    result = images.resolve_image(target, tmp_path, baseurl="/news")
    assert (result is not None) == found


def test_body_image_refs_skip_code_and_read_alt() -> None:
    body = ("![Alt text](/a.png)\n```\n![](/in-code.png)\n```\n"
            '<img src="/b.png">\n![](</c d.png> "title")\n')
    refs = images.body_image_refs(body)
    assert [(r.target, r.alt, r.line) for r in refs] == [
        ("/a.png", "Alt text", 1), ("/b.png", None, 5), ("/c d.png", "", 6)]
