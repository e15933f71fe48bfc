"""Get latest: fetch, bring the branch up to date, and merge the writer's unsent work
into what colleagues sent, post by post (never a conflict marker in a post)."""

from __future__ import annotations

from dataclasses import dataclass, field

from editor.core.git.reapply import (
    EMPTY_TREE,
    Conflict,
    reapply,
    record_conflicts,
)
from editor.core.git.reapply import merge_file as _merge_file
from editor.core.git.reapply import read_bytes as _read
from editor.core.git.reapply import write_file as _write
from editor.core.git.repo import Repo
from editor.core.git.runner import NETWORK_TIMEOUT, CancelToken, GitError, Progress
from editor.core.git.safety import (
    add_to_journal,
    clear_journal,
    operation,
    save_journal,
    set_basis,
)
from editor.core.git.status import load_conflicts
from editor.core.words import plural


@dataclass
class SyncResult:
    """What Get latest did."""

    updated: list[str] = field(default_factory=list)  # files colleagues changed, now here
    merged: list[str] = field(default_factory=list)  # edited by both, merged without asking
    conflicts: list[Conflict] = field(default_factory=list)
    rebased: int = 0  # my unsent saves put on top of the colleagues' work
    kept_as_edits: int = 0  # my unsent saves that became edits (they overlapped theirs)
    nothing_to_get: bool = False

    @property
    def message(self) -> str:
        """One line a writer reads."""
        if self.nothing_to_get and not self.conflicts:
            return "Already up to date."
        parts = [f"Got {plural(len(self.updated), 'changed file')}"]
        if self.merged:
            parts.append(f"merged {len(self.merged)} with your edits")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} need your choice")
        return ", ".join(parts) + "."


def dirty_files(repo: Repo) -> tuple[set[str], set[str]]:
    """(tracked files changed since HEAD, untracked files)."""
    out = repo.git.run_bytes(["status", "--porcelain", "-z", "--untracked-files=all"]).stdout
    tracked: set[str] = set()
    untracked: set[str] = set()
    items = out.split(b"\0")
    i = 0
    while i < len(items):
        raw = items[i]
        i += 1
        if len(raw) < 4:
            continue
        xy, path = raw[:2], raw[3:].decode("utf-8", "surrogateescape")
        if xy == b"??":
            untracked.add(path)
            continue
        tracked.add(path)
        if xy[:1] in (b"R", b"C"):
            tracked.add(items[i].decode("utf-8", "surrogateescape"))
            i += 1
    return tracked, untracked


def _revert(repo: Repo, paths: set[str]) -> None:
    """Put ``paths`` back to HEAD (they are journalled first): tracked restored, others gone."""
    if not paths:
        return
    listed = repo.git.run_bytes(["ls-files", "-z", "--", *sorted(paths)]).stdout
    known = {p.decode("utf-8", "surrogateescape") for p in listed.split(b"\0") if p}
    in_head = set()
    if repo.head() is not None:
        listed = repo.git.run_bytes(
            ["ls-tree", "-r", "--name-only", "-z", "HEAD", "--", *sorted(paths)]).stdout
        in_head = {p.decode("utf-8", "surrogateescape") for p in listed.split(b"\0") if p}
    restore = sorted(known | in_head)
    if restore:
        source = ["--source=HEAD"] if repo.head() is not None else []
        if in_head:
            repo.git.run(["restore", *source, "--staged", "--worktree", "--", *sorted(in_head)])
        added = sorted(known - in_head)
        if added:
            repo.git.run(["rm", "-q", "--cached", "--", *added])
    for p in paths - in_head:
        (repo.top / p).unlink(missing_ok=True)


def fetch(repo: Repo, remote: str, cancel: CancelToken | None = None,
          progress: Progress | None = None) -> None:
    """Download what colleagues sent (no file in the work tree changes)."""
    repo.git.run(["fetch", "--progress", remote], network=True, timeout=NETWORK_TIMEOUT,
                 cancel=cancel, progress=progress)


