"""Write the review .docx: the child plan as Word tracked changes against its parent, findings as comments.

    from cascade.render.redline import render_redline
    render_redline(diff, child, parent, "梅州-对照.docx", date=datetime.date(2024, 3, 1))

A cover section (both plans' titles, 文号 and dates, the comparison date, findings by type),
then the review text of redline_review: every change an insertion or a deletion by 「方案对照」
dated the comparison date, every finding one comment anchored on its clause. Styles, page setup
and page numbers are the rendered plans' (templates/plan.docx, GB/T 9704); the revision XML is
written by ooxml, the comments by python-docx. Same inputs and date give the same bytes.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
from collections import Counter
from pathlib import Path

from ..fsutil import atomic_path
from . import gbt9704 as G
from . import ooxml as X
from .docx import DEFAULT_TEMPLATE, format_date
from .docx import _xml_safe as xml_safe
from .ooxml import qn
from .redline_findings import TYPE_LABELS, Note
from .redline_review import Review, build_review

AUTHOR = "方案对照"
INITIALS = "对照"
STYLES = {"title": "CascadePlanTitle", "part": "CascadeHeading1", "section": "CascadeHeading2",
          "task": None, "text": None}
HEAD_STYLE = "CascadeTaskTitle"  # bold run style of a task's number and title
COVER_COLUMNS = (1800, 5150, 5150)  # relative widths, scaled to the text area
SUMMARY_COLUMNS = (5600, 3244)
TEXT_WIDTH = G.PAGE_WIDTH - G.MARGIN_LEFT - G.MARGIN_RIGHT
NOTE = ("说明：本稿以本级方案为准，逐条对照上级方案。本级新增或改写的文字标为插入，上级方案有而本级没有的"
        "文字标为删除（删除线）；上级方案的用语已换成本级的说法（如省司法厅→市司法局），不作修订标记。"
        "“接受所有修订”得到本级方案原文，“拒绝所有修订”得到上级方案原文。每处问题见页边批注。")


def render_redline(diff, child, parent, path: str | Path, *, date: _dt.date) -> Path:
    """Write the review .docx of `child` against `parent` (their `diff`) at `path`, atomically."""
    from .output import check_output

    path = check_output(path, "docx")
    data = redline_bytes(diff, child, parent, date=date)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def redline_bytes(diff, child, parent, *, date: _dt.date) -> bytes:
    """The review .docx as bytes (deterministic for the same plans and date)."""
    import docx

    review = build_review(diff, child, parent)
    document = docx.Document(str(DEFAULT_TEMPLATE))
    body = document.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)
    stamp = f"{date.isoformat()}T00:00:00Z"
    _cover(document, review, child, parent, date)
    writer = _Writer(body, stamp, first_id=len(review.notes) + 1)
    places = writer.write(review)
    _comments(document, review, places, date)
    X.normalize_order(body)
    _core_properties(document, child, date)
    buffer = io.BytesIO()
    document.save(buffer)
    day = max(date, _dt.date(1980, 1, 1))
    return X.deterministic_zip(buffer.getvalue(), (day.year, day.month, day.day, 0, 0, 0))


# -- cover ----------------------------------------------------------------------------------------


def summary_counts(notes: list[Note]) -> list[tuple[str, int]]:
    """(Chinese finding type, count) for every type, in the cover table's order; types the
    table does not know (from a newer diff) follow with theirs."""
    counts = Counter(n.type for n in notes)
    extra = sorted(t for t in counts if t not in TYPE_LABELS)
    return [(TYPE_LABELS.get(t, t), counts[t]) for t in [*TYPE_LABELS, *extra]]


def _cover(document, review: Review, child, parent, date: _dt.date) -> None:
    """Title, the two plans side by side, the comparison date, the findings by type."""
    _paragraph(document, "方案对照审阅稿", "CascadePlanTitle")
    rows = [("", "本级方案", "上级方案"),
            ("方案名称", child.title, parent.title),
            ("文号", child.doc_number or "—", parent.doc_number or "—"),
            ("成文日期", format_date(child.date) or "—", format_date(parent.date) or "—")]
    _table(document, rows, COVER_COLUMNS)
    _paragraph(document, f"对照日期：{format_date(date)}", None)
    _paragraph(document, NOTE, None)
    counts = summary_counts(review.notes)
    total = sum(n for _, n in counts)
    _paragraph(document, f"发现问题 {total} 处，按类型：", None)
    _table(document, [("问题类型", "处数"), *[(t, str(n)) for t, n in counts], ("合计", str(total))],
           SUMMARY_COLUMNS)
    document.add_page_break()


def _paragraph(document, text: str, style: str | None):
    """A paragraph of `text` in a template style (Normal when None)."""
    p = document.add_paragraph()
    if style:
        p.style = document.styles.get_by_id(style, 1)
    if text:
        p.add_run(xml_safe(text))
    return p


def _table(document, rows, widths) -> None:
    """A bordered table, the first row as its head (黑体), widths scaled to the text area."""
    scale = TEXT_WIDTH / sum(widths)
    twips = [round(w * scale) for w in widths]
    table = document.add_table(rows=len(rows), cols=len(widths))
    tbl = table._tbl
    X.set_table_borders(tbl)
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), twips):
        X.set_attrs(col, w=width)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            X.set_attrs(X.child(X.child(cell._tc, "w:tcPr", first=True), "w:tcW"), w=twips[c],
                        type="dxa")
            p = cell.paragraphs[0]
            p.style = document.styles.get_by_id("CascadeTableHead" if r == 0 or c == 0 and
                                                len(widths) > 2 else "CascadeTableText", 1)
            if value:
                p.add_run(xml_safe(value))


# -- the review text ------------------------------------------------------------------------------


class _Writer:
    """Appends the layout's paragraphs to the body; revision ids count up from `first_id`."""

    def __init__(self, body, stamp: str, first_id: int):
        self.body, self.stamp, self.next_id = body, stamp, first_id
        self.sectpr = body.find(qn("w:sectPr"))

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def write(self, review: Review) -> dict[tuple[int, int], object]:
        """Write every paragraph; returns (paragraph, segment) → the element holding it."""
        from lxml import etree

        places: dict[tuple[int, int], object] = {}
        layout = review.layout
        for q, para in enumerate(layout.paras):
            p = etree.Element(qn("w:p"))
            ppr = etree.SubElement(p, qn("w:pPr"))
            style = STYLES.get(para.kind)
            if style:
                X.set_attrs(etree.SubElement(ppr, qn("w:pStyle")), val=style)
            for s, seg in enumerate(para.segments):
                rpr = self._run_props(layout, seg)
                places[(q, s)] = X.append_revised_text(
                    p, seg.op, seg.text, rev_id=self._id(), author=AUTHOR, date=self.stamp, rpr=rpr)
            if para.deleted or para.inserted:
                X.mark_paragraph_revision(p, -1 if para.deleted else 1, rev_id=self._id(),
                                          author=AUTHOR, date=self.stamp)
            self.sectpr.addprevious(p)
        return places

    @staticmethod
    def _run_props(layout, seg):
        """Bold head style for a task's number and title, none otherwise."""
        from lxml import etree

        item = (layout.child_items[seg.child] if seg.child is not None
                else layout.parent_items[seg.parent])
        if item.kind != "head":
            return None
        rpr = etree.Element(qn("w:rPr"))
        X.set_attrs(etree.SubElement(rpr, qn("w:rStyle")), val=HEAD_STYLE)
        return rpr


