"""Window benchmarks (medians): start-up, preview times, typing stalls, memory.

Run: python benchmarks/bench_window.py [--runs N]
Starts its own Xvfb when DISPLAY is unset. Compares the cold start with a bare
PySide6 window holding a QWebEngineView, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("council mayor budget vote residents street school water police report city "
         "county said would could transit housing plan officials meeting week year").split()

BARE = r"""
import sys, time, os
launched = float(os.environ["T0"])
from PySide6.QtCore import QCoreApplication, Qt, QEvent, QObject, QTimer
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1200, 800)
class F(QObject):
    done = False
    def eventFilter(self, o, e):
        if not self.done and e.type() in (QEvent.Type.Expose, QEvent.Type.Paint):
            self.done = True
            print(f"dateline-timing mapped {time.time() - launched:.4f}", file=sys.stderr, flush=True)
        return False
f = F(); w.installEventFilter(f)
w.show()
def start():
    from PySide6.QtWebEngineWidgets import QWebEngineView
    v = QWebEngineView(); w.setCentralWidget(v)
    def loaded(ok):
        print(f"dateline-timing preview {time.time() - launched:.4f}", file=sys.stderr, flush=True)
        QTimer.singleShot(0, app.quit)
    v.loadFinished.connect(loaded)
    v.setHtml("<p>hello</p>")
QTimer.singleShot(0, start)
app.exec()
"""


def make_post(folder: Path, words: int, name: str) -> Path:
    """A synthetic post of about ``words`` words (paragraphs, headings, lists, links)."""
    rng = random.Random(words)
    parts = []
    count = 0
    while count < words:
        kind = rng.random()
        if kind < 0.08:
            line = "## " + " ".join(rng.choice(WORDS) for _ in range(5)).title()
        elif kind < 0.16:
            line = "\n".join("- " + " ".join(rng.choice(WORDS) for _ in range(8)) for _ in range(3))
        else:
            sentence = [rng.choice(WORDS) for _ in range(60)]
            sentence[3] = f"**{sentence[3]}**"
            sentence[9] = f"[{sentence[9]}](https://example.org/{sentence[9]})"
            line = " ".join(sentence).capitalize() + "."
        parts.append(line)
        count += len(line.split())
    body = "\n\n".join(parts)
    path = folder / name
    path.write_text("---\nlayout: post\ntitle: \"Council passes budget after long night\"\n"
                    "date: 2025-08-30T23:34:44\nauthor: \"badely\"\ncategories: [News]\n"
                    "excerpt: \"The vote came after midnight.\"\n---\n\n" + body + "\n",
                    encoding="utf-8")
    return path


def _launch(cmd: list[str], env: dict[str, str], timeout: float = 60) -> dict[str, float]:
    env = dict(env, T0=str(time.time()), DATELINE_TIMING=str(time.time()), DATELINE_TIMING_QUIT="1")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    out: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        if line.startswith("dateline-timing "):
            _, key, value = line.split()
            out.setdefault(key, float(value))
    return out


def cold_start(env: dict[str, str], post: Path, runs: int) -> dict[str, list[float]]:
    """Launch → first mapped window and → preview complete, for Dateline and the bare window."""
    res: dict[str, list[float]] = {"mapped": [], "preview": [], "bare_mapped": [], "bare_preview": []}
    for _ in range(runs):
        t = _launch([sys.executable, "-m", "editor", str(post)], env)
        res["mapped"].append(t.get("mapped", float("nan")))
        res["preview"].append(t.get("preview", float("nan")))
        b = _launch([sys.executable, "-c", BARE], env)
        res["bare_mapped"].append(b.get("mapped", float("nan")))
        res["bare_preview"].append(b.get("preview", float("nan")))
    return res


def memory(env: dict[str, str], post: Path) -> float:
    """PSS (MB) of the Dateline process and its children with one post open."""
    env = dict(env, DATELINE_TIMING=str(time.time()))
    proc = subprocess.Popen([sys.executable, "-m", "editor", str(post)], env=env,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("dateline-timing preview"):
            break
    time.sleep(2.0)  # let the renderer settle before measuring
    total = 0.0
    pids = tree(proc.pid)
    for pid in pids:
        try:
            for row in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if row.startswith("Pss:"):
                    total += int(row.split()[1]) / 1024
        except OSError:
            pass
    proc.terminate()
    proc.wait(10)
    return total


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, []))
    return out


def wait(signal: object, ms: int = 30000) -> None:
    """Run the event loop until ``signal`` fires (or ``ms`` pass)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def spin(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def start_screen(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start a fresh Xvfb screen for the apps and point ``env`` at it (as root, also switch
    off Chromium's sandbox, which cannot start there). The caller terminates it."""
    display = next(f":{n}" for n in range(150, 260) if not Path(f"/tmp/.X{n}-lock").exists())
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    env["DISPLAY"] = display
    if os.getuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    return xvfb


def install_trees(env: dict[str, str], folder: Path, trees: tuple[Path, ...]) -> list[Path]:
    """Install each source tree as the README's ``pip install .`` does, each into a virtual
    environment of its own in ``folder``, and return each one's ``dateline`` command.

    An installed Dateline starts as a writer's does: from the console script, with the
    bytecode pip compiled, and without the import hook of the development checkout's editable
    install (which site.py loads at every start of this environment's Python, ~10 ms). The
    dependencies are this environment's, through a ``.pth`` file. ``env`` loses PYTHONPATH,
    so the checkout cannot shadow the installed copy."""
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    deps = sysconfig.get_paths()["purelib"]
    commands = []
    for number, source in enumerate(trees):
        copy = folder / f"src-{number}"  # a build writes build/ and *.egg-info into its tree
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", "build", "dist", "*.egg-info"))
        venv = folder / f"venv-{number}"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        purelib = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True).stdout.strip()
        Path(purelib, "dateline-bench-deps.pth").write_text(deps + "\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                        "install", "--quiet", "--no-deps",
                        str(copy)], env=env, check=True, stdout=subprocess.DEVNULL)
        commands.append(venv / "bin" / "dateline")
    return commands


def compile_trees(env: dict[str, str], folder: Path, trees: tuple[Path, ...]) -> None:
    """Compile each source tree's bytecode into ``folder`` and have ``env`` use it (as an
    installed Dateline starts: PYTHONDONTWRITEBYTECODE, set on these machines, is dropped)."""
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    for source in trees:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(source / "editor")],
                       env=env, check=True, stdout=subprocess.DEVNULL)