def get_latest(repo: Repo, cancel: CancelToken | None = None,
               progress: Progress | None = None, identity: dict[str, str] | None = None
               ) -> SyncResult:
    """Fetch and bring the branch up to date without losing an unsent word.

    ``identity`` (``GIT_COMMITTER_NAME`` … variables) is used when git has no name
    configured and unsent commits must be put on top of the colleagues' work.
    """
    with operation(repo):
        return _get_latest(repo, cancel, progress, identity or {})


def _get_latest(repo: Repo, cancel: CancelToken | None, progress: Progress | None,
                identity: dict[str, str]) -> SyncResult:
    remote = repo.remote()
    if remote is None:
        raise GitError("this site has no shared repository to get from (no remote)")
    branch = repo.branch()
    if branch is None:
        raise GitError("the site is not on a branch; open a terminal to fix it")
    fetch(repo, remote, cancel, progress)
    old = repo.head()
    if repo.upstream() is None:
        tracking = f"refs/remotes/{remote}/{branch}"
        if not repo.git.ok(["rev-parse", "-q", "--verify", tracking]):
            return SyncResult(nothing_to_get=True)
        # Track the shared branch of the same name (set in config: the branch may have
        # no commit yet, when the writer joins with a folder of their own).
        repo.git.run(["config", f"branch.{branch}.remote", remote])
        repo.git.run(["config", f"branch.{branch}.merge", f"refs/heads/{branch}"])
        up = repo.git.out(["rev-parse", tracking])
    else:
        up = repo.git.out(["rev-parse", "@{upstream}"])
    if old is not None and repo.is_ancestor(up, old):
        return SyncResult(nothing_to_get=True)
    basis = old or EMPTY_TREE
    tracked, untracked = dirty_files(repo)
    incoming = repo.changed_between(basis, up)
    journal = save_journal(repo, basis, sorted(tracked | (untracked & incoming)),
                           targets=[basis, up])
    result = SyncResult()
    if old is not None and not repo.is_ancestor(old, up):
        _revert(repo, set(journal.files))
        count = int(repo.git.out(["rev-list", "--count", f"{up}..{old}"]))
        rebase = repo.git.run(["rebase", "-q", up], check=False, env=identity)
        if rebase.returncode == 0:
            result.rebased = count
        else:
            # Overlapping saves: my unsent commits become edits on top of the common
            # ancestor and are merged post by post like any edit.
            repo.git.run(["rebase", "--abort"], check=False)
            base = repo.merge_base(old, up) or EMPTY_TREE
            mine_committed = repo.changed_between(base, old)
            add_to_journal(repo, journal, sorted(mine_committed))
            set_basis(repo, journal, base)
            if base == EMPTY_TREE:
                raise GitError("this site's history and the shared one have nothing in common")
            repo.git.run(["reset", "-q", "--mixed", base])
            result.kept_as_edits = count
    head = repo.head() or EMPTY_TREE
    if head == EMPTY_TREE or not repo.is_ancestor(up, head):
        _revert(repo, set(journal.files) & repo.changed_between(head, up))
        repo.git.run(["merge", "-q", "--ff-only", up])
    outcome = reapply(repo, journal)
    clear_journal(repo)
    result.updated = sorted(incoming)
    result.merged = outcome.merged
    result.conflicts = outcome.conflicts
    return result


def conflict_of(repo: Repo, relpath: str) -> Conflict | None:
    """The recorded conflict of one file, rebuilt against the file as it is now."""
    entry = load_conflicts(repo).get(relpath)
    if entry is None:
        return None
    base = repo.read_blob(entry.get("base"))
    theirs = repo.read_blob(entry.get("theirs"))
    mine = _read(repo.top / relpath)
    return Conflict(relpath, _merge_file(base, mine, theirs, relpath))


def resolve(repo: Repo, relpath: str, choices: dict[str, str]) -> bytes | None:
    """Write the writer's choices for a conflicted file and clear its conflict."""
    conflict = conflict_of(repo, relpath)
    if conflict is None:
        raise GitError(f"{relpath} is not in conflict")
    data = conflict.merge.result(choices)
    _write(repo, relpath, data)
    record_conflicts(repo, {relpath: {}})
    return data
