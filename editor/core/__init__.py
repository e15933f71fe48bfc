"""Pure-Python engine: posts, front matter, Jekyll rules, rendering, checks (no Qt)."""
