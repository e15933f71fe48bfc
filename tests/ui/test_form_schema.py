"""The form is generated from the field schema: built-in fields, and the fields a site
declares in its ``_config.yml``, shown typed in the real window and written surgically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from editor.core import fields
from editor.core.fields import Field

SITE_CONFIG = """title: Harbour Gazette
dateline:
  fields:
    - key: section
      label: Section
      kind: choice
      choices: [News, Sport, Opinion]
    - key: image_alt
      label: Image description
      kind: text
      after: image
"""

POST = (b"---\nlayout: post\ntitle: \"Ferry times change\"\nsection: News\n"
        b"image: assets/images/ferry.jpg\nimage_alt: A ferry at the quay\nsource: wire\n"
        b"---\n\nThe body.\n")


def _site(tmp_path: Path, config: str = SITE_CONFIG, post: bytes = POST) -> Path:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    path = root / "_posts" / "2025-03-04-ferry-times.md"
    path.write_bytes(post)
    return path


def _label_of(form: Any, widget: Any) -> str:
    for label in form.findChildren(QLabel):
        if label.buddy() is widget:
            return label.text()
    return ""


def _changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(o, n) for o, n in zip(old, new, strict=True) if o != n]


def test_site_declared_fields_are_shown_typed_and_saved_surgically(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    path = _site(tmp_path)
    window = make_window(path)
    form = window.form
    section = form.field_widget("section")
    assert isinstance(section, QComboBox) and not section.isEditable()
    assert [section.itemText(i) for i in range(section.count())] == ["", "News", "Sport",
                                                                      "Opinion"]
    assert section.currentText() == "News"
    assert section.accessibleName() == "Section"
    assert _label_of(form, section) == "Section"
    alt = form.field_widget("image_alt")
    assert isinstance(alt, QLineEdit) and alt.text() == "A ferry at the quay"
    assert alt.accessibleName() == "Image description"
    # Declared fields have their own rows, so "Other fields" keeps only the rest.
    assert yaml.safe_load(form.others_edit.toPlainText()) == {"source": "wire"}
    assert not form.schema_notice.isVisible()
    sheet = window.help.show_cheat_sheet().browser.toPlainText()
    assert "section: (This site's field. One of News, Sport, Opinion.)" in sheet

    section.setFocus()
    qtbot.keyClick(section, Qt.Key.Key_Down)  # the writer picks the next section
    assert section.currentText() == "Sport"
    assert window.save()
    after = path.read_bytes()
    assert _changed_lines(POST, after) == [(b"section: News", b"section: Sport")]

    alt.setFocus()
    alt.selectAll()
    qtbot.keyClicks(alt, "Passengers boarding: the 8:15 ferry")
    assert window.save()
    assert _changed_lines(after, path.read_bytes()) == [
        (b"image_alt: A ferry at the quay", b'image_alt: "Passengers boarding: the 8:15 ferry"')]


def test_a_value_outside_the_choices_is_kept_and_a_new_key_goes_at_the_end(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = b"---\ntitle: T\nsection: Weather\n---\nBody\n"
    path = _site(tmp_path, post=post)
    window = make_window(path)
    section = window.form.field_widget("section")
    assert section.currentText() == "Weather"  # not in the list, still shown
    assert window.save()
    assert path.read_bytes() == post  # and never rewritten
    alt = window.form.field_widget("image_alt")
    alt.setFocus()
    qtbot.keyClicks(alt, "Clouds")
    assert window.save()
    assert path.read_bytes() == b"---\ntitle: T\nsection: Weather\nimage_alt: Clouds\n---\nBody\n"


def test_a_bad_declaration_is_a_notice_in_the_form_not_a_crash(
        make_window: Any, tmp_path: Path) -> None:
    config = ("dateline:\n  fields:\n    - key: section\n      kind: choice\n"
              "    - key: subtitle\n      kind: text\n")
    path = _site(tmp_path, config=config, post=b"---\ntitle: T\nsection: News\n---\nBody\n")
    window = make_window(path)
    form = window.form
    assert form.schema_notice.isVisible()
    assert "section" in form.schema_notice.text() and "choices" in form.schema_notice.text()
    assert yaml.safe_load(form.others_edit.toPlainText()) == {"section": "News"}  # kept there
    assert isinstance(form.field_widget("subtitle"), QLineEdit)  # the good one is used


def test_a_field_added_to_the_schema_appears_in_form_cheat_sheet_header_and_house_order(
        make_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from editor.services.preview_render import header_html
    from editor.ui.help_dialogs import CheatSheet, cheat_sheet_html

    standfirst = Field("standfirst", "&Standfirst", "multiline", "story", house=1.5,
                       quoted=True, header="summary", example='"The short version."',
                       help="The paragraph under the headline.",
                       accessible="Standfirst paragraph")
    assert "standfirst" not in cheat_sheet_html()
    monkeypatch.setattr(fields, "BUILT_IN", (*fields.BUILT_IN, standfirst))

    assert "standfirst" in fields.house_order()
    dialog = CheatSheet()
    qtbot.addWidget(dialog)
    sheet = dialog.browser.toPlainText()
    assert 'title: "Bridge to close: what drivers need to know"\nstandfirst: "The short version."'\
        in sheet
    assert "The paragraph under the headline." in sheet
    assert "The short version" in header_html({"standfirst": "The short version"}, None)

    path = tmp_path / "2025-01-02-x.md"
    path.write_bytes(b"---\nlayout: post\ntitle: T\nauthor: a\n---\nBody\n")
    window = make_window(path)
    edit = window.form.field_widget("standfirst")
    assert edit.accessibleName() == "Standfirst paragraph"
    assert _label_of(window.form, edit) == "&Standfirst"
    edit.setFocus()
    qtbot.keyClicks(edit, "Short")
    assert window.save()
    assert path.read_bytes() == (b'---\nlayout: post\ntitle: T\nstandfirst: "Short"\nauthor: a\n'
                                 b"---\nBody\n")


def test_the_form_is_grouped_by_the_schema_and_sections_fold(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    config = SITE_CONFIG + "    - key: desk\n      kind: person\n      group: publishing\n"
    path = _site(tmp_path, config=config)
    window = make_window(path)
    form = window.form
    assert list(form.sections) == ["story", "publishing", "advanced"]
    for group, section in form.sections.items():
        keys = [f.key for f in form.schema.in_group(group)]
        assert all(section.holds(form.field_widget(k)) for k in keys)
    assert [f.key for f in form.schema.in_group("story")] == ["title", "excerpt", "image",
                                                             "image_alt", "section"]
    assert form.sections["publishing"].holds(form.field_widget("desk"))
    assert form.sections["advanced"].holds(form.others_edit)
    advanced = form.sections["advanced"]  # folded at first (Story and Publishing fit a laptop)
    assert not form.permalink_edit.isVisible() and not form.others_edit.isVisible()
    assert form.title_edit.isVisible()
    form.focus_field("permalink")  # a checklist click unfolds the section it needs
    assert form.permalink_edit.isVisible() and window.focusWidget() is form.permalink_edit
    qtbot.mouseClick(advanced.toggle, Qt.MouseButton.LeftButton)
    other = tmp_path / "other" / "_posts"
    other.mkdir(parents=True)
    (other.parent / "_config.yml").write_text("title: Other\n")
    (other / "2025-01-01-x.md").write_text("---\ntitle: X\n---\n")
    window.open_path(other / "2025-01-01-x.md")
    assert window.form.field_widget("section") is window.form.others_edit  # no such field here
    assert not window.form.sections["advanced"].is_expanded()  # folding is kept


def test_a_site_field_marked_header_is_in_the_preview_header(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    config = "dateline:\n  fields:\n    - key: subtitle\n      after: title\n      header: true\n"
    path = _site(tmp_path, config=config,
                 post=b"---\ntitle: Ferry\nsubtitle: New timetable\nexcerpt: Short\n---\nB\n")
    window = make_window(path)
    qtbot.waitUntil(lambda: window._last_result is not None
                    and "post-subtitle" in window._last_result.header_html)
    header = window._last_result.header_html
    assert header.index("Ferry") < header.index("New timetable") < header.index("Short")


def test_the_sample_site_declares_an_image_description_shown_in_form_and_cheat_sheet(
        make_window: Any, tmp_path: Path) -> None:
    import shutil

    from tests.conftest import REPO

    site = tmp_path / "sample"
    shutil.copytree(REPO / "sample_posts", site)
    post = sorted((site / "_posts").glob("*harbour-bridge*"))[0]
    window = make_window(post)
    alt = window.form.field_widget("image_alt")
    assert isinstance(alt, QLineEdit) and alt.accessibleName() == "Image description"
    assert window.form.sections["story"].holds(alt)
    assert not window.form.schema_notice.isVisible()
    sheet = window.help.show_cheat_sheet()
    assert ("image_alt: What the picture shows, for readers who cannot see it. "
            "(This site's field. Text.)") in sheet.browser.toPlainText()


KINDS_CONFIG = """dateline:
  fields:
    - {key: strap, kind: text}
    - {key: note, kind: multiline}
    - {key: updated, kind: date}
    - {key: editor, kind: person}
    - {key: places, kind: list}
    - {key: desk, kind: choice, choices: [City, Sport]}
    - {key: featured, kind: bool}
    - {key: canonical, kind: path}
    - {key: hero, kind: image}
