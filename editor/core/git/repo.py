"""Finding a site's repository and the facts about it: branch, upstream, ahead/behind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editor.core.git.runner import Credential, Git, GitError


class NotARepositoryError(GitError):
    """The folder is not inside a git work tree."""


@dataclass
class Repo:
    """A git work tree holding a site: ``top`` is the work tree's root."""

    top: Path
    git: Git

    @classmethod
    def find(cls, path: Path, credential: Credential | None = None) -> Repo | None:
        """The repository containing ``path`` (a file or folder), or None."""
        path = Path(path).resolve()
        folder = path if path.is_dir() else path.parent
        # Walking up for .git avoids starting git at all for a site with no repository.
        probe = folder
        while not (probe / ".git").exists():
            if probe.parent == probe:
                return None
            probe = probe.parent
        result = Git(folder).run(["rev-parse", "--show-toplevel"], check=False)
        if result.returncode != 0:
            return None
        top = Path(result.stdout.strip())
        return cls(top, Git(top, credential))

    @classmethod
    def open(cls, path: Path, credential: Credential | None = None) -> Repo:
        """Like :meth:`find` but raising :class:`NotARepositoryError`."""
        repo = cls.find(path, credential)
        if repo is None:
            raise NotARepositoryError(f"{path} is not in a shared repository (no git)")
        return repo

    @property
    def git_dir(self) -> Path:
        """The repository's ``.git`` folder (a linked work tree's own folder)."""
        dot = self.top / ".git"
        if dot.is_file():
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                return (self.top / text[7:].strip()).resolve()
        return dot

    @property
    def state_dir(self) -> Path:
        """Dateline's own records inside ``.git`` (never part of the site)."""
        return self.git_dir / "dateline"

    def relpath(self, path: Path) -> str:
        """``path`` relative to the work tree, with '/' (raises ValueError when outside)."""
        return Path(path).resolve().relative_to(self.top).as_posix()

    def branch(self) -> str | None:
        """The current branch's short name (None when detached)."""
        result = self.git.run(["symbolic-ref", "-q", "--short", "HEAD"], check=False)
        return result.stdout.strip() or None

    def upstream(self) -> str | None:
        """The upstream ref (``origin/main``), or None when the branch tracks nothing."""
        result = self.git.run(
            ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"], check=False
        )
        return result.stdout.strip() or None if result.returncode == 0 else None

    def remote(self) -> str | None:
        """The remote the branch tracks, else ``origin`` when it exists, else None."""
        branch = self.branch()
        if branch:
            result = self.git.run(["config", f"branch.{branch}.remote"], check=False)
            if result.stdout.strip():
                return result.stdout.strip()
        remotes = self.git.run(["remote"]).stdout.split()
        if "origin" in remotes:
            return "origin"
        return remotes[0] if remotes else None

    def remote_url(self, remote: str) -> str:
        """The URL of ``remote`` (after ``insteadOf`` rewriting)."""
        return self.git.run(["remote", "get-url", remote], check=False).stdout.strip()

    def head(self) -> str | None:
        """HEAD's commit id, or None in a repository with no commit yet."""
        result = self.git.run(["rev-parse", "-q", "--verify", "HEAD^{commit}"], check=False)
        return result.stdout.strip() or None

    def show(self, rev: str, relpath: str) -> bytes | None:
        """The bytes of ``relpath`` at ``rev`` (None when it does not exist there)."""
        result = self.git.run_bytes(["cat-file", "blob", f"{rev}:{relpath}"], check=False)
        return result.stdout if result.returncode == 0 else None

    def blob_id(self, rev: str, relpath: str) -> str | None:
        """The blob id of ``relpath`` at ``rev``, or None."""
        result = self.git.run(["rev-parse", "-q", "--verify", f"{rev}:{relpath}"], check=False)
        return result.stdout.strip() or None

    def read_blob(self, oid: str | None) -> bytes | None:
        """The bytes of a blob by id (None for None)."""
        if oid is None:
            return None
        return self.git.run_bytes(["cat-file", "blob", oid]).stdout

    def changed_between(self, a: str, b: str) -> set[str]:
        """Paths that differ between two commits."""
        out = self.git.run_bytes(["diff", "--name-only", "--no-renames", "-z", a, b]).stdout
        return {p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p}

    def merge_base(self, a: str, b: str) -> str | None:
        """The best common ancestor of two commits, or None (unrelated histories)."""
        result = self.git.run(["merge-base", a, b], check=False)
        return result.stdout.strip() or None

    def is_ancestor(self, a: str, b: str) -> bool:
        """Whether ``a`` is an ancestor of (or equal to) ``b``."""
        return self.git.ok(["merge-base", "--is-ancestor", a, b])
