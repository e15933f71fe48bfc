"""The post file: decoding, front-matter fences, the parsed values, and lossless bytes."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from editor.core import surgery, yamlsafe, yamlstyle
from editor.core.files import ChangedOnDiskError, Fingerprint, SaveError, atomic_write, read_file
from editor.core.jekyll import as_datetime
from editor.core.yamlsafe import FrontMatterError, Problem

# Jekyll's rule: the file starts with `---` (trailing blanks allowed) and the
# front matter runs to the first line that is `---` or `...`.
_OPEN_RE = re.compile(r"---[ \t]*(\r\n|\n|\r)")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|$)", re.MULTILINE)

__all__ = [
    "ChangedOnDiskError",
    "Encoding",
    "Fingerprint",
    "Post",
    "PostError",
    "Problem",
    "SaveError",
    "binary_reason",
    "load_post",
    "new_post_bytes",
    "read_post",
    "save_post",
    "to_lf",
]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class PostError(Exception):
    """An edit or save that would damage the post; the message says why in plain words."""


@dataclass(frozen=True)
class Encoding:
    """How the file's text is stored on disk."""

    name: str  # a Python codec name
    bom: bytes = b""
    #: False when the bytes were not valid in any accepted encoding and were
    #: decoded as Latin-1 only so the writer can see and fix them.
    valid: bool = True


def _decode(data: bytes) -> tuple[str, Encoding, Problem | None]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), Encoding(name, bom), None
            except UnicodeDecodeError as exc:
                return _undecodable(data, exc, bom)
    try:
        return data.decode("utf-8"), Encoding("utf-8"), None
    except UnicodeDecodeError as exc:
        return _undecodable(data, exc, b"")


def _undecodable(
    data: bytes, exc: UnicodeDecodeError, bom: bytes
) -> tuple[str, Encoding, Problem]:
    payload = data[len(bom):]  # exc.start counts from here
    before = payload[: exc.start]
    line = before.count(b"\n") + 1
    column = exc.start - (before.rfind(b"\n") + 1) + 1
    bad = payload[exc.start : exc.start + 1].hex().upper()
    problem = Problem(
        line,
        column,
        f"the file is not valid {'UTF-8' if not bom else exc.encoding.upper()} text "
        f"(byte 0x{bad}); it is shown as Latin-1 and will be saved as UTF-8 once you edit it",
    )
    return payload.decode("latin-1"), Encoding("latin-1", b"", valid=False), problem