"""
KINDS_POST = (b"---\ntitle: T\nstrap: Old\nnote: Old\nupdated: 2025-03-04\neditor: ann\n"
              b"places: [Quay]\ndesk: City\nfeatured: false\ncanonical: /a/\nhero: old.jpg\n"
              b"---\nBody\n")


@pytest.mark.parametrize(("key", "edit", "line"), [
    ("strap", "type", b"strap: Old!"),
    ("note", "type", b"note: Old!"),
    ("updated", "day", b"updated: 2025-03-05"),
    ("editor", "type", b"editor: ann!"),
    ("places", "items", b"places: [Quay, Dock]"),
    ("desk", "down", b"desk: Sport"),
    ("featured", "click", b"featured: true"),
    ("canonical", "type", b"canonical: /a/!"),
    ("hero", "type", b"hero: old.jpg!"),
])
def test_every_kind_a_site_declares_edits_only_its_line(
        make_window: Any, qtbot: Any, tmp_path: Path, key: str, edit: str, line: bytes) -> None:
    path = _site(tmp_path, config=KINDS_CONFIG, post=KINDS_POST)
    window = make_window(path)
    assert not window.form.schema_notice.isVisible()
    widget = window.form.field_widget(key)
    assert widget is not window.form.others_edit and widget.accessibleName()
    widget.setFocus()
    if edit == "type":
        if hasattr(widget, "end"):
            widget.end(False)
        else:
            widget.moveCursor(widget.textCursor().MoveOperation.End)
        qtbot.keyClicks(widget, "!")
    elif edit == "items":
        widget.end(False)
        qtbot.keyClicks(widget, ", Dock")
    elif edit == "day":
        widget.setDateTime(widget.dateTime().addDays(1))
    elif edit == "down":
        qtbot.keyClick(widget, Qt.Key.Key_Down)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert window.save()
    changed = _changed_lines(KINDS_POST, path.read_bytes())
    assert [new for _, new in changed] == [line]


def test_a_site_image_field_chooses_its_own_picture(
        make_window: Any, qtbot: Any, tmp_path: Path, fake_dialogs: Any) -> None:
    path = _site(tmp_path, config=KINDS_CONFIG, post=KINDS_POST)
    picture = path.parent.parent / "assets" / "hero.png"
    picture.parent.mkdir()
    picture.write_bytes(b"\x89PNG not really")
    window = make_window(path)
    buttons = [b for b in window.form.findChildren(QPushButton)
               if b.accessibleName() == "Choose hero"]
    assert len(buttons) == 1
    fake_dialogs.image_path = picture
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert window.form.field_widget("hero").text() == "assets/hero.png"
    assert window.document.post.get("hero") == "assets/hero.png"
    assert window.document.post.get("image") is None


def test_a_number_field_writes_numbers_and_flags_other_text(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    config = "dateline:\n  fields:\n    - {key: rating, kind: number}\n    - {key: rank, kind: number}\n"
    post = b"---\ntitle: T\nrating: 3\nrank: high\n---\nBody\n"
    path = _site(tmp_path, config=config, post=post)
    window = make_window(path)
    form = window.form
    assert form.field_widget("rank") is form.others_edit  # not a number: kept as YAML
    edit = form.field_widget("rating")
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "four")
    assert "not a number" in form.field_error("rating")
    assert not window.isWindowModified()
    edit.selectAll()
    qtbot.keyClicks(edit, "4.5")
    assert form.field_error("rating") == ""
    assert window.save()
    assert path.read_bytes() == b"---\ntitle: T\nrating: 4.5\nrank: high\n---\nBody\n"


def test_a_site_person_field_suggests_the_sites_authors(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    config = ("authors:\n  alice: {name: Alice}\n  bob: {name: Bob}\n"
              "dateline:\n  fields:\n    - {key: photographer, kind: person}\n")
    path = _site(tmp_path, config=config, post=b"---\ntitle: T\n---\nBody\n")
    window = make_window(path)
    qtbot.waitUntil(lambda: window.desk.index() is not None, timeout=10000)
    completer = window.form.field_widget("photographer").completer()
    qtbot.waitUntil(lambda: {"alice", "bob"} <= set(completer.model().stringList()))
