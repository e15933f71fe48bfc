"""The command line as a whole process: `dateline check` over a 10,000-post site and
`dateline render` of one post, against `python -c pass` in the same run.

Run: python benchmarks/bench_cli.py [--posts 10000] [--runs 7]

Each round launches, in turn, ``python -c pass``, ``python -m editor --version``,
``python -m editor render POST`` and ``python -m editor check SITE`` (bytecode compiled
first, as installed) and records the wall time and the CPU time of the child process.
Prints the medians and the median of the paired differences to ``python -c pass`` (the
interpreter's own start), which survives a busy machine better than the raw times. Then
lists the modules each subcommand imports beyond the interpreter's start, so an import the
command does not use shows.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_site import generate  # noqa: E402  (a sibling script)
from bench_window import make_post  # noqa: E402

MODULES = "import sys, runpy; sys.argv = ['dateline', *sys.argv[1:]]; base = set(sys.modules)\n" \
          "from editor.cli import main\n" \
          "import io, contextlib\n" \
          "with contextlib.redirect_stdout(io.StringIO()):\n" \
          "    main(sys.argv[1:])\n" \
          "print(' '.join(sorted(m for m in set(sys.modules) - base if '.' not in m or " \
          "m.startswith('editor.'))))\n"


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` (its children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    """Run the command-line benchmark; the exit status is 0 when it ran."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"load at start: {load}  ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONPYCACHEPREFIX=str(folder / "pyc"),
                   DATELINE_CACHE_DIR=str(folder / "cache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "editor")],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        site = folder / "site"
        generate(site, args.posts)
        post = make_post(folder, 1276, "2025-08-30-budget.md")
        py = sys.executable
        commands = {
            "python -c pass": [py, "-c", "pass"],
            "dateline --version": [py, "-m", "editor", "--version"],
            "dateline render (1,276 words)": [py, "-m", "editor", "render", str(post)],
            f"dateline check ({args.posts:,} posts)": [py, "-m", "editor", "check", str(site)],
        }
        got: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for round_no in range(args.runs + 1):  # round 0 warms the disk cache
            for name, command in commands.items():
                result = run(command, env)
                if round_no:
                    got[name].append(result)
        base = got["python -c pass"]
        print(f"\n{args.runs} rounds, interleaved. Medians:\n")
        print("| command | wall | CPU | wall minus `python -c pass` (paired) |")
        print("|---|---|---|---|")
        for name, results in got.items():
            wall = statistics.median(w for w, _ in results)
            cpu = statistics.median(c for _, c in results)
            minus = statistics.median(w - b for (w, _), (b, _) in zip(results, base, strict=True))
            print(f"| {name} | {wall:.3f} s | {cpu:.3f} s | {minus:+.3f} s |")
        print("\nModules each command imports (top-level packages and editor's own):")
        for label, argv in (("render", ["render", str(post)]), ("check", ["check", str(site)]),
                            ("--version", ["--version"])):
            proc = subprocess.run([py, "-c", MODULES, *argv], env=env, capture_output=True,
                                  text=True, check=False)
            names = proc.stdout.split()
            print(f"- {label} ({len(names)}): {' '.join(names)}")
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"\nload at end: {load}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
