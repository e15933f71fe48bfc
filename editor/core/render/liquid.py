"""Liquid as Jekyll runs it on a post body: its tags, filters, `site` and `page`."""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING, Any, TextIO

from editor.core.render.jekyll_data import page_data, site_data
from editor.core.render.liquid_budget import bound_environment_classes, bounded_filter, budget
from editor.core.render.notices import notice
from editor.core.render.safety import (
    LIQUID_GROWTH_LIMIT,
    LOCAL_NAMESPACE_LIMIT,
    LOOP_ITERATION_LIMIT,
    OUTPUT_STREAM_LIMIT,
)

if TYPE_CHECKING:
    from liquid import Environment
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from editor.core.site_model import Site

_MARKERS = ("{{", "{%")


def render_liquid(body: str, page: dict[str, Any], site: Site | None) -> str:
    """Render the Liquid in `body`; errors become an inline notice, never an exception."""
    if not any(m in body for m in _MARKERS) or page.get("render_with_liquid") is False:
        return body
    from liquid.exceptions import LiquidError, ResourceLimitError

    env = jekyll_environment(site)
    data = {"site": site_data(site), "page": page_data(page, site)}
    source, masked = _defuse(body)
    try:
        template = env.from_string(source)
    except LiquidError as err:
        return notice(f"Liquid syntax error: {_message(err)}") + "\n\n" + body
    except RecursionError:
        return notice("Liquid syntax error: tags nested too deeply") + "\n\n" + body
    try:
        with budget():
            out = template.render(**data)
        if len(out) > len(body) + LIQUID_GROWTH_LIMIT:
            raise ResourceLimitError("the Liquid made the post more than "
                                     f"{LIQUID_GROWTH_LIMIT // 1_000_000} MB longer", token=None)
    except ResourceLimitError as err:
        return notice(f"Liquid stopped: {_message(err)} (the preview limits loops to "
                      f"{LOOP_ITERATION_LIMIT:,} iterations and output to "
                      f"{OUTPUT_STREAM_LIMIT // 1_000_000} MB)") + "\n\n" + body
    except LiquidError as err:
        return notice(f"Liquid error: {_message(err)}") + "\n\n" + body
    except (RecursionError, MemoryError):
        return notice("Liquid stopped: the templates nest too deeply or need too much "
                      "memory") + "\n\n" + body
    except Exception as err:  # noqa: BLE001 - a broken template must not break the preview
        return notice(f"Liquid error: {err}") + "\n\n" + body
    if masked:
        out = out.replace(_MASK_OUT, "{{").replace(_MASK_TAG, "{%")
    return out


# Stand-ins for `{{`/`{%` that can never close (python-liquid's lexer rescans to
# the end of the text for each of them, which is quadratic).
_MASK_OUT = "\ue000"
_MASK_TAG = "\ue001"


def _defuse(body: str) -> tuple[str, bool]:
    """Mask every unclosable `{{` (after the last `}}`) and `{%` (after the last `%}`)
    but the first, which keeps python-liquid's own error (or raw text) for it."""
    if _MASK_OUT in body or _MASK_TAG in body:
        return body, False
    masked = False
    for opener, closer, mask in (("{{", "}}", _MASK_OUT), ("{%", "%}", _MASK_TAG)):
        last = body.rfind(closer)
        first = body.find(opener, last + 2 if last >= 0 else 0)
        if first < 0:
            continue
        rest = body[first + 2:]
        if opener in rest:
            body = body[:first + 2] + rest.replace(opener, mask)
            masked = True
    last_end = max((m.end() for m in _RAW_END.finditer(body)), default=0)
    openers = [m.start() for m in _RAW_START.finditer(body, last_end)]
    if len(openers) > 1:
        parts = [body[:openers[1]]]
        for i, at in enumerate(openers[1:], 1):
            end = openers[i + 1] if i + 1 < len(openers) else len(body)
            parts.append(_MASK_TAG + body[at + 2:end])
        body = "".join(parts)
        masked = True
    return body, masked


_RAW_START = re.compile(r"\{%-?\s*(?:raw|doc)\s*-?%\}")
_RAW_END = re.compile(r"\{%-?\s*end(?:raw|doc)\s*-?%\}")


def _message(err: Exception) -> str:
    """The first line of a Liquid error message."""
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


_ENVS: dict[int, Environment] = {}


def jekyll_environment(site: Site | None) -> Environment:
    """A python-liquid environment with Jekyll's tags and filters for `site`."""
    key = id(site)
    env = _ENVS.get(key)
    if env is None or getattr(env, "dateline_site", None) is not site:
        env = _build_environment(site)
        _ENVS.clear()
        _ENVS[key] = env
    return env


def _build_environment(site: Site | None) -> Environment:
    """Create and configure one environment (tags, filters, unknown-tag placeholder)."""
    from liquid import Environment
    from liquid.mode import Mode

    from editor.core.render import jekyll_filters

    class LimitedEnvironment(Environment):
        """Jekyll's Liquid with resource limits, so hostile templates stop early."""

        loop_iteration_limit = LOOP_ITERATION_LIMIT
        output_stream_limit = OUTPUT_STREAM_LIMIT
        local_namespace_limit = LOCAL_NAMESPACE_LIMIT

    template_class, _stream = bound_environment_classes()
    LimitedEnvironment.template_class = template_class
    env = LimitedEnvironment(tolerance=Mode.STRICT, strict_filters=False)
    env.dateline_site = site  # type: ignore[attr-defined]
    for name, func in jekyll_filters.filters(site).items():
        env.add_filter(name, func)
    for name, func in list(env.filters.items()):
        env.filters[name] = bounded_filter(name, func)
    tags = _TagTable(env)
    tags.update(env.tags)
    env.tags = tags
    for tag in _jekyll_tags():
        env.add_tag(tag)
    return env


