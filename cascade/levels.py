"""Administrative vocabulary per level (province → city → county → town), as data.

Each role lists the words a plan of each level uses for it. `{s}` stands for the level's short
name, the last character of the region (某某省 → 省, 某某市 → 市, 某某区 → 区, a county-level 某某市 → 市), so a
county-level city writes 市司法局 and a district 区司法局 without any place name in this table.
The first form of a role at a level is the one `translate` writes.
"""

from __future__ import annotations

import re
from functools import lru_cache

LEVEL_ORDER = ("national", "province", "city", "county", "town")
DEFAULT_SHORT = {"national": "国", "province": "省", "city": "市", "county": "县", "town": "镇"}
LEVEL_NAMES = {"national": "国家", "province": "省级", "city": "市级", "county": "县级", "town": "乡镇"}

# role: {level: [forms…]}; "*" applies to every level not listed.
ROLES: dict[str, dict[str, list[str]]] = {
    "lower_gov": {
        "national": ["各省、自治区、直辖市人民政府", "各省（自治区、直辖市）人民政府"],
        "province": ["各地级以上市政府", "各地级以上市人民政府", "各市（州）人民政府", "各市、州人民政府",
                     "各市、州、直管市、神农架林区人民政府", "各地市人民政府", "各设区市人民政府",
                     "各设区的市人民政府", "各市、县（市、区）人民政府", "各市、县（区）人民政府",
                     "各州、市人民政府", "各市（州）、县（市、区）人民政府", "各市（地）人民政府",
                     "各盟行政公署、市人民政府", "各市人民政府"],
        "city": ["各县（市、区）人民政府", "各县（市、区）政府", "各县、市、区人民政府", "县、市、区人民政府",
                 "各县市区人民政府", "各县（区）人民政府", "各区、县人民政府", "各县、区人民政府",
                 "各区人民政府", "各县（市、区）"],
        "county": ["各乡镇（街道）", "各镇（街道）人民政府（办事处）", "各镇（街）", "各镇（街道）",
                   "各乡镇人民政府、街道办事处", "各乡镇、街道", "各乡镇人民政府", "各乡（镇）人民政府",
                   "各镇人民政府", "各乡、镇人民政府", "各街道办事处"],
        "town": ["各村（社区）"],
    },
    "justice": {
        "national": ["司法部"],
        "province": ["{s}司法厅"],
        "city": ["{s}司法局"],
        "county": ["{s}司法局"],
        "town": ["司法所"],
    },
    "depts": {
        "national": ["国务院各行政执法部门", "国务院有关行政执法部门"],
        "*": ["{s}各行政执法部门", "{s}各行政执法单位", "{s}直行政执法部门", "{s}直各行政执法部门",
              "{s}有关行政执法部门", "{s}行政执法部门"],
    },
    "relevant": {
        "national": ["国务院有关部门", "国务院各有关部门", "国务院各部门"],
        "*": ["{s}各有关部门", "{s}有关部门", "{s}直各部门", "{s}直有关部门", "{s}直有关单位", "{s}有关单位"],
    },
    "gov_office": {
        "national": ["国务院办公厅"],
        "province": ["{s}政府办公厅", "{s}人民政府办公厅"],
        "*": ["{s}政府办公室", "{s}人民政府办公室", "{s}政府办"],
    },
    "gov": {"national": ["国务院"], "*": ["{s}政府", "{s}人民政府"]},
    "party": {"national": ["党中央"], "town": ["镇党委"], "*": ["{s}委"]},
    "whole": {"national": ["全国"], "*": ["全{s}"]},
    "our": {"national": ["我国"], "*": ["我{s}"]},
    "this": {"national": ["全国"], "*": ["本{s}"]},
    "direct": {"national": ["中央"], "*": ["{s}直"]},
    "grade": {"national": ["国家级"], "town": ["乡镇级"], "*": ["{s}级"]},
    "own_budget": {"national": ["中央本级"], "*": ["{s}本级"]},
    "organs": {"national": ["中央和国家机关", "中央国家机关"], "*": ["{s}直机关", "{s}级机关"]},
}

