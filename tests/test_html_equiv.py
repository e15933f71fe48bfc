"""tests/html_equiv.py is the project's own definition of "equivalent HTML", unchanged: a
byte-for-byte copy of ../shared/tools/html_equiv.py, so that a machine without ../shared
(CI) compares the golden renders exactly as the fidelity tool does."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from tests.html_equiv import equivalent

SHARED = REPO.parent / "shared" / "tools" / "html_equiv.py"


@pytest.mark.skipif(not SHARED.is_file(), reason="no ../shared/tools beside the repository")
def test_the_copy_is_the_shared_tool() -> None:
    assert (REPO / "tests" / "html_equiv.py").read_bytes() == SHARED.read_bytes()


def test_equivalent_folds_whitespace_and_attribute_order_but_not_elements() -> None:
    assert equivalent('<p class="a" id="b">x  y</p>\n', '<p id="b" class="a">x y</p>')[0]
    assert not equivalent("<p>x</p>", "<div>x</div>")[0]
