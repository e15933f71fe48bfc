"""Benchmark: the shared repository on a generated 10,000-post site.

Run: python benchmarks/bench_git.py [--posts N] [--repeat R]. Prints medians.
Targets: status (every post's state) <= 0.3 s warm, <= 2 s cold; Send of one post to a
local remote <= 1 s. Peers measured in the same run on the same repository, when
importable (``pip install --target DIR pygit2 dulwich`` and PYTHONPATH=DIR): pygit2's
``Repository.status()`` and dulwich's ``porcelain.status``.

"Cold" is a fresh process (Python start, imports) after every post was touched, so git
must read all 10,000 files again instead of trusting its index; "fresh" is a fresh
process with a valid index.
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_site import generate  # noqa: E402

from editor.core.git.repo import Repo  # noqa: E402
from editor.core.git.send import send  # noqa: E402
from editor.core.git.status import repo_status  # noqa: E402


def sh(cwd: Path, *args: str) -> str:
    """Run git for the set-up."""
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def fresh_process(code: str) -> float:
    """Wall time of a new Python process running ``code`` (import time included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO,
                   env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    return time.perf_counter() - start


def touch_all(folder: Path) -> None:
    """New mtimes for every post: git's index no longer vouches for them."""
    now = time.time() + 5
    for path in folder.iterdir():
        os.utime(path, (now, now))


def build(tmp: Path, count: int) -> tuple[Path, Path]:
    """A bare shared repository and a writer's clone of a ``count``-post site, with a few
    edits, new posts, one unsent save and one colleague's change fetched."""
    seed = tmp / "seed"
    generate(seed, count)
    sh(seed, "init", "-q", "-b", "main")
    sh(seed, "add", "-A")
    sh(seed, "commit", "-q", "-m", "site")
    bare = tmp / "shared.git"
    sh(tmp, "clone", "-q", "--bare", str(seed), str(bare))
    clone = tmp / "desk"
    sh(tmp, "clone", "-q", str(bare), str(clone))
    posts = sorted((clone / "_posts").iterdir())
    for p in posts[:3]:
        p.write_text(p.read_text() + "\nAn edit.\n")
    for i in range(2):
        (clone / "_posts" / f"2030-01-0{i + 1}-new-{i}.md").write_text("---\ntitle: New\n---\n")
    posts[10].write_text(posts[10].read_text() + "\nSaved, not sent.\n")
    sh(clone, "commit", "-q", "-m", "save", "--", str(posts[10]))
    other = sorted((seed / "_posts").iterdir())[20]
    other.write_text(other.read_text() + "\nA colleague's line.\n")
    sh(seed, "commit", "-q", "-am", "colleague")
    sh(seed, "push", "-q", str(bare), "main")
    sh(clone, "fetch", "-q")
    return bare, clone


def main() -> int:
    """Run the git benchmark; the exit status is 0 when it ran."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for name in ("user.name", "user.email"):
        os.environ.setdefault(f"GIT_AUTHOR_{name.split('.')[1].upper()}", "Bench")
        os.environ.setdefault(f"GIT_COMMITTER_{name.split('.')[1].upper()}", "Bench")
    os.environ["GIT_AUTHOR_EMAIL"] = os.environ["GIT_COMMITTER_EMAIL"] = "bench@example.org"
    with tempfile.TemporaryDirectory(prefix="dateline-bench-git-") as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        _bare, clone = build(tmp, args.posts)
        print(f"built a {args.posts}-post repository in {time.perf_counter() - t0:.1f} s")
        repo = Repo.open(clone)
        status = repo_status(repo)
        print(f"status: {len(status.files)} files not simply sent; {status.summary}")
        rows: list[tuple[str, list[float], str]] = []

        warm = [timed(lambda: repo_status(repo)) for _ in range(args.repeat)]
        rows.append(("Dateline status, warm (system git)", warm, "<= 0.3 s"))
        code = ("from pathlib import Path\nfrom editor.core.git.repo import Repo\n"
                "from editor.core.git.status import repo_status\n"
                f"repo_status(Repo.open(Path({str(clone)!r})))\n")
        fresh = [fresh_process(code) for _ in range(args.repeat)]
        rows.append(("Dateline status, fresh process", fresh, ""))
        cold = []
        for _ in range(args.repeat):
            touch_all(clone / "_posts")
            cold.append(fresh_process(code))
        rows.append(("Dateline status, cold (fresh process, all posts touched)", cold, "<= 2 s"))
        sh(clone, "status")  # the peers start from a valid index too

        peers(clone, args.repeat, rows)

        post = sorted((clone / "_posts").iterdir())[100]
        sends = []
        for i in range(args.repeat):
            post.write_text(post.read_text() + f"\nUpdate {i}.\n")
            sends.append(timed(lambda: send(repo, [post])))
        rows.append(("Send one post (commit + push to a local bare repository)", sends, "<= 1 s"))

    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  median     min  budget")
    for name, values, budget in rows:
        print(f"{name:<{width}}  {statistics.median(values):6.3f} s {min(values):6.3f}  {budget}")
    return 0


def peers(clone: Path, repeat: int, rows: list[tuple[str, list[float], str]]) -> None:
    """pygit2 and dulwich status on the same repository, when installed."""
    try:
        from dulwich import porcelain

        warm = [timed(lambda: porcelain.status(str(clone))) for _ in range(min(repeat, 3))]
        rows.append(("dulwich porcelain.status, warm", warm, "peer"))
    except ImportError:
        print("dulwich not installed: no dulwich peer")
    try:
        import pygit2

        repository = pygit2.Repository(str(clone))
        rows.append(("pygit2 Repository.status(), warm",
                     [timed(repository.status) for _ in range(repeat)], "peer"))
        code = f"import pygit2\npygit2.Repository({str(clone)!r}).status()\n"
        cold = []
        for _ in range(repeat):
            touch_all(clone / "_posts")
            cold.append(fresh_process(code))
        rows.append(("pygit2 status, cold (fresh process, all posts touched)", cold, "peer"))
        sh(clone, "status")
    except ImportError:
        print("pygit2 not installed: no pygit2 peer")


if __name__ == "__main__":
    raise SystemExit(main())
