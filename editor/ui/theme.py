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


# -- the house style: a calm frame around the text ------------------------------------

#: Accent and quiet colours, light and dark.
_COLOURS = {
    False: {"accent": "#0e6b73", "accent_soft": "#dcefef", "accent_text": "#0b4f55",
            "rule": "#dcdfe3", "muted": "#5f6670", "hover": "#eceef1", "chrome": "#f6f7f8"},
    True: {"accent": "#5fb7bf", "accent_soft": "#1f3a3d", "accent_text": "#a9e1e5",
           "rule": "#3a3d42", "muted": "#a0a7b0", "hover": "#34373c", "chrome": "#25272b"},
}

_STYLE = """
QToolBar#writing_toolbar {{ border: none; border-bottom: 1px solid {rule};
    background: {chrome}; padding: 3px 8px; spacing: 2px; }}
QToolBar#writing_toolbar QToolButton {{ border: 1px solid transparent; border-radius: 6px;
    padding: 3px 10px; color: palette(window-text); background: transparent; }}
QToolBar#writing_toolbar QToolButton:hover {{ background: {hover}; }}
QToolBar#writing_toolbar QToolButton:checked {{ background: {accent_soft};
    color: {accent_text}; }}
QToolBar#writing_toolbar QToolButton:disabled {{ color: {muted}; }}
QToolBar#writing_toolbar::separator {{ width: 1px; background: {rule}; margin: 6px 8px; }}
QMenuBar {{ background: {chrome}; }}
QSplitter::handle {{ background: {rule}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QTabWidget#side_tabs::pane {{ border: none; border-top: 1px solid {rule}; }}
QTabWidget#side_tabs QTabBar::tab {{ background: transparent; border: none;
    border-bottom: 2px solid transparent; padding: 6px 14px; color: {muted}; }}
QTabWidget#side_tabs QTabBar::tab:selected {{ color: palette(window-text);
    border-bottom: 2px solid {accent}; }}
QTabWidget#side_tabs QTabBar::tab:hover {{ color: palette(window-text); }}
QPlainTextEdit#markdown_editor {{ border: none; background: palette(base);
    selection-background-color: {accent_soft}; selection-color: palette(text); }}
QStatusBar {{ color: {muted}; background: {chrome}; border-top: 1px solid {rule}; }}
QStatusBar::item {{ border: none; }}
QWidget#front_matter_form QLabel {{ color: {muted}; }}
QWidget#front_matter_form QToolButton {{ border: none; border-bottom: 1px solid {rule};
    background: transparent; padding: 6px 0 4px 0; margin-top: 4px; color: {accent_text};
    font-weight: 700; text-align: left; }}
QWidget#front_matter_form QToolButton:hover {{ color: palette(window-text); }}
QWidget#checklist_panel[passing="true"] QLabel {{ color: {accent_text}; }}
QCheckBox::indicator {{ width: 13px; height: 13px; border: 1px solid {muted};
    border-radius: 3px; background: palette(base); }}
QCheckBox::indicator:checked {{ background: {accent}; border-color: {accent}; }}
QCheckBox::indicator:disabled {{ border-color: {rule}; }}
"""


def house_style(dark: bool) -> str:
    """The application's style sheet: slim toolbar, hairline rules, quiet chrome."""
    return _STYLE.format(**_COLOURS[dark])


def apply_house_style() -> None:
    """Style the application for the colours in use (call again when they change)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    sheet = house_style(is_dark())
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
