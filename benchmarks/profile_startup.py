"""Where Dateline's start-up goes: imports, widget construction, first paint, WebEngine, preview.

Run: python benchmarks/profile_startup.py [POST] [--runs 5]

Launches ``dateline POST`` (a generated 1,276-word post by default) on its own Xvfb screen,
with the package's bytecode compiled first (as installed), and prints:

- the start-up milestones the app reports (``DATELINE_TIMING``): mapped and preview, medians;
- ``-X importtime``: the imports that cost most before the window exists (cumulative, ms);
- a cProfile of one start, split at the milestones: the functions with the most cumulative
  time (our own code and Qt's calls into it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_window import make_post  # noqa: E402  (a sibling script)

PROFILED = r"""
import cProfile, os, pstats, sys
sys.argv = ["dateline", sys.argv[1]]
profile = cProfile.Profile()
profile.enable()
from editor.cli import main
try:
    main([sys.argv[1]])
finally:
    profile.disable()
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(r"editor|PySide6|shiboken|__init__|<module>", 45)
"""

#: What ``dateline`` imports before its window, in its order (editor.cli.main).
GUI_IMPORTS = "from editor.cli import _import_gui\n_import_gui()"


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="xcb",
               DATELINE_CONFIG_DIR=str(folder / "config"), DATELINE_DATA_DIR=str(folder / "data"),
               DATELINE_CACHE_DIR=str(folder / "cache"), PYTHONPYCACHEPREFIX=str(folder / "pyc"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    (folder / "config").mkdir(exist_ok=True)
    (folder / "config" / "dateline.ini").write_text("[state]\nwelcome_shown=1\n")
    if os.getuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    return env


def milestones(env: dict[str, str], post: Path, runs: int) -> None:
    """Median launch → mapped and launch → preview complete, as the app reports them."""
    got: dict[str, list[float]] = {}
    for _ in range(runs):
        now = time.time()
        proc = subprocess.run([sys.executable, "-m", "editor", str(post)], env=dict(
            env, DATELINE_TIMING=str(now), DATELINE_TIMING_QUIT="1"),
            capture_output=True, text=True, timeout=120)
        for line in proc.stderr.splitlines():
            if line.startswith("dateline-timing "):
                _, key, value = line.split()
                got.setdefault(key, []).append(float(value))
    for key, values in got.items():
        print(f"launch → {key}: median {statistics.median(values):.3f} s "
              f"({', '.join(f'{v:.3f}' for v in values)})")


def imports(env: dict[str, str]) -> None:
    """The costliest imports of ``editor.app`` (cumulative, microseconds → ms), imported as
    ``dateline`` does: after PySide6 and its per-import source scan skipped."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", GUI_IMPORTS],
                          env=env, capture_output=True, text=True, timeout=120)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|", 2)
        try:
            rows.append((int(cumulative), name.strip()))
        except ValueError:
            continue
    rows.sort(reverse=True)
    print("\nimport editor.app (as dateline does), top cumulative costs:")
    for cumulative, name in rows[:25]:
        print(f"  {cumulative / 1000:8.1f} ms  {name}")


def main() -> int:
    """Profile the start-up on an Xvfb screen of its own and print where the time goes."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("post", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    display = next(f":{n}" for n in range(260, 320) if not Path(f"/tmp/.X{n}-lock").exists())
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            env = dict(_env(folder), DISPLAY=display)
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "editor")],
                           env=env, check=True, stdout=subprocess.DEVNULL)
            post = args.post or make_post(folder, 1276, "2025-08-30-budget.md")
            print(f"load {Path('/proc/loadavg').read_text().split()[0]}, post {post}")
            milestones(env, post, args.runs)
            imports(env)
            print("\ncProfile of one start (launch → preview complete):")
            proc = subprocess.run([sys.executable, "-c", PROFILED, str(post)], env=dict(
                env, DATELINE_TIMING=str(time.time()), DATELINE_TIMING_QUIT="1"),
                capture_output=True, text=True, timeout=120)
            print(proc.stdout[-12000:])
    finally:
        xvfb.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