def in_process(post: Path, big: Path) -> dict[str, object]:
    """Typing stalls and keystroke → preview latency, measured inside one app."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from editor.app import add_heap_trimmer, build_window

    results: dict[str, object] = {}

    def measure(label: str, path: Path) -> None:
        window = build_window([str(path)])
        add_heap_trimmer(window)  # as editor.app.run_gui
        window.show()
        pane = window.start_preview()
        wait(pane.body_updated, 60000)
        t0 = time.perf_counter()
        window.scheduler.request(window.editor.body(), window.document.post.front_matter,
                                 window.document.site.root, immediate=True)
        wait(pane.body_updated, 60000)
        results[f"preview render+show {label} (s)"] = round(time.perf_counter() - t0, 3)
        editor = window.editor
        editor.setFocus()
        cursor = editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        editor.setTextCursor(cursor)
        # Let the jump to the end (a repaint, the preview scrolling along) finish first:
        # the stall measured is the one typing causes.
        spin(500)
        # Heartbeat: the longest gap between 1 ms ticks is the longest UI-thread stall.
        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]

        def tick() -> None:
            now = clock.nsecsElapsed()
            gaps.append((now - last[0]) / 1e6)
            last[0] = now

        beat = QTimer()
        beat.setInterval(1)
        beat.timeout.connect(tick)
        typed = [0]
        text = "The council voted late on Tuesday night after a long debate about money. " * 3

        def type_one() -> None:
            if typed[0] >= 200:
                return
            QTest.keyClick(editor, text[typed[0]])
            typed[0] += 1
            QTimer.singleShot(35, type_one)  # ~ a fast typist: 30 characters a second

        beat.start()
        last[0] = clock.nsecsElapsed()
        type_one()
        while typed[0] < 200:
            spin(50)
        spin(800)
        beat.stop()
        results[f"longest UI stall typing 200 chars, {label} (ms)"] = round(max(gaps), 1)
        if os.environ.get("BENCH_DEBUG"):
            print("gaps>16:", [(i, round(g)) for i, g in enumerate(gaps) if g > 16], file=sys.stderr)
        # Keystroke → preview updated.
        latencies: list[float] = []
        for _ in range(12 if label == "1200 words" else 5):
            spin(700)
            t0 = time.perf_counter()
            QTest.keyClick(editor, "x")
            wait(pane.body_updated, 20000)
            latencies.append((time.perf_counter() - t0) * 1000)
        results[f"keystroke → preview updated median, {label} (ms)"] = round(
            statistics.median(latencies), 1)
        window.document.revert()
        window.close()
        window.scheduler.shutdown()
        window.release_preview()

    for label, path in (("1200 words", post), ("1 MB", big)):
        measure(label, path)
    del app
    return results


def main() -> int:
    """Run the window benchmarks; the exit status is 0 when it ran."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bytecode", action="store_true",
                        help="launch with the package's bytecode compiled first, as an installed "
                             "app has it (a checkout under PYTHONDONTWRITEBYTECODE=1 compiles "
                             "every module from source at each start: ~0.2 s)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("posts", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        for key, value in in_process(Path(args.posts[0]), Path(args.posts[1])).items():
            print(f"{key}: {value}")
        return 0
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("QT_QPA_PLATFORM", None)
    xvfb = None if env.get("DISPLAY") else start_screen(env)
    if os.getuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env["DATELINE_CONFIG_DIR"] = str(folder)
        env["DATELINE_DATA_DIR"] = str(folder)
        env["DATELINE_CACHE_DIR"] = str(folder)
        if args.bytecode:
            compile_trees(env, folder, (REPO,))
            print("bytecode compiled first (as installed)")
        post = make_post(folder, 1200, "2025-08-30-budget.md")
        big = make_post(folder, 150_000, "2025-08-30-big.md")
        print(f"posts: {post.stat().st_size:,} bytes (1,200 words), {big.stat().st_size:,} bytes")
        try:
            subprocess.run([sys.executable, "-m", "editor", str(post)], env=dict(
                env, DATELINE_TIMING=str(time.time()), DATELINE_TIMING_QUIT="1"),
                capture_output=True, timeout=60)  # warm the disk cache
            cold = cold_start(env, post, args.runs)
            for key, values in cold.items():
                print(f"cold start {key} median (s): {statistics.median(values):.3f}  "
                      f"(runs: {', '.join(f'{v:.3f}' for v in values)})")
            for key in ("mapped", "preview"):
                extra = [a - b for a, b in zip(cold[key], cold[f"bare_{key}"], strict=True)]
                print(f"cold start {key}: Dateline minus bare, median of paired runs (s): "
                      f"{statistics.median(extra):.3f}")
            big_runs = [_launch([sys.executable, "-m", "editor", str(big)], env).get(
                "preview", float("nan")) for _ in range(max(1, args.runs // 2))]
            print(f"1 MB post launch → preview complete median (s): {statistics.median(big_runs):.3f}")
            print(f"PSS of all Dateline processes, one post open (MB): {memory(env, post):.0f}")
            inner_env = dict(env)
            if not env.get("DATELINE_PREVIEW_GPU"):
                inner_env.setdefault("QT_QUICK_BACKEND", "software")  # as editor.app.run_gui
                inner_env.setdefault("QT_XCB_GL_INTEGRATION", "none")
            inner = subprocess.run([sys.executable, __file__, "--inner", str(post), str(big)],
                                   env=inner_env, capture_output=True, text=True, timeout=600)
            print(inner.stdout.strip() or inner.stderr[-2000:])
        finally:
            if xvfb is not None:
                xvfb.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
