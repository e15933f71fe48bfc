"""Regular expressions of kramdown's block syntax (GFM input), shared by the parsers."""

from __future__ import annotations

import re

OPT_SPACE = r" {0,3}"

# Elements kramdown treats as span-level HTML: a line starting with one of
# these opens a paragraph, not an HTML block.
HTML_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark "
    "option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split()
)
HTML_ELEMENTS_WITHOUT_BODY = frozenset(
    "area base br col command embed hr img input keygen link meta param source track wbr".split()
)
_CONTENT_BLOCK = (
    "address applet article aside blockquote body colgroup dd details div dl fieldset figure "
    "figcaption footer form header hgroup iframe li main map menu nav noscript object ol "
    "section summary table tbody td tfoot th thead tr ul"
)
_CONTENT_SPAN = (
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label "
    "legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt"
)
HTML_CONTENT_MODEL: dict[str, str] = {t: "block" for t in _CONTENT_BLOCK.split()}
HTML_CONTENT_MODEL.update({t: "span" for t in _CONTENT_SPAN.split()})
for _raw in "script style math option textarea pre code kbd samp var".split():
    HTML_CONTENT_MODEL[_raw] = "raw"

_SPAN_ALT = "|".join(sorted(HTML_SPAN_ELEMENTS | {"script"}))
UNAME = r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?"
LAZY_END_HTML_START = rf"<(?!(?:{_SPAN_ALT})\b){UNAME}"
LAZY_END_HTML_STOP = rf"</(?!(?:{_SPAN_ALT})\b){UNAME}\s*>"

ALD_ANY_CHARS = r"(?:\\\}|[^}])"
ALD_ID_NAME = r"\w[\w-]*"
IAL_BLOCK = rf"\{{:(?!:|/)({ALD_ANY_CHARS}+)\}}[ \t]*\n"
IAL_BLOCK_START = rf"^{OPT_SPACE}{IAL_BLOCK}"
BLANK_LINE = r"(?:^[ \t]*\n)+"
EOB_MARKER = r"^\^[ \t]*\n"

LAZY_END = (
    rf"{BLANK_LINE}|{IAL_BLOCK_START}|{EOB_MARKER}|^{OPT_SPACE}{LAZY_END_HTML_STOP}"
    rf"|^{OPT_SPACE}{LAZY_END_HTML_START}|\Z"
)
LIST_START_UL = rf"^({OPT_SPACE}[+*-])([\t| ].*?\n)"
LIST_START_OL = rf"^({OPT_SPACE}\d+\.)([\t| ].*?\n)"
LIST_START = rf"{LIST_START_UL}|{LIST_START_OL}"
ATX_HEADER_START = r"^(#{1,6})[\t ]+(.*)\n"
DEFINITION_LIST_START = rf"^({OPT_SPACE}:)([\t| ].*?\n)"
BLOCKQUOTE_START = rf"^{OPT_SPACE}> ?"
FENCED_CODEBLOCK_START = r"^ {0,3}[~`]{3,}"

