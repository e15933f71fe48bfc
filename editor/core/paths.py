"""Where Dateline keeps its settings, recovery journal and caches (overridable by env)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _base(env: str, xdg: str, fallback: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override)
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return root / "Dateline" / fallback.split("/")[-1]
    if sys.platform == "darwin":
        return (
            Path.home() / "Library" / "Application Support" / "Dateline" / fallback.split("/")[-1]
        )
    return Path(os.environ.get(xdg) or Path.home() / fallback) / "dateline"


def config_dir() -> Path:
    """Settings folder (env DATELINE_CONFIG_DIR overrides)."""
    return _base("DATELINE_CONFIG_DIR", "XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    """App-data folder for the recovery journal (env DATELINE_DATA_DIR overrides)."""
    return _base("DATELINE_DATA_DIR", "XDG_DATA_HOME", ".local/share")


def cache_dir() -> Path:
    """Cache folder, e.g. the site index (env DATELINE_CACHE_DIR overrides)."""
    return _base("DATELINE_CACHE_DIR", "XDG_CACHE_HOME", ".cache")