# -- comments -------------------------------------------------------------------------------------


def note_segments(review: Review, note: Note, where=None) -> list[tuple[int, int]]:
    """The (paragraph, segment) positions a note is anchored on, in document order.

    `where` maps ("p", parent item) / ("c", child item) to their positions (segment_index).
    """
    layout = review.layout
    where = where if where is not None else segment_index(review)
    parents: set[int] = set()
    children: set[int] = set()
    if note.child_task is not None:
        children = {i for i, item in enumerate(layout.child_items) if item.task == note.child_task}
    elif note.part is not None:
        parents = _part_paragraph(layout.parent_items, note.part, note.quote)
    elif note.clause is not None:
        p = review.parent_index.get((note.parent_task, "clause", note.clause))
        parents = {p} if p is not None else set()
    else:
        for kind in ("units", "head"):
            p = review.parent_index.get((note.parent_task, kind, None))
            if p is not None:
                parents = {p}
                break
    for p in parents:
        children |= set(layout.links.get(p, []))
    found = sorted({spot for p in parents for spot in where.get(("p", p), [])}
                   | {spot for c in children for spot in where.get(("c", c), [])})
    if not found and note.parent_task is not None and note.clause is not None:
        return note_segments(review, Note(note.type, note.text, note.parent_task), where)
    return found or [(0, 0)]


