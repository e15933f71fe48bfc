"""kramdown fidelity, one golden file per syntax family, against real Jekyll 4.3 output.

`tests/golden/kramdown/NAME.md` was converted by Jekyll's own Markdown converter
(kramdown with Jekyll's defaults) into `NAME.html` by `build_refs.py` beside it; CI has
no Jekyll and reads the stored references. The comparison is the corpus fidelity's
notion of "equivalent" (tests/html_equiv.py, the copy of ../shared/tools/html_equiv.py:
same elements, attributes and whitespace-folded text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.render.kramdown import markdown_to_html
from tests.html_equiv import equivalent

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "kramdown"

# Families that still differ from Jekyll, with why. Each is a strict xfail: fixing
# one makes its test fail until it is removed from here.
NOT_YET: dict[str, str] = {
}


def _families() -> list[object]:
    params = []
    for md in sorted(GOLDEN.glob("*.md")):
        marks = ([pytest.mark.xfail(strict=True, reason=NOT_YET[md.stem])]
                 if md.stem in NOT_YET else [])
        params.append(pytest.param(md.stem, marks=marks, id=md.stem))
    return params


@pytest.mark.parametrize("family", _families())
def test_family_renders_as_jekyll(family: str) -> None:
    source = (GOLDEN / f"{family}.md").read_text(encoding="utf-8")
    want = (GOLDEN / f"{family}.html").read_text(encoding="utf-8")
    same, why = equivalent(markdown_to_html(source), want)
    assert same, why


def test_every_family_has_a_reference() -> None:
    sources = {p.stem for p in GOLDEN.glob("*.md")}
    assert sources and sources == {p.stem for p in GOLDEN.glob("*.html")}
    assert set(NOT_YET) <= sources
