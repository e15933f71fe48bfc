"""The functions ``@dataclass`` writes come back from the cache at the next start, the same
code, and ``dataclasses`` is itself again afterwards (editor.services.startup_cache)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from editor.services.startup_cache import DataclassCache
from tests.conftest import REPO


def _define(cache: DataclassCache | None) -> Any:
    """A frozen, ordered dataclass with a default and a factory, made inside ``cache``."""
    if cache is not None:
        assert cache.start()
    try:
        return dataclasses.make_dataclass(
            "Story", [("title", str), ("words", int, dataclasses.field(default=0)),
                      ("tags", list, dataclasses.field(default_factory=list))],
            frozen=True, order=True)
    finally:
        if cache is not None:
            cache.finish()


def _code(cls: Any) -> list[tuple[bytes, tuple[Any, ...], tuple[str, ...]]]:
    methods = ("__init__", "__repr__", "__eq__", "__lt__", "__hash__", "__setattr__")
    return [(c.co_code, c.co_consts, c.co_names)
            for c in (getattr(cls, name).__code__ for name in methods)]


def test_the_written_functions_come_back_from_the_cache_the_same(tmp_path: Path) -> None:
    path = tmp_path / "dataclass.marshal"
    first = DataclassCache(path)
    made = _define(first)
    assert first.hits == 0 and first.misses >= 5 and path.is_file()
    second = DataclassCache(path)
    again = _define(second)
    assert (second.hits, second.misses) == (first.misses, 0)
    assert _code(again) == _code(made) == _code(_define(None))
    story = again("Budget", 900)
    assert repr(story) == "Story(title='Budget', words=900, tags=[])"
    assert story == again("Budget", 900) and story < again("Budget", 901)
    assert hash(story.title) and again("A").words == 0 and again("A").tags == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        story.words = 1  # type: ignore[misc]


def test_dataclasses_is_itself_again_after_finish(tmp_path: Path) -> None:
    cache = DataclassCache(tmp_path / "dataclass.marshal")
    assert cache.start()
    assert "exec" in vars(dataclasses)
    cache.finish()
    assert "exec" not in vars(dataclasses)
    assert not cache.finish()  # twice: nothing to do


def test_a_start_that_compiles_nothing_new_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "dataclass.marshal"
    _define(DataclassCache(path))
    before = path.stat().st_mtime_ns
    cache = DataclassCache(path)
    assert cache.start()
    _define_inside = dataclasses.make_dataclass(
        "Story", [("title", str), ("words", int, dataclasses.field(default=0)),
                  ("tags", list, dataclasses.field(default_factory=list))],
        frozen=True, order=True)
    assert _define_inside("x").words == 0
    assert not cache.finish() and cache.misses == 0
    assert path.stat().st_mtime_ns == before


def test_a_damaged_or_foreign_cache_is_compiled_again_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "dataclass.marshal"
    path.write_bytes(b"not a cache at all")
    cache = DataclassCache(path)
    made = _define(cache)
    assert cache.hits == 0 and cache.misses >= 5
    assert made("Budget").title == "Budget"
    again = DataclassCache(path)
    _define(again)
    assert again.misses == 0


PROBE = textwrap.dedent("""
    import json
    from editor.cli import _import_gui
    _, regexes, dataclass_code = _import_gui()
    regexes.finish()
    print(json.dumps({"hits": dataclass_code.hits, "misses": dataclass_code.misses}))
""")


def test_the_window_imports_take_their_dataclass_functions_from_the_last_start(
        tmp_path: Path) -> None:
    """``dateline`` imports the window's modules inside the cache: at the second start every
    function their dataclasses need comes from the file."""
    env = dict(os.environ, PYTHONPATH=str(REPO), DATELINE_CACHE_DIR=str(tmp_path),
               DATELINE_CONFIG_DIR=str(tmp_path), DATELINE_DATA_DIR=str(tmp_path))
    seen = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                                text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stderr[-3000:]
        seen.append(json.loads(result.stdout.strip().splitlines()[-1]))
    assert seen[0]["misses"] > 40  # the post, the site, settings, fields...
    assert seen[1] == {"hits": seen[0]["misses"], "misses": 0}


def test_finishing_the_regex_cache_finishes_the_dataclass_cache(tmp_path: Path) -> None:
    """``dateline`` keeps both until the window has settled: the dataclasses the preview and
    the desk define after the first frame are kept too."""
    from editor.services.startup_cache import RegexCache

    regexes = RegexCache(tmp_path / "regex.marshal")
    regexes.start()
    code = DataclassCache(tmp_path / "dataclass.marshal")
    assert code.start()
    regexes.finishing.append(code.finish)
    _define(None)  # made while both are on, as after the first frame
    assert "exec" in vars(dataclasses)
    regexes.finish()
    assert "exec" not in vars(dataclasses)
    assert (tmp_path / "dataclass.marshal").is_file() and code.misses >= 5
    assert regexes.finishing == []  # once
