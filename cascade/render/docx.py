"""Render a Plan as the official .docx (GB/T 9704-2012) through the docxtpl template."""

from __future__ import annotations

import datetime as _dt
import io
import re
from pathlib import Path

from ..chinese import chinese_numeral
from ..errors import TemplateError
from ..fsutil import atomic_path
from ..model import Part, Plan, Task
from ..parse.units import LABELS as NOTE_LABELS
from . import ooxml as X

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "plan.docx"
# A paragraph that opens with a （一）-style lead-in sentence: printed in 楷体 like a heading.
_LEAD = re.compile(r"^([（(][一二三四五六七八九十]+[）)][^。：:]{1,30}[。：:])(.+)$", re.S)
_END_PUNCT = "。；：:;！？"
# 附件说明 (`附件：…任务台账`): the template prints it from the attachment, never twice.
_NOTE = re.compile(r"^附件\s*\d*\s*[:：]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def format_date(day: _dt.date | None) -> str:
    """A date in Arabic numerals without leading zeros: 2024年2月9日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


_BRACKETS = "（([【［〔"
_PART_LABEL = re.compile(r"^[一二三四五六七八九十]+[、．.]$")


def _paragraphs(text: str) -> list[str]:
    """Split stored text into the paragraphs it holds."""
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def _text_block(text: str) -> dict:
    """A body paragraph; a （一）lead-in sentence becomes a 楷体 head run."""
    match = _LEAD.match(text)
    if match:
        return {"kind": "lead", "head": match.group(1), "body": match.group(2), "text": text}
    return {"kind": "text", "text": text}


def _part_blocks(numeral: str, part: Part) -> list[dict]:
    """`一、总体要求` and its paragraphs; a 附件说明 among them is left to the template."""
    blocks = [{"kind": "h1", "text": f"{numeral}、{part.title}"}]
    for paragraph in part.paragraphs:
        blocks += [_text_block(p) for p in _paragraphs(paragraph) if not _NOTE.match(p)]
    return blocks


def _task_blocks(task: Task, depth: int = 0) -> list[dict]:
    """`1. 标题。正文（单位）` in the source's shape, then nested items `（1）…`."""
    head = f"{_item_label(task.number)}{task.title}"
    body_lines = _paragraphs(task.text)
    body = body_lines[0] if body_lines else ""
    if body and task.title and task.title[-1] not in _END_PUNCT:
        head += "。"
    rest = body_lines[1:]
    tail = task.units_text
    if tail and tail[0] not in _BRACKETS and not NOTE_LABELS.match(tail):
        tail = ""  # a table's units cell, not a note the text carried
    tail = tail or _made_note(task)
    if tail and tail[0] not in _BRACKETS:
        rest.append(tail)  # a note written without brackets stood on a line of its own
    elif rest:
        rest[-1] += tail
    else:
        body += tail
    kind = "task" if depth == 0 else "sub"
    blocks = [{"kind": kind, "head": head, "body": body, "text": head + body}]
    blocks += [{"kind": "text", "text": line} for line in rest]
    for child in task.children:
        blocks += _task_blocks(child, depth + 1)
    return blocks


def _item_label(number: str) -> str:
    """A task label as printed; a bare number read from a table gets its `.`."""
    return f"{number}." if re.fullmatch(r"[0-9０-９]+", number) else number


def _made_note(task: Task) -> str:
    """A unit note for a task whose units and dates came from a table, not from its text."""
    parts = []
    if task.units:
        parts.append("责任单位：" + "、".join(task.units))
    dates = [d.text for d in task.deadlines if d.text and d.text not in task.full_text]
    if dates:
        parts.append("完成时限：" + "，".join(dict.fromkeys(dates)))
    return f"（{'；'.join(parts)}）" if parts else ""


def _blocks(plan: Plan) -> list[dict]:
    """Every body paragraph after the title, with top-level numerals generated from order.

    Sections are （一）… under one 重点任务 heading; when the plan's own sections were 一、
    parts (each a group of tasks), they are printed as parts again.
    """
    blocks = [_text_block(p) for p in _paragraphs(plan.preamble)]
    count = 0
    for part in plan.general:
        count += 1
        blocks += _part_blocks(chinese_numeral(count), part)
    as_parts = bool(plan.sections) and all(_PART_LABEL.match(s.number) for s in plan.sections)
    if plan.sections and not as_parts:
        count += 1
        blocks.append({"kind": "h1", "text": f"{chinese_numeral(count)}、{plan.tasks_heading}"})
    for index, section in enumerate(plan.sections, start=1):
        if as_parts:
            count += 1
            blocks.append({"kind": "h1", "text": f"{chinese_numeral(count)}、{section.title}"})
        else:
            label = section.number or f"（{chinese_numeral(index)}）"
            blocks.append({"kind": "h2", "text": f"{label}{section.title}"})
        for task in section.tasks:
            blocks += _task_blocks(task)
    for part in plan.closing:
        count += 1
        blocks += _part_blocks(chinese_numeral(count), part)
    return blocks


def _ledger_rows(plan: Plan) -> list[dict]:
    """One row per measure, with the keys its 重点任务/具体任务 cells merge on."""
    rows = []
    for section in plan.sections:
        for task in section.walk():
            for measure in task.ledger_measures:
                rows.append(
                    {
                        "section": f"{section.number}{section.title}",
                        "task": f"{task.number}{task.title}",
                        "measure": f"{measure.label}{measure.text}",
                        "units": "、".join(measure.units),
                        "deadline": measure.deadline_text,
                        "progress": "",
                        "section_key": section.id,
                        "task_key": task.id,
                    }
                )
    return rows


def _prefixed(value: str, label: str) -> str:
    """`value` with `label：` in front unless it already starts with the label."""
    value = (value or "").strip()
    if not value or value.startswith(label):
        return value
    return f"{label}：{value}"


def _with_colon(addressees: str) -> str:
    """主送机关 end with a full-width colon."""
    addressees = (addressees or "").strip().rstrip(":：")
    return f"{addressees}：" if addressees else ""


def build_context(plan: Plan) -> dict:
    """The template context: plain strings and lists only, nothing a template could abuse."""
    notice = None
    if plan.notice is not None:
        n = plan.notice
        notice = {
            "title": n.title,
            "addressees": _with_colon(n.addressees),
            "body": _paragraphs(n.body),
            "signer": n.signer or plan.issuer,
            "date": format_date(n.date or plan.date),
        }
    issuer = plan.issuer.strip()
    signature = None
    if notice is None and (issuer or plan.date):
        # A plan issued without a notice is signed under its own body (GB/T 9704 7.3.5).
        signature = {"signer": issuer, "date": format_date(plan.date)}
    rows = _ledger_rows(plan)
    attachment = None
    if rows:
        attachment = {"title": plan.attachment_title or f"{plan.title}任务台账", "rows": rows}
    cc = plan.cc.strip()
    if cc.startswith("抄送"):
        cc = cc[2:].lstrip("：:")
    if cc and cc[-1] not in "。.":
        cc += "。"  # GB/T 9704 7.4.2: the last 抄送 organ ends with a full stop
    return _xml_safe(
        {
            "issuer_mark": issuer if not issuer or issuer.endswith("文件") else f"{issuer}文件",
            "doc_number": plan.doc_number,
            "notice": notice,
            "signature": signature,
            "title": plan.title,
            "blocks": _blocks(plan),
            "attachment": attachment,
            "disclosure": _prefixed(plan.disclosure, "公开方式"),
            "cc": cc,
            "printer": plan.printer,
            "printed": f"{format_date(plan.printed)}印发" if plan.printed else "",
        }
    )


def _xml_safe(value):
    """Drop characters XML 1.0 cannot hold (C0 controls but tab/newline) from every string."""
    if isinstance(value, str):
        return _XML_INVALID.sub("", value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    return value


def render_docx(plan: Plan, path: str | Path, *, template: str | Path | None = None) -> Path:
    """Write `plan` as a GB/T 9704-2012 .docx at `path` (atomically, byte-identical per plan)."""
    from .output import check_output

    path = check_output(path, "docx")
    data = render_docx_bytes(plan, template=template)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def render_docx_bytes(plan: Plan, *, template: str | Path | None = None) -> bytes:
    """The rendered .docx as bytes: docxtpl in a sandbox, then layout fixes, fixed zip times."""
    from .layout import finish_document

    _check_property_lengths(plan)
    document, context = _render_template(plan, template)
    finish_document(document, context)
    _core_properties(document, plan)
    buffer = io.BytesIO()
    document.save(buffer)
    return X.deterministic_zip(buffer.getvalue(), _zip_time(plan))


def _render_template(plan: Plan, template: str | Path | None):
    """Fill the template in the bounded Jinja sandbox; user-template faults become TemplateError."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    from ..errors import InputError
    from ..sources.office import check_office
    from .sandbox import make_environment, template_error

    path = Path(template) if template else DEFAULT_TEMPLATE
    if not path.is_file():
        raise TemplateError("模板文件不存在。", path=path)
    try:
        if "word/vbaProject.bin" in check_office(path, "docx"):
            raise TemplateError("模板含有宏（.docm），为安全起见不予使用；请另存为不含宏的 .docx。",
                                path=path)
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except TemplateError:
        raise
    except InputError as exc:
        raise TemplateError(f"不是可用的 Word 模板：{exc.message}", path=path) from exc
    except Exception as exc:  # python-docx raises many kinds for a broken Word file
        raise TemplateError(
            "不是有效的 Word 模板（.docx）：文件内部结构不完整；请在 Word/WPS 中打开后另存为 .docx 再试。",
            path=path,
        ) from exc
    context = build_context(plan)
    env = make_environment()
    try:
        used = tpl.get_undeclared_template_variables(env)
        tpl.render(context, jinja_env=env, autoescape=True)  # unsafe tags are refused first
        _check_required_tags(used, context, path)
    except TemplateError:
        raise
    except JinjaError as exc:
        raise template_error(exc, path) from exc
    except Exception as exc:  # Python errors a template can provoke: range(10**6), 1/0, include
        raise template_error(exc, path) from exc
    return tpl.docx, context


# Tags a template must use: the title and body always, the notice and the ledger table when the
# plan has them (a template without them would silently drop that part of the document).
_REQUIRED_TAGS = ("title", "blocks")
_REQUIRED_WHEN_PRESENT = ("notice", "attachment")


def _check_required_tags(used: set[str], context: dict, path: Path) -> None:
    """Refuse a template that never mentions a part of the plan that has content."""
    wanted = [*_REQUIRED_TAGS, *(k for k in _REQUIRED_WHEN_PRESENT if context.get(k))]
    missing = [name for name in wanted if name not in used]
    if missing:
        tags = "、".join(f"{{{{ {name} }}}}" for name in missing)
        raise TemplateError(
            f"模板缺少必需的标签 {tags}，按此模板排版会漏掉方案内容；"
            "请参照自带模板（python -m cascade.render.plan_template 模板.docx 可另存一份）补上。",
            path=path,
        )


def _zip_time(plan: Plan) -> tuple[int, int, int, int, int, int]:
    """Zip entry time from the plan's own date (never the clock); zip cannot go before 1980."""
    day = plan.date or plan.printed or _dt.date(1980, 1, 1)
    day = max(day, _dt.date(1980, 1, 1))
    return (day.year, day.month, day.day, 0, 0, 0)


# Word's core properties hold at most 255 characters each (python-docx refuses more).
MAX_PROPERTY_CHARS = 255
_PROPERTY_FIELDS = (("title", "标题"), ("doc_number", "文号"), ("issuer", "发文机关"), ("id", "编号"))


def _check_property_lengths(plan: Plan) -> None:
    """Refuse, before rendering, a plan field too long for the document properties."""
    from ..errors import InputError

    for field, name in _PROPERTY_FIELDS:
        value = getattr(plan, field) or ""
        if len(value) > MAX_PROPERTY_CHARS:
            raise InputError(f"方案的{name}有 {len(value)} 个字，超过 Word 文档属性 {MAX_PROPERTY_CHARS} 字的上限，"
                             f"无法写出 .docx；请缩短{name}后再试。")


def _core_properties(document, plan: Plan) -> None:
    """Title, author and dates from the plan, so two renders of one plan are identical."""
    props = document.core_properties
    day = plan.date or plan.printed or _dt.date(1980, 1, 1)
    stamp = _dt.datetime(day.year, day.month, day.day)
    props.title = _xml_safe(plan.title)
    props.subject = _xml_safe(plan.doc_number)
    props.author = props.last_modified_by = _xml_safe(plan.issuer) or "plan-cascade"
    props.keywords = _xml_safe(plan.id)
    props.comments = ""
    props.category = "实施方案"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
