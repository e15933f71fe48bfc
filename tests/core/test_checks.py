"""Newsroom checks: each fires on a post that violates it and stays quiet on a clean one."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from editor.core import checks
from editor.core.checks_cli import cli_check
from editor.core.post import load_post, read_post
from editor.core.site import SiteIndex
from tests.conftest import SAMPLE_POSTS, corpus_dir, corpus_files
from tests.core.site_helpers import image_name, make_site

NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
CLEAN = "_posts/2024-05-01-harbour-reopens.md"


def run(site: Path, relpath: str, text: str | None = None) -> list[checks.Finding]:
    path = site / relpath
    if text is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    index = SiteIndex.open(site)
    return checks.check_post(load_post(path), path, index=index, now=NOW)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def _fm(**fields: str) -> str:
    """A post with house fields, some replaced (value None drops the line)."""
    base = {"layout": "post", "title": '"A fine story"', "date": "2024-05-20T12:00:00",
            "author": '"alice"', "categories": "[News]", "tags": "[harbour]",
            "excerpt": '"A short summary."'}
    base.update(fields)
    lines = [f"{k}: {v}" for k, v in base.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


P = "_posts/2024-05-20-a-fine-story.md"
# (check id, file, text, expected line or None when not asserted)
CASES = [
    ("front-matter-invalid", P, "---\ntitle: [unclosed\n---\nbody\n", 3),
    ("title-missing", P, _fm(title=None) + "Body.\n", None),
    ("title-missing", P, _fm(title='""') + "Body.\n", 3),
    ("date-missing", "_posts/undated.md", _fm(date=None) + "Body.\n", None),
    ("date-invalid", P, _fm(date='"next tuesday"') + "Body.\n", 4),
    ("image-missing", P, _fm(image="assets/images/nope.jpg") + "Body.\n", 9),
    ("image-missing", P, _fm() + "Text.\n\n![Pier](/assets/images/nope.png)\n", 13),
    ("yaml-misread", P, _fm(title="yes") + "Body.\n", 3),
    ("yaml-misread", P, _fm(title="18:30") + "Body.\n", 3),
    ("yaml-misread", P, _fm(title="Harbour wins #1 spot") + "Body.\n", 3),
    ("yaml-misread", P, _fm(tags="[no, harbour]") + "Body.\n", 7),
    ("slug-duplicate", "_posts/2024-05-20-harbour-reopens.md", _fm() + "Body.\n", None),
    ("link-broken", P, _fm() + "See {% post_url 2024-01-01-nothing %}.\n", 11),
    ("link-broken", P, _fm() + "See [x]({% link _pages/none.md %}).\n", 11),
    ("tk-marker", P, _fm() + "Casualties: TK.\n", 11),
    ("tk-marker", P, _fm(excerpt='"TK"') + "Body.\n", 8),
    ("author-missing", P, _fm(author=None) + "Body.\n", None),
    ("layout-missing", "_drafts/a-fine-story.md", _fm(layout=None, date=None) + "Body.\n", None),
    ("excerpt-missing", P, _fm(excerpt=None) + "Body.\n", None),
    ("date-mismatch", P, _fm(date="2024-05-25T12:00:00") + "Body.\n", 4),
    ("future-date", "_posts/2099-01-01-later.md", _fm(date="2099-01-01T12:00:00") + "B.\n", 4),
    ("unpublished", P, _fm(published="false") + "Body.\n", 9),
    ("title-too-long", P, _fm(title='"' + "Harbour " * 10 + '"') + "Body.\n", 3),
    ("excerpt-too-long", P, _fm(excerpt='"' + "word " * 40 + '"') + "Body.\n", 8),
    ("image-alt-missing", P, _fm() + "Text.\n\n![](/IMAGE)\n", 13),
    ("author-unknown", P, _fm(author='"alise"') + "Body.\n", 5),
    ("category-unknown", P, _fm(categories="[Nwes]") + "Body.\n", 6),
    ("layout-unknown", P, _fm(layout="fancy") + "Body.\n", 2),
]


def test_every_check_has_a_case() -> None:
    # future-published needs a site with future: true (its own test below).
    assert {c[0] for c in CASES} | {"future-published"} == set(checks.CHECKS)


def test_the_checklist_says_whether_future_holds_a_scheduled_post_back(site: Path) -> None:
    text = _fm(date="2099-01-01T12:00:00") + "B.\n"
    held = [f for f in run(site, "_posts/2099-01-01-later.md", text) if f.id.startswith("future")]
    assert [f.id for f in held] == ["future-date"] and "holds it back" in held[0].message
    config = site / "_config.yml"
    config.write_text(config.read_text() + "future: true\n")
    now = [f for f in run(site, "_posts/2099-01-01-later.md") if f.id.startswith("future")]
    assert [(f.id, f.severity, f.line) for f in now] == [("future-published", "warning", 4)]
    assert "publishes it now" in now[0].message


@pytest.mark.parametrize("check, relpath, text, line", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_check_fires_on_violation(site: Path, check: str, relpath: str, text: str,
                                  line: int | None) -> None:
    text = text.replace("IMAGE", image_name(site))
    found = [f for f in run(site, relpath, text) if f.id == check]
    assert found, f"{check} did not fire"
    assert found[0].severity == checks.CHECKS[check][0]
    assert found[0].message
    if line is not None:
        assert found[0].line == line


@pytest.mark.parametrize("check", sorted(checks.CHECKS))
def test_check_is_quiet_on_a_clean_post(site: Path, check: str) -> None:
    assert check not in {f.id for f in run(site, CLEAN)}


def test_clean_posts_have_no_findings(site: Path) -> None:
    assert run(site, CLEAN) == []
    assert run(site, P, _fm() + f"![The pier](/{image_name(site)})\n") == []


def test_quoted_values_are_not_misread(site: Path) -> None:
    text = _fm(title='"18:30 arrivals"', tags='["no", harbour]') + "Body with `TK` in code.\n"
    assert run(site, P, text) == []


def test_defaults_count_as_present(site: Path) -> None:
    # `_config.yml` gives posts in _posts a layout: no layout-missing there.
    assert "layout-missing" not in {f.id for f in run(site, P, _fm(layout=None) + "Body.\n")}


def test_site_checks_need_a_site() -> None:
    post = read_post(_fm(image="assets/nope.png", author='"zed"').encode() + b"Body.\n")
    ids = {f.id for f in checks.check_post(post, Path("2024-05-20-x.md"), now=NOW)}
    assert not ids & {"image-missing", "author-unknown", "slug-duplicate"}


def test_sample_site_is_clean_but_for_its_unfinished_draft() -> None:
    index = SiteIndex.open(SAMPLE_POSTS)
    for entry in index.entries():
        findings = checks.check_post(load_post(entry.path), entry.path, index=index)
        if entry.name == "storm-damage-roundup":
            assert {f.id for f in findings} == {"tk-marker", "excerpt-missing"}
        else:
            assert findings == [], entry.relpath


# -- dateline check ---------------------------------------------------------------------


def test_cli_check_site_exit_codes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_check([str(site / CLEAN)]) == 0
    (site / P).write_text(_fm() + "TK\n")
    assert cli_check([str(site), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {e["path"] for e in report} >= {str((site / P).resolve())}
    assert cli_check([str(site / "nope.md")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.skipif(not corpus_files(), reason="corpus not present")
def test_cli_check_runs_over_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_check([str(corpus_dir()), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert len(report) == len([p for p in corpus_files()
                               if p.suffix.lower() in (".md", ".markdown", ".html", ".mkd",
                                                       ".mkdn", ".mkdown", ".textile", ".text")])
    ids = {f["id"] for e in report for f in e["findings"]}
    assert ids <= set(checks.CHECKS)


def _many_posts(site: Path) -> None:
    """Every case above as its own post, next to the site's clean ones."""
    for n, (_check, relpath, text, _line) in enumerate(CASES):
        folder, name = relpath.split("/")
        path = site / folder / f"{name[:-3]}-{n}.md"
        path.write_text(text, encoding="utf-8")


def test_a_long_list_is_checked_by_worker_processes_with_the_same_findings(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from editor.core import checks_cli

    _many_posts(site)
    files = checks_cli.post_files([site])
    alone = checks_cli.run_checks(files)
    monkeypatch.setattr(checks_cli, "PARALLEL_FROM", 4)
    if (os.cpu_count() or 1) > 1:
        assert checks_cli._workers(len(files)) > 1
    shared = checks_cli.run_checks(files)
    assert [p for p, _ in shared] == files  # in the order given
    assert shared == alone
    assert {f.id for _, fs in shared for f in fs} >= {c for c, *_ in CASES} - {"slug-duplicate"}


def test_a_post_a_worker_cannot_read_is_one_clear_line(
        site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from editor.core import checks_cli

    _many_posts(site)
    monkeypatch.setattr(checks_cli, "PARALLEL_FROM", 4)
    files = checks_cli.post_files([site])
    files[-1].unlink()  # gone between the listing and its check
    with pytest.raises(checks_cli.CliUsageError, match=f"cannot read {files[-1]}"):
        checks_cli.run_checks(files)
