"""Each post's state against the shared repository, from one ``git status`` and, when the
branch and its upstream have moved apart, one diff each way (no network)."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.git.repo import Repo


class PostState(enum.Enum):
    """What a writer needs to know about one file, in writer's words."""

    NEW = "new"  # never sent: the repository does not have it
    EDITED = "edited"  # changed on this computer since it was last saved to the repository
    NOT_SENT = "not sent"  # saved in the repository here, not yet sent to colleagues
    SENT = "sent"  # the same here and in the shared repository
    CHANGED_BY_COLLEAGUE = "changed by a colleague"  # Get latest brings a newer version
    CONFLICT = "in conflict"  # my changes and a colleague's need a choice

    @property
    def label(self) -> str:
        """The words the window and the command line show."""
        return {
            PostState.NEW: "New",
            PostState.EDITED: "Edited",
            PostState.NOT_SENT: "Not sent",
            PostState.SENT: "Sent",
            PostState.CHANGED_BY_COLLEAGUE: "Changed by a colleague",
            PostState.CONFLICT: "In conflict",
        }[self]


@dataclass(frozen=True)
class FileStatus:
    """One file's state; ``colleague`` also flags a local edit a colleague changed too."""

    state: PostState
    colleague: bool = False

    @property
    def label(self) -> str:
        """e.g. ``Edited (also changed by a colleague)``."""
        extra = " (also changed by a colleague)" if self.colleague else ""
        return self.state.label + extra


SENT = FileStatus(PostState.SENT)


@dataclass
class RepoStatus:
    """The whole work tree's state. ``files`` holds every file that is not simply sent."""

    top: Path
    branch: str | None
    upstream: str | None
    ahead: int = 0
    behind: int = 0
    files: dict[str, FileStatus] = field(default_factory=dict)
    has_commits: bool = True

    def state_of(self, path: Path | str) -> FileStatus:
        """The state of a file given as an absolute path or a work-tree-relative one."""
        p = Path(path)
        if p.is_absolute():
            try:
                rel = p.resolve().relative_to(self.top).as_posix()
            except ValueError:
                return FileStatus(PostState.NEW)
        else:
            rel = p.as_posix()
        found = self.files.get(rel)
        if found is not None:
            return found
        return SENT if self.has_commits else FileStatus(PostState.NEW)

    @property
    def summary(self) -> str:
        """One line for the status bar: ``main · 2 to send · 3 to get``."""
        parts = [self.branch or "detached"]
        if self.upstream is None:
            parts.append("not shared yet")
        if self.ahead:
            parts.append(f"{self.ahead} to send")
        if self.behind:
            parts.append(f"{self.behind} to get")
        if self.upstream is not None and not self.ahead and not self.behind:
            parts.append("up to date")
        conflicts = sum(1 for f in self.files.values() if f.state is PostState.CONFLICT)
        if conflicts:
            parts.append(f"{conflicts} in conflict")
        return " · ".join(parts)


def conflicts_file(repo: Repo) -> Path:
    """Where unresolved conflicts from Get latest are recorded (inside ``.git``)."""
    return repo.state_dir / "conflicts.json"


def load_conflicts(repo: Repo) -> dict[str, dict[str, str | None]]:
    """Recorded conflicts: relpath → ``{"base": blob id|None, "theirs": blob id|None}``."""
    path = conflicts_file(repo)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def repo_status(repo: Repo) -> RepoStatus:
    """Read the state of every changed file (one ``git status``; two diffs when diverged)."""
    out = repo.git.run_bytes(
        ["status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all"]
    ).stdout
    status = RepoStatus(repo.top, None, None)
    fields = out.split(b"\0")
    i = 0
    unmerged: set[str] = set()
    while i < len(fields):
        raw = fields[i]
        i += 1
        if not raw:
            continue
        line = raw.decode("utf-8", "surrogateescape")
        kind = line[0]
        if kind == "#":
            _branch_header(status, line)
        elif kind == "?":
            status.files[line[2:]] = FileStatus(PostState.NEW)
        elif kind == "1":
            parts = line.split(" ", 8)
            xy, path = parts[1], parts[8]
            head_mode = parts[3]
            state = PostState.NEW if head_mode == "000000" else PostState.EDITED
            if xy != "..":
                status.files[path] = FileStatus(state)
        elif kind == "2":
            parts = line.split(" ", 9)
            status.files[parts[9]] = FileStatus(PostState.EDITED)
            i += 1  # the original path follows
        elif kind == "u":
            path = line.split(" ", 10)[10]
            unmerged.add(path)
    if status.has_commits and status.upstream is not None and (status.ahead or status.behind):
        base = repo.merge_base("HEAD", "@{upstream}")
        if base is not None:
            if status.ahead:
                for path in repo.changed_between(base, "HEAD"):
                    status.files.setdefault(path, FileStatus(PostState.NOT_SENT))
            if status.behind:
                for path in repo.changed_between(base, "@{upstream}"):
                    mine = status.files.get(path)
                    if mine is None:
                        status.files[path] = FileStatus(PostState.CHANGED_BY_COLLEAGUE)
                    else:
                        status.files[path] = FileStatus(mine.state, colleague=True)
    for path in unmerged | set(load_conflicts(repo)):
        status.files[path] = FileStatus(PostState.CONFLICT)
    return status


def _branch_header(status: RepoStatus, line: str) -> None:
    key, _, value = line[2:].partition(" ")
    if key == "branch.oid":
        status.has_commits = value != "(initial)"
    elif key == "branch.head":
        status.branch = None if value == "(detached)" else value
    elif key == "branch.upstream":
        status.upstream = value
    elif key == "branch.ab":
        ahead, behind = value.split()
        status.ahead, status.behind = int(ahead), -int(behind)
