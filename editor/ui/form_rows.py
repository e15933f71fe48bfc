"""The front-matter form's rows: one row class per field kind (``editor.core.fields``).

A row owns its widgets, shows a value, and turns the writer's edits into
``host.apply_edit(source, changes, remove)`` calls; the form (the host) assembles rows from
the schema. A new kind is a new row class here plus one line in :data:`ROW_KINDS`.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from editor.core import dates, jekyll
from editor.core.fields import Field
from editor.core.post import Post, date_like
from editor.core.site_model import Site
from editor.ui import form_values as fv
from editor.ui.completers import TokenCompleter
from editor.ui.exact_text import exact_text, set_exact_text

NO_DATE = QDateTime(QDate(1900, 1, 1), QTime(0, 0))


class RowHost(Protocol):
    """What a row needs from the form."""

    def apply_edit(self, source: str, changes: dict[str, Any], remove: list[str]) -> None:
        """Apply an edit (ignored while the form is loading a post)."""

    def value(self, key: str) -> Any:
        """The post's current value for ``key``."""

    def had(self, key: str) -> bool:
        """Whether the post had ``key`` when it was shown."""

    def excerpt_target(self) -> int:
        """The length an excerpt should stay under."""

    def image_context(self) -> tuple[Path | None, Path | None, str]:
        """Site root, post path and baseurl, to find an image path on disk."""

    def request_image(self, key: str) -> None:
        """The writer asked to choose a picture for ``key``."""

    def flag_error(self, source: str, message: str) -> None:
        """Show a problem under the field ``source`` (the edit was not applied)."""

    def pending_image(self, relpath: str) -> bytes | None:
        """An image chosen for the post, copied into the site when it is saved."""

    def date_zone(self) -> tuple[dt.tzinfo, bool]:
        """The zone publish dates are shown and entered in, and whether it is the site's
        (the zone Jekyll builds in) rather than the writer's own."""


def emit_scalar(host: RowHost, key: str, text: str) -> None:
    """A text field was edited: write the text (clearing a key the post lacked removes
    it; a non-string value shown unchanged is not rewritten)."""
    if text == "" and not host.had(key):
        host.apply_edit(key, {}, [key])
        return
    original = host.value(key)
    if original is not None and not isinstance(original, str) and fv.text_of(original) == text:
        return
    host.apply_edit(key, {key: text}, [])


class FieldRow:
    """One field's editor: ``widget`` (focus target), ``body`` (what the form lays out)."""

    widget: QWidget
    body: QWidget | QLayout

    def __init__(self, field: Field, host: RowHost) -> None:
        self.field = field
        self.host = host
        self.key = field.key

    def fits(self, value: Any) -> bool:
        """Whether this row can show ``value`` (else it goes to "Other fields")."""
        return not isinstance(value, (dict, list))

    def show_value(self, value: Any) -> None:
        """Show the post's value (None: the key is absent or in "Other fields")."""
        raise NotImplementedError

    def set_default(self, value: Any) -> None:
        """A value the site's ``defaults`` give the post, shown as a placeholder."""

    def set_suggestions(self, items: list[str]) -> None:
        """Completions from the site (authors, categories, tags, layouts)."""

    def _placeholder(self, edit: QLineEdit, value: Any) -> None:
        if value is None or isinstance(value, dict) or (isinstance(value, list)
                                                        and self.field.kind != "list"):
            edit.setPlaceholderText(self.field.placeholder)
            edit.setToolTip(self.field.help)
            return
        text = fv.list_text(value) if self.field.kind == "list" else fv.text_of(value)
        edit.setPlaceholderText(f"{text} (site default)")
        edit.setToolTip(f"The site gives this post {self.key}: {text} (from _config.yml "
                        "defaults) unless you write one here")


