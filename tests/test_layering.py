"""The three layers: core imports no Qt, services no widgets, the CLI path no Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "editor"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("core", ("PySide6", "editor.services", "editor.ui", "editor.app")),
        (
            "services",
            (
                "PySide6.QtWidgets",
                "PySide6.QtGui",
                "PySide6.QtWebEngine",
                "editor.ui",
                "editor.app",
            ),
        ),
    ],
)
def test_layer_imports_point_down_only(layer: str, forbidden: tuple[str, ...]) -> None:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files
    offenders = {
        f"{f.relative_to(PACKAGE)}: {m}"
        for f in files
        for m in imported_modules(f)
        if m.startswith(forbidden)
    }
    assert not offenders


def test_webengine_is_imported_only_by_the_preview_backend() -> None:
    users = {
        f.name
        for f in (PACKAGE / "ui").rglob("*.py")
        if any(m.startswith("PySide6.QtWebEngine") for m in imported_modules(f))
    }
    assert users <= {"preview_web.py"}
