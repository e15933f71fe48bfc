"""Safe YAML loading for front matter: libyaml when present, bounded aliases, plain-words errors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# libyaml is what Jekyll's Psych uses; it also accepts TABs in places where
# PyYAML's pure-Python scanner refuses them, so prefer it when available.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Upper bound on the number of nodes a document may expand to through
#: aliases. Real front matter has a few dozen; a "billion laughs" has 10^9.
MAX_EXPANDED_NODES = 100_000

#: Upper bound on how deeply lists and maps may nest. Real front matter nests
#: a few levels; libyaml's composer recurses per level and crashes the whole
#: process (a C stack overflow, not a catchable error) near 40,000 levels.
MAX_DEPTH = 100


@dataclass(frozen=True)
class Problem:
    """Why a post's front matter could not be read, in plain words.

    ``line`` and ``column`` are 1-based positions in the whole file.
    """

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


class FrontMatterError(Exception):
    """Raised when front-matter text cannot be loaded safely."""

    def __init__(
        self, line: int, column: int, message: str, opened_at: tuple[int, int] | None = None
    ) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.line = line
        self.column = column
        self.message = message
        #: For an unclosed flow collection: where its bracket was opened.
        self.opened_at = opened_at

    def problem(self, line_offset: int = 0) -> Problem:
        """This error as a :class:`Problem`, shifted by ``line_offset`` lines."""
        message = self.message
        if self.opened_at is not None:
            line, column = self.opened_at
            message = (
                f"the '[' or '{{' list opened at line {line + line_offset}, column {column} "
                f"is not closed ({message})"
            )
        return Problem(self.line + line_offset, self.column, message)


# libyaml/PyYAML wording -> what a writer can act on.
_PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "a colon followed by a space starts a new field here; put the whole value in quotes",
    ),
    (
        "found character that cannot start any token",
        "this character cannot start a value (a TAB, '@' or '`'); put the value in quotes",
    ),
    ("found a tab character", "a TAB is used for indentation; YAML only allows spaces there"),
    (
        "could not find expected ':'",
        "a line here is neither a 'key: value' field nor part of the previous value",
    ),
    ("did not find expected key", "the indentation is inconsistent, or a value needs quotes"),
    (
        "did not find expected node content",
        "a value is missing or starts with a character that needs quotes",
    ),
    ("found unhashable key", "a list or map is used as a field name here; a name must be text"),
    ("found undefined alias", "an alias (*name) refers to an anchor (&name) that does not exist"),
    ("found unexpected end of stream", "the front matter ends in the middle of a value"),
    ("found unknown escape character", "a backslash escape inside double quotes is not valid"),
    (
        "could not determine a constructor for the tag",
        "this tag is not allowed: only plain YAML values are accepted (tags like !!python/... "
        "could run code)",
    ),
    ("control characters are not allowed", "the text contains a control character (e.g. NUL)"),
    ("unacceptable character", "the text contains a control character (e.g. NUL)"),
)


def plain_words(problem: str) -> str:
    """Translate a YAML parser message into words a writer can act on."""
    low = problem.lower()
    for needle, words in _PLAIN_WORDS:
        if needle in low:
            return words
    return problem


def _expanded_size(root: yaml.Node) -> int:
    """Number of nodes ``root`` stands for once every alias is expanded.

    Memoised per node, so an alias bomb is measured in time linear in the
    number of distinct nodes; stops counting past the bound.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:  # a recursive structure: infinite when expanded
            return MAX_EXPANDED_NODES + 1
        on_path.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
                if total > MAX_EXPANDED_NODES:
                    break
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
                if total > MAX_EXPANDED_NODES:
                    break
        on_path.discard(key)
        sizes[key] = total
        return total

    return size(root)


