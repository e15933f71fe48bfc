"""The real start-up (``dateline POST`` through ``editor.app.run_gui`` on an X server).

- Before the first frame only what that frame shows is loaded: the site desk's code (checks,
  the shared repository) and the recovery journal come after it, while QtWebEngine's helper
  starts.
- Once the preview shows the post the desk and the journal are there.
- The post's first render waits for the first frame (the worker thread's Python would take
  the GIL from the window being built and shown).
- A heap trimmer follows the preview (editor.services.memory gives freed heap back).
- glibc's malloc makes no more arenas once the window is up (two in QtWebEngine's processes).
- OpenSSL's libcrypto is not loaded (3.3 MB of PSS; digests come from editor.core.digests).
- No OpenGL driver is loaded: the preview is composited in software, which keeps Mesa's
  llvmpipe (25-35 MB PSS) out of the process; and what QtWebEngine's GPU probe prints about
  that (it fails by design) is not on stderr.

One probe process runs on its own Xvfb screen and reports at the first paint and at the
preview's first body.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="X11 and /proc/self/maps are Linux's")

PROBE = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QWidget
    from editor import app
    from editor.ui.main_window import MainWindow

    # Needed only after the first frame: the heap trimmer's ctypes, the renderer's module.
    LATER = ("ctypes", "editor.services.preview_render")

    def report(moment, **facts):
        print(json.dumps(dict(facts, moment=moment)), flush=True)

    def loaded():
        return sorted(name for name in sys.modules if name.startswith("editor."))

    def malloc_arenas():
        import ctypes, tempfile
        libc = ctypes.CDLL(None)
        libc.fopen.restype = ctypes.c_void_p
        libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
        libc.fclose.argtypes = [ctypes.c_void_p]
        with tempfile.NamedTemporaryFile() as out:
            stream = libc.fopen(out.name.encode(), b"w")
            libc.malloc_info(0, stream)
            libc.fclose(stream)
            return open(out.name).read().count("<heap nr=")

    filtered = app._Timing.eventFilter

    def event_filter(self, watched, event):
        if not self._mapped and event.type() in (QEvent.Type.Expose, QEvent.Type.Paint):
            maps = open("/proc/self/maps").read()
            report("first paint", modules=loaded(), desk=watched.desk is not None,
                   svg="libQt6Svg" in maps, render_thread=watched.scheduler._thread is not None,
                   later=sorted(set(LATER) & set(sys.modules)),
                   icon=sorted(s.width() for s in watched.windowIcon().availableSizes()))
        return filtered(self, watched, event)

    shown = app._Timing._on_body_updated

    def on_body_updated(self):
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        maps = open("/proc/self/maps").read()
        checklist = window.findChild(QWidget, "checklist_panel")
        from editor.services.recovery import JournalService

        journal = window.findChild(JournalService)
        from editor.services.memory import HeapTrimmer

        report("preview", modules=loaded(), desk=window.desk is not None,
               trimmer=window.findChild(HeapTrimmer) is not None,
               journal=journal is not None and bool(journal._tracked),
               checklist=checklist is not None and bool(checklist.isVisibleTo(window)),
               drivers=sorted({line.rsplit("/", 1)[-1] for line in maps.splitlines()
                               if "libLLVM" in line or "_dri.so" in line}),
               openssl="libcrypto" in maps or "_hashlib" in sys.modules,
               arenas=malloc_arenas(), helper_arenas=os.environ.get("MALLOC_ARENA_MAX"))
        shown(self)

    app._Timing.eventFilter = event_filter
    app._Timing._on_body_updated = on_body_updated
    sys.exit(app.run_gui([sys.argv[1]]))
""")


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb server on a display number it picks itself (no race with other runs)."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(write_end,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        number = pipe.readline().strip().decode()
    assert number.isdigit(), "Xvfb did not start"
    return xvfb, f":{number}"


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """The probe's run: its reports on stdout, the app's stderr."""
    tmp = tmp_path_factory.mktemp("start")
    post = tmp / "2025-08-30-budget.md"
    post.write_text('---\ntitle: "Budget"\n---\n\nThe council voted late on Tuesday.\n',
                    encoding="utf-8")
    xvfb, display = _start_xvfb()
    try:
        env = {k: v for k, v in os.environ.items()
               if k not in ("QT_QPA_PLATFORM", "QT_QUICK_BACKEND", "QT_XCB_GL_INTEGRATION",
                            "DATELINE_PREVIEW_GPU", "QTWEBENGINE_CHROMIUM_FLAGS",
                            "QT_MESSAGE_PATTERN")}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(REPO),
                   DATELINE_TIMING=str(time.time()), DATELINE_TIMING_QUIT="1",
                   DATELINE_CONFIG_DIR=str(tmp / "config"), DATELINE_DATA_DIR=str(tmp / "data"),
                   DATELINE_CACHE_DIR=str(tmp / "cache"))
        if os.getuid() == 0:
            env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        result = subprocess.run([sys.executable, "-c", PROBE, str(post)], env=env,
                                capture_output=True, text=True, timeout=120, check=False)
    finally:
        xvfb.terminate()
        xvfb.wait()
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def start_up(started: subprocess.CompletedProcess[str]) -> dict[str, dict[str, Any]]:
    """What the probe saw at the first paint and at the preview, by moment."""
    seen = [json.loads(line) for line in started.stdout.splitlines() if line.startswith("{")]
    return {facts["moment"]: facts for facts in seen}


