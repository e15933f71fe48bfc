"""Offline spell checking of Markdown prose (no Qt): which words count, a cache of lookups,
and the writer's personal word list kept in the config folder across languages.

Two dictionary routes. A language with a region (``en_GB``, ``en_AU``, ``es_MX``, ``pt_BR``,
``fr_CA``…) is checked by Hunspell through Enchant (pyenchant), with the dictionaries
LibreOffice and Firefox use (Debian's ``hunspell-*`` packages): pyspellchecker has no
British, Australian or Canadian English. A bare language (``en``, ``es``) uses
pyspellchecker's bundled word-frequency lists, which need nothing from the system; a region
without a Hunspell dictionary falls back to its bare language there.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterable, Iterator
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


def normalise_language(tag: str) -> str:
    """``en-GB``, ``en_gb``, ``EN`` → ``en_GB``, ``en`` (the form dictionaries are named in)."""
    parts = tag.strip().replace("-", "_").split("_")
    if not parts or not parts[0]:
        return ""
    out = parts[0].lower()
    if len(parts) > 1 and parts[1]:
        out += "_" + parts[1].upper()
    return out


class _PySpellChecker:
    """pyspellchecker's word-frequency dictionary for a bare language."""

    def __init__(self, checker: Any) -> None:
        self._checker = checker

    def check(self, word: str) -> bool:
        return word.lower() in self._checker

    def suggest(self, word: str) -> list[str]:
        lower = word.lower()
        found = self._checker.candidates(lower) or set()
        found.discard(lower)
        best = self._checker.correction(lower)
        return sorted(found, key=lambda w: (w != best, -self._checker.word_usage_frequency(w), w))


class _Hunspell:
    """A Hunspell dictionary through Enchant (one per language and region)."""

    def __init__(self, dictionary: Any) -> None:
        self._dict = dictionary
        self._lock = threading.Lock()  # an Enchant dictionary is not shared across threads

    def check(self, word: str) -> bool:
        with self._lock:
            return bool(self._dict.check(word))

    def suggest(self, word: str) -> list[str]:
        with self._lock:
            found = self._dict.suggest(word)
        # Hunspell also offers abbreviations (COL, Th): keep words shaped like the one typed.
        return [w for w in found if w != word and " " not in w and len(w) > 2
                and (not w.isupper() or word.isupper())]


def _enchant_broker() -> Any:
    """Enchant's broker preferring Hunspell dictionaries; None when Enchant is missing."""
    try:
        import enchant
    except (ImportError, OSError):  # pyenchant absent, or no libenchant on the system
        return None
    broker = enchant.Broker()
    broker.set_ordering("*", "hunspell,myspell,aspell")
    return broker


def _dictionary(language: str) -> Any:
    """The dictionary for ``language`` (``en_GB``: Hunspell; ``en``: pyspellchecker), loaded
    once per process; None when there is none (nothing is flagged then)."""
    language = normalise_language(language)
    with _dictionary_lock:
        if language not in _dictionaries:
            _dictionaries[language] = _load_dictionary(language)
        return _dictionaries[language]


def _load_dictionary(language: str) -> Any:
    if "_" in language:
        broker = _enchant_broker()
        if broker is not None:
            try:
                # (dict_exists would accept en_XX by falling back to en: ask for the exact tag.)
                if language in {normalise_language(t) for t in broker.list_languages()}:
                    return _Hunspell(broker.request_dict(language))
            except Exception:  # noqa: BLE001 - a broken dictionary: fall back, flag nothing odd
                pass
        language = language.split("_")[0]
    try:
        return _PySpellChecker(_bundled_checker(language))
    except (ImportError, ValueError, OSError):
        return None


#: Characters of pyspellchecker's JSON word list parsed at a time (well under 1 ms).
_SLICE_CHARS = 16_384
#: The pause between slices on a worker thread, in which the UI thread takes the GIL.
_SLICE_PAUSE_S = 0.0002
#: The end of one ``"word": count,`` entry (a count, its comma, then the next key).
_ENTRY_END = re.compile(r'\d\s*,(?=\s*")')
#: The fields of pyspellchecker's WordFrequency that :func:`_fill` sets.
_FREQUENCY_FIELDS = ("_dictionary", "_total_words", "_unique_words", "_letters",
                     "_longest_word_length")


