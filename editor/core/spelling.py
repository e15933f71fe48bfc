"""Offline spell checking of Markdown prose: pyspellchecker's bundled dictionaries, a cache
of word lookups and a personal word list kept in the config folder (no Qt)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from editor.core.paths import config_dir

#: Personal word list file name (one word a line, UTF-8) in :func:`config_dir`.
WORDS_FILE = "words.txt"
MAX_SUGGESTIONS = 5
_CACHE_LIMIT = 50_000

# Parts of a Markdown line that are not prose (masked before words are looked for).
_NOT_PROSE = re.compile(
    r"(`+).+?\1"  # code spans
    r"|\{\{.*?\}\}|\{%.*?%\}"  # Liquid output and tags
    r"|\{:[^}]*\}"  # kramdown attribute lists
    r"|<!--.*?-->"  # HTML comments
    r"|</?[A-Za-z][^<>]*>"  # HTML tags and autolinks
    r"|&#?\w+;"  # HTML entities
    r"|\]\([^)]*\)|\]\[[^\]]*\]"  # link targets and reference labels
    r"|^\s{0,3}\[[^\]]+\]:.*$"  # link reference definitions
    r"|\b(?:https?|ftp|mailto|file):\S+|\bwww\.\S+"  # URLs
    r"|^\s{0,3}(?:---|\.\.\.)\s*$",  # front-matter fences
)
_RUN = re.compile(r"\S+")
# A run's Markdown punctuation at either end (emphasis, brackets, quotes, sentence marks).
_EDGE = "*_~`\"'“”‘’()[]{}<>.,;:!?¡¿…—–-|#>+="
# Inside a run, these make it an identifier, path, address, key or the like: not prose.
_IDENTIFIER = re.compile(r"[_/\\@=:$%^|~+<>#]|\w\.\w")
_WORD = re.compile(r"[\w'’]+")
_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

_UNSEEN: Any = object()
_dictionaries: dict[str, Any] = {}
_dictionary_lock = threading.Lock()


def _dictionary(language: str) -> Any:
    """pyspellchecker's SpellChecker for ``language``, loaded once per process (~0.3 s);
    None when pyspellchecker has no dictionary for it."""
    with _dictionary_lock:
        if language not in _dictionaries:
            try:
                from spellchecker import SpellChecker

                _dictionaries[language] = SpellChecker(language=language, distance=2)
            except (ImportError, ValueError, OSError):
                _dictionaries[language] = None  # no such dictionary: nothing is flagged
        return _dictionaries[language]


def available_languages() -> list[str]:
    """Language codes with a bundled dictionary."""
    from spellchecker import SpellChecker

    return list(SpellChecker.languages())


def words_path() -> Path:
    """Where the personal word list is kept."""
    return config_dir() / WORDS_FILE


def _checkable(word: str) -> bool:
    if len(word) < 3 or any(c.isdigit() for c in word):
        return False
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 3:
        return False
    if all(c.isupper() for c in letters):
        return False  # an acronym: NATO, HTML
    # camelCase, iPhone, McDonald: names and identifiers rather than misspellings
    return not any(c.isupper() for c in letters[1:])


class Speller:
    """Spell checks lines of Markdown. The dictionary loads on first use (or on
    :meth:`load`, which a caller may run on a worker thread), never at import."""

    def __init__(self, language: str = "en", words_file: Path | None = None) -> None:
        self.language = language
        self._words_file = words_file
        self._checker: Any = None
        self._loaded = False
        self._personal: set[str] | None = None
        self._cache: dict[str, bool] = {}
        self._verdicts: dict[str, tuple[int, int] | None] = {}
        self._lock = threading.Lock()

    # -- loading ---------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """Whether the dictionary is in memory (checks are then cheap)."""
        return self._loaded

    @property
    def available(self) -> bool:
        """Whether there is a dictionary for the language (loads it)."""
        self.load()
        return self._checker is not None

    def load(self) -> None:
        """Load the dictionary and the personal word list (idempotent, thread-safe)."""
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            self._checker = _dictionary(self.language)
            self._personal_words()
            self._loaded = True

    def _path(self) -> Path:
        return self._words_file if self._words_file is not None else words_path()

    def _personal_words(self) -> set[str]:
        if self._personal is None:
            try:
                text = self._path().read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self._personal = {w.strip() for w in text.splitlines() if w.strip()}
        return self._personal

    # -- checking --------------------------------------------------------------------

    def is_correct(self, word: str) -> bool:
        """Whether ``word`` is spelled right (cached; unknown language: always)."""
        known = self._cache.get(word)
        if known is None:
            known = self._lookup(word)
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = known
        return known

    def _lookup(self, word: str) -> bool:
        self.load()
        if self._checker is None:
            return True
        personal = self._personal_words()
        word = word.replace("’", "'")
        candidates = [word]
        if "'" in word:
            candidates.append(word.split("'")[0])  # possessives and contractions: writer's
        for w in candidates:
            if w in personal or w.lower() in personal:
                return True
            if w.lower() in self._checker:
                return True
        return False

    def misspelled_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, length) of misspelled words in one line of Markdown prose.

        Skipped: code spans, URLs, link targets, HTML, Liquid, attribute lists, identifiers
        and paths, words with digits, ALL-CAPS acronyms and words shorter than 3 letters.
        Fenced and indented code and front matter are the caller's to skip (block state)."""
        if not text or text.isspace():
            return []
        masked = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), text)
        spans: list[tuple[int, int]] = []
        for run in _RUN.finditer(masked):
            token = run.group(0)
            left = len(token) - len(token.lstrip(_EDGE))
            core = token.strip(_EDGE)
            if not core or _IDENTIFIER.search(core):
                continue
            offset = run.start() + left
            for part in _WORD.finditer(core):
                verdict = self._verdicts.get(part.group(0), _UNSEEN)
                if verdict is _UNSEEN:
                    verdict = self._verdict(part.group(0))
                if verdict is not None:
                    spans.append((offset + part.start() + verdict[0], verdict[1]))
        return spans

    def _verdict(self, word: str) -> tuple[int, int] | None:
        """(offset, length) of the misspelling in a word of a line, None when it is fine."""
        verdict: tuple[int, int] | None = None
        if _checkable(word) and _LETTERS.fullmatch(word) is not None:
            trimmed = word.strip("'’")
            if _checkable(trimmed) and not self.is_correct(trimmed):
                verdict = (word.index(trimmed[0]), len(trimmed))
        if len(self._verdicts) > _CACHE_LIMIT:
            self._verdicts.clear()
        self._verdicts[word] = verdict
        return verdict

    def suggestions(self, word: str) -> list[str]:
        """Up to five likely corrections, most likely first, in the word's capitalisation."""
        self.load()
        if self._checker is None or not word:
            return []
        lower = word.lower()
        found = self._checker.candidates(lower) or set()
        found.discard(lower)
        best = self._checker.correction(lower)
        ranked = sorted(found, key=lambda w: (w != best, -self._checker.word_usage_frequency(w), w))
        out = [_like(word, w) for w in ranked[:MAX_SUGGESTIONS]]
        return out

    # -- the personal word list --------------------------------------------------------

    def personal_words(self) -> list[str]:
        """The words added with "Add to Dictionary", sorted."""
        return sorted(self._personal_words())

    def add_word(self, word: str) -> None:
        """Accept ``word`` from now on, in memory and in the personal word list file
        (kept if the file cannot be written: the word still counts for this session)."""
        word = word.strip()
        if not word:
            return
        words = self._personal_words()
        words.add(word)
        self._cache.clear()
        self._verdicts.clear()
        self._save(words)

    def _save(self, words: Iterable[str]) -> None:
        path = self._path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text("".join(w + "\n" for w in sorted(words)), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass


def _like(model: str, word: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