class TextRow(FieldRow):
    """A one-line text: title, permalink, a site's ``subtitle``."""

    def __init__(self, field: Field, host: RowHost) -> None:
        super().__init__(field, host)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"field_{field.key}")
        self.edit.setAccessibleName(field.accessible_name)
        self.edit.setPlaceholderText(field.placeholder)
        self.edit.setToolTip(field.help)
        self.edit.textEdited.connect(self._on_text_edited)
        self.widget = self.body = self.edit

    def _on_text_edited(self, text: str) -> None:
        emit_scalar(self.host, self.key, text)

    def show_value(self, value: Any) -> None:
        """Show the post's value of this field."""
        self.edit.setText(fv.text_of(value))

    def set_default(self, value: Any) -> None:
        """Show the value the site's ``defaults`` give as the placeholder."""
        self._placeholder(self.edit, value)


class PersonRow(TextRow):
    """A name, completed from the site's known authors."""

    def __init__(self, field: Field, host: RowHost) -> None:
        super().__init__(field, host)
        self.completer = QCompleter([])
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.edit.setCompleter(self.completer)
        # QLineEdit applies a chosen completion with setText, which is not an edit: write it.
        self.completer.activated.connect(self._on_completer_activated)

    def _on_completer_activated(self, _text: str) -> None:
        emit_scalar(self.host, self.key, self.edit.text())

    def set_suggestions(self, items: list[str]) -> None:
        """Offer these values while the writer types."""
        self.completer.model().setStringList(items)  # type: ignore[attr-defined]


class ListRow(TextRow):
    """Comma-separated items (categories, tags); completes the item being typed."""

    def __init__(self, field: Field, host: RowHost) -> None:
        super().__init__(field, host)
        self.completer = TokenCompleter(self.edit)
        self.completer.activated.connect(self._on_completer_activated)

    def fits(self, value: Any) -> bool:
        """Whether this row can show ``value`` without losing any of it."""
        return not isinstance(value, dict) and not (
            isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value))

    def _on_completer_activated(self, _text: str) -> None:
        self._on_text_edited(self.edit.text())

    def _on_text_edited(self, text: str) -> None:
        if not text.strip() and not self.host.had(self.key):
            self.host.apply_edit(self.key, {}, [self.key])
            return
        value = fv.list_value(text, self.host.value(self.key))
        self.host.apply_edit(self.key, {self.key: value}, [])

    def show_value(self, value: Any) -> None:
        """Show the post's value of this field."""
        self.edit.setText(fv.list_text(value))

    def set_suggestions(self, items: list[str]) -> None:
        """Offer these values while the writer types."""
        self.completer.set_items(items)


class MultilineRow(FieldRow):
    """A few lines of text; with ``counter``, its length against the excerpt target."""

    def __init__(self, field: Field, host: RowHost) -> None:
        super().__init__(field, host)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"field_{field.key}")
        self.edit.setAccessibleName(field.accessible_name)
        self.edit.setPlaceholderText(field.placeholder)
        self.edit.setToolTip(field.help)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(78)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.widget = self.edit
        self.count = QLabel()
        self.count.setAccessibleName(f"{field.name} length")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        if not field.counter:  # (no setVisible(True): on a widget without a parent yet,
            self.count.hide()  # that makes it a window of its own and shows it)
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.edit)
        box.addWidget(self.count)
        self.body = box

    def show_value(self, value: Any) -> None:
        """Show the post's value of this field."""
        set_exact_text(self.edit, fv.text_of(value), hide_final_newline=True)

    def _on_edit_text_changed(self) -> None:
        self.update_count()
        emit_scalar(self.host, self.key, exact_text(self.edit))

    def update_count(self) -> None:
        """Show the length against the target (red past it)."""
        if not self.field.counter:
            return
        n, target = len(exact_text(self.edit)), self.host.excerpt_target()
        over = n > target
        self.count.setText(f"{n} / {target} characters"
                           + (" — too long for listings" if over else ""))
        self.count.setStyleSheet("color: #b3261e;" if over else "")


