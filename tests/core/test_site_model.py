"""The one Site model: what `_config.yml` says, read once, used by the index and the rest."""

from __future__ import annotations

from pathlib import Path

from editor.core.site import SiteIndex
from editor.core.site_model import Site, find_site_root


def write_site(root: Path, config: str) -> Path:
    root.mkdir(parents=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    return root


def test_the_config_read_once_answers_every_question(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", "title: Gazette\nbaseurl: /news/\nurl: https://x.org\n"
                      "timezone: Europe/Oslo\nfuture: true\npermalink: pretty\n"
                      "includes_dir: parts\nlayouts_dir: looks\nexclude: [/drafts-old/]\n"
                      "authors: {ann: {name: Ann}}\n")
    site = Site.load(root)
    assert site.problem is None and site.root == root.resolve()
    assert (site.title, site.baseurl, site.url) == ("Gazette", "/news", "https://x.org")
    assert str(site.timezone) == "Europe/Oslo" and site.future
    assert site.permalink_style == "pretty" and site.permalink.endswith(":title/")
    assert site.includes_dir == root.resolve() / "parts"
    assert site.layouts_dir == root.resolve() / "looks"
    assert site.posts_dir == root.resolve() / "_posts"
    assert site.exclude == {"drafts-old"} and site.config_authors() == ["ann"]
    post = root / "_posts" / "2024-01-01-a.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: a\n---\n")
    assert find_site_root(post) == root.resolve()
    assert Site.find(post) == site
    assert site.relpath(post) == "_posts/2024-01-01-a.md"


def test_a_broken_config_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", "title: [unclosed\n")
    site = Site.load(root)
    assert site.config == {} and site.problem is not None and "line" in site.problem
    assert Site.load(None) == Site() and Site().root is None and Site().baseurl == ""


def test_the_index_reads_the_folders_the_config_names(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", "layouts_dir: looks\nincludes_dir: parts\n")
    (root / "looks").mkdir()
    (root / "looks" / "story.html").write_text("{{ content }}")
    (root / "_layouts").mkdir()
    (root / "_layouts" / "ignored.html").write_text("{{ content }}")
    (root / "parts").mkdir()
    (root / "parts" / "note.html").write_text("<aside></aside>")
    index = SiteIndex.open(root, use_cache=False)
    assert index.site_layouts() == ["story"]
    assert index.includes() == ["note.html"]
    assert index.site == Site.load(root)


def config_uses(package: Path) -> list[str]:
    """Every call that is given a path built from the config's name, but for the existence
    and modification checks (``is_file``, ``exists``, stat keys, mtimes)."""
    import ast

    out = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = ast.unparse(node.func)
            args = [ast.unparse(a) for a in [*node.args, *(k.value for k in node.keywords)]
                    if not isinstance(a, ast.JoinedStr)]  # a message naming the file
            names_config = [a for a in args
                            if "CONFIG_NAME" in a or ("_config.yml" in a and "/" in a)]
            if names_config and not func.endswith(("is_file", "exists", "_stat_key", "_mtimes")):
                out.append(f"{path.relative_to(package).as_posix()}: {func}({names_config[0]})")
    return out


def test_only_the_site_model_reads_the_config() -> None:
    """One reader: only core/site_model.py passes the config's path to anything but an
    existence or modification check (a second reader of _config.yml fails here)."""
    package = Path(__file__).resolve().parents[2] / "editor"
    uses = config_uses(package)
    assert uses == ["core/site_model.py: load_file(root / CONFIG_NAME)"]


def test_the_one_reader_check_sees_a_second_reader(tmp_path: Path) -> None:
    (tmp_path / "reader.py").write_text(
        "import yaml\n\ndef load(root):\n"
        "    return yaml.safe_load((root / '_config.yml').read_text())\n"
        "def load_config(path): ...\n\ndef context(root):\n"
        "    return load_config(root / CONFIG_NAME)\n")
    assert len(config_uses(tmp_path)) == 2  # yaml.safe_load(...) and load_config(...)
    (tmp_path / "reader.py").write_text(
        "def f(root):\n    return open(root / '_config.yml').read()\n")
    assert config_uses(tmp_path) == ["reader.py: open(root / '_config.yml')"]
