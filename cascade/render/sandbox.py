"""A Jinja sandbox for user templates: no Python internals, autoescaped, bounded in steps, time and size.

Bounds hold while rendering, not after: every loop iteration, call, operator, attribute and
filter spends from a step budget (with a wall-clock deadline), every string or list built is
sized before it is built where its size can be foreseen (`indent(999999)`, `replace('', …)`,
`'%999999999s' % x`, `a ~ a`) and counted against a total of characters produced.
"""

from __future__ import annotations

import functools
import re
import time
from numbers import Number
from pathlib import Path

from ..errors import TemplateError

# A rendered part (document.xml of a long plan is ~1–2 MB) may not exceed this many characters.
MAX_OUTPUT_CHARS = 30_000_000
# No single string or list a template builds may exceed this length; no number argument to a
# filter or method may exceed it either (`'x'|center(10**9)`).
MAX_VALUE_LEN = 1_000_000
# Characters produced over a whole render (all strings built, output included): the memory bound.
MAX_PRODUCED_CHARS = 100_000_000
# Loop iterations, calls, operators, attribute look-ups and filters of one render (the bundled
# template spends ~700 on the longest seed plan), and the wall-clock limit.
MAX_STEPS = 1_500_000
MAX_SECONDS = 5.0
_CHECK_CLOCK_EVERY = 4096
# `%5s`, `{:>5}`, `{0:^5}`: the widths a format string asks for.
_WIDTHS = re.compile(r"%[-+ #0]*(\d+)|\{[^{}]*?:[^{}]*?(\d+)[^{}]*\}")
_SIZED = (str, bytes, list, tuple, dict, set)


def _too_large(value) -> bool:
    """True for a sized value or a number beyond MAX_VALUE_LEN."""
    if isinstance(value, (str, bytes, list, tuple)):
        return len(value) > MAX_VALUE_LEN
    if isinstance(value, Number) and not isinstance(value, bool):
        try:
            return abs(value) > MAX_VALUE_LEN
        except TypeError:
            return False
    return False


def _size(value) -> int:
    return len(value) if isinstance(value, _SIZED) else 0


def _format_size(fmt: str, args) -> int:
    """An upper estimate of `fmt % args` or `fmt.format(*args)`: the text, widths and arguments."""
    widths = sum(int(a or b) for a, b in _WIDTHS.findall(fmt) if len(a or b) < 12)
    return len(fmt) + widths + sum(len(str(a)) for a in args if isinstance(a, (str, Number)))


def _replace_size(s: str, old, new, count=None) -> int:
    if not isinstance(s, str) or not isinstance(old, str) or not isinstance(new, str):
        return 0
    hits = len(s) + 1 if old == "" else s.count(old)
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(s) + hits * max(len(new) - len(old), 0)


def _join_size(sep, items) -> int:
    if not isinstance(items, (list, tuple)):
        return 0
    return len(str(sep)) * max(len(items) - 1, 0) + sum(_size(i) for i in items)


def _indent_size(s, width=4, *_args, **_kwargs) -> int:
    if not isinstance(s, str):
        return 0
    step = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    return len(s) + (s.count("\n") + 1) * max(step, 0)