# Spans never rewritten: titles of laws and documents, document numbers, quoted names,
# platform and system names (not 本系统/各平台, which name no system). Nested 《…<…>…》 titles
# are matched whole.
_PROTECT = re.compile(
    r"《[^《》]*(?:《[^《》]*》[^《》]*)*》"
    r"|[\u4e00-\u9fff]{1,10}〔\d{4}〕\d+号"
    r"|“[^“”]{1,30}”"
    r"|[\u4e00-\u9fff]{2,24}?(?<![本各该此])(?:系统|平台|APP|小程序)"
)


def short_name(level: str, region: str | None = None) -> str:
    """The one-character level word used inside vocabulary (省/市/县/区/镇…)."""
    if region:
        for suffix, short in (("自治区", "区"), ("自治州", "州"), ("自治县", "县"), ("特别行政区", "区")):
            if region.endswith(suffix):
                return short
        last = region[-1]
        if last in "省市县区州盟旗镇乡":
            return "镇" if last == "乡" else last
    return DEFAULT_SHORT.get(level, "市")


def forms(role: str, level: str, region: str | None = None) -> list[str]:
    """The words a plan at `level` (of `region`) uses for `role`, preferred first."""
    table = ROLES[role]
    templates = table.get(level, table.get("*", []))
    s = short_name(level, region)
    return [t.format(s=s) for t in templates]


