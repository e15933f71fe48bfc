"""Light and dark themes: follow the system, or force one (Qt's colour scheme where the
platform supports it, else Fusion with our own palette)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_forced = False


def _dark_palette() -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#2b2d31", role.WindowText: "#e6e6e6", role.Base: "#1e1f22",
        role.AlternateBase: "#26282c", role.ToolTipBase: "#2b2d31", role.ToolTipText: "#e6e6e6",
        role.PlaceholderText: "#8a8f98", role.Text: "#e6e6e6", role.Button: "#33363b",
        role.ButtonText: "#e6e6e6", role.BrightText: "#ffffff", role.Link: "#7ab7ff",
        role.Highlight: "#2f65ca", role.HighlightedText: "#ffffff", role.Mid: "#4a4d52",
        role.Dark: "#17181a", role.Light: "#3c3f44", role.Midlight: "#35383d",
    }
    for r, c in colours.items():
        p.setColor(r, QColor(c))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor("#7a7d82"))
    return p


def apply_theme(theme: str) -> None:
    """'system', 'light' or 'dark'."""
    global _forced
    app = QApplication.instance()
    hints = QGuiApplication.styleHints()
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
        theme, Qt.ColorScheme.Unknown)
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(scheme)
    if not isinstance(app, QApplication):
        return
    if theme in ("light", "dark") and is_dark() != (theme == "dark"):
        # The platform cannot switch (e.g. X11 without a desktop theme): do it ourselves.
        app.setStyle("Fusion")
        app.setPalette(_dark_palette() if theme == "dark" else app.style().standardPalette())
        _forced = True
    elif theme == "system" and _forced:
        app.setPalette(app.style().standardPalette())
        _forced = False


def is_dark() -> bool:
    """Whether the window is currently dark (judged from the palette actually in use)."""
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128