def segment_index(review: Review) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """Where each parent ("p", i) and child ("c", j) item's segments are, in document order."""
    out: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for q, para in enumerate(review.layout.paras):
        for s, seg in enumerate(para.segments):
            if seg.parent is not None:
                out.setdefault(("p", seg.parent), []).append((q, s))
            if seg.child is not None:
                out.setdefault(("c", seg.child), []).append((q, s))
    return out


def _part_paragraph(items, part: str, quote: str) -> set[int]:
    """The parent paragraph of a 总体要求/组织实施 part (items keyed general1…, closing1…) that
    holds a quoted clause, or the one sharing most of its words."""
    from rapidfuzz import fuzz

    from ..compare.normalise import tidy

    wanted = tidy(quote)
    found = [i for i, item in enumerate(items)
             if item.kind == "text" and (item.task or "").startswith(part)]
    holding = [i for i in found if wanted and wanted in tidy(items[i].text)]
    if holding:
        return {holding[0]}
    best = max(found, key=lambda i: fuzz.partial_ratio(wanted, tidy(items[i].text)), default=None)
    return {best} if best is not None else set()


def _comments(document, review: Review, places, date: _dt.date) -> None:
    """One comment per note, anchored from the first to the last segment it concerns."""
    from docx.oxml import OxmlElement
    from docx.text.run import Run

    stamp = _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC)
    where = segment_index(review)
    for note in review.notes:
        spots = note_segments(review, note, where)
        first, last = places[spots[0]], places[spots[-1]]
        start, end = OxmlElement("w:r"), OxmlElement("w:r")
        first.addprevious(start)
        last.addnext(end)
        paragraph = document.paragraphs[0]
        comment = document.add_comment([Run(start, paragraph), Run(end, paragraph)],
                                       text=xml_safe(note.text), author=AUTHOR,
                                       initials=INITIALS)
        comment._comment_elm.date = stamp
        for anchor in (start, end):
            anchor.getparent().remove(anchor)


def _core_properties(document, child, date: _dt.date) -> None:
    """Title and dates from the plan and the comparison date, never from the clock."""
    props = document.core_properties
    stamp = _dt.datetime(date.year, date.month, date.day)
    props.title = xml_safe(f"{child.title}（对照审阅稿）")
    props.subject = xml_safe(child.doc_number or "")
    props.author = props.last_modified_by = AUTHOR
    props.keywords = xml_safe(child.id or "")
    props.comments = ""
    props.category = "方案对照"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1


# -- one review document per audited pair ----------------------------------------------------------


def pair_file_name(child_key: str, parent_key: str) -> str:
    """`<child>-vs-<parent>.docx` from two plan keys (paths inside the audited folder)."""
    def stem(key: str) -> str:
        name = key.replace("\\", "/").rsplit(".", 1)[0].removesuffix(".plan")
        return name.replace("/", "_")

    return f"{stem(child_key)}-vs-{stem(parent_key)}.docx"


def write_pair_redlines(pairs, directory: str | Path, out_dir: str | Path, *, date: _dt.date,
                        load) -> list[Path]:
    """One review .docx per audited pair in `out_dir`; `load(path)` reads a plan (the caller's
    loader, so rendering never parses). A child is read with the parent the audit found for
    it, so omissions it recorded against that plan are recognised as in the audit."""
    from ..compare import diff_plans
    from ..errors import InputError

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("审阅稿输出路径已存在，但不是文件夹；请给出一个文件夹。", path=out)
    cache: dict[str, object] = {}

    def plan(key: str):
        if key not in cache:
            cache[key] = load(Path(directory, key))
        return cache[key]

    written = []
    for pair in pairs:
        child = copy.copy(plan(pair.child))
        child.parent = plan(pair.via[0] if pair.via else pair.parent).id
        parent = plan(pair.parent)
        path = out / pair_file_name(pair.child, pair.parent)
        written.append(render_redline(diff_plans(child, parent), child, parent, path, date=date))
    return written
