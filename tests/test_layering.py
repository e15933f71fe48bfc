"""The three layers (core imports no Qt, services no widgets, the CLI path no Qt) and no
import circles between modules."""

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


# -- no import circles between modules ----------------------------------------------------------
#
# The rule: an import counts wherever it is, at the module's top or inside a function (a
# function-level import only hides a circle from the interpreter, not from the reader). Only
# imports under ``if TYPE_CHECKING:`` do not count: they never run, and a type annotation may
# name its caller's type. ``from package import name`` imports the module ``package.name``
# when that is a module, else ``package`` itself. Importing ``a.b.c`` is not counted as
# importing the packages ``a`` and ``a.b`` (their ``__init__`` files are kept free of work).


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` except those under ``if TYPE_CHECKING:``."""
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        out.append(node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return out


def module_name(path: Path) -> str:
    """``editor/core/render/blocks.py`` -> ``editor.core.render.blocks`` (a package's
    ``__init__.py`` is the package)."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Every editor module and the editor modules it imports."""
    files = {module_name(f): f for f in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in files else base)
            for target in targets:
                if target in files and target != name:
                    graph[name].add(target)
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return circles


def test_the_import_graph_sees_the_modules() -> None:
    graph = import_graph()
    assert "editor.ui.site_desk" in graph["editor.app"] or any(
        "editor.ui.site_desk" in deps for deps in graph.values())
    assert "editor.services.site_desk" in graph["editor.ui.site_desk"]
    assert import_circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    source = "import os\nif TYPE_CHECKING:\n    import a\nelse:\n    import b\ndef f():\n    import c\n"
    found = {n.names[0].name for n in _runtime_nodes(ast.parse(source)) if isinstance(n, ast.Import)}
    assert found == {"os", "b", "c"}


def test_no_import_circles_between_modules() -> None:
    circles = import_circles(import_graph())
    assert circles == [], "\n".join(" <-> ".join(c) for c in circles)
