"""Loading a plan from any file: a saved `.plan.yaml`/`.json`, or a source document parsed on the fly.

The one place that knows which names are plan files and which are sources; every stage that takes
a PLAN argument (derive, compare, audit, render, ledger) loads it through `load_plan`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CascadeError, InputError
from ..model import Plan

# A saved plan (what `cascade parse -o` and `cascade derive -o` write).
PLAN_SUFFIXES = (".yaml", ".yml", ".json")
# Names that mark a saved plan inside a folder of other YAML files (tree.yaml, overrides).
PLAN_NAME_SUFFIXES = (".plan.yaml", ".plan.yml", ".plan.json")
# Plan documents the readers understand (by content; the suffix only picks the candidates),
# and task ledgers, which read as a plan of their rows when given on their own.
SOURCE_SUFFIXES = (".txt", ".docx", ".pdf", ".doc", ".wps")
LEDGER_SUFFIXES = (".xlsx", ".xlsm")


def is_plan_file(path: str | Path) -> bool:
    """True for a saved plan (.plan.yaml, .yaml, .json) rather than a source document."""
    return Path(path).suffix.lower() in PLAN_SUFFIXES


def is_plan_name(path: str | Path) -> bool:
    """True for a file a folder of plans holds as one: `x.plan.yaml` or a plan document.

    Other YAML (tree.yaml, overrides) and workbooks (ledgers, reports) in the folder are not.
    """
    name = Path(path).name.lower()
    return name.endswith(PLAN_NAME_SUFFIXES) or name.endswith(SOURCE_SUFFIXES)


def load_plan(path: str | Path) -> Plan:
    """Load a `.plan.yaml`/`.json`, or parse a source document (.txt/.docx/.xlsx) on the fly."""
    from ..fsutil import read_error

    path = Path(path)
    try:
        path.stat()
    except OSError as exc:  # missing, symlink loop, no permission: said in Chinese
        raise read_error(exc, path) from exc
    if is_plan_file(path):
        return _load_saved(path)
    return parse_source_file(path)


def _load_saved(path: Path) -> Plan:
    """A saved plan, with the measures a plan without a ledger has split from its tasks."""
    from .. import model
    from .measures import fill_measures

    try:
        plan = model.load(path)
    except CascadeError:  # model.load says it in Chinese, with the line
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError(f"不是有效的方案文件（{exc}）。", path=path) from exc
    except Exception as exc:  # yaml.YAMLError and friends: say where
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(f"方案文件格式有误（{getattr(exc, 'problem', exc)}）。", path=path, line=line) from exc
    fill_measures(plan)
    return plan


def parse_source_file(path: str | Path) -> Plan:
    """Parse a source document; a ledger .xlsx on its own gives its sections, tasks and measures."""
    if Path(path).suffix.lower() in LEDGER_SUFFIXES:
        from ..sources import read_source
        from . import parse_source
        from .ledger_book import plan_from_ledger
        from .table_tasks import is_division_table

        source = read_source(path)
        if is_division_table(source.lines):  # 牵头/配合 columns: a 任务分工表, not a ledger
            return parse_source(source)
        return plan_from_ledger(path)
    from . import parse_file

    return parse_file(path)
