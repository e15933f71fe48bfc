"""Dateline: a desktop writing tool for newsrooms that publish with Jekyll."""

__version__ = "0.1.0"

# Reverse-DNS application id: the .desktop file's name, the AppStream id and what the app
# passes to QGuiApplication.setDesktopFileName (Wayland and the taskbar match on it).
APP_ID = "io.github.dateline.Dateline"