def _wordwrap_size(s, width=79, break_long_words=True, wrapstring=None, *_args, **_kwargs) -> int:
    if not isinstance(s, str):
        return 0
    if len(s) > MAX_VALUE_LEN // 10:  # textwrap is slow on long strings
        return MAX_VALUE_LEN + 1
    width = width if isinstance(width, int) and width > 0 else 1
    return len(s) + (len(s) // width + 1) * len(wrapstring or "\n")


# What a filter will produce, foreseen from its value and arguments (filters not named here are
# bounded by their input and checked on their result).
_FILTER_SIZES = {
    "indent": _indent_size,
    "wordwrap": _wordwrap_size,
    "replace": lambda s, old="", new="", count=None, *a, **k: _replace_size(s, old, new, count),
    "format": lambda s, *args, **kwargs: _format_size(s, (*args, *kwargs.values())) if isinstance(s, str) else 0,
    "join": lambda items, d="", *a, **k: _join_size(d, items),
}
# The same for methods of a string, keyed by name.
_METHOD_SIZES = {
    "format": lambda s, *args, **kwargs: _format_size(s, (*args, *kwargs.values())),
    "format_map": lambda s, mapping=None, *a: _format_size(s, ()),
    "replace": lambda s, old="", new="", count=-1, *a: _replace_size(s, old, new, count),
    "join": lambda s, items=(), *a: _join_size(s, list(items) if isinstance(items, (list, tuple)) else items),
    "expandtabs": lambda s, tabsize=8, *a: len(s) + s.count("\t") * (tabsize if isinstance(tabsize, int) else 8),
}


class Budget:
    """Steps, characters and time one render may spend."""

    def __init__(self, error, *, timed: bool = True):
        self.error = error
        self.steps = 0
        self.produced = 0
        self.max_steps = MAX_STEPS if timed else float("inf")
        self.deadline = time.monotonic() + MAX_SECONDS if timed else float("inf")

    def tick(self, n: int = 1) -> None:
        """Spend `n` steps; refuse past MAX_STEPS or the deadline."""
        self.steps += n
        if self.steps > self.max_steps:
            raise self.error(f"模板运行的步数超过 {MAX_STEPS:,} 步的上限（循环过多或嵌套过深）")
        if self.steps % _CHECK_CLOCK_EVERY < n and time.monotonic() > self.deadline:
            raise self.error(f"模板运行超过 {MAX_SECONDS:g} 秒的上限")

    def will_make(self, size: int) -> None:
        """Refuse, before building it, a value of `size` characters or items."""
        if size > MAX_VALUE_LEN:
            raise self.error("模板生成的内容过大")

    def made(self, value) -> None:
        """Count a value built; refuse past the single-value and total limits."""
        size = _size(value)
        self.will_make(size)
        self.produced += size
        if self.produced > MAX_PRODUCED_CHARS:
            raise self.error("模板生成的内容总量过大")


def make_environment(*, bundled: bool = False, **options):
    """A SandboxedEnvironment with autoescape, strict undefined names and a step/size budget.

    Every HTML page and user template renders in one of these; `options` are Jinja's
    whitespace settings (`trim_blocks`, `lstrip_blocks`) for the bundled pages. Make one per
    render: the budget is spent from the moment it is made. A `bundled` template no user can
    replace (the audit page, whose work grows with the folder) has no step or time budget;
    sizes stay bounded.
    """
    from jinja2 import StrictUndefined, nodes
    from jinja2.runtime import markup_join
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    budget = Budget(SecurityError, timed=not bundled)

    class BoundedSandbox(SandboxedEnvironment):
        """Spends from `budget` on every operation a template can repeat or grow with."""

        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def _parse(self, source, name, filename):
            """Rewrite loops to spend a step per iteration and `~` to be sized first."""
            tree = super()._parse(source, name, filename)
            for loop in tree.find_all(nodes.For):
                loop.iter = nodes.Call(nodes.Name("_bounded_iter", "load"), [loop.iter], [], None, None)
            for parent in tree.find_all(nodes.Node):
                for field in parent.fields:
                    child = getattr(parent, field, None)
                    if isinstance(child, nodes.Concat):
                        setattr(parent, field, _sized_concat(child))
                    elif isinstance(child, list):
                        child[:] = [_sized_concat(c) if isinstance(c, nodes.Concat) else c for c in child]
            return tree

        def call_binop(self, context, operator, left, right):
            """Refuse `'x' * 10**9`, `2 ** 10**9`, `'%999999999s' % x` and sums past the limit."""
            budget.tick()
            if operator == "**" and isinstance(right, Number) and abs(right) > 64:
                raise SecurityError("幂运算的指数过大")
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                        budget.will_make(len(seq) * n)
            if operator == "+":
                budget.will_make(_size(left) + _size(right))
            if operator == "%" and isinstance(left, str):
                budget.will_make(_format_size(left, right if isinstance(right, tuple) else (right,)))
            result = super().call_binop(context, operator, left, right)
            budget.made(result)
            return result

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
            """Refuse calls with huge numeric arguments or results foreseen too large."""
            budget.tick()
            if any(_too_large(a) for a in (*args, *kwargs.values()) if isinstance(a, Number)):
                raise SecurityError("模板调用的参数过大")
            # Jinja hands `str.format` out wrapped (functools.wraps keeps the method in __wrapped__).
            owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
            estimate = _METHOD_SIZES.get(getattr(__obj, "__name__", ""))
            if isinstance(owner, str) and estimate is not None:
                budget.will_make(estimate(owner, *args, **kwargs))
            result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
            if isinstance(owner, (list, dict, set)):  # `list.append` in a loop
                budget.will_make(len(owner))
            budget.made(result)
            return result

        def getattr(self, obj, attribute):
            budget.tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj, argument):
            budget.tick()
            return super().getitem(obj, argument)

    def bounded_iter(iterable):
        """Iterate, spending one step per item."""
        for item in iterable:
            budget.tick()
            yield item

    def sized_join(*pieces):
        """`a ~ b`: sized before joining."""
        budget.tick(len(pieces))
        budget.will_make(sum(len(str(p)) if isinstance(p, (str, Number)) else _size(p) for p in pieces))
        result = markup_join(pieces)
        budget.made(result)
        return result

    def _sized_concat(node):
        return nodes.Call(nodes.Name("_sized_join", "load"), list(node.nodes), [], None, None)

    env = BoundedSandbox(autoescape=True, undefined=StrictUndefined, **options)
    env.globals.update(_bounded_iter=bounded_iter, _sized_join=sized_join)
    env.filters = {name: _bounded_filter(name, f, budget) for name, f in env.filters.items()}
    env.concat = functools.partial(_bounded_concat, budget=budget)
    env.budget = budget
    return env


