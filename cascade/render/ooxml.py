"""Raw WordprocessingML: readers and writers for what python-docx has no API for, and zip bytes.

East Asian fonts, PAGE fields, the grid, sections, table rows, line breaks, and the readers the
layout rules need (style ids, text, section of a paragraph, text area, inherited properties).
Writers insert property elements in schema order, so no repair pass is needed afterwards; the
renderer, the layout rules and the template builder never touch XML themselves.
"""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")

# Units: 1 mm = 56.6929 twips; sizes in half-points (w:sz) and eighths of a point (borders).
TWIPS_PER_MM = 1440 / 25.4


def qn(tag: str) -> str:
    """`w:tag` → Clark notation `{namespace}tag`."""
    prefix, _, local = tag.partition(":")
    assert prefix == "w", tag
    return f"{{{W_NS}}}{local}"


def mm(value: float) -> int:
    """Millimetres → twips, rounded."""
    return round(value * TWIPS_PER_MM)


def child(parent, tag: str, *, first: bool = False):
    """The child `tag` of `parent`, created when missing.

    A new element goes where the schema puts it among its siblings when `parent` is a property
    element (pPr, rPr, tcPr…); elsewhere it is appended, or inserted first with `first`
    (a paragraph's pPr, a row's trPr).
    """
    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = etree.Element(qn(tag))
    rank = _RANKS.get(parent.tag)
    if rank is not None and found.tag in rank:
        mine = rank[found.tag]
        after = next((c for c in parent if rank.get(c.tag, 999) > mine), None)
        if after is not None:
            after.addprevious(found)
        else:
            parent.append(found)
    elif first:
        parent.insert(0, found)
    else:
        parent.append(found)
    return found


def set_attrs(el, **attrs) -> None:
    """Set `w:`-namespaced attributes; a value of None removes the attribute."""
    for name, value in attrs.items():
        key = qn(f"w:{name}")
        if value is None:
            el.attrib.pop(key, None)
        else:
            el.set(key, str(value))


# -- run and paragraph properties ---------------------------------------------------------------


def set_fonts(rpr, east_asia: str, latin: str = "Times New Roman") -> None:
    """Put `east_asia` on the East Asian slot and `latin` on the others; drop theme fonts.

    Word and WPS choose a Chinese character's face from `w:eastAsia` only; the theme
    attributes would override the explicit names, so they are removed.
    """
    fonts = child(rpr, "w:rFonts", first=True)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    set_attrs(fonts, ascii=latin, hAnsi=latin, cs=latin, eastAsia=east_asia, hint="eastAsia")


def strip_theme_fonts(root) -> None:
    """Remove every `*Theme` font attribute below `root` (python-docx's template uses them)."""
    for fonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)


def set_size(rpr, points: float) -> None:
    """Font size in points, for Latin and complex scripts alike."""
    set_attrs(child(rpr, "w:sz"), val=round(points * 2))
    set_attrs(child(rpr, "w:szCs"), val=round(points * 2))


def set_line(ppr, twips: int, *, rule: str = "exact", before: int = 0, after: int = 0) -> None:
    """Line spacing (exact by default) and space before/after, all in twips."""
    set_attrs(
        child(ppr, "w:spacing"),
        before=before,
        after=after,
        line=twips,
        lineRule=rule,
        beforeLines=None,
        afterLines=None,
        beforeAutospacing=None,
        afterAutospacing=None,
    )


def set_indent(
    ppr, *, left: int = 0, right: int = 0, first_line: int = 0, hanging: int = 0
) -> None:
    """Paragraph indents in twips; character-based indents are removed so these win."""
    ind = child(ppr, "w:ind")
    ind.attrib.clear()
    set_attrs(ind, left=left, right=right)
    if hanging:
        set_attrs(ind, hanging=hanging)
    else:
        set_attrs(ind, firstLine=first_line)


def set_border(ppr, side: str, *, size_eighths: int, color: str = "000000", space: int = 1) -> None:
    """A single-line paragraph border on `side` (top, bottom, between)."""
    borders = child(ppr, "w:pBdr")
    set_attrs(child(borders, f"w:{side}"), val="single", sz=size_eighths, space=space, color=color)


