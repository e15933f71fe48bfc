"""Code blocks as kramdown + Rouge print them, highlighted with Pygments."""

from __future__ import annotations

from functools import lru_cache
from html import escape

# Rouge lexer tags and aliases (Rouge 3.x/4.x). A language outside this set is
# not highlighted by Jekyll: kramdown then prints a bare <pre><code>.
_ROUGE = """
abap actionscript as as3 ada apache apex apiblueprint apib applescript armasm augeas awk
batchfile bat batch dosbatch winbatch bbcbasic bibtex bib bicep biml bpf brainfuck
brightscript bs bsl c ceylon cfscript clean clojure clj cljs cmake cmhg codeowners
coffeescript coffee coffee-script common_lisp cl common-lisp elisp emacs-lisp lisp conf
config configuration console terminal shell_session shell-session coq cpp c++ crystal cr
csharp c# cs css csvs cuda cypher cython pyx pyrex d dlang dafny dart datastudio diff patch
udiff digdag docker dockerfile dot ecl eex leex heex eiffel elixir exs elm email eml e-mail
epp erb eruby rhtml erlang erl escape esc factor fluent fortran freefem fsharp gdscript gd
ghc-cmm cmm ghc-core gherkin cucumber behat glsl go golang gradle graphql groovy hack hh
haml handlebars hbs mustache haskell hs haxe hx hcl hlsl hocon html http hylang hy idlang
idris idr igorpro ini io irb pry irb_output isbl j janet jdn java javascript js jinja
django jsl json json-doc jsonc jsonnet jsp jsx react julia jl kotlin kt lasso lassoscript
lean liquid literate_coffeescript litcoffee literate_haskell lithaskell lhaskell lhs
livescript ls llvm lua lustre lutin m68k magik make makefile mf gnumake bsdmake markdown md
mkd mason mathematica wl matlab m maxscript ms meson minizinc moonscript moon mosel msgtrans
mxml nasm nesasm nes nginx nial nim nimrod nix nixos objective_c objc obj-c obj_c
objectivec objective_cpp objcpp obj-cpp obj_cpp objectivecpp objc++ ocaml ocl openedge abl
opentype_feature_file fea opentype opentypefeature pascal perl pl php php3 php4 php5
plaintext text plist plsql pony postscript postscr ps eps powershell posh microsoftshell
msshell praat prolog prometheus properties protobuf proto puppet pp python py racket reasonml
rego rescript rml robot_framework robot robot-framework ruby rb rust rs rust sas sass scala
scheme scss sed shell bash zsh ksh sh sieve slice slim smalltalk st squeak smarty sml ml
solidity sparql sqf sql ssh stan stata do supercollider sc svelte swift systemd unit-file
syzlang syzprog tap tcl terraform tf tex latex tf toml tsx ttcn3 tulip tlp turtle twig
typescript ts vala vb visualbasic vcl varnish velocity verilog vhdl viml vim vimscript ex
vue wollok xml xojo realbasic xpath xquery yaml yml yang zig q kdb r R s
""".split()
ROUGE_LANGS = frozenset(_ROUGE)

# Where Pygments names a language differently from Rouge.
_PYGMENTS_NAME = {"plaintext": "text", "console": "console", "shell": "bash", "viml": "vim",
                  "common_lisp": "common-lisp", "objective_c": "objective-c", "batchfile": "bat",
                  "literate_haskell": "lhs", "irb": "rb", "conf": "ini", "docker": "docker"}


def is_rouge_language(lang: str) -> bool:
    """True when Rouge (hence Jekyll) highlights code tagged `lang`."""
    return lang.lower() in ROUGE_LANGS


def code_block_html(code: str, lang: str | None, attrs: dict[str, str]) -> str:
    """The HTML kramdown prints for a code block (`lang` None: Rouge's plaintext)."""
    from editor.core.render.htmlattrs import attrs_html

    attrs = dict(attrs)
    classes = attrs.pop("class", "").split()
    cls_lang = next((c[9:] for c in classes if c.startswith("language-")), None)
    classes = [c for c in classes if not c.startswith("language-")]
    lang = lang or cls_lang
    if lang is not None and not is_rouge_language(lang):
        code_attr = f' class="language-{escape(lang)}"'
        rest = " ".join(classes)
        if rest:
            attrs["class"] = rest
        body = escape(code, quote=False).rstrip("\n")
        return f"<pre{attrs_html(attrs)}><code{code_attr}>{body}\n</code></pre>\n"
    shown = lang or "plaintext"
    attrs["class"] = " ".join([f"language-{shown}", *classes, "highlighter-rouge"])
    inner = highlight(code, shown)
    return (f'<div{attrs_html(attrs)}><div class="highlight"><pre class="highlight"><code>'
            f"{inner}</code></pre></div></div>\n")


def highlight(code: str, lang: str) -> str:
    """`code` as HTML with Pygments token spans (text unchanged, escaped)."""
    lexer = _lexer(lang.lower())
    if lexer is None:
        return escape(code, quote=False)
    from pygments import highlight as pyg_highlight

    out: str = pyg_highlight(code, lexer, _formatter())
    if not code.endswith("\n") and out.endswith("\n"):
        out = out[:-1]
    # Rouge leaves quotes unescaped in text; Pygments before 2.21 escaped them.
    # Same text either way, but the output should not depend on the version.
    return out.replace("&quot;", '"').replace("&#39;", "'")


@lru_cache(maxsize=128)
def _lexer(lang: str) -> object | None:
    """A Pygments lexer for a Rouge language name, None for plain text."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    name = _PYGMENTS_NAME.get(lang, lang)
    if name == "text":
        return None
    try:
        return get_lexer_by_name(name, stripnl=False, stripall=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=1)
def _formatter() -> object:
    """One shared Pygments HTML formatter emitting bare spans."""
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)
