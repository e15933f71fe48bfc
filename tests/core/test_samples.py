"""The sample site: shipped as package data, copied out without touching existing folders."""

from __future__ import annotations

import filecmp

import pytest

from editor.core import samples


def test_package_data_carries_a_sample_site() -> None:
    site = samples.packaged_sample_site()
    assert site is not None
    assert (site / "_config.yml").is_file()
    assert any((site / "_posts").glob("*.md"))


def test_create_sample_site_copies_every_file(tmp_path) -> None:
    target = samples.create_sample_site(tmp_path)
    assert target == tmp_path / samples.SAMPLE_FOLDER_NAME
    source = samples.packaged_sample_site()
    names = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    assert sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file()) == names
    for name in names:
        assert filecmp.cmp(source / name, target / name, shallow=False)


def test_create_sample_site_never_writes_into_an_existing_folder(tmp_path) -> None:
    taken = tmp_path / samples.SAMPLE_FOLDER_NAME
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    target = samples.create_sample_site(tmp_path)
    assert target == tmp_path / f"{samples.SAMPLE_FOLDER_NAME} 2"
    assert sorted(p.name for p in taken.iterdir()) == ["notes.txt"]


def test_create_sample_site_without_package_data_says_so(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(samples, "packaged_sample_site", lambda: None)
    monkeypatch.setattr(samples, "checkout_sample_site", lambda: None)
    with pytest.raises(FileNotFoundError):
        samples.create_sample_site(tmp_path)
    assert list(tmp_path.iterdir()) == []
