"""Compare a child plan with its parent: `diff_plans(child, parent) -> Diff` (see compare.model)."""

from .model import (
    CLAUSE_STATUSES,
    DIFF_SCHEMA,
    FINDING_TYPES,
    LABELS,
    TASK_STATUSES,
    ClauseDiff,
    Diff,
    ExtraTask,
    Finding,
    PartDiff,
    PlanRef,
    Summary,
    TaskDiff,
    UnitsDiff,
)


def __getattr__(name: str):
    """`diff_plans` is imported on first use: the CLI needs the model, not the matcher."""
    if name == "diff_plans":
        from .diff import diff_plans

        return diff_plans
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CLAUSE_STATUSES", "DIFF_SCHEMA", "LABELS", "TASK_STATUSES", "ClauseDiff", "FINDING_TYPES",
    "Diff", "ExtraTask", "Finding", "PartDiff", "PlanRef", "Summary", "TaskDiff", "UnitsDiff", "diff_plans",
]
