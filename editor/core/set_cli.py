"""`dateline set FILE... KEY=VALUE... [--unset KEY]`: surgical front-matter edits in bulk.

Bad arguments (a value that is not YAML, a path that is not a regular file)
refuse the whole command before any file is touched. A post that cannot be
edited (its front matter is broken, the value cannot be written safely, the
disk refuses) is reported on one line and skipped; every other post is edited,
each atomically, and the exit status is 2 when any post was refused.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.cliargs import CliParser, CliUsageError, require_regular_file
from editor.core.files import Fingerprint, SaveError, read_with_fingerprint
from editor.core.post import Post, PostError, read_post, save_post
from editor.core.surgery import field_name_problem
from editor.core.words import plural


def parse_assignment(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` as the key and the YAML value (raises :class:`CliUsageError`)."""
    import yaml

    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise CliUsageError(f"'{text}' is not KEY=VALUE")
    problem = field_name_problem(key)
    if problem is not None:
        raise CliUsageError(problem)
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0]
        raise CliUsageError(f"the value of {key} is not valid YAML ({first}); quote it") from None
    except RecursionError:
        raise CliUsageError(f"the value of {key} is nested too deeply") from None
    if isinstance(value, dict) and not raw.lstrip().startswith("{"):
        # `title=Breaking: news` reads as a mapping in YAML; a writer means text.
        raise CliUsageError(f"the value of {key} reads as a 'key: value' mapping; put it in quotes")
    return key, value


def _is_file_argument(item: str) -> bool:
    """A FILE argument: no ``=``, or an existing path that has one (``os.path.exists`` never
    raises, so a long ``excerpt=...`` is not mistaken for a file name that is too long)."""
    return "=" not in item or os.path.exists(item)


@dataclass
class _Job:
    path: Path
    post: Post
    fingerprint: Fingerprint


def _prepare(path: Path, changes: dict[str, Any], unset: list[str]) -> _Job:
    """Read and edit one post in memory; raises :class:`PostError`/``OSError`` when it cannot."""
    data, fingerprint = read_with_fingerprint(path)
    post = read_post(data)
    post.path = path
    if post.problem is not None:
        raise PostError(str(post.problem))
    post.update(changes, unset)
    return _Job(path, post, fingerprint)


def cli_set(argv: Sequence[str]) -> int:
    """Run `dateline set`; 0 when every post was edited (or already right), 2 otherwise."""
    parser = CliParser(prog="dateline set", description="Set or remove front-matter fields.")
    parser.add_argument("items", nargs="+", metavar="FILE|KEY=VALUE")
    parser.add_argument("--unset", action="append", default=[], metavar="KEY")
    args = parser.parse_args(argv)
    files = [Path(i) for i in args.items if _is_file_argument(i)]
    changes = dict(parse_assignment(i) for i in args.items if not _is_file_argument(i))
    if not files:
        raise CliUsageError("no post file given")
    if not changes and not args.unset:
        raise CliUsageError("nothing to set: give KEY=VALUE or --unset KEY")
    unique: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for path in files:
        require_regular_file(path)  # missing, a folder, a FIFO, a device: nothing is touched
        st = path.stat()
        if (st.st_dev, st.st_ino) not in seen:  # the same post named twice is edited once
            seen.add((st.st_dev, st.st_ino))
            unique.append(path)
    refused: list[str] = []
    jobs: list[_Job] = []
    for path in unique:
        try:
            jobs.append(_prepare(path, changes, args.unset))
        except PostError as exc:
            refused.append(f"{path}: {exc}")
        except OSError as exc:
            refused.append(f"cannot read {path}: {exc.strerror or exc}")
    changed = 0
    for job in jobs:
        if job.post.to_bytes() == job.post.original:
            continue
        try:
            save_post(job.post, job.path, job.fingerprint)
        except (SaveError, PostError) as exc:
            refused.append(f"{job.path}: {exc}")
            continue
        changed += 1
    for line in refused:
        print(f"dateline: {line}", file=sys.stderr)
    if refused and not changed:  # nothing was written: the refusals say it all
        return 2
    tail = f", {len(refused)} refused" if refused else ""
    print(f"{changed} of {plural(len(unique), 'file')} changed{tail}", file=sys.stderr)
    return 2 if refused else 0
