"""kramdown's smart quotes and typographic symbols, applied to rendered text runs."""

from __future__ import annotations

import re

_SQ_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_SQ_CLOSE = r"[^ \\\t\r\n\[{(-]"
_A = re.ASCII | re.S
# (pattern, substitutions): an int is a group to keep, a name a quote kind.
_RULES: list[tuple[re.Pattern[str], tuple[object, ...]]] = [
    (re.compile(r"(\"|')(?=[_*]{1,2}\S)", _A), ("lquote1",)),
    (re.compile(rf"(\"|')(?={_SQ_PUNCT}(?!\.\.)\B)", _A), ("rquote1",)),
    (re.compile(r"(\s?)\"'(?=\w)", _A), (1, "ldquo", "lsquo")),
    (re.compile(r"(\s?)'\"(?=\w)", _A), (1, "lsquo", "ldquo")),
    (re.compile(r"(\s?)'(?=\d\ds)", _A), (1, "rsquo")),
    (re.compile(r"(\s)('|\")(?=\w)", _A), (1, "lquote2")),
    (re.compile(rf"({_SQ_CLOSE})('|\")", _A), (1, "rquote2")),
    (re.compile(r"(\"|')(?=\s|s\b|$)", _A | re.M), ("rquote1",)),
    (re.compile(r"(.?)'", _A), (1, "lsquo")),
    (re.compile(r"(.?)\"", _A), (1, "ldquo")),
]
_CHARS = {"lsquo": "\u2018", "rsquo": "\u2019", "ldquo": "\u201c", "rdquo": "\u201d"}
_KIND = {("rquote", '"'): "rdquo", ("rquote", "'"): "rsquo",
         ("lquote", '"'): "ldquo", ("lquote", "'"): "lsquo"}
_TYPO = {"---": "\u2014", "--": "\u2013", "...": "\u2026", "\\<<": "<<", "\\>>": ">>",
         "<<": "\u00ab", ">>": "\u00bb"}
# A quote rule may look at the character before the quote, unless kramdown's scanner
# consumed that character with another span parser (a failed link `[`, code span "`"
# or emphasis `*`/`_` is added as text before the quote is looked at; so is anything
# stashed behind a placeholder, such as a backslash escape).
_START = re.compile(
    r"(?:[^\\`\[*_\x03](?=[\"'])|(?=[\"']))|---|--|\.\.\.|\\<<|\\>>|<<\s|\s>>|<<|>>", re.S)


def smarten(text: str, follow: str = "") -> str:
    """Apply kramdown's smart quotes and symbols to `text`.

    `follow` is the Markdown source that comes right after this run (the
    start of the next inline element), which some quote rules look at.
    """
    if not text or ('"' not in text and "'" not in text and "--" not in text
                    and "..." not in text and "<<" not in text and ">>" not in text):
        return text
    src = text + follow
    end = len(text)
    out: list[str] = []
    pos = 0
    while pos < end:
        m = _START.search(src, pos)
        if m is None or m.start() >= end:
            break
        out.append(src[pos:m.start()])
        pos = m.start()
        token = m.group(0)
        if token and token[-1] not in "\"'" and len(token) != 1:
            pos = _typo(token, out, pos)
            continue
        pos = _quote(src, pos, out)
    out.append(text[pos:end] if pos < end else "")
    return "".join(out)


def _typo(token: str, out: list[str], pos: int) -> int:
    """Emit one typographic symbol; return the position after it."""
    if token.startswith("<<") and len(token) == 3:
        out.append("\u00ab\u00a0")
    elif token.endswith(">>") and len(token) == 3 and token[0].isspace():
        out.append("\u00a0\u00bb")
    else:
        out.append(_TYPO[token])
    return pos + len(token)


def _quote(src: str, pos: int, out: list[str]) -> int:
    """Apply the first matching smart-quote rule at `pos`; return the new position."""
    for rule, substs in _RULES:
        m = rule.match(src, pos)
        if m is None:
            continue
        for sub in substs:
            if isinstance(sub, int):
                out.append(m.group(sub))
            else:
                name = str(sub)
                if name[-1].isdigit():
                    quote = m.group(int(name[-1]))
                    name = _KIND[(name[:-1], quote)]
                out.append(_CHARS[name])
        return m.end()
    out.append(src[pos])
    return pos + 1
