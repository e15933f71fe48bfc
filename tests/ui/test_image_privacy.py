"""Images dropped on the editor, as a writer adds them: the copy in the site carries no
location (checked with exiftool), and a hostile or fake image is refused with a message
and nothing copied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QUrl

from tests.core.test_image_location import CONVERT, gps_tags, run, with_gps


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\n")
    post = site / "_posts" / "2025-01-02-x.md"
    post.write_bytes(b"---\ntitle: X\n---\n")
    return post


def _drop(window: Any, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    window.editor.insertFromMimeData(mime)


def test_a_converted_png_with_gps_reaches_the_site_without_it(
        make_window: Any, tmp_path: Path, fake_dialogs: Any) -> None:
    photo = tmp_path / "camera.jpg"
    run(CONVERT, "-size", "40x30", "gradient:red-blue", photo)
    with_gps(photo)
    png = tmp_path / "photo.png"
    run(CONVERT, photo, png)  # ImageMagick: eXIf, an XMP raw profile and exif:GPS* text
    assert gps_tags(png)
    post = _site(tmp_path)
    window = make_window(post)
    _drop(window, png)
    assert "ask_strip_location" in fake_dialogs.names()
    copies = list((post.parent.parent / "assets" / "images").iterdir())
    assert len(copies) == 1 and gps_tags(copies[0]) == []
    assert window.editor.body() == f"![](/assets/images/{copies[0].name})"


def test_a_hostile_svg_and_a_fake_jpeg_are_refused_with_a_message(
        make_window: Any, tmp_path: Path, fake_dialogs: Any) -> None:
    svg = tmp_path / "chart.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    fake = tmp_path / "photo.jpg"
    fake.write_text("not a photo")
    post = _site(tmp_path)
    window = make_window(post)
    for path in (svg, fake):
        _drop(window, path)
    errors = [args for name, args in fake_dialogs.calls if name == "show_error"]
    assert len(errors) == 2
    assert "contains <script>" in errors[0][2] and "not a JPEG picture" in errors[1][2]
    assert not (post.parent.parent / "assets").exists()
    assert window.editor.body() == ""
