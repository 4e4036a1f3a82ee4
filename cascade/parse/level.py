"""Step 8: the plan's administrative level, read from the document itself.

Who a notice is addressed to says most (各地级以上市人民政府 → a province speaks); failing
that, which level's words for its lower governments, justice office and departments the
text uses most. The words come from the level vocabulary table, never from place names.
"""

from __future__ import annotations

from .. import levels
from .state import ParseState

_ROLES_WEIGHT = {"lower_gov": 3, "justice": 1, "whole": 1, "our": 1}
_SHORT_LEVEL = {"省": "province", "州": "city", "盟": "city", "县": "county", "旗": "county",
                "镇": "town", "乡": "town"}
# Addressee words the level vocabulary does not list, and the level that writes to them (data).
ADDRESSEE_HINTS = (
    ("村民委员会", "town"), ("居民委员会", "town"), ("各村", "town"), ("各社区", "town"),
    ("苏木", "county"), ("各乡", "county"), ("各镇", "county"), ("各街道", "county"),
    ("各区县", "city"), ("各县市", "city"), ("各县区", "city"), ("各市县", "province"),
)


def _hinted_level(text: str) -> str | None:
    """The level an addressee line points to by the words of ADDRESSEE_HINTS, or None."""
    return next((level for word, level in ADDRESSEE_HINTS if word in text), None)


def _score(text: str, region: str | None) -> dict[str, int]:
    scores = dict.fromkeys(levels.LEVEL_ORDER, 0)
    for level in levels.LEVEL_ORDER:
        for role, weight in _ROLES_WEIGHT.items():
            seen = set()
            for form in levels.forms(role, level, region if level != "national" else None):
                if form in text and not any(form in s for s in seen):
                    scores[level] += weight * text.count(form)
                    seen.add(form)
    return scores


def _lower_gov_level(text: str) -> str | None:
    """The level whose lower governments an addressee line names (the longest form wins)."""
    best, best_len = None, 0
    for level in levels.LEVEL_ORDER:
        for form in levels.forms("lower_gov", level):
            if form in text and len(form) > best_len:
                best, best_len = level, len(form)
    return best


def infer_level(state: ParseState) -> None:
    """Set plan.level from the addressees, else from the vocabulary the body uses."""
    plan = state.plan
    addressees = plan.notice.addressees if plan.notice else ""
    level = (_lower_gov_level(addressees) or _hinted_level(addressees)) if addressees else None
    if level is None:
        region_short = plan.region[-1:] if plan.region else ""
        if region_short in _SHORT_LEVEL:
            level = _SHORT_LEVEL[region_short]
        else:
            text = "\n".join(
                [plan.preamble]
                + [t.full_text + t.units_text for t in plan.tasks()]
                + [p for part in plan.general + plan.closing for p in part.paragraphs]
            )
            scores = _score(text, plan.region or None)
            if region_short == "市":  # a city or a county-level city: never a province
                scores["province"] = scores["national"] = -1
            level = max(scores, key=lambda lv: (scores[lv], -levels.LEVEL_ORDER.index(lv)))
            if scores[level] <= 0:
                level = "city"
                state.warn("无法判断方案的行政层级，暂按市级处理。")
    plan.level = level
