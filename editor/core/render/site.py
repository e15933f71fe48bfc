"""The Jekyll site a post belongs to: its root folder and parsed `_config.yml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAME = "_config.yml"


@dataclass
class SiteContext:
    """Where a site lives and what its `_config.yml` says.

    `root` is None for a post rendered outside any site; `config` is then empty.
    """

    root: Path | None = None
    config: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def find(cls, post_path: Path) -> SiteContext | None:
        """Walk up from `post_path` to the first folder holding `_config.yml`."""
        start = Path(post_path).resolve()
        for folder in [start, *start.parents]:
            if (folder / CONFIG_NAME).is_file():
                return cls.from_dir(folder)
        return None

    @classmethod
    def from_dir(cls, path: Path) -> SiteContext:
        """Build the context of the site rooted at `path` (config errors give `{}`)."""
        root = Path(path).resolve()
        return cls(root=root, config=load_config(root / CONFIG_NAME))

    @property
    def includes_dir(self) -> Path | None:
        """The folder `{% include %}` reads from, or None without a site."""
        if self.root is None:
            return None
        return self.root / str(self.config.get("includes_dir") or "_includes")

    @property
    def baseurl(self) -> str:
        """The site's `baseurl`, '' when unset."""
        return _text(self.config.get("baseurl"))

    @property
    def url(self) -> str:
        """The site's `url`, '' when unset."""
        return _text(self.config.get("url"))


def load_config(path: Path) -> dict[str, Any]:
    """Read a `_config.yml` safely; a missing, unreadable or invalid file gives `{}`."""
    from editor.core.yamlsafe import load_file

    data, _problem = load_file(path)
    return data if isinstance(data, dict) else {}


def _text(value: object) -> str:
    """A config value as Jekyll prints it: None becomes ''."""
    return "" if value is None else str(value)
