"""Benchmark: site index of a generated 10,000-post site (cold and warm), and `dateline check`.

Run: python benchmarks/bench_site.py [--posts N] [--repeat R]. Prints medians.
Targets: cold index <= 2 s, warm (cache) <= 0.3 s for 10,000 posts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

AUTHORS = ["alice", "bob", "carmen", "dmitri", "esther", "farid"]
CATS = ["News", "Politics", "Sport", "Business", "Culture", "Weather"]


def generate(root: Path, count: int) -> None:
    """A site with ``count`` posts in house style (about 1.5 kB each) and a few drafts."""
    (root / "_posts").mkdir(parents=True)
    (root / "_drafts").mkdir()
    (root / "_layouts").mkdir()
    (root / "_layouts" / "post.html").write_text("{{ content }}")
    (root / "_config.yml").write_text(
        "title: Bench\ntimezone: Europe/London\ndefaults:\n  - scope: {path: \"\", type: posts}\n"
        "    values: {layout: post}\n")
    body = ("Paragraph of the story with some words in it to make it a realistic size. " * 4
            + "\n\n") * 4
    for i in range(count):
        y, rem = divmod(i, 365)
        month, day = rem // 31 + 1, rem % 28 + 1
        date = f"{2000 + y % 25:04d}-{month:02d}-{day:02d}"
        text = (f"---\nlayout: post\ntitle: \"Story number {i}: the council meets again\"\n"
                f"date: {date}T10:{i % 60:02d}:00\nauthor: \"{AUTHORS[i % 6]}\"\n"
                f"categories: [{CATS[i % 6]}]\ntags: [tag{i % 50}, tag{i % 7}]\n"
                f"excerpt: \"A short summary of story {i} for the front page.\"\n"
                f"image: assets/images/{i:032x}.jpg\n---\n\n{body}")
        (root / "_posts" / f"{date}-story-{i}.md").write_text(text)


def timed(fn: object, cpu: list[float] | None = None) -> float:
    """Wall time of ``fn()``; its CPU time is appended to ``cpu`` (the machine may be busy)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()  # type: ignore[operator]
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start


def main() -> int:
    """Run the site benchmarks; the exit status is 0 when it ran."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    os.environ["DATELINE_CACHE_DIR"] = str(work / "cache")
    from editor.core.post import read_post
    from editor.core.site import SiteIndex

    try:
        site = work / "site"
        generate(site, args.posts)
        print(f"generated {args.posts} posts in {site}")
        cold: list[float] = []
        warm: list[float] = []
        cold_cpu: list[float] = []
        warm_cpu: list[float] = []
        for _ in range(args.repeat):
            shutil.rmtree(work / "cache", ignore_errors=True)
            cold.append(timed(lambda: SiteIndex.open(site), cold_cpu))
            warm.append(timed(lambda: SiteIndex.open(site), warm_cpu))
        # Where cold time goes: the engine's read_post alone on the same bytes.
        datas = [p.read_bytes() for p in (site / "_posts").iterdir()]
        engine_cpu: list[float] = []
        timed(lambda: [read_post(d) for d in datas], engine_cpu)
        engine = engine_cpu[0]
        index = SiteIndex.open(site)
        queries = timed(lambda: (index.entries(), index.authors(), index.categories(),
                                 index.tags(), index.layouts()))
        print(f"index cold  (no cache): median {statistics.median(cold):.3f} s wall, "
              f"{statistics.median(cold_cpu):.3f} s CPU  (target <= 2 s)")
        print(f"index warm  (cache):    median {statistics.median(warm):.3f} s wall, "
              f"{statistics.median(warm_cpu):.3f} s CPU  (target <= 0.3 s)")
        print(f"  engine read_post alone on {len(datas)} files: {engine:.3f} s CPU "
              f"({engine / len(datas) * 1e6:.0f} us/post)")
        print(f"  entries()+suggestions: {queries * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    corpus = Path(os.environ.get("DATELINE_CORPUS", REPO.parent / "shared" / "corpus" / "posts"))
    if corpus.is_dir():
        from editor.core.checks_cli import post_files, run_checks

        files = post_files([corpus])
        check_cpu: list[float] = []
        runs = [timed(lambda: run_checks(files), check_cpu) for _ in range(args.repeat)]
        med = statistics.median(runs)
        med_cpu = statistics.median(check_cpu)
        print(f"dateline check over the corpus ({len(files)} posts): median {med:.3f} s wall "
              f"({len(files) / med:.0f} posts/s), {med_cpu:.3f} s CPU "
              f"({len(files) / med_cpu:.0f} posts/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