def _check_depth(text: str) -> None:
    """Refuse text nesting deeper than :data:`MAX_DEPTH` before anything recurses on it.

    Every level of nesting needs one of ``[{-:?``, so text with fewer of them
    is accepted without parsing. Otherwise the parser's events (produced by a
    state machine, not recursion) are counted; a syntax error is left for
    :func:`compose` to report.
    """
    if sum(text.count(c) for c in "[{-:?") <= MAX_DEPTH:
        return
    loader = _BaseLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise FrontMatterError(
                        mark.line + 1 if mark is not None else 1,
                        mark.column + 1 if mark is not None else 1,
                        f"lists or maps are nested more than {MAX_DEPTH} levels deep here",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node | None:
    """The node graph of ``text`` (loaded safely), for reading source positions."""
    return load(text)[1]


# -- a fast path for the simple front matter most posts have ---------------------------

_KEY_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*))?$")
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2}))?$")
_INT_RE = re.compile(r"-?(?:0|[1-9][0-9]{0,17})$")
# YAML 1.1 words that are not strings (plus every other casing we do not risk).
_SPECIAL_WORDS = frozenset(
    w.lower() for w in ("yes", "no", "true", "false", "on", "off", "null", "y", "n")
)
# Controls, and characters YAML does not allow at all (U+FFFE, U+FFFF, surrogates).
_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ufeff\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def _plain_word(text: str, flow: bool) -> bool:
    """Whether ``text`` is a plain scalar that YAML 1.1 certainly reads as this string."""
    if not text or not text[0].isalpha() or text.lower() in _SPECIAL_WORDS:
        return False
    if ":" in text or "#" in text or text != text.strip():
        return False
    return not (flow and any(c in text for c in ",[]{}"))


# key: then a double-quoted, single-quoted, [flow list] or other (plain) value.
_LINE_RE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_-]*):[ ]+"
    r"(?:\"([^\"\\]*)\"|'([^']*)'|\[([^\[\]{}#]*)\]|([^ \"'\[].*?))[ ]*\r?$",
    re.ASCII,
)


def _fast_plain(raw: str) -> tuple[bool, Any]:
    if raw in ("true", "false"):
        return True, raw == "true"
    if _INT_RE.match(raw):
        return True, int(raw)
    m = _DATE_RE.match(raw)
    if m is not None:
        try:
            parts: list[Any] = [int(g) for g in m.groups() if g is not None]
            return True, (dt.datetime(*parts) if len(parts) == 6 else dt.date(*parts))
        except ValueError:
            return False, None
    if _plain_word(raw, flow=False):
        return True, raw
    return False, None


def fast_load(text: str) -> dict[str, Any] | None:
    """Read the simple front matter most posts have without the YAML machinery.

    Accepts only top-level ``key: value`` lines whose values are unambiguous
    (plain words, quoted strings without escapes, flat lists of words, plain
    integers, true/false, ``YYYY-MM-DD[ HH:MM:SS]``), blank lines and
    comment lines. Returns None for anything else, and the caller uses the
    full safe loader: the result is always what YAML would produce.
    """
    if _UNSAFE_CHARS.search(text.replace("\r\n", "").replace("\n", "")):
        return None
    out: dict[str, Any] = {}
    match = _LINE_RE.match
    for line in text.split("\n"):
        m = match(line)
        if m is None:
            if line.startswith("#") or not line.strip(" \r"):
                continue
            return None
        key, dq, sq, flow, raw = m.groups()
        if key.lower() in _SPECIAL_WORDS:
            return None
        if dq is not None:
            out[key] = dq
        elif sq is not None:
            out[key] = sq
        elif flow is not None:
            items = [item.strip(" ") for item in flow.split(",")]
            if items == [""]:
                out[key] = []
            elif all(_plain_word(item, flow=True) for item in items):
                out[key] = items
            else:
                return None
        else:
            ok, value = _fast_plain(raw)
            if not ok:
                return None
            out[key] = value
    return out


def _mappings(root: yaml.Node) -> list[tuple[yaml.MappingNode, list[Any]]]:
    """Every mapping node reachable from ``root`` with a copy of its entries."""
    out: list[tuple[yaml.MappingNode, list[Any]]] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            out.append((node, list(node.value)))
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return out


def _text_keys(loader: Any, node: yaml.Node, value: dict[Any, Any]) -> dict[str, Any]:
    """``value`` (the root mapping) with each key YAML read as a non-string (``on``,
    ``no``, ``2024``, ``~``, ``NULL``) named by its text, as the writer sees it in the file."""
    names: dict[Any, str] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            try:
                names.setdefault(loader.construct_object(key_node), str(key_node.value))
            except (TypeError, yaml.YAMLError, ValueError):
                continue
    out: dict[str, Any] = {}
    for key, item in value.items():
        out[key if isinstance(key, str) else names.get(key, str(key))] = item
    return out


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> FrontMatterError:
    """A character YAML does not accept (e.g. U+FFFF), at its line and column in ``text``."""
    char = exc.character if isinstance(exc.character, int) else None
    at = text.find(chr(char)) if char is not None else -1
    if at < 0:
        at = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    name = f"U+{char:04X}" if char is not None else "a character"
    return FrontMatterError(
        line, column, f"the text contains {name}, a character YAML does not allow; remove it")


