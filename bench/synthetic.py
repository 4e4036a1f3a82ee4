"""A synthetic plan tree for the audit bench: mutated copies of the seeds, and what was deleted.

Every synthetic plan is a mutated copy of its parent's parsed Plan (level words translated,
clauses deleted, obligations weakened, words swapped for synonyms, sections reordered and
renumbered, deadlines moved later, local tasks added), saved as `.plan.json` with `parent` set.
`build_tree` returns, for each child file, the parent clauses it deleted.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "plans" / "sources"
PROVINCE, CITY_ROOT = "guangdong-2023", "suizhou-2024"  # roots of the synthetic tree

# Mutation rates, per task unless stated.
P_DELETE = 0.15  # one clause of the task deleted
P_WEAKEN = 0.10  # one strong word replaced by a weak one
P_SYNONYM = 0.20  # one word replaced by a synonym
P_LATER = 0.25  # the first dated deadline moved later
P_FINDING = 0.2  # one edit of a finding type (tests/compare/mutants.py) in one clause
P_UNITS = 0.05  # one responsible unit dropped
P_REORDER = 0.30  # per plan: two sections swapped, tasks renumbered
MAX_ADDED = 2  # per plan: 0..MAX_ADDED local tasks added from other plans

# Rewordings that keep the meaning: the diff must call the clause covered or modified.
SYNONYMS = [("加强", "强化"), ("推进", "推动"), ("完善", "健全"), ("提高", "提升"),
            ("开展", "组织开展"), ("建立", "构建"), ("严格", "从严"), ("规范", "规范化")]
# Strong words and a weaker word of the diff's duty ladder (cascade.compare.wording).
WEAKER = [("确保", "力争"), ("必须", "可以"), ("全面", "逐步"), ("严格", "逐步"), ("要", "可以"),
          ("加强", "鼓励"), ("推动", "探索"), ("全覆盖", "基本覆盖")]
NAME_CHARS = "安宁和平远川泉山河云林阳溪岭华清德兴丰源"


@dataclass
class Truth:
    """What the bench did to one child plan: the parent clauses it deleted, and the finding
    types its edits imply, by parent task."""

    deleted: dict[str, list[str]] = field(default_factory=dict)
    findings: dict[str, set[str]] = field(default_factory=dict)

    def expect(self, task_id: str, kind: str) -> None:
        """Record that the diff should report `kind` on parent task `task_id`."""
        self.findings.setdefault(task_id, set()).add(kind)


def region_name(index: int, suffix: str) -> str:
    """A made-up region name (three characters and 市/县), distinct for each index."""
    n = len(NAME_CHARS)
    chars = (NAME_CHARS[index % n], NAME_CHARS[index // n % n], NAME_CHARS[index // n // n % n])
    return "".join(chars) + suffix


def mutate(parent, *, plan_id: str, level: str, region: str, parent_ref: str, donors, rng):
    """A child Plan derived from `parent` with random edits, and the Truth of its deletions."""
    from cascade.compare.clauses import split_clauses
    from cascade.levels import translate
    from cascade.parse.deadlines import find_deadlines

    child = copy.deepcopy(parent)
    child.id, child.level, child.region, child.parent = plan_id, level, region, parent_ref
    child.title = translate(parent.title, parent.level, level, from_region=parent.region,
                            to_region=region)
    child.notice, child.omitted, child.warnings = None, [], []
    truth = Truth()

    def move(text: str) -> str:
        """Parent-level words rewritten in the child's."""
        return translate(text, parent.level, level, from_region=parent.region, to_region=region)

    for task in child.tasks():
        clauses = split_clauses(task.text)
        if len(clauses) > 1 and rng.random() < P_DELETE:
            gone = rng.choice(clauses)
            task.text = task.text.replace(gone, "", 1)
            task.measures = []  # its 台账 rows repeat the body; a clause kept there is kept
            truth.deleted.setdefault(task.id, []).append(gone)
        if rng.random() < P_WEAKEN:
            before = task.text
            task.text = _swap_one(task.text, WEAKER, rng)
            if task.text != before:
                truth.expect(task.id, "duty_weakened")
        if rng.random() < P_SYNONYM:
            task.text = _swap_one(task.text, SYNONYMS, rng)
        if rng.random() < P_LATER:
            before = task.text
            task.text = _later(task.text)
            if task.text != before:
                truth.expect(task.id, "deadline_later")
        if rng.random() < P_FINDING:
            _finding_edit(task, truth, rng)
        if len(task.units) > 1 and rng.random() < P_UNITS:
            gone = rng.choice(task.units[1:])
            task.units = [u for u in task.units if gone not in u]
            for measure in task.measures:
                measure.units = [u for u in measure.units if gone not in u]
            truth.expect(task.id, "units_changed")
        task.title, task.text = move(task.title), move(task.text)
        task.units = [move(u) for u in task.units]
        task.units_text = move(task.units_text)
        task.implementers = [move(u) for u in task.implementers]
        task.deadlines = find_deadlines(task.text, parent.date)
        task.derived_from = None
        for measure in task.measures:
            measure.text = move(measure.text)
    if len(child.sections) > 2 and rng.random() < P_REORDER:
        i, j = rng.sample(range(len(child.sections)), 2)
        child.sections[i], child.sections[j] = child.sections[j], child.sections[i]
    for _ in range(rng.randint(0, MAX_ADDED)):
        extra = copy.deepcopy(rng.choice(donors))
        extra.derived_from = None
        rng.choice(child.sections).tasks.append(extra)
    _renumber(child)
    return child, truth


