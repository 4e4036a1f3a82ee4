"""The attachment task ledger (任务台账) rows → measures under their tasks.

Rows come tab-separated from text extraction (cells shifted, rows split across pages, merged
labels on neighbouring rows), from a .docx table or from an .xlsx sheet. A measure row is found
by the label its measure cell starts with (`(17)`); a line without one continues the measure
before it. Each measure then goes to the task whose body contains its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Measure
from .ledger_assign import TaskMatcher, label_task
from .ledger_cells import (
    UNIT_ROLES,
    clean_cell,
    ends_sentence,
    header_role,
    is_header,
    is_page_number,
    looks_like_deadline,
    looks_like_units,
    separate_units,
    split_label,
)
from .state import ParseState
from .units import split_units

_SLOTS = ("text", "units", "deadline", "progress")


@dataclass
class _Draft:
    """A measure row as read, its cells still raw (joined across page breaks)."""

    label: str
    number: int | None
    line: int
    text: str
    section_label: str = ""
    task_label: str = ""
    cells: dict[str, str] = field(default_factory=lambda: dict.fromkeys(_SLOTS[1:], ""))
    roles: dict[str, str] = field(default_factory=lambda: {"lead": "", "support": ""})  # unit columns

    def add(self, slot: str, piece: str) -> None:
        """Append a piece of a cell that continued on another line.

        A space goes between the pieces unless both sides are ASCII (`202` + `5年`): the clean-up
        drops it next to Chinese, yet it keeps a stray `and` a word. In a units cell the space
        is a separator only where `separate_units` reads whole names on both sides.
        """
        left = self.text if slot == "text" else self.cells[slot]
        left, piece = left.strip(), piece.strip()
        ascii_seam = left[-1:].isascii() and piece[:1].isascii()
        joined = left + ("" if not left or (ascii_seam and slot != "units") else " ") + piece
        if slot == "text":
            self.text = joined
        else:
            self.cells[slot] = joined


@dataclass
class _Context:
    """The merged 重点任务/具体任务 labels in force, carried down the rows."""

    section: str = ""
    task: str = ""

    def take(self, cells: list[str]) -> list[str]:
        """Record the label cells of a row; return its other non-empty cells."""
        from .markers import match_marker

        rest = []
        for raw in cells:
            cell = clean_cell(raw)
            if not cell:
                continue
            marker = match_marker(cell)
            if marker is not None and marker.level == "section":
                self.section, self.task = cell, ""
            elif marker is not None and marker.level == "item":
                self.task = cell
            elif header_role(cell) is None:
                rest.append(raw)
        return rest


def read_ledger_table(state: ParseState) -> None:
    """Parse `state.table` rows into Measures and attach each to its task by content."""
    rows = [(line, text.split("\t")) for line, text in state.table]
    rows = [(line, cells) for line, cells in rows if any(clean_cell(c) for c in cells)]
    if not rows:
        return
    header = _header(rows)
    find = _measure_finder(rows, header)
    if find is None:
        state.warn("附件表格中既没有“(1)”形式的措施编号，也没有“主要措施”表头，未读取任务台账。",
                   rows[0][0])
        return
    drafts = _read_rows(state, rows, header, find)
    _check_numbering(state, drafts)
    _attach(state, drafts)


def _header(rows: list[tuple[int, list[str]]]) -> dict[str, list[int]] | None:
    """Column indexes of each role named by the first header row, if the table has one.

    A role can have several columns (牵头单位 and 配合单位 are both units).
    """
    for _, cells in rows:
        if is_header(cells):
            roles: dict[str, list[int]] = {}
            for index, cell in enumerate(cells):
                role = header_role(cell)
                if role in UNIT_ROLES:  # 牵头单位 and 配合单位 are unit columns too
                    roles.setdefault("units", []).append(index)
                if role:
                    roles.setdefault(role, []).append(index)
            if "measure" not in roles:  # a table of tasks: each row is matched like a measure
                roles["measure"] = roles.pop("task")
            return roles
    return None


def _measure_finder(rows, header):
    """How this table shows where a measure starts: a printed label, else the header's column.

    Without printed labels a filled measure cell starts a measure; when the rows are numbered
    (序号 or `1.`), a row without a number continues the one before it.
    """
    if any(_labelled_cell(cells) is not None for _, cells in rows):
        return _labelled_cell
    if not (header and header.get("measure")):
        return None
    body = [cells for _, cells in rows if not is_header(cells)]
    numbered = any((_positional_cell(cells, header) or ("", ""))[1] for cells in body)

    def find(cells: list[str]):
        found = _positional_cell(cells, header)
        return None if found is None or (numbered and not found[1]) else found

    return find


def _labelled_cell(cells: list[str]) -> tuple[int, str, int, str] | None:
    """(index, label, number, rest) of the first cell that starts with a measure label."""
    for index, cell in enumerate(cells):
        found = split_label(cell)
        if found is not None:
            return (index, *found)
    return None


def _read_rows(state, rows, header, find) -> list[_Draft]:
    """Walk the rows: a row where `find` sees a measure cell starts a measure."""
    drafts: list[_Draft] = []
    context = _Context()
    for line, cells in rows:
        if is_header(cells) or is_page_number(cells):
            continue
        found = find(cells)
        if found is None:
            rest = context.take(cells)
            if rest and drafts:
                _continue(state, drafts[-1], rest, line)
            continue
        index, label, number, text = found
        context.take(cells[:index])
        draft = _Draft(label=label, number=number, line=line, text=text,
                       section_label=context.section, task_label=context.task)
        _fill(draft, cells, index, header)
        drafts.append(draft)
    return drafts


def _positional_cell(cells: list[str], header: dict[str, list[int]]):
    """Without printed labels: the measure column of the header, when the row fills it.

    The label is the 序号 cell, or a `1.`-style number the measure cell starts with.
    """
    from .markers import match_marker

    index = header["measure"][0]
    if index >= len(cells) or not clean_cell(cells[index]):
        return None
    text = cells[index]
    label, number = "", None
    if "number" in header and header["number"][0] < len(cells):
        label = clean_cell(cells[header["number"][0]])
        number = int(label) if label.isdigit() else None
    else:
        marker = match_marker(clean_cell(text))
        if marker is not None and marker.level in ("item", "subitem"):
            label, number, text = marker.label, marker.number, marker.rest
    return index, label, number, text


def _fill(draft: _Draft, cells: list[str], index: int, header: dict[str, list[int]] | None) -> None:
    """Read the units, deadline and progress cells that follow a measure cell."""
    after = [(i, c) for i, c in enumerate(cells) if i > index and clean_cell(c)]
    columns = {i: slot for slot in _SLOTS[1:] for i in (header or {}).get(slot, [])}
    if header and header["measure"][0] == index and all(i in columns for i, _ in after):
        for i, cell in after:
            slot = columns[i]
            draft.cells[slot] = f"{draft.cells[slot]}、{cell}" if draft.cells[slot] else cell
            for role in draft.roles:
                if i in header.get(role, []):
                    draft.roles[role] = cell
        return
    # Cells shifted by extraction: units first, then the deadline (the first cell that reads
    # as a time, else the second cell), then progress notes.
    pieces = [c for _, c in after]
    if not pieces:
        return
    at = next((k for k, c in enumerate(pieces) if looks_like_deadline(c) and not looks_like_units(c)),
              1 if len(pieces) > 1 else len(pieces))
    draft.cells["units"] = "、".join(pieces[:at])
    draft.cells["deadline"] = pieces[at] if at < len(pieces) else ""
    draft.cells["progress"] = "".join(pieces[at + 1 :])


def _continue(state: ParseState, draft: _Draft, pieces: list[str], line: int) -> None:
    """Add a line without a label to the measure before it, each piece to the cell it continues.

    The pieces of one line come from different columns, so each goes to a later cell than the
    piece before it.
    """
    lowest = 0
    for piece in pieces:
        slot = _continuation_slot(draft, piece, lowest)
        if slot is None:
            state.warn(f"无法判断这一行属于台账措施{draft.label}的哪一栏，已忽略：{clean_cell(piece)}", line)
            continue
        if slot == 0 and ends_sentence(draft.text):
            state.warn(f"台账措施{draft.label}的内容已经结束，这一行仍接在其后：{clean_cell(piece)}", line)
        draft.add(_SLOTS[slot], piece)
        lowest = slot + 1


def _continuation_slot(draft: _Draft, piece: str, lowest: int) -> int | None:
    """Which cell (index into _SLOTS) a continued piece belongs to, judged by content."""
    text_open = not ends_sentence(draft.text)
    deadline = looks_like_deadline(piece)
    units = looks_like_units(piece)
    current = draft.cells["units"]
    # A units cell is continued when the piece completes its last name (`…执法部` + `门`).
    completes = bool(current) and looks_like_units(current.strip() + piece.strip())
    units_open = bool(current) and not looks_like_units(current)
    if lowest <= 0 and text_open and ("。" in clean_cell(piece) or not (deadline or units)):
        return 0
    if lowest <= 2 and deadline and not units:
        return 2
    # A whole further sentence: the measure went on after a full stop at a page break.
    if (lowest <= 0 and not (deadline or units) and clean_cell(piece).endswith("。")
            and len(clean_cell(piece)) >= 8):
        return 0
    if lowest <= 1 and (units or units_open or completes):
        return 1
    if lowest <= 2 and draft.cells["deadline"]:
        return 2  # the rest of a wrapped deadline (`成 果`)
    if lowest <= 0:
        return 0
    return None


def _check_numbering(state: ParseState, drafts: list[_Draft]) -> None:
    """Warn where printed measure numbers skip or repeat."""
    previous = None
    for draft in drafts:
        if draft.number is None:
            continue
        if previous is not None and draft.number != previous + 1:
            state.warn(f"台账措施编号不连续：{draft.label} 前一项是第 {previous} 项。", draft.line)
        previous = draft.number


def _attach(state: ParseState, drafts: list[_Draft]) -> None:
    """Build each Measure and put it under the task whose body contains its text."""
    from .deadlines import parse_deadline

    plan = state.plan
    if not plan.tasks():
        state.warn(f"附件台账有 {len(drafts)} 项措施，但正文中没有可归入的任务。", drafts[0].line)
        return
    matcher = TaskMatcher(plan)
    for task in plan.tasks():
        task.measures = []
    after = -1
    noted = {id(t) for t in plan.tasks() if t.lead or t.support}
    for draft in drafts:
        text = clean_cell(draft.text)
        if not text:
            state.warn(f"台账措施{draft.label}没有内容，已跳过。", draft.line)
            continue
        named = label_task(plan, draft.section_label, draft.task_label)
        placement = matcher.place(text, named, after)
        if placement is None:
            state.warn(f"台账措施{draft.label}无法归入任何任务，已跳过。", draft.line)
            continue
        if placement.note:
            state.warn(f"台账措施{draft.label}：{placement.note}", draft.line)
        after = placement.order
        task = placement.task
        deadline_text = clean_cell(draft.cells["deadline"])
        _lead_and_support(task, draft, noted)
        task.measures.append(Measure(
            id=f"{task.id}.m{len(task.measures) + 1}",
            label=draft.label,
            text=text,
            units=split_units(clean_cell(separate_units(draft.cells["units"]))),
            deadline_text=deadline_text,
            deadlines=parse_deadline(deadline_text, state.ref_date) if deadline_text else [],
            line=draft.line,
        ))


def _lead_and_support(task, draft: _Draft, noted: set[int]) -> None:
    """A task whose text names no 牵头/配合 units takes those of its table rows, in order."""
    if id(task) in noted:
        return
    for role, cell in draft.roles.items():
        kept = getattr(task, role)
        kept += [u for u in split_units(clean_cell(separate_units(cell))) if u not in kept]
