"""Render the app icon (resources/icons/dateline.svg) into every size the platforms want.

Run from the repository root after editing the SVG, then commit the results:

    python packaging/render_icons.py

Writes the freedesktop hicolor tree (resources/icons/hicolor/), a Windows .ico and a
macOS .icns (both PNG-based, composed here so no extra dependency is needed), and the
copies shipped inside the Python package for the window icon (editor/resources/icons/).
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from editor import APP_ID  # noqa: E402

SOURCE = REPO / "resources" / "icons" / "dateline.svg"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
PACKAGE_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types holding PNG data, by pixel size.
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128),
              (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024))


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon drawn at ``size`` x ``size`` pixels, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def make_ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (supported since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def make_icns(pngs: dict[bytes, bytes]) -> bytes:
    """A macOS .icns whose elements are PNG images."""
    body = b"".join(kind + struct.pack(">I", 8 + len(blob)) + blob for kind, blob in pngs.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (creating folders), reporting it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(REPO)} ({len(data)} bytes)")


def main() -> int:
    """Render every icon file from the SVG source."""
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"render_icons: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 1
    sizes = sorted(set(HICOLOR_SIZES) | set(PACKAGE_SIZES) | set(ICO_SIZES) | {1024})
    png = {size: render_png(renderer, size) for size in sizes}
    hicolor = REPO / "resources" / "icons" / "hicolor"
    for size in HICOLOR_SIZES:
        write(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png", png[size])
    write(hicolor / "scalable" / "apps" / f"{APP_ID}.svg", SOURCE.read_bytes())
    write(REPO / "resources" / "icons" / "dateline.ico", make_ico({s: png[s] for s in ICO_SIZES}))
    write(REPO / "resources" / "icons" / "dateline.icns",
          make_icns({kind: png[size] for kind, size in ICNS_TYPES}))
    package = REPO / "editor" / "resources" / "icons"
    package.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, package / "dateline.svg")
    print(f"wrote {(package / 'dateline.svg').relative_to(REPO)}")
    for size in PACKAGE_SIZES:
        write(package / f"dateline-{size}.png", png[size])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
