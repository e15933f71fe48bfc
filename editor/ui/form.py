"""The front-matter form: the schema's fields (``editor.core.fields``) as rows (one class
per kind in ``editor.ui.form_rows``) in foldable sections, "Other fields" as YAML for every
other key, and the banner plus raw editor shown for a post whose front matter cannot be
read (``editor.ui.form_others``). The Advanced section, folded at first, gets its rows when
it is first unfolded or one of them is asked for (not before the window's first frame)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextBlock, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from editor.core import dates, fields
from editor.core.post import Post
from editor.core.site_model import Site
from editor.ui.completers import TokenCompleter
from editor.ui.form_others import BrokenFrontMatter, OtherFields
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
from editor.ui.form_section import FormSection, RowProblem

_R = TypeVar("_R", bound=FieldRow)


class FrontMatterForm(QWidget):
    """Edits the post's front matter. Emits ``fields_edited(source, changes, remove)``
    for each edit; the window applies it and calls ``flag_error`` when it is refused."""

    fields_edited = Signal(str, dict, list)
    raw_edited = Signal(str)
    image_choose_requested = Signal()
    #: The groups folded away changed (the writer clicked a section's title): list[str].
    folding_changed = Signal(list)

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
    categories_edit: QLineEdit
    categories_completer: TokenCompleter
    tags_edit: QLineEdit
    tags_completer: TokenCompleter

    def __init__(self, parent: QWidget | None = None, rows_later: bool = False) -> None:
        """With ``rows_later`` the rows are made by :meth:`build_rows`, once the caller has
        put the form in its place (a widget given a parent makes Qt walk its whole subtree:
        adding the built form to the window's tabs walked its ~150 widgets, ~9 ms)."""
        super().__init__(parent)
        self.setObjectName("front_matter_form")
        self._loading = False
        self._values: dict[str, Any] = {}
        self._original_keys: set[str] = set()
        self._site_root: Path | None = None
        self._zone: dt.tzinfo = dates.site_zone(None)
        self._zone_is_sites = False
        self._post_path: Path | None = None
        self._baseurl = ""
        self._excerpt_target = 160
        self._image_key = "image"
        self._errors: dict[str, RowProblem] = {}
        self._schema = fields.Schema()
        self.rows: dict[str, FieldRow] = {}
        self.sections: dict[str, FormSection] = {}
        #: Folded sections: Advanced starts folded, so Story and Publishing fit a laptop.
        self._folded: set[str] = {fields.OTHERS_GROUP}
        self._suggestions: dict[str, list[str]] = {}
        self._defaults: dict[str, Any] = {}
        # The banner and raw editor of a broken post: made when one is first shown.
        self._broken: BrokenFrontMatter | None = None
        # "Other fields" and the rest of the Advanced section: made on first use.
        self._others: OtherFields | None = None
        self._advanced_later = False
        self._dark = False
        self._outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.fields_area, 1)
        if not rows_later:
            self.build_rows()

    def build_rows(self) -> None:
        """Make the rows of the built-in fields (see ``rows_later``)."""
        self._build_rows(self._schema)

    # -- a post whose front matter cannot be read ------------------------------------

    def _broken_part(self) -> BrokenFrontMatter:
        """The banner and raw editor, made (hidden, above the fields) on first use."""
        if self._broken is None:
            # Made while a post is shown: what its editor reports as it is set up (its
            # highlighter's colours count as a text change) is not an edit of that post.
            loading, self._loading = self._loading, True
            try:
                self._broken = BrokenFrontMatter(self._on_raw_text_edited)
                self._broken.set_dark(self._dark)
                self._outer.insertWidget(0, self._broken.banner)
                self._outer.insertWidget(1, self._broken.editor, 1)
            finally:
                self._loading = loading
        return self._broken

    @property
    def banner(self) -> QLabel:
        """The banner naming what is wrong with a broken post's front matter."""
        return self._broken_part().banner

    @property
    def raw_editor(self) -> QPlainTextEdit:
        """The raw front matter of a broken post, to fix."""
        return self._broken_part().editor

    def _show_broken(self, post: Post) -> bool:
        """Show or hide the banner and raw editor for ``post``; whether it is broken."""
        if post.problem is None and self._broken is None:
            return False
        return self._broken_part().show(post)

    # -- folding -------------------------------------------------------------------

    def folded(self) -> list[str]:
        """The groups folded away, in form order."""
        return [g for g, _ in fields.GROUPS if g in self._folded]

    def set_folded(self, groups: list[str]) -> None:
        """Fold away these groups and unfold the others (the remembered state)."""
        self._folded = set(groups)
        for group, section in self.sections.items():
            section.set_expanded(group not in self._folded)

    def _on_section_toggled(self, group: str, expanded: bool) -> None:
        before = set(self._folded)
        (self._folded.discard if expanded else self._folded.add)(group)
        if self._folded != before:
            self.folding_changed.emit(self.folded())

    # -- building ------------------------------------------------------------------

    def _build_rows(self, schema: fields.Schema) -> None:
        """Lay out the schema's fields in their sections (Story, Publishing, Advanced),
        "Other fields" closing Advanced; again when a site declares different fields."""
        self._schema = schema
        # In the scroll area before the rows are made (see MainWindow._build_widgets).
        old = self.fields_area.takeWidget()
        inner = QWidget()
        self.fields_area.setWidget(inner)
        if old is not None:
            old.deleteLater()
        column = QVBoxLayout(inner)
        column.setContentsMargins(10, 8, 10, 8)
        self.schema_notice = QLabel("\n".join(schema.notices))
        self.schema_notice.setObjectName("site_fields_notice")
        self.schema_notice.setAccessibleName("Site fields problem")
        self.schema_notice.setWordWrap(True)
        self.schema_notice.setStyleSheet("QLabel { color: #8a5300; }")
        column.addWidget(self.schema_notice)  # in its place first: see MultilineRow
        self.schema_notice.setVisible(bool(schema.notices))
        folded = set(self._folded)
        self.sections, self.rows, self._errors = {}, {}, {}
        self._others, self._advanced_later = None, fields.OTHERS_GROUP in folded
        for group, title in fields.GROUPS:
            section = self.sections[group] = FormSection(group, title)
            column.addWidget(section)
            if group != fields.OTHERS_GROUP or not self._advanced_later:
                self._add_rows(group)
            else:  # made while still folded, so they are shown with it in one frame
                section.before_expanding = self._build_advanced
            section.set_expanded(group not in folded)
            section.toggle.toggled.connect(
                lambda expanded, g=group: self._on_section_toggled(g, expanded))
            # a site's schema may leave one empty (Advanced always has "Other fields")
            section.setVisible(bool(schema.in_group(group)) or group == fields.OTHERS_GROUP)
        column.addStretch(1)
        self._bind_built_in_rows()

    def _add_rows(self, group: str) -> dict[str, FieldRow]:
        """Make ``group``'s rows (and "Other fields" closing Advanced); returns them."""
        section = self.sections[group]
        added: dict[str, FieldRow] = {}
        for field in self._schema.in_group(group):
            row = self.rows[field.key] = added[field.key] = make_row(field, self)
            label = "" if field.kind == "bool" else field.label
            self._errors[field.key] = section.add_row(field.key, label, row.body, row.widget)
            if row.field.suggest in self._suggestions:
                row.set_suggestions(self._suggestions[row.field.suggest])
            row.set_default(self._defaults.get(row.key))
        if group == fields.OTHERS_GROUP:
            self._others = OtherFields(self.apply_edit, self._flag_others)
            self._others.set_dark(self._dark)
            self._errors["others"] = section.add_row("others", "&Other fields",
                                                     self._others.edit)
        return added

    def _build_advanced(self) -> None:
        """Make the Advanced rows left for later, showing the post's values in them."""
        if not self._advanced_later:
            return
        self._advanced_later = False
        self._fill(self._add_rows(fields.OTHERS_GROUP))

    def _built_row(self, key: str, kind: type[_R]) -> _R:
        if key not in self.rows:
            self._build_advanced()
        return self._row(key, kind)

    @property
    def layout_combo(self) -> QComboBox:
        """The layout row's editable list."""
        return self._built_row("layout", ChoiceRow).combo

    @property
    def published_box(self) -> QCheckBox:
        """The published row's check box."""
        return self._built_row("published", BoolRow).box

    @property
    def permalink_edit(self) -> QLineEdit:
        """The permalink row's text."""
        return self._built_row("permalink", TextRow).edit

    @property
    def others_edit(self) -> QPlainTextEdit:
        """"Other fields": every other key of the front matter, as YAML."""
        self._build_advanced()
        assert self._others is not None
        return self._others.edit

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
        categories, tags = self._row("categories", ListRow), self._row("tags", ListRow)
        self.categories_edit, self.categories_completer = categories.edit, categories.completer
        self.tags_edit, self.tags_completer = tags.edit, tags.completer

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

    #: The bytes of an image chosen for the post but not copied into the site yet (the
    #: window sets it to the document's): a thumbnail before the post is saved.
    staged_image: Callable[[str], bytes | None] | None = None

    def pending_image(self, relpath: str) -> bytes | None:
        """An image chosen for the post, copied into the site when it is saved."""
        return self.staged_image(relpath) if self.staged_image is not None else None

    def date_zone(self) -> tuple[dt.tzinfo, bool]:
        """The zone the date is shown and entered in: the site's, else the writer's own."""
        return self._zone, self._zone_is_sites

    def request_image(self, key: str) -> None:
        """A row's Choose… button: the window asks for a picture, then calls set_image."""
        self._image_key = key
        self.image_choose_requested.emit()

    # -- showing a post -------------------------------------------------------------

    def set_dark(self, dark: bool) -> None:
        """Colours of the YAML editors and the problem banner for a dark or light background."""
        self._dark = dark
        if self._others is not None:
            self._others.set_dark(dark)
        if self._broken is not None:
            self._broken.set_dark(dark)

    def show_post(self, post: Post, site: Site, excerpt_target: int = 160) -> None:
        """Fill the form from ``post`` (or show the raw editor when it is broken)."""
        self._site_root, self._post_path, self._baseurl = site.root, post.path, site.baseurl
        self._zone, self._zone_is_sites = dates.site_zone(site), site.timezone is not None
        self._excerpt_target = excerpt_target
        self._image_key = "image"
        schema = fields.schema_for_site(site)
        if schema != self._schema:
            self._build_rows(schema)
        self._loading = True
        try:
            self.fields_area.setVisible(not self._show_broken(post))
            values = post.front_matter if post.problem is None else {}
            self._values, self._original_keys = values, set(values)
            for label in self._errors.values():
                label.hide()
        finally:
            self._loading = False
        self._fill(self.rows)
        self._apply_defaults(post, site)
        self.update_publish_info(post, site)

    def _fill(self, rows: dict[str, FieldRow]) -> None:
        """Show the post's values in ``rows`` (and in "Other fields" what no row holds)."""
        values = self._values
        # Before the Advanced rows are made their keys count as other fields: "Other
        # fields" is made with them, and then they are filled again.
        others = {key: value for key, value in values.items()
                  if key not in self.rows or not self.rows[key].fits(value)}
        self._loading = True
        try:
            for key, row in rows.items():
                row.show_value(values.get(key) if key not in others else None)
                row.widget.setEnabled(key not in others)
            if self._others is not None:
                self._others.show(others, self._schema.keys)
        finally:
            self._loading = False
        for row in rows.values():
            if isinstance(row, MultilineRow):
                row.update_count()
            elif isinstance(row, ImageRow):
                row.update_thumbnail(row.edit.text())

    def update_problem(self, post: Post, site: Site) -> None:
        """The raw front matter was edited: update the banner, or bring the form back."""
        if post.problem is None:
            self.show_post(post, site, self._excerpt_target)
        else:
            self.fields_area.setVisible(not self._show_broken(post))

    def update_publish_info(self, post: Post, site: Site) -> None:
        """The site timezone and the date/URL Jekyll will publish under."""
        self._row("date", DateRow).show_publish_info(post, site)

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

    def _suggest(self, suggestions: dict[str, list[str]]) -> None:
        self._suggestions.update(suggestions)
        for row in self.rows.values():
            if row.field.suggest in suggestions:
                row.set_suggestions(suggestions[row.field.suggest])

    # -- finding a field ------------------------------------------------------------

    def field_widget(self, key: str) -> QWidget:
        """The widget that edits front-matter ``key`` ("Other fields" for the rest)."""
        if self._broken is not None and self.raw_editor.isVisible() \
                or not self.fields_area.isVisibleTo(self):
            return self.raw_editor
        self._build_advanced()
        assert self._others is not None
        row = self.rows.get(key)
        if row is None or key in self._others.values:
            return self.others_edit
        return row.widget

    def focus_field(self, key: str, line: int = 0) -> QWidget:
        """Put the cursor in the field for ``key`` (line ``line`` of the raw front matter
        when the post is broken); returns the widget focused."""
        widget = self.field_widget(key)
        raw = self._broken is not None and widget is self.raw_editor
        block: QTextBlock | QTextCursor
        if raw and line > 0:
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
        if not raw:
            for section in self.sections.values():
                if section.holds(widget):
                    section.set_expanded(True)
            self.fields_area.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    # -- edits that are not a row's -----------------------------------------------------

    def _flag_others(self, message: str) -> None:
        if message:
            self.flag_error("others", message)
        else:
            self.clear_error("others")

    def _on_raw_text_edited(self, text: str) -> None:
        if not self._loading:
            self.raw_edited.emit(text)

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
        """The size the form asks for in the left column."""
        return QSize(340, 600)
