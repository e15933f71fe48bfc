"""The settings store: writer preferences, window state and recent files in QSettings."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

THEMES = ("system", "light", "dark")
MAX_RECENT = 10


@dataclass(frozen=True)
class Preferences:
    """What the writer chose in the Preferences dialog (defaults are never written)."""

    default_author: str = ""
    author_email: str = ""  # signs what Send commits when git has no user.email
    site_folder: str = ""
    editor_font: str = ""  # "" = the house writing font (or the fixed-width one, below)
    editor_font_size: int = 0  # 0 = the house size
    editor_monospace: bool = False  # write in the system's fixed-width font
    theme: str = "system"
    remote_images: bool = False
    excerpt_target: int = 160
    spell_check: bool = True
    spell_language: str = "en"


def open_settings() -> QSettings:
    """The QSettings object for this user (DATELINE_CONFIG_DIR when set, else the platform's)."""
    folder = os.environ.get("DATELINE_CONFIG_DIR")
    if folder:
        return QSettings(str(Path(folder) / "dateline.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Dateline", "dateline")


class SettingsStore(QObject):
    """Reads and writes preferences (group `preferences`) apart from window state
    (group `window`) and recent files (group `recent`)."""

    preferences_changed = Signal(object)  # Preferences
    recent_changed = Signal(list)  # list[str]

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qs = settings if settings is not None else open_settings()
        self._prefs = self._read_preferences()

    # -- preferences -------------------------------------------------------------

    @property
    def preferences(self) -> Preferences:
        """The current preferences."""
        return self._prefs

    def _read_preferences(self) -> Preferences:
        defaults = Preferences()
        values: dict[str, Any] = {}
        self._qs.beginGroup("preferences")
        try:
            for f in fields(Preferences):
                if not self._qs.contains(f.name):
                    continue
                raw = self._qs.value(f.name)
                default = getattr(defaults, f.name)
                values[f.name] = _coerce(raw, default)
        finally:
            self._qs.endGroup()
        prefs = replace(defaults, **values)
        if prefs.theme not in THEMES:
            prefs = replace(prefs, theme="system")
        return prefs

    def set_preferences(self, prefs: Preferences) -> None:
        """Store ``prefs``, writing only values that differ from the defaults."""
        defaults = Preferences()
        self._qs.beginGroup("preferences")
        try:
            for f in fields(Preferences):
                value = getattr(prefs, f.name)
                if value == getattr(defaults, f.name):
                    self._qs.remove(f.name)
                else:
                    self._qs.setValue(f.name, value)
        finally:
            self._qs.endGroup()
        self._qs.sync()
        changed = prefs != self._prefs
        self._prefs = prefs
        if changed:
            self.preferences_changed.emit(prefs)

    # -- window state ------------------------------------------------------------

    def window_state(self, name: str) -> QByteArray | None:
        """A saved geometry/state blob (e.g. 'geometry', 'splitter'), None when never saved."""
        value = self._qs.value(f"window/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, name: str, value: QByteArray) -> None:
        """Remember a geometry/state blob."""
        self._qs.setValue(f"window/{name}", value)

    def value(self, key: str, default: str = "") -> str:
        """A free-form remembered string (e.g. 'state/last_folder')."""
        value = self._qs.value(key, default)
        return str(value) if value is not None else default

    def set_value(self, key: str, value: str) -> None:
        """Remember a free-form string."""
        self._qs.setValue(key, value)

    # -- recent files ------------------------------------------------------------

    def recent_files(self) -> list[str]:
        """Most recently opened files first."""
        value: Any = self._qs.value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v][:MAX_RECENT]

    def add_recent_file(self, path: Path) -> None:
        """Put ``path`` at the top of the recent files."""
        text = str(Path(path).resolve())
        files = [text] + [f for f in self.recent_files() if f != text]
        self._qs.setValue("recent/files", files[:MAX_RECENT])
        self.recent_changed.emit(files[:MAX_RECENT])

    def clear_recent_files(self) -> None:
        """Forget the recent files."""
        self._qs.remove("recent/files")
        self.recent_changed.emit([])

    def sync(self) -> None:
        """Flush to disk."""
        self._qs.sync()


def _coerce(raw: object, default: object) -> object:
    """QSettings' INI format gives strings back; turn them into the default's type."""
    if isinstance(default, bool):
        return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
    if isinstance(default, int):
        try:
            return int(str(raw))
        except ValueError:
            return default
    return "" if raw is None else str(raw)
