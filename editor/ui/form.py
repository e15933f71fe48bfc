"""The front-matter form: a row per field of the schema (``editor.core.fields``, built by
``editor.ui.form_rows``), "Other fields" as YAML for every other key, and the banner plus
raw editor shown for a post whose front matter cannot be read."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, TypeVar, cast

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextBlock, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from editor.core import fields, jekyll
from editor.core.post import Post, Problem
from editor.core.site_model import Site
from editor.ui import form_values as fv
from editor.ui.completers import TokenCompleter
from editor.ui.exact_text import exact_text, set_exact_text
from editor.ui.form_rows import (
    BoolRow,
    ChoiceRow,
    DateRow,
    FieldRow,
    ImageRow,
    ListRow,
    MultilineRow,
    PersonRow,
    TextRow,
    emit_scalar,
    make_row,
)
from editor.ui.form_section import FormSection
from editor.ui.highlighter import MarkdownHighlighter

_R = TypeVar("_R", bound=FieldRow)


class FrontMatterForm(QWidget):
    """Edits the post's front matter. Emits ``fields_edited(source, changes, remove)``
    for each edit; the window applies it and calls ``flag_error`` when it is refused."""

    fields_edited = Signal(str, dict, list)
    raw_edited = Signal(str)
    image_choose_requested = Signal()

    # The built-in rows' widgets, by the names the window and the tests use.
    title_edit: QLineEdit
    date_edit: QDateTimeEdit
    timezone_label: QLabel
    publish_label: QLabel
    author_edit: QLineEdit
    excerpt_edit: QPlainTextEdit
    excerpt_count: QLabel
    image_edit: QLineEdit
    thumbnail: QLabel
    image_missing: QLabel
    layout_combo: QComboBox
    categories_edit: QLineEdit
    categories_completer: TokenCompleter
    tags_edit: QLineEdit
    tags_completer: TokenCompleter
    published_box: QCheckBox
    permalink_edit: QLineEdit
    others_edit: QPlainTextEdit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("front_matter_form")
        self._loading = False
        self._values: dict[str, Any] = {}
        self._original_keys: set[str] = set()
        self._others: dict[str, Any] = {}
        self._site_root: Path | None = None
        self._excerpt_target = 160
        self._errors: dict[str, QLabel] = {}
        self._post_path: Path | None = None
        self._baseurl = ""
        self._image_key = "image"
        self._schema = fields.Schema()
        self.rows: dict[str, FieldRow] = {}
        self.sections: dict[str, FormSection] = {}
        self._suggestions: dict[str, list[str]] = {}
        self._defaults: dict[str, Any] = {}
        self._build()

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel()
        self.banner.setObjectName("problem_banner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Front matter problem")
        self.banner.setStyleSheet("QLabel { background: #fdecea; color: #611a15; border: 1px solid"
                                  " #f5c2c0; border-radius: 4px; padding: 8px; }")
        self.banner.hide()
        self.raw_editor = QPlainTextEdit()
        self.raw_editor.setObjectName("raw_front_matter")
        self.raw_editor.setAccessibleName("Raw front matter (YAML)")
        self.raw_editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._raw_highlighter = MarkdownHighlighter(self.raw_editor.document(), yaml_only=True)
        self.raw_editor.textChanged.connect(self._on_raw_editor_text_changed)
        self.raw_editor.hide()
        outer.addWidget(self.banner)
        outer.addWidget(self.raw_editor, 1)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.fields_area, 1)
        self._build_rows(self._schema)

    def _build_rows(self, schema: fields.Schema) -> None:
        """Lay out the schema's fields in their sections (Story, Publishing, Advanced),
        "Other fields" closing Advanced; again when a site declares different fields."""
        self._schema = schema
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(10, 8, 10, 8)
        self._errors = {}
        self.schema_notice = QLabel("\n".join(schema.notices))
        self.schema_notice.setObjectName("site_fields_notice")
        self.schema_notice.setAccessibleName("Site fields problem")
        self.schema_notice.setWordWrap(True)
        self.schema_notice.setStyleSheet("QLabel { color: #8a5300; }")
        self.schema_notice.setVisible(bool(schema.notices))
        column.addWidget(self.schema_notice)
        folded = {g for g, section in self.sections.items() if not section.is_expanded()}
        self.sections = {}
        self.rows = {}
        for group, title in fields.GROUPS:
            section = self.sections[group] = FormSection(group, title)
            column.addWidget(section)
            for field in schema.in_group(group):
                row = self.rows[field.key] = make_row(field, self)
                self._add_row(section.form, field.key,
                              "" if field.kind == "bool" else field.label, row.body, row.widget)
            section.set_expanded(group not in folded)
        column.addStretch(1)
        self.others_edit = QPlainTextEdit()
        self.others_edit.setObjectName("other_fields")
        self.others_edit.setAccessibleName("Other fields (YAML)")
        self.others_edit.setToolTip("Every field without its own row above, as YAML")
        self.others_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.others_edit.setTabChangesFocus(True)
        self.others_edit.setMinimumHeight(90)
        self._others_highlighter = MarkdownHighlighter(self.others_edit.document(), yaml_only=True)
        self.others_edit.textChanged.connect(self._on_others_edit_changed)
        self._add_row(self.sections[fields.OTHERS_GROUP].form, "others", "&Other fields",
                      self.others_edit)
        for section in self.sections.values():  # a site's schema may leave one empty
            section.setVisible(section.form.rowCount() > 0)
        self._bind_built_in_rows()
        old = self.fields_area.takeWidget()
        self.fields_area.setWidget(inner)
        if old is not None:
            old.deleteLater()
        for row in self.rows.values():
            if row.field.suggest in self._suggestions:
                row.set_suggestions(self._suggestions[row.field.suggest])
            row.set_default(self._defaults.get(row.key))

    @property
    def schema(self) -> fields.Schema:
        """The fields the form shows: the built-ins and the current site's own."""
        return self._schema

    def _row(self, key: str, kind: type[_R]) -> _R:
        return cast(_R, self.rows[key])

    def _bind_built_in_rows(self) -> None:
        date = self._row("date", DateRow)
        self.title_edit = self._row("title", TextRow).edit
        self.date_edit = date.edit
        self.timezone_label, self.publish_label = date.timezone_label, date.publish_label
        self.author_edit = self._row("author", PersonRow).edit
        excerpt = self._row("excerpt", MultilineRow)
        self.excerpt_edit, self.excerpt_count = excerpt.edit, excerpt.count
        image = self._row("image", ImageRow)
        self.image_edit, self.thumbnail, self.image_missing = (image.edit, image.thumbnail,
                                                               image.missing)
        self.layout_combo = self._row("layout", ChoiceRow).combo
        categories, tags = self._row("categories", ListRow), self._row("tags", ListRow)
        self.categories_edit, self.categories_completer = categories.edit, categories.completer
        self.tags_edit, self.tags_completer = tags.edit, tags.completer
        self.published_box = self._row("published", BoolRow).box
        self.permalink_edit = self._row("permalink", TextRow).edit

    def _add_row(self, form: QFormLayout, key: str, label: str, field: QWidget | QLayout,
                 buddy: QWidget | None = None) -> None:
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if isinstance(field, QWidget):
            box.addWidget(field)
        else:
            box.addLayout(field)
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        error.setStyleSheet("QLabel { color: #b3261e; }")
        error.setAccessibleName(f"{label.replace('&', '') or key.title()} problem")
        error.hide()
        box.addWidget(error)
        self._errors[key] = error
        if label:
            title = QLabel(label)
            target = buddy or (field if isinstance(field, QWidget) else None)
            if target is not None:
                title.setBuddy(target)
            form.addRow(title, box)
        else:
            form.addRow(box)

    # -- what the rows ask of the form (form_rows.RowHost) ------------------------------

    def apply_edit(self, source: str, changes: dict[str, Any], remove: list[str]) -> None:
        """Apply an edit from a row (nothing while a post is being shown)."""
        if self._loading:
            return
        self.clear_error(source)
        self._values.update(changes)
        for key in remove:
            self._values.pop(key, None)
        self.fields_edited.emit(source, changes, remove)

    def value(self, key: str) -> Any:
        """The post's current value for ``key``."""
        return self._values.get(key)

    def had(self, key: str) -> bool:
        """Whether the post had ``key`` when it was shown."""
        return key in self._original_keys

    def excerpt_target(self) -> int:
        """The length an excerpt should stay under (Preferences)."""
        return self._excerpt_target

    def image_context(self) -> tuple[Path | None, Path | None, str]:
        """Site root, post path and baseurl, to find an image on disk."""
        return self._site_root, self._post_path, self._baseurl

    def request_image(self, key: str) -> None:
        """A row's Choose… button: the window asks for a picture, then calls set_image."""
        self._image_key = key
        self.image_choose_requested.emit()

    # -- showing a post -------------------------------------------------------------

    def show_post(self, post: Post, site: Site, excerpt_target: int = 160) -> None:
        """Fill the form from ``post`` (or show the raw editor when it is broken)."""
        self._site_root = site.root
        self._post_path = post.path
        self._baseurl = site.baseurl
        self._excerpt_target = excerpt_target
        self._image_key = "image"
        schema = fields.schema_for_site(site)
        if schema != self._schema:
            self._build_rows(schema)
        self._loading = True
        try:
            self._show_problem(post)
            values = post.front_matter if post.problem is None else {}
            self._values = values
            self._original_keys = set(values)
            for label in self._errors.values():
                label.hide()
            self._others = {}
            for key, value in values.items():
                row = self.rows.get(key)
                if row is None or not row.fits(value):
                    self._others[key] = value
            for key, row in self.rows.items():
                shown = key not in self._others
                row.show_value(values.get(key) if shown else None)
                row.widget.setEnabled(shown)
            set_exact_text(self.others_edit, fv.others_text(self._others))
        finally:
            self._loading = False
        for row in self.rows.values():
            if isinstance(row, MultilineRow):
                row.update_count()
            elif isinstance(row, ImageRow):
                row.update_thumbnail(row.edit.text())
        self._apply_defaults(post, site)
        self.update_publish_info(post, site)

    def _show_problem(self, post: Post) -> None:
        problem: Problem | None = post.problem
        broken = problem is not None
        if broken:
            assert problem is not None
            self.banner.setText(
                f"<b>The front matter cannot be read</b> — line {problem.line}, column "
                f"{problem.column}: {problem.message}.<br>"
                "Fix it below; nothing is saved until you do.")
            if exact_text(self.raw_editor) != post.front_matter_text:
                set_exact_text(self.raw_editor, post.front_matter_text)
        self.banner.setVisible(broken)
        self.raw_editor.setVisible(broken)
        self.fields_area.setVisible(not broken)

    def update_problem(self, post: Post, site: Site) -> None:
        """The raw front matter was edited: update the banner, or bring the form back."""
        if post.problem is None:
            self.show_post(post, site, self._excerpt_target)
        else:
            self._loading = True
            try:
                self._show_problem(post)
            finally:
                self._loading = False

    def _apply_defaults(self, post: Post, site: Site) -> None:
        relpath = ""
        if post.path is not None and site.root is not None:
            try:
                relpath = post.path.resolve().relative_to(site.root).as_posix()
            except ValueError:
                relpath = post.path.name
        kind = "drafts" if "_drafts/" in relpath else "posts"
        defaults = site.defaults_for(relpath or "_posts/x.md", kind) if site.root else {}
        self.set_defaults(defaults)

    def set_defaults(self, defaults: dict[str, Any]) -> None:
        """Values the site's ``defaults`` give this post, shown as placeholders (the form
        never writes them: Jekyll applies them when it builds)."""
        self._defaults = dict(defaults)
        for key, row in self.rows.items():
            row.set_default(defaults.get(key))

    def set_suggestions(self, authors: list[str], categories: list[str], tags: list[str],
                        layouts: list[str]) -> None:
        """Suggestions from the site index: authors, categories and tags, layouts."""
        self._suggest({"authors": authors, "categories": categories, "tags": tags,
                       "layouts": layouts})

    def set_choices(self, layouts: list[str], authors: list[str]) -> None:
        """Suggestions from the site: its layouts and known authors."""
        self._suggest({"layouts": layouts, "authors": authors})

    def _suggest(self, suggestions: dict[str, list[str]]) -> None:
        self._suggestions.update(suggestions)
        for row in self.rows.values():
            if row.field.suggest in suggestions:
                row.set_suggestions(suggestions[row.field.suggest])

    def field_widget(self, key: str) -> QWidget:
        """The widget that edits front-matter ``key`` ("Other fields" for the rest)."""
        if self.raw_editor.isVisible() or not self.fields_area.isVisibleTo(self):
            return self.raw_editor
        row = self.rows.get(key)
        return row.widget if row is not None and key not in self._others else self.others_edit

    def focus_field(self, key: str, line: int = 0) -> QWidget:
        """Put the cursor in the field for ``key`` (line ``line`` of the raw front matter
        when the post is broken); returns the widget focused."""
        widget = self.field_widget(key)
        block: QTextBlock | QTextCursor
        if widget is self.raw_editor and line > 0:
            block = self.raw_editor.document().findBlockByNumber(line - 1)
            if block.isValid():
                cursor = self.raw_editor.textCursor()
                cursor.setPosition(block.position())
                self.raw_editor.setTextCursor(cursor)
        elif widget is self.others_edit:
            block = self.others_edit.document().find(f"{key}:")
            if not block.isNull():
                cursor = self.others_edit.textCursor()
                cursor.setPosition(block.selectionStart())
                self.others_edit.setTextCursor(cursor)
        if widget is not self.raw_editor:
            for section in self.sections.values():
                if section.holds(widget):
                    section.set_expanded(True)
            self.fields_area.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    def update_publish_info(self, post: Post, site: Site) -> None:
        """The site timezone and the date/URL Jekyll will publish under."""
        tz = site.timezone
        written = jekyll.as_datetime(post.get("date")) if post.problem is None else None
        if written is not None and written.tzinfo is not None:
            offset = written.strftime("%z")
            self.timezone_label.setText(f"UTC{offset[:3]}:{offset[3:]}")
            self.timezone_label.setToolTip("The offset written in the post's date")
        else:
            # The engine's rule (jekyll.publish_datetime): a date without an offset is UTC.
            self.timezone_label.setText("UTC")
            self.timezone_label.setToolTip("A date without an offset is read as UTC; the line "
                                           "below shows it in the site's timezone")
        if post.problem is not None:
            self.publish_label.clear()
            return
        fm = post.front_matter
        filename = post.path.name if post.path else None
        when = jekyll.publish_datetime(fm.get("date"), filename, site)
        if when is None:
            self.publish_label.setText("No date: Jekyll cannot publish this post without one.")
            return
        zone = f" ({tz.key})" if tz is not None and hasattr(tz, "key") else ""
        text = f"Publishes {when:%a %d %b %Y, %H:%M} {when.tzname() or ''}{zone}"
        url = jekyll.permalink_for(fm, filename or jekyll.post_filename(when.date(),
                                   str(fm.get("title") or "")), site,
                                   jekyll.folder_categories(site.relpath(post.path)
                                                            if post.path else None))
        if url:
            # Zero-width spaces after slashes let a long address wrap in a narrow panel.
            text += "<br>at " + html.escape(f"{site.baseurl}{url}").replace("/", "/\u200b")
        mismatch = jekyll.date_mismatch(fm.get("date"), filename, site)
        if mismatch:
            text += f"<br><span style='color:#b3261e'>Note: {mismatch}.</span>"
        self.publish_label.setText(text)

    # -- edits ----------------------------------------------------------------------

    def _on_others_edit_changed(self) -> None:
        if self._loading:
            return
        try:
            new = fv.parse_others(exact_text(self.others_edit),
                                  self._schema.keys - set(self._others))
        except fv.OthersError as exc:
            self.flag_error("others", str(exc))
            return
        from editor.core.yamlstyle import same_value

        changes = {k: v for k, v in new.items()
                   if k not in self._others or not same_value(self._others[k], v)}
        remove = [k for k in self._others if k not in new]
        self.clear_error("others")
        if changes or remove:
            self._others = new
            self.apply_edit("others", changes, remove)

    def _on_raw_editor_text_changed(self) -> None:
        if not self._loading:
            self.raw_edited.emit(exact_text(self.raw_editor))

    def set_image(self, path_text: str) -> None:
        """The writer chose an image (already copied into the site) for the row whose
        Choose… button asked (``image`` unless another row did)."""
        key, self._image_key = self._image_key, "image"
        row = self.rows.get(key)
        if isinstance(row, ImageRow):
            row.edit.setText(path_text)
            emit_scalar(self, key, path_text)

    # -- errors ---------------------------------------------------------------------

    def flag_error(self, source: str, message: str) -> None:
        """Show a problem under the field ``source`` (the edit was not applied)."""
        label = self._errors.get(source)
        if label is not None:
            label.setText(message)
            label.show()

    def clear_error(self, source: str) -> None:
        """Hide the problem under ``source``."""
        label = self._errors.get(source)
        if label is not None:
            label.hide()

    def field_error(self, source: str) -> str:
        """The problem shown under ``source`` ('' when none)."""
        label = self._errors.get(source)
        return label.text() if label is not None and not label.isHidden() else ""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(340, 600)

