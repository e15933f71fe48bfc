"""The front-matter form: one field per known key, "Other fields" as YAML, and the
banner plus raw editor shown for a post whose front matter cannot be read."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime, Signal
from PySide6.QtGui import QImageReader, QPixmap, QTextBlock, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from editor.core import fields, jekyll
from editor.core.post import Post, Problem
from editor.ui import form_values as fv
from editor.ui.completers import TokenCompleter
from editor.ui.exact_text import exact_text, set_exact_text
from editor.ui.highlighter import MarkdownHighlighter

_NO_DATE = QDateTime(QDate(1900, 1, 1), QTime(0, 0))
#: Fields that show a value inherited from ``_config.yml`` ``defaults`` as a placeholder.
_PLACEHOLDERS = {"title": "Headline", "author": "Byline", "layout": "", "image": "assets/images/…",
                 "categories": "news, politics", "tags": "comma, separated", "permalink": ""}


class FrontMatterForm(QWidget):
    """Edits the post's front matter. Emits ``fields_edited(source, changes, remove)``
    for each edit; the window applies it and calls ``flag_error`` when it is refused."""

    fields_edited = Signal(str, dict, list)
    raw_edited = Signal(str)
    image_choose_requested = Signal()

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
        inner = QWidget()
        form = QFormLayout(inner)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(10, 8, 10, 8)
        self._form = form

        self.title_edit = self._line("title", "Title", "Headline")
        self.date_edit = QDateTimeEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDateTime(_NO_DATE)
        self.date_edit.setSpecialValueText("No date")
        self.date_edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.date_edit.setAccessibleName("Date and time")
        self.date_edit.dateTimeChanged.connect(self._on_date_edit_changed)
        self.timezone_label = QLabel()
        self.timezone_label.setAccessibleName("Site timezone")
        self.timezone_label.setMinimumWidth(0)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit, 1)
        date_row.addWidget(self.timezone_label, 0)
        self.publish_label = QLabel()
        self.publish_label.setObjectName("publish_info")
        self.publish_label.setAccessibleName("Publish date and address")
        self.publish_label.setWordWrap(True)
        self.publish_label.setMinimumWidth(0)
        self.publish_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.publish_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        date_box = QVBoxLayout()
        date_box.setContentsMargins(0, 0, 0, 0)
        date_box.addLayout(date_row)
        date_box.addWidget(self.publish_label)
        self._add_row("date", "&Date", date_box, self.date_edit)

        self.author_edit = self._line("author", "&Author", "Byline")
        self._author_completer = QCompleter([])
        self._author_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.author_edit.setCompleter(self._author_completer)
        # QLineEdit applies a chosen completion with setText, which is not an edit: write it.
        self._author_completer.activated.connect(
            lambda _text: self._emit_scalar("author", self.author_edit.text()))

        self.excerpt_edit = QPlainTextEdit()
        self.excerpt_edit.setAccessibleName("Excerpt")
        self.excerpt_edit.setPlaceholderText("One or two sentences for listings and social cards")
        self.excerpt_edit.setTabChangesFocus(True)
        self.excerpt_edit.setFixedHeight(78)
        self.excerpt_edit.textChanged.connect(self._on_excerpt_edit_changed)
        self.excerpt_count = QLabel()
        self.excerpt_count.setAccessibleName("Excerpt length")
        self.excerpt_count.setAlignment(Qt.AlignmentFlag.AlignRight)
        excerpt_box = QVBoxLayout()
        excerpt_box.setContentsMargins(0, 0, 0, 0)
        excerpt_box.setSpacing(2)
        excerpt_box.addWidget(self.excerpt_edit)
        excerpt_box.addWidget(self.excerpt_count)
        self._add_row("excerpt", "&Excerpt", excerpt_box, self.excerpt_edit)

        self.image_edit = QLineEdit()
        self.image_edit.setAccessibleName("Image path")
        self.image_edit.setPlaceholderText("assets/images/…")
        self.image_edit.textEdited.connect(lambda text: self._emit_scalar("image", text))
        self.image_edit.textChanged.connect(self._update_thumbnail)
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose image")
        choose.clicked.connect(self.image_choose_requested)
        self.thumbnail = QLabel()
        self.thumbnail.setAccessibleName("Image thumbnail")
        self.thumbnail.setFixedSize(QSize(96, 64))
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("QLabel { border: 1px solid palette(mid); }")
        self.image_missing = QLabel()
        self.image_missing.setObjectName("image_missing")
        self.image_missing.setWordWrap(True)
        self.image_missing.setStyleSheet("QLabel { color: #8a5300; }")
        self.image_missing.setAccessibleName("Image missing")
        self.image_missing.hide()
        image_row = QHBoxLayout()
        image_col = QVBoxLayout()
        image_col.addWidget(self.image_edit)
        image_col.addWidget(self.image_missing)
        image_col.addWidget(choose, 0, Qt.AlignmentFlag.AlignLeft)
        image_row.addLayout(image_col, 1)
        image_row.addWidget(self.thumbnail)
        self._add_row("image", "&Image", image_row, self.image_edit)

        self.layout_combo = QComboBox()
        self.layout_combo.setEditable(True)
        self.layout_combo.setAccessibleName("Layout")
        self.layout_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        cast(QLineEdit, self.layout_combo.lineEdit()).textEdited.connect(
            lambda t: self._emit_scalar("layout", t))
        self.layout_combo.activated.connect(
            lambda _i: self._emit_scalar("layout", self.layout_combo.currentText()))
        self._add_row("layout", "&Layout", self.layout_combo)

        self.categories_edit = self._line("categories", "&Categories", "news, politics",
                                          handler=self._on_categories_edit_edited)
        self.tags_edit = self._line("tags", "&Tags", "comma, separated",
                                    handler=self._on_tags_edit_edited)
        self.categories_completer = TokenCompleter(self.categories_edit)
        self.categories_completer.activated.connect(
            lambda _text: self._on_categories_edit_edited(self.categories_edit.text()))
        self.tags_completer = TokenCompleter(self.tags_edit)
        self.tags_completer.activated.connect(
            lambda _text: self._on_tags_edit_edited(self.tags_edit.text()))
        self.published_box = QCheckBox("Published")
        self.published_box.setToolTip("Uncheck to keep the post off the site (published: false)")
        self.published_box.setAccessibleName("Published")
        self.published_box.toggled.connect(self._on_published_box_toggled)
        self._add_row("published", "", self.published_box)
        self.permalink_edit = self._line("permalink", "&Permalink", "")

        self.others_edit = QPlainTextEdit()
        self.others_edit.setObjectName("other_fields")
        self.others_edit.setAccessibleName("Other fields (YAML)")
        self.others_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.others_edit.setTabChangesFocus(True)
        self.others_edit.setMinimumHeight(90)
        self._others_highlighter = MarkdownHighlighter(self.others_edit.document(), yaml_only=True)
        self.others_edit.textChanged.connect(self._on_others_edit_changed)
        self._add_row("others", "&Other fields", self.others_edit)

        self.fields_area.setWidget(inner)
        outer.addWidget(self.fields_area, 1)

    def _line(self, key: str, label: str, placeholder: str, handler: Any = None) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"field_{key}")
        edit.setAccessibleName(label.replace("&", ""))
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(handler or (lambda text: self._emit_scalar(key, text)))
        self._add_row(key, label, edit)
        return edit

    def _add_row(self, key: str, label: str, field: Any, buddy: QWidget | None = None) -> None:
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
            self._form.addRow(title, box)
        else:
            self._form.addRow(box)

    # -- showing a post -------------------------------------------------------------

    def show_post(self, post: Post, site: jekyll.SiteConfig, excerpt_target: int = 160) -> None:
        """Fill the form from ``post`` (or show the raw editor when it is broken)."""
        self._site_root = site.root
        self._post_path = post.path
        self._baseurl = site.baseurl
        self._excerpt_target = excerpt_target
        self._loading = True
        try:
            self._show_problem(post)
            values = post.front_matter if post.problem is None else {}
            self._values = values
            self._original_keys = set(values)
            for label in self._errors.values():
                label.hide()
            self.title_edit.setText(fv.text_of(values.get("title")))
            self._set_date(values.get("date"))
            self.author_edit.setText(fv.text_of(values.get("author")))
            set_exact_text(self.excerpt_edit, fv.text_of(values.get("excerpt")),
                           hide_final_newline=True)
            self.image_edit.setText(fv.text_of(values.get("image"))
                                    if not isinstance(values.get("image"), dict) else "")
            self.image_edit.setEnabled(not isinstance(values.get("image"), dict))
            self.image_edit.setCursorPosition(0)
            self.layout_combo.setEditText(fv.text_of(values.get("layout")))
            self.categories_edit.setText(fv.list_text(values.get("categories")))
            self.tags_edit.setText(fv.list_text(values.get("tags")))
            self.published_box.setChecked(values.get("published") is not False)
            self.permalink_edit.setText(fv.text_of(values.get("permalink")))
            own = fields.Schema().keys
            self._others = {k: v for k, v in values.items() if k not in own
                            or (k == "image" and isinstance(v, dict))}
            set_exact_text(self.others_edit, fv.others_text(self._others))
        finally:
            self._loading = False
        self._update_excerpt_count()
        self._update_thumbnail(self.image_edit.text())
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

    def update_problem(self, post: Post, site: jekyll.SiteConfig) -> None:
        """The raw front matter was edited: update the banner, or bring the form back."""
        if post.problem is None:
            self.show_post(post, site, self._excerpt_target)
        else:
            self._loading = True
            try:
                self._show_problem(post)
            finally:
                self._loading = False

    def _set_date(self, value: Any) -> None:
        when = jekyll.as_datetime(value)
        date_only = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        if isinstance(value, str) and when is not None and ":" not in value:
            date_only = True
        self._date_only = date_only
        self.date_edit.setDisplayFormat("yyyy-MM-dd" if date_only else "yyyy-MM-dd HH:mm:ss")
        if when is None:
            self.date_edit.setDateTime(_NO_DATE)
        else:
            self.date_edit.setDateTime(QDateTime(QDate(when.year, when.month, when.day),
                                                 QTime(when.hour, when.minute, when.second)))

    def _apply_defaults(self, post: Post, site: jekyll.SiteConfig) -> None:
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
        widgets = {"title": self.title_edit, "author": self.author_edit,
                   "layout": cast(QLineEdit, self.layout_combo.lineEdit()),
                   "image": self.image_edit,
                   "categories": self.categories_edit, "tags": self.tags_edit,
                   "permalink": self.permalink_edit}
        for key, widget in widgets.items():
            value = defaults.get(key)
            if value is None or isinstance(value, dict):
                widget.setPlaceholderText(_PLACEHOLDERS[key])
                widget.setToolTip("")
                continue
            text = fv.list_text(value) if key in ("categories", "tags") else fv.text_of(value)
            widget.setPlaceholderText(f"{text} (site default)")
            widget.setToolTip(f"The site gives this post {key}: {text} (from _config.yml "
                              "defaults) unless you write one here")

    def set_suggestions(self, authors: list[str], categories: list[str], tags: list[str],
                        layouts: list[str]) -> None:
        """Suggestions from the site index: authors, categories and tags, layouts."""
        self.set_choices(layouts, authors)
        self.categories_completer.set_items(categories)
        self.tags_completer.set_items(tags)

    def field_widget(self, key: str) -> QWidget:
        """The widget that edits front-matter ``key`` ("Other fields" for the rest)."""
        widgets: dict[str, QWidget] = {
            "title": self.title_edit, "date": self.date_edit, "author": self.author_edit,
            "excerpt": self.excerpt_edit, "image": self.image_edit,
            "layout": self.layout_combo, "categories": self.categories_edit,
            "tags": self.tags_edit, "published": self.published_box,
            "permalink": self.permalink_edit}
        if self.raw_editor.isVisible() or not self.fields_area.isVisibleTo(self):
            return self.raw_editor
        return widgets.get(key, self.others_edit)

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
            self.fields_area.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    def set_choices(self, layouts: list[str], authors: list[str]) -> None:
        """Suggestions from the site: its layouts and known authors."""
        current = self.layout_combo.currentText()
        self.layout_combo.blockSignals(True)
        self.layout_combo.clear()
        self.layout_combo.addItems(layouts)
        self.layout_combo.setEditText(current)
        self.layout_combo.blockSignals(False)
        self._author_completer.model().setStringList(authors)  # type: ignore[attr-defined]

    def update_publish_info(self, post: Post, site: jekyll.SiteConfig) -> None:
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
                                   str(fm.get("title") or "")), site)
        if url:
            # Zero-width spaces after slashes let a long address wrap in a narrow panel.
            text += "<br>at " + html.escape(f"{site.baseurl}{url}").replace("/", "/\u200b")
        mismatch = jekyll.date_mismatch(fm.get("date"), filename, site)
        if mismatch:
            text += f"<br><span style='color:#b3261e'>Note: {mismatch}.</span>"
        self.publish_label.setText(text)

    # -- edits ----------------------------------------------------------------------

    def _emit(self, source: str, changes: dict[str, Any], remove: list[str]) -> None:
        if self._loading:
            return
        self.clear_error(source)
        self._values.update(changes)
        for key in remove:
            self._values.pop(key, None)
        self.fields_edited.emit(source, changes, remove)

    def _emit_scalar(self, key: str, text: str) -> None:
        if text == "" and key not in self._original_keys:
            self._emit(key, {}, [key])
            return
        original = self._values.get(key)
        if original is not None and not isinstance(original, str) and fv.text_of(original) == text:
            return
        self._emit(key, {key: text}, [])

    def _on_date_edit_changed(self, value: QDateTime) -> None:
        if self._loading:
            return
        if value == _NO_DATE:
            self._emit("date", {}, ["date"])
            return
        d, t = value.date(), value.time()
        new = dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())
        value = fv.date_value(new, self._values.get("date"), self._date_only)
        self._emit("date", {"date": value}, [])

    def _on_excerpt_edit_changed(self) -> None:
        self._update_excerpt_count()
        self._emit_scalar("excerpt", exact_text(self.excerpt_edit))

    def _update_excerpt_count(self) -> None:
        n = len(exact_text(self.excerpt_edit))
        over = n > self._excerpt_target
        self.excerpt_count.setText(f"{n} / {self._excerpt_target} characters"
                                   + (" — too long for listings" if over else ""))
        self.excerpt_count.setStyleSheet("color: #b3261e;" if over else "")

    def _on_categories_edit_edited(self, text: str) -> None:
        self._emit_list("categories", text)

    def _on_tags_edit_edited(self, text: str) -> None:
        self._emit_list("tags", text)

    def _emit_list(self, key: str, text: str) -> None:
        if not text.strip() and key not in self._original_keys:
            self._emit(key, {}, [key])
            return
        self._emit(key, {key: fv.list_value(text, self._values.get(key))}, [])

    def _on_published_box_toggled(self, checked: bool) -> None:
        if checked and "published" not in self._original_keys:
            self._emit("published", {}, ["published"])
        else:
            self._emit("published", {"published": checked}, [])

    def _on_others_edit_changed(self) -> None:
        if self._loading:
            return
        try:
            new = fv.parse_others(exact_text(self.others_edit),
                                  fields.Schema().keys - set(self._others))
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
            self._emit("others", changes, remove)

    def _on_raw_editor_text_changed(self) -> None:
        if not self._loading:
            self.raw_edited.emit(exact_text(self.raw_editor))

    def set_image(self, path_text: str) -> None:
        """The writer chose an image (already copied into the site)."""
        self.image_edit.setText(path_text)
        self._emit_scalar("image", path_text)

    def _update_thumbnail(self, text: str) -> None:
        from editor.core.images import is_local, resolve_image

        path: Path | None = None
        if text and Path(text).is_absolute():
            path = Path(text)
        elif text:
            path = resolve_image(text, self._site_root, self._post_path, self._baseurl)
        knowable = path is not None or self._site_root is not None or self._post_path is not None
        missing = (bool(text) and is_local(text) and knowable
                   and (path is None or not path.is_file()))
        self.image_missing.setText(f"⚠ Missing: there is no {text} in the site."
                                   if missing else "")
        self.image_missing.setVisible(missing)
        if path is None or not path.is_file():
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("missing" if missing else "no image" if not text
                                   else "remote")
            return
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            size.scale(self.thumbnail.size(), Qt.AspectRatioMode.KeepAspectRatio)
            reader.setScaledSize(size)
        image = reader.read()
        if image.isNull():
            self.thumbnail.setText("not an image")
            return
        self.thumbnail.setPixmap(QPixmap.fromImage(image))

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

