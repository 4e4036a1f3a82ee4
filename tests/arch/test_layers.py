"""The import graph of `cascade`: imports flow one way, down the layers, with no circle.

Every import of a project module counts, at module level or inside a function (a function-level
import only delays the edge, it does not remove it). Layers, top first:

    cli, demo → serve → api → ledger → render → audit → compare → derive → check → parse → sources
    → ledger_due, ledger_typed → measures, ledger_layout → model → levels
    → fsutil, heavy, assignment, yamlio → errors, chinese

A module may import its own package's modules and anything in a lower layer; the CLI imports only
`cascade.api`, `cascade.errors` and its own modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cascade"
LAYERS = [
    ("__main__",),
    ("cli", "demo"),
    ("serve",),
    ("api",),
    ("ledger",),
    ("render",),
    ("audit",),
    ("compare",),
    ("derive",),
    ("check",),
    ("parse",),
    ("sources",),
    ("ledger_due", "ledger_typed"),
    ("measures", "ledger_layout"),
    ("model",),
    ("levels",),
    ("fsutil", "heavy", "assignment", "yamlio"),
    ("errors", "chinese"),
    ("__init__",),
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
# `cascade serve` starts the web app, which sits beside the CLI (it too calls only the api).
CLI_MAY_IMPORT = {"api", "errors", "cli", "serve"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _edges() -> list[tuple[str, str, int]]:
    """(importer, imported, line) for every import of a cascade module, at any depth."""
    edges = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                targets = [target]
                if not node.module or node.level and target.count(".") < 1:
                    targets = [f"{target}.{a.name}" for a in node.names]
                elif _is_package(target):
                    subs = [f"{target}.{a.name}" for a in node.names]
                    targets += [s for s in subs if _exists(s)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            edges += [(name, t, node.lineno) for t in targets if t.split(".")[0] == "cascade"]
    return edges


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def _is_package(module: str) -> bool:
    return (PACKAGE / Path(*module.split(".")[1:]) / "__init__.py").is_file()


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


EDGES = _edges()


def test_the_graph_was_read():
    importers = {a for a, _, _ in EDGES}
    assert {"cascade.api", "cascade.cli", "cascade.parse.load"} <= importers
    assert len(EDGES) > 100


def test_every_top_level_module_has_a_layer():
    tops = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
            if (p.suffix == ".py" or (p / "__init__.py").is_file())}
    assert tops <= set(RANK), sorted(tops - set(RANK))


@pytest.mark.parametrize("importer,imported,line", EDGES)
def test_no_upward_import(importer, imported, line):
    a, b = _top(importer), _top(imported)
    assert a == b or RANK[b] > RANK[a], f"{importer} (line {line}) imports {imported}, a layer above"


def test_cli_imports_only_the_api_and_errors():
    wrong = sorted({(a, b) for a, b, _ in EDGES if _top(a) == "cli" and _top(b) not in CLI_MAY_IMPORT})
    assert wrong == []


def test_no_import_circle():
    graph: dict[str, set[str]] = {}
    for a, b, _ in EDGES:
        if a != b:
            graph.setdefault(a, set()).add(b)
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # A package's __init__ importing its own submodules is a parent → child edge, not a circle,
    # unless the submodule imports the package back.
    assert cycles == [], "\n".join(" → ".join(c) for c in cycles)


def test_every_package_init_names_its_one_job():
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()[0]) > 10, init
