"""The address the form shows and the preview's `page.url` come from the one permalink
implementation, and agree with what real Jekyll 4.3 gave (tests/golden/jekyll_permalinks)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import REPO

REFERENCE = json.loads((REPO / "tests" / "golden" / "jekyll_permalinks" / "reference.json")
                       .read_text(encoding="utf-8"))


def test_the_form_and_the_preview_give_jekylls_address(make_window: Any, qtbot: Any,
                                                        tmp_path: Path) -> None:
    case = next(c for c in REFERENCE["cases"] if c["permalink"] == "date"
                and c["timezone"] == "Asia/Tokyo"
                and c["path"] == "_posts/2024-05-01-harbour-reopens.md")
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("permalink: date\ntimezone: Asia/Tokyo\n")
    post = site / case["path"]
    post.write_text(f"---\n{case['front_matter']}---\n\n{{{{ page.url }}}}\n", encoding="utf-8")
    window = make_window(post)
    shown = window.form.publish_label.text().replace("\u200b", "")
    assert f"at {case['url']}" in shown  # /local%20news/2024/05/02/harbour-reopens.html
    qtbot.waitUntil(lambda: window._last_result is not None
                    and case["url"] in window._last_result.body_html, timeout=10000)
