"""A Jinja sandbox for user templates: no Python internals, autoescaped, bounded output size."""

from __future__ import annotations

import functools
from numbers import Number
from pathlib import Path

from ..errors import TemplateError

# A rendered part (document.xml of a long plan is ~1–2 MB) may not exceed this many characters.
MAX_OUTPUT_CHARS = 30_000_000
# No single string or list a template builds may exceed this length; no number argument to a
# filter or method may exceed it either (`'x'|center(10**9)`).
MAX_VALUE_LEN = 1_000_000


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


def make_environment(**options):
    """A SandboxedEnvironment with autoescape, strict undefined names and size limits.

    Every HTML page and user template renders in one of these; `options` are Jinja's
    whitespace settings (`trim_blocks`, `lstrip_blocks`) for the bundled pages.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    class BoundedSandbox(SandboxedEnvironment):
        """Refuses oversized values from `*`, `**`, `+`, calls and filters."""

        intercepted_binops = frozenset({"*", "**", "+"})

        def call_binop(self, context, operator, left, right):
            """Refuse `'x' * 10**9`, `2 ** 10**9` and sums beyond the size limit."""
            if operator == "**" and isinstance(right, Number) and abs(right) > 64:
                raise SecurityError("幂运算的指数过大")
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if (
                        isinstance(seq, (str, list, tuple))
                        and isinstance(n, int)
                        and len(seq) * n > MAX_VALUE_LEN
                    ):
                        raise SecurityError("模板生成的内容过大")
            result = super().call_binop(context, operator, left, right)
            if _too_large(result) and not isinstance(result, Number):
                raise SecurityError("模板生成的内容过大")
            return result

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
            """Refuse calls with huge numeric arguments or huge results (`'{:>9999999}'.format`)."""
            if any(_too_large(a) for a in (*args, *kwargs.values()) if isinstance(a, Number)):
                raise SecurityError("模板调用的参数过大")
            result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
            if _too_large(result) and not isinstance(result, Number):
                raise SecurityError("模板生成的内容过大")
            return result

    env = BoundedSandbox(autoescape=True, undefined=StrictUndefined, **options)
    env.filters = {name: _bounded_filter(f, SecurityError) for name, f in env.filters.items()}
    env.concat = functools.partial(_bounded_concat, error=SecurityError)
    return env


def _bounded_filter(func, error):
    """Wrap a filter so numeric arguments and its result stay within MAX_VALUE_LEN."""

    @functools.wraps(func)
    def bounded(*args, **kwargs):
        """The filter, refusing oversized arguments and results."""
        if any(isinstance(a, Number) and _too_large(a) for a in (*args[1:], *kwargs.values())):
            raise error("过滤器的参数过大")
        result = func(*args, **kwargs)
        if isinstance(result, (str, list)) and _too_large(result):
            raise error("模板生成的内容过大")
        return result

    return bounded


def _bounded_concat(pieces, *, error) -> str:
    """Join rendered pieces, stopping as soon as the output passes MAX_OUTPUT_CHARS."""
    out: list[str] = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_OUTPUT_CHARS:
            raise error(f"模板输出超过 {MAX_OUTPUT_CHARS // 1_000_000} MB 字符的上限")
        out.append(piece)
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