def test_first_frame_is_drawn_before_the_site_desk_is_loaded(
        start_up: dict[str, dict[str, Any]]) -> None:
    first = start_up["first paint"]
    assert not first["desk"]
    desk_code = {"editor.core.checks", "editor.services.site_desk", "editor.ui.site_desk",
                 "editor.ui.checklist", "editor.ui.site_panel", "editor.core.git",
                 "editor.services.recovery", "editor.core.journal"}
    assert desk_code.isdisjoint(first["modules"]), desk_code & set(first["modules"])


def test_desk_checklist_and_journal_are_there_when_the_preview_shows(
        start_up: dict[str, dict[str, Any]]) -> None:
    shown = start_up["preview"]
    assert shown["desk"] and shown["checklist"] and shown["journal"]
    assert "editor.services.site_desk" in shown["modules"]


def test_what_only_later_work_needs_is_not_loaded_before_the_first_frame(
        start_up: dict[str, dict[str, Any]]) -> None:
    assert start_up["first paint"]["later"] == []


def test_the_first_render_starts_after_the_first_frame(
        start_up: dict[str, dict[str, Any]]) -> None:
    assert not start_up["first paint"]["render_thread"]
    assert "preview" in start_up  # and the post is rendered into the preview after it


def test_window_and_preview_load_no_opengl_driver(start_up: dict[str, dict[str, Any]]) -> None:
    assert start_up["preview"]["drivers"] == []


def test_openssl_is_not_loaded(start_up: dict[str, dict[str, Any]]) -> None:
    """Digests come from CPython's own modules (editor.core.digests): libcrypto was 3.3 MB."""
    assert not start_up["preview"]["openssl"]


def test_malloc_keeps_two_arenas_here_and_in_the_engines_processes(
        start_up: dict[str, dict[str, Any]]) -> None:
    """Chromium's threads each left a partly used glibc arena behind (~1.5 MB of PSS here,
    ~0.8 MB in its helpers; editor.services.memory.limit_malloc_arenas): glibc's most, 16 on
    a 2-core machine. The limit is set after the first frame (ctypes is not loaded before
    it), when the main arena and one or two of Qt's threads' are there."""
    assert start_up["preview"]["arenas"] <= 4
    assert start_up["preview"]["helper_arenas"] == "2"


def test_no_opengl_notices_on_stderr(started: subprocess.CompletedProcess[str]) -> None:
    from editor.services.qt_messages import NO_OPENGL_NOTICES

    lines = started.stderr.splitlines()
    assert not [line for line in lines if line.strip() in NO_OPENGL_NOTICES], started.stderr
    # the known lines in any wording Qt may give them
    assert not [line for line in lines if "GLX nor EGL" in line or "QRhiGles2" in line
                or "Failed to create RHI" in line or "GPUInfo" in line], started.stderr


def test_the_heap_is_trimmed_once_the_preview_settles(start_up: dict[str, dict[str, Any]]) -> None:
    assert start_up["preview"]["trimmer"]


def test_the_window_icon_is_set_without_loading_qt_svg_before_the_first_frame(
        start_up: dict[str, dict[str, Any]]) -> None:
    """X11 takes the window icon as pixels: the packaged PNGs give them all, where adding
    the SVG made Qt load its SVG module and render it at start (~6 ms before the window)."""
    first = start_up["first paint"]
    assert first["icon"] == [16, 24, 32, 48, 64, 128, 256]
    assert not first["svg"]

