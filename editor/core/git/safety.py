"""What keeps a writer's words safe while Get latest rearranges the work tree.

Before any file is touched, the writer's unsent versions are stored as git objects and
listed in a journal inside ``.git/dateline``; an operation holds a lock naming its
process. If Dateline dies mid-way (kill -9, power cut), the next operation finds the
dead lock, clears the locks git left behind, aborts a half-done rebase and puts every
journalled file back, merged with what the repository now holds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.files import atomic_write
from editor.core.git.reapply import reapply
from editor.core.git.repo import Repo
from editor.core.git.runner import GitError


class BusyError(GitError):
    """Another Dateline is sending or getting the latest in this repository right now."""


@dataclass
class Journal:
    """The writer's versions saved before Get latest touches the work tree."""

    basis: str  # the commit the saved versions were edits of
    files: dict[str, str | None]  # relpath → blob id of my version (None: I deleted it)
    # Commits git may have half checked out when the operation died (their versions of a
    # file are git's doing, not the writer's).
    targets: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        """Serialised form."""
        return json.dumps(
            {"basis": self.basis, "files": self.files, "targets": self.targets}, indent=1)


def _journal_path(repo: Repo) -> Path:
    return repo.state_dir / "pending.json"


def _lock_path(repo: Repo) -> Path:
    return repo.state_dir / "operation.lock"


def _store(repo: Repo, paths: list[str]) -> dict[str, str | None]:
    """Store the current bytes of ``paths`` as git objects: relpath → blob id (None: absent)."""
    files: dict[str, str | None] = {}
    existing = [p for p in paths if (repo.top / p).is_file()]
    if existing:
        out = repo.git.run(["hash-object", "-w", "--no-filters", "--stdin-paths"],
                           input="\n".join(existing).encode("utf-8", "surrogateescape"))
        files.update(zip(existing, out.stdout.split(), strict=True))
    for p in paths:
        files.setdefault(p, None)
    return files


def _write_journal(repo: Repo, journal: Journal) -> None:
    repo.state_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(_journal_path(repo), journal.to_json().encode("utf-8"))


def save_journal(repo: Repo, basis: str, paths: list[str],
                 targets: list[str] | None = None) -> Journal:
    """Store the current bytes of ``paths`` and journal them (fsynced) before any is touched."""
    journal = Journal(basis, _store(repo, paths), list(targets or []))
    _write_journal(repo, journal)
    return journal


def add_to_journal(repo: Repo, journal: Journal, paths: list[str]) -> None:
    """Journal more files (their current bytes) under the same basis."""
    fresh = [p for p in paths if p not in journal.files]
    if fresh:
        journal.files.update(_store(repo, fresh))
        _write_journal(repo, journal)


def set_basis(repo: Repo, journal: Journal, basis: str) -> None:
    """Record that the journalled versions are now edits of ``basis``."""
    journal.basis = basis
    _write_journal(repo, journal)


def load_journal(repo: Repo) -> Journal | None:
    """The journal a previous operation left, if any."""
    try:
        data = json.loads(_journal_path(repo).read_text(encoding="utf-8"))
        return Journal(str(data["basis"]), dict(data["files"]), list(data.get("targets", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def clear_journal(repo: Repo) -> None:
    """Forget the journal (every file is back in place)."""
    _journal_path(repo).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale_lock(repo: Repo) -> bool:
    """True when a lock exists whose process is gone (removes it)."""
    path = _lock_path(repo)
    try:
        pid = int(path.read_text(encoding="utf-8").split()[0])
    except (OSError, ValueError, IndexError):
        return False
    if pid == os.getpid() or _alive(pid):
        raise BusyError("another Dateline window is sending or getting the latest; try again")
    path.unlink(missing_ok=True)
    return True


def _clear_git_locks(repo: Repo) -> None:
    """Remove the ``*.lock`` files a killed git leaves (only after a dead operation)."""
    git_dir = repo.git_dir
    candidates = [git_dir / "index.lock", git_dir / "HEAD.lock", git_dir / "ORIG_HEAD.lock",
                  git_dir / "packed-refs.lock", git_dir / "config.lock"]
    for folder in ("refs/heads", "refs/remotes"):
        root = git_dir / folder
        if root.is_dir():
            candidates += list(root.rglob("*.lock"))
    for path in candidates:
        path.unlink(missing_ok=True)


def recover(repo: Repo) -> list[str]:
    """Repair what an interrupted operation left; return the files put back."""
    crashed = _stale_lock(repo)
    if crashed:
        _clear_git_locks(repo)
    journal = load_journal(repo)
    git_dir = repo.git_dir
    if (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists():
        if not crashed and journal is None:
            raise GitError("a rebase started outside Dateline is under way; finish it first")
        repo.git.run(["rebase", "--abort"], check=False)
    if journal is None:
        return []
    outcome = reapply(repo, journal)
    clear_journal(repo)
    return outcome.restored


def needs_recovery(repo: Repo) -> bool:
    """Whether an operation died here (its lock's process is gone, or a journal is left)."""
    try:
        pid: int | None = int(_lock_path(repo).read_text(encoding="utf-8").split()[0])
    except (OSError, ValueError, IndexError):
        pid = None
    if pid is not None and (pid == os.getpid() or _alive(pid)):
        return False  # running right now
    return pid is not None or _journal_path(repo).exists()


def repair(repo: Repo) -> list[str]:
    """Finish what a dead operation left (nothing when none died); the files put back."""
    if not needs_recovery(repo):
        return []
    try:
        return recover(repo)
    except BusyError:
        return []


@contextmanager
def operation(repo: Repo) -> Iterator[None]:
    """Hold the repository's operation lock; recover from a dead one first."""
    recover(repo)
    repo.state_dir.mkdir(parents=True, exist_ok=True)
    path = _lock_path(repo)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise BusyError("another Dateline window is sending or getting the latest") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
