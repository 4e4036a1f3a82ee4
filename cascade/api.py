"""Library entry points shared by every command: load a plan from any file, parse, save."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .model import Plan

PLAN_SUFFIXES = (".yaml", ".yml", ".json")


def is_plan_file(path: str | Path) -> bool:
    """True for a saved plan (.plan.yaml, .yaml, .json) rather than a source document."""
    return Path(path).suffix.lower() in PLAN_SUFFIXES


def load_plan(path: str | Path) -> Plan:
    """Load a `.plan.yaml`/`.json`, or parse a source document (.txt/.docx) on the fly."""
    path = Path(path)
    if not path.exists():
        raise InputError("文件不存在。", path=path)
    if is_plan_file(path):
        from . import model

        try:
            return model.load(path)
        except (ValueError, TypeError, KeyError) as exc:
            raise InputError(f"不是有效的方案文件（{exc}）。", path=path) from exc
        except Exception as exc:  # yaml.YAMLError and friends: say where
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise InputError(f"方案文件格式有误（{getattr(exc, 'problem', exc)}）。", path=path, line=line) from exc
    return _parse_source(path)


def _parse_source(path: str | Path) -> Plan:
    """Parse a source document; a ledger .xlsx on its own gives its sections, tasks and measures."""
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        from .ledger.source import plan_from_ledger

        return plan_from_ledger(path)
    from .parse import parse_file

    return parse_file(path)


def parse(src: str | Path, output: str | Path | None = None) -> Plan:
    """Parse a source document into a Plan and, when `output` is given, save it (.yaml/.json)."""
    plan = _parse_source(src)
    if output:
        from .model import save

        save(plan, output)
    return plan
