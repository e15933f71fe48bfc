"""Three-way merge of a post: front matter field by field, the body line by line.

Their changes are applied on top of mine with the surgical writer, so every line
neither side touched keeps its bytes. A real conflict becomes a list of choices
(:class:`FieldConflict`, :class:`BodyChunk`) the writer picks from; conflict markers
never reach a post.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from editor.core.git.runner import Git
from editor.core.post import Post, PostError
from editor.core.yamlstyle import same_value


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: The value of a field a version does not have.
MISSING: Any = _Missing()

MINE, THEIRS, BOTH = "mine", "theirs", "both"
_MARK = 41  # conflict-marker size: longer than any marker a writer would type


def show_value(value: Any) -> str:
    """A front-matter value as a writer reads it in the conflict dialog."""
    if value is MISSING:
        return "(not set)"
    if isinstance(value, str):
        return value
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.strip().removesuffix("...").strip()


@dataclass(frozen=True)
class FieldConflict:
    """A front-matter field both sides changed differently."""

    key: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def choice_id(self) -> str:
        """The key of this choice in :meth:`PostMerge.result`'s ``choices``."""
        return f"field:{self.key}"


@dataclass(frozen=True)
class BodyChunk:
    """A run of body lines: agreed (``conflict`` False) or a choice between two versions."""

    index: int
    text: str  # the agreed text (for an agreed chunk)
    mine: str = ""
    theirs: str = ""
    base: str = ""
    conflict: bool = False

    @property
    def choice_id(self) -> str:
        """The key of this choice in :meth:`PostMerge.result`'s ``choices``."""
        return f"body:{self.index}"


@dataclass
class PostMerge:
    """The merge of one file. ``clean`` when no choice is needed; then ``result()`` is it.

    ``whole_file`` merges (a side deleted the file, or a front matter that does not
    parse) offer the choices over the whole text, or mine/theirs for the file.
    """

    base: bytes | None
    mine: bytes | None
    theirs: bytes | None
    fields: list[FieldConflict] = field(default_factory=list)
    chunks: list[BodyChunk] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # merged front matter, mine on conflict
    whole_file: bool = False
    file_choice: bool = False  # a choice between the two files (one side deleted it)
    decided: bool = False  # one side made no change: the other side's file is the result
    answer: bytes | None = None

    @property
    def conflicts(self) -> list[FieldConflict | BodyChunk]:
        """Every choice to make, fields first."""
        return [*self.fields, *(c for c in self.chunks if c.conflict)]

    @property
    def clean(self) -> bool:
        """Whether the merge needs no choice from the writer."""
        return not self.file_choice and not self.fields and not any(
            c.conflict for c in self.chunks
        )

    def result(self, choices: Mapping[str, str] | None = None) -> bytes | None:
        """The merged file (None: deleted). Unchosen conflicts keep mine."""
        choices = dict(choices or {})
        if self.decided:
            return self.answer
        if self.file_choice:
            return self.theirs if choices.get("file") == THEIRS else self.mine
        body = "".join(_pick(c, choices.get(c.choice_id, MINE)) for c in self.chunks)
        if self.whole_file:
            mine_post = Post(self.mine or b"")
            return _encode_like(mine_post, body)
        assert self.mine is not None
        post = Post(self.mine)
        final = dict(self.values)
        for conflict in self.fields:
            if choices.get(conflict.choice_id) == THEIRS:
                final[conflict.key] = conflict.theirs
        mine_values = post.front_matter
        changes = {
            k: v for k, v in final.items()
            if v is not MISSING and not (k in mine_values and same_value(mine_values[k], v))
        }
        remove = [k for k in mine_values if final.get(k, MISSING) is MISSING]
        if changes or remove:
            post.update(changes, remove)
        if body != post.body:
            post.set_body(body)
        return post.to_bytes()


def _pick(chunk: BodyChunk, choice: str) -> str:
    if not chunk.conflict:
        return chunk.text
    if choice == THEIRS:
        return chunk.theirs
    if choice == BOTH:
        mine = chunk.mine if chunk.mine.endswith("\n") or not chunk.mine else chunk.mine + "\n"
        return mine + chunk.theirs
    return chunk.mine


