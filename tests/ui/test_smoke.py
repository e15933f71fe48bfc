"""`dateline smoke-test FILE`: the check the frozen build runs, here from source."""

from __future__ import annotations

import pytest

from editor.smoke import cli_smoke_test
from tests.conftest import SAMPLE_POSTS


def test_smoke_test_refuses_a_missing_file(tmp_path, capsys) -> None:
    assert cli_smoke_test([str(tmp_path / "missing.md")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.skipif(not (SAMPLE_POSTS / "_posts").is_dir(), reason="no sample posts")
def test_smoke_test_opens_the_window_and_reports_the_preview(qapp, capsys) -> None:
    post = sorted((SAMPLE_POSTS / "_posts").glob("*.md"))[0]
    code = cli_smoke_test([str(post), "--timeout", "60", "--allow-fallback"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("preview ok ")
    assert int(out.split()[2]) > 0
