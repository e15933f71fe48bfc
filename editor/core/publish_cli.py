"""`dateline new`, `dateline publish` and `dateline export`: the publishing desk headless."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from editor.core import jekyll
from editor.core.checks import Finding
from editor.core.cliargs import CliParser, CliUsageError, fail, require_regular_file
from editor.core.post import PostError
from editor.core.publish import (
    PublishBlocked,
    PublishError,
    export_bundle,
    export_post,
    new_post,
    publish_draft,
)
from editor.core.site_model import Site, find_site_root
from editor.core.words import plural


def _site_root(given: Path | None, start: Path) -> Path:
    if given is not None:
        if not (given / "_config.yml").is_file():
            raise CliUsageError(f"{given} is not a Jekyll site (no _config.yml)")
        return given
    root = find_site_root(start)
    if root is None:
        raise CliUsageError(f"no Jekyll site here ({start}); give one with --site DIR")
    return root


def _when(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    when = jekyll.as_datetime(text)
    if when is None:
        raise CliUsageError(f"'{text}' is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)")
    return when


def cli_new(argv: Sequence[str]) -> int:
    """`dateline new TITLE [--site DIR] [--draft]`: create a post and print its path."""
    parser = CliParser(prog="dateline new", description="Create a new post or draft.")
    parser.add_argument("title")
    parser.add_argument("--site", type=Path)
    parser.add_argument("--draft", action="store_true", help="create it in _drafts")
    try:
        args = parser.parse_args(argv)
        root = _site_root(args.site, Path.cwd())
        path = new_post(root, args.title, draft=args.draft)
    except (CliUsageError, PublishError) as exc:
        return fail(str(exc))
    print(path)
    return 0


def _print_findings(path: Path, findings: Sequence[Finding], severity: str | None = None) -> None:
    """Findings as `FILE:LINE: severity: message [id]` lines on stderr (as `dateline check`)."""
    for f in findings:
        if severity is None or f.severity == severity:
            where = f":{f.line}" if f.line else ""
            print(f"{path}{where}: {f.severity}: {f.message} [{f.id}]", file=sys.stderr)


def cli_publish(argv: Sequence[str]) -> int:
    """`dateline publish DRAFT [--date WHEN] [--force]`: check the draft, move it into _posts,
    print the new path. Errors from the checks: printed, exit 1, nothing moved (unless --force)."""
    parser = CliParser(prog="dateline publish", description="Check and publish a draft.")
    parser.add_argument("draft", type=Path)
    parser.add_argument("--date", help="publish date, in the site's timezone (default: now)")
    parser.add_argument("--force", action="store_true",
                        help="publish even when the checks find errors")
    try:
        args = parser.parse_args(argv)
        require_regular_file(args.draft)
        when = _when(args.date)
        if when is not None and when.tzinfo is None:
            site = Site.load(find_site_root(args.draft))
            when = when.replace(tzinfo=jekyll.build_zone(site))
        result = publish_draft(args.draft, when=when, force=args.force)
    except PublishBlocked as exc:
        _print_findings(args.draft, exc.findings)
        errors = sum(1 for f in exc.findings if f.severity == "error")
        print(f"dateline: not published: {plural(errors, 'error')}; fix them, or publish "
              "anyway with --force", file=sys.stderr)
        return 1
    except (CliUsageError, PublishError) as exc:
        return fail(str(exc))
    _print_findings(args.draft, result.findings)
    print(result.path)
    if result.url:
        print(f"dateline: published at {result.url}", file=sys.stderr)
    return 0


def cli_export(argv: Sequence[str]) -> int:
    """`dateline export FILE --to FOLDER [--force]` (or `--bundle OUT.zip`): check a post and
    write it ready to publish into a site (`_posts/`) or any folder (the post, images beside)."""
    parser = CliParser(prog="dateline export", description="Export a post ready to publish.")
    parser.add_argument("file", type=Path)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", type=Path, metavar="FOLDER")
    target.add_argument("--bundle", type=Path, metavar="OUT.zip")
    parser.add_argument("--force", action="store_true",
                        help="export even when the checks find errors")
    try:
        args = parser.parse_args(argv)
        require_regular_file(args.file)
        if args.bundle is not None:
            result = export_bundle(args.file, args.bundle)
        else:
            result = export_post(args.file, args.to, force=args.force)
    except (CliUsageError, PostError) as exc:
        return fail(str(exc))
    except PublishBlocked as exc:
        _print_findings(args.file, exc.findings, "error")
        print(f"dateline: {exc}", file=sys.stderr)
        return 1
    except PublishError as exc:
        return fail(str(exc))
    for image in result.images:
        print(f"dateline: copied {image}", file=sys.stderr)
    print(result.path)
    return 0
