"""Compare a child plan with its parent: `diff_plans(child, parent) -> Diff` (see compare.model)."""

from .model import (
    CLAUSE_STATUSES,
    DIFF_SCHEMA,
    LABELS,
    TASK_STATUSES,
    ClauseDiff,
    DeadlineIssue,
    Diff,
    ExtraTask,
    FlagDetail,
    PlanRef,
    Summary,
    TaskDiff,
    UnitsDiff,
)


def diff_plans(child, parent, **options):
    """Compare `child` (Plan) with its `parent` (Plan) and return a Diff; see compare.diff."""
    from .diff import diff_plans as _diff_plans

    return _diff_plans(child, parent, **options)


__all__ = [
    "CLAUSE_STATUSES", "DIFF_SCHEMA", "LABELS", "TASK_STATUSES", "ClauseDiff", "DeadlineIssue",
    "Diff", "ExtraTask", "FlagDetail", "PlanRef", "Summary", "TaskDiff", "UnitsDiff", "diff_plans",
]
