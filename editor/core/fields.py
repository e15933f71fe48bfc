"""The front-matter field schema: every field the form edits, declared once.

The form's rows, the "Other fields" list (every key not declared here), the house order
new keys are written in, the keys written double-quoted, the preview header and the
cheat sheet are all generated from :data:`BUILT_IN` plus the fields a site declares in
the ``dateline:`` section of its ``_config.yml``. Adding a built-in field is one entry
here (plus a special widget in ``editor/ui/form_rows.py`` if no kind fits).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

__all__ = ["BUILT_IN", "GROUPS", "KINDS", "OTHERS_GROUP", "SITE_KINDS", "Field", "Schema",
           "built_in", "declared_fields", "house_order", "house_quoted", "schema_for_site"]

#: What a field holds, which picks its widget in the form.
Kind = Literal["text", "multiline", "date", "person", "list", "choice", "bool", "path",
               "image", "number"]
KINDS: tuple[str, ...] = ("text", "multiline", "date", "person", "list", "choice", "bool",
                          "path", "image", "number")
#: Kinds a site may declare (every kind; "date" keeps the built-in publish line to ``date``).
SITE_KINDS = KINDS

#: The form's sections, in order, with their titles; "Other fields" closes OTHERS_GROUP.
GROUPS: tuple[tuple[str, str], ...] = (("story", "Story"), ("publishing", "Publishing"),
                                       ("advanced", "Advanced"))
OTHERS_GROUP = "advanced"

#: How the preview header shows a field: a heading, a picture, a summary or a line.
Header = Literal["", "heading", "image", "summary", "line"]


@dataclass(frozen=True)
class Field:
    """One front-matter field.

    ``label`` may carry a ``&`` mnemonic; ``house`` is the field's rank in the order new
    keys are written (None: after the ranked ones); ``example`` is its YAML value in the
    cheat sheet's example post (None: left out); ``header`` says how the preview header
    shows it; ``suggest`` names the site index's suggestions it completes from
    (``authors``, ``categories``, ``tags``, ``layouts``); ``default`` is a ``bool``
    field's value when the key is absent; ``counter`` shows a length counter.
    """

    key: str
    label: str
    kind: Kind = "text"
    group: str = "advanced"
    help: str = ""
    placeholder: str = ""
    accessible: str = ""
    house: float | None = None
    quoted: bool = False
    header: Header = ""
    example: str | None = None
    choices: tuple[str, ...] = ()
    editable: bool = False
    suggest: str = ""
    default: Any = None
    counter: bool = False
    site: bool = False

    @property
    def name(self) -> str:
        """The label without its mnemonic ("&Date" -> "Date")."""
        return self.label.replace("&&", "\0").replace("&", "").replace("\0", "&")

    @property
    def accessible_name(self) -> str:
        """What a screen reader calls the field's editor."""
        return self.accessible or self.name


#: The built-in fields, in the form's order (within each group).
BUILT_IN: tuple[Field, ...] = (
    Field("title", "Title", "text", "story", placeholder="Headline", house=1, quoted=True,
          header="heading", example='"Bridge to close: what drivers need to know"',
          help="The headline. Put it in double quotes when it contains a colon and a space."),
    Field("excerpt", "&Excerpt", "multiline", "story", house=6, quoted=True,
          placeholder="One or two sentences for listings and social cards", counter=True,
          header="summary", example='"One or two sentences for listings and social cards."',
          help="One or two sentences for listings and social cards."),
    Field("image", "&Image", "image", "story", placeholder="assets/images/…",
          accessible="Image path", house=7, header="image",
          example="assets/images/4f1c0e9b2a.jpg",
          help="The picture for listings and social cards, inside the site."),
    Field("date", "&Date", "date", "publishing", accessible="Date and time", house=2,
          example="2025-03-04T09:30:00-06:00",
          help="When the post is published. The form shows and takes it in the site's "
               "timezone (yours outside a site) and writes it so Jekyll reads that very time: "
               "with its offset (-06:00), or in the post's own style. Jekyll reads a date "
               "without an offset as UTC, and a quoted date or a date alone in the site's "
               "timezone. It wins over the date in the file name."),
    Field("author", "&Author", "person", "publishing", placeholder="Byline", house=3,
          quoted=True, suggest="authors", example='"jdoe"',
          help="The byline: a name or the key of an author the site knows."),
    Field("categories", "&Categories", "list", "publishing", placeholder="news, politics",
          house=4, suggest="categories", example="[News]",
          help="A list [a, b] or words separated by spaces; they are part of the address."),
    Field("tags", "&Tags", "list", "publishing", placeholder="comma, separated", house=5,
          suggest="tags", example="[transport, harbour]",
          help="A list [a, b] or words separated by spaces."),
    Field("layout", "&Layout", "choice", "advanced", house=0, editable=True,
          suggest="layouts", example="post",
          help="The site template that frames the post (from _layouts/)."),
    Field("permalink", "&Permalink", "path", "advanced",
          help="Gives this post its own URL, e.g. /2025/bridge/."),
    Field("published", "Published", "bool", "advanced", default=True,
          help="false keeps the post off the site."),
)


def built_in() -> tuple[Field, ...]:
    """The built-in fields (read at call time, so a test may extend :data:`BUILT_IN`)."""
    return BUILT_IN


def house_order(fields: Iterable[Field] | None = None) -> tuple[str, ...]:
    """The conventional order of the well-known keys (PRODUCT.md G3); others follow."""
    ranked = [f for f in (built_in() if fields is None else fields) if f.house is not None]
    return tuple(f.key for f in sorted(ranked, key=lambda f: f.house or 0))


