"""The `dateline` command headless: set, check, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from editor.cli import main

POST = b'---\nlayout: post\ntitle: "Old"\nauthor: badely\ntags: [a]\n---\nBody\n'


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "2025-08-30-story.md"
    path.write_bytes(POST)
    return path


def test_set_rewrites_only_the_given_fields(post: Path) -> None:
    assert main(["set", str(post), 'title="New: one"', "tags=[a, b]", "--unset", "author"]) == 0
    assert post.read_bytes() == b'---\nlayout: post\ntitle: "New: one"\ntags: [a, b]\n---\nBody\n'


def test_set_the_same_value_changes_no_byte(post: Path) -> None:
    before = post.stat().st_mtime_ns
    assert main(["set", str(post), "title=Old", "author=badely"]) == 0
    assert post.read_bytes() == POST and post.stat().st_mtime_ns == before


def test_set_across_many_files(tmp_path: Path) -> None:
    files = []
    for i in range(5):
        f = tmp_path / f"2025-01-0{i + 1}-p{i}.md"
        f.write_bytes(POST)
        files.append(str(f))
    assert main(["set", *files, "author=desk"]) == 0
    assert all(
        Path(f).read_bytes() == POST.replace(b"author: badely", b"author: desk") for f in files
    )


@pytest.mark.parametrize(
    "args",
    [
        ["set"],
        ["set", "FILE"],
        ["set", "FILE", "title=a: b"],
        ["set", "FILE", "title=[unclosed"],
        ["set", "FILE", "MISSING", "title=x"],
        ["set", "FILE", "a:b=1"],
        ["set", "FILE", "=1"],
        ["check"],
        ["check", "MISSING"],
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    args: list[str], post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        str(post) if a == "FILE" else str(post.parent / "nope.md") if a == "MISSING" else a
        for a in args
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("dateline: ") and err.count("\n") == 1
    assert post.read_bytes() == POST


def test_set_edits_every_post_it_can_and_names_each_refused_one(
    tmp_path: Path, post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"---\ntitle: [x\n---\n")
    flow = tmp_path / "flow.md"
    flow.write_bytes(b"---\n{title: x}\n---\n")
    assert main(["set", str(post), str(broken), str(flow), "title=y"]) == 2
    assert post.read_bytes() == POST.replace(b'"Old"', b'"y"')
    assert broken.read_bytes() == b"---\ntitle: [x\n---\n"
    assert flow.read_bytes() == b"---\n{title: x}\n---\n"
    lines = capsys.readouterr().err.splitlines()
    assert [ln.split(": ")[1] for ln in lines[:2]] == [str(broken), str(flow)]
    assert lines[2] == "1 of 3 files changed, 2 refused"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_check_reports_json_and_exits_1_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "untitled.md"
    bad.write_bytes(b"---\nlayout: post\n---\nText\n")
    assert main(["check", "--json", str(bad)]) == 1
    report = json.loads(capsys.readouterr().out)
    ids = {f["id"] for f in report[0]["findings"]}
    assert {"title-missing", "date-missing"} <= ids


def test_version_and_headless_commands_do_not_load_qt(post: Path) -> None:
    code = (
        "import sys; from editor.cli import main; "
        f"main(['--version']); main(['check', {str(post)!r}]); main(['set', {str(post)!r}, 'title=Old']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("dateline ")


def test_check_names_a_site_field_declaration_it_cannot_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("dateline:\n  fields:\n    - {key: desk, kind: colour}\n")
    (tmp_path / "_posts" / "2025-08-30-story.md").write_bytes(POST)
    main(["check", str(tmp_path)])
    err = capsys.readouterr().err
    assert "_config.yml: warning: _config.yml field “desk” has kind “colour”" in err


def _imported_by(*argv: str) -> set[str]:
    """The modules ``dateline ARGV`` imports, in a fresh interpreter."""
    code = ("import sys, io, contextlib; from editor.cli import main\n"
            "before = set(sys.modules)\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])\n"
            "print('\\n'.join(sorted(set(sys.modules) - before)))\n")
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    return set(proc.stdout.split())


def test_render_and_check_import_only_what_they_use(post: Path) -> None:
    """A one-post command starts fast: render writes nothing (no temp files) and checks
    nothing; check of a post without an SVG parses no XML and renders nothing."""
    rendered = _imported_by("render", str(post))
    checked = _imported_by("check", str(post))
    assert "editor.core.render.cli" in rendered and "editor.core.checks" in checked
    for unused in ("tempfile", "editor.core.checks", "editor.core.git", "PySide6"):
        assert unused not in rendered, unused
    for unused in ("xml.etree.ElementTree", "editor.core.render", "editor.core.git", "PySide6"):
        assert unused not in checked, unused
