"""Publishing: new posts, publishing drafts, export into a site and bundles; never overwriting."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from editor.core import jekyll
from editor.core.post import load_post
from editor.core.publish import (
    PublishBlocked,
    PublishError,
    export_bundle,
    export_post,
    new_post,
    publish_draft,
    review_draft,
)
from editor.core.publish_cli import cli_export, cli_new, cli_publish
from editor.core.site_model import Site
from tests.core.site_helpers import image_name, make_site, post_text

NOW = dt.datetime(2024, 6, 1, 16, 30, 5, tzinfo=dt.UTC)  # 12:30:05 in New York


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    root = tmp_path / "desk"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Desk\ntimezone: America/New_York\n")
    return root


def test_new_post_in_posts_with_house_style_and_site_date(site: Path) -> None:
    path = new_post(site, "Fire at the mill: crews on scene", now=NOW)
    assert path == site / "_posts" / "2024-06-01-fire-at-the-mill-crews-on-scene.md"
    text = path.read_text()
    assert text.startswith('---\ntitle: "Fire at the mill: crews on scene"\n'
                           "date: 2024-06-01T12:30:05-04:00\n")
    assert "layout:" not in text  # `defaults` give posts their layout: not written
    post = load_post(path)
    assert list(post.front_matter) == ["title", "date"]  # no empty author, tags, excerpt
    when = jekyll.publish_datetime(post.get("date"), path.name, Site.load(site))
    assert when is not None and when.date() == dt.date(2024, 6, 1)


def test_new_draft_and_unique_names(site: Path) -> None:
    first = new_post(site, "Storm roundup", draft=True, now=NOW)
    assert first == site / "_drafts" / "storm-roundup-2.md"  # storm-roundup.md exists
    post = load_post(first)
    assert "date" not in post and post.get("layout") == "post"  # no defaults for drafts here
    with pytest.raises(PublishError):
        new_post(site, "   ")


def test_publish_draft_moves_it_and_sets_the_date(site: Path) -> None:
    draft = site / "_drafts" / "storm-roundup.md"
    before = draft.read_text()
    result = publish_draft(draft, now=NOW)
    assert result.path == site / "_posts" / "2024-06-01-storm-roundup.md"
    assert not draft.exists()
    assert [f.id for f in result.findings] == ["excerpt-missing"]
    after = result.path.read_text()
    assert after == before.replace('author: alice\n', 'author: alice\n', 1).replace(
        '---\ntitle: "Storm roundup"\n', '---\ntitle: "Storm roundup"\ndate: '
        '2024-06-01T12:30:05-04:00\n')


def test_publish_keeps_an_offsetless_date_shape(site: Path) -> None:
    draft = site / "_drafts" / "late.md"
    draft.write_text('---\ntitle: "Late"\ndate: 2020-01-01T00:00:00\n---\nBody\n')
    result = publish_draft(draft, now=NOW)
    # 12:30:05 in New York written as UTC without offset, as Jekyll reads it.
    assert "date: 2024-06-01T16:30:05\n" in result.path.read_text()


def test_publish_in_the_future_warns(site: Path) -> None:
    result = publish_draft(site / "_drafts" / "storm-roundup.md", now=NOW,
                           when=dt.datetime(2030, 1, 2, 9, 0, tzinfo=dt.UTC))
    assert result.path.name == "2030-01-02-storm-roundup.md"
    assert any("future" in w for w in result.warnings)


def test_publish_never_overwrites(site: Path) -> None:
    taken = site / "_posts" / "2024-06-01-storm-roundup.md"
    taken.write_text("someone else's post")
    draft = site / "_drafts" / "storm-roundup.md"
    with pytest.raises(PublishError, match="already exists"):
        publish_draft(draft, now=NOW, force=True)
    assert taken.read_text() == "someone else's post"
    assert draft.exists()


def test_export_names_the_file_and_copies_images(site: Path, desk: Path) -> None:
    src = site / "_posts" / "2024-05-01-harbour-reopens.md"
    body_image = image_name(site)
    result = export_post(src, desk, now=NOW)
    assert result.path == desk / "_posts" / "2024-05-01-harbour-reopens.md"
    assert result.path.read_bytes() == src.read_bytes()
    assert (desk / body_image).read_bytes() == (site / body_image).read_bytes()
    assert result.images == (desk / body_image,)
    again = export_post(src, desk, now=NOW)  # same bytes: nothing to do, nothing overwritten
    assert again.path == result.path


def test_export_of_a_loose_post_uses_publish_date_and_md5_images(tmp_path: Path,
                                                                 desk: Path) -> None:
    from tests.core.site_helpers import tiny_png

    loose = tmp_path / "mine"
    loose.mkdir()
    (loose / "pier.png").write_bytes(tiny_png(7))
    # 02:00 UTC on June 2 is June 1 in New York: the file is named for the site's day.
    src = loose / "pier-story.md"
    src.write_text(post_text("Pier story", "2024-06-02T02:00:00")
                   + "\n![The pier at night](pier.png)\n")
    result = export_post(src, desk, now=NOW)
    assert result.path.name == "2024-06-01-pier-story.md"
    text = result.path.read_text()
    assert "](/assets/images/" in text and "](pier.png)" not in text
    assert len(result.images) == 1 and result.images[0].suffix == ".png"


def test_export_refuses_posts_with_errors(site: Path, desk: Path) -> None:
    src = site / "_posts" / "2024-05-20-unfinished.md"
    src.write_text(post_text("Unfinished", "2024-05-20T12:00:00", body="Deaths: TK\n"))
    with pytest.raises(PublishError) as caught:
        export_post(src, desk, now=NOW)
    assert [f.id for f in caught.value.findings if f.severity == "error"] == ["tk-marker"]
    assert list((desk / "_posts").iterdir()) == []


def test_export_never_overwrites_another_post(site: Path, desk: Path) -> None:
    other = desk / "_posts" / "2024-05-01-harbour-reopens.md"
    other.write_text(post_text("Harbour reopens", body="A different story.\n"))
    with pytest.raises(PublishError):
        export_post(site / "_posts" / "2024-05-01-harbour-reopens.md", desk, now=NOW)
    assert "A different story." in other.read_text()


def test_export_refuses_a_slug_the_site_already_uses(site: Path, desk: Path) -> None:
    (desk / "_posts" / "2023-01-01-harbour-reopens.md").write_text(post_text(date="2023-01-01"))
    with pytest.raises(PublishError, match="slug"):
        export_post(site / "_posts" / "2024-05-01-harbour-reopens.md", desk, now=NOW)


def test_bundle_holds_the_post_and_its_images(site: Path, tmp_path: Path) -> None:
    src = site / "_posts" / "2024-05-01-harbour-reopens.md"
    out = tmp_path / "bundle.zip"
    export_bundle(src, out)
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == sorted([f"_posts/{src.name}", image_name(site)])
        assert zf.read(f"_posts/{src.name}") == src.read_bytes()
    with pytest.raises(PublishError, match="already exists"):
        export_bundle(src, out)


# -- command line -------------------------------------------------------------------------


def test_cli_new_publish_export(site: Path, desk: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_new(["Quay reopens", "--site", str(site), "--draft"]) == 0
    draft = Path(capsys.readouterr().out.strip())
    assert draft == site / "_drafts" / "quay-reopens.md" and draft.is_file()
    assert cli_publish([str(draft), "--date", "2024-05-30T12:00:00"]) == 0
    published = Path(capsys.readouterr().out.strip())
    assert published.name == "2024-05-30-quay-reopens.md"
    assert cli_export([str(site / "_posts" / "2024-05-01-harbour-reopens.md"),
                       "--to", str(desk)]) == 0
    assert Path(capsys.readouterr().out.strip()).is_file()


@pytest.mark.parametrize("argv", [
    ["new"], ["new", "Title", "--site", "/nonexistent"],
    ["publish", "/nonexistent.md"], ["publish", "DRAFT", "--date", "soon"],
    ["export", "FILE"], ["export", "/nonexistent.md", "--to", "SITE"],
])
def test_cli_bad_input_is_one_line_and_exit_2(site: Path, desk: Path, argv: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from editor.cli import main

    argv = [a.replace("DRAFT", str(site / "_drafts" / "storm-roundup.md"))
             .replace("FILE", str(site / "_posts" / "2024-05-01-harbour-reopens.md"))
             .replace("SITE", str(desk)) for a in argv]
    before = sorted(p for p in site.rglob("*"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("dateline: ") and err.count("\n") == 1
    assert sorted(p for p in site.rglob("*")) == before


def test_cli_export_with_errors_exits_1(site: Path, desk: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    src = site / "_posts" / "2024-05-20-unfinished.md"
    src.write_text(post_text("Unfinished", "2024-05-20T12:00:00", body="TK\n"))
    assert cli_export([str(src), "--to", str(desk)]) == 1
    assert "[tk-marker]" in capsys.readouterr().err


# -- the checks guard publishing ------------------------------------------------------------


def _tk_draft(site: Path) -> Path:
    draft = site / "_drafts" / "quay-fire.md"
    draft.write_text('---\ntitle: "Quay fire"\nauthor: alice\nexcerpt: "Fire."\n---\n\n'
                     "Crews arrived at TK.\n")
    return draft


def test_publishing_is_blocked_by_errors_with_the_drafts_line_numbers(site: Path) -> None:
    draft = _tk_draft(site)
    before = draft.read_bytes()
    with pytest.raises(PublishBlocked) as caught:
        publish_draft(draft, now=NOW)
    errors = [f for f in caught.value.findings if f.severity == "error"]
    assert [(f.id, f.line) for f in errors] == [("tk-marker", 7)]  # line 7 of the draft
    assert draft.read_bytes() == before and list((site / "_posts").glob("*quay*")) == []
    review = review_draft(draft, now=NOW)
    assert review.path == site / "_posts" / "2024-06-01-quay-fire.md"
    assert review.url == "/2024/06/01/quay-fire/"  # the site's permalink: /:year/.../:title/
    assert [f.id for f in review.findings] == ["tk-marker"]


def test_publish_anyway_with_force(site: Path) -> None:
    draft = _tk_draft(site)
    result = publish_draft(draft, now=NOW, force=True)
    assert result.path.read_text().count("TK") == 1 and not draft.exists()
    assert [f.id for f in result.findings] == ["tk-marker"]


def test_cli_publish_exits_1_on_errors_and_0_with_force(
        site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from editor.cli import main

    draft = _tk_draft(site)
    assert main(["publish", str(draft)]) == 1
    err = capsys.readouterr().err
    assert f"{draft}:7: error: a TK ('to come') marker" in err and "--force" in err
    assert draft.exists() and list((site / "_posts").glob("*quay-fire*")) == []
    assert main(["publish", str(draft), "--force"]) == 0
    out, err = capsys.readouterr()
    assert Path(out.strip()).name.endswith("-quay-fire.md") and Path(out.strip()).is_file()
    assert "published at /" in err and not draft.exists()


def test_export_to_a_plain_folder_puts_the_images_beside_the_post(site: Path,
                                                                  tmp_path: Path) -> None:
    src = site / "_posts" / "2024-05-01-harbour-reopens.md"
    out = tmp_path / "usb-stick"
    out.mkdir()
    result = export_post(src, out, now=NOW)
    assert result.path == out / "2024-05-01-harbour-reopens.md"
    assert result.path.read_bytes() == src.read_bytes()
    image = image_name(site)  # assets/images/<md5>.png, as the post names it
    assert (out / image).read_bytes() == (site / image).read_bytes()
    assert result.images == (out / image,)
    assert not (out / "_posts").exists()


def test_export_of_a_loose_post_to_a_plain_folder_keeps_its_relative_layout(
        tmp_path: Path) -> None:
    from tests.core.site_helpers import tiny_png

    loose = tmp_path / "mine"
    (loose / "pics").mkdir(parents=True)
    (loose / "pics" / "pier.png").write_bytes(tiny_png(7))
    src = loose / "pier-story.md"
    src.write_text(post_text("Pier story", "2024-06-02T02:00:00")
                   + "\n![The pier at night](pics/pier.png)\n")
    out = tmp_path / "out"
    out.mkdir()
    result = export_post(src, out, now=NOW)
    assert result.path == out / "2024-06-02-pier-story.md"  # no site: the writer's zone (UTC)
    assert result.path.read_bytes() == src.read_bytes()
    assert (out / "pics" / "pier.png").read_bytes() == tiny_png(7)


def test_export_with_errors_is_blocked_unless_forced(site: Path, tmp_path: Path) -> None:
    src = site / "_posts" / "2024-05-20-unfinished.md"
    src.write_text(post_text("Unfinished", "2024-05-20T12:00:00", body="Deaths: TK\n"))
    with pytest.raises(PublishBlocked):
        export_post(src, tmp_path, now=NOW)
    assert export_post(src, tmp_path, now=NOW, force=True).path.is_file()
