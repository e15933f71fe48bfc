"""Real git for every test here: a private global config, no system config."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.git.helpers import isolate_git


@pytest.fixture(autouse=True)
def private_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's git reads only its own global config (no author, no helpers)."""
    return isolate_git(tmp_path_factory.mktemp("gitconfig"), monkeypatch)
