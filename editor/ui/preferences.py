"""The Preferences dialog: author, site folder, editor font, theme, remote images, spelling."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from editor.core.spelling import available_languages, normalise_language
from editor.services.settings import THEMES, Preferences


def language_name(tag: str) -> str:
    """A spelling language in full, as writers know it: ``en_GB`` → "English (United Kingdom)",
    a bare ``en`` → "English (general)"."""
    tag = normalise_language(tag)
    locale = QLocale(tag)
    if locale.language() == QLocale.Language.C or not tag:
        return tag
    language = QLocale.languageToString(locale.language())
    if "_" not in tag:
        return f"{language} (general)"
    return f"{language} ({QLocale.territoryToString(locale.territory())})"


def spelling_choices(current: str) -> list[tuple[str, str]]:
    """(name in full, tag) of every spelling language on offer, sorted by name."""
    tags = set(available_languages()) | {normalise_language(current) or "en"}
    return sorted(((language_name(t), t) for t in tags), key=lambda pair: pair[0].casefold())


class PreferencesDialog(QDialog):
    """Edits a copy of the preferences; ``preferences()`` gives the result."""

    folder_choose_requested = Signal()

    # These attributes shadow QWidget.font()/size() (kept: callers use the names).
    font: QFontComboBox  # type: ignore[assignment]
    size: QSpinBox  # type: ignore[assignment]

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._prefs = prefs
        self.author = QLineEdit(prefs.default_author)
        self.author.setAccessibleName("Default author")
        self.email = QLineEdit(prefs.author_email)
        self.email.setAccessibleName("Your e-mail")
        self.email.setPlaceholderText("Signs what you send to the shared repository")
        self.site = QLineEdit(prefs.site_folder)
        self.site.setAccessibleName("Site folder")
        self.site.setPlaceholderText("The Jekyll site new posts belong to")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose site folder")
        browse.clicked.connect(self.folder_choose_requested)
        site_row = QHBoxLayout()
        site_row.addWidget(self.site, 1)
        site_row.addWidget(browse)
        self.use_system_font = QCheckBox("House writing font")
        self.use_system_font.setChecked(not prefs.editor_font)
        self.font = QFontComboBox()
        self.font.setAccessibleName("Editor font")
        if prefs.editor_font:
            self.font.setCurrentFont(QFont(prefs.editor_font))
        self.font.setEnabled(bool(prefs.editor_font))
        self.use_system_font.toggled.connect(lambda on: self.font.setEnabled(not on))
        self.monospace = QCheckBox("Write in a fixed-width (monospace) font")
        self.monospace.setAccessibleName("Monospace editor font")
        self.monospace.setChecked(prefs.editor_monospace)
        self.size = QSpinBox()
        self.size.setAccessibleName("Editor font size")
        self.size.setRange(0, 48)
        self.size.setSpecialValueText("Default size")
        self.size.setValue(prefs.editor_font_size)
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        self.theme.addItems([t.title() for t in THEMES])
        self.theme.setCurrentIndex(THEMES.index(prefs.theme))
        self.remote = QCheckBox("Load remote images in the preview")
        self.remote.setAccessibleName("Load remote images")
        self.remote.setChecked(prefs.remote_images)
        self.excerpt = QSpinBox()
        self.excerpt.setAccessibleName("Excerpt length target")
        self.excerpt.setRange(40, 1000)
        self.excerpt.setValue(prefs.excerpt_target)
        self.spell_check = QCheckBox("Check spelling")
        self.spell_check.setAccessibleName("Check spelling")
        self.spell_check.setChecked(prefs.spell_check)
        self.spell_language = QComboBox()
        self.spell_language.setAccessibleName("Spelling language")
        for name, tag in spelling_choices(prefs.spell_language):
            self.spell_language.addItem(name, tag)
        self.spell_language.setCurrentIndex(
            max(0, self.spell_language.findData(normalise_language(prefs.spell_language) or "en")))
        self.spell_language.setEnabled(prefs.spell_check)
        self.spell_check.toggled.connect(self.spell_language.setEnabled)
        form = QFormLayout(self)
        form.addRow("Default &author:", self.author)
        form.addRow("Your e-&mail:", self.email)
        # A label for a row that is a layout gets no buddy, and a label without a buddy
        # shows its "&" instead of underlining the key: give it the field.
        site_label = QLabel("&Site folder:")
        site_label.setBuddy(self.site)
        form.addRow(site_label, site_row)
        form.addRow("Editor font:", self.use_system_font)
        form.addRow("", self.font)
        form.addRow("", self.monospace)
        form.addRow("Font si&ze:", self.size)
        form.addRow("&Theme:", self.theme)
        form.addRow("", self.remote)
        form.addRow("&Excerpt target:", self.excerpt)
        form.addRow("", self.spell_check)
        form.addRow("Spelling &language:", self.spell_language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def set_site_folder(self, folder: Path) -> None:
        """The writer picked a site folder."""
        self.site.setText(str(folder))

    def preferences(self) -> Preferences:
        """The preferences as edited."""
        return replace(
            self._prefs,
            default_author=self.author.text().strip(),
            author_email=self.email.text().strip(),
            site_folder=self.site.text().strip(),
            editor_font=("" if self.use_system_font.isChecked()
                         else self.font.currentFont().family()),
            editor_font_size=self.size.value(),
            editor_monospace=self.monospace.isChecked(),
            theme=THEMES[self.theme.currentIndex()],
            remote_images=self.remote.isChecked(),
            excerpt_target=self.excerpt.value(),
            spell_check=self.spell_check.isChecked(),
            spell_language=str(self.spell_language.currentData()),
        )