def house_quoted(fields: Iterable[Field] | None = None) -> frozenset[str]:
    """Keys written double-quoted when a post adds them (the example post's style)."""
    return frozenset(f.key for f in (built_in() if fields is None else fields) if f.quoted)


@dataclass(frozen=True)
class Schema:
    """The fields the form shows for one site: the built-ins, then the site's own, and
    the notices about declarations that could not be used."""

    fields: tuple[Field, ...] = field(default_factory=built_in)
    notices: tuple[str, ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        """Keys with their own row (everything else is in "Other fields")."""
        return frozenset(f.key for f in self.fields)

    def get(self, key: str) -> Field | None:
        """The field declared for ``key``."""
        return next((f for f in self.fields if f.key == key), None)

    def in_group(self, group: str) -> tuple[Field, ...]:
        """The fields of one form section, in order (a field of no known group is in
        the section that holds "Other fields")."""
        known = {g for g, _ in GROUPS}
        return tuple(f for f in self.fields
                     if f.group == group or (group == OTHERS_GROUP and f.group not in known))

    def header_fields(self) -> tuple[Field, ...]:
        """The fields the preview header shows, in order."""
        return tuple(f for f in self.fields if f.header)


# -- fields a site declares ----------------------------------------------------------

_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_SETTINGS = frozenset({"key", "label", "kind", "choices", "help", "placeholder", "group",
                       "header", "after", "default"})


def _label_for(key: str) -> str:
    text = key.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def _declared(item: Any, index: int, taken: set[str]) -> tuple[Field | None, str | None,
                                                               list[str]]:
    """One declaration: the field (None when unusable), the key it goes after, notices."""
    where = f"_config.yml dateline.fields item {index + 1}"
    if not isinstance(item, Mapping):
        return None, None, [f"{where} is not a mapping (key: …, kind: …); ignored."]
    key = item.get("key")
    if not isinstance(key, str) or not _KEY_RE.match(key):
        return None, None, [f"{where} needs a key made of letters, digits, _ or -; ignored."]
    where = f"_config.yml field “{key}”"
    if key in taken:
        known = "a built-in field" if any(f.key == key for f in built_in()) else "declared twice"
        return None, None, [f"{where} is {known}; the site's declaration is ignored."]
    notices = [f"{where}: unknown setting “{name}” ignored."
               for name in item if name not in _SETTINGS]
    kind = item.get("kind", "text")
    if kind not in SITE_KINDS:
        return None, None, [f"{where} has kind “{kind}”; use one of {', '.join(SITE_KINDS)}."
                            " It stays in Other fields."]
    choices: tuple[str, ...] = ()
    if kind == "choice":
        raw = item.get("choices")
        if not isinstance(raw, list) or not raw or any(
                isinstance(c, (dict, list)) or c is None for c in raw):
            return None, None, [f"{where} is a choice without a list of choices "
                                "(choices: [A, B]); it stays in Other fields."]
        choices = tuple(str(c) for c in raw)
    label = item.get("label", _label_for(key))
    group = item.get("group", "story")
    if not isinstance(group, str) or group not in [g for g, _ in GROUPS]:
        notices.append(f"{where}: group “{group}” is not story, publishing or advanced; "
                       "shown under Story.")
        group = "story"
    default = item.get("default")
    if kind != "bool" and default is not None:
        notices.append(f"{where}: default is for bool fields (the site's defaults: section "
                       "gives other fields theirs); ignored.")
    default = default if kind == "bool" and isinstance(default, bool) else (
        False if kind == "bool" else None)
    after = item.get("after")
    declared = Field(
        key=key, label=str(label).replace("&", "&&"), kind=kind, group=group,
        help=str(item.get("help") or ""), placeholder=str(item.get("placeholder") or ""),
        header="line" if item.get("header") is True else "", choices=choices,
        suggest="authors" if kind == "person" else "",
        default=default, site=True)
    return declared, str(after) if after is not None else None, notices


def declared_fields(config: Mapping[str, Any]) -> Schema:
    """The schema for a site whose ``_config.yml`` data is ``config``: the built-in fields
    plus those its ``dateline: {fields: [...]}`` declares. A declaration that cannot be
    used is left out with a notice (its key then stays in "Other fields")."""
    fields = list(built_in())
    section = config.get("dateline") if isinstance(config, Mapping) else None
    if section is None:
        return Schema(tuple(fields))
    if not isinstance(section, Mapping):
        return Schema(tuple(fields), ("_config.yml: dateline should be a mapping with "
                                      "fields: [...]; ignored.",))
    items = section.get("fields", [])
    if not isinstance(items, list):
        return Schema(tuple(fields), ("_config.yml: dateline.fields should be a list of "
                                      "fields (- key: …); ignored.",))
    notices: list[str] = []
    taken = {f.key for f in fields}
    for index, item in enumerate(items):
        declared, after, more = _declared(item, index, taken)
        notices.extend(more)
        if declared is None:
            continue
        taken.add(declared.key)
        anchor = next((i for i, f in enumerate(fields) if f.key == after), None)
        if after is not None and anchor is None:
            notices.append(f"_config.yml field “{declared.key}”: after “{after}” names no "
                           "field; shown at the end of its group.")
        if anchor is not None:
            declared = replace(declared, group=fields[anchor].group)
            fields.insert(anchor + 1, declared)
        else:
            fields.append(declared)
    return Schema(tuple(fields), tuple(notices))


def schema_for_site(site: Any) -> Schema:
    """The schema for ``site`` (a ``site_model.Site``, or anything with a ``config``
    mapping of the ``_config.yml``). The one place that reads the site's declarations."""
    data = getattr(site, "config", None)
    return declared_fields(data if isinstance(data, Mapping) else {})
