"""Offline spell checking: which words of a Markdown line count, suggestions, personal words."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.paths import config_dir
from editor.core.spelling import Speller


@pytest.fixture(scope="module")
def speller() -> Speller:
    checker = Speller("en", words_file=Path("/nonexistent/dateline-words.txt"))
    checker.load()
    return checker


def flagged(speller: Speller, text: str) -> list[str]:
    return [text[start:start + length] for start, length in speller.misspelled_spans(text)]


def test_a_misspelled_word_is_found_at_its_position(speller: Speller) -> None:
    text = "I saw teh cat"
    assert speller.misspelled_spans(text) == [(6, 3)]


def test_correct_prose_has_no_spans(speller: Speller) -> None:
    assert flagged(speller, "The council voted on Tuesday, and the mayor's plan didn't pass.") == []


@pytest.mark.parametrize("text", [
    "Run `tehh --foo` first",
    "See https://example.com/tehh and www.tehh.org",
    "A [link](https://tehh.example/tehh) here",
    "{{ page.tehh }} and {% iff tehh %}",
    '<span class="tehh">text</span>',
    "The NATO and HTML folks",
    "mp3 3rd tehh2",
    "foo_bar path/to/tehh key=tehh",
    "iPhone McDonald",
    "an xy",
])
def test_code_urls_liquid_html_acronyms_and_identifiers_are_skipped(speller: Speller,
                                                                    text: str) -> None:
    assert flagged(speller, text) == []


def test_words_inside_emphasis_and_link_text_are_checked(speller: Speller) -> None:
    assert flagged(speller, "**Boldd** and *wrod* and [teh link](https://x.org)") == [
        "Boldd", "wrod", "teh"]


def test_suggestions_are_ranked_and_keep_capitalisation(speller: Speller) -> None:
    assert speller.suggestions("teh")[0] == "the"
    assert speller.suggestions("Speling")[0] == "Spelling"
    assert len(speller.suggestions("teh")) <= 5


def test_lookups_are_cached(speller: Speller, monkeypatch: pytest.MonkeyPatch) -> None:
    speller.is_correct("zzyzzx")
    monkeypatch.setattr(speller, "_lookup", lambda word: pytest.fail("not cached"))
    assert speller.is_correct("zzyzzx") is False


def test_the_personal_word_list_is_kept_in_the_config_folder() -> None:
    first = Speller("en")
    assert flagged(first, "Dateliner wrote it") == ["Dateliner"]
    first.add_word("Dateliner")
    assert flagged(first, "Dateliner wrote it") == []
    assert (config_dir() / "words.txt").read_text(encoding="utf-8") == "Dateliner\n"
    second = Speller("en")
    assert flagged(second, "Dateliner wrote it") == []
    assert second.personal_words() == ["Dateliner"]


def test_the_dictionary_loads_on_first_use_not_at_construction() -> None:
    speller = Speller("en")
    assert not speller.loaded
    speller.is_correct("hello")
    assert speller.loaded


def test_an_unknown_language_checks_nothing() -> None:
    speller = Speller("xx")
    assert not speller.available
    assert speller.misspelled_spans("teh wrod") == []
    assert speller.suggestions("teh") == []


def test_british_english_through_hunspell(tmp_path: Path) -> None:
    """pyspellchecker has no en-GB: the regional variants come from Hunspell (Enchant)."""
    from editor.core.spelling import available_languages

    assert {"en_GB", "en_US", "en_AU", "en_CA"} <= set(available_languages())
    british = Speller("en-GB", words_file=tmp_path / "words.txt")
    american = Speller("en_US", words_file=tmp_path / "words.txt")
    assert british.language == "en_GB"
    text = "The colour of the organisation's harbour, the color of the organization's harbor."
    assert flagged(british, text) == ["color", "organization's", "harbor"]
    assert flagged(american, text) == ["colour", "organisation's", "harbour"]
    assert "Colour" in british.suggestions("Colur")
    british.add_word("Kyiv")  # the writer's words count in every language
    assert Speller("en_US", words_file=tmp_path / "words.txt").is_correct("Kyiv")


def test_language_tags_are_normalised_and_an_unknown_region_falls_back() -> None:
    from editor.core.spelling import has_dictionary, normalise_language

    assert normalise_language("en-gb") == "en_GB" and normalise_language("EN") == "en"
    assert has_dictionary("en-GB") and has_dictionary("es") and not has_dictionary("en_XX")
    fallback = Speller("en_XX", words_file=Path("/nonexistent/words.txt"))
    assert fallback.available and not fallback.is_correct("teh")  # general English


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_bundled_dictionary_has_the_words_and_counts_pyspellchecker_reads(
        language: str) -> None:
    """The word list read a slice at a time is the one pyspellchecker reads itself."""
    from spellchecker import SpellChecker

    from editor.core.spelling import _bundled_checker

    ours, theirs = _bundled_checker(language).word_frequency, SpellChecker(language).word_frequency
    # Ours keeps the words as hashes (editor.core.spelling._HashedCounts): the same words
    # with the same counts, and nothing else.
    assert len(ours.dictionary) == len(theirs.dictionary)
    assert all(ours.dictionary[word] == count for word, count in theirs.dictionary.items())
    assert all(word in ours for word in theirs.dictionary)
    assert "qzxwvj" not in ours and ours.dictionary["qzxwvj"] == 0
    assert (ours.total_words, ours.unique_words, ours.longest_word_length, ours.letters) == (
        theirs.total_words, theirs.unique_words, theirs.longest_word_length, theirs.letters)


def test_the_english_word_list_takes_2_mb_and_a_count_past_32_bits_still_fits() -> None:
    """Sorted hashes and 32-bit counts (the largest English one is 76 million): 1.9 MB of
    the window's memory for 160,000 words (an open-addressing table took 3.3-4.4 MB)."""
    from editor.core.spelling import _bundled_checker, _HashedCounts

    table = _bundled_checker("en").word_frequency.dictionary
    assert isinstance(table, _HashedCounts)
    size = sum(len(a) * a.itemsize for a in (table._keys, table._counts))
    assert size <= 2 * 2**20, size
    wide = _HashedCounts({"the": 2**40, "a": 7, "The": 1})
    assert (wide["the"], wide["a"], wide["The"], wide["an"]) == (2**40, 7, 1, 0)
    assert "the" in wide and "an" not in wide and "" not in wide and len(wide) == 3

    class Same(str):  # two words with one hash: their counts are added up, as before
        def __hash__(self) -> int:
            return 12345

    both = _HashedCounts({Same("colour"): 2, Same("color"): 3, "grey": 1})
    assert (both[Same("colour")], both[Same("flavour")], both["grey"]) == (5, 5, 1)