def _newline_of(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\r\n" if crlf > lf else "\n"


def to_lf(text: str) -> str:
    """``text`` with CRLF and lone CR line breaks turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class _Parts:
    """The raw pieces of a decoded post, concatenating back to the exact text."""

    opener: str  # "---\n" (with its original trailing blanks and newline) or ""
    front_matter: str  # raw YAML text between the fences, newlines as in the file
    closer: str  # "---\n" / "...\r\n" / "---" at EOF, or "" when unclosed or absent
    body: str

    @property
    def has_front_matter(self) -> bool:
        return bool(self.opener)


def _split(text: str) -> tuple[_Parts, Problem | None]:
    opened = _OPEN_RE.match(text)
    if opened is None:
        return _Parts("", "", "", text), None
    start = opened.end()
    # An empty front matter closes immediately: "---\n---\n".
    closed = _CLOSE_RE.search(text, start)
    if closed is None:
        line = 1
        problem = Problem(
            line,
            1,
            "the front matter opened by '---' on line 1 is never closed by a '---' line; "
            "the whole file is shown as front matter",
        )
        return _Parts(text[:start], text[start:], "", ""), problem
    return _Parts(
        text[:start], text[start : closed.start()], closed.group(0), text[closed.end() :]
    ), None


def read_post(data: bytes) -> Post:
    """Read a post from its bytes. Never raises for bad content: see ``Post.problem``."""
    return Post(data)


def load_post(path: str | Path) -> Post:
    """Read the post at ``path`` (raises ``OSError`` when the file cannot be read)."""
    path = Path(path)
    post = Post(read_file(path))
    post.path = path
    return post


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not a text post at all (None when it is text, however broken).

    A NUL byte outside a UTF-16 file means binary data (an image, an archive, a
    program): rendering or exporting it would only produce garbage.
    """
    if any(data.startswith(bom) for bom, name in _BOMS if name.startswith("utf-16")):
        return None
    if b"\x00" in data:
        return "it is a binary file (it contains NUL bytes), not a text post"
    return None


class Post:
    """A post file held losslessly: ``to_bytes()`` gives back the bytes it was read from
    until something is changed, and a change rewrites only what it must.

    Front-matter values are the Python values YAML's safe loader produces.
    ``body`` and ``front_matter_text`` use LF newlines whatever the file uses;
    the file's own newline style is restored on output.
    """

    def __init__(self, data: bytes) -> None:
        self.path: Path | None = None
        self.original: bytes = data
        text, self.encoding, decode_problem = _decode(data)
        self.newline = _newline_of(text)
        parts, split_problem = _split(text)
        self._parts = parts
        self._original_body = parts.body
        self._original_text: tuple[str, str, str, str] | None = (
            parts.opener, parts.front_matter, parts.closer, parts.body)
        self._body_lf_original: str | None = None  # computed on the first set_body()
        self._had_front_matter = parts.has_front_matter
        self._dirty = False
        self.problem: Problem | None = decode_problem or split_problem
        self._values: dict[str, Any] = {}
        self._node: yaml.Node | None = None
        self._node_text: str | None = None  # the front-matter text _node was composed from
        if self.problem is None:
            self.problem = self._parse(parts.front_matter)
        #: Whether the front matter parsed when the file was read; such a file is
        #: never saved with front matter that fails to parse.
        self.parsed_originally = self.problem is None

    # -- reading -----------------------------------------------------------------

    def _parse(self, fm_text: str) -> Problem | None:
        """Parse front-matter text into ``_values``/``_node``; return the problem if any."""
        offset = 1 if self._parts.has_front_matter else 0
        if "\x00" in fm_text:
            before = fm_text[: fm_text.index("\x00")]
            return Problem(
                before.count("\n") + 1 + offset,
                len(before) - (before.rfind("\n") + 1) + 1,
                "the front matter contains a NUL byte (binary data)",
            )
        fast = yamlsafe.fast_load(fm_text)
        if fast is not None:
            self._values, self._node, self._node_text = fast, None, None
            return None
        try:
            value, node = yamlsafe.load(fm_text, text_keys=True)
        except FrontMatterError as exc:
            return exc.problem(offset)
        except RecursionError:
            return Problem(1 + offset, 1, "the front matter is nested too deeply to read")
        if value is None:
            value, node = {}, None
        if not isinstance(value, dict):
            kind = cast("dict[type, str]", {list: "a list", str: "a single text value"}).get(
                type(value), "not a set of fields"
            )
            return Problem(
                1 + offset,
                1,
                f"the front matter is {kind}, not 'key: value' fields",
            )
        if any(not isinstance(k, str) for k in value):
            value = {str(k): v for k, v in value.items()}
        self._values = value
        self._node, self._node_text = node, fm_text
        return None

    def _root(self) -> yaml.Node | None:
        """The YAML node graph of the current front matter (composed on first need)."""
        text = self._parts.front_matter
        if self._node_text != text:
            self._node, self._node_text = yamlsafe.compose(text), text
        return self._node

    @property
    def has_front_matter(self) -> bool:
        """Whether the file has (or will be written with) a front-matter block."""
        return self._parts.has_front_matter

    @property
    def front_matter(self) -> dict[str, Any]:
        """A copy of the parsed front matter ({} when absent or broken)."""
        return _copy_value(self._values)

    def get(self, key: str, default: Any = None) -> Any:
        """The value of one front-matter key (a copy: changing it changes nothing)."""
        return _copy_value(self._values.get(key, default))

    def __contains__(self, key: object) -> bool:
        return key in self._values

    @property
    def front_matter_text(self) -> str:
        """The raw front-matter text between the fences, with LF newlines."""
        return to_lf(self._parts.front_matter)

    @property
    def body(self) -> str:
        """The body (everything after the closing fence), with LF newlines."""
        return to_lf(self._parts.body)

    @property
    def body_line_offset(self) -> int:
        """Number of file lines before the first body line."""
        p = self._parts
        return to_lf(p.opener + p.front_matter + p.closer).count("\n")

    @property
    def is_modified(self) -> bool:
        """Whether ``to_bytes()`` would differ from the bytes read."""
        if not self._dirty:
            return False
        if not self.encoding.valid or self._original_text is None:
            # Any edit re-encodes an undecodable file as UTF-8; a rebased post
            # compares with bytes it was not read from.
            return self.to_bytes() != self.original
        p = self._parts
        # Comparing text is a memcmp; encoding a 1 MB post on every keystroke is not.
        return (p.opener, p.front_matter, p.closer, p.body) != self._original_text

    # -- editing -----------------------------------------------------------------

    def _require_parsed(self) -> None:
        if self.problem is not None:
            raise PostError(
                "the front matter cannot be edited field by field until it is fixed "
                f"({self.problem})"
            )

    def set(self, key: str, value: Any) -> None:
        """Set one front-matter field, rewriting only its lines (G2/G3)."""
        self.update({key: value})

    def unset(self, key: str) -> None:
        """Remove one front-matter field and exactly its lines."""
        self.update({}, remove=[key])

    def update(self, changes: Mapping[str, Any], remove: list[str] | tuple[str, ...] = ()) -> None:
        """Apply several field changes at once; all or nothing."""
        self._require_parsed()
        changes = {k: self._in_old_shape(k, v) for k, v in changes.items()}
        changes = {
            k: v
            for k, v in changes.items()
            if not (k in self._values and surgery.same_value(self._values[k], v))
        }
        remove = [k for k in remove if k in self._values]
        if not changes and not remove:
            return
        fm = self._parts.front_matter
        try:
            new_text = surgery.edit(fm, self._root(), self._values, changes, remove, self.newline)
        except surgery.SurgeryError as exc:
            raise PostError(str(exc)) from None
        self._apply_front_matter(new_text)

    def _in_old_shape(self, key: str, value: Any) -> Any:
        """A date given for a field that holds a date *string* stays a string of that shape.

        (``2015-10-01 01:00:00 +0800`` is a timestamp to Jekyll's Psych but a
        string to YAML 1.1; writing a datetime would change what the file says.)
        """
        old = self._values.get(key)
        if isinstance(value, (dt.date, dt.datetime)) and isinstance(old, str):
            shape = yamlstyle.old_scalar_shape(old)
            if shape is not None:
                text = yamlstyle.format_datetime(value, shape)
                # A plain old value stays plain: when the new text would read as a
                # timestamp (``2016-01-02`` in the shape of ``2015-10-01 01:00:00 +0800``)
                # the date itself is written, plain. A quoted one stays a quoted string.
                if yamlstyle.reads_back(text, text) or not self._plain_scalar(key):
                    return text
        return value

    def _plain_scalar(self, key: str) -> bool:
        """Whether ``key``'s value is written as a plain (unquoted, one-line) scalar."""
        root = self._root()
        if isinstance(root, yaml.MappingNode):
            for k, v in root.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return isinstance(v, yaml.ScalarNode) and not v.style
        return False

    def replace_front_matter(self, values: Mapping[str, Any]) -> None:
        """Make the front matter equal ``values``: changed keys rewritten, missing ones
        removed, new ones added in house order; untouched keys keep their bytes."""
        self._require_parsed()
        remove = [k for k in self._values if k not in values]
        self.update(values, remove)

    def _apply_front_matter(self, new_text: str) -> None:
        if not new_text and not self._had_front_matter:
            # The last field of a front matter this edit session added is gone.
            self._parts.opener = self._parts.closer = ""
        elif not self._parts.has_front_matter:
            self._parts.opener = "---" + self.newline
            self._parts.closer = "---" + self.newline
        self._parts.front_matter = new_text
        problem = self._parse(new_text)
        if problem is not None:  # surgery verifies, so this is a bug guard
            raise PostError(f"the edit would break the front matter ({problem})")
        self._dirty = True

    def set_front_matter_text(self, text: str) -> None:
        """Replace the raw front-matter text (LF newlines) as the writer typed it.

        Used to fix a broken front matter. The post's ``problem`` is updated; a
        front matter that parsed when read may not be replaced by a broken one.
        """
        raw = _with_newline(text, self.newline)
        if raw and not raw.endswith(("\n", "\r")):
            raw += self.newline
        if raw == self._parts.front_matter:
            return
        saved = (self._values, self._node, self.problem)
        self._values, self._node = {}, None
        problem = self._parse(raw)
        self.problem = problem
        if problem is not None and self.parsed_originally:
            self._values, self._node, self.problem = saved
            raise PostError(f"the front matter would no longer parse: {problem}")
        if not self._parts.has_front_matter:
            self._parts.opener = "---" + self.newline
        if not self._parts.closer:
            self._parts.closer = "---" + self.newline
        self._parts.front_matter = raw
        self._dirty = True

    def set_body(self, text: str) -> None:
        """Replace the body (LF newlines); an unchanged body keeps its exact bytes."""
        if self._body_lf_original is None:
            self._body_lf_original = to_lf(self._original_body)
        if text == self._body_lf_original:
            self._parts.body = self._original_body
        else:
            self._parts.body = _with_newline(text, self.newline)
        if not self._parts.closer and self._parts.has_front_matter and text:
            self._parts.closer = "---" + self.newline
        self._dirty = True

    # -- writing -----------------------------------------------------------------

    def to_text(self) -> str:
        """The whole file as text, newlines as in the file."""
        p = self._parts
        return p.opener + p.front_matter + p.closer + p.body

    def to_bytes(self) -> bytes:
        """The file's bytes: identical to what was read when nothing changed."""
        if not self._dirty:
            return self.original
        text = self.to_text()
        if not self.encoding.valid:
            # The writer edited an undecodable file: it becomes UTF-8.
            data = text.encode("utf-8")
        else:
            data = self.encoding.bom + text.encode(self.encoding.name)
        if data == self.original:
            return self.original
        return data

    def rebase(self, original: bytes) -> None:
        """Treat ``original`` as what is on disk, keeping this post's text (used for a
        post recovered from the journal: it shows as modified against the file)."""
        self.original = original
        self._original_text = None  # compare bytes from now on
        self._dirty = True

    def mark_saved(self, data: bytes) -> None:
        """Record that ``data`` (from ``to_bytes()``) is now what is on disk."""
        fresh = Post(data)
        fresh.path = self.path
        self.__dict__.update(fresh.__dict__)


def _copy_value(value: Any) -> Any:
    """Copy YAML values: containers are copied, scalars (immutable) shared."""
    kind = type(value)
    if kind is dict:
        return {k: v if type(v) not in (dict, list) else _copy_value(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) not in (dict, list) else _copy_value(v) for v in value]
    return value


def _with_newline(text: str, newline: str) -> str:
    text = to_lf(text)
    return text if newline == "\n" else text.replace("\n", newline)


def new_post_bytes(fields: Mapping[str, Any], body: str = "", newline: str = "\n") -> bytes:
    """A new post in house style (PRODUCT.md §1): fields in conventional order."""
    post = Post(f"---{newline}---{newline}".encode())
    post.update(fields)
    if body:
        post.set_body("\n" + body if not body.startswith("\n") else body)
    return post.to_bytes()


def save_post(
    post: Post,
    path: str | Path | None = None,
    expected: Fingerprint | None = None,
    force: bool = False,
) -> Fingerprint:
    """Save ``post`` atomically to ``path`` (default: where it was read from).

    ``expected`` is the fingerprint taken when the file was read: a file
    changed on disk since then raises :class:`ChangedOnDiskError` unless
    ``force``. Raises :class:`SaveError` (original intact) when the disk refuses.
    """
    target = Path(path) if path is not None else post.path
    if target is None:
        raise SaveError("the post has no file name yet")
    data = post.to_bytes()
    if post.parsed_originally and post.problem is not None:
        raise PostError(f"the front matter would no longer parse: {post.problem}")
    fingerprint = atomic_write(target, data, expected, force)
    post.mark_saved(data)
    post.path = target
    return fingerprint


def date_like(new: dt.datetime, original: Any, date_only: bool) -> Any:
    """The value to store for a date the writer picked (``new``, naive wall clock), shaped
    like the value it replaces: a date stays a date, an aware datetime keeps its tzinfo, a
    date string keeps its pattern (separator, seconds, offset text); with no usable
    original, ``date_only`` picks a date or a second-precision datetime.

    The one place for this rule (the form calls it); :meth:`Post.update` then keeps a date
    *string*'s shape for any datetime set on it.
    """
    if isinstance(original, dt.datetime):
        if original.tzinfo is not None:
            return new.replace(tzinfo=original.tzinfo)
        return new.replace(tzinfo=None)
    if isinstance(original, dt.date):
        return new.date()
    if isinstance(original, str) and as_datetime(original) is not None:
        text = re.sub(r"\d{4}-\d{1,2}-\d{1,2}", f"{new:%Y-%m-%d}", original, count=1)

        def time_sub(m: re.Match[str]) -> str:
            return f"{new:%H:%M:%S}" if m.group(1) else f"{new:%H:%M}"

        return re.sub(r"(?<=[ T])\d{1,2}:\d{2}(:\d{2})?", time_sub, text, count=1)
    if date_only:
        return new.date()
    return new.replace(tzinfo=None, microsecond=0)