def load(text: str, text_keys: bool = False) -> tuple[Any, yaml.Node | None]:
    """Load ``text`` safely; returns the value and the node graph it came from.

    The node graph is left as composed (merge keys ``<<`` are not flattened into
    it), so its positions describe the text. With ``text_keys``, root keys YAML
    reads as non-strings are named by their text (see :func:`_text_keys`).

    Raises :class:`FrontMatterError` for invalid YAML, unsafe tags, and alias
    expansion past :data:`MAX_EXPANDED_NODES`.
    """
    _check_depth(text)
    loader = _BaseLoader(text)
    node: yaml.Node | None = None
    try:
        node = loader.get_single_node()
        # Only a document with aliases can expand; skip the walk for the common case.
        if node is not None and "*" in text and _expanded_size(node) > MAX_EXPANDED_NODES:
            raise FrontMatterError(
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "aliases (*name) expand to more than "
                f"{MAX_EXPANDED_NODES:,} values; this looks like an alias bomb",
            )
        if node is not None:
            entries = _mappings(node)
            try:
                value = loader.construct_document(node)
            finally:  # the constructor flattens merge keys into the nodes: undo that
                for mapping, pairs in entries:
                    mapping.value = pairs
            if text_keys and isinstance(value, dict) and isinstance(node, yaml.MappingNode) \
                    and any(not isinstance(k, str) for k in value):
                value = _text_keys(loader, node, value)
        else:
            value = None
    except yaml.MarkedYAMLError as exc:
        raise _error_from(exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    except yaml.YAMLError as exc:  # e.g. reader errors without a mark
        raise FrontMatterError(1, 1, plain_words(str(exc))) from None
    except (TypeError, ValueError, OverflowError) as exc:  # e.g. unhashable key, bad timestamp
        mark = node.start_mark if node is not None else None
        raise FrontMatterError(
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
            f"a value cannot be read: {exc}",
        ) from None
    finally:
        loader.dispose()
    return value, node


def _unclosed_bracket(text: str, end: int) -> tuple[int, int] | None:
    """Line and column (1-based) of the last '[' or '{' left open before ``end``.

    A rough scan (quotes skipped, comments ignored) used only to point the writer
    at the opening bracket of a list the parser reached the end of.
    """
    stack: list[int] = []
    quote = ""
    for i, ch in enumerate(text[:end]):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or text[i - 1] in " \t[{,:"):
            quote = ch
        elif ch in "[{":
            stack.append(i)
        elif ch in "]}" and stack:
            stack.pop()
    if not stack:
        return None
    at = stack[-1]
    line_start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - line_start + 1


def _error_from(exc: yaml.MarkedYAMLError, text: str = "") -> FrontMatterError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    message = plain_words(exc.problem or exc.context or "the YAML is not valid")
    opened_at = None
    cm = exc.context_mark
    if "nesting depth" in (exc.problem or ""):
        message = f"lists or maps are nested more than {MAX_DEPTH} levels deep here"
    elif "flow" in (exc.context or "") and cm is not None:
        if mark is not None and (cm.line, cm.column) != (mark.line, mark.column):
            opened_at = (cm.line + 1, cm.column + 1)
        else:
            message = "a '[' list or '{' map is not closed"
            opener = _unclosed_bracket(text, mark.index) if mark is not None else None
            if opener is not None:
                # Point at the bracket, not at the end where the parser gave up.
                line, column = opener
    if "constructor for the tag" in (exc.problem or ""):
        tag = (exc.problem or "").split("tag", 1)[-1].strip().strip("'")
        message = f"{message}; found {tag.replace('tag:yaml.org,2002:', '!!')}"
    return FrontMatterError(line, column, message, opened_at)


def load_file(path: Path) -> tuple[Any, str | None]:
    """Load a YAML file such as ``_config.yml`` safely: (value, None) or (None, why not).

    The reason does not repeat the file's name (``line 3, column 1: ...``).

    The file must be a regular file of bounded size (see :mod:`editor.core.files`);
    nesting, aliases and tags are bounded as for front matter, so no input raises.
    """
    from editor.core.files import describe_os_error, read_file

    try:
        data = read_file(path)
    except OSError as exc:
        return None, f"it cannot be read: {describe_os_error(exc)}"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, f"it is not valid UTF-8 text (byte {exc.start + 1})"
    try:
        value, _ = load(text)
    except FrontMatterError as exc:
        return None, str(exc)
    except RecursionError:
        return None, "lists or maps are nested too deeply to read"
    return value, None
