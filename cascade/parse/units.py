"""Responsible units (责任单位): find the unit note of a paragraph and split it into names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clauses import split_outside
from .textnorm import CJK

# A unit name ends in one of these (政府, 司法局, 行政执法部门, 各镇（街）…).
UNIT_SUFFIXES = (
    "政府", "局", "厅", "委", "办", "部", "部门", "单位", "院", "室", "所", "会", "处", "中心", "机关",
    "机构", "队", "社", "团", "行", "管委会", "办事处", "区", "县", "市", "镇", "街", "乡", "街道",
    "委员会", "公司", "集团", "企业", "组", "站", "署", "监委", "法院", "检察院", "协会", "银行",
)
UNIT_PREFIXES = ("各", "省", "市", "县", "区", "镇", "乡", "州", "国家", "中央", "自治")
# Words that mark a bracket as a unit note rather than an aside.
NOTE_WORDS = ("责任单位", "牵头单位", "配合单位", "责任部门", "牵头部门", "按职责", "分工负责", "负责", "落实")
LABELS = re.compile(r"^(?:主要)?(?:责任|牵头|配合|参与|协办|主办|实施|协助)(?:单位|部门)\s*[:：]\s*")
# The role a unit label gives (data): 牵头 leads, 配合/协办 support; 责任单位 is neutral, and
# supports when the same note names a lead.
LABEL_ROLES = {"牵头": "lead", "主办": "lead", "配合": "support", "参与": "support", "协办": "support",
               "协助": "support"}
# A clause naming its own role by its last word: 司法部牵头, 市财政局配合.
CLAUSE_ROLES = (("牵头负责", "lead"), ("牵头", "lead"), ("配合", "support"), ("参与", "support"),
                ("协助", "support"))
# Sentences of a note that state a rule for the tasks rather than name units (data). `who`
# implements; 以下… holds for the later tasks only, the others for this task as well.
STANDING_RULES = (
    (re.compile(r"以下(?:任务|工作|各项任务)?(?:均|都|皆)?(?:需|由|需要)(?P<who>.+?)(?:负责)?(?:落实|实施|执行|负责)"), "later"),
    (re.compile(r"^(?:具体|各项|所有|以上|上述)?(?:任务|工作)?(?:均|都|皆)(?:涉及|需要|需|由)(?P<who>.+?)"
                r"(?:负责)?(?:落实|实施|执行|负责)?$"), "here"),
)
# Clauses that only refer to other tasks' notes: never a unit.
REFERENCE_CLAUSES = ("下同", "同上", "以下同")
ROLE_SUFFIXES = re.compile(
    r"(?:(?:按|根据)?(?:各自)?职责(?:分工)?|分工)?(?:分别|共同|具体)?(?:负责落实|负责|落实)$"
    r"|(?:牵头负责|牵头|配合|参与|等)$"
)
STANDING = STANDING_RULES[0][0]
TIME_LABELS = re.compile(r"^(?:完成|办结|实施)?(?:时限|时间|时间节点|期限)\s*[:：]")
# Words joining two unit names (split only when both sides read as units: 住房和城乡建设局 stays).
JOINERS = re.compile(r"以及|及|和|与|等(?=[省市县区各])")
# A clause of a unit note that gives the time, not a unit (…，6月底完成）.
TIME_CLAUSE = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|季度|长期|持续|(?:前|底)?完成$")
_ADMIN_RUN = re.compile(r"[省市县区乡镇街旗](?:、[省市县区乡镇街旗])+")
_OPEN, _CLOSE = "（([【〔", "）)]】〕"
_PAIR = {"）": "（(", ")": "（(", "]": "[【", "】": "[【", "〕": "〔"}


@dataclass
class UnitNote:
    """What a unit note says: who is responsible, who implements, and any standing rule."""

    units: list[str] = field(default_factory=list)
    implementers: list[str] = field(default_factory=list)
    standing: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)  # what a 完成时限：… clause says
    lead: list[str] = field(default_factory=list)  # 牵头单位 (also in units)
    support: list[str] = field(default_factory=list)  # 配合/协办单位 (also in units)


def _split_top(text: str, seps: str) -> list[str]:
    """Split on separator characters that are not inside brackets."""
    return split_outside(text, seps, keep=False, opens=_OPEN, closes=_CLOSE)


def looks_like_unit(name: str) -> bool:
    """True when a phrase reads like an organisation name."""
    name = name.strip()
    return 2 <= len(name) <= 40 and name.endswith(UNIT_SUFFIXES) or name.endswith("）") and len(name) <= 40


def _resolve_spaces(text: str) -> str:
    """A space between two complete unit names separates them; inside a name it is a wrap."""
    def repl(m: re.Match) -> str:
        left = text[: m.start()].rsplit("、", 1)[-1]
        right = text[m.end():]
        if left.endswith(UNIT_SUFFIXES) and right.startswith(UNIT_PREFIXES):
            return "、"
        return ""

    return re.sub(r"\s+", repl, text.strip())


def _compound_names() -> re.Pattern:
    """Unit names that hold a 、 themselves (各省、自治区、直辖市人民政府), from the level table."""
    from ..levels import ROLES

    names = {form.format(s="") for forms in ROLES["lower_gov"].values() for form in forms}
    names = sorted((n for n in names if "、" in n), key=len, reverse=True)
    return re.compile("|".join(re.escape(n.removeprefix("各")) for n in names) or "(?!)")


_COMPOUND = _compound_names()


def split_units(text: str) -> list[str]:
    """Split a list of unit names; names with nested brackets or 县、市、区 stay whole."""
    text = _resolve_spaces(text.replace("\u3000", " "))
    text = _COMPOUND.sub(lambda m: m.group(0).replace("、", "\x00"), text)
    text = _ADMIN_RUN.sub(lambda m: m.group(0).replace("、", "\x00"), text)
    out = []
    for part in _split_top(text, "、，,；;/"):
        name = ROLE_SUFFIXES.sub("", part.strip().strip("。.").replace("\x00", "、"))
        name = LABELS.sub("", name).strip()
        for joined in _split_joined(name):
            for piece in _split_glued(joined):
                if piece and piece not in out:
                    out.append(piece)
    return out


# Where a separator was lost at a line end (PDF text layers drop a hanging 、), two names run
# together: `市委组织部市委编办`. The second starts like a unit of its own (data).
GLUED_STARTS = ("各镇", "各乡", "各县", "各区", "各市", "各街", "市", "县", "区", "省", "镇", "乡")
_GLUE_MIN = 4  # each side at least this long
_PLACE_ENDINGS = ("市", "县", "区", "镇", "乡", "街", "街道", "旗")  # 某某市 + 市场… is one name


def _split_glued(name: str) -> list[str]:
    """`市人力资源和社会保障局各镇（街）` → two names, where both sides read as whole units."""
    for k in range(_GLUE_MIN, len(name) - _GLUE_MIN + 1):
        left, right = name[:k], name[k:]
        if (right.startswith(GLUED_STARTS) and left.endswith(UNIT_SUFFIXES)
                and not left.endswith(_PLACE_ENDINGS) and looks_like_unit(left)
                and looks_like_unit(right) and not right.startswith(("市场", "区域", "县域"))
                and left.count("（") == left.count("）")):
            return [left, *_split_glued(right)]
    return [name]


def _split_joined(name: str) -> list[str]:
    """`县安委会各成员单位及各乡镇人民政府` → two names, when every side reads as a unit."""
    pieces = [p.strip() for p in JOINERS.split(name)]
    if len(pieces) > 1 and all(looks_like_unit(p) for p in pieces):
        return pieces
    return [name]


def _label_role(sentence: str) -> str:
    """The role a sentence's unit label gives: lead, support, or "" (责任单位, no label)."""
    m = LABELS.match(sentence)
    return LABEL_ROLES.get(m.group(0).removeprefix("主要")[:2], "") if m else ""


