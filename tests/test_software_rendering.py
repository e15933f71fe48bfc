"""The real start-up (``run_gui`` on an X server) loads no OpenGL driver: the preview is
composited in software, which keeps Mesa's llvmpipe (25-35 MB PSS) out of the process.

Runs ``dateline POST`` through ``editor.app.run_gui`` on its own Xvfb screen and, once the
preview shows the post's body, reads the process's own memory map.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="X11 and /proc/self/maps are Linux's")

PROBE = textwrap.dedent("""
    import sys
    from editor import app

    shown = app._Timing._on_body_updated

    def on_body_updated(self):
        maps = open("/proc/self/maps").read()
        drivers = sorted({line.rsplit("/", 1)[-1] for line in maps.splitlines()
                          if "libLLVM" in line or "_dri.so" in line})
        print("preview shown; drivers:", " ".join(drivers) or "none", flush=True)
        shown(self)

    app._Timing._on_body_updated = on_body_updated
    sys.exit(app.run_gui([sys.argv[1]]))
""")


def _free_display() -> str:
    return next(f":{n}" for n in range(400, 460) if not Path(f"/tmp/.X{n}-lock").exists())


def test_window_and_preview_load_no_opengl_driver(tmp_path: Path) -> None:
    post = tmp_path / "2025-08-30-budget.md"
    post.write_text('---\ntitle: "Budget"\n---\n\nThe council voted late on Tuesday.\n',
                    encoding="utf-8")
    display = _free_display()
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
            assert xvfb.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.05)
        env = {k: v for k, v in os.environ.items()
               if k not in ("QT_QPA_PLATFORM", "QT_QUICK_BACKEND", "QT_XCB_GL_INTEGRATION",
                            "DATELINE_PREVIEW_GPU")}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(REPO),
                   DATELINE_TIMING=str(time.time()), DATELINE_TIMING_QUIT="1",
                   DATELINE_CONFIG_DIR=str(tmp_path / "config"),
                   DATELINE_DATA_DIR=str(tmp_path / "data"),
                   DATELINE_CACHE_DIR=str(tmp_path / "cache"))
        if os.getuid() == 0:
            env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        result = subprocess.run([sys.executable, "-c", PROBE, str(post)], env=env,
                                capture_output=True, text=True, timeout=120, check=False)
    finally:
        xvfb.terminate()
        xvfb.wait()
    assert "preview shown; drivers: none" in result.stdout, result.stdout + result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-3000:]
