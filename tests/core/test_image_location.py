"""Location data is removed from every image format Dateline accepts, checked with an
independent reader (exiftool), and images that are not what they claim are refused.

Test images are made as a writer's would be: ImageMagick converts a photo, exiftool
writes GPS into it; ImageMagick's "Raw profile type exif" text chunks (tEXt, zTXt,
iTXt) are built in its layout from a real photo's EXIF.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from editor.core import imagemeta, images

# Test dependencies (packaging/linux/system-deps.sh --test installs them): missing ones fail.
EXIFTOOL = shutil.which("exiftool") or "exiftool"
CONVERT = shutil.which("convert") or "convert"

GPS_ARGS = ["-GPSLatitude=51.5", "-GPSLatitudeRef=N", "-GPSLongitude=0.12",
            "-GPSLongitudeRef=W", "-XMP:GPSLatitude=51.5", "-XMP:GPSLongitude=-0.12"]


def run(*args: str | Path) -> None:
    subprocess.run([str(a) for a in args], check=True, capture_output=True)


def gps_tags(path: Path) -> list[str]:
    """Every tag exiftool reads from ``path`` whose name mentions GPS."""
    out = subprocess.run([str(EXIFTOOL), "-j", "-a", "-G1", "-s", str(path)], check=True,
                         capture_output=True, text=True).stdout
    return sorted(k for k in json.loads(out)[0] if "gps" in k.lower())


def exiftool_value(path: Path, tag: str) -> str:
    return subprocess.run([str(EXIFTOOL), "-s3", f"-{tag}", str(path)], check=True,
                          capture_output=True, text=True).stdout.strip()


def with_gps(path: Path, *extra: str) -> Path:
    run(EXIFTOOL, "-q", "-overwrite_original", *GPS_ARGS, *extra, path)
    return path


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def raw_profile(name: str, payload: bytes) -> bytes:
    """ImageMagick's raw-profile text: newline, name, length, hex in lines of 72."""
    hexed = payload.hex()
    lines = "\n".join(hexed[i:i + 72] for i in range(0, len(hexed), 72))
    return f"\n{name}\n{len(payload):8d}\n{lines}\n".encode()


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Images with GPS in every format and every place a writer's tools put it."""
    d = tmp_path_factory.mktemp("photos")
    jpeg = d / "camera.jpg"
    run(CONVERT, "-size", "48x32", "gradient:red-blue", jpeg)
    with_gps(jpeg, "-Make=Canon", "-Orientation#=6")
    out = {"jpeg": jpeg}
    out["png-imagemagick"] = d / "converted.png"  # eXIf, zTXt XMP profile, tEXt exif:GPS*
    run(CONVERT, jpeg, out["png-imagemagick"])
    out["png-imagemagick-no-exif"] = d / "converted-no-exif.png"  # text chunks only
    run(CONVERT, jpeg, "-define", "png:exclude-chunk=eXIf", out["png-imagemagick-no-exif"])
    out["png-exiftool"] = d / "tagged.png"
    run(CONVERT, "-size", "40x30", "xc:orange", out["png-exiftool"])
    with_gps(out["png-exiftool"])
    plain = d / "plain.png"
    run(CONVERT, "-size", "40x30", "xc:teal", plain)
    exif = b"Exif\x00\x00" + _jpeg_exif(jpeg.read_bytes())
    data = plain.read_bytes()
    iend = data.rindex(b"IEND") - 4
    profile = raw_profile("exif", exif)
    for kind, body in {
        "tEXt": b"Raw profile type exif\x00" + profile,
        "zTXt": b"Raw profile type exif\x00\x00" + zlib.compress(profile),
        "iTXt": b"Raw profile type exif\x00\x01\x00\x00\x00" + zlib.compress(profile),
        "APP1": b"Raw profile type APP1\x00\x00" + zlib.compress(raw_profile("APP1", exif)),
    }.items():
        path = d / f"raw-profile-{kind}.png"
        chunk_kind = kind.encode() if kind != "APP1" else b"zTXt"
        path.write_bytes(data[:iend] + png_chunk(chunk_kind, body) + data[iend:])
        out[f"png-raw-profile-{kind}"] = path
    out["webp"] = d / "converted.webp"
    run(CONVERT, jpeg, out["webp"])
    out["webp-exiftool"] = d / "tagged.webp"
    run(CONVERT, "-size", "40x30", "xc:navy", out["webp-exiftool"])
    with_gps(out["webp-exiftool"])
    out["avif"] = d / "tagged.avif"
    from PIL import Image

    Image.new("RGB", (40, 30), "purple").save(out["avif"])
    with_gps(out["avif"])
    out["gif"] = d / "tagged.gif"
    run(CONVERT, "-size", "40x30", "xc:gold", out["gif"])
    run(EXIFTOOL, "-q", "-overwrite_original", "-XMP:GPSLatitude=51.5",
        "-XMP:GPSLongitude=-0.12", out["gif"])
    return out


