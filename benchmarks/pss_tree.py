"""Where the memory is: PSS of each process of Dateline's tree and of ghostwriter's, side by side.

Run: python benchmarks/pss_tree.py [--big] [--baseline DIR] [--maps N] [--files N] [--unique]

Launches Dateline (and, with ``--baseline DIR``, Dateline from another source tree) and
ghostwriter when installed on one Xvfb screen with the same post, the way
``bench_peers.py`` does, and once the window has stopped changing prints for each process
of the tree (the app, QtWebEngine's zygote, the renderers forked from it, helpers) its
Pss split into anonymous, file-backed and shared memory (/proc/PID/smaps_rollup), and with
``--maps N`` the N mappings holding the most; ``--files N`` adds up each mapped file's Pss
over the whole tree and prints the N files holding the most, with how many processes map
each (anonymous memory as ``[anon]``, ``[heap]``). File-backed pages are shared with every other
process mapping the same library: run it on a quiet machine (``flock /work/bench.lock``),
or another PySide6 process makes Dateline's share look smaller. ``--unique`` (root only: it
reads /proc/PID/pagemap) also counts the tree's resident pages once each, whoever else maps
them: what the program holds, the same on a busy machine as on a quiet one (a library
the tree shares with the X server or a test run counts in full, not in part as in Pss).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_peers  # noqa: E402  (a sibling script)
from bench_window import make_post, tree  # noqa: E402

KEYS = ("Pss", "Pss_Anon", "Pss_File", "Pss_Shmem")


def rollup(pid: int) -> dict[str, float] | None:
    """``pid``'s smaps_rollup in MB, None when it has gone."""
    try:
        rows = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
    except OSError:
        return None
    out = {}
    for row in rows:
        key, value = row.split(":", 1)
        out[key] = int(value.split()[0]) / 1024
    return out


