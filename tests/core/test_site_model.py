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