def _jpeg_exif(data: bytes) -> bytes:
    at = data.index(b"Exif\x00\x00")
    length = struct.unpack(">H", data[at - 2:at])[0]
    return data[at + 6:at - 2 + length]


FORMATS = ["jpeg", "png-imagemagick", "png-imagemagick-no-exif", "png-exiftool",
           "png-raw-profile-tEXt", "png-raw-profile-zTXt", "png-raw-profile-iTXt",
           "png-raw-profile-APP1", "webp", "webp-exiftool", "avif", "gif"]


@pytest.mark.parametrize("kind", FORMATS)
def test_location_is_gone_from_the_copy_as_exiftool_reads_it(
        photos: dict[str, Path], kind: str, tmp_path: Path) -> None:
    source = photos[kind]
    original = source.read_bytes()
    assert gps_tags(source), f"the {kind} test image has no GPS to remove"
    asked: list[bool] = []
    imported = images.import_image(source, tmp_path, strip_location=lambda: asked.append(True)
                                   or True)
    assert asked == [True]  # the writer is asked: the image records a location
    assert gps_tags(imported.path) == []
    assert imported.gps_removed
    images.check_image(imported.path.read_bytes())  # still a picture that decodes
    assert source.read_bytes() == original


def test_the_rest_of_the_exif_is_kept(photos: dict[str, Path], tmp_path: Path) -> None:
    imported = images.import_image(photos["jpeg"], tmp_path)
    assert exiftool_value(imported.path, "Make") == "Canon"
    assert exiftool_value(imported.path, "Orientation#") == "6"
    assert len(imported.path.read_bytes()) == len(photos["jpeg"].read_bytes())


def test_keeping_the_location_copies_the_file_unchanged(photos: dict[str, Path],
                                                        tmp_path: Path) -> None:
    imported = images.import_image(photos["webp"], tmp_path, strip_location=False)
    assert imported.path.read_bytes() == photos["webp"].read_bytes()
    assert not imported.gps_removed and gps_tags(imported.path)