def _smaps(pid: int) -> Iterator[tuple[int, int, str, str, int]]:
    """(start, end, file, field, kB) for each size field of each mapping in ``pid``'s smaps
    ("[anon]" for a mapping without a name); nothing when the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/smaps").read_text().splitlines()
    except OSError:
        return
    start = end = 0
    name = "[anon]"
    for line in lines:
        parts = line.split()
        if parts and not parts[0].endswith(":") and "-" in parts[0]:
            start, end = (int(x, 16) for x in parts[0].split("-"))
            name = parts[5] if len(parts) > 5 else "[anon]"
        elif len(parts) == 3 and parts[2] == "kB":
            yield start, end, name, parts[0][:-1], int(parts[1])


def by_mapping(pid: int) -> dict[str, float]:
    """Pss in MB per mapped file ([anon], [heap] …) of ``pid``."""
    out: dict[str, float] = {}
    for _start, _end, name, key, kb in _smaps(pid):
        if key == "Pss":
            out[name] = out.get(name, 0.0) + kb / 1024
    return out


def print_files(name: str, pids: list[int], count: int) -> None:
    """The ``count`` mapped files holding the most Pss over ``pids``, and how many map each."""
    pss: dict[str, float] = {}
    users: dict[str, int] = {}
    for pid in pids:
        for path, value in by_mapping(pid).items():
            pss[path] = pss.get(path, 0.0) + value
            users[path] = users.get(path, 0) + 1
    ranked = sorted(pss.items(), key=lambda kv: -kv[1])
    print(f"\n{name}: Pss by mapped file over {len(pids)} processes, top {count} "
          f"(of {len(ranked)}; {sum(pss.values()):.1f} MB)")
    for path, value in ranked[:count]:
        print(f"  {value:7.2f} MB  x{users[path]}  {path}")


def _resident_mappings(pid: int) -> list[tuple[int, int, str]]:
    """(start, end, file) of each mapping of ``pid`` with resident pages (smaps' Rss): the
    terabytes V8 and PartitionAlloc only reserve are not walked page by page."""
    return [(start, end, name) for start, end, name, key, kb in _smaps(pid)
            if key == "Rss" and kb]


def resident_pages(pid: int) -> dict[str, set[int]]:
    """The physical pages (frame numbers) ``pid`` has resident, by mapped file."""
    out: dict[str, set[int]] = {}
    try:
        pagemap = open(f"/proc/{pid}/pagemap", "rb")  # noqa: SIM115 - closed below
    except OSError:
        return out
    with pagemap:
        for start, end, name in _resident_mappings(pid):
            if name.startswith("/dev/shm/.org.chromium."):
                name = "/dev/shm/.org.chromium.*"
            pages = out.setdefault(name, set())
            try:
                pagemap.seek(start // 4096 * 8)
                data = pagemap.read((end - start) // 4096 * 8)
            except OSError:  # [vsyscall] and the like
                continue
            pages.update(entry & ((1 << 55) - 1) for (entry,) in struct.iter_unpack("<Q", data)
                         if entry >> 63)
    return out


def print_unique(name: str, pids: list[int], count: int) -> None:
    """The tree's resident memory with each page counted once, and its ``count`` largest
    files (frame numbers from pagemap need root: without it the kernel gives zeros)."""
    union: dict[str, set[int]] = {}
    for pid in pids:
        for path, pages in resident_pages(pid).items():
            union.setdefault(path, set()).update(pages)
    union.pop("[vsyscall]", None)
    union.pop("[vdso]", None)
    mb = {path: len(pages) * 4096 / 2**20 for path, pages in union.items()}
    total = sum(mb.values())
    files = sum(v for path, v in mb.items() if path.startswith("/"))
    print(f"\n{name}: resident, each page once: {total:.1f} MB (file-backed {files:.1f}, "
          f"other {total - files:.1f})")
    for path, value in sorted(mb.items(), key=lambda kv: -kv[1])[:count]:
        print(f"  {value:7.2f} MB  {path}")


def role(pid: int, root: int) -> str:
    """What a process of the tree is: the app, a zygote, a renderer forked from one …"""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return "?"
    kind = next((a.split("=", 1)[1] for a in argv if a.startswith("--type=")), "")
    if pid == root:
        return "app: " + os.path.basename(argv[0])
    if kind == "zygote" and parent != root:
        return "renderer (forked by the zygote)"
    if kind == "zygote":
        return "zygote" + (" (unsandboxed)" if "--no-zygote-sandbox" in argv else "")
    if kind:
        sub = next((a.split("=", 1)[1] for a in argv if a.startswith("--utility-sub-type=")), "")
        return kind + (f" {sub}" if sub else "")
    return os.path.basename(argv[0]) + (" (helper)" if argv[0] else "")


def report(name: str, root: int, maps: int, files: int = 0, unique: bool = False) -> float:
    """Print the tree's table (its top ``files``, its pages counted once); returns its
    total Pss."""
    print(f"\n{name}\n| process | Pss | anon | file | shmem |\n|---|---|---|---|---|")
    total = dict.fromkeys(KEYS, 0.0)
    pids = tree(root)
    for pid in pids:
        numbers = rollup(pid)
        if numbers is None:
            continue
        print(f"| {role(pid, root)} | " + " | ".join(f"{numbers.get(k, 0):.1f}" for k in KEYS)
              + " |")
        for key in KEYS:
            total[key] += numbers.get(key, 0.0)
        for path, pss in sorted(by_mapping(pid).items(), key=lambda kv: -kv[1])[:maps]:
            print(f"|   {pss:.1f} MB {path} | | | | |")
    print("| **all** | " + " | ".join(f"**{total[k]:.1f}**" for k in KEYS) + " |")
    if files:
        print_files(name, pids, files)
    if unique:
        print_unique(name, pids, files)
    return total["Pss"]


def main() -> int:
    """Launch each program once and print its per-process table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--big", action="store_true", help="the 1 MB post")
    parser.add_argument("--baseline", type=Path, help="also Dateline from this source tree")
    parser.add_argument("--maps", type=int, default=0, help="largest mappings per process")
    parser.add_argument("--files", type=int, default=0,
                        help="largest mapped files over the whole tree")
    parser.add_argument("--unique", action="store_true",
                        help="also the tree's resident pages, each counted once (root)")
    parser.add_argument("--quiet", type=float, default=3.0)
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="xcb")
    xvfb = bench_peers.start_screen(env)
    try:
        screen = bench_peers.Screen(env["DISPLAY"])
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            dateline, baseline = bench_peers.dateline_commands(env, folder, args.baseline)
            post = make_post(folder, 150_000 if args.big else 1276, "2025-08-30-budget.md")
            print(f"post: {post.stat().st_size:,} bytes; load {bench_peers.load()}")
            for number, peer in enumerate(bench_peers.peers(sys.executable, dateline, baseline)):
                if peer.name.startswith(("bare", "ReText")):
                    continue
                home = folder / f"home-{number}"
                home.mkdir()
                peer.prepare(home)
                penv = bench_peers.home_env(env, home)
                # launch() measures the tree's PSS once the window is quiet: report it there.
                bench_peers.pss_mb = lambda pid, name=peer.name: report(
                    name, pid, args.maps, args.files, args.unique)
                bench_peers.launch(screen, peer.command(post), penv, args.quiet, 60.0)
    finally:
        xvfb.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
