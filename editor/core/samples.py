"""The sample site: found in a source checkout, or created from package data elsewhere."""

from __future__ import annotations

import shutil
from pathlib import Path

SAMPLE_FOLDER_NAME = "Dateline sample site"


def _package_root() -> Path:
    # Path(__file__) works for a source checkout, an installed wheel and the frozen app
    # alike (PyInstaller puts the package data at the same place relative to `editor`).
    return Path(__file__).resolve().parent.parent


def packaged_sample_site() -> Path | None:
    """The sample site shipped as package data (editor/resources/sample_site), if present."""
    folder = _package_root() / "resources" / "sample_site"
    return folder if (folder / "_config.yml").is_file() else None


def checkout_sample_site() -> Path | None:
    """The repository's sample_posts/ when running from a source checkout, else None."""
    folder = _package_root().parent / "sample_posts"
    return folder if (folder / "_config.yml").is_file() else None


def _free_name(parent: Path, name: str) -> Path:
    candidate = parent / name
    number = 2
    while candidate.exists():
        candidate = parent / f"{name} {number}"
        number += 1
    return candidate


def create_sample_site(parent: Path, name: str = SAMPLE_FOLDER_NAME) -> Path:
    """Copy the packaged sample site into a new folder under ``parent``; return that folder.

    Never writes into an existing folder: ``name`` gets a number when taken. Raises
    ``FileNotFoundError`` when this install carries no sample site and ``OSError`` when
    the copy fails (a partial copy is removed).
    """
    source = packaged_sample_site() or checkout_sample_site()
    if source is None:
        raise FileNotFoundError("this installation of Dateline has no sample site")
    parent.mkdir(parents=True, exist_ok=True)
    target = _free_name(parent, name)
    try:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target
