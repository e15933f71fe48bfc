"""Builds newsrooms for the git tests: one bare shared repository and writers' clones."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

CONFIG = "title: Test Gazette\ntimezone: UTC\n"

POST = """\
---
layout: post
title: Harbour bridge to close
author: alice
tags: [transport]
---

The harbour bridge will close for repairs.

Ferries will run every twenty minutes.

The council meets on Tuesday.
"""

POST_NAME = "_posts/2025-03-04-harbour-bridge.md"


def isolate_git(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point git at a private global config (and no system one) for this test."""
    config = folder / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n[protocol \"file\"]\n\tallow = always\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    return config


def git(cwd: Path, *args: str) -> str:
    """Run git for the test's own set-up and checks (not through Dateline)."""
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@dataclass
class Newsroom:
    """A shared bare repository and two writers' clones, A and B."""

    bare: Path
    a: Path
    b: Path

    def clone(self, name: str, who: str) -> Path:
        """Another writer's clone."""
        path = self.bare.parent / name
        git(self.bare.parent, "clone", "-q", str(self.bare), name)
        git(path, "config", "user.name", who)
        git(path, "config", "user.email", f"{who.lower()}@example.org")
        return path


def make_newsroom(tmp: Path, posts: dict[str, str] | None = None) -> Newsroom:
    """A bare repository seeded with a small site, cloned by writers A and B."""
    bare = tmp / "shared.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = tmp / "seed"
    git(tmp, "clone", "-q", str(bare), "seed")
    git(seed, "config", "user.name", "Seed")
    git(seed, "config", "user.email", "seed@example.org")
    (seed / "_config.yml").write_text(CONFIG)
    for rel, text in (posts or {POST_NAME: POST}).items():
        (seed / rel).parent.mkdir(parents=True, exist_ok=True)
        (seed / rel).write_text(text)
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "Start the site")
    git(seed, "push", "-q", "origin", "main")
    room = Newsroom(bare, tmp / "a", tmp / "b")
    room.clone("a", "Alice")
    room.clone("b", "Bob")
    return room


def edit(path: Path, old: str, new: str) -> None:
    """Replace one piece of text in a file (it must be there)."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