class ChoiceRow(FieldRow):
    """One of a list: the site's layouts (editable), or a site's ``choices``."""

    def __init__(self, field: Field, host: RowHost) -> None:
        super().__init__(field, host)
        self.combo = QComboBox()
        self.combo.setObjectName(f"field_{field.key}")
        self.combo.setAccessibleName(field.accessible_name)
        self.combo.setToolTip(field.help)
        self.combo.setEditable(field.editable)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if field.editable:
            self.line_edit.textEdited.connect(self._on_text_edited)
        self.combo.activated.connect(self._on_combo_activated)
        self._set_items(list(field.choices), "")
        self.widget = self.body = self.combo

    @property
    def line_edit(self) -> QLineEdit:
        """The editable combo's text (an editable field only)."""
        return cast(QLineEdit, self.combo.lineEdit())

    def _set_items(self, items: list[str], current: str) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        if not self.field.editable:
            # A fixed list: "" (not set) first, and a value the list lacks is kept visible.
            items = ["", *items, *([current] if current and current not in items else [])]
        self.combo.addItems(items)
        if self.field.editable:
            self.combo.setEditText(current)
        else:
            self.combo.setCurrentIndex(items.index(current) if current in items else 0)
        self.combo.blockSignals(False)

    def _on_text_edited(self, text: str) -> None:
        emit_scalar(self.host, self.key, text)

    def _on_combo_activated(self, _index: int) -> None:
        emit_scalar(self.host, self.key, self.combo.currentText())

    def show_value(self, value: Any) -> None:
        """Show the post's value of this field."""
        if self.field.editable:
            self.combo.setEditText(fv.text_of(value))
        else:
            self._set_items(list(self.field.choices), fv.text_of(value))

    def set_default(self, value: Any) -> None:
        """Show the value the site's ``defaults`` give as the placeholder."""
        if self.field.editable:
            self._placeholder(self.line_edit, value)

    def set_suggestions(self, items: list[str]) -> None:
        """Offer these values while the writer types."""
        self._set_items([*self.field.choices, *items], self.combo.currentText())


class BoolRow(FieldRow):
    """A check box; the key is written only when it differs from the field's default."""

    def __init__(self, field: Field, host: RowHost) -> None:
        super().__init__(field, host)
        self.box = QCheckBox(field.name)
        self.box.setObjectName(f"field_{field.key}")
        self.box.setToolTip(field.help)
        self.box.setAccessibleName(field.accessible_name)
        self.box.toggled.connect(self._on_box_toggled)
        self.widget = self.body = self.box

    def show_value(self, value: Any) -> None:
        """Show the post's value of this field."""
        self.box.setChecked(value if isinstance(value, bool) else bool(self.field.default))

    def _on_box_toggled(self, checked: bool) -> None:
        if checked == bool(self.field.default) and not self.host.had(self.key):
            self.host.apply_edit(self.key, {}, [self.key])
        else:
            self.host.apply_edit(self.key, {self.key: checked}, [])


