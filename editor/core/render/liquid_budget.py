"""A work budget for one Liquid render: wall time, includes, bytes written, string sizes.

python-liquid's own limits (loop iterations, output stream, local namespace) see an
include's text or a filter's result only after it has been built; a self-including
include or nine chained `replace` filters do their damage before that. This module
charges every write to any output buffer, every include and every filter call to one
per-render budget and stops the render (a `ResourceLimitError`, shown as a notice)
as soon as one bound is crossed, before the next piece of work is done.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from editor.core.render.safety import (
    LIQUID_INCLUDE_LIMIT,
    LIQUID_SECONDS,
    LIQUID_STRING_LIMIT,
    LIQUID_WRITE_LIMIT,
)


def _limit_error(message: str) -> Exception:
    """python-liquid's ResourceLimitError (imported lazily)."""
    from liquid.exceptions import ResourceLimitError

    return ResourceLimitError(message, token=None)


@dataclass
class Budget:
    """What one render may still spend; `charge_*` raise when a bound is crossed."""

    deadline: float
    includes_left: int = LIQUID_INCLUDE_LIMIT
    bytes_left: int = LIQUID_WRITE_LIMIT
    string_limit: int = LIQUID_STRING_LIMIT
    spent: dict[str, int] = field(default_factory=lambda: {"includes": 0, "bytes": 0})
    memo: dict[Any, Any] = field(default_factory=dict)  # per-render caches (post list)

    def check_time(self) -> None:
        """Raise when the render's wall-time budget is used up."""
        if time.perf_counter() > self.deadline:
            raise _limit_error(f"the Liquid took longer than {LIQUID_SECONDS:g} s")

    def charge_include(self) -> None:
        """Count one rendered include (and look at the clock)."""
        self.includes_left -= 1
        self.spent["includes"] += 1
        if self.includes_left < 0:
            raise _limit_error(f"more than {LIQUID_INCLUDE_LIMIT:,} includes rendered")
        self.check_time()

    def charge_write(self, size: int) -> None:
        """Count `size` characters written to any buffer (captures and includes too)."""
        self.bytes_left -= size
        self.spent["bytes"] += size
        if self.bytes_left < 0:
            raise _limit_error(f"more than {LIQUID_WRITE_LIMIT // 1_000_000} MB of text built")
        self.check_time()

    def check_string(self, size: int, name: str) -> None:
        """Raise before a filter builds a string longer than the limit."""
        if size > self.string_limit:
            raise _limit_error(f"filter '{name}' would build a text of {size:,} characters "
                               f"(limit {self.string_limit:,})")
        self.check_time()


_BUDGET: ContextVar[Budget | None] = ContextVar("dateline_liquid_budget", default=None)


@contextmanager
def budget(seconds: float = LIQUID_SECONDS) -> Iterator[Budget]:
    """Open a fresh budget for one render (nested renders share the outer one)."""
    outer = _BUDGET.get()
    if outer is not None:
        yield outer
        return
    current = Budget(deadline=time.perf_counter() + seconds)
    token = _BUDGET.set(current)
    try:
        yield current
    finally:
        _BUDGET.reset(token)


def current() -> Budget | None:
    """The budget of the render under way, if any."""
    return _BUDGET.get()


def charge_write(size: int) -> None:
    """Charge a write to the current budget (no budget: nothing to do)."""
    spend = _BUDGET.get()
    if spend is not None:
        spend.charge_write(size)


def charge_include() -> None:
    """Charge one include to the current budget."""
    spend = _BUDGET.get()
    if spend is not None:
        spend.charge_include()


def _length(value: Any) -> int:
    """Characters a filter argument contributes (0 for non-strings)."""
    return len(value) if isinstance(value, str) else 0


def _predicted(name: str, left: Any, args: tuple[Any, ...]) -> int:
    """The size a growing string filter will produce, before it runs."""
    text = left if isinstance(left, str) else str(left) if left is not None else ""
    if name in ("replace", "replace_first", "replace_last"):
        old = str(args[0]) if args else ""
        new = str(args[1]) if len(args) > 1 and args[1] is not None else ""
        if name != "replace":
            return len(text) + len(new)
        count = len(text) + 1 if old == "" else text.count(old)
        return len(text) + count * max(0, len(new) - len(old))
    if name in ("append", "prepend"):
        return len(text) + sum(_length(a) for a in args)
    if name == "join" and isinstance(left, (list, tuple)):
        sep = str(args[0]) if args else " "
        return sum(len(str(v)) for v in left) + len(sep) * max(0, len(left) - 1)
    return 0


_GROWING = frozenset(("replace", "replace_first", "replace_last", "append", "prepend", "join"))


def bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` that refuses to build a string past the budget's limit.

    Growing filters (`replace`, `append`, `join`...) are sized before they run; every
    filter's result is measured after, so no chain can grow by more than one step.
    """
    growing = name in _GROWING

    def guarded(left: Any, *args: Any, **kwargs: Any) -> Any:
        spend = _BUDGET.get()
        if spend is not None and growing:
            spend.check_string(_predicted(name, left, args), name)
        out = func(left, *args, **kwargs)
        if spend is not None:
            spend.check_string(_length(out), name)
        return out

    for attr in ("with_context", "with_environment", "filter_async", "validate"):
        if hasattr(func, attr):
            setattr(guarded, attr, getattr(func, attr))
    guarded.__name__ = getattr(func, "__name__", name)
    guarded.__doc__ = getattr(func, "__doc__", None)
    return guarded


def bound_environment_classes() -> tuple[type, type]:
    """A (template class, context class) pair whose buffers charge the budget."""
    from liquid.context import RenderContext
    from liquid.output import LimitedStringIO
    from liquid.template import BoundTemplate

    class BudgetStream(LimitedStringIO):
        """An output buffer whose every write is charged to the render's budget."""

        def write(self, __s: str) -> int:  # noqa: D102
            if __s:
                charge_write(len(__s))
            return super().write(__s)

    class BudgetContext(RenderContext):
        """A render context whose captures write to budgeted buffers."""

        def get_buffer(self, buf: Any = None) -> Any:  # noqa: D102
            limit = self.env.output_stream_limit or LIQUID_WRITE_LIMIT
            carry = buf.size if isinstance(buf, LimitedStringIO) else 0
            return BudgetStream(limit=limit - carry)

    class BudgetTemplate(BoundTemplate):
        """A template rendered into a budgeted buffer."""

        context_class = BudgetContext

        def _get_buffer(self) -> Any:
            return BudgetStream(limit=self.env.output_stream_limit or LIQUID_WRITE_LIMIT)

    return BudgetTemplate, BudgetStream