class _TagTable(dict):
    """Tag register that answers unknown tag names with a placeholder tag."""

    def __init__(self, env: Environment) -> None:
        super().__init__()
        self.env = env

    def get(self, name: str, default: Any = None) -> Any:
        """The registered tag, or a placeholder for an unknown plugin tag."""
        if name in self:
            return self[name]
        if default is None or name.startswith("end") and name[3:] in self:
            return default
        return _placeholder_tag(self.env, name)


def _placeholder_tag(env: Environment, name: str) -> Any:
    """A tag that prints a visible placeholder for plugin tag `name`."""
    return _tag_classes()["placeholder"](env, name)


_TAG_CACHE: dict[str, Any] = {}


def _tag_classes() -> dict[str, Any]:
    """Define the tag classes on first use (python-liquid is imported lazily)."""
    if _TAG_CACHE:
        return _TAG_CACHE
    from liquid import ast
    from liquid.parser import get_parser
    from liquid.tag import Tag
    from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG

    class ArgNode(ast.Node):
        """A tag with raw arguments rendered by a Python function."""

        def __init__(self, token: Any, args: str, func: Any) -> None:
            super().__init__(token)
            self.args = args
            self.func = func
            self.blank = False

        def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
            return buffer.write(self.func(context, self.args))

    class ArgTag(Tag):
        """Inline tag `{% name args %}` calling `func(context, args)`."""

        block = False

        def __init__(self, env: Environment, name: str = "", func: Any = None) -> None:
            super().__init__(env)
            self.name = name or self.name
            self.func = func

        def parse(self, stream: TokenStream) -> ast.Node:
            token = stream.current
            args = ""
            if stream.peek.kind == TOKEN_EXPRESSION:
                next(stream)
                args = stream.current.value
            return ArgNode(token, args, self.func)

    class Placeholder(ArgTag):
        """An unknown plugin tag: keep the post rendering, show what is missing."""

        def __init__(self, env: Environment, name: str) -> None:
            super().__init__(env, name, lambda _c, args: _placeholder_html(name, args))

    class HighlightNode(ast.Node):
        """Jekyll's `{% highlight lang %}` block."""

        def __init__(self, token: Any, args: str, block: Any) -> None:
            super().__init__(token)
            self.args = args
            self.block = block
            self.blank = False

        def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
            inner = io.StringIO()
            self.block.render(context, inner)
            return buffer.write(highlight_tag_html(self.args, inner.getvalue()))

    class HighlightTag(Tag):
        """`{% highlight lang [linenos] %}...{% endhighlight %}`."""

        name = "highlight"
        end = "endhighlight"

        def parse(self, stream: TokenStream) -> ast.Node:
            token = stream.eat(TOKEN_TAG)
            args = ""
            if stream.current.kind == TOKEN_EXPRESSION:
                args = stream.current.value
                next(stream)
            block = get_parser(self.env).parse_block(stream, ("endhighlight",))
            stream.expect(TOKEN_TAG, value="endhighlight")
            return HighlightNode(token, args, block)

    _TAG_CACHE.update(arg=ArgTag, placeholder=Placeholder, highlight=HighlightTag)
    return _TAG_CACHE


def _jekyll_tags() -> list[Any]:
    """Jekyll's own tags as python-liquid tag instances' classes."""
    from editor.core.render import jekyll_tags

    classes = _tag_classes()
    arg = classes["arg"]
    made = []
    for name, func in jekyll_tags.TAGS.items():
        made.append(type(f"Jekyll_{name}", (arg,), {
            "name": name,
            "__init__": _bind_init(name, func, arg),
        }))
    made.append(classes["highlight"])
    return made


def _bind_init(name: str, func: Any, base: Any) -> Any:
    """An __init__ that fixes the tag's name and function."""
    def __init__(self: Any, env: Environment) -> None:  # noqa: N807
        base.__init__(self, env, name, func)

    return __init__


def _placeholder_html(name: str, args: str) -> str:
    """The visible stand-in for a plugin tag the preview cannot run."""
    shown = html.escape(f"{{% {name} {args.strip()} %}}".replace("  ", " "))
    return f'<span class="dateline-plugin-tag" title="Jekyll plugin tag">{shown}</span>'


def highlight_tag_html(args: str, code: str) -> str:
    """Jekyll's `highlight` tag output: a Rouge <figure> (line numbers not drawn)."""
    from editor.core.render.rouge import highlight

    words = args.split()
    lang = words[0] if words else "text"
    code = re.sub(r"\A(?:[ \t]*\n)+|\s+\Z", "", code)
    body = highlight(code, lang)
    cls = html.escape(lang.replace("+", "-"), quote=True)
    data = html.escape(lang, quote=True)
    if "linenos" in words[1:]:
        count = code.count("\n") + 1
        gutter = "".join(f"{n}\n" for n in range(1, count + 1))
        body = ('<table class="rouge-table"><tbody><tr><td class="gutter gl">'
                f'<pre class="lineno">{gutter}</pre></td><td class="code"><pre>{body}\n</pre>'
                "</td></tr></tbody></table>")
    return (f'<figure class="highlight"><pre><code class="language-{cls}" '
            f'data-lang="{data}">{body}</code></pre></figure>')