def _clause_role(clause: str) -> str:
    return next((role for word, role in CLAUSE_ROLES if clause.endswith(word)), "")


def _standing(sentence: str) -> tuple[list[str], str] | None:
    """(implementers, "later" | "here") of a standing-rule sentence, else None."""
    for pattern, scope in STANDING_RULES:
        m = pattern.search(sentence)
        if m:
            return split_units(m.group("who")), scope
    return None


def parse_unit_note(note: str) -> UnitNote:
    """Read the inside of a unit bracket: units (lead and support apart), implementers (…落实),
    standing rules (以下任务均需…, 具体任务均涉及…，下同) and the time a note may carry."""
    result = UnitNote()
    roles: list[tuple[str, str]] = []  # (unit, role) in the order written
    sentences = [t.strip() for t in _split_top(note, "。；;") if t.strip()]
    later = any(word in note for word in REFERENCE_CLAUSES)
    for sentence in sentences:
        rule = _standing(_split_top(sentence, "，,")[0])
        if rule is not None:
            who, scope = rule
            if scope == "here":
                result.implementers += [u for u in who if u not in result.implementers]
            if scope == "later" or later:
                result.standing += who
            continue
        if TIME_LABELS.match(sentence):  # （牵头单位：…；完成时限：…）: the time is not a unit
            result.times.append(TIME_LABELS.sub("", sentence).strip())
            continue
        label_role = _label_role(sentence)
        for clause in _split_top(LABELS.sub("", sentence), "，,"):
            clause = LABELS.sub("", clause.strip())
            if (not clause or clause.startswith("不再") or clause in REFERENCE_CLAUSES
                    or TIME_CLAUSE.search(clause)):
                continue
            rule = _standing(clause)
            if rule is not None:
                result.implementers += [u for u in rule[0] if u not in result.implementers]
                if later:
                    result.standing += rule[0]
                continue
            if clause.endswith("落实") and not clause.endswith("分工负责落实"):
                who = clause[: -len("落实")]
                result.implementers += split_units(who[:-2] if who.endswith("负责") else who)
            else:
                role = label_role or _clause_role(clause)
                for unit in split_units(clause):
                    roles.append((unit, role))
                    result.units.append(unit)
    if any(role == "lead" for _, role in roles):
        result.lead = [u for u, role in roles if role == "lead"]
        result.support = [u for u, role in roles if role != "lead" and u not in result.lead]
    elif any(role == "support" for _, role in roles):
        result.support = [u for u, role in roles if role == "support"]
    return result


