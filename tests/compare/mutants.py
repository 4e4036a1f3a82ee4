"""Mutants of the bundled plans for the diff's recall and precision: one edit per finding type,
and edits that must find nothing (paraphrase, level words, rewrap, renumber, reorder, split or
joined sentences, punctuation width).

An edit of a finding type changes one clause of a task (both sides when the plan has no word to
edit: a prohibition is written into the parent clause, then reversed in the child's); the
expected finding is that type on that task. `typed_mutant` applies one such edit to as many
tasks as take it, `benign_mutant` applies every harmless edit at once.
"""

from __future__ import annotations

import copy
import random
import re

from cascade.compare.clauses import split_clauses
from cascade.compare.normalise import departments
from cascade.levels import AGENCY_SUFFIX, child_level, short_name, translate
from cascade.parse.deadlines import find_deadlines

SAME, DOWN = "same", "down"


def _phrases(clause: str) -> list[str]:
    """The ，-phrases of a clause (outside brackets, roughly)."""
    return [p for p in re.split(r"[，；]", clause.rstrip("。；")) if p]


# -- edits of one finding type: clause -> (parent clause, child clause) or None -----------------

def drop_phrase(clause, rng):
    """A ，-phrase of eight characters or more, without a date, deleted."""
    phrases = _phrases(clause)
    options = [p for p in phrases[1:] if len(p) >= 8 and not find_deadlines(p)]
    if len(phrases) < 2 or not options:
        return None
    gone = rng.choice(options)
    return clause, clause.replace("，" + gone, "", 1).replace(gone + "，", "", 1)


def drop_list_item(clause, rng):
    """An inner item of a 、-list of three or more short items deleted."""
    for m in re.finditer(r"(?:[^、，。；（）《》“”]{2,8}、){2,}[^、，。；（）《》“”]{2,8}", clause):
        items = m.group(0).split("、")
        inner = [i for i in items[1:-1] if 2 <= len(i) <= 8 and not re.search(
            r"[省市县区镇]|乡镇|街道", i)]
        if inner:
            item = rng.choice(inner)
            return clause, clause.replace("、" + item + "、", "、", 1)
    return None


NARROWER = [("县级以上", "县级"), ("各级", "市级"), ("全部", "部分"), ("所有", "重点"),
            ("全体", "部分"), ("各类", "重点")]


def narrow_scope(clause, rng):
    """A wide scope word put narrower; a clause without one is given one in the parent."""
    found = [(a, b) for a, b in NARROWER if a in clause]
    if found:
        a, b = rng.choice(found)
        return clause, clause.replace(a, b, 1)
    m = re.search(r"(行政执法部门|行政执法人员|行政执法单位)", clause)
    if not m:
        return None
    a, b = rng.choice(NARROWER[1:])
    parent = clause[:m.start()] + a + clause[m.start():]
    return parent, clause[:m.start()] + b + clause[m.start():]


WEAKER = [("确保", "力争"), ("确保", "推动"), ("必须", "可以"), ("全面", "逐步"), ("严格", "积极"),
          ("要", "可以"), ("加强", "鼓励"), ("推动", "探索"), ("深化", "探索"), ("建立", "探索"),
          ("全覆盖", "广泛覆盖"), ("及时", "适时"), ("应当", "原则上")]
DELETABLE = ("确保", "全面", "严格", "必须")


def weaken_duty(clause, rng):
    """A strong duty word replaced by a weaker one of the ladder, or deleted."""
    options = [(a, b) for a, b in WEAKER if a in clause and not re.search(
        a + "(?:[^，。；]{0,3}(?:情况|要求))", clause)]
    options += [(a, "") for a in DELETABLE if a in clause]
    options = [(a, b) for a, b in options if a != "要" or re.search(r"(?<![主重需必])要(?![求点])",
                                                                     clause)]
    if not options:
        return None
    a, b = rng.choice(options)
    if a == "要":
        return clause, re.sub(r"(?<![主重需必])要(?![求点])", b, clause, count=1)
    return clause, clause.replace(a, b, 1)