class DateRow(FieldRow):
    """A date and time; for ``date`` also the site timezone and the publish line."""

    def __init__(self, field: Field, host: RowHost) -> None:
        super().__init__(field, host)
        self.date_only = False
        self.edit = QDateTimeEdit()
        self.edit.setObjectName(f"field_{field.key}")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDateTime(NO_DATE)
        self.edit.setSpecialValueText("No date")
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.edit.setAccessibleName(field.accessible_name)
        self.edit.setToolTip(field.help)
        self.edit.dateTimeChanged.connect(self._on_edit_date_time_changed)
        self.widget = self.edit
        self.timezone_label = QLabel()
        self.timezone_label.setAccessibleName("Site timezone")
        self.timezone_label.setMinimumWidth(0)
        line = QHBoxLayout()
        line.addWidget(self.edit, 1)
        line.addWidget(self.timezone_label, 0)
        self.publish_label = QLabel()
        self.publish_label.setObjectName("publish_info" if field.key == "date"
                                         else f"publish_info_{field.key}")
        self.publish_label.setAccessibleName("Publish date and address")
        self.publish_label.setWordWrap(True)
        self.publish_label.setMinimumWidth(0)
        self.publish_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                         QSizePolicy.Policy.Preferred)
        self.publish_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if field.key != "date":  # (not setVisible(True): see MultilineRow)
            self.timezone_label.hide()
            self.publish_label.hide()
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(line)
        box.addWidget(self.publish_label)
        self.body = box

    def show_value(self, value: Any) -> None:
        """Show the post's value of this field."""
        when = jekyll.as_datetime(value)
        if self.key == "date" and when is not None:
            # The publish date as Jekyll reads it, in the site's timezone (the writer's own
            # outside a site): an offset-less date is UTC to Jekyll (see core/dates.py).
            when = dates.wall_clock(value, self.host.date_zone()[0])
        date_only = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        if isinstance(value, str) and when is not None and ":" not in value:
            date_only = True
        self.date_only = date_only
        self.edit.setDisplayFormat("yyyy-MM-dd" if date_only else "yyyy-MM-dd HH:mm:ss")
        if when is None:
            self.edit.setDateTime(NO_DATE)
        else:
            self.edit.setDateTime(QDateTime(QDate(when.year, when.month, when.day),
                                            QTime(when.hour, when.minute, when.second)))

    def show_publish_info(self, post: Post, site: Site) -> None:
        """The site timezone and the date/URL Jekyll will publish under."""
        zone, zone_is_sites = dates.site_zone(site), site.timezone is not None
        self.timezone_label.setText(dates.zone_name(zone))
        self.timezone_label.setToolTip(
            "Dates are shown and entered in the site's timezone (timezone: in _config.yml)"
            if zone_is_sites else "Dates are shown and entered in your timezone (the site sets "
            "none; Jekyll then uses the timezone of the machine that builds it)")
        if post.problem is not None:
            self.publish_label.clear()
            return
        fm = post.front_matter
        filename = post.path.name if post.path else None
        when = jekyll.publish_datetime(fm.get("date"), filename, site)
        if when is None:
            draft = post.path is not None and "_drafts" in post.path.parts
            self.publish_label.setText(
                "A draft: publishing it dates it then (or set a date to schedule it)." if draft
                else "No date: Jekyll cannot publish this post without one.")
            return
        text = f"Publishes {when:%a %d %b %Y, %H:%M} {dates.zone_name(zone, when)}"
        if when > dt.datetime.now(dt.UTC):
            held = ("the site holds it back until then (future: is not true)" if not site.future
                    else "the site's future: true publishes it at the next build")
            text = f"<b>Scheduled</b>: {text[0].lower()}{text[1:]} — {held}"
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

    def _on_edit_date_time_changed(self, value: QDateTime) -> None:
        if value == NO_DATE:
            self.host.apply_edit(self.key, {}, [self.key])
            return
        d, t = value.date(), value.time()
        new = dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())
        if self.key == "date":
            # Written so that Jekyll publishes at exactly the time entered, in the post's style
            # where it can say that instant (dates.value_to_write).
            zone, zone_is_sites = self.host.date_zone()
            old = self.host.value(self.key)
            if self.date_only and isinstance(old, dt.date) and not isinstance(old, dt.datetime):
                new = new.replace(hour=0, minute=0, second=0)
            written = dates.value_to_write(new, zone, old, zone_is_sites)
            self.host.apply_edit(self.key, {self.key: written}, [])
            return
        value = date_like(new, self.host.value(self.key), self.date_only)
        self.host.apply_edit(self.key, {self.key: value}, [])