def _bounded_filter(name: str, func, budget: Budget):
    """Wrap a filter so numeric arguments, its foreseen size and its result stay within bounds."""
    from jinja2.utils import _PassArg

    passes_first = _PassArg.from_obj(func) is not None
    estimate = _FILTER_SIZES.get(name)

    @functools.wraps(func)
    def bounded(*args, **kwargs):
        """The filter, refusing oversized arguments and results."""
        budget.tick()
        values = args[1:] if passes_first else args
        if any(isinstance(a, Number) and _too_large(a) for a in (*values[1:], *kwargs.values())):
            raise budget.error("过滤器的参数过大")
        if estimate is not None and values:
            budget.will_make(estimate(*values, **kwargs))
        result = func(*args, **kwargs)
        if isinstance(result, (str, list)):
            budget.made(result)
        return result

    return bounded


def _bounded_concat(pieces, *, budget: Budget) -> str:
    """Join rendered pieces, stopping as soon as the output passes MAX_OUTPUT_CHARS."""
    out: list[str] = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_OUTPUT_CHARS:
            raise budget.error(f"模板输出超过 {MAX_OUTPUT_CHARS // 1_000_000} M 字符的上限")
        out.append(piece)
    budget.produced += total
    if budget.produced > MAX_PRODUCED_CHARS:
        raise budget.error("模板生成的内容总量过大")
    return "".join(out)


def template_error(exc: Exception, path: str | Path | None) -> TemplateError:
    """Translate a Jinja exception raised while rendering a user template into a TemplateError."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    detail = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, OverflowError) or "MAX_RANGE" in detail:
        message = "模板中的循环次数过大（range 超过 10 万），已拒绝渲染。"
    elif isinstance(exc, SecurityError):
        message = f"模板含有不安全或越界的操作（{detail}），已拒绝渲染。"
    elif isinstance(exc, RecursionError):
        message = "模板中的宏调用嵌套过深（可能是宏调用了自己），已拒绝渲染。"
    elif isinstance(exc, MemoryError):
        message = "模板生成的内容过大，已拒绝渲染。"
    elif isinstance(exc, TemplateSyntaxError):
        message = (
            f"模板语法错误（{detail}），请检查 {{{{ }}}} 与 {{% %}} 标签是否成对、拼写是否正确。"
        )
    elif isinstance(exc, UndefinedError):
        message = f"模板引用了方案中不存在的字段（{detail}）。"
    elif isinstance(exc, TypeError) and "loader" in detail:
        message = "模板不能引用其他文件（include/import/extends），已拒绝渲染。"
    else:
        message = f"模板渲染失败（{type(exc).__name__}：{detail}）。"
    return TemplateError(message, path=path)
