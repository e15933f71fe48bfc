"""The Help menu's dialogs: keyboard shortcuts (read from the window's actions), a Markdown
and front-matter cheat sheet, and About (version and licences). Imported when one is opened."""

from __future__ import annotations

import html
import platform
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core import fields

SK = QKeySequence.StandardKey

#: Keys the text editor itself understands (no QAction of ours): shown under "Editing text".
#: (Cut, Copy, Paste and Select All are Edit menu commands.)
TEXT_KEYS: tuple[tuple[str, QKeySequence.StandardKey], ...] = (
    ("Delete the word before the cursor", SK.DeleteStartOfWord),
    ("Move to the start of the document", SK.MoveToStartOfDocument),
    ("Move to the end of the document", SK.MoveToEndOfDocument),
)


@dataclass(frozen=True)
class ShortcutRow:
    """One line of the shortcut sheet."""

    group: str
    command: str
    keys: str


def clean_text(text: str) -> str:
    """A menu text without mnemonics and ellipses ("Save &As…" -> "Save As")."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.replace("…", "").replace("...", "").strip()


def keys_text(sequences: Iterable[QKeySequence]) -> str:
    """Key sequences as the platform writes them ("Ctrl+S"), joined by " or ".

    Dedicated hardware keys (the Copy or Open keys of some keyboards, media keys, F13 to
    F35, which X11 binds for Sun keyboards' Undo, Cut, Copy…) and the old CUA alternates
    (Shift+Ins, Ctrl+Ins, Shift+Del) that standard shortcuts also bind are left out when
    there is a usual key: few writers have or use them.
    """
    keys = []
    sequences = [s for s in sequences if not s.isEmpty()]
    usual = [s for s in sequences if not _unusual(s)]
    for sequence in usual or sequences:
        # The stub lacks QKeySequence.__getitem__ (it exists at runtime): hence the ignore.
        if sequence[0].key().value >= Qt.Key.Key_Back.value:  # type: ignore[index]
            continue
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in keys:
            keys.append(text)
    return " or ".join(keys)


_CUA = {(Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)}


def _unusual(sequence: QKeySequence) -> bool:
    """A key few keyboards have (F13-F35) or an old CUA alternate (Shift+Ins …)."""
    combo = sequence[0]  # type: ignore[index]
    key = combo.key()
    if Qt.Key.Key_F13.value <= key.value <= Qt.Key.Key_F35.value:
        return True
    return (key, combo.keyboardModifiers()) in _CUA


def key_text(action: QAction) -> str:
    """The action's shortcuts as the platform writes them ("Ctrl+S"), joined by " or "."""
    return keys_text(action.shortcuts())


def _menu_actions(menu: QMenu) -> Iterable[QAction]:
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield from _menu_actions(sub)
        elif not action.isSeparator():
            yield action


def shortcut_rows(window: QMainWindow, include_text_keys: bool = True) -> list[ShortcutRow]:
    """Every command of ``window`` that has a shortcut, grouped by its menu.

    Read from the live QActions (menus first, then actions added to the window without a
    menu), so the sheet always shows what the keys really do.
    """
    rows: list[ShortcutRow] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        group = clean_text(top.text())
        for action in _menu_actions(menu):
            keys = key_text(action)
            if keys and id(action) not in seen:
                seen.add(id(action))
                rows.append(ShortcutRow(group, clean_text(action.text()), keys))
    for action in window.findChildren(QAction):
        keys = key_text(action)
        if keys and id(action) not in seen and action.text():
            seen.add(id(action))
            rows.append(ShortcutRow("Other", clean_text(action.text()), keys))
    if include_text_keys:
        for text, standard in TEXT_KEYS:
            keys = keys_text(QKeySequence.keyBindings(standard))
            if keys:
                rows.append(ShortcutRow("Editing text", text, keys))
    return rows


class ShortcutSheet(QDialog):
    """A searchable table of the window's keyboard shortcuts."""

    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcut_sheet")
        self.setWindowTitle("Keyboard Shortcuts")
        self.filter = QLineEdit()
        self.filter.setAccessibleName("Filter shortcuts")
        self.filter.setPlaceholderText("Filter: type a command or a key")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for row in rows:
            parent_item = groups.get(row.group)
            if parent_item is None:
                parent_item = QTreeWidgetItem(self.tree, [row.group])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parent_item.setFirstColumnSpanned(True)
                groups[row.group] = parent_item
            QTreeWidgetItem(parent_item, [row.command, row.keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(460, 560)

    def visible_commands(self) -> list[tuple[str, str]]:
        """(command, keys) of the rows currently shown."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            assert group is not None  # i < topLevelItemCount()
            for j in range(group.childCount()):
                item = group.child(j)
                assert item is not None  # j < childCount()
                if not item.isHidden():
                    out.append((item.text(0), item.text(1)))
        return out

    def _on_filter_text_changed(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            assert group is not None  # i < topLevelItemCount()
            group_match = needle in group.text(0).lower()
            shown = 0
            for j in range(group.childCount()):
                item = group.child(j)
                assert item is not None  # j < childCount()
                match = (not needle or group_match or needle in item.text(0).lower()
                         or needle in item.text(1).lower())
                item.setHidden(not match)
                shown += match
            group.setHidden(shown == 0)


# -- cheat sheet -------------------------------------------------------------------------

_CHEAT_ROWS_MARKDOWN = (
    ("Heading", "## Council approves budget", "A section heading (## to ######)."),
    ("Bold, italic", "**bold** and *italic*", ""),
    ("Link", "[the report](https://example.org/report)", ""),
    ("Image", "![Alt text for readers](/assets/images/photo.jpg)",
     "Always write alt text; paths starting with / are inside the site."),
    ("Image with a class", "![Map](/assets/images/map.png){: .wide}",
     "kramdown attribute list: adds class=\"wide\"."),
    ("Quote", "> “We will reopen in May,” she said.", ""),
    ("Lists", "- first\n- second\n\n1. one\n2. two", "A blank line before a list."),
    ("Footnote", "Turnout rose.[^1]\n\n[^1]: County figures.", ""),
    ("Table", "| Ward | Votes |\n|------|------:|\n| North | 1,204 |", ""),
    ("Code", "```python\nprint(\"hi\")\n```",
     "Fenced code; the word after ``` names the language."),
    ("Line break", "first line\\\nsecond line", "A backslash at the end of the line."),
    ("Leftover marker", "Mayor TK said", "TK means “to come”: Dateline refuses to export it."),
)

_CHEAT_ROWS_LIQUID = (
    ("Site value", "{{ site.title }}", "From _config.yml."),
    ("Post value", "{{ page.author }}", "From this post's front matter."),
    ("Link to a post", "{% post_url 2025-03-04-harbour-bridge-to-close %}",
     "Fails the build when the post does not exist; Dateline checks it."),
    ("Link to a page", "{% link about.md %}", ""),
    ("Include", "{% include correction.html date=\"March 5\" %}", "From the site's _includes/."),
    ("Show Liquid as text", "{% raw %}{{ not processed }}{% endraw %}", ""),
)

#: How Jekyll reads dates, shown for a site with this timezone: (date as written, when it
#: publishes). tests/ui/test_help.py renders each through the engine (and real Jekyll's
#: reference) and compares.
DATE_EXAMPLE_ZONE = "America/Chicago"
DATE_EXAMPLES = (
    ("2025-08-30T23:34:44-05:00", "23:34 on 30 August"),
    ("2025-08-30T23:34:44", "18:34 on 30 August"),
    ('"2025-08-30 23:34:44"', "23:34 on 30 August"),
)

#: Front-matter notes about no one field (each field's own note is its schema help).
_FRONT_MATTER_NOTES = (
    ("Quotes", "Put text in double quotes when it contains a colon and a space, a #, "
               "starts with @ * & ! or is yes / no / on / off or a time like 18:30."),
    ("Dates and time zones", f"In a site with timezone: {DATE_EXAMPLE_ZONE}, "
     + "; ".join(f"date: {written} publishes at {when}" for written, when in DATE_EXAMPLES)
     + " (Chicago time): without an offset Jekyll reads UTC, a quoted date is read in the "
       "site's timezone. The form shows and takes dates in the site's timezone and writes "
       "them so they mean the time you entered."),
    ("Future dates", "Scheduled: Jekyll holds a post back until its date unless the site sets "
                     "future: true, which publishes it at the next build."),
)


def front_matter_example(schema: fields.Schema | None = None) -> str:
    """A new post's front matter as the form writes it: the schema's examples in house
    order, then the other fields that have one."""
    declared = (schema or fields.Schema()).fields
    order = {key: rank for rank, key in enumerate(fields.house_order(declared))}
    shown = sorted((f for f in declared if f.example is not None),
                   key=lambda f: order.get(f.key, len(order)))
    return "\n".join(["---", *(f"{f.key}: {f.example}" for f in shown), "---"])


#: What a site's own field holds, by kind, when its declaration gives no help.
_KIND_NOTES = {"text": "Text.", "multiline": "A few lines of text.", "date": "A date, YYYY-MM-DD.",
               "person": "A name.", "list": "A list [a, b].", "bool": "true or false.",
               "path": "A path or address.", "image": "A picture in the site.",
               "number": "A number."}


def _field_note(field: fields.Field) -> str:
    """A field's cheat-sheet note: its help; for a site's own field also what it holds."""
    if not field.site:
        return field.help
    what = (f"One of {', '.join(field.choices)}." if field.kind == "choice"
            else _KIND_NOTES.get(field.kind, ""))
    return " ".join(part for part in (field.help, f"(This site's field. {what})") if part)


def cheat_sheet_html(schema: fields.Schema | None = None) -> str:
    """The Markdown, Liquid and front-matter cheat sheet as HTML; the front-matter part
    comes from the field schema (``schema``: a site's, with its own fields)."""

    def table(rows: Iterable[tuple[str, str, str]]) -> str:
        body = "".join(
            f"<tr><td><b>{html.escape(name)}</b></td>"
            f"<td><pre>{html.escape(example)}</pre></td>"
            f"<td>{html.escape(note)}</td></tr>" for name, example, note in rows)
        return ("<table cellspacing='0' cellpadding='4' border='1' width='100%'>"
                f"<tr><th>What</th><th>Type</th><th>Notes</th></tr>{body}</table>")

    field_notes = [(f.key, _field_note(f)) for f in (schema or fields.Schema()).fields
                   if f.help or f.site]
    notes = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>"
                    for k, v in [*field_notes, *_FRONT_MATTER_NOTES])
    return (
        "<h2>Markdown (kramdown, as Jekyll publishes it)</h2>"
        + table(_CHEAT_ROWS_MARKDOWN)
        + "<h2>Liquid</h2>" + table(_CHEAT_ROWS_LIQUID)
        + "<h2>Front matter</h2><p>Between the two <code>---</code> lines at the top of the "
          "file. The form edits it for you; this is what it writes for a new post:</p>"
        + f"<pre>{html.escape(front_matter_example(schema))}</pre><ul>{notes}</ul>"
    )


class CheatSheet(QDialog):
    """Markdown, Liquid and front-matter reminders."""

    def __init__(self, parent: QWidget | None = None,
                 schema: fields.Schema | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cheat_sheet")
        self.setWindowTitle("Markdown and Front Matter Cheat Sheet")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Cheat sheet")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(cheat_sheet_html(schema))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)


# -- about -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Component:
    """A library Dateline ships with, and its licence."""

    name: str
    distribution: str
    licence: str
    url: str


COMPONENTS: tuple[Component, ...] = (
    Component("Qt", "", "LGPL-3.0-only", "https://www.qt.io/licensing/open-source-lgpl-obligations"),
    Component("Qt for Python (PySide6)", "PySide6", "LGPL-3.0-only",
              "https://code.qt.io/cgit/pyside/pyside-setup.git/"),
    Component("python-frontmatter", "python-frontmatter", "MIT",
              "https://github.com/eyeseast/python-frontmatter"),
    Component("Python-Markdown", "Markdown", "BSD-3-Clause",
              "https://github.com/Python-Markdown/markdown"),
    Component("PyYAML", "PyYAML", "MIT", "https://github.com/yaml/pyyaml"),
    Component("python-liquid", "python-liquid", "MIT", "https://github.com/jg-rp/liquid"),
    Component("Babel (used by python-liquid)", "babel", "BSD-3-Clause",
              "https://github.com/python-babel/babel"),
    Component("PyMdown Extensions", "pymdown-extensions", "MIT",
              "https://github.com/facelessuser/pymdown-extensions"),
    Component("Pygments", "Pygments", "BSD-2-Clause", "https://github.com/pygments/pygments"),
    Component("pyspellchecker", "pyspellchecker", "MIT",
              "https://github.com/barrust/pyspellchecker"),
    Component("libsass-python (LibSass)", "libsass", "MIT", "https://github.com/sass/libsass-python"),
    Component("Python", "", "PSF-2.0", "https://docs.python.org/3/license.html"),
)

DATELINE_LICENCE = "MIT"


def _version_of(distribution: str) -> str:
    if not distribution:
        return ""
    from importlib import metadata  # ~40 ms to import: only when About is opened

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def components_in_use() -> list[tuple[Component, str]]:
    """The shipped components with their installed versions ("" when unknown); a
    component that is not installed at all (an optional one) is left out."""
    out = []
    for component in COMPONENTS:
        if component.name == "Qt":
            out.append((component, qVersion()))
        elif component.name == "Python":
            out.append((component, platform.python_version()))
        else:
            version = _version_of(component.distribution)
            if version or _importable(component.distribution):
                out.append((component, version))
    return out


def _importable(distribution: str) -> bool:
    module = {"PySide6": "PySide6", "python-frontmatter": "frontmatter", "Markdown": "markdown",
              "PyYAML": "yaml", "python-liquid": "liquid", "babel": "babel",
              "pymdown-extensions": "pymdownx", "Pygments": "pygments",
              "pyspellchecker": "spellchecker", "libsass": "sass"}.get(distribution)
    if module is None:
        return False
    import importlib.util

    return importlib.util.find_spec(module) is not None


def about_html(version: str) -> str:
    """The About text: version, licence, and every component with its licence."""
    rows = "".join(
        f"<tr><td><a href='{html.escape(c.url)}'>{html.escape(c.name)}</a></td>"
        f"<td>{html.escape(v)}</td><td>{html.escape(c.licence)}</td></tr>"
        for c, v in components_in_use())
    return (
        f"<h2>Dateline {html.escape(version)}</h2>"
        "<p>A desktop writing tool for newsrooms that publish with Jekyll.</p>"
        f"<p>Dateline is free software under the <b>{DATELINE_LICENCE} licence</b>.</p>"
        "<h3>Built with</h3>"
        "<table cellpadding='3'><tr><th align='left'>Component</th>"
        "<th align='left'>Version</th><th align='left'>Licence</th></tr>"
        f"{rows}</table>"
        "<p>Qt and Qt for Python are used under the GNU Lesser General Public License "
        "version 3: they are loaded as separate shared libraries, which you may replace "
        "with your own build; their source code is available from the Qt Project.</p>"
    )


class AboutDialog(QDialog):
    """Version, licence and the licences of what Dateline is built with."""

    def __init__(self, version: str, icon: QIcon | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle("About Dateline")
        header = QHBoxLayout()
        if icon is not None and not icon.isNull():
            picture = QLabel()
            picture.setPixmap(icon.pixmap(64, 64))
            header.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("About Dateline")
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(about_html(version))
        header.addWidget(self.browser, 1)
        tabs = QTabWidget()
        about_page = QWidget()
        about_page.setLayout(header)
        tabs.addTab(about_page, "About")
        licence = QTextBrowser()
        licence.setAccessibleName("Dateline licence")
        licence.setPlainText(MIT_TEXT)
        tabs.addTab(licence, "Licence")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)


MIT_TEXT = """MIT License

Copyright (c) 2025 The Dateline developers

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