def test_a_removal_that_does_not_verify_is_refused_and_leaves_nothing(
        photos: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stripper that misses the XMP copy of the location: the check after it must see it.
    monkeypatch.setattr(imagemeta, "scrub_xmp", lambda data: data)
    with pytest.raises(images.ImageError, match="could not remove"):
        images.import_image(photos["jpeg"], tmp_path)
    assert not (tmp_path / "assets").exists()


def test_an_image_without_location_is_not_asked_about(tmp_path: Path) -> None:
    plain = tmp_path / "plain.webp"
    run(CONVERT, "-size", "8x8", "xc:white", plain)
    imported = images.import_image(plain, tmp_path, strip_location=lambda: pytest.fail("asked"))
    assert imported.path.read_bytes() == plain.read_bytes() and not imported.gps_removed


# -- files that are not what they say -----------------------------------------------------------


def test_a_text_file_named_jpg_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "photo.jpg"
    fake.write_text("Meeting notes, not a photo.\n")
    with pytest.raises(images.ImageError, match="not a JPEG picture"):
        images.import_image(fake, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_truncated_jpeg_is_refused(photos: dict[str, Path], tmp_path: Path) -> None:
    data = photos["jpeg"].read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(images.ImageError, match="damaged or cut short"):
        images.import_image(cut, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_decompression_bomb_is_refused(tmp_path: Path) -> None:
    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    bomb = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + png_chunk(b"IEND", b""))
    with pytest.raises(images.ImageError, match="too large"):
        images.import_image(bomb, tmp_path, suffix=".png")


def test_reading_is_bounded(photos: dict[str, Path], tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(images.ImageError, match="larger than"):
        images.import_image(photos["jpeg"], tmp_path)


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    with pytest.raises(images.ImageError, match="not a regular file"):
        images.import_image(fifo, tmp_path)


# -- SVG ------------------------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
      'width="10" height="10">{}</svg>'


@pytest.mark.parametrize("inner, reason", [
    ("<script>alert(document.cookie)</script>", "contains <script>"),
    ('<rect width="5" height="5" onload="alert(1)"/>', r"event handler \(onload=\)"),
    ('<rect width="5" height="5" ONCLICK="alert(1)"/>', r"event handler \(onclick=\)"),
    ("<foreignObject><body xmlns='http://www.w3.org/1999/xhtml'>x</body></foreignObject>",
     "contains <foreignobject>"),
    ('<a href="javascript:alert(1)"><text>x</text></a>', "javascript: link"),
    ('<a xlink:href=" jav&#x09;ascript:alert(1)"><text>x</text></a>', "javascript: link"),
    ('<a><set attributeName="href" to="javascript:alert(1)"/></a>', "animation"),
    ('<animate attributeName="onbegin" values="x"/>', "animation"),
    ('<iframe src="https://example.org"/>', "contains <iframe>"),
    ('<style>@import url(https://example.org/x.css);</style>', "style sheet"),
])
def test_an_svg_with_active_content_is_refused(tmp_path: Path, inner: str, reason: str) -> None:
    path = tmp_path / "chart.svg"
    path.write_text(SVG.format(inner))
    with pytest.raises(images.ImageError, match=reason):
        images.import_image(path, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_an_svg_with_entities_or_not_svg_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "lol.svg"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
                    + SVG.format("<text>&a;</text>"))
    with pytest.raises(images.ImageError, match="entities"):
        images.import_image(bomb, tmp_path / "site")
    text = tmp_path / "notes.svg"
    text.write_text("not a drawing")
    with pytest.raises(images.ImageError, match="SVG"):
        images.import_image(text, tmp_path / "site")


def test_a_plain_svg_is_copied_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "chart.svg"
    path.write_text(SVG.format('<rect width="5" height="5" fill="red"/><a href="/about/">'
                               "<text>About</text></a>"))
    imported = images.import_image(path, tmp_path / "site")
    assert imported.path.read_bytes() == path.read_bytes()
    assert imported.relpath.endswith(".svg")


def test_a_second_picture_in_the_file_loses_its_location_too(photos: dict[str, Path],
                                                             tmp_path: Path) -> None:
    # Phones append a second picture (MPF) after the first; exiftool reads only the first.
    first = tmp_path / "first.jpg"
    run(CONVERT, "-size", "30x20", "xc:red", first)
    head = first.read_bytes()
    combined = tmp_path / "combined.jpg"
    combined.write_bytes(head + photos["jpeg"].read_bytes())
    imported = images.import_image(combined, tmp_path / "site")
    assert imported.gps_removed
    second = tmp_path / "second.jpg"
    second.write_bytes(imported.path.read_bytes()[len(head):])
    assert gps_tags(photos["jpeg"]) and gps_tags(second) == []