def test_loading_the_english_word_list_never_holds_its_words_as_strings_at_once() -> None:
    """The words go into the table of hashes slice by slice: a Counter of 160,000 strings
    first (18 MB at its peak) left CPython's allocator with partly used arenas it could
    not give back, 2-5 MB of the window's PSS that varied from run to run. What is left is
    the decompressed list (bytes and text, 5.5 MB at once) and the table being built."""
    import tracemalloc

    from editor.core.spelling import _bundled_checker

    tracemalloc.start()
    try:
        _bundled_checker("en")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * 2**20, peak


def test_a_word_list_of_another_layout_is_read_by_pyspellchecker(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A cut that falls inside a key (not between entries) is noticed: nothing half-read."""
    import re

    from spellchecker import SpellChecker

    from editor.core import spelling

    monkeypatch.setattr(spelling, "_SLICE_CHARS", 1)
    monkeypatch.setattr(spelling, "_ENTRY_END", re.compile('"'))  # cuts inside the keys too
    checker = spelling._bundled_checker("ru")
    assert dict(checker.word_frequency.dictionary) == dict(
        SpellChecker("ru").word_frequency.dictionary)


def test_the_dictionary_loading_on_a_worker_thread_leaves_the_gil_to_the_ui_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """pyspellchecker's own loading held the GIL for 60-140 ms in one json.loads: the
    window froze for the first keystrokes after a post opened. The main thread here runs
    Python in a loop while the dictionary loads and notes its longest wait."""
    import threading
    import time

    from editor.core import spelling

    monkeypatch.setattr(spelling, "_dictionaries", {})  # a fresh load, not the cached one
    speller = Speller("en", words_file=Path("/nonexistent/words.txt"))
    worker = threading.Thread(target=speller.load)
    from tests.timing import CoreWaits

    longest = 0.0
    worker.start()
    waits = CoreWaits(threading.get_native_id(), worker.native_id)
    last = time.perf_counter() - waits.seconds()
    while worker.is_alive():
        now = time.perf_counter() - waits.seconds()  # a busy machine's waits not counted
        longest = max(longest, now - last)
        last = now
    worker.join()
    assert speller.loaded and not speller.is_correct("teh")
    assert longest < 0.030, f"the main thread waited {longest * 1000:.0f} ms for the GIL"


def test_asking_whether_a_language_has_a_dictionary_loads_no_word_list_code() -> None:
    """The window asks before its first frame: the word-list reader (gzip, json, pkgutil:
    ~4 ms of imports) waits until a dictionary is loaded."""
    import subprocess
    import sys

    from tests.conftest import REPO

    probe = ("import sys; from editor.core import spelling; spelling.has_dictionary('en'); "
             "spelling.has_dictionary('en_GB'); "
             "print(sorted(m for m in ('gzip', 'json', 'pkgutil') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(REPO), "PATH": ""}, timeout=60)
    assert out.stdout.strip() == "[]"
