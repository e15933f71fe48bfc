"""The document controller: the open post, its file, open/save/revert and the modified state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from editor.core import jekyll
from editor.core.files import (
    ABSENT,
    Fingerprint,
    SaveError,
    current_fingerprint,
    read_with_fingerprint,
)
from editor.core.post import Post, PostError, new_post_bytes, read_post, save_post
from editor.core.site_model import Site, find_site_root

__all__ = ["DocumentController", "DocumentError", "import_image", "suggested_path"]


class DocumentError(Exception):
    """Something the writer must be told in plain words (cannot open, cannot save...)."""


class DocumentController(QObject):
    """Owns the open post: reading, editing through the engine, saving with the
    fingerprint check, reverting, and whether there are unsaved changes.

    Hooks for a recovery journal and a file watcher: the ``loaded``, ``saved``
    and ``text_changed`` signals, ``current_bytes()``, ``path`` and ``fingerprint``.
    """

    loaded = Signal(object)  # Post: a new post, an opened file, a revert or reload
    saved = Signal(object)  # Path
    text_changed = Signal()  # any edit of body or front matter
    front_matter_changed = Signal()  # the front matter changed (form edit or raw edit)
    # No bool argument: PySide6 6.12 on Python 3.11 drops a reference to ``True`` on every
    # ``emit(True)`` until the interpreter aborts (bool_dealloc); read ``is_modified`` instead.
    modified_changed = Signal()
    path_changed = Signal(object)  # Path | None
    problem_changed = Signal(object)  # Problem | None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._post: Post = read_post(b"")
        self._fingerprint: Fingerprint | None = None
        self._modified = False
        self._site = Site()
        self._default_site: Path | None = None
        #: Images chosen for the post, copied into the site when the post is saved.
        self._staged: dict[str, Any] = {}
        #: A new draft's folder (the site's _drafts/): where its first save goes.
        self.draft_folder: Path | None = None

    # -- state -------------------------------------------------------------------

    @property
    def post(self) -> Post:
        """The open post (the engine object; edit it through this controller)."""
        return self._post

    @property
    def path(self) -> Path | None:
        """The file the post was read from or last saved to; None when untitled."""
        return self._post.path

    @property
    def fingerprint(self) -> Fingerprint | None:
        """What the file looked like when read or last saved (None when untitled)."""
        return self._fingerprint

    @property
    def site(self) -> Site:
        """The Jekyll site the post belongs to (empty config when none)."""
        return self._site

    @property
    def is_modified(self) -> bool:
        """Whether saving would write something different from what was read."""
        return self._modified

    def current_bytes(self) -> bytes:
        """The bytes a save would write now (for a recovery journal)."""
        return self._post.to_bytes()

    def display_name(self) -> str:
        """The file name, or 'Untitled'."""
        return self.path.name if self.path else "Untitled"

    def set_default_site(self, folder: Path | None) -> None:
        """The site an untitled post belongs to (the preferences' site folder)."""
        self._default_site = folder
        if self.path is None:
            self._load_site()

    # -- opening -----------------------------------------------------------------

    def new_post(self, fields: Mapping[str, Any], body: str = "") -> None:
        """Start a new untitled post with ``fields`` (house style)."""
        post = read_post(new_post_bytes(fields, body))
        self._install(post, None)

    def open(self, path: Path) -> None:
        """Open the post at ``path``; raises :class:`DocumentError` in plain words."""
        path = Path(path)
        try:
            data, fingerprint = read_with_fingerprint(path)
        except IsADirectoryError:
            raise DocumentError(f"{path.name} is a folder, not a post") from None
        except OSError as exc:
            from editor.core.files import describe_os_error

            raise DocumentError(f"Cannot open {path.name}: {describe_os_error(exc)}") from None
        post = read_post(data)
        post.path = path
        self._install(post, fingerprint)

    def install_recovered(self, post: Post, fingerprint: Fingerprint | None) -> None:
        """Show a post recovered from the journal as unsaved changes; ``fingerprint`` is
        the file's when the changes were made (a file changed since is not overwritten)."""
        self._install(post, fingerprint)

    def rebase_on_disk(self) -> None:
        """Keep the text but compare it with the file as it is on disk now (another program
        changed or deleted it, and the writer keeps their version): the post shows as
        modified, and saving replaces that version (or re-creates the file)."""
        if self.path is None:
            return
        try:
            data, fingerprint = read_with_fingerprint(self.path)
        except FileNotFoundError:
            data, fingerprint = b"", ABSENT
        except OSError:
            return
        self._post.rebase(data)
        self._fingerprint = fingerprint
        self._update_modified()

    def revert(self) -> None:
        """Read the file again, dropping unsaved changes."""
        if self.path is None:
            raise DocumentError("This post has never been saved, so there is nothing to revert to.")
        self.open(self.path)

    @property
    def check_path(self) -> Path | None:
        """The path the checks judge the post by: its file, or where a new draft will go."""
        if self.path is None and self.draft_folder is not None:
            return self.draft_folder / "untitled.md"
        return self.path

    def _install(self, post: Post, fingerprint: Fingerprint | None) -> None:
        self._staged.clear()  # a chosen image that was never saved is not copied
        self.draft_folder = None
        old_path = self._post.path
        self._post = post
        self._fingerprint = fingerprint
        self._load_site()
        self.loaded.emit(post)
        self.problem_changed.emit(post.problem)
        if old_path != post.path:
            self.path_changed.emit(post.path)
        self._update_modified(force_signal=True)

    def _load_site(self) -> None:
        root = find_site_root(self.path) if self.path else None
        if root is None and self.path is None and self._default_site is not None \
                and Site.is_site(self._default_site):
            root = self._default_site.resolve()
        if root != self._site.root:
            self._site = Site.load(root)

    # -- editing -----------------------------------------------------------------

    def set_body(self, text: str) -> None:
        """Replace the body (LF newlines)."""
        self._post.set_body(text)
        self._edited(front_matter=False)

    def update_fields(self, changes: Mapping[str, Any], remove: Sequence[str] = ()) -> None:
        """Surgically change front-matter fields; raises :class:`PostError` when refused."""
        before = self._post.front_matter_text
        self._post.update(changes, list(remove))
        if self._post.front_matter_text != before:
            self._edited(front_matter=True)

    def set_front_matter_text(self, text: str) -> None:
        """Replace the raw front matter (to fix a broken post); raises :class:`PostError`."""
        had_problem = self._post.problem
        self._post.set_front_matter_text(text)
        if had_problem != self._post.problem:
            self.problem_changed.emit(self._post.problem)
        self._edited(front_matter=True)

    def _edited(self, front_matter: bool) -> None:
        if front_matter:
            self.front_matter_changed.emit()
        self.text_changed.emit()
        self._update_modified()

    def _update_modified(self, force_signal: bool = False) -> None:
        modified = self._post.is_modified
        if modified != self._modified or force_signal:
            self._modified = modified
            self.modified_changed.emit()

    # -- saving ------------------------------------------------------------------

    def stage_image(self, source: Path,
                    strip_location: Callable[[], bool] | bool = True) -> str:
        """An image chosen for the post (outside the site): checked and named now (the
        location question asked now), copied into the site's ``assets/images/`` only when
        the post is saved, and only if the post still uses it. Returns its site path."""
        from editor.core import images

        try:
            prepared = images.prepare_image(source, strip_location=strip_location)
        except images.ImageError as exc:
            raise DocumentError(f"Cannot add the image: {exc}") from None
        self._staged[prepared.relpath] = prepared
        return prepared.relpath

    def staged_image(self, relpath: str) -> bytes | None:
        """The bytes of a chosen image not copied into the site yet (for a thumbnail)."""
        prepared = self._staged.get(relpath.strip().lstrip("/"))
        return prepared.data if prepared is not None else None

    def _write_staged_images(self) -> None:
        """Copy into the site the chosen images the post still uses (before it is saved)."""
        root = self._site.root
        if not self._staged or root is None:
            return
        from editor.core import images

        text = self._post.to_bytes().decode("utf-8", "replace")
        for relpath, prepared in list(self._staged.items()):
            if relpath not in text:
                continue
            try:
                images.write_image(prepared, root)
            except (images.ImageError, OSError, SaveError) as exc:
                raise DocumentError(f"Cannot copy the image {relpath} into the site: "
                                    f"{exc}") from None
            del self._staged[relpath]

    def save(self, path: Path | None = None, force: bool = False) -> Path:
        """Save to ``path`` (default: the post's file), first copying into the site the
        images chosen for it. Raises ``ChangedOnDiskError`` when the file changed since it
        was read (call again with ``force=True`` to overwrite), :class:`DocumentError`
        otherwise."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise DocumentError("Choose where to save this post first.")
        self._write_staged_images()
        same_file = self.path is not None and target.resolve() == self.path.resolve()
        expected = self._fingerprint if same_file else None
        if expected is None and same_file:
            expected = ABSENT
        old_path = self.path
        from editor.core.files import ChangedOnDiskError

        try:
            self._fingerprint = save_post(self._post, target, expected, force)
        except ChangedOnDiskError:
            raise
        except (SaveError, PostError) as exc:
            raise DocumentError(str(exc)) from None
        if old_path != self._post.path:
            self._load_site()
            self.path_changed.emit(self._post.path)
        self.saved.emit(self._post.path)
        self._update_modified(force_signal=True)
        return target

    def changed_on_disk(self) -> bool:
        """Whether the file differs from what was read or last saved."""
        if self.path is None or self._fingerprint is None:
            return False
        now = current_fingerprint(self.path)
        return now.sha256 != self._fingerprint.sha256


def suggested_path(post: Post, site_root: Path | None, last_folder: Path | None,
                   today: dt.date | None = None) -> Path:
    """Where Save As proposes to save: `YYYY-MM-DD-slug.md` in the site's `_posts`
    (a post without a date goes to `_drafts` as `slug.md`), else the last folder."""
    title = str(post.get("title") or "")
    when = jekyll.as_datetime(post.get("date"))
    if site_root is not None:
        if when is None:
            return site_root / "_drafts" / jekyll.draft_filename(title)
        return site_root / "_posts" / jekyll.post_filename(when.date(), title)
    folder = last_folder or Path.home()
    day = when.date() if when else (today or dt.date.today())
    return folder / jekyll.post_filename(day, title)


def import_image(source: Path | bytes, site_root: Path, suffix: str = "",
                 strip_location: Callable[[], bool] | bool = True) -> str:
    """Copy an image (a file, or pasted bytes with ``suffix``) into the site's
    `assets/images/` as `<md5>.<ext>`; return its site path (e.g. for ``image:``).

    The copy is made by :func:`editor.core.images.import_image`. When the image carries
    location data, ``strip_location`` decides whether it is removed: a bool, or a question
    asked once (only for images that have it). Raises :class:`DocumentError` in plain words.
    """
    from editor.core import images

    try:
        imported = images.import_image(source, Path(site_root), strip_location=strip_location,
                                       suffix=suffix)
    except images.ImageError as exc:
        raise DocumentError(f"Cannot add the image: {exc}") from None
    except OSError as exc:
        from editor.core.files import describe_os_error

        reason = describe_os_error(exc)
        raise DocumentError(f"Cannot copy the image into the site: {reason}") from None
    except SaveError as exc:
        raise DocumentError(f"Cannot copy the image into the site: {exc}") from None
    return imported.relpath
