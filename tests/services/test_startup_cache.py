"""Regular expressions compiled at one start come back identical at the next, from the
cache, and nothing foreign, damaged or stale is ever used (editor.services.startup_cache)."""

from __future__ import annotations

import _sre
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from editor.services import startup_cache
from editor.services.startup_cache import RegexCache, read_cache
from tests.conftest import REPO

PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)-(?P<slug>.+)\.md", 0),
    (r"^(?:title|author):\s*(.*?)\s*$", re.MULTILINE | re.IGNORECASE),
    # PyYAML's printable check: the wide Unicode classes are what is slow to compile.
    ("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", 0),
    (rb"\r\n|\r|\n", 0),
    (r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL),
]


@pytest.fixture(autouse=True)
def _write_every_miss(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests compile a handful of patterns: any miss is worth a write here."""
    monkeypatch.setattr(startup_cache, "WRITE_AFTER_SECONDS", 0.0)


def _compile_all(cache: RegexCache, patterns: list[tuple[str | bytes, int]]) -> list[re.Pattern]:
    re.purge()  # re's own in-process cache would answer before the compiler is asked
    assert cache.start()
    try:
        return [re.compile(pattern, flags) for pattern, flags in patterns]
    finally:
        cache.finish()


def test_patterns_come_back_from_the_cache_identical(tmp_path: Path) -> None:
    path = tmp_path / "regex.marshal"
    first = RegexCache(path)
    compiled = _compile_all(first, PATTERNS)
    assert (first.hits, first.misses) == (0, len(PATTERNS)) and path.is_file()
    second = RegexCache(path)
    again = _compile_all(second, PATTERNS)
    assert (second.hits, second.misses) == (len(PATTERNS), 0)
    for fresh, cached in zip(compiled, again, strict=True):
        assert cached == fresh  # equal patterns: same source, flags and engine code
        assert cached.groupindex == fresh.groupindex and cached.groups == fresh.groups
    match = again[0].match("2025-08-30-budget.md")
    assert match is not None and match.group("month") == "08" and match.group("slug") == "budget"
    assert again[1].findall("Title: Budget \nauthor: Ana\n") == ["Budget", "Ana"]
    assert again[3].split(b"a\r\nb\rc") == [b"a", b"b", b"c"]


def test_a_start_that_compiles_nothing_new_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "regex.marshal"
    _compile_all(RegexCache(path), PATTERNS)
    before = path.stat().st_mtime_ns
    time.sleep(0.01)
    cache = RegexCache(path)
    _compile_all(cache, PATTERNS[:2])
    assert cache.hits == 2 and path.stat().st_mtime_ns == before


def test_patterns_that_change_at_every_start_are_not_worth_a_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Babel builds two patterns from a set's order, which changes from process to process:
    a start whose only misses are cheap ones leaves the file as it is."""
    monkeypatch.setattr(startup_cache, "WRITE_AFTER_SECONDS", 0.002)
    path = tmp_path / "regex.marshal"
    _compile_all(RegexCache(path), PATTERNS)
    before = path.read_bytes()
    cache = RegexCache(path)
    _compile_all(cache, [*PATTERNS, ("\xa0|\u202f| ", 0)])
    assert (cache.hits, cache.misses) == (len(PATTERNS), 1)
    assert path.read_bytes() == before


def test_re_is_itself_again_after_finish(tmp_path: Path) -> None:
    compiler = re._compiler  # type: ignore[attr-defined]
    original = compiler.compile
    cache = RegexCache(tmp_path / "regex.marshal")
    cache.start()
    assert compiler.compile != original and compiler._sre is not _sre
    cache.finish()
    assert compiler.compile is original and compiler._sre is _sre
    assert not cache.active and not cache.finish()  # a second finish does nothing


@pytest.mark.parametrize("damage", ["garbage", "another python", "truncated"])
def test_a_damaged_or_foreign_cache_is_compiled_again_and_replaced(tmp_path: Path,
                                                                     damage: str) -> None:
    path = tmp_path / "regex.marshal"
    _compile_all(RegexCache(path), PATTERNS)
    data = path.read_bytes()
    path.write_bytes({"garbage": b"not a cache", "another python": b"\x00\x00\r\n" + data[4:],
                      "truncated": data[:len(data) // 2]}[damage])
    cache = RegexCache(path)
    compiled = _compile_all(cache, PATTERNS)
    assert (cache.hits, cache.misses) == (0, len(PATTERNS))
    assert compiled[0].match("2025-08-30-x.md")
    again = RegexCache(path)
    _compile_all(again, PATTERNS)
    assert again.hits == len(PATTERNS)


def test_an_entry_the_engine_refuses_is_compiled_instead(tmp_path: Path) -> None:
    """A cache entry whose engine code is not valid (whatever the cause) never gets in."""
    path = tmp_path / "regex.marshal"
    cache = RegexCache(path)
    _compile_all(cache, PATTERNS[:1])
    stamp = cache.stamp
    entries = read_cache(path, stamp)
    (key, args), = entries.items()
    entries[key] = (args[0], args[1], [1, 2, 3], *args[3:])  # not SRE code
    import marshal

    path.write_bytes(stamp + marshal.dumps(entries))
    again = RegexCache(path)
    compiled = _compile_all(again, PATTERNS[:1])
    assert (again.hits, again.misses) == (0, 1)
    assert compiled[0].match("2025-08-30-budget.md")


def test_threads_compiling_at_once_each_get_their_own_pattern(tmp_path: Path) -> None:
    path = tmp_path / "regex.marshal"
    patterns = [(rf"(?P<n{i}>x{{{i}}})-(\d+)-{i}", 0) for i in range(1, 41)]
    cache = RegexCache(path)
    re.purge()
    cache.start()
    results: dict[int, re.Pattern] = {}

    def work(start: int) -> None:
        for index in range(start, len(patterns), 4):
            results[index] = re.compile(*patterns[index])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache.finish()
    assert cache.misses == len(patterns)
    again = RegexCache(path)
    replayed = _compile_all(again, patterns)
    assert again.hits == len(patterns)
    for index, pattern in enumerate(replayed):
        assert pattern == results[index]
        assert pattern.match("x" * (index + 1) + f"-7-{index + 1}")


START = """
import json, sys
from editor.services import startup_cache
finish = startup_cache.RegexCache.finish
def reporting_finish(self):
    if self.active:
        print(json.dumps({"hits": self.hits, "misses": self.misses}), file=sys.stderr)
    return finish(self)
startup_cache.RegexCache.finish = reporting_finish
from editor.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_window_keeps_its_start_up_patterns_for_the_next_start(tmp_path: Path) -> None:
    """Through the `dateline` command: the first start writes the cache, the second takes
    (nearly) every pattern from it."""
    import json

    post = REPO / "sample_posts" / sorted(os.listdir(REPO / "sample_posts"))[0]
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               DATELINE_PREVIEW="textbrowser", DATELINE_CACHE_DIR=str(tmp_path / "cache"),
               DATELINE_CONFIG_DIR=str(tmp_path / "config"),
               DATELINE_DATA_DIR=str(tmp_path / "data"), DATELINE_TIMING=str(time.time()),
               DATELINE_TIMING_QUIT="1")

    def start() -> dict[str, int]:
        out = subprocess.run([sys.executable, "-c", START, str(post)], env=env, check=True,
                             capture_output=True, text=True, timeout=120)
        line = next(x for x in out.stderr.splitlines() if x.startswith('{"hits"'))
        return dict(json.loads(line))

    first = start()
    assert first["hits"] == 0 and first["misses"] > 30
    files = list((tmp_path / "cache").glob("regex-*.marshal"))
    assert len(files) == 1
    patterns = {key[1] for key in read_cache(files[0], RegexCache(files[0]).stamp)}
    # PyYAML's printable check among them (imported before the window)
    assert any(isinstance(p, str) and "\U00010000" in p for p in patterns)
    second = start()
    # What the first start compiled comes from the cache; a few may differ (Babel's
    # set-ordered patterns; the quit comes when the preview shows, racing late compiles).
    assert second["hits"] >= 0.9 * first["misses"]
    assert second["misses"] <= 0.1 * first["misses"]
