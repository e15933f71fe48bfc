"""Dateline: a desktop writing tool for newsrooms that publish with Jekyll."""

__version__ = "0.1.0"
