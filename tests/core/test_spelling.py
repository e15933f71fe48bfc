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