def _bundled_checker(language: str) -> Any:
    """pyspellchecker's SpellChecker for a bare language, its word list read a slice at a time.

    ``SpellChecker(language)`` parses its word list (English: 2.7 MB of JSON, 160,000
    words) in one ``json.loads`` and takes the letters of every word in one set union:
    60-140 ms in two calls that never let go of the GIL, so the dictionary loading on a
    worker thread stopped the UI thread (the first keystrokes in a freshly opened post)
    for as long. Read here a slice at a time, with a pause between slices on a worker
    thread, the same words, counts and statistics arrive while the UI thread gets the GIL
    within a millisecond. A word list not laid out as expected takes pyspellchecker's route.
    """
    import gzip  # (here: the window asks has_dictionary before its first frame)
    import pkgutil

    from spellchecker import SpellChecker

    packed = pkgutil.get_data("spellchecker", f"resources/{language.lower()}.json.gz")
    if not packed:
        raise ValueError(f"no bundled dictionary for {language}")
    checker = SpellChecker(language=None, distance=2)
    frequency = checker.word_frequency
    if all(hasattr(frequency, name) for name in _FREQUENCY_FIELDS):
        try:
            # (zlib lets go of the GIL while it inflates.)
            _fill(frequency, _word_list_slices(gzip.decompress(packed).decode("utf-8")))
            return checker
        except ValueError:  # not one flat {"word": count} object: let pyspellchecker read it
            pass
    return SpellChecker(language=language, distance=2)