def reverse_duty(clause, rng):
    """A prohibition turned into a permission; a clause without one gets 不得 in the parent."""
    for a, b in (("不得", "可以"), ("严禁", "允许"), ("禁止", "允许")):
        if a in clause and "原则上" + a not in clause:
            return clause, clause.replace(a, b, 1)
    m = re.search(r"(?<![主重需必])要(?![求点])", clause)
    if not m:
        return None
    return (clause[:m.start()] + "不得" + clause[m.end():],
            clause[:m.start()] + "可以" + clause[m.end():])


_NUMBER = re.compile(r"(\d+)(学时|个工作日内|%|次|天内)")


def lower_target(clause, rng):
    """A number with its unit lowered (a time limit raised), or 每年 made 每两年."""
    m = _NUMBER.search(clause)
    if m:
        value, unit = int(m.group(1)), m.group(2)
        new = value * 2 if unit.endswith("内") else max(0, value // 2)
        if new == value:
            return None
        return clause, clause[:m.start()] + f"{new}{unit}" + clause[m.end():]
    if "每年" in clause:
        return clause, clause.replace("每年", "每两年", 1)
    m = re.search(r"(?<![主重需必])要(?![求点])", clause)
    if not m:
        return None
    # No target to lower: the parent is given one (每年至少开展2次).
    parent = clause[:m.end()] + "每年至少开展2次" + clause[m.end():]
    return parent, clause[:m.end()] + "每年至少开展1次" + clause[m.end():]


_DATE = re.compile(r"(20\d\d)年(?:(\d{1,2})月)?(底|末)?前")


def later_deadline(clause, rng):
    """A dated deadline moved a year later."""
    m = _DATE.search(clause)
    if not m:
        return None
    year = int(m.group(1)) + 1
    return clause, clause[:m.start()] + str(year) + clause[m.start() + 4:]


def drop_deadline(clause, rng):
    """A dated deadline deleted (with its 于/在), or its year deleted."""
    m = _DATE.search(clause)
    if not m:
        return None
    if m.group(2) and rng.random() < 0.3:
        return clause, clause[:m.start()] + clause[m.start() + 5:]
    start = m.start() - 1 if m.start() and clause[m.start() - 1] in "于在" else m.start()
    return clause, clause[:start] + clause[m.end():]


TYPED = {
    "phrase_dropped": [drop_phrase, drop_list_item],
    "scope_narrowed": [narrow_scope],
    "duty_weakened": [weaken_duty],
    "duty_reversed": [reverse_duty],
    "target_lowered": [lower_target],
    "deadline_later": [later_deadline],
    "deadline_dropped": [drop_deadline],
}
FINDING_KINDS = [*TYPED, "units_changed"]


# -- whole plans ------------------------------------------------------------------------------

def down(plan):
    """A copy of `plan` one level down, in that level's words (nothing else changed)."""
    child = copy.deepcopy(plan)
    level = child_level(plan.level)
    region = "某某" + short_name(level)
    own, suffix = short_name(level, region), AGENCY_SUFFIX.get(level, AGENCY_SUFFIX["*"])

    def move(text):
        text = translate(text or "", plan.level, level, from_region=plan.region, to_region=region)
        return departments(text, plan.level, plan.region, lambda name: own + name + suffix)

    child.id, child.level, child.region, child.parent = plan.id + "-down", level, region, None
    for task in child.tasks():
        task.title, task.text = move(task.title), move(task.text)
        task.units = [move(u) for u in task.units]
        task.implementers = [move(u) for u in task.implementers]
        for measure in task.measures:
            measure.text = move(measure.text)
            measure.units = [move(u) for u in measure.units]
    for part in [*child.general, *child.closing]:
        part.paragraphs = [move(p) for p in part.paragraphs]
    return child


def _redate(plan):
    """Deadlines read again from the edited texts (as a parser would)."""
    for task in plan.tasks():
        task.deadlines = find_deadlines(task.text or "", plan.date)


def _text_tasks(plan):
    return [t for t in plan.tasks() if (t.text or "").strip()]


def typed_mutant(plan, kind: str, seed: int, where: str = SAME):
    """(parent, child, expected task ids): one `kind` edit in every task that takes it."""
    rng = random.Random(seed)
    parent, child = copy.deepcopy(plan), copy.deepcopy(plan)
    child.id, child.omitted, child.allowed_later, child.parent = plan.id + "-m", [], [], None
    expected = []
    for p_task, c_task in zip(_text_tasks(parent), _text_tasks(child)):
        if kind == "units_changed":
            if len(p_task.units) >= 2:
                gone = rng.choice(p_task.units[1:])
                c_task.units = [u for u in c_task.units if gone not in u]
                for measure in c_task.measures:
                    measure.units = [u for u in measure.units if gone not in u]
                expected.append(p_task.id)
            continue
        clauses = split_clauses(p_task.text)
        order = list(range(len(clauses)))
        rng.shuffle(order)
        for k in order:
            edit = rng.choice(TYPED[kind])(clauses[k], rng) or next(
                (e for op in TYPED[kind] if (e := op(clauses[k], rng))), None)
            if edit and edit[0] != edit[1]:
                old = clauses[k]
                p_task.text = p_task.text.replace(old, edit[0], 1)
                c_task.text = c_task.text.replace(old, edit[1], 1)
                c_task.measures = []  # its 台账 rows repeat the old text
                expected.append(p_task.id)
                break
    _redate(parent)
    _redate(child)
    if where == DOWN:
        child = down(child)
        _redate(child)
    return parent, child, expected


PARAPHRASE = [("加强", "强化"), ("推进", "推动"), ("完善", "健全"), ("提高", "提升"),
              ("建立", "构建"), ("严格", "从严"), ("进一步", "进一步地"), ("开展", "组织开展")]
_WIDE = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")"})


