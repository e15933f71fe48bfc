"""Benchmark the preview renderer: a 1,200-word post, a one-character edit in 1 MB,
and hostile inputs (issue 6)."""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from editor.core.render import Renderer, render_body  # noqa: E402

WORDS = ("the city council voted on tuesday to approve a budget that funds schools parks "
         "and \"public\" safety -- while critics said it's not enough... reporters asked").split()


def _paragraph(rng: random.Random, words: int) -> str:
    """One paragraph of `words` words with some inline Markdown."""
    out = [rng.choice(WORDS) for _ in range(words)]
    out[3] = f"**{out[3]}**"
    out[7] = f"[{out[7]}](https://example.org/{rng.randint(1, 999)})"
    out[11] = f"`{out[11]}`"
    return " ".join(out).capitalize() + "."


def make_post(target_words: int, seed: int = 1) -> str:
    """A news-like post body of about `target_words` words."""
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    section = 0
    while count < target_words:
        if count // 300 > section:
            section = count // 300
            parts.append(f"## Section {section}: what happened")
        if rng.random() < 0.1:
            parts.append("- first point\n- second point with *emphasis*\n- third point")
        if rng.random() < 0.05:
            parts.append("```python\nprint('hello')\n```")
        parts.append(_paragraph(rng, 60))
        count += 60
    return "\n\n".join(parts) + "\n"


def median_ms(fn: object, runs: int) -> float:
    """Median wall time of `fn()` over `runs` runs, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def hostile_inputs() -> dict[str, str]:
    """The pathological inputs of issue 6 at the sizes it was measured at."""
    n = 20_000
    table = ("|" + "|".join(f"column {i} with a few words in it, and some more words"
                            for i in range(2_000)) + "|\n")
    return {
        "`[` x 20,000": "[" * n,
        "`![` x 20,000": "![" * n,
        "`[a](` x 20,000": "[a](" * n,
        "`{{` x 20,000": "{{" * n,
        "`[*_`<` x 20,000": "[*_`\u2039" * n,
        "list nested 2,000 deep": "".join(" " * i + "- x\n" for i in range(2_000)),
        "`>` x 1,000 on one line": ">" * 1_000 + " x\n",
        "1,000 nested <div markdown=1>": '<div markdown="1">\n' * 1_000 + "x\n",
        "wide table, 2,000 columns": table + "|" + "|-" * 2_000 + "|\n" + table,
        "{% for %} over 1,000,000": "{% for i in (1..1000000) %}x{% endfor %}",
        "100,000 backslashes": "\\" * 100_000,
        "table with 20,000 rows": "| a | b |\n|---|---|\n" + "| x | y |\n" * n,
        "definition lists x 5,000": "term\n: definition\n\n" * 5_000,
        "backtick runs": "`" * n + " " + "``" * (n // 2),
        "`\\*x` x 20,000": "\\*x" * n,
        "`&amp;` x 20,000": "&amp;" * n,
        "nested emphasis `*_` x 10,000": "*_" * 10_000 + "x" + "_*" * 10_000,
    }


def main() -> int:
    """Print the medians and whether each is within its budget."""
    small = make_post(1200)
    render_body(small)  # warm up imports and caches
    t_small = median_ms(lambda: render_body(small), 30)

    small_renderer = Renderer()
    small_renderer.render(small)
    small_edits = iter([small[:i] + "x" + small[i:] for i in range(100, 3100, 100)])
    t_small_edit = median_ms(lambda: small_renderer.render(next(small_edits)), 30)

    big = make_post(1)
    while len(big.encode()) < 1_000_000:
        big += make_post(5000, seed=len(big))
    t_cold = median_ms(lambda: render_body(big), 3)

    renderer = Renderer()
    renderer.render(big)
    middle = len(big) // 2
    edits = []
    for i in range(7):
        pos = big.find(" ", middle + i * 997)
        edits.append(big[:pos] + "x" + big[pos:])
    it = iter(edits)
    t_edit = median_ms(lambda: renderer.render(next(it)), len(edits))

    print(f"render 1,200-word post:            {t_small:8.1f} ms  (budget 15 ms)")
    print(f"  same post, live preview (Renderer, 1-char edit): {t_small_edit:6.1f} ms")
    print(f"render after 1-char edit in 1 MB:  {t_edit:8.1f} ms  (budget 200 ms)")
    print(f"cold full render of 1 MB:          {t_cold:8.1f} ms  (baseline)")
    print("hostile inputs (median of 3, render_body):")
    for name, text in hostile_inputs().items():
        size = len(text.encode("utf-8", "surrogatepass"))
        t = median_ms(lambda text=text: render_body(text), 3)
        print(f"  {name:34s} {size / 1000:7.0f} kB {t:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
