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


# -- one library call per command, same name as the command ---------------------------------


def check(plan: str | Path):
    """Lint a plan: tasks without units or deadlines, parse warnings, ledger/body mismatches."""
    from .check import check_plan

    return check_plan(load_plan(plan))


def init(parent: str | Path, *, level: str, region: str, output: str | Path, **options) -> Path:
    """Scaffold an overrides file for a lower level from its parent plan (see cascade.derive)."""
    from .derive import init_overrides

    return init_overrides(parent, level=level, region=region, output=output, **options)


def derive(overrides: str | Path, output: str | Path | None = None) -> Plan:
    """Parent plan + overrides file → the child plan, saved when `output` is given."""
    from .derive import derive as _derive

    return _derive(overrides, output)


def render(plan: str | Path | Plan, *, docx: str | Path | None = None,
           xlsx: str | Path | None = None, template: str | Path | None = None) -> list[Path]:
    """Write the official .docx and/or the task-ledger .xlsx of a plan; returns what was written."""
    loaded = plan if isinstance(plan, Plan) else load_plan(plan)
    if not isinstance(plan, Plan):
        from .render.output import refuse_same_file

        refuse_same_file((plan, template), (docx, xlsx))
    written = []
    if docx:
        from .render.docx import render_docx

        written.append(render_docx(loaded, docx, template=template))
    if xlsx:
        from .render.xlsx import render_ledger

        written.append(render_ledger(loaded, xlsx))
    return written


def update_ledger(plan: str | Path | Plan, ledger: str | Path, **options):
    """Regenerate a ledger from the plan, keeping everything people typed (see cascade.ledger)."""
    from .ledger import update_ledger as _update

    return _update(plan if isinstance(plan, Plan) else load_plan(plan), ledger, **options)


def diff(child: str | Path, parent: str | Path, **options):
    """Diff a child plan against its parent; writes JSON/HTML reports when asked (cascade.diff)."""
    from .diff import diff as _diff

    return _diff(child, parent, **options)


def audit(directory: str | Path, **options):
    """Diff every plan under a folder against its parent: the coverage matrix (cascade.audit)."""
    from .audit import audit as _audit

    return _audit(directory, **options)
