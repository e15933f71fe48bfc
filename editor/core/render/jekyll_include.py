"""Jekyll's `include` and `include_relative` tags, confined to the site as `--safe` does.

Jekyll resolves `includes_dir` inside the site source (`Site#in_source_dir`: `..` and
absolute paths are re-rooted at the source), refuses file names with `./` or `/.`
sequences, and in safe mode reads a file only when its real path (links followed)
still starts with the folder it was looked up in. `include_relative` looks in the
folder of the page being rendered. Every include is charged to the render's budget
(`liquid_budget.py`), so a self-including file stops quickly with a notice.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.core.render import liquid_budget

if TYPE_CHECKING:
    from liquid.context import RenderContext

    from editor.core.site_model import Site

_PARAM = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([\w.\[\]\"'-]+))")
_INVALID_NAME = re.compile(r"\./|/\.")


def in_source_dir(root: Path, questionable: str) -> Path:
    """Jekyll's `sanitized_path`: `questionable` re-rooted inside `root`.

    `../outside` gives `root/outside`, `/etc` gives `root/etc` (unless it already names
    a folder inside `root`), `~x` gives `root/~x`.
    """
    text = str(questionable or "").replace("\\", "/")
    if text.startswith("~"):
        text = "/" + text
    clean = posixpath.normpath(posixpath.join("/", text))
    clean = re.sub(r"/+", "/", clean)
    base = root.as_posix().rstrip("/")
    if clean == base or clean.startswith(base + "/"):
        return Path(clean)
    clean = re.sub(r"\A\w:/", "/", clean)
    return root / clean.lstrip("/")


def includes_dir(site: Site | None) -> Path | None:
    """The site's includes folder, resolved inside the site as Jekyll does."""
    if site is None or site.root is None:
        return None
    return in_source_dir(site.root, str(site.config.get("includes_dir") or "_includes"))


def locate(folder: Path | None, name: str) -> Path | None:
    """`folder/name` when it is a file whose real path stays inside `folder`."""
    if folder is None or not name:
        return None
    path = Path(posixpath.normpath((folder / name).as_posix()))
    try:
        if not path.is_file():
            return None
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return None
    prefix = folder.as_posix().rstrip("/") + "/"
    return path if real.startswith(prefix) else None


def lookup(context: RenderContext, path: str) -> Any:
    """Resolve a dotted variable path (`page.title`, `include.x`) in `context`."""
    parts = [p for p in re.split(r"\.|\[['\"]?|['\"]?\]", path) if p]
    if not parts:
        return None
    try:
        value: Any = context.resolve(parts[0])
    except Exception:  # noqa: BLE001 - an undefined name renders as nothing
        return None
    for part in parts[1:]:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.lstrip("-").isdigit():
            idx = int(part)
            value = value[idx] if -len(value) <= idx < len(value) else None
        else:
            return None
    return value


def _site(context: RenderContext) -> Site | None:
    """The Site the environment was built for."""
    return getattr(context.env, "dateline_site", None)


def include(context: RenderContext, args: str) -> str:
    """`{% include file.html key=value %}` from the site's includes folder."""
    return _render_include(context, args, includes_dir(_site(context)), "include")


def include_relative(context: RenderContext, args: str) -> str:
    """`{% include_relative file.md %}` from the folder of the page being rendered."""
    return _render_include(context, args, _page_dir(context), "include_relative")


def _page_dir(context: RenderContext) -> Path | None:
    """The folder of the page being rendered, inside the site (None without one)."""
    site = _site(context)
    if site is None or site.root is None:
        return None
    rel = lookup(context, "page.path")
    if not isinstance(rel, str) or not rel:
        return None
    return in_source_dir(site.root, posixpath.dirname(rel.replace("\\", "/")))


def _render_include(context: RenderContext, args: str, folder: Path | None, tag: str) -> str:
    """Find, budget and render one include; problems become a visible notice."""
    from liquid.exceptions import LiquidError, ResourceLimitError

    from editor.core.render.notices import notice

    m = re.match(r"(\{\{.*?\}\}|\S+)\s*(.*)\Z", args.strip(), re.S)
    if not m:
        return notice(f"{tag} tag without a file name")
    name = m.group(1)
    if name.startswith("{{"):
        name = str(lookup(context, name[2:-2].strip()) or "")
    if _INVALID_NAME.search(name) or name.startswith("/"):
        return notice(f"Invalid syntax for {tag} tag: '{name}' contains invalid characters "
                      "or sequences")
    target = locate(folder, name)
    if target is None:
        where = "_includes" if tag == "include" else "the post's folder"
        return notice(f"Could not locate the included file '{name}' in {where} (a link "
                      "must not point outside the site)")
    liquid_budget.charge_include()
    params = _params(context, m.group(2))
    try:
        template = _parsed(context.env, target)
        buf = context.get_buffer()
        with context.extend({"include": params}):
            template.render_with_context(context, buf)
        return buf.getvalue()
    except ResourceLimitError:
        raise
    except LiquidError as err:
        return notice(f"Liquid error in {tag} '{name}': {err}")


_PARSED: dict[tuple[int, str], tuple[tuple[float, int], Any, Any]] = {}


def _parsed(env: Any, target: Path) -> Any:
    """The parsed template of an include file, kept until the file changes (a site's
    layouts include the same head and footer on every preview)."""
    stat = target.stat()
    key = (id(env), str(target))
    version = (stat.st_mtime, stat.st_size)
    cached = _PARSED.get(key)
    if cached is not None and cached[0] == version and cached[1] is env:
        return cached[2]
    template = env.from_string(target.read_text(encoding="utf-8", errors="replace"))
    if len(_PARSED) > 256:
        _PARSED.clear()
    _PARSED[key] = (version, env, template)
    return template


def _params(context: RenderContext, text: str) -> dict[str, Any]:
    """The `key=value` parameters of an include tag."""
    params: dict[str, Any] = {}
    for pm in _PARAM.finditer(text):
        if pm.group(2) is not None or pm.group(3) is not None:
            params[pm.group(1)] = pm.group(2) if pm.group(2) is not None else pm.group(3)
        else:
            params[pm.group(1)] = lookup(context, pm.group(4))
    return params