def _finding_edit(task, truth: Truth, rng) -> None:
    """One clause edited by an operator of a random finding type that keeps the parent's text
    as it is (tests/compare/mutants.py), the type recorded."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "compare"))
    from mutants import TYPED

    from cascade.compare.clauses import split_clauses

    kind = rng.choice(sorted(TYPED))
    for clause in rng.sample(split_clauses(task.text), len(split_clauses(task.text))):
        for edit in TYPED[kind]:
            found = edit(clause, rng)
            if found and found[0] == clause and found[1] != clause:
                task.text = task.text.replace(clause, found[1], 1)
                task.measures = []
                truth.expect(task.id, kind)
                return


def _swap_one(text: str, table: list[tuple[str, str]], rng) -> str:
    """Replace one occurrence of one word of `table` found in `text`."""
    found = [(a, b) for a, b in table if a in text and b not in text]
    if not found:
        return text
    a, b = rng.choice(found)
    return text.replace(a, b, 1)


def _later(text: str) -> str:
    """Move the first `YYYY年M月底前` / `YYYY年底前` deadline half a year later."""
    m = re.search(r"(20\d\d)年(?:(\d{1,2})月)?底前", text)
    if not m:
        return text
    year, month = int(m.group(1)), int(m.group(2) or 12)
    month += 6
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return text[: m.start()] + f"{year}年{month}月底前" + text[m.end():]


SECTION_NUMERALS = "一二三四五六七八九十"


def _renumber(plan) -> None:
    """Give sections and tasks the ids their new order implies, as a re-typed plan would.

    Task numbers run on across sections unless the source restarted them per section.
    """
    restart = len(plan.sections) > 1 and bool(plan.sections[1].tasks) and \
        plan.sections[1].tasks[0].number.strip("．.、 ") == "1"
    counter = 0
    for s, section in enumerate(plan.sections, start=1):
        section.id = str(s)
        section.number = f"（{SECTION_NUMERALS[(s - 1) % 10]}）"
        if restart:
            counter = 0
        for task in section.tasks:
            counter += 1
            task.number = f"{counter}."
            _renumber_task(task, f"{section.id}.{counter}")


def _renumber_task(task, task_id: str) -> None:
    """Set a task's id, its measures' ids and its nested tasks' ids and labels."""
    task.id = task_id
    for k, measure in enumerate(task.measures, start=1):
        measure.id = f"{task_id}.m{k}"
    for k, child in enumerate(task.children, start=1):
        child.number = f"（{k}）"
        _renumber_task(child, f"{task_id}.{k}")


def _split_tiers(count: int) -> list[int]:
    """Cities and counties for `count` plans under a province: about √count cities."""
    cities = max(1, round(count ** 0.5))
    return [cities, count - cities] if count > cities else [count]


def _child_level(level: str) -> str:
    """The level one step below `level`."""
    from cascade.levels import child_level

    return child_level(level)


def local_tasks(root, others) -> list:
    """Top tasks of other plans sharing no clause with `root`: additions a child could make.

    A task that repeats a root clause would legitimately cover a clause the bench deleted.
    """
    from cascade.compare.clauses import split_clauses

    known = [c for task in root.tasks() for c in split_clauses(task.text)]
    out = []
    for plan in others:
        for task in plan.top_tasks():
            clauses = [c for t in task.walk() for c in split_clauses(t.text)]
            if not any(same_clause(a, b) for a in clauses for b in known):
                out.append(task)
    return out


def build_tree(directory: Path, n_plans: int, rng) -> dict[str, Truth]:
    """Write `n_plans` plans under `directory` and return each child file's deletions."""
    from cascade.api import load_plan
    from cascade.model import save

    seeds = {p.stem: load_plan(p) for p in sorted(SOURCES.glob("*.txt"))}
    truths: dict[str, Truth] = {}
    roots = [(seeds[PROVINCE], "province"), (seeds[CITY_ROOT], "city")]
    budget = n_plans - len(roots)
    # Most plans sit under the province (cities, then counties); a tenth under the city root.
    shares = [budget - budget // 10, budget // 10]
    index = 0
    for (root, level), share in zip(roots, shares):
        root_file = f"{root.id}.plan.json"
        root.parent = None
        save(root, directory / root_file)
        donors = local_tasks(root, [p for p in seeds.values() if p is not root])
        tiers = _split_tiers(share) if level == "province" else [share]
        parents = [(root, root_file)]
        for depth, count in enumerate(tiers):
            next_parents = []
            for k in range(count):
                parent, parent_file = parents[k % len(parents)]
                child_level = _child_level(parent.level)
                region = region_name(index, "市" if child_level == "city" else "县")
                name = f"{child_level}-{index:04d}"
                folder = Path(f"{root.id}-tier{depth + 1}")
                ref = parent.id if depth == 0 else f"../{parent_file}"
                child, truth = mutate(parent, plan_id=name, level=child_level, region=region,
                                      parent_ref=ref, donors=donors, rng=rng)
                child_file = (folder / f"{name}.plan.json").as_posix()
                save(child, directory / child_file)
                truths[child_file] = truth
                next_parents.append((child, child_file))
                index += 1
            parents = next_parents
    return truths


def _key(text: str) -> str:
    """A clause reduced to its characters: no spaces, no punctuation, full/half width folded."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum())


def same_clause(a: str, b: str) -> bool:
    """True when two clauses are the same text give or take punctuation, width and a few words."""
    from rapidfuzz import fuzz

    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    return ka in kb or kb in ka or fuzz.ratio(ka, kb) >= 85
