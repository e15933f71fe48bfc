"""The site desk's logic: the open site, its index, live checks, suggestions for the form,
new posts, publishing drafts and export. QtCore only: the panels and questions live behind
:class:`DeskHost`, which ``editor.ui.site_desk`` implements over the real window."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core import checks
from editor.core.post import read_post
from editor.core.site import PostEntry, SiteIndex
from editor.core.site_model import Site
from editor.core.words import plural
from editor.services.document import DocumentController
from editor.services.settings import SettingsStore
from editor.services.site_indexer import SiteIndexer

if TYPE_CHECKING:
    from editor.core.publish import PublishError

#: The pause after an edit before the checks run again on the text in the window (ms).
CHECK_DELAY_MS = 300
#: Which tab of the left column was in front when the window closed ("form" or "site").
SIDE_TAB_KEY = "state/side_tab"
#: Posts at least this long are checked on a worker thread.
LARGE_POST_CHARS = 100_000

#: Runs a job off the UI thread; tests pass ``run_now`` to make the desk synchronous.
Worker = Callable[[Callable[[], None]], None]


def run_in_thread(job: Callable[[], None]) -> None:
    """The default worker: ``job`` on a daemon thread."""
    threading.Thread(target=job, daemon=True).start()


def run_now(job: Callable[[], None]) -> None:
    """A synchronous worker (for tests): ``job`` runs before this returns."""
    job()


class DeskHost(Protocol):
    """What the desk needs from the window: its panels, the form, file commands, questions."""

    def show_site(self, name: str | None, bring_forward: bool) -> None:
        """Show the site tab titled ``name`` (in front if asked); None: hide it, no site."""

    def site_in_front(self) -> bool:
        """Whether the site tab is the one in front."""

    def set_site_busy(self, busy: bool) -> None:
        """Show or hide the site panel's indexing indicator."""

    def select_post(self, path: Path) -> None:
        """Select the post at ``path`` in the site panel."""

    def show_site_panel(self) -> None:
        """Bring the site panel forward with the cursor in its filter."""

    def show_findings(self, findings: list[checks.Finding]) -> None:
        """Show check results in the checklist."""

    def set_suggestions(self, authors: list[str], categories: list[str], tags: list[str],
                        layouts: list[str]) -> None:
        """Offer these values in the form's fields."""

    def set_defaults(self, defaults: dict[str, Any]) -> None:
        """Show the values the site's ``defaults`` give the post as placeholders."""

    def show_status(self, text: str) -> None:
        """A short message in the status bar."""

    def focus_editor(self) -> None:
        """Put the keyboard focus in the Markdown editor."""

    def maybe_save(self) -> bool:
        """True when the window's post may be replaced (saved, discarded, or unchanged)."""

    def save(self) -> bool:
        """Save the window's post (asks where for a new one); True when saved."""

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open ``path`` in the window (``ask``: offer to save changes first)."""

    def inform(self, title: str, text: str) -> None:
        """A message the writer acknowledges."""

    def warn(self, title: str, text: str) -> None:
        """An error message the writer acknowledges."""

    def confirm(self, title: str, text: str) -> bool:
        """A yes/no question."""

    def ask_text(self, title: str, label: str) -> str | None:
        """One line of text (None: cancelled)."""

    def choose_folder(self, title: str, start: Path | None) -> Path | None:
        """A folder (None: cancelled)."""

    def bundle_path(self, proposed: Path) -> Path | None:
        """Where to write a zip bundle (None: cancelled)."""

    def ask_publish_blocked(self, title: str, text: str, details: str, anyway: str,
                            anyway_label: str = "Publish anyway") -> str:
        """Errors block publishing (or an export): "fix", "publish_anyway" (the button
        ``anyway_label``) or "cancel"."""

    def confirm_publish(self, title: str, text: str, details: str) -> bool:
        """Publish (True) or not: the confirmation every publish asks."""

    def go_to_line(self, line: int) -> None:
        """Show file line ``line`` of the open post (the editor, or the form's field)."""

    def new_draft(self) -> bool:
        """File ▸ New: start a new draft of the site (False: the writer kept the open post)."""


def describe(exc: PublishError) -> str:
    """A refusal in plain words, with the check results that caused it."""
    text = str(exc)
    text = text[:1].upper() + text[1:]
    errors = [f for f in exc.findings if f.severity == checks.ERROR]
    if errors:
        lines = [f"• {f.message}" + (f" (line {f.line})" if f.line else "") for f in errors]
        text += "\n\nFix these first (the checklist shows them):\n" + "\n".join(lines)
    return text


class SiteDeskController(QObject):
    """Runs the site's work for the window's document: the index (through ``indexer``, off
    the UI thread), the checks, the form's suggestions (their one owner), new posts,
    publishing and export. Signal ``checked(list[Finding])`` after each check run."""

    checked = Signal(object)
    _checked_in_background = Signal(object, int)  # findings, the run they belong to

    def __init__(self, document: DocumentController, settings: SettingsStore, host: DeskHost,
                 indexer: SiteIndexer, worker: Worker = run_in_thread,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.host = host
        self.indexer = indexer
        self._worker = worker
        self._indexed: SiteIndex | None = None  # the index once its first refresh ended
        self._check_run = 0
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._connect_signals()
        self.sync_site()
        self.apply_suggestions()
        self.run_checks()

    def _connect_signals(self) -> None:
        d = self.document
        d.loaded.connect(self._on_document_loaded)
        d.path_changed.connect(lambda _path: self.sync_site())
        d.text_changed.connect(self._check_timer.start)
        d.saved.connect(self._on_document_saved)
        self.settings.preferences_changed.connect(self._on_preferences_changed)
        self.indexer.indexed.connect(self._on_indexer_indexed)
        self.indexer.failed.connect(self._on_indexer_failed)
        self._check_timer.timeout.connect(self._on_check_timer_timeout)
        self._checked_in_background.connect(self._on_checked_in_background)

    # -- the site ----------------------------------------------------------------------

    def site_root(self) -> Path | None:
        """The open site: the post's, else the preferences' site folder."""
        root = self.document.site.root
        if root is None:
            folder = self.settings.preferences.site_folder
            if folder and Site.is_site(Path(folder)):
                root = Path(folder)
        return root.resolve() if root is not None else None

    def index(self) -> SiteIndex | None:
        """The index of the open post's site (None while there is none)."""
        index = self.indexer.index
        root = self.document.site.root
        if index is None or root is None or index.root != root.resolve():
            return None
        # Until its first refresh ends the index is empty: every post_url would look broken.
        return index if index is self._indexed else None

    def show_site_panel(self) -> None:
        """Bring the site's posts forward (or say that no site is open)."""
        if self.site_root() is None:
            self.host.inform("No site open", "Open a post of your site, or choose the site "
                             "folder in Preferences, first.")
            return
        self.host.show_site_panel()

    def sync_site(self) -> None:
        """Index the open site (the post's, else the preferences' folder); none: hide the tab."""
        root = self.site_root()
        current = self.indexer.index.root if self.indexer.index is not None else None
        if root == current:
            return
        if root is None:
            self.indexer.close_site()
            self.host.show_site(None, False)
            return
        self.host.show_site(root.name, self.settings.value(SIDE_TAB_KEY) == "site")
        self.indexer.open_site(root)

    def _on_preferences_changed(self, _prefs: object) -> None:
        self.sync_site()
        self.apply_suggestions()

    def _on_document_loaded(self, _post: object) -> None:
        self.sync_site()
        self.apply_suggestions()
        self._check_timer.stop()
        self.run_checks()

    def _on_document_saved(self, path: Path) -> None:
        self.indexer.note_saved(path)
        self._check_timer.start()

    def _on_indexer_indexed(self, _entries: list[PostEntry]) -> None:
        self._indexed = self.indexer.index
        self.apply_suggestions()
        self._check_timer.start()

    def _on_indexer_failed(self, text: str) -> None:
        self.host.set_site_busy(False)
        self.host.show_status(text[:1].upper() + text[1:])

    def apply_suggestions(self) -> None:
        """The form's suggestions and inherited defaults (this is their one owner): from the
        index once it is built, else from the site's folders and config; the post selected."""
        path = self.document.path
        if path is not None:
            self.host.select_post(path.resolve())
        default_author = self.settings.preferences.default_author
        extra = [default_author] if default_author else []
        index = self.index()
        if index is None:
            site = self.document.site
            self.host.set_suggestions(_sorted(site.config_authors() + extra), [], [],
                                      site.layouts())
            return
        self.host.set_suggestions(_sorted(index.authors() + extra), index.categories(),
                                  index.tags(), index.layouts())
        if self.document.post.problem is None:
            target = path if path is not None else "_drafts/untitled.md"
            self.host.set_defaults(index.defaults_for(target))

    def open_from_site(self, path: Path) -> None:
        """Open a post the site panel chose (the open one: just focus the editor)."""
        current = self.document.path
        if current is not None and current.resolve() == Path(path).resolve():
            self.host.focus_editor()
            return
        self.host.open_path(path)

    # -- checks ------------------------------------------------------------------------

    def _on_check_timer_timeout(self) -> None:
        """Check small posts right away; a long post on the worker, so typing never waits.

        (At 1 MB the body scans take 0.1-0.2 s of Python: too long for the UI thread.)
        """
        d = self.document
        if len(d.post.body) < LARGE_POST_CHARS:
            self.run_checks()
            return
        self._check_run += 1
        data, path, site, index, run = d.post.to_bytes(), d.check_path, d.site, self.index(), \
            self._check_run

        def job() -> None:
            try:
                post = read_post(data)
                post.path = path
                findings = checks.check_post(post, path, site=site, index=index)
            except Exception:  # noqa: BLE001 - the next run will try again; typing goes on
                return
            self._checked_in_background.emit(findings, run)

        self._worker(job)

    def _on_checked_in_background(self, findings: list[checks.Finding], run: int) -> None:
        if run == self._check_run:  # older runs were overtaken by newer edits
            self.host.show_findings(findings)
            self.checked.emit(findings)

    def run_checks(self) -> list[checks.Finding]:
        """Check the post as it is in the window now (with the site index when there is one)."""
        self._check_timer.stop()
        self._check_run += 1  # a background run still going is now out of date
        d = self.document
        try:
            findings = checks.check_post(d.post, d.check_path, site=d.site, index=self.index())
        except Exception as exc:  # noqa: BLE001 - a checker bug must not interrupt typing
            self.host.show_status(f"The checks could not run: {exc}")
            return []
        self.host.show_findings(findings)
        self.checked.emit(findings)
        return findings

    # -- new post and publishing ---------------------------------------------------------

    def new_post(self) -> bool:
        """The site panel's New post: the same as File ▸ New, a draft for the site's
        ``_drafts`` (saved there, named from its title) with the title field in focus."""
        if self.site_root() is None:
            self.host.inform("New post", "Open a post of your site, or choose the site folder "
                             "in Preferences, first.")
            return False
        return self.host.new_draft()

    def _saved_first(self, doing: str) -> bool:
        """The window's post has no unsaved changes (the writer saved them when asked)."""
        d = self.document
        if not d.is_modified and d.path is not None:
            return True
        if not self.host.confirm(doing, f"Save “{d.display_name()}” first? "
                                 f"{doing} uses the saved file."):
            return False
        return self.host.save()

    def publish_current(self) -> Path | None:
        """File ▸ Publish Draft: publish the draft open in the window."""
        path = self.document.path
        root = self.site_root()
        if path is None and root is not None:  # a new draft: saved into _drafts first
            if not self._saved_first("Publishing"):
                return None
            path = self.document.path
        if path is None or root is None or "_drafts" not in Path(path).parts:
            self.host.inform("Publish draft", "Open a draft of your site (a post in its "
                             "_drafts folder) to publish it.")
            return None
        return self.publish_draft(path)

    def publish_draft(self, draft: Path) -> Path | None:
        """The one way to publish in the window: run the checks first; errors block (Fix goes
        to the first, Publish anyway names what goes out); otherwise confirm, with the
        warnings; then move the draft into ``_posts`` and say where it went and its address.
        Returns the published post (None: not published)."""
        from editor.core.post import load_post
        from editor.core.publish import PublishError, errors_of, publish_draft, review_draft

        if self.document.is_modified and not self._saved_first("Publishing"):
            return None
        root = self.site_root()
        try:
            review = review_draft(draft, root)
            post = load_post(draft)
        except (PublishError, OSError) as exc:
            self.host.warn("Not published", describe(exc) if isinstance(exc, PublishError)
                           else str(exc))
            return None
        title = str(post.get("title") or draft.stem)
        going = self._going(draft, review.path, review.url, root)
        errors = errors_of(review.findings)
        forced = False
        if errors:
            lines = [f"• {_finding_line(post, f)}" for f in errors]
            choice = self.host.ask_publish_blocked(
                "Not ready to publish",
                f"“{title}” has {len(errors)} error{'s' if len(errors) != 1 else ''} that "
                f"block{'s' if len(errors) == 1 else ''} publishing.", "\n".join(lines),
                f"Publish anyway: {going}, with "
                f"{'this error' if len(errors) == 1 else 'these errors'}.")
            if choice == "fix":
                self._fix(draft, errors[0])
                return None
            if choice != "publish_anyway":
                return None
            forced = True
        else:
            warnings = [f for f in review.findings if f.severity == checks.WARNING]
            details = f"{going[:1].upper()}{going[1:]}."
            if warnings:
                details += "\n\nWarnings:\n" + "\n".join(
                    f"• {_finding_line(post, f)}" for f in warnings)
            if not self.host.confirm_publish("Publish draft", f"Publish “{title}” now?",
                                             details):
                return None
        try:
            result = publish_draft(draft, root, force=forced)
        except PublishError as exc:
            self.host.warn("Not published", describe(exc))
            return None
        self.indexer.note_saved(result.path)
        self.host.open_path(result.path, ask=False)
        self.host.inform("Published", f"“{title}” is published: it is now "
                         f"{self._going(None, result.path, result.url, root)}.")
        self.host.show_status(f"Published as {result.path.name}")
        return result.path

    @staticmethod
    def _going(draft: Path | None, target: Path, url: str | None, root: Path | None) -> str:
        """"_drafts/x.md moves to _posts/2025-…-x.md, online at https://…/x/" (site paths);
        without ``draft``: "_posts/2025-…-x.md, online at …"."""
        def rel(path: Path) -> str:
            try:
                return Path(path).resolve().relative_to(Path(root or "/").resolve()).as_posix()
            except ValueError:
                return str(path)

        text = f"{rel(draft)} moves to {rel(target)}" if draft is not None else rel(target)
        return text + (f", online at {url}" if url else "")

    def _fix(self, draft: Path, finding: checks.Finding) -> None:
        """Open the draft (when another post is open) and go to what blocks it."""
        current = self.document.path
        if (current is None or Path(current).resolve() != Path(draft).resolve()) \
                and not self.host.open_path(draft):
            return
        if finding.line:
            self.host.go_to_line(finding.line)
        else:
            self.host.focus_editor()

    # -- export --------------------------------------------------------------------------

    def export_post(self) -> Path | None:
        """File ▸ Export ready-to-publish: check the post and write it into a chosen site."""
        from editor.core.publish import PublishBlocked, PublishError, export_post

        if not self._saved_first("Export"):
            return None
        src = self.document.path
        if src is None:
            return None
        folder = self.host.choose_folder(
            "Export to which folder? (a Jekyll site gets _posts/; another folder, the post "
            "with its images)", self._outside_folder("state/export_folder"))
        if folder is None:
            return None
        try:
            try:
                result = export_post(src, folder)
            except PublishBlocked as blocked:
                if not self._export_anyway(src, folder, blocked):
                    return None
                result = export_post(src, folder, force=True)
        except PublishError as exc:
            self.host.warn("Not exported", describe(exc))
            return None
        self.settings.set_value("state/export_folder", str(folder))
        text = f"The post is ready to publish at\n{result.path}"
        if result.images:
            text += f"\n\n{plural(len(result.images), 'image')} copied into the site."
        if result.warnings:
            text += "\n\nWarnings:\n" + "\n".join(f"• {w}" for w in result.warnings)
        self.host.inform("Exported", text)
        return result.path

    def _export_anyway(self, src: Path, folder: Path, blocked: PublishError) -> bool:
        """Errors block the export: Fix (go to the first), Export anyway, or Cancel."""
        from editor.core.post import load_post
        from editor.core.publish import errors_of

        errors = errors_of(blocked.findings)
        post = self.document.post if self.document.path == src else load_post(src)
        choice = self.host.ask_publish_blocked(
            "Not ready to export",
            f"“{post.get('title') or src.stem}” has {len(errors)} error"
            f"{'s' if len(errors) != 1 else ''} that block{'s' if len(errors) == 1 else ''} "
            "the export.", "\n".join(f"• {_finding_line(post, f)}" for f in errors),
            f"Export anyway: {src.name} is written ready to publish into {folder}, with "
            f"{'this error' if len(errors) == 1 else 'these errors'}.", "Export anyway")
        if choice == "fix" and errors:
            self._fix(src, errors[0])
        return choice == "publish_anyway"

    def export_bundle(self) -> Path | None:
        """File ▸ Export bundle: a zip of the post and its images for the desk."""
        from editor.core.publish import PublishError, export_bundle

        if not self._saved_first("Export"):
            return None
        src = self.document.path
        if src is None:
            return None
        out = self.host.bundle_path(self._outside_folder("state/bundle_folder")
                                    / f"{src.stem}.zip")
        if out is None:
            return None
        self.settings.set_value("state/bundle_folder", str(out.parent))
        try:
            result = export_bundle(src, out)
        except PublishError as exc:
            self.host.warn("Bundle not written", describe(exc))
            return None
        self.host.inform("Bundle written",
                         f"The post and {plural(len(result.images), 'image')} are in\n"
                         f"{result.path}")
        return result.path

    def _outside_folder(self, key: str) -> Path:
        """Where an export dialog opens: the folder last used (``key``) unless it is inside
        the open site, else Documents (else home): never inside ``_posts/``."""
        from PySide6.QtCore import QStandardPaths

        root = self.site_root()
        last = self.settings.value(key)
        if last:
            folder = Path(str(last))
            inside = root is not None and (folder.resolve() == root.resolve()
                                           or root.resolve() in folder.resolve().parents)
            if folder.is_dir() and not inside:
                return folder
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def shutdown(self) -> None:
        """Stop indexing (the window is closing); remember which left tab was in front."""
        self.settings.set_value(SIDE_TAB_KEY, "site" if self.host.site_in_front() else "form")
        self._check_timer.stop()
        self.indexer.close_site()
        self.indexer.wait(5)


def _finding_line(post: Any, finding: checks.Finding) -> str:
    """A finding as the writer reads it: where (as the window shows it), then what."""
    place = checks.where(post, finding.line)
    message = finding.message[:1].upper() + finding.message[1:]
    return f"{place[:1].upper()}{place[1:]}: {message}" if place else message


def _sorted(names: list[str]) -> list[str]:
    """Names once each, in case-insensitive order."""
    return sorted(set(names), key=str.casefold)
