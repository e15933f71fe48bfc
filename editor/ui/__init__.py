"""Widgets: the main window, form, editor and preview."""
