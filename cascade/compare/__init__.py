"""Compare a child plan with its parent: `diff_plans(child, parent) -> Diff` (see compare.model)."""

from .diff import diff_plans
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

__all__ = [
    "CLAUSE_STATUSES", "DIFF_SCHEMA", "LABELS", "TASK_STATUSES", "ClauseDiff", "DeadlineIssue",
    "Diff", "ExtraTask", "FlagDetail", "PlanRef", "Summary", "TaskDiff", "UnitsDiff", "diff_plans",
]