def _find_trailing_bracket(text: str) -> tuple[int, int] | None:
    """Start and end of a bracket group closing the text (before a final 。), or None."""
    end = len(text.rstrip().rstrip("。.；; "))
    if end == 0 or text[end - 1] not in _PAIR:
        return None
    depth, i = 0, end - 1
    while i >= 0:
        ch = text[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            depth -= 1
            if depth == 0:
                return (i, end) if ch in _PAIR[text[end - 1]] else None
        i -= 1
    return None


def standing_rule(text: str) -> list[str]:
    """The implementers of a standing rule paragraph (`以下任务均需…落实，不再逐项列出。`), or []."""
    text = text.strip().strip("（）()")
    m = STANDING.search(text)
    if not m or m.start() > 2 or len(text) > 80 or "不再" not in text:
        return []
    return split_units(m.group("who"))


def is_note_paragraph(text: str) -> bool:
    """True for a paragraph that is only a unit or time note (`（责任单位：…）`, `完成时限：…`)."""
    text = text.strip().rstrip("。.；;")
    if LABELS.match(text) or TIME_LABELS.match(text):
        return True
    span = _find_trailing_bracket(text)
    return span is not None and span[0] == 0 and _is_unit_note(text[1 : span[1] - 1])


def _is_unit_note(inner: str) -> bool:
    if any(word in inner for word in NOTE_WORDS):
        return True
    names = split_units(inner)
    return bool(names) and all(looks_like_unit(n) for n in names)


_SENTENCE_START = re.compile(r"(?:(?<=[。；;])|^)\s*")


def _labelled_tail(text: str) -> int | None:
    """Where notes written without brackets start: the first sentence from which every sentence
    to the end is labelled (责任单位：…。完成时限：…。), at least one of them with units."""
    starts = [m.end() for m in _SENTENCE_START.finditer(text) if m.end() < len(text)]
    found = None
    for start in reversed(starts):
        sentence = text[start:]
        if not (LABELS.match(sentence) or TIME_LABELS.match(sentence)):
            break
        found = start
    if found is None or found == 0:
        return None
    tail = [t for t in _split_top(text[found:], "。；;") if t.strip()]
    return found if any(LABELS.match(t.strip()) for t in tail) else None


def extract_unit_note(text: str) -> tuple[str, str, UnitNote | None]:
    """Split a paragraph into (body, bracket as written, parsed note) when it ends with units."""
    span = _find_trailing_bracket(text)
    if span is None:
        start = _labelled_tail(text)
        if start is not None:
            note = text[start:].strip()
            body = text[:start].rstrip().rstrip("；;")
            return body, note, parse_unit_note(note.rstrip("。."))
        return text, "", None
    start, end = span
    inner = text[start + 1 : end - 1].strip()
    if not inner or not _is_unit_note(inner):
        return text, "", None
    body = text[:start].rstrip()
    return body, text[start:end], parse_unit_note(inner)


__all__ = ["UnitNote", "split_units", "parse_unit_note", "extract_unit_note", "looks_like_unit", "CJK"]