class _HashedCounts:
    """A word list's counts in two arrays, for ``word in counts`` and ``counts[word]``.

    pyspellchecker keeps its words in a Counter: 160,000 English words as str objects in a
    dict, 14 MB of the window's memory for as long as it runs. Checking a word and ranking
    corrections need only membership and a count, so the words are kept as their hashes,
    sorted, with their counts beside them: 64-bit hashes and 32-bit counts, 1.9 MB for
    English (an open-addressing table of them took 3.3-4.4 MB; a count past 2^32 - 1, which
    no bundled list has, widens the counts to 64 bits). A lookup is a binary search.

    Words are :meth:`add`-ed as the list is read, a slice at a time, so that its 160,000
    strings never exist at once (their transient 10 MB of small objects left CPython's
    allocator with partly used arenas it could not give back: 2-5 MB of the window's PSS,
    varying from run to run); :meth:`finish` then sorts each bucket of hashes (~600 words,
    by their top bits) into place. ``hash()`` is the process's own (the table never leaves
    it); two words sharing all 64 bits is a 1e-14 chance a lookup; their counts add up, as
    the counts of one word given twice do.
    """

    _BUCKET_BITS = 8  # buckets of ~600 English words: their arrays are not small objects

    def __init__(self, counts: dict[str, int] | None = None) -> None:
        from array import array

        self._keys = array("q")
        self._counts: array[int] = array("I")
        self._len = 0
        self._buckets: list[tuple[array[int], array[int]]] | None = [
            (array("q"), array("q")) for _ in range(1 << self._BUCKET_BITS)]
        if counts is not None:
            for word, count in counts.items():
                self.add(word, count)
            self.finish()

    def add(self, word: str, count: int) -> None:
        """Count ``word`` ``count`` times more (before :meth:`finish`)."""
        assert self._buckets is not None, "finished"
        key = hash(word)
        # Bucket numbers in the order of the keys (the top bits of a signed 64-bit hash).
        keys, counts = self._buckets[(key >> (64 - self._BUCKET_BITS)) + len(self._buckets) // 2]
        keys.append(key)
        counts.append(count)

    def finish(self, pause: bool = False) -> None:
        """Sort the words added into the table (``pause``: let other threads run now and
        then, as on the dictionary's worker thread)."""
        from array import array

        assert self._buckets is not None, "finished"
        total = sum(len(keys) for keys, _ in self._buckets)
        keys, sums = array("q", bytes(8 * total)), array("I", bytes(4 * total))
        filled = 0
        for number, (these, their_counts) in enumerate(self._buckets):
            for i in sorted(range(len(these)), key=these.__getitem__):
                if filled and keys[filled - 1] == these[i]:  # one word twice, or one hash
                    filled -= 1
                keys[filled] = these[i]
                try:
                    sums[filled] += their_counts[i]
                except OverflowError:  # a count past 32 bits: all of them in 64
                    sums = array("q", sums)
                    sums[filled] += their_counts[i]
                filled += 1
            self._buckets[number] = (array("q"), array("q"))
            if pause and number % 16 == 15:
                time.sleep(_SLICE_PAUSE_S)
        del keys[filled:], sums[filled:]
        self._keys, self._counts, self._len, self._buckets = keys, sums, filled, None

    def _find(self, word: str) -> int:
        from bisect import bisect_left

        key = hash(word)
        i = bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else -1

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(word) and self._find(word) >= 0

    def __getitem__(self, word: str) -> int:
        i = self._find(word) if word else -1
        return self._counts[i] if i >= 0 else 0  # a Counter's answer for a missing word

    def __len__(self) -> int:
        return self._len


def _word_list_slices(text: str) -> Iterator[dict[str, int]]:
    """The JSON object ``text`` (``{"word": count, ...}``) as dicts of ~16 KB of entries
    each; ValueError when a cut does not fall between two entries."""
    import json

    start, end = text.index("{") + 1, text.rindex("}")
    while start < end:
        cut = _ENTRY_END.search(text, min(start + _SLICE_CHARS, end), end)
        stop = cut.end() - 1 if cut is not None else end  # the comma between two entries
        piece = json.loads("{" + text[start:stop] + "}")
        if not isinstance(piece, dict):
            raise ValueError("not a word list")
        yield piece
        start = stop + 1


def _fill(frequency: Any, slices: Iterable[dict[str, int]]) -> None:
    """Fill an empty WordFrequency with ``slices`` as its ``load_json`` would (words
    lower-cased, the counts of words differing only in case added up), the words kept as
    hashes (:class:`_HashedCounts`: pyspellchecker reads its dictionary with ``in`` and
    ``[]`` only) and the statistics gathered slice by slice rather than over the whole
    list at the end. Nothing is set when a slice is not a word list (ValueError)."""
    table = _HashedCounts()
    letters: set[str] = set()
    longest = total = 0
    pause = threading.current_thread() is not threading.main_thread()
    for piece in slices:
        lowered: dict[str, int] = {}
        for word, count in piece.items():
            lower = word.lower()
            lowered[lower] = lowered.get(lower, 0) + count
        for word, count in lowered.items():
            table.add(word, count)
        letters.update(*lowered)
        longest = max(longest, max(map(len, lowered), default=0))
        total += sum(lowered.values())
        if pause:
            time.sleep(_SLICE_PAUSE_S)
    table.finish(pause)
    frequency._dictionary = table
    frequency._total_words = total
    frequency._unique_words = len(table)
    frequency._letters = letters
    frequency._longest_word_length = longest


#: The bare languages pyspellchecker bundles (so that listing them imports nothing).
BUNDLED_LANGUAGES = ("ar", "de", "en", "es", "eu", "fa", "fr", "it", "lv", "nl", "pt", "ru")

def regional_languages() -> list[str]:
    """Language-and-region tags with a Hunspell dictionary installed (``en_GB``…)."""
    broker = _enchant_broker()
    if broker is None:
        return []
    try:
        return sorted({normalise_language(t) for t in broker.list_languages() if "_" in t})
    except Exception:  # noqa: BLE001 - Enchant without providers
        return []


def has_dictionary(language: str) -> bool:
    """Whether ``language`` has its own dictionary (a region: Hunspell; bare: bundled)."""
    language = normalise_language(language)
    if "_" in language:
        return language in regional_languages()
    return language in BUNDLED_LANGUAGES


def available_languages() -> list[str]:
    """Every language tag that has a dictionary: bundled bare languages and installed regions."""
    return sorted(set(BUNDLED_LANGUAGES) | set(regional_languages()))


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
        self.language = normalise_language(language) or "en"
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
            if self._checker.check(w):
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
        ranked = self._checker.suggest(word)
        out = list(dict.fromkeys(_like(word, w) for w in ranked))
        return out[:MAX_SUGGESTIONS]

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
