"""No regex in cascade/parse/ backtracks quadratically: a 4× longer hostile run costs ~4×, not 16×."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import time
from pathlib import Path

import cascade.parse as parse_pkg
from cascade.parse import unwrap

# Patterns only ever applied to short inputs, with the bound the caller enforces.
LENGTH_BOUNDED = {unwrap._PAGE_NUMBER.pattern: unwrap.PAGE_NUMBER_MAX}
N = 2000


def _walk(obj, out: dict, depth: int = 0) -> None:
    if isinstance(obj, re.Pattern):
        out.setdefault(obj.pattern, obj)
    elif depth < 3 and isinstance(obj, (list, tuple, set, frozenset)):
        for item in obj:
            _walk(item, out, depth + 1)
    elif depth < 3 and isinstance(obj, dict):
        for item in obj.values():
            _walk(item, out, depth + 1)
    elif depth < 3 and hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            _walk(getattr(obj, name, None), out, depth + 1)


def _literal_patterns(path: Path) -> list[str]:
    """Constant patterns passed straight to re.search/match/sub/… inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            found.append(node.args[0].value)
    return found


def parse_patterns() -> dict[str, re.Pattern]:
    """Every compiled pattern of every cascade.parse module, and every literal one."""
    out: dict[str, re.Pattern] = {}
    for info in pkgutil.iter_modules(parse_pkg.__path__):
        module = importlib.import_module(f"cascade.parse.{info.name}")
        for value in vars(module).values():
            _walk(value, out)
        for pattern in _literal_patterns(Path(module.__file__)):
            out.setdefault(pattern, re.compile(pattern))
    return out


def _cost(rx: re.Pattern, text: str, repeats: int = 2) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        sum(1 for _ in rx.finditer(text))
        best = min(best, time.perf_counter() - start)
    return best


def _hostile_runs(rx: re.Pattern):
    """Runs of each character the pattern names (CJK, digits, punctuation), bare or interleaved."""
    chars = sorted({ch for ch in rx.pattern if not ch.isascii() or ch.isdigit()} | set(" ,.(1"))
    for ch in chars:
        yield ch
        yield ch + "x"


def test_the_collector_finds_the_deadline_rules():
    patterns = parse_patterns()
    from cascade.parse.deadlines import _CN_NUMBER, RULES

    assert _CN_NUMBER.pattern in patterns
    assert all(rule.pattern.pattern in patterns for rule in RULES)
    assert len(patterns) > 60


def test_no_parse_regex_is_quadratic_on_a_long_run():
    slow = []
    for pattern, rx in parse_patterns().items():
        bound = LENGTH_BOUNDED.get(pattern)
        for unit in _hostile_runs(rx):
            if bound is not None:
                assert _cost(rx, (unit * bound)[:bound]) < 0.01
                continue
            if _cost(rx, unit * (4 * N), 1) < 0.03:
                continue  # a quadratic pattern spends far more than this on 8,000 characters
            short, long = _cost(rx, unit * N, 5), _cost(rx, unit * (4 * N), 5)
            if long > 8 * max(short, 1e-4):
                slow.append((pattern[:60], unit, round(short, 4), round(long, 4)))
    assert not slow, slow


def test_sixty_thousand_numerals_read_in_a_moment():
    from cascade.parse.deadlines import find_deadlines

    start = time.perf_counter()
    assert find_deadlines("一" * 60_000) == []
    found = find_deadlines("一" * 60_000 + "二〇二四年六月底前完成")
    assert time.perf_counter() - start < 5
    assert [d.date.isoformat() for d in found if d.date] == []  # a run of 60,000 numerals is no year
    assert find_deadlines("二〇二四年六月底前完成")[0].date.isoformat() == "2024-06-30"
