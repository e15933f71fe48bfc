"""`dateline check PATH... [--json]`: the newsroom checks headless, for scripts and a site's CI."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from editor.core import checks, fields, jekyll
from editor.core.cliargs import CliParser, CliUsageError, fail, require_regular_file
from editor.core.files import read_file
from editor.core.post import read_post
from editor.core.site import SiteIndex
from editor.core.site_model import Site, find_site_root
from editor.core.words import plural


def post_files(paths: Sequence[Path],
               indexes: dict[Path | None, SiteIndex | None] | None = None) -> list[Path]:
    """Post files named directly, or found in the folders given (a site: its _posts/_drafts).

    A site folder's index is built here and kept in ``indexes`` for :func:`run_checks`.
    """
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            if (path / "_config.yml").is_file():
                index = SiteIndex.open(path)
                if indexes is not None:
                    indexes[index.root] = index
                out.extend(sorted(e.path for e in index.entries()))
                continue
            roots = [p for p in (path / "_posts", path / "_drafts") if p.is_dir()] or [path]
            for root in roots:
                out.extend(sorted(p for p in root.rglob("*")
                                  if p.is_file() and p.suffix.lower() in jekyll.POST_EXTENSIONS))
        elif os.path.lexists(path):
            require_regular_file(path)  # a FIFO or a device: refused, never waited on
            out.append(path)
        else:
            raise CliUsageError(f"{path}: no such file or folder")
    return out


#: From this many posts on, the checks are shared among worker processes (one per core):
#: starting the pool costs ~20 ms, checking a post ~0.6 ms.
PARALLEL_FROM = 400

#: The site indexes the worker processes inherit (set just before they are forked).
_inherited: dict[Path | None, SiteIndex | None] = {}


def run_checks(
    files: Sequence[Path], indexes: dict[Path | None, SiteIndex | None] | None = None,
) -> list[tuple[Path, list[checks.Finding]]]:
    """Check every file; each site's index is built once and shared by its posts.

    A long list is checked by one worker process per core (forked, so each inherits the
    indexes already built); the results come back in the order of ``files``.
    """
    indexes = {} if indexes is None else indexes
    jobs = [(path, _site_root(path, indexes)) for path in files]
    workers = _workers(len(jobs))
    if workers < 2:
        return [(path, _check_one(path, root, indexes)) for path, root in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _inherited
    _inherited = indexes
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            found = list(pool.map(_check_inherited, jobs,
                                  chunksize=max(1, len(jobs) // (workers * 8))))
    finally:
        _inherited = {}
    return [(path, findings) for (path, _root), findings in zip(jobs, found, strict=True)]


def _workers(posts: int) -> int:
    """How many processes check ``posts`` posts: one per core this process may use, when
    the list is long enough to pay for them and the system can fork."""
    import multiprocessing

    if posts < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, posts // (PARALLEL_FROM // 2)))


def _site_root(path: Path, indexes: dict[Path | None, SiteIndex | None]) -> Path | None:
    """The site ``path`` belongs to, its index built (once) into ``indexes``."""
    root = find_site_root(path)
    if root not in indexes:
        indexes[root] = SiteIndex.open(root) if root is not None else None
    index = indexes[root]
    if index is not None and index.site.problem is not None:
        # Jekyll refuses to build a site whose _config.yml it cannot read.
        raise CliUsageError(f"{index.root / '_config.yml'}: {index.site.problem}")
    return root


def _check_inherited(job: tuple[Path, Path | None]) -> list[checks.Finding]:
    """A worker process's job: one post, with the indexes it inherited."""
    return _check_one(job[0], job[1], _inherited)


def _check_one(path: Path, root: Path | None,
               indexes: dict[Path | None, SiteIndex | None]) -> list[checks.Finding]:
    """The findings for the post at ``path`` of the site at ``root``."""
    index = indexes[root]
    try:
        data = read_file(path)
    except OSError as exc:
        raise CliUsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    post = read_post(data)
    post.path = path
    site = index.site if index is not None else Site()
    return checks.check_post(post, path, site, index=index)


def cli_check(argv: Sequence[str]) -> int:
    """`dateline check PATH... [--json]`: newsroom checks; exit 1 on errors, 2 on bad input."""
    parser = CliParser(prog="dateline check", description="Run the newsroom checks.")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print JSON")
    try:
        args = parser.parse_args(argv)
        indexes: dict[Path | None, SiteIndex | None] = {}
        results = run_checks(post_files(args.paths, indexes), indexes)
    except CliUsageError as exc:
        return fail(str(exc))
    errors = sum(f.severity == checks.ERROR for _, fs in results for f in fs)
    for index in filter(None, indexes.values()):  # dateline.fields it cannot use
        for notice in fields.schema_for_site(index.site).notices:
            print(f"{index.root / '_config.yml'}: warning: {notice}", file=sys.stderr)
    if args.json:
        report: list[dict[str, Any]] = [
            {"path": str(path), "findings": [f.as_dict() for f in fs]} for path, fs in results]
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for path, fs in results:
            for f in fs:
                where = f":{f.line}" if f.line else ""
                print(f"{path}{where}: {f.severity}: {f.message} [{f.id}]")
        print(f"{plural(len(results), 'post')} checked, {plural(errors, 'error')}", file=sys.stderr)
    return 1 if errors else 0
