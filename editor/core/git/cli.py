"""`dateline status`, `dateline sync` and `dateline send`: the shared repository headless.

Exit codes: 0 done, 1 a conflict, a refused push or an unreachable/unauthorised remote,
2 bad input (not a site in a repository, no such file).
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from editor.core.cliargs import CliParser, CliUsageError, fail
from editor.core.git.merge import BodyChunk, FieldConflict, show_value
from editor.core.git.repo import Repo
from editor.core.git.runner import Credential, GitAuthError, GitError
from editor.core.git.safety import repair
from editor.core.git.send import NotSendable, send
from editor.core.git.status import repo_status
from editor.core.git.sync import Conflict, get_latest
from editor.core.words import plural

T = TypeVar("T")


def _repo(path: Path) -> Repo:
    if not path.exists():
        raise CliUsageError(f"{path}: no such file or folder")
    repo = Repo.find(path)
    if repo is None:
        raise CliUsageError(f"{path} is not in a shared repository (no git)")
    return repo


def _with_password(repo: Repo, action: Callable[[], T]) -> T:
    """Run ``action``; when the remote wants a password and a person is at the terminal,
    ask once and run it again with that password (never stored)."""
    try:
        return action()
    except GitAuthError as exc:
        if exc.rejected or not sys.stdin.isatty():
            raise
        print(f"dateline: {exc}", file=sys.stderr)
        user = input("User name: ")
        password = getpass.getpass("Password or token: ")
        repo.git.credential = Credential(user, password)
        return action()


def _print_conflicts(conflicts: list[Conflict]) -> None:
    for conflict in conflicts:
        print(f"{conflict.relpath}: in conflict", file=sys.stderr)
        merge = conflict.merge
        if merge.file_choice:
            print("  one of you deleted the file, the other changed it", file=sys.stderr)
        for choice in merge.conflicts:
            if isinstance(choice, FieldConflict):
                print(f"  {choice.key}: yours {show_value(choice.mine)!r}, "
                      f"theirs {show_value(choice.theirs)!r}", file=sys.stderr)
            elif isinstance(choice, BodyChunk):
                first = (choice.mine.strip() or choice.theirs.strip()).splitlines()[:1]
                print(f"  a paragraph both changed: {first[0][:60] if first else ''!r}",
                      file=sys.stderr)
    if conflicts:
        print("dateline: your version is kept in the file; open the window to choose",
              file=sys.stderr)


def cli_status(argv: Sequence[str]) -> int:
    """`dateline status [SITE] [--json]`: each changed post's state and the branch's."""
    parser = CliParser(prog="dateline status", description="Show each post's sharing state.")
    parser.add_argument("site", nargs="?", type=Path, default=Path.cwd())
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    repo = _repo(args.site)
    try:
        restored = repair(repo)
        if restored:
            print(f"dateline: put back {plural(len(restored), 'file')} an interrupted "
                  "Get latest left", file=sys.stderr)
        status = repo_status(repo)
    except GitError as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps({
            "branch": status.branch, "upstream": status.upstream,
            "ahead": status.ahead, "behind": status.behind,
            "files": {p: {"state": f.state.value, "colleague": f.colleague}
                      for p, f in sorted(status.files.items())},
        }, indent=1))
        return 0
    print(status.summary)
    for path, state in sorted(status.files.items()):
        print(f"{state.label:<24} {path}")
    return 0


def cli_sync(argv: Sequence[str]) -> int:
    """`dateline sync [SITE]`: get the latest; exit 1 when a post needs a choice."""
    parser = CliParser(prog="dateline sync", description="Get the latest from colleagues.")
    parser.add_argument("site", nargs="?", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    repo = _repo(args.site)
    try:
        result = _with_password(
            repo, lambda: get_latest(repo, progress=None))
    except GitError as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 1
    print(result.message)
    for path in result.merged:
        print(f"merged: {path}")
    _print_conflicts(result.conflicts)
    return 1 if result.conflicts else 0


def cli_send(argv: Sequence[str]) -> int:
    """`dateline send FILE... [--review]`: commit the posts and their images, push them."""
    parser = CliParser(prog="dateline send", description="Send posts to the shared repository.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--review", action="store_true",
                        help="send to a drafts/<slug> branch for review instead")
    args = parser.parse_args(argv)
    repo = _repo(args.files[0])
    for path in args.files:
        if path.is_dir():
            raise CliUsageError(f"{path} is a folder; give the post files to send")
        other = Repo.find(path) if path.exists() else repo
        if other is None or other.top != repo.top:
            raise CliUsageError(f"{path} is not in the same repository as {args.files[0]}")
    try:
        result = _with_password(
            repo, lambda: send(repo, list(args.files), review=args.review))
    except NotSendable as exc:
        return fail(str(exc))
    except GitError as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 1
    print(result.message)
    if result.review_url:
        print(result.review_url)
    _print_conflicts(result.conflicts)
    return 1 if result.conflicts else 0