class ImageRow(TextRow):
    """A picture's path in the site, a Choose… button, a thumbnail and a missing notice."""

    def __init__(self, field: Field, host: RowHost) -> None:
        super().__init__(field, host)
        self.edit.textChanged.connect(self.update_thumbnail)
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose image" if field.key == "image"
                                 else f"Choose {field.name.lower()}")
        choose.clicked.connect(self._on_choose_clicked)
        self.thumbnail = QLabel()
        self.thumbnail.setAccessibleName("Image thumbnail" if field.key == "image"
                                         else f"{field.name} thumbnail")
        self.thumbnail.setFixedSize(QSize(96, 64))
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("QLabel { border: 1px solid palette(mid); }")
        self.missing = QLabel()
        self.missing.setObjectName("image_missing" if field.key == "image"
                                   else f"image_missing_{field.key}")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("QLabel { color: #8a5300; }")
        self.missing.setAccessibleName("Image missing")
        self.missing.hide()
        row = QHBoxLayout()
        column = QVBoxLayout()
        column.addWidget(self.edit)
        column.addWidget(self.missing)
        column.addWidget(choose, 0, Qt.AlignmentFlag.AlignLeft)
        row.addLayout(column, 1)
        row.addWidget(self.thumbnail)
        self.body = row

    def _on_choose_clicked(self) -> None:
        self.host.request_image(self.key)

    def show_value(self, value: Any) -> None:
        """Show the post's value of this field."""
        super().show_value(value)
        self.edit.setCursorPosition(0)
        self.update_thumbnail(self.edit.text())

    def update_thumbnail(self, text: str) -> None:
        """Show the picture at ``text`` (or say it is missing, remote or not a picture)."""
        if not text:  # most posts: no image, and no need of the image code to say so
            self.missing.setText("")
            self.missing.setVisible(False)
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("no image")
            return
        from editor.core.images import is_local, resolve_image

        root, post_path, baseurl = self.host.image_context()
        path: Path | None = None
        if text and Path(text).is_absolute():
            path = Path(text)
        elif text:
            path = resolve_image(text, root, post_path, baseurl)
        knowable = path is not None or root is not None or post_path is not None
        pending = self.host.pending_image(text) if text else None
        if pending is not None:
            image = QImage.fromData(pending)
            self.missing.setText("Copied into the site when you save the post.")
            self.missing.setVisible(True)
            if not image.isNull():
                self.thumbnail.setPixmap(QPixmap.fromImage(image.scaled(
                    self.thumbnail.size(), Qt.AspectRatioMode.KeepAspectRatio)))
            return
        missing = (bool(text) and is_local(text) and knowable
                   and (path is None or not path.is_file()))
        # The path is in the field just above: a long one repeated here wrapped to lines the
        # row had no room for at a laptop's width.
        self.missing.setText("⚠ Missing: no such file in the site." if missing else "")
        self.missing.setVisible(missing)
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


class NumberRow(TextRow):
    """A number (a site's ``rating``, ``order``): written as a YAML number; text that is
    not one is flagged under the field and not applied."""

    def fits(self, value: Any) -> bool:
        """Whether this row can show ``value`` without losing any of it."""
        return value is None or isinstance(value, (int, float)) and not isinstance(value, bool)

    def _on_text_edited(self, text: str) -> None:
        text = text.strip()
        if not text:
            emit_scalar(self.host, self.key, "")
            return
        try:
            number: int | float = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                self.host.flag_error(self.key, f"“{text}” is not a number.")
                return
        if number != number or number in (float("inf"), float("-inf")):
            self.host.flag_error(self.key, f"“{text}” is not a number.")
            return
        self.host.apply_edit(self.key, {self.key: number}, [])


#: The row class for each field kind.
ROW_KINDS: dict[str, type[FieldRow]] = {
    "text": TextRow, "path": TextRow, "person": PersonRow, "list": ListRow,
    "multiline": MultilineRow, "choice": ChoiceRow, "bool": BoolRow, "date": DateRow,
    "image": ImageRow, "number": NumberRow,
}


def make_row(field: Field, host: RowHost) -> FieldRow:
    """The row that edits ``field`` (a one-line text for a kind without its own row)."""
    return ROW_KINDS.get(field.kind, TextRow)(field, host)
