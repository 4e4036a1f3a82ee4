"""Duty strength and scope as ranked word tables, and the tokens of a text that carry them.

Every word of a table has a rank; a child phrase that keeps fewer words of some rank or above
than its parent phrase weakened the duty (确保 → 推动, 确保 deleted) or narrowed the scope (县级以上
→ 县级, 全部 → 部分). Prohibitions and permissions are their own table: a prohibition turned into
a permission is reversed (不得 → 可以). Words that merely contain a table word (主要, 重要, 应用)
are listed as NEUTRAL so the longest-match tokenizer swallows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Duty strength, strongest first (the ladder, with the usual synonyms of each rung).
DUTY_RANKS: dict[int, tuple[str, ...]] = {
    5: ("必须", "确保", "严格", "从严", "全面", "一律", "务必", "坚决", "全覆盖", "全部覆盖",
        "全域覆盖"),
    4: ("要", "应当", "应该", "及时", "按时", "按期", "切实", "须"),
    # One duty each, however many verbs say it (建立健全 is one word here).
    3: ("推动", "加强", "推进", "深化", "强化", "健全", "完善", "建立", "建成", "构建", "实现",
        "建立健全", "健全完善", "完善健全", "建立完善", "加快推进", "大力推进", "推动落实", "加强和改进",
        "推进落实", "深入推进", "加快建设"),
    2: ("逐步", "积极", "稳步", "有序", "努力", "基本", "基本覆盖", "广泛覆盖", "逐步覆盖", "部分覆盖",
        "适度", "尽快"),
    1: ("力争", "鼓励", "探索", "原则上", "可以", "有条件的", "争取", "尽量", "尽可能", "视情",
        "适时", "择机", "研究", "调研", "试点", "支持", "引导", "倡导", "力求", "酌情"),
}
# Scope breadth, widest first: 各级 ⊃ 县级以上 ⊃ 县级, 全部 ⊃ 大部分 ⊃ 部分.
SCOPE_RANKS: dict[int, tuple[str, ...]] = {
    # Every level of the plan's own area, however the level words put it (全省各级 → 市和各县).
    4: ("各级", "全部", "所有", "全体", "全员", "一切", "各类", "全体人员", "各个", "市和各县（市、区）",
        "市、县（市、区）", "市县两级", "市、县两级", "县乡两级", "县、乡两级", "省市县", "省、市、县",
        "市县乡", "市、县、乡"),
    3: ("县级以上", "县级及以上", "市级以上", "省级以上", "乡镇以上", "县（市、区）以上", "大部分",
        "多数", "绝大多数"),
    2: ("县级", "市级", "省级", "乡镇级", "本级", "部分", "重点", "少数", "个别", "一些"),
}
# Deleting a scope word narrows only from this rank up (县级以上 gone; 县级 gone widens it);
# deleting a duty word weakens only from this rank up (确保 gone; 原则上 gone makes it stricter).
SCOPE_DELETION_RANK = 3
DUTY_DELETION_RANK = 3
# A softener the child adds to a phrase that had none weakens it (建立 → 逐步建立, 就…开展调研).
SOFTENER_RANK = 1
# Prohibitions (no) and permissions (may): a prohibition becoming a permission, or the other
# way round, reverses the rule; a softer prohibition weakens it.
PROHIBITIONS: dict[int, tuple[str, ...]] = {
    5: ("不得", "禁止", "严禁", "一律不", "不准", "不允许", "不能", "杜绝", "坚决杜绝", "坚决防止",
        "不予"),
    2: ("原则上不得", "原则上不", "不宜", "尽量不", "避免", "一般不", "尽量避免"),
}
PERMISSIONS: tuple[str, ...] = ("可以", "允许", "原则上可", "可", "准予", "可自行", "可根据")
# Longer words that contain a table word without meaning it.
NEUTRAL: tuple[str, ...] = (
    "主要", "重要", "要求", "需要", "要点", "纲要", "摘要", "必要", "要素", "要件", "紧要", "首要",
    "只要", "提要", "应用", "相应", "适应", "响应", "对应", "供应", "反应", "应急", "应对", "回应",
    "效应", "应收", "理应", "可能", "可行", "可持续", "可靠", "许可", "认可", "可视", "可控", "可查",
    "不可", "可追溯", "组织机构", "党组织", "组织者", "基本法", "基本原则", "基本手段", "基本公共",
    "重点任务", "重点工作", "有关规定", "有关要求", "有关法律", "有关情况", "本级人民政府", "本级政府",
    "本级党委", "开展情况", "持续性", "完成情况", "落实情况", "落实到位", "试点经验", "研究确定",
    "研究制定", "研究解决", "研究提出", "研究室", "支持下", "引导下", "全面依法治", "全面从严",
    "严格规范公正文明", "各级各类", "乡镇（街道）", "乡镇、街道", "不予下放", "不予处罚",
)


@dataclass(frozen=True)
class Token:
    """One table word found in a text: where, which word, its table and rank."""

    start: int
    end: int
    word: str
    table: str  # duty | scope | prohibition | permission
    rank: int


def _entries() -> list[tuple[str, str, int]]:
    """Every (word, table, rank), NEUTRAL words with table '' (they only mask)."""
    out = [(w, "duty", r) for r, words in DUTY_RANKS.items() for w in words]
    out += [(w, "scope", r) for r, words in SCOPE_RANKS.items() for w in words]
    out += [(w, "prohibition", r) for r, words in PROHIBITIONS.items() for w in words]
    out += [(w, "permission", 1) for w in PERMISSIONS]
    out += [(w, "", 0) for w in NEUTRAL]
    return out


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern, dict[str, tuple[str, int]]]:
    """The longest-first alternation of all words, and word → (table, rank).

    A word in two tables (可以: a weak duty and a permission) keeps both meanings: the duty
    reading is used for strength, the permission reading for reversal."""
    lookup: dict[str, list[tuple[str, int]]] = {}
    for word, table, rank in _entries():
        lookup.setdefault(word, []).append((table, rank))
    words = sorted(lookup, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), lookup


def tokens(text: str) -> list[Token]:
    """The table words of `text`, left to right, longest match first; masked words dropped."""
    pattern, lookup = _table()
    out: list[Token] = []
    for m in pattern.finditer(text):
        for table, rank in lookup[m.group(0)]:
            if table:
                out.append(Token(m.start(), m.end(), m.group(0), table, rank))
    return out


def _short(tokens_of: list[Token], table: str) -> list[Token]:
    """The tokens of one table, strongest first."""
    return sorted((t for t in tokens_of if t.table == table), key=lambda t: (-t.rank, t.start))


def lost_rank(parent: list[Token], child: list[Token], table: str,
              deletion_rank: int = 0) -> list[tuple[Token, Token | None]]:
    """Parent tokens of `table` the child no longer matches at their rank or above, each with the
    child's strongest leftover token below it (None when the word was simply deleted).

    Greedy from the strongest: each child token covers one parent token of its rank or lower; a
    parent token matched by the same word is always covered first (word kept in place)."""
    mine, theirs = _short(parent, table), _short(child, table)
    free = list(theirs)
    uncovered: list[Token] = []
    for token in list(mine):  # the same word first
        same = next((c for c in free if c.word == token.word), None)
        if same is not None:
            free.remove(same)
            mine.remove(token)
    for token in mine:
        cover = next((c for c in free if c.rank >= token.rank), None)
        if cover is not None:
            free.remove(cover)
        else:
            uncovered.append(token)
    out = []
    for token in uncovered:
        weaker = next((c for c in free if c.rank < token.rank), None)
        if weaker is not None:
            free.remove(weaker)
        if weaker is not None or token.rank >= deletion_rank:
            out.append((token, weaker))
    return out


def softened(parent: list[Token], child: list[Token],
             clause: list[Token]) -> list[tuple[Token, Token]]:
    """A softener (a duty word of SOFTENER_RANK) the child phrase gained that the whole parent
    clause (`clause`) lacks, with the parent phrase's strongest duty word it softens; nothing
    when the parent phrase states no duty above the softeners."""
    gained = _unmatched([t for t in child if t.table == "duty" and t.rank <= SOFTENER_RANK],
                        [t for t in clause if t.table == "duty"])
    strong = _short(parent, "duty")
    if not gained or not strong or strong[0].rank <= SOFTENER_RANK + 1:
        return []
    return [(strong[0], gained[0])]


def reversed_rules(parent: list[Token], child: list[Token]) -> list[tuple[Token, Token | None]]:
    """Prohibitions the child dropped while it gained a permission (不得 → 可以), and
    permissions it turned into prohibitions (可以 → 不得): (parent token, child token)."""
    def words(tokens_of, table):
        return [t for t in tokens_of if t.table == table]

    out: list[tuple[Token, Token | None]] = []
    for mine, other in (("prohibition", "permission"), ("permission", "prohibition")):
        lost = _unmatched(words(parent, mine), words(child, mine))
        gained = _unmatched(words(child, other), words(parent, other))
        for token, new in zip(lost, gained):
            out.append((token, new))
    return out


def _unmatched(tokens_of: list[Token], against: list[Token]) -> list[Token]:
    """Tokens whose word occurs fewer times in `against` (the surplus ones, in order)."""
    free = [t.word for t in against]
    out = []
    for token in tokens_of:
        if token.word in free:
            free.remove(token.word)
        else:
            out.append(token)
    return out
