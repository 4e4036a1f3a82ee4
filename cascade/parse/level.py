"""Step 8: the plan's administrative level, read from who issues it and who it is addressed to.

A region whose name says its level (某某省, 北京市, 某某自治州, 某某区, 某某旗, 某某镇) settles
it; a plain 市 may be a city or a county-level city, so who the notice is addressed to decides
(各地级以上市人民政府 → a province speaks, 各镇（街道） → a county). Failing both, a
department issuing without a place name (省发展改革委, 市司法局) takes its government's level,
and last the level whose words for lower governments, justice office and departments the text
uses most. Every word comes from a table here or in `cascade.levels`, never from place names.
"""

from __future__ import annotations

from .. import levels
from .state import ParseState

# Province-level municipalities: named 市, ranked as provinces (data).
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
# How a region's name ends → its level, longest ending first (data). A plain 市 is missing on
# purpose: a county-level city is 市 too.
REGION_ENDINGS = (
    ("特别行政区", "province"), ("自治区", "province"), ("省", "province"),
    ("自治州", "city"), ("地区", "city"), ("盟", "city"), ("州", "city"),
    ("自治县", "county"), ("自治旗", "county"), ("县", "county"), ("旗", "county"), ("区", "county"),
    ("街道", "town"), ("镇", "town"), ("乡", "town"), ("苏木", "town"),
)
# An issuer named without a place (省发展改革委, 市司法局): its first word → its government's level.
ISSUER_PREFIXES = (
    ("国务院", "national"), ("国家", "national"), ("中共中央", "national"),
    ("自治区", "province"), ("省", "province"), ("州", "city"), ("盟", "city"), ("市", "city"),
    ("县", "county"), ("区", "county"), ("旗", "county"), ("镇", "town"), ("乡", "town"),
    ("街道", "town"),
)
# Addressee words the level vocabulary does not list, and the level that writes to them (data).
ADDRESSEE_HINTS = (
    ("村民委员会", "town"), ("居民委员会", "town"), ("各村", "town"), ("各社区", "town"),
    ("苏木", "county"), ("各乡", "county"), ("各镇", "county"), ("各街道", "county"),
    ("各区县", "city"), ("各县市", "city"), ("各县区", "city"), ("各市县", "province"),
)
_ROLES_WEIGHT = {"lower_gov": 3, "justice": 1, "whole": 1, "our": 1}


def region_level(region: str) -> str | None:
    """The level a region's own name states (北京市 → province, 某某区 → county), or None."""
    if not region:
        return None
    if region in MUNICIPALITIES:
        return "province"
    return next((level for ending, level in REGION_ENDINGS if region.endswith(ending)), None)


def issuer_level(issuer: str) -> str | None:
    """The level of an issuer named without a place (省发展改革委 → province), or None."""
    return next((level for word, level in ISSUER_PREFIXES if issuer.startswith(word)), None)


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


def addressee_level(addressees: str) -> str | None:
    """The level that writes to these addressees, or None."""
    return (_lower_gov_level(addressees) or _hinted_level(addressees)) if addressees else None


def _vocabulary_level(state: ParseState) -> str:
    """The level whose words the text uses most (a 市 region is never read as a province)."""
    plan = state.plan
    text = "\n".join(
        [plan.preamble]
        + [t.full_text + t.units_text for t in plan.tasks()]
        + [p for part in plan.general + plan.closing for p in part.paragraphs]
    )
    scores = _score(text, plan.region or None)
    if plan.region.endswith("市"):  # a city or a county-level city: never a province
        scores["province"] = scores["national"] = -1
    level = max(scores, key=lambda lv: (scores[lv], -levels.LEVEL_ORDER.index(lv)))
    if scores[level] <= 0:
        state.warn("无法判断方案的行政层级，暂按市级处理。")
        return "city"
    return level


def infer_level(state: ParseState) -> None:
    """Set plan.level from the region's name, the addressees, the issuer, else the vocabulary."""
    plan = state.plan
    addressees = plan.notice.addressees if plan.notice else ""
    level = region_level(plan.region) or addressee_level(addressees)
    if level is None and not plan.region:
        level = issuer_level(plan.issuer)
    plan.level = level or _vocabulary_level(state)