def benign_mutant(plan, seed: int, where: str = SAME, kinds=None):
    """A copy that must diff clean: each harmless edit of `kinds` (all by default) applied."""
    rng = random.Random(seed)
    kinds = kinds or BENIGN
    child = copy.deepcopy(plan)
    child.id, child.omitted, child.allowed_later, child.parent = plan.id + "-b", [], [], None
    for name in kinds:
        BENIGN[name](child, rng)
    _redate(child)
    if where == DOWN:
        child = down(child)
        _redate(child)
    return child


def _paraphrase(plan, rng):
    for task in _text_tasks(plan):
        found = [(a, b) for a, b in PARAPHRASE if a in task.text and b not in task.text]
        if found:
            a, b = rng.choice(found)
            task.text = task.text.replace(a, b, 1)


def _rewrap(plan, rng):
    for task in _text_tasks(plan):
        text, out = task.text, []
        for k in range(0, len(text), 23):
            out.append(text[k:k + 23])
        task.text = ("\n" if rng.random() < 0.5 else " ").join(out)


def _width(plan, rng):
    for task in _text_tasks(plan):
        if rng.random() < 0.5:
            task.text = task.text.translate(_WIDE)


def _renumber(plan, rng):
    counter = 0
    for s, section in enumerate(plan.sections, start=1):
        section.id = str(s + 10)
        for task in section.tasks:
            counter += 1
            task.id, task.number = f"{section.id}.{counter}", f"{counter}."
            for k, item in enumerate(task.children, start=1):
                item.id = f"{task.id}.{k}"


def _reorder(plan, rng):
    if len(plan.sections) > 2:
        i, j = rng.sample(range(len(plan.sections)), 2)
        plan.sections[i], plan.sections[j] = plan.sections[j], plan.sections[i]
    for section in plan.sections:
        if len(section.tasks) > 2 and rng.random() < 0.5:
            section.tasks.reverse()


def _split_join(plan, rng):
    for task in _text_tasks(plan):
        clauses = split_clauses(task.text)
        if len(clauses) >= 2 and clauses[0].endswith("。") and rng.random() < 0.5:
            task.text = task.text.replace(clauses[0], clauses[0][:-1] + "，", 1)  # joined
        else:
            m = re.search(r"，(?=[^，。；]{8,}。)", task.text)
            if m and not re.search(r"[“《（][^”》）]*$", task.text[:m.start()]):
                task.text = task.text[:m.start()] + "。" + task.text[m.end():]  # split


BENIGN = {"paraphrase": _paraphrase, "rewrap": _rewrap, "width": _width,
          "renumber": _renumber, "reorder": _reorder, "split_join": _split_join}
