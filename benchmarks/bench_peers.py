"""Dateline side by side with its peers: window mapped, preview final and memory.

Run: python benchmarks/bench_peers.py [--runs 7] [--big] [--no-bytecode] [--baseline DIR] [--changes]

Launches Dateline, ghostwriter (``apt-get install ghostwriter``), ReText (``apt-get install
retext``) and a bare PySide6 window with a QWebEngineView, round-robin on one Xvfb screen, each
on the same post, and measures every one the same way from outside the process:

- window mapped: launch → the app's top-level window is viewable (X11 map state, polled);
- preview final: launch → the last change of the window's pixels bigger than a blinking caret,
  followed by ``--quiet`` seconds without one (the preview has stopped changing);
- PSS: the proportional set size of the app's whole process tree once the preview is final.

Dateline runs as a writer's install does: each source tree is first installed with ``pip
install .`` into a virtual environment of its own, and started by its ``dateline`` command
(``--no-bytecode`` runs the checkout instead, from source, without compiled bytecode).

Each launch gets a fresh home (settings, data) but keeps the program's cache folder
(XDG_CACHE_HOME) from round to round, as a writer's machine does; round 0 fills it.

Prints the medians, then the paired ratios Dateline / peer (the median of the per-round
ratios, which survives a shared, noisy machine better than a ratio of medians). Peers that
are not installed are left out. ``--baseline DIR`` adds Dateline from another source tree
(e.g. ``git worktree add /tmp/base main``) to the rounds: a before/after in the same minutes. Needs ``python-xlib`` and ``numpy`` (``pip install
'.[bench]'``) and ``Xvfb``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_window import BARE, install_trees, make_post, start_screen, tree  # noqa: E402

CARET_PIXELS = 400  # a change smaller than this is a caret blink, not the preview
# The bare window of bench_window.py, left open (measured from outside like the others).
BARE_OPEN = BARE.replace("QTimer.singleShot(0, app.quit)", "pass").replace(
    "<p>hello</p>", "<h1>Hello</h1>" + "<p>" + "The council voted late on Tuesday. " * 200 + "</p>")


@dataclass
class Peer:
    """One program to launch: its command for a post and how to give it a fresh profile."""

    name: str
    command: Callable[[Path], list[str]]
    prepare: Callable[[Path], None] = lambda home: None
    results: dict[str, list[float]] = field(default_factory=dict)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _ghostwriter_profile(home: Path) -> None:
    # The HTML preview open (ghostwriter starts with it closed), no session to restore.
    _write(home / ".config" / "kde.org" / "ghostwriter.conf",
           "[Preview]\nhtmlPreviewOpen=true\n[Session]\nrestoreSession=false\n")


def _retext_profile(home: Path) -> None:
    _write(home / ".config" / "ReText project" / "ReText.conf",
           "[General]\ndefaultPreviewState=live-preview\n")


def _dateline_profile(home: Path) -> None:
    # A writer past the first-run welcome, as in daily use.
    _write(home / "dateline" / "dateline.ini", "[state]\nwelcome_shown=1\n")


def peers(python: str, dateline: list[str], baseline: list[str] | None = None) -> list[Peer]:
    """The programs measured: Dateline (``dateline`` + the post is its command line), the
    bare window, and the peers that are installed."""
    out = [
        Peer("Dateline", lambda post: [*dateline, str(post)], _dateline_profile),
        Peer("bare PySide6 + QWebEngineView", lambda post: [python, "-c", BARE_OPEN]),
    ]
    if baseline is not None:
        out.insert(1, Peer("Dateline (baseline)", lambda post: [*baseline, str(post)],
                           _dateline_profile))
    if shutil.which("ghostwriter"):
        out.insert(1, Peer("ghostwriter", lambda post: ["ghostwriter", str(post)],
                           _ghostwriter_profile))
    if shutil.which("retext"):
        out.insert(2, Peer("ReText", lambda post: ["retext", str(post)], _retext_profile))
    return out


def dateline_commands(env: dict[str, str], folder: Path, baseline: Path | None,
                      installed: bool = True) -> tuple[list[str], list[str] | None]:
    """The commands that start Dateline and the baseline (without the post): installed with
    ``pip install .`` into ``folder`` (as a writer runs it), else run from the source trees
    without compiled bytecode (``env`` must then give PYTHONPATH=REPO)."""
    if installed:
        commands = install_trees(env, folder, (REPO, baseline) if baseline else (REPO,))
        return [str(commands[0])], [str(commands[1])] if baseline else None
    start = ("import sys; sys.path.insert(0, {!r}); "
             "from editor.cli import main; sys.exit(main())")
    base = [sys.executable, "-c", start.format(str(baseline))] if baseline else None
    return [sys.executable, "-m", "editor"], base


class Screen:
    """The X display the apps run on, read with python-xlib."""

    def __init__(self, display: str) -> None:
        from Xlib import display as xdisplay

        self.display = xdisplay.Display(display)
        self.root = self.display.screen().root
        self.pid_atom = self.display.intern_atom("_NET_WM_PID")

    def window_of(self, pids: set[int]) -> object | None:
        """The largest viewable top-level window that belongs to one of ``pids``."""
        from Xlib import X, error

        best, best_area = None, 0
        try:
            children = self.root.query_tree().children
        except error.XError:
            return None
        for win in children:
            try:
                attrs = win.get_attributes()
                if attrs.map_state != X.IsViewable:
                    continue
                prop = win.get_full_property(self.pid_atom, X.AnyPropertyType)
                if prop is None or int(prop.value[0]) not in pids:
                    continue
                geo = win.get_geometry()
            except error.XError:
                continue
            area = geo.width * geo.height
            if geo.width >= 300 and geo.height >= 200 and area > best_area:
                best, best_area = win, area
        return best

    def pixels(self, win: object) -> object | None:
        """The window's pixels as a numpy array, or None when it has gone."""
        import numpy as np
        from Xlib import X, error

        try:
            geo = win.get_geometry()  # type: ignore[attr-defined]
            image = win.get_image(0, 0, geo.width, geo.height,  # type: ignore[attr-defined]
                                  X.ZPixmap, 0xFFFFFFFF)
        except error.XError:
            return None
        return np.frombuffer(image.data, dtype=np.uint32).reshape(geo.height, geo.width)


