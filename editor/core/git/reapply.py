"""Putting the writer's journalled versions back after an interrupted operation, merged
with what colleagues sent (used by Get latest and by the recovery of a dead operation;
kept apart from both so neither imports the other)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core import jekyll
from editor.core.files import atomic_write, fsync_dir
from editor.core.git.merge import PostMerge, merge_post
from editor.core.git.repo import Repo
from editor.core.git.status import conflicts_file, load_conflicts

if TYPE_CHECKING:
    from editor.core.git.safety import Journal

#: git's id of the empty tree: the "before" of a repository with no commit yet.
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@dataclass
class Conflict:
    """A file that needs the writer's choice; ``merge`` holds the choices."""

    relpath: str
    merge: PostMerge


@dataclass
class Outcome:
    """What putting the journalled files back did."""

    merged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)


def is_text_post(relpath: str) -> bool:
    """Whether a file is merged as a post (front matter + body) rather than as a whole."""
    return Path(relpath).suffix.lower() in jekyll.POST_EXTENSIONS


def write_file(repo: Repo, relpath: str, data: bytes | None) -> None:
    """Write ``data`` to the work tree file (None: delete it); unchanged bytes are not rewritten."""
    path = repo.top / relpath
    if data is None:
        if path.exists():
            path.unlink()
            fsync_dir(path.parent)
        return
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None when there is no such file."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def record_conflicts(repo: Repo, entries: dict[str, dict[str, str | None]]) -> None:
    """Add (or, with None values, drop) recorded conflicts."""
    data = load_conflicts(repo)
    for path, entry in entries.items():
        if entry:
            data[path] = entry
        else:
            data.pop(path, None)
    target = conflicts_file(repo)
    if not data:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))


def merge_file(base: bytes | None, mine: bytes | None, theirs: bytes | None,
                relpath: str) -> PostMerge:
    """The three-way merge of one file: post by post for posts, else as a whole."""
    merge = merge_post(base, mine, theirs) if is_text_post(relpath) else None
    if merge is None:
        if mine == theirs or theirs == base:
            merge = PostMerge(base, mine, theirs, decided=True, answer=mine)
        elif mine == base:
            merge = PostMerge(base, mine, theirs, decided=True, answer=theirs)
        else:
            merge = PostMerge(base, mine, theirs, file_choice=True)
    return merge


def reapply(repo: Repo, journal: Journal) -> Outcome:
    """Put every journalled version back, merged with HEAD's where a colleague changed it."""
    outcome = Outcome()
    head = repo.head() or EMPTY_TREE
    conflicts: dict[str, dict[str, str | None]] = {}
    for relpath, oid in sorted(journal.files.items()):
        mine = repo.read_blob(oid)
        base = repo.show(journal.basis, relpath)
        theirs = repo.show(head, relpath)
        current = read_bytes(repo.top / relpath)
        known = [mine, base, theirs, *(repo.show(t, relpath) for t in journal.targets)]
        if current not in known:
            mine = current  # changed again after it was journalled: the newest words win
        merge = merge_file(base, mine, theirs, relpath)
        if merge.decided or merge.clean:
            write_file(repo, relpath, merge.result())
            if not merge.decided:
                outcome.merged.append(relpath)
        else:
            write_file(repo, relpath, mine)  # my words stay in the file until the writer chooses
            conflicts[relpath] = {
                "base": repo.blob_id(journal.basis, relpath),
                "theirs": repo.blob_id(head, relpath),
            }
            outcome.conflicts.append(Conflict(relpath, merge))
        outcome.restored.append(relpath)
    if conflicts:
        record_conflicts(repo, conflicts)
    return outcome
