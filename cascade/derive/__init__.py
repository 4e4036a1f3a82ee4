"""Derive a lower level's plan from its parent: `init_overrides` scaffolds, `derive` applies."""

from __future__ import annotations

from pathlib import Path

from ..model import Plan
from .init import init_overrides

OVERRIDES_SUFFIXES = (".overrides.yaml", ".overrides.yml", ".yaml", ".yml")

__all__ = ["derive", "init_overrides", "plan_id_for_overrides"]


def plan_id_for_overrides(path: str | Path) -> str:
    """The child plan's id from its overrides file name: `x-2024.overrides.yaml` → `x-2024`."""
    name = Path(path).name
    for suffix in OVERRIDES_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or "plan"
    return Path(path).stem or "plan"


def derive(overrides_path: str | Path, output: str | Path | None = None) -> Plan:
    """Build the child plan an overrides file describes; save it to `output` when given."""
    from ..errors import InputError
    from ..parse.load import load_plan
    from .apply import derive_plan
    from .overrides import read_overrides

    ov = read_overrides(overrides_path)
    if not ov.parent.exists():
        raise ov.fail(f"上级方案“{ov.parent}”不存在（parent 的路径相对于覆盖文件所在目录）。", ov.parent_line)
    try:
        parent = load_plan(ov.parent)
    except InputError as exc:
        raise ov.fail(f"无法读取上级方案：{exc}", ov.parent_line) from exc
    plan = derive_plan(parent, ov, plan_id=plan_id_for_overrides(overrides_path))
    if output is not None:
        from ..model import save

        save(plan, output)
    return plan