def pss_mb(pid: int) -> float:
    """Proportional set size of ``pid``'s process tree, in MB."""
    total = 0
    for p in tree(pid):
        try:
            for row in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if row.startswith("Pss:"):
                    total += int(row.split()[1])
        except OSError:
            pass
    return total / 1024


def change_box(previous: object, current: object) -> tuple[int, int, int, int, int]:
    """(changed pixels, left, top, right, bottom) between two frames of one window."""
    import numpy as np

    rows, cols = np.nonzero(previous != current)
    if not len(rows):
        return 0, 0, 0, 0, 0
    return len(rows), int(cols.min()), int(rows.min()), int(cols.max()), int(rows.max())


def launch(screen: Screen, command: list[str], env: dict[str, str], quiet: float,
           timeout: float, changes: list[str] | None = None) -> dict[str, float]:
    """Run one app until its window stops changing; mapped, preview final and PSS.
    ``changes`` gets a line per change of the window (time, pixels, where)."""
    import numpy as np

    t0 = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    out: dict[str, float] = {}
    try:
        win = None
        while win is None and time.perf_counter() - t0 < timeout:
            win = screen.window_of(set(tree(proc.pid)))
            if win is None:
                time.sleep(0.002)
        if win is None:
            return out
        out["mapped"] = time.perf_counter() - t0
        last_change = out["mapped"]
        previous = screen.pixels(win)
        while time.perf_counter() - t0 < timeout:
            time.sleep(0.02)
            now = time.perf_counter() - t0
            current = screen.pixels(win) if win is not None else None
            if current is None:
                # The window was re-created (Qt does so when QtWebEngine joins it): a change.
                win = screen.window_of(set(tree(proc.pid)))
                if win is None and proc.poll() is not None:
                    break
                last_change, previous = now, None
                if changes is not None:
                    changes.append(f"{now:.3f} s  window re-created")
                continue
            if previous is None or current.shape != previous.shape or int(
                    np.count_nonzero(current != previous)) > CARET_PIXELS:
                last_change = now
                if changes is not None:
                    changes.append(f"{now:.3f} s  " + (
                        "first frame" if previous is None or current.shape != previous.shape
                        else "{0} px in x {1}-{3}, y {2}-{4}".format(*change_box(previous, current))))
            previous = current
            if now - last_change >= quiet:
                break
        out["preview"] = last_change
        out["pss"] = pss_mb(proc.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
    return out


def home_env(env: dict[str, str], home: Path, cache: Path | None = None) -> dict[str, str]:
    """``env`` for a program run with ``home`` as its fresh home and Dateline folders, and
    ``cache`` (default: in ``home``) as its cache folder (XDG_CACHE_HOME)."""
    cache = home / ".cache" if cache is None else cache
    return dict(env, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                XDG_CACHE_HOME=str(cache), DATELINE_CONFIG_DIR=str(home / "dateline"),
                DATELINE_DATA_DIR=str(home / "data"), DATELINE_CACHE_DIR=str(cache / "dateline"))


def load() -> str:
    """The 1-minute load average, to print with the results."""
    return Path("/proc/loadavg").read_text().split()[0]


def main() -> int:
    """Run the peer comparison; the exit status is 0 when it ran."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", action="store_true", help="also a 1 MB post")
    parser.add_argument("--quiet", type=float, default=3.0,
                        help="seconds without a change that make the preview final")
    parser.add_argument("--changes", action="store_true",
                        help="print when and where each Dateline window changed after mapping")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="run Dateline from the source tree without compiled bytecode "
                             "(by default each tree is installed first, as `pip install .` does)")
    parser.add_argument("--baseline", type=Path,
                        help="also run Dateline from this source tree (before/after)")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="xcb", T0="0")
    xvfb = start_screen(env)
    print(f"load at start: {load()}  ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)")
    try:
        screen = Screen(env["DISPLAY"])
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            dateline, baseline = dateline_commands(env, folder, args.baseline,
                                                   installed=not args.no_bytecode)
            posts = {"1,276-word post": make_post(folder, 1276, "2025-08-30-budget.md")}
            if args.big:
                posts["1 MB post"] = make_post(folder, 150_000, "2025-08-30-big.md")
            for label, post in posts.items():
                print(f"\n## {label} ({post.stat().st_size:,} bytes), {args.runs} rounds")
                table = peers(sys.executable, dateline, baseline)
                for round_no in range(args.runs + 1):  # round 0 warms the disk cache
                    for peer in table:
                        home = folder / f"home-{post.stem}-{table.index(peer)}-{round_no}"
                        home.mkdir()
                        peer.prepare(home)
                        # Settings start fresh; caches stay, as on a writer's machine
                        # (round 0 fills them, for every program alike).
                        penv = home_env(env, home, folder / f"cache-{table.index(peer)}")
                        changes: list[str] | None = [] if args.changes and \
                            peer.name.startswith("Dateline") else None
                        result = launch(screen, peer.command(post), penv, args.quiet, 60.0,
                                        changes)
                        if round_no == 0:
                            continue
                        if changes is not None:
                            print(f"{peer.name}, round {round_no}: mapped "
                                  f"{result.get('mapped', 0):.3f} s; changes: " + "; ".join(changes))
                        for key, value in result.items():
                            peer.results.setdefault(key, []).append(value)
                report(table)
    finally:
        xvfb.terminate()
    print(f"\nload at end: {load()}")
    return 0


def report(table: list[Peer]) -> None:
    """Medians per program, then Dateline's paired ratios to each peer."""
    print("| program | window mapped | preview final | PSS, all processes |")
    print("|---|---|---|---|")
    for peer in table:
        r = peer.results
        cells = [f"{statistics.median(r[k]):.3f} s" if r.get(k) else "—"
                 for k in ("mapped", "preview")]
        cells.append(f"{statistics.median(r['pss']):.0f} MB" if r.get("pss") else "—")
        print(f"| {peer.name} | " + " | ".join(cells) + " |")
    ours = table[0].results
    for peer in table[1:]:
        ratios = []
        for key in ("mapped", "preview", "pss"):
            pairs = [a / b for a, b in zip(ours.get(key, []), peer.results.get(key, []),
                                           strict=False) if b]
            ratios.append(f"{key} {statistics.median(pairs):.2f}" if pairs else f"{key} —")
        print(f"Dateline / {peer.name}, median of paired ratios: " + ", ".join(ratios))


if __name__ == "__main__":
    raise SystemExit(main())
