"""Desktop integration files: valid, consistent with APP_ID and the version; icons complete."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

from editor import APP_ID, __version__
from tests.conftest import REPO

LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = REPO / "resources" / "icons"
PACKAGE_ICONS = REPO / "editor" / "resources" / "icons"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def desktop_entry() -> dict[str, str]:
    parser = ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (Debian: desktop-file-utils)")
def test_desktop_file_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (Debian: appstream)")
def test_metainfo_validates() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", "--explain", str(METAINFO)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_names_the_app_id_icon_and_command() -> None:
    entry = desktop_entry()
    assert DESKTOP.name == f"{APP_ID}.desktop"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "dateline"
    assert "text/markdown" in entry["MimeType"].split(";")


def test_metainfo_matches_app_id_and_version() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license") == "MIT"
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__, (
        "add a <release> for the new version to the metainfo file")


def test_app_passes_app_id_as_desktop_file_name() -> None:
    # Wayland compositors and docks match the window to the .desktop file by this name.
    source = (REPO / "editor" / "app.py").read_text(encoding="utf-8")
    assert re.search(r"setDesktopFileName\(\s*APP_ID\s*\)", source)


@pytest.mark.parametrize("size", HICOLOR_SIZES)
def test_hicolor_icon_has_each_size(size: int) -> None:
    png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png_size(png) == (size, size)


def test_scalable_and_packaged_icons_are_the_source_svg() -> None:
    source = (ICONS / "dateline.svg").read_bytes()
    assert (ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == source
    assert (PACKAGE_ICONS / "dateline.svg").read_bytes() == source
    ET.fromstring(source)  # well-formed


def test_package_icons_for_the_window() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert png_size(PACKAGE_ICONS / f"dateline-{size}.png") == (size, size)


def test_windows_and_macos_icons_are_well_formed() -> None:
    ico = (ICONS / "dateline.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    icns = (ICONS / "dateline.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_packaged_sample_site_matches_sample_posts() -> None:
    source = REPO / "sample_posts"
    copy = REPO / "editor" / "resources" / "sample_site"
    if not (source / "_config.yml").is_file():
        pytest.skip("no sample_posts/ in this tree")

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and "__pycache__" not in p.parts}

    assert files(copy) == files(source), "run: python packaging/sync_sample_site.py"


def test_spec_freezes_the_package_data() -> None:
    spec = (REPO / "packaging" / "dateline.spec").read_text(encoding="utf-8")
    assert '"editor" / "resources"), "editor/resources"' in spec
