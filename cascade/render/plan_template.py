"""Build the default plan template: the GB/T 9704-2012 docxtpl .docx (styles, sections, footers).

Run `python -m cascade.render.plan_template [OUT.docx]` to regenerate it (by default into the
package's `templates/plan.docx`, or write a fresh copy to OUT); the output is byte-identical
from run to run. Everything visual lives in named styles, so a clerk can restyle the template
in Word/WPS (Home → Styles → Modify) without touching the `{{ … }}` tags.
"""

from __future__ import annotations

import copy
import io
import sys
from pathlib import Path

from lxml import etree

from . import gbt9704 as G
from . import ooxml as X
from .ooxml import qn

OUT = Path(__file__).resolve().parent.parent / "templates" / "plan.docx"


def _style_base(document) -> None:
    """docDefaults and Normal: 3号仿宋 on the East Asian slot, exact 28.95 pt lines, 2-char indent."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    X.set_fonts(rpr, G.FONT_BODY, G.LATIN)
    X.set_size(rpr, G.BODY_SIZE)
    lang = X.child(rpr, "w:lang")
    X.set_attrs(lang, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    X.set_line(X.child(X.child(defaults, "w:pPrDefault"), "w:pPr"), G.LINE_PITCH)
    X.strip_theme_fonts(styles)
    normal = document.styles["Normal"].element
    npr = normal.get_or_add_pPr()
    X.set_line(npr, G.LINE_PITCH)
    X.set_indent(npr, first_line=G.FIRST_LINE_INDENT)
    X.set_attrs(X.child(npr, "w:jc"), val="both")
    nrpr = normal.get_or_add_rPr()
    X.set_fonts(nrpr, G.FONT_BODY, G.LATIN)
    X.set_size(nrpr, G.BODY_SIZE)
    X.set_attrs(X.child(nrpr, "w:spacing"), val=G.CHAR_SPACING)
    footer = document.styles["Footer"].element
    fpr = footer.get_or_add_pPr()
    for tabs in fpr.findall(qn("w:tabs")):
        fpr.remove(tabs)
    X.set_line(fpr, 240, rule="auto")
    X.set_indent(fpr)
    X.set_attrs(X.child(fpr, "w:snapToGrid"), val=0)
    frpr = footer.get_or_add_rPr()
    X.set_fonts(frpr, G.FONT_SONG, G.FONT_SONG)
    X.set_size(frpr, G.SIZES["四号"])
    X.set_attrs(X.child(frpr, "w:spacing"), val=0)


def _add_styles(document) -> None:
    """The named paragraph and character styles every rendered element uses."""
    from docx.enum.style import WD_STYLE_TYPE

    for sid, name, font, size, align, extra in G.PARAGRAPH_STYLES:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = sid
        style.base_style = document.styles["Normal"]
        style.quick_style = True
        ppr = style.element.get_or_add_pPr()
        if extra.get("keep"):
            X.child(ppr, "w:keepNext")
        if extra.get("grid") is False:
            X.set_attrs(X.child(ppr, "w:snapToGrid"), val=0)
        if extra.get("red_rule"):
            # The red separator 4 mm below the 发文字号, the width of the text area.
            X.set_border(ppr, "bottom", size_eighths=8, color=G.RED, space=11)
        line, rule = extra.get("line", (G.LINE_PITCH, "exact"))
        X.set_line(ppr, line, rule=rule, before=extra.get("before", 0), after=extra.get("after", 0))
        X.set_indent(ppr, first_line=G.FIRST_LINE_INDENT if extra.get("indent") else 0)
        X.set_attrs(X.child(ppr, "w:jc"), val=align)
        rpr = style.element.get_or_add_rPr()
        X.set_fonts(rpr, font, G.LATIN)
        X.set_size(rpr, size)
        if "color" in extra:
            X.set_attrs(X.child(rpr, "w:color"), val=extra["color"])
    for sid, name, font, bold in G.CHARACTER_STYLES:
        style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.style_id = sid
        rpr = style.element.get_or_add_rPr()
        X.set_fonts(rpr, font, G.LATIN)
        if bold:
            X.child(rpr, "w:b")
            X.child(rpr, "w:bCs")


def _font_table(document) -> None:
    """Declare the fonts with `w:altName` fallbacks and the GB2312 charset."""
    part = next(p for p in document.part.package.parts if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, alt in G.FONT_ALTERNATES.items():
        font = etree.SubElement(root, qn("w:font"))
        X.set_attrs(font, name=name)
        X.set_attrs(etree.SubElement(font, qn("w:altName")), val=alt)
        X.set_attrs(etree.SubElement(font, qn("w:charset")), val="86")
        X.set_attrs(
            etree.SubElement(font, qn("w:family")), val="modern" if alt != "SimHei" else "swiss"
        )
        X.set_attrs(etree.SubElement(font, qn("w:pitch")), val="fixed")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _footers(document) -> None:
    """Odd footer right, even footer left, each one 4号 character in: `— PAGE —`."""
    section = document.sections[0]
    document.settings.odd_and_even_pages_header_footer = True
    settings = document.settings.element
    X.set_attrs(settings.find(qn("w:themeFontLang")), eastAsia="zh-CN")
    X.set_attrs(settings.find(qn("w:defaultTabStop")), val=2 * G.CHAR_TWIPS)
    for footer, align, side in (
        (section.footer, "right", "right"),
        (section.even_page_footer, "left", "left"),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = document.styles["Footer"]
        ppr = p._p.get_or_add_pPr()
        X.set_attrs(X.child(ppr, "w:jc"), val=align)
        X.set_indent(ppr, **{side: 280})
        X.append_page_field(p._p)
        X.normalize_order(footer._element)


def _page(sectpr, *, landscape: bool = False) -> None:
    """Portrait GB/T 9704 page with the 22-line grid, or the landscape ledger page."""
    if landscape:
        M = G.LANDSCAPE_MARGINS
        X.set_page(
            sectpr,
            width=G.PAGE_HEIGHT,
            height=G.PAGE_WIDTH,
            top=M["top"],
            bottom=M["bottom"],
            left=M["left"],
            right=M["right"],
            header=G.HEADER_DISTANCE,
            footer=G.LANDSCAPE_FOOTER_DISTANCE,
            landscape=True,
        )
        X.set_doc_grid(sectpr, line_pitch=None)
    else:
        X.set_page(
            sectpr,
            width=G.PAGE_WIDTH,
            height=G.PAGE_HEIGHT,
            top=G.MARGIN_TOP,
            bottom=G.MARGIN_BOTTOM,
            left=G.MARGIN_LEFT,
            right=G.MARGIN_RIGHT,
            header=G.HEADER_DISTANCE,
            footer=G.FOOTER_DISTANCE,
        )
        X.set_doc_grid(sectpr, line_pitch=G.LINE_PITCH)
    X.set_section_start(sectpr, "nextPage")


def _para(document, text: str = "", style: str = "Normal", runs=None):
    """Append a paragraph in `style`: one run of `text`, or (text, char style id) runs."""
    p = document.add_paragraph(style=document.styles[_style_name(document, style)])
    for run_text, char_style in runs or [(text, None)]:
        run = p.add_run(run_text)
        if char_style:
            run.style = document.styles[_style_name(document, char_style)]
    return p


def _style_name(document, style_id: str) -> str:
    """The display name of a style id (python-docx looks styles up by name)."""
    for style in document.styles:
        if style.style_id == style_id or style.name == style_id:
            return style.name
    raise KeyError(style_id)


def _section_break(document, *, landscape: bool):
    """A tiny paragraph closing a section (portrait or landscape) before what follows."""
    p = _para(document, style=G.STYLE_BREAK)
    sectpr = copy.deepcopy(document.sections[0]._sectPr)
    _page(sectpr, landscape=landscape)
    p._p.get_or_add_pPr().append(sectpr)
    if landscape:
        _landscape_footers(document, sectpr)
    return p


def _landscape_footers(document, sectpr) -> None:
    """Footers of the landscape ledger: the page number turned 90° at the portrait position.

    The sheet is read with the table head towards the binding, so the landscape page's left
    edge is the portrait page's foot: odd numbers end one character before the portrait right
    edge of the text area (near the landscape bottom), even ones start one character after the
    portrait left edge (near the landscape top).
    """
    from docx.section import Section

    for ref in sectpr.findall(qn("w:footerReference")):
        sectpr.remove(ref)
    section = Section(sectpr, document.part)
    length, height = G.NUMBER_BOX_MM
    x = 297 - G.NUMBER_LINE_MM
    left_mm = G.MARGIN_LEFT / X.TWIPS_PER_MM
    right_mm = 210 - G.MARGIN_RIGHT / X.TWIPS_PER_MM
    odd_y = right_mm - G.NUMBER_INSET_MM - length / 2
    even_y = left_mm + G.NUMBER_INSET_MM + length / 2
    for shape_id, footer, align, y in (
        (9001, section.footer, "right", odd_y),
        (9002, section.even_page_footer, "left", even_y),
    ):
        footer.is_linked_to_previous = False
        holder = footer.paragraphs[0]
        holder.style = document.styles["Footer"]
        number = copy.deepcopy(holder._p)
        X.set_attrs(X.child(number.get_or_add_pPr(), "w:jc"), val=align)
        X.append_page_field(number)
        X.append_rotated_box(
            holder._p,
            number,
            center_mm=(x, y),
            length_mm=length,
            height_mm=height,
            shape_id=shape_id,
        )
        X.normalize_order(footer._element)


def _cell(cell, text: str, style_id: str, document) -> None:
    """Put one paragraph of `text` in `style_id` into a table cell, vertically centred."""
    p = cell.paragraphs[0]
    p.style = document.styles[_style_name(document, style_id)]
    p.add_run(text)
    tcpr = cell._tc.get_or_add_tcPr()
    X.set_attrs(X.child(tcpr, "w:vAlign"), val="center")


def _table(document, rows: int, widths: list[int], *, borders: dict[str, int]):
    """A fixed-layout table with a real `w:tblGrid`, so LibreOffice keeps the widths."""
    table = document.add_table(rows=rows, cols=len(widths))
    tbl = table._tbl
    tblpr = tbl.tblPr
    X.set_attrs(X.child(tblpr, "w:tblW"), w=sum(widths), type="dxa")
    X.set_attrs(X.child(tblpr, "w:tblLayout"), type="fixed")
    edges = X.child(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        size = borders.get(side, 0)
        X.set_attrs(
            X.child(edges, f"w:{side}"),
            val="single" if size else "nil",
            sz=size or None,
            space=0 if size else None,
            color="000000" if size else None,
        )
    margins = X.child(tblpr, "w:tblCellMar")
    for side, value in (("left", 80), ("right", 80)):
        X.set_attrs(X.child(margins, f"w:{side}"), w=value, type="dxa")
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        X.set_attrs(col, w=width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width * 635  # twips → EMU
    return table


def _ledger(document) -> None:
    """The attachment 任务台账: header row repeated on every page, rows kept whole."""
    widths = [w for _, w in G.LEDGER_COLUMNS]
    table = _table(
        document,
        4,
        widths,
        borders={s: 4 for s in ("top", "left", "bottom", "right", "insideH", "insideV")},
    )
    X.set_attrs(X.child(table._tbl.tblPr, "w:jc"), val="center")
    head, loop_start, data, loop_end = table.rows
    for cell, (label, _) in zip(head.cells, G.LEDGER_COLUMNS):
        _cell(cell, label, "CascadeTableHead", document)
    X.mark_header_row(head._tr)
    _cell(loop_start.cells[0], "{%tr for row in attachment.rows %}", "CascadeTableText", document)
    for cell, key in zip(
        data.cells, ("section", "task", "measure", "units", "deadline", "progress")
    ):
        _cell(cell, "{{ row." + key + " }}", "CascadeTableText", document)
    X.keep_row_whole(data._tr)
    _cell(loop_end.cells[0], "{%tr endfor %}", "CascadeTableText", document)


def _record(document) -> None:
    """The 版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期 on one line."""
    # LibreOffice 7.4 floats a table only when it is narrower than the text area less its cell
    # padding; 290 twips (5 mm) less than the 版心 keeps it at the page foot in both.
    shortfall = 290
    width = G.PAGE_WIDTH - G.MARGIN_LEFT - G.MARGIN_RIGHT - shortfall
    # Text one 4号 character (280 twips) in from the 版心 edges, the table being centred.
    padding = 280 - shortfall // 2
    widths = [width * 3 // 5, width - width * 3 // 5]
    table = _table(document, 4, widths, borders={"top": 8, "bottom": 8, "insideH": 6})
    tblpr = table._tbl.tblPr
    # Float the table to the bottom of the text area, as GB/T 9704 places the 版记.
    pos = X.child(tblpr, "w:tblpPr", first=True)
    X.set_attrs(
        pos,
        vertAnchor="margin",
        horzAnchor="margin",
        tblpYSpec="bottom",
        tblpXSpec="center",
        leftFromText=0,
        rightFromText=0,
        topFromText=0,
        bottomFromText=0,
    )
    X.set_attrs(X.child(tblpr, "w:tblOverlap"), val="never")
    margins = X.child(tblpr, "w:tblCellMar")
    for side in ("left", "right"):
        X.set_attrs(X.child(margins, f"w:{side}"), w=padding, type="dxa")
    cc_if, cc_row, printer_row, _ = table.rows
    _cell(cc_if.cells[0], "{%tr if cc %}", "CascadeRecord", document)
    merged = cc_row.cells[0].merge(cc_row.cells[1])
    _cell(merged, "抄送：{{ cc }}", "CascadeRecord", document)
    X.set_indent(merged.paragraphs[0]._p.get_or_add_pPr(), left=840, hanging=840)
    # 印发机关 flush left and 印发日期 flush right on one line: a right tab stop. The space
    # before the tab keeps the two apart for any reader that drops tabs.
    line = printer_row.cells[0].merge(printer_row.cells[1])
    _cell(line, "{{ printer }} ", "CascadeRecord", document)
    paragraph = line.paragraphs[0]
    paragraph.add_run().add_tab()
    paragraph.add_run("{{ printed }}")
    X.set_tabs(paragraph._p.get_or_add_pPr(), [("right", width - 2 * padding)])
    # The `{%tr endif %}` goes into the cc row's own closing marker row (row 3 is removed).
    table._tbl.remove(table.rows[3]._tr)
    end = copy.deepcopy(cc_if._tr)
    for t in end.iter(qn("w:t")):
        t.text = "{%tr endif %}"
    cc_row._tr.addnext(end)
    for row in (cc_row, printer_row):
        X.keep_row_whole(row._tr)


def _body(document) -> None:
    """The template body: docxtpl tags only; every look comes from the styles above."""
    _para(document, "{%p if notice %}")
    _para(document, "{%p if issuer_mark %}")
    _para(document, "{{ issuer_mark }}", G.STYLE_MARK)
    _para(document, "{%p endif %}")
    _para(document, "{{ doc_number }}", "CascadeDocNumber")
    _para(document, "{{ notice.title }}", "CascadeNoticeTitle")
    _para(document, "{{ notice.addressees }}", "CascadeAddressees")
    _para(document, "{%p for text in notice.body %}")
    _para(document, "{{ text }}")
    _para(document, "{%p endfor %}")
    _para(document, "{{ notice.signer }}", G.STYLE_SIGNER)
    _para(document, "{{ notice.date }}", G.STYLE_DATE)
    _para(document, "{%p endif %}")
    title = _para(
        document,
        style="CascadePlanTitle",
        runs=[
            ("{%r if notice %}", None),
            ("", None),
            ("{%r endif %}", None),
            ("{{ title }}", None),
        ],
    )
    from docx.enum.text import WD_BREAK

    title.runs[1].add_break(WD_BREAK.PAGE)
    _para(document, "{%p for b in blocks %}")
    _para(document, "{%p if b.kind == 'h1' %}")
    _para(document, "{{ b.text }}", "CascadeHeading1")
    _para(document, "{%p elif b.kind == 'h2' %}")
    _para(document, "{{ b.text }}", "CascadeHeading2")
    _para(document, "{%p elif b.kind == 'task' %}")
    _para(document, runs=[("{{ b.head }}", "CascadeTaskTitle"), ("{{ b.body }}", None)])
    _para(document, "{%p elif b.kind == 'lead' %}")
    _para(document, runs=[("{{ b.head }}", "CascadeLeadKai"), ("{{ b.body }}", None)])
    _para(document, "{%p else %}")
    _para(document, "{{ b.text }}")
    _para(document, "{%p endif %}")
    _para(document, "{%p endfor %}")
    _para(document, "{%p if attachment %}")
    # 附件说明: one blank line below the body, two characters in (GB/T 9704 7.3.4).
    _para(document, "附件：{{ attachment.title }}", "CascadeAttachmentNote")
    _para(document, "{%p endif %}")
    # A plan issued without a notice is signed below its body and 附件说明 (GB/T 9704 7.3.5).
    _para(document, "{%p if signature %}")
    _para(document, "{{ signature.signer }}", G.STYLE_SIGNER)
    _para(document, "{{ signature.date }}", G.STYLE_DATE)
    _para(document, "{%p endif %}")
    _para(document, "{%p if attachment %}")
    _section_break(document, landscape=False)
    _para(document, "附件", "CascadeAttachmentLabel")
    _para(document, "{{ attachment.title }}", "CascadeAttachmentTitle")
    _ledger(document)
    _section_break(document, landscape=True)
    _para(document, "{%p endif %}")
    _para(document, "{%p if disclosure %}")
    _para(document, "{{ disclosure }}", "CascadeNote")
    _para(document, "{%p endif %}")
    _para(document, "{%p if cc or printer or printed %}")
    _record(document)
    _para(document, "{%p endif %}")
    _para(document, style=G.STYLE_BREAK)


def _drop_thumbnail(document) -> None:
    """Remove python-docx's stock preview picture and stale style copy (another document's)."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(rid)
    # stylesWithEffects.xml is a stale Word 2010 copy of the stock styles (theme fonts, 11 pt).
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.rels.pop(rid)
    preview = document.settings.element.find(qn("w:savePreviewPicture"))
    if preview is not None:
        preview.getparent().remove(preview)


def build() -> bytes:
    """The template as deterministic .docx bytes."""
    import docx

    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _drop_thumbnail(document)
    _style_base(document)
    _add_styles(document)
    _font_table(document)
    _page(document.sections[0]._sectPr)
    _footers(document)
    _body(document)
    X.normalize_order(document.element)
    X.normalize_order(document.styles.element)
    props = document.core_properties
    props.title = "实施方案公文模板（GB/T 9704-2012）"
    props.author = props.last_modified_by = "plan-cascade"
    props.comments = "docxtpl 模板：修改样式即可改变版式，请勿删改花括号标签。"
    props.revision = 1
    import datetime as dt

    props.created = props.modified = dt.datetime(2024, 1, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return X.deterministic_zip(buffer.getvalue(), (2024, 1, 1, 0, 0, 0))


def main(argv: list[str]) -> int:
    """Write the template to argv[1] or the package's templates/plan.docx."""
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.write_bytes(build())
    print(f"已生成模板：{out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