def set_tabs(ppr, positions: list[tuple[str, int]]) -> None:
    """Replace the paragraph's tab stops with (alignment, twips) pairs."""
    old = ppr.find(qn("w:tabs"))
    if old is not None:
        ppr.remove(old)
    tabs = child(ppr, "w:tabs")
    for align, pos in positions:
        set_attrs(etree.SubElement(tabs, qn("w:tab")), val=align, pos=pos)


# -- fields -------------------------------------------------------------------------------------


def _run(paragraph_el, text: str | None = None):
    """Append a `w:r` (optionally with text) to a paragraph element and return it."""
    run = etree.SubElement(paragraph_el, qn("w:r"))
    if text is not None:
        t = etree.SubElement(run, qn("w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def append_page_field(paragraph_el, *, dash: str = "—") -> None:
    """Append `— PAGE —`: em dashes around a PAGE field, so Word and WPS renumber pages."""
    _run(paragraph_el, f"{dash} ")
    set_attrs(etree.SubElement(_run(paragraph_el), qn("w:fldChar")), fldCharType="begin")
    instr = etree.SubElement(_run(paragraph_el), qn("w:instrText"))
    instr.text = " PAGE "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    set_attrs(etree.SubElement(_run(paragraph_el), qn("w:fldChar")), fldCharType="separate")
    _run(paragraph_el, "1")
    set_attrs(etree.SubElement(_run(paragraph_el), qn("w:fldChar")), fldCharType="end")
    _run(paragraph_el, f" {dash}")


_EMU_PER_MM = 36000
_ROTATED_BOX = """<w:r xmlns:w="{w}"><w:drawing><wp:anchor xmlns:wp="{wp}" distT="0" distB="0"
 distL="0" distR="0" simplePos="0" relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1"
 allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset
 >{x}</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset
 ></wp:positionV><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
 <wp:wrapNone/><wp:docPr id="{id}" name="页码{id}"/><wp:cNvGraphicFramePr/><a:graphic
 xmlns:a="{a}"><a:graphicData uri="{wps}"><wps:wsp xmlns:wps="{wps}"><wps:cNvSpPr txBox="1"/>
 <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
 <a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
 <wps:txbx><w:txbxContent/></wps:txbx><wps:bodyPr rot="0" vert="vert" wrap="none" lIns="0" tIns="0"
 rIns="0" bIns="0" anchor="ctr"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>
 </wp:anchor></w:drawing></w:r>"""


def append_rotated_box(
    paragraph_el,
    content_el,
    *,
    center_mm: tuple[float, float],
    length_mm: float,
    height_mm: float,
    shape_id: int,
) -> None:
    """Append a text box whose text runs top to bottom (turned 90° clockwise), centred on the
    page at `center_mm` (x, y); it holds `content_el` (a `w:p`).

    Vertical text (`vert`) rather than a turned shape: LibreOffice ignores a text box's turn.
    Digits and the em dash are rotated with the line, so the box reads as `— 1 —` turned.
    """
    cx, cy = round(height_mm * _EMU_PER_MM), round(length_mm * _EMU_PER_MM)
    x = round(center_mm[0] * _EMU_PER_MM) - cx // 2
    y = round(center_mm[1] * _EMU_PER_MM) - cy // 2
    xml = _ROTATED_BOX.format(
        w=W_NS,
        wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        a="http://schemas.openxmlformats.org/drawingml/2006/main",
        wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        x=x,
        y=y,
        cx=cx,
        cy=cy,
        id=shape_id,
    ).replace("\n", "")
    run = etree.fromstring(xml)
    next(run.iter(qn("w:txbxContent"))).append(content_el)
    paragraph_el.append(run)



# -- sections -----------------------------------------------------------------------------------


def set_page(
    sectpr,
    *,
    width: int,
    height: int,
    top: int,
    bottom: int,
    left: int,
    right: int,
    header: int,
    footer: int,
    landscape: bool = False,
) -> None:
    """Page size and margins (twips) of a section; gutter is always zero."""
    set_attrs(child(sectpr, "w:pgSz"), w=width, h=height, orient="landscape" if landscape else None)
    set_attrs(
        child(sectpr, "w:pgMar"),
        top=top,
        bottom=bottom,
        left=left,
        right=right,
        header=header,
        footer=footer,
        gutter=0,
    )
    _order_sectpr(sectpr)


def set_doc_grid(sectpr, *, line_pitch: int | None, kind: str = "lines") -> None:
    """The section's document grid: `lines` with a pitch in twips, or none (`default`)."""
    grid = child(sectpr, "w:docGrid")
    grid.attrib.clear()
    if line_pitch is None:
        set_attrs(grid, type=None, linePitch=312)
    else:
        set_attrs(grid, type=kind, linePitch=line_pitch)
    _order_sectpr(sectpr)


def set_section_start(sectpr, kind: str) -> None:
    """How the section starts: nextPage, oddPage, continuous."""
    set_attrs(child(sectpr, "w:type", first=True), val=kind)
    _order_sectpr(sectpr)


_SECTPR_ORDER = [
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
]


def _order_sectpr(sectpr) -> None:
    """Keep `w:sectPr` children in schema order (headers/footers references first)."""
    refs = [c for c in sectpr if c.tag in (qn("w:headerReference"), qn("w:footerReference"))]
    rank = {qn(f"w:{n}"): i for i, n in enumerate(_SECTPR_ORDER)}
    rest = sorted((c for c in sectpr if c not in refs), key=lambda c: rank.get(c.tag, 99))
    for el in list(sectpr):
        sectpr.remove(el)
    for el in refs + rest:
        sectpr.append(el)


# -- tables -------------------------------------------------------------------------------------


def mark_header_row(tr) -> None:
    """Repeat this row at the top of every page the table spans, and keep it whole."""
    trpr = child(tr, "w:trPr", first=True)
    child(trpr, "w:cantSplit")
    child(trpr, "w:tblHeader")


def keep_row_whole(tr) -> None:
    """Forbid a page break inside this row."""
    child(child(tr, "w:trPr", first=True), "w:cantSplit")


def merge_down(rows, column: int, keys: list[str]) -> None:
    """Merge cells of `column` vertically over consecutive rows that share a key.

    The first cell of a run keeps its text (`vMerge restart`); the others are emptied
    (`vMerge continue`), as Word writes them.
    """
    start = 0
    for i in range(1, len(keys) + 1):
        if i < len(keys) and keys[i] == keys[start]:
            continue
        if i - start > 1:
            for j in range(start, i):
                tc = rows[j].findall(qn("w:tc"))[column]
                tcpr = child(tc, "w:tcPr", first=True)
                set_attrs(child(tcpr, "w:vMerge"), val="restart" if j == start else "continue")
                if j != start:
                    for p in tc.findall(qn("w:p"))[1:]:
                        tc.remove(p)
                    for r in tc.find(qn("w:p")).findall(qn("w:r")):
                        r.getparent().remove(r)
        start = i


# -- layout writers -----------------------------------------------------------------------------


def keep_with_next(p) -> None:
    """Keep a paragraph on the page of the next one."""
    child(child(p, "w:pPr", first=True), "w:keepNext")


def paragraph_properties(p):
    """A paragraph's `w:pPr`, created first when missing."""
    return child(p, "w:pPr", first=True)


def run_properties(run):
    """A run's `w:rPr`, created first when missing."""
    return child(run, "w:rPr", first=True)


def set_text_lines(p, lines: list[str]) -> None:
    """Replace a paragraph's text runs by `lines` joined with line breaks (`w:br`).

    The first run holding text lends its properties to every line; runs without text (a
    page break before a title) stay where they are, empty text runs go.
    """
    runs = [r for r in p.findall(qn("w:r")) if r.find(qn("w:t")) is not None]
    filled = [r for r in runs if any(t.text for t in r.findall(qn("w:t")))]
    if not filled:
        return
    first = filled[0]
    for run in runs:
        if run is not first:
            p.remove(run)
    for t in first.findall(qn("w:t"))[1:]:
        first.remove(t)
    anchor = first
    for i, line in enumerate(lines):
        run = first if i == 0 else deepcopy(first)
        t = run.find(qn("w:t"))
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if i:
            t.addprevious(etree.Element(qn("w:br")))
            anchor.addnext(run)
            anchor = run


def insert_empty_paragraph_before(el) -> None:
    """An empty paragraph right before `el` (an anchor for a floating table)."""
    el.addprevious(etree.Element(qn("w:p")))


def drop_empty_last_section(body) -> None:
    """A last section with neither text nor table is removed, its page with it."""
    sect = f"{qn('w:pPr')}/{qn('w:sectPr')}"
    breaks = [p for p in body.findall(qn("w:p")) if p.find(sect) is not None]
    if not breaks:
        return
    last = breaks[-1]
    texts = ("".join(t.text or "" for t in el.iter(qn("w:t"))) for el in last.itersiblings())
    if any(el.tag == qn("w:tbl") for el in last.itersiblings()) or any(t.strip() for t in texts):
        return
    body.replace(body.find(qn("w:sectPr")), last.find(sect))
    body.remove(last)


# -- schema order -------------------------------------------------------------------------------

# Word refuses property elements out of schema order; helpers above append, this sorts.
_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout "
    "specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "pBdr": "top left bottom right between bar",
    "tblBorders": "top left start bottom right end insideH insideV",
}
_RANKS = {
    qn(f"w:{k}"): {qn(f"w:{n}"): i for i, n in enumerate(v.split())} for k, v in _ORDER.items()
}


def normalize_order(root) -> None:
    """Sort the children of every property element below `root` into schema order."""
    for tag, rank in _RANKS.items():
        for el in root.iter(tag):
            for kid in sorted(el, key=lambda c: rank.get(c.tag, 999)):
                el.append(kid)
    for sectpr in root.iter(qn("w:sectPr")):
        _order_sectpr(sectpr)


# -- package ------------------------------------------------------------------------------------


def deterministic_zip(data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """Rewrite a .docx/.xlsx zip with one fixed timestamp and attributes on every entry.

    Entries keep their order; compression stays DEFLATE (byte-identical on one zlib build).
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


# -- tracked changes (w:ins / w:del) -------------------------------------------------------------
# The only place that writes revision markup (redline.py builds runs through these); the
# accept/reject reader is ooxml_read.revised_text.

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REVISION_TAGS = {1: "w:ins", -1: "w:del"}


def text_run(text: str, *, deleted: bool = False, rpr=None):
    """A `w:r` holding `text` (as `w:delText` when `deleted`), with a copy of `rpr` if given."""
    run = etree.Element(qn("w:r"))
    if rpr is not None:
        run.append(etree.fromstring(etree.tostring(rpr)))
    t = etree.SubElement(run, qn("w:delText" if deleted else "w:t"))
    t.text = text
    t.set(_XML_SPACE, "preserve")
    return run


def revision(op: int, rev_id: int, author: str, date: str):
    """An empty `w:ins` (op 1) or `w:del` (op -1) with its id, author and ISO date."""
    el = etree.Element(qn(REVISION_TAGS[op]))
    set_attrs(el, id=rev_id, author=author, date=date)
    return el


def append_revised_text(paragraph_el, op: int, text: str, *, rev_id: int, author: str,
                        date: str, rpr=None):
    """Append `text` to a paragraph as plain (op 0), inserted (1) or deleted (-1) text; returns
    the element appended (the `w:r`, or the `w:ins`/`w:del` wrapping it)."""
    run = text_run(text, deleted=op == -1, rpr=rpr)
    if op == 0:
        paragraph_el.append(run)
        return run
    wrapper = revision(op, rev_id, author, date)
    wrapper.append(run)
    paragraph_el.append(wrapper)
    return wrapper


def mark_paragraph_revision(paragraph_el, op: int, *, rev_id: int, author: str, date: str) -> None:
    """Mark a wholly inserted (1) or deleted (-1) paragraph's mark (`w:pPr/w:rPr/w:ins|w:del`),
    so accepting or rejecting removes the paragraph itself, not only its text."""
    rpr = child(child(paragraph_el, "w:pPr", first=True), "w:rPr")
    rpr.append(revision(op, rev_id, author, date))


def set_table_borders(tbl, *, size_eighths: int = 4) -> None:
    """Single black borders around and inside a table, a fixed layout and centred."""
    tblpr = child(tbl, "w:tblPr", first=True)
    borders = child(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        set_attrs(child(borders, f"w:{side}"), val="single", sz=size_eighths, space=0,
                  color="000000")
    set_attrs(child(tblpr, "w:jc"), val="center")
    set_attrs(child(tblpr, "w:tblLayout"), type="fixed")