M = re.M
RE_BLANK = re.compile(BLANK_LINE, M)
RE_EOB = re.compile(EOB_MARKER, M)
RE_LAZY_END = re.compile(LAZY_END, M)
RE_PARAGRAPH_END = re.compile(
    rf"{LAZY_END}|{LIST_START}|{ATX_HEADER_START}|{DEFINITION_LIST_START}"
    rf"|{BLOCKQUOTE_START}|{FENCED_CODEBLOCK_START}",
    M,
)
RE_LINE = re.compile(r"^.*?\n", M)
RE_PARAGRAPH_START = re.compile(rf"^{OPT_SPACE}[^ \t].*?\n", M)
RE_INDENT = re.compile(r"^(?:\t| {4})", M)
RE_CODEBLOCK = re.compile(
    rf"(?:(?:{BLANK_LINE})?(?:(?:\t| {{4}})[ \t]*\S.*\n)+"
    rf"(?:(?!{IAL_BLOCK_START}|{EOB_MARKER}|^{OPT_SPACE}{LAZY_END_HTML_STOP}"
    rf"|^{OPT_SPACE}{LAZY_END_HTML_START})^[ \t]*\S.*\n)*)*",
    M,
)
RE_FENCE_START = re.compile(FENCED_CODEBLOCK_START, M)
RE_FENCE = re.compile(
    r"^ {0,3}(([~`]){3,})[ \t]*((\S+?)(?:\?\S*)?)?[ \t]*\n(.*?)^ {0,3}\1\2*[ \t]*\n", M | re.S
)
RE_BLOCKQUOTE = re.compile(BLOCKQUOTE_START, M)
RE_ATX = re.compile(ATX_HEADER_START, M)
RE_HR = re.compile(r"^ {0,3}([-*_])[ \t]*\1[ \t]*\1(?:\1|[ \t])*\n", M)
RE_UL = re.compile(LIST_START_UL, M)
RE_OL = re.compile(LIST_START_OL, M)
RE_LIST_START = re.compile(LIST_START, M)
RE_DL = re.compile(DEFINITION_LIST_START, M)
RE_SETEXT = re.compile(r"^ {0,3}([^ \t].*)\n([-=])[-=]*[ \t\r\f\v]*\n", M)
RE_HEADER_ID = re.compile(r"[\t ]\{#([A-Za-z][\w:-]*)\}\Z")
RE_TABLE_START = re.compile(rf"^{OPT_SPACE}(?=\S)(?:\||.*?[^\\\n]\|).*?\n", M)
RE_TABLE_LINE = re.compile(r"(?:\||.*?[^\\\n]\|).*?\n", M)
RE_TABLE_SEP = re.compile(r"^([+|: \t-]*?-[+|: \t-]*?)[ \t]*\n", M)
RE_TABLE_FSEP = re.compile(r"^[+|: \t=]*?=[+|: \t=]*?[ \t]*\n", M)
RE_TABLE_ROW = re.compile(r"^(.*?)[ \t]*\n", M)
RE_TABLE_ALIGN = re.compile(r"[ \t]?(:?)-+(:?)[ \t]?")
RE_TABLE_PIPE_CHECK = re.compile(r"(?:\||.*?[^\\\n]\|)")
RE_FOOTNOTE_DEF = re.compile(
    rf"^{OPT_SPACE}\[\^({ALD_ID_NAME})\]:[ \t]*((?:.*?\n)(?:{RE_CODEBLOCK.pattern}))", M
)
RE_LINK_DEF = re.compile(
    rf"^{OPT_SPACE}\[([^\n\]]+)\]:[ \t]*(?:<(.*?)>|([^\n]*?\S[^\n]*?))"
    r"(?:(?:[ \t]*?\n|[ \t]+?)[ \t]*?([\"'])(.+?)\4)?[ \t]*?\n",
    M,
)
RE_ABBREV_DEF = re.compile(rf"^{OPT_SPACE}\*\[([^\n]+?)\]:[ \t]*(.*?)\n", M)
RE_ALD = re.compile(rf"^{OPT_SPACE}\{{:({ALD_ID_NAME}):({ALD_ANY_CHARS}+)\}}[ \t]*\n", M)
RE_IAL_BLOCK = re.compile(IAL_BLOCK_START, M)
RE_EXT_BLOCK = re.compile(
    rf"^{OPT_SPACE}\{{::(\w+)(?:\s({ALD_ANY_CHARS}*?)|)(/)?\}}[ \t]*\n", M
)
RE_BLOCK_MATH = re.compile(rf"^{OPT_SPACE}(\\)?\$\$(.*?)\$\$([ \t]*\n)?", M | re.S)
RE_BLOCK_BOUNDARY = re.compile(rf"{BLANK_LINE}|{EOB_MARKER}|{IAL_BLOCK_START}|\Z", M)
RE_HTML_BLOCK_START = re.compile(rf"^{OPT_SPACE}<({UNAME}|!--|/)", M)
RE_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
RE_HTML_TAG = re.compile(
    rf"<({UNAME})\s*((?:\s+{UNAME}(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(/)?>",
    re.S,
)
RE_HTML_TAG_CLOSE = re.compile(rf"</({UNAME})\s*>", re.S)
RE_HTML_ATTR = re.compile(
    rf"\s*({UNAME})(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?", re.S
)
RE_HTML_RAW_START = re.compile(rf"<({UNAME}|/|!--|\?)")
RE_HTML_INSTRUCTION = re.compile(r"<\?(.*?)\?>", re.S)
RE_TRAILING_WS = re.compile(r"[ \t]*\n")
ALD_TYPE_ANY = re.compile(
    r"(?:\A|\s)(?:(\w[\w-]*)=(\"|')((?:\\\}|\\\2|[^}\2])*?)\2|(\w[\w-]*)"
    r"|((?:#[A-Za-z][\w:-]*|\.[^\s.#]+)+))(?=\s|\Z)"
)
ALD_ID_OR_CLASS = re.compile(r"#([A-Za-z][\w:-]*)|\.([^\s.#]+)")


def parse_attribute_list(text: str, into: dict[str, object]) -> None:
    """Add the attributes of an IAL/ALD body (`.cls #id key="v" ref`) to `into`.

    Classes accumulate under 'class'; ALD references collect under ':refs'.
    """
    if not text.strip() or text.strip() == ":":
        return
    for key, _sep, val, ref, id_or_class in ALD_TYPE_ANY.findall(text):
        if ref:
            refs = into.setdefault(":refs", [])
            assert isinstance(refs, list)
            refs.append(ref)
        elif id_or_class:
            for id_attr, class_attr in ALD_ID_OR_CLASS.findall(id_or_class):
                if class_attr:
                    into["class"] = (str(into.get("class", "")) + " " + class_attr).strip()
                else:
                    into["id"] = id_attr
        elif key:
            into[key] = re.sub(r"\\(\}|[\"'])", r"\1", val)


def parse_html_attributes(text: str) -> dict[str, str]:
    """The attributes of an HTML start tag's attribute text, in order."""
    attrs: dict[str, str] = {}
    for m in RE_HTML_ATTR.finditer(text):
        name = m.group(1)
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value is None:
            value = m.group(4) if m.group(4) is not None else ""
        attrs[name] = value
    return attrs