def _encode_like(post: Post, text: str) -> bytes:
    newline_text = text if post.newline == "\n" else text.replace("\n", post.newline)
    if not post.encoding.valid:
        return newline_text.encode("utf-8")
    return post.encoding.bom + newline_text.encode(post.encoding.name)


def merge_values(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[FieldConflict]]:
    """Field-by-field three-way merge: (merged values with mine on conflict, conflicts)."""
    merged: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    keys = list(mine) + [k for k in theirs if k not in mine]
    keys += [k for k in base if k not in mine and k not in theirs]
    for key in keys:
        b, m, t = (d.get(key, MISSING) for d in (base, mine, theirs))
        if _same(m, t):
            value = m
        elif _same(m, b):
            value = t
        elif _same(t, b):
            value = m
        else:
            conflicts.append(FieldConflict(key, b, m, t))
            value = m
        merged[key] = value
    return merged, conflicts


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return same_value(a, b)


def merge_text(base: str, mine: str, theirs: str) -> list[BodyChunk]:
    """Line-by-line three-way merge (``git merge-file``) as agreed runs and choices."""
    if mine == theirs:
        return [BodyChunk(0, mine)]
    if mine == base:
        return [BodyChunk(0, theirs)]
    if theirs == base:
        return [BodyChunk(0, mine)]
    with tempfile.TemporaryDirectory(prefix="dateline-merge-") as tmp:
        folder = Path(tmp)
        names = []
        for name, text in (("mine", mine), ("base", base), ("theirs", theirs)):
            (folder / name).write_bytes(text.encode("utf-8", "surrogateescape"))
            names.append(name)
        out = Git(folder).run_bytes(
            ["merge-file", "-p", "--diff3", f"--marker-size={_MARK}",
             "-L", "mine", "-L", "base", "-L", "theirs", *names],
            check=False,
        )
    if out.returncode < 0 or out.returncode > 127:
        raise PostError("the versions could not be compared line by line")
    return _parse_merged(out.stdout.decode("utf-8", "surrogateescape"))


def _parse_merged(text: str) -> list[BodyChunk]:
    chunks: list[BodyChunk] = []
    agreed: list[str] = []
    sides: dict[str, list[str]] = {}
    section: str | None = None
    start, mid, sep, end = "<" * _MARK, "|" * _MARK, "=" * _MARK, ">" * _MARK

    def flush_agreed() -> None:
        if agreed:
            chunks.append(BodyChunk(len(chunks), "".join(agreed)))
            agreed.clear()

    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if section is None and bare == f"{start} mine":
            flush_agreed()
            section, sides = "mine", {"mine": [], "base": [], "theirs": []}
        elif section == "mine" and bare == f"{mid} base":
            section = "base"
        elif section in ("mine", "base") and bare == sep:
            section = "theirs"
        elif section == "theirs" and bare == f"{end} theirs":
            mine, base, theirs = ("".join(sides[k]) for k in ("mine", "base", "theirs"))
            chunks.append(BodyChunk(len(chunks), "", mine, theirs, base, conflict=True))
            section = None
        elif section is not None:
            sides[section].append(line)
        else:
            agreed.append(line)
    flush_agreed()
    return chunks


def merge_post(base: bytes | None, mine: bytes | None, theirs: bytes | None) -> PostMerge:
    """Merge my version of a file with a colleague's, from their common ``base``.

    ``None`` means the file does not exist in that version.
    """
    if mine == theirs or theirs == base:
        return PostMerge(base, mine, theirs, decided=True, answer=mine)
    if mine == base:
        return PostMerge(base, mine, theirs, decided=True, answer=theirs)
    if mine is None or theirs is None:
        return PostMerge(base, mine, theirs, file_choice=True)
    posts = [Post(base or b""), Post(mine), Post(theirs)]
    if any(p.problem is not None for p in posts):
        texts = [p.to_text().replace("\r\n", "\n") for p in posts]
        return PostMerge(base, mine, theirs, chunks=merge_text(*texts), whole_file=True)
    b, m, t = posts
    values, conflicts = merge_values(b.front_matter, m.front_matter, t.front_matter)
    chunks = merge_text(b.body, m.body, t.body)
    return PostMerge(base, mine, theirs, fields=conflicts, chunks=chunks, values=values)
