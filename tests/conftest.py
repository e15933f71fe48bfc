"""Test set-up shared by every test: headless Qt, isolated settings and folders, the corpus."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import hypothesis
import pytest

from editor.services import pyside_enums

# Before anything imports PySide6: no screen, and QtWebEngine's sandbox cannot run as root.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "getuid") and os.getuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox")

# PySide6's enums as the window gets them: by the standard library's fast path (dateline
# imports its window's modules so; editor.services.pyside_enums), for every test.
pyside_enums.install()

# Property tests: a loaded machine's slowness is not a failure (no per-example deadline, no
# "generation too slow" health check); what each test proves is unchanged.
hypothesis.settings.register_profile(
    "dateline", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("dateline")

REPO = Path(__file__).resolve().parent.parent
SAMPLE_POSTS = REPO / "sample_posts"


# Programs run by editor/ or tests/ → (Debian package, needed only by the tests).
SYSTEM_PROGRAMS: dict[str, tuple[str, bool]] = {
    "python3": ("python3", False),
    "git": ("git", False),  # the shared repository; the tests' smart-HTTP server (http-backend)
    "exiftool": ("libimage-exiftool-perl", True),
    "convert": ("imagemagick", True),
    "Xvfb": ("xvfb", True),
    "desktop-file-validate": ("desktop-file-utils", True),
    "appstreamcli": ("appstream", True),
}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name the system programs the tests need that this machine lacks, and the fix."""
    missing = [f"{name} ({package})" for name, (package, _) in SYSTEM_PROGRAMS.items()
               if shutil.which(name) is None]
    if missing:
        terminalreporter.write_sep("=", "missing system programs")
        terminalreporter.write_line("tests that need them fail or skip: " + ", ".join(missing)
                                    + "; install: sh packaging/linux/system-deps.sh --test")


def corpus_dir() -> Path:
    """The real-world corpus of posts (DATELINE_CORPUS, default ../shared/corpus/posts)."""
    return Path(os.environ.get("DATELINE_CORPUS", REPO.parent / "shared" / "corpus" / "posts"))


def corpus_files() -> list[Path]:
    """Every corpus post file, sorted; empty when the corpus is absent."""
    root = corpus_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def window_posts() -> list[Path]:
    """Posts the window tests open: the corpus, else ``sample_posts/`` (never a skip)."""
    files = corpus_files()
    if files:
        return files
    return sorted(p for d in ("_posts", "_drafts") for p in (SAMPLE_POSTS / d).glob("*.md"))


def corpus_params() -> list[object]:
    """Corpus files as pytest params with short ids (one skip when the corpus is absent)."""
    files = corpus_files()
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason="corpus not present"))]
    root = corpus_dir()
    return [pytest.param(p, id=str(p.relative_to(root))) for p in files]


@pytest.fixture(autouse=True)
def isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Each test gets its own settings, app-data (recovery journal) and cache folders."""
    home = tmp_path_factory.mktemp("dateline-home")
    for name, sub in (
        ("DATELINE_CONFIG_DIR", "config"),
        ("DATELINE_DATA_DIR", "data"),
        ("DATELINE_CACHE_DIR", "cache"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(name, str(home / sub))
    yield home


@pytest.fixture
def silent_server() -> Iterator[str]:
    """The address of a git server on 127.0.0.1 that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/shared.git"
    listener.close()
