"""The settings store: only non-default preferences written, window state kept apart."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray

from editor.services.settings import Preferences, SettingsStore


def _ini() -> str:
    return (Path(os.environ["DATELINE_CONFIG_DIR"]) / "dateline.ini").read_text()


def test_defaults_are_not_written() -> None:
    store = SettingsStore()
    store.set_preferences(Preferences())
    store.set_window_state("geometry", QByteArray(b"xyz"))
    store.sync()
    assert "preferences" not in _ini()
    assert "[window]" in _ini()


def test_changed_preferences_round_trip_with_their_types() -> None:
    store = SettingsStore()
    store.set_preferences(replace(store.preferences, default_author="badely", remote_images=True,
                                  editor_font_size=14, theme="dark"))
    again = SettingsStore().preferences
    assert again == Preferences(default_author="badely", remote_images=True,
                                editor_font_size=14, theme="dark")
    text = _ini()
    assert "default_author=badely" in text and "site_folder" not in text
    store.set_preferences(Preferences())
    assert "default_author" not in _ini()


def test_recent_files_most_recent_first_without_duplicates(tmp_path: Path) -> None:
    store = SettingsStore()
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    store.add_recent_file(a)
    store.add_recent_file(b)
    store.add_recent_file(a)
    assert store.recent_files() == [str(a.resolve()), str(b.resolve())]
    store.clear_recent_files()
    assert store.recent_files() == []