def protected_spans(text: str, extra: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Character ranges of `text` that vocabulary replacement must not touch."""
    return list(_protected_spans(text, tuple(extra)))


@lru_cache(maxsize=16384)
def _protected_spans(text: str, extra: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """protected_spans, cached: the same clauses are checked again and again in an audit."""
    spans = [m.span() for m in _PROTECT.finditer(text)]
    for phrase in extra:
        if phrase:
            spans += [m.span() for m in re.finditer(re.escape(phrase), text)]
    return tuple(sorted(spans))


@lru_cache(maxsize=256)
def _pattern(level: str, region: str | None) -> tuple[re.Pattern, dict[str, str]]:
    role_of: dict[str, str] = {}
    for role in ROLES:
        for form in forms(role, level, region):
            role_of.setdefault(form, role)
    alternation = "|".join(re.escape(f) for f in sorted(role_of, key=len, reverse=True))
    return re.compile(alternation), role_of


def _replace(text: str, level: str, region: str | None, repl, extra: tuple[str, ...]) -> str:
    pattern, role_of = _pattern(level, region)
    spans = protected_spans(text, extra)
    out, pos = [], 0
    for m in pattern.finditer(text):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in spans):
            continue
        out.append(text[pos : m.start()])
        out.append(repl(role_of[m.group(0)], m.group(0)))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def translate(
    text: str,
    from_level: str,
    to_level: str,
    *,
    from_region: str | None = None,
    to_region: str | None = None,
    protect: tuple[str, ...] = (),
) -> str:
    """Rewrite one level's vocabulary as another's (全省 → 全市, 省司法厅 → 市司法局)."""
    def repl(role: str, word: str) -> str:
        target = forms(role, to_level, to_region)
        return target[0] if target else word

    return _replace(text, from_level, from_region, repl, protect)


def neutralise(text: str, level: str, region: str | None = None) -> str:
    """Replace level-specific words with role tokens, so plans of two levels compare equal."""
    return _replace(text, level, region, lambda role, word: f"〈{role}〉", ())


def replacements(
    from_level: str, to_level: str, *, from_region: str | None = None, to_region: str | None = None
) -> list[tuple[str, str]]:
    """Every (parent word, child word) pair `translate` would apply, longest first."""
    pairs: dict[str, str] = {}
    for role in ROLES:
        target = forms(role, to_level, to_region)
        if not target:
            continue
        for word in forms(role, from_level, from_region):
            pairs.setdefault(word, target[0])
    return sorted(pairs.items(), key=lambda kv: len(kv[0]), reverse=True)


def default_units(level: str, region: str | None = None) -> list[str]:
    """Units a plan of this level usually names: its justice office and its departments."""
    return forms("justice", level, region)[:1] + forms("depts", level, region)[:1]


def child_level(level: str) -> str:
    """The level one step down."""
    i = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[min(i + 1, len(LEVEL_ORDER) - 1)]


# -- units and offices one level down (used when deriving a child plan) -------------------------

# A department's name ends in 厅 at province level and 局 below (省财政厅 → 市财政局).
AGENCY_SUFFIX = {"province": "厅", "*": "局"}
# Words that begin with a level character without being a level prefix (市场监管局 is not 市+场…).
NOT_LEVEL_PREFIX = ("市场", "市民", "市容", "省心", "区域", "县域", "镇街")
# Words that end in a level character without it being a level word (城市管理局 is no 市+管理局).
NOT_LEVEL_WORD = ("城市", "都市", "超市", "社区", "街区", "景区", "园区", "城区", "辖区", "地区", "郊区",
                  "山区", "新区", "片区", "市区", "营区", "校区", "库区", "矿区", "林区", "牧区")
# A department named without a level (财政厅 after 省司法厅、) ends in one of these.
DEPARTMENT_SUFFIXES = ("厅", "局", "委", "办")
NOT_DEPARTMENT_PREFIX = ("各", "全", "本", "上级", "下级", "国家", "中央", "国务院")
# The office that issues a plan's notice at each level: region + this.
ISSUER_SUFFIX = {"province": "人民政府办公厅", "*": "人民政府办公室"}


@lru_cache(maxsize=64)
def department_pattern(level: str, region: str | None = None) -> re.Pattern:
    """A department of this level named with its level word (市财政局, 省财政厅, 县委编办 aside):
    group 1 is the name without the level word and the 厅/局 ending."""
    s = re.escape(short_name(level, region))
    not_prefix = "|".join(re.escape(w[1:]) for w in NOT_LEVEL_PREFIX if w[0] == short_name(
        level, region))
    guard = f"(?!{not_prefix})" if not_prefix else ""
    before = "".join(sorted({w[0] for w in NOT_LEVEL_WORD if w[1] == short_name(level, region)}))
    behind = f"(?<![{before}])" if before else ""
    return re.compile(rf"{behind}{s}{guard}([\u4e00-\u9fff]{{1,8}}?)[局厅]")


def unit_for_level(
    unit: str, from_level: str, to_level: str, *, from_region: str | None = None,
    to_region: str | None = None,
) -> str | None:
    """A parent-level department as the child level's: 省财政厅 or a bare 财政厅 → 市财政局.

    None when `unit` is not a department of the parent level (各地级以上市政府, 司法所…).
    """
    src, dst = short_name(from_level, from_region), short_name(to_level, to_region)
    if len(unit) < 3:
        return None
    level_word = unit.startswith(tuple(DEFAULT_SHORT.values()) + ("区", "州", "乡"))
    if unit.startswith(src) and not unit.startswith(NOT_LEVEL_PREFIX):
        rest = unit[len(src):]
    elif (not level_word or unit.startswith(NOT_LEVEL_PREFIX)) and unit.endswith(
        DEPARTMENT_SUFFIXES
    ) and not unit.startswith(NOT_DEPARTMENT_PREFIX):
        rest = unit
    else:
        return None
    old_suffix = AGENCY_SUFFIX.get(from_level, AGENCY_SUFFIX["*"])
    new_suffix = AGENCY_SUFFIX.get(to_level, AGENCY_SUFFIX["*"])
    if rest.endswith(old_suffix):
        rest = rest[: -len(old_suffix)] + new_suffix
    return dst + rest


def issuer_for(level: str, region: str) -> str:
    """The usual issuing office of a plan at this level (某某省 → 某某省人民政府办公厅)."""
    return region + ISSUER_SUFFIX.get(level, ISSUER_SUFFIX["*"])
