"""Post-engine benchmarks (issue 2): prints medians; compare against python-frontmatter in the same run.

python benchmarks/bench_engine.py [--corpus DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from editor.core.post import load_post, read_post, save_post  # noqa: E402


def median_time(fn: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``fn`` (seconds)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_corpus(corpus: Path, runs: int) -> None:
    """Read and re-serialise every corpus post; print posts per second."""
    files = [p for p in sorted(corpus.rglob("*")) if p.is_file()]
    blobs = [p.read_bytes() for p in files]

    def ours() -> None:
        for b in blobs:
            read_post(b).front_matter  # noqa: B018

    def baseline() -> None:
        import frontmatter

        for b in blobs:
            # The baseline fails on broken posts.
            with contextlib.suppress(Exception):
                frontmatter.loads(b.decode("utf-8", "replace"))

    t = median_time(ours, runs)
    tb = median_time(baseline, runs)
    print(
        f"read {len(files)} corpus posts: median {t * 1000:.1f} ms = {len(files) / t:,.0f} posts/s "
        f"(budget >= 2,000/s); python-frontmatter loads: {len(files) / tb:,.0f} posts/s"
    )


def bench_edit_save(runs: int) -> None:
    """Edit one field and save, repeatedly; print the median time."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "2025-08-30-story.md"
        path.write_bytes(
            b'---\nlayout: post\ntitle: "Latest: Chicago mayor"\ndate: 2025-08-30T23:34:44\n'
            b'author: "badely"\ncategories: [News]\ntags: []\nexcerpt: "The order ..."\n'
            b"image: assets/images/ac9.jpg\n---\n\n" + b"Body paragraph. " * 500 + b"\n"
        )
        times, edit_only, bare = [], [], []
        for i in range(runs):
            t0 = time.perf_counter()
            post = load_post(path)
            post.set("title", f"Latest: Chicago mayor {i}")
            t1 = time.perf_counter()
            save_post(post)
            times.append(time.perf_counter() - t0)
            edit_only.append(t1 - t0)
            # Baseline: the bare cost of this disk's write + fsync + rename.
            data = path.read_bytes()
            t2 = time.perf_counter()
            tmp = path.with_suffix(".tmp")
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            bare.append(time.perf_counter() - t2)
    print(
        f"surgical edit + atomic save (load, set title, fsync, rename): median "
        f"{statistics.median(times) * 1000:.2f} ms over {runs} (budget <= 5 ms); of which load+edit "
        f"{statistics.median(edit_only) * 1000:.2f} ms; baseline bare write+fsync+rename on this disk "
        f"{statistics.median(bare) * 1000:.2f} ms"
    )


INDEX_CHILD = """
import sys, time
t0 = time.perf_counter()
from collections.abc import Callable
from pathlib import Path
from editor.core.post import read_post
n = 0
for p in Path(sys.argv[1]).iterdir():
    with open(p, 'rb') as fh:
        read_post(fh.read()).front_matter
    n += 1
print(n, time.perf_counter() - t0)
"""


def bench_10k(runs: int) -> None:
    """Index a generated 10,000-post site; print the time."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(10_000):
            (folder / f"2024-01-{i % 28 + 1:02d}-post-{i}.md").write_bytes(
                f'---\nlayout: post\ntitle: "Story number {i}: a headline"\ndate: 2024-01-{i % 28 + 1:02d}T10:00:00\n'
                f'author: "writer{i % 17}"\ncategories: [News]\ntags: [a, b]\nexcerpt: "Excerpt {i}"\n'
                f"image: assets/images/{i:032x}.jpg\n---\n\n".encode()
                + b"Body text. " * 300
            )
        times = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", INDEX_CHILD, str(folder)],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )
            times.append(float(out.stdout.split()[1]))
    print(
        f"front matter of 10,000 generated posts, fresh process (imports included): median "
        f"{statistics.median(times):.2f} s over {runs} (budget <= 2 s)"
    )


def main() -> None:
    """Run the engine benchmarks and print their medians."""
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--corpus",
        default=os.environ.get("DATELINE_CORPUS", str(REPO.parent / "shared/corpus/posts")),
    )
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    if Path(args.corpus).is_dir():
        bench_corpus(Path(args.corpus), args.runs)
    bench_edit_save(max(args.runs * 10, 50))
    bench_10k(max(args.runs // 2, 3))


if __name__ == "__main__":
    main()
