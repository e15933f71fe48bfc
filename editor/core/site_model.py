"""The Jekyll site a post belongs to: its root folder and its ``_config.yml``, read once.

This is the one reader of ``_config.yml``: the form, the checks, the site index, the
renderer's ``site``/``page`` data, publish and export all take a :class:`Site`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CONFIG_NAME = "_config.yml"

#: Jekyll's built-in permalink styles.
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


@dataclass(frozen=True)
class Site:
    """Where a Jekyll site lives and what its ``_config.yml`` says.

    ``root`` is None for a post outside any site (``config`` is then empty); ``problem``
    is a sentence when the config exists but could not be read (``config`` is then empty).
    """

    root: Path | None = None
    config: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None

    # -- finding and reading -------------------------------------------------------------

    @staticmethod
    def is_site(folder: Path) -> bool:
        """Whether ``folder`` holds a ``_config.yml``."""
        return (Path(folder) / CONFIG_NAME).is_file()

    @classmethod
    def load(cls, root: Path | None) -> Site:
        """Read ``root/_config.yml`` safely; a broken config gives empty config and a problem."""
        if root is None:
            return cls()
        from editor.core.yamlsafe import load_file

        root = Path(root).resolve()
        if not (root / CONFIG_NAME).exists():
            return cls(root)
        data, problem = load_file(root / CONFIG_NAME)
        if problem is not None:
            return cls(root, {}, problem)
        return cls(root, data if isinstance(data, dict) else {})

    @classmethod
    def find(cls, path: Path) -> Site | None:
        """The site holding ``path`` (the nearest folder at or above it with a config)."""
        root = find_site_root(path)
        return cls.load(root) if root is not None else None

    # -- what the config says ------------------------------------------------------------

    @property
    def title(self) -> str:
        """The site's ``title`` ('' when unset)."""
        return _text(self.config.get("title"))

    @property
    def url(self) -> str:
        """The site's ``url`` ('' when unset)."""
        return _text(self.config.get("url"))

    @property
    def baseurl(self) -> str:
        """The site's ``baseurl`` without a trailing slash ('' when unset)."""
        return _text(self.config.get("baseurl")).rstrip("/")

    @property
    def timezone(self) -> dt.tzinfo | None:
        """The site's ``timezone`` (None when unset or unknown: Jekyll then uses the machine's)."""
        name = self.config.get("timezone")
        if not isinstance(name, str):
            return None
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return None

    @property
    def future(self) -> bool:
        """Whether future-dated posts are published (``future: true``)."""
        return self.config.get("future") is True

    @property
    def permalink_style(self) -> str:
        """The ``permalink`` setting as written (a style name or a template; 'date' if unset)."""
        return str(self.config.get("permalink") or "date")

    @property
    def permalink(self) -> str:
        """The site's permalink template (a style name expanded)."""
        style = self.permalink_style
        return PERMALINK_STYLES.get(style, style)

    @property
    def exclude(self) -> set[str]:
        """The ``exclude`` entries, without leading or trailing slashes."""
        value = self.config.get("exclude")
        return {str(e).strip("/") for e in value if e} if isinstance(value, list) else set()

    @property
    def defaults(self) -> list[dict[str, Any]]:
        """The ``defaults`` rules, as a list of {scope, values} mappings."""
        value = self.config.get("defaults")
        return [d for d in value if isinstance(d, dict)] if isinstance(value, list) else []

    def defaults_for(self, relpath: str, kind: str = "posts") -> dict[str, Any]:
        """Front-matter values ``defaults`` give a file at ``relpath`` (site-relative) of ``kind``.

        Later and more specific scopes win, as in Jekyll's FrontmatterDefaults.
        """
        relpath = relpath.replace("\\", "/").lstrip("/")
        matched: list[tuple[int, int, dict[str, Any]]] = []
        for index, rule in enumerate(self.defaults):
            scope = rule.get("scope") or {}
            values = rule.get("values")
            if not isinstance(scope, dict) or not isinstance(values, dict):
                continue
            path = str(scope.get("path") or "").strip("/")
            if path and not _path_matches(relpath, path):
                continue
            rule_type = scope.get("type")
            if rule_type and rule_type != kind and not (kind == "drafts" and rule_type == "posts"):
                continue
            specificity = len(path.split("/")) if path else 0
            matched.append((specificity + (1 if rule_type else 0), index, values))
        out: dict[str, Any] = {}
        for _, _, values in sorted(matched, key=lambda m: (m[0], m[1])):
            out.update(values)
        return out

    def config_authors(self) -> list[str]:
        """Author ids the config's ``authors:`` mapping defines."""
        value = self.config.get("authors")
        return [str(k) for k in value] if isinstance(value, dict) else []

    # -- folders ---------------------------------------------------------------------------

    def _folder(self, key: str, default: str) -> Path | None:
        if self.root is None:
            return None
        return self.root / str(self.config.get(key) or default)

    @property
    def posts_dir(self) -> Path | None:
        """The root ``_posts`` folder (None without a site)."""
        return self.root / "_posts" if self.root is not None else None

    @property
    def includes_dir(self) -> Path | None:
        """The folder ``{% include %}`` reads from (``includes_dir``), None without a site."""
        return self._folder("includes_dir", "_includes")

    @property
    def layouts_dir(self) -> Path | None:
        """The folder layouts live in (``layouts_dir``), None without a site."""
        return self._folder("layouts_dir", "_layouts")

    @property
    def data_dir(self) -> Path | None:
        """The folder of the site's data files (``data_dir``), None without a site."""
        return self._folder("data_dir", "_data")

    def layouts(self) -> list[str]:
        """The names of the layouts ``layouts_dir`` holds, sorted."""
        folder = self.layouts_dir
        if folder is None or not folder.is_dir():
            return []
        return sorted({p.stem for p in folder.iterdir() if p.is_file()})

    def relpath(self, path: Path) -> str | None:
        """``path`` relative to the root ('/' separated), None when outside the site."""
        if self.root is None:
            return None
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None


def find_site_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that holds a ``_config.yml``."""
    path = Path(path).resolve()
    for folder in [path, *path.parents] if path.is_dir() else list(path.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def _path_matches(relpath: str, scope_path: str) -> bool:
    if "*" in scope_path:
        return PurePosixPath(relpath).match(scope_path) or PurePosixPath(relpath).parent.match(
            scope_path
        )
    return relpath == scope_path or relpath.startswith(scope_path + "/")


def _text(value: object) -> str:
    """A config value as Jekyll prints it: None becomes ''."""
    return "" if value is None else str(value)
