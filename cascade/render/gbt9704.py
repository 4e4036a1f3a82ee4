"""GB/T 9704-2012 layout figures as data: page, margins, grid, sizes, fonts and style names."""

from __future__ import annotations

from .ooxml import mm

# Page: A4 portrait, text area (版心) 156 × 225 mm.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM = mm(37), mm(35)
MARGIN_LEFT, MARGIN_RIGHT = mm(28), mm(26)
# The em-dash line of the page number sits about 7 mm below the text area; with a 14 pt
# footer line that puts the footer's bottom edge about 24.8 mm above the paper's edge.
FOOTER_DISTANCE = mm(24.8)
HEADER_DISTANCE = mm(15)

# The attachment ledger: landscape, its head towards the binding on odd pages, so the
# portrait left (binding, 28 mm) becomes the top and the portrait bottom/top become left/right.
LANDSCAPE_MARGINS = {"top": mm(28), "bottom": mm(26), "left": mm(35), "right": mm(37)}
LANDSCAPE_FOOTER_DISTANCE = mm(12)

# The page number turned with the landscape ledger page, so that it prints where the portrait
# pages have theirs (the table head faces the binding): centre of the number line 7.5 mm below
# the text area, ends one 4号 character inside the text area's edges (portrait millimetres).
NUMBER_LINE_MM = 297 - 35 + 7.5
NUMBER_INSET_MM = 25.4 * 14 / 72  # one 4号 character
NUMBER_BOX_MM = (40.0, 8.0)  # length along the text, height

# Grid: 22 lines of 3号 text. 579 twips = 28.95 pt; 22 × 579 = 12738 ≤ 12756 (225 mm).
LINE_PITCH = 579
# 28 characters: a lines-only grid plus −0.25 pt character spacing on Normal (16 − 0.25 =
# 15.75 pt per character; 28 × 15.75 = 441 pt ≤ 442.2 pt text width). Verified with
# LibreOffice 7.4 (which misreads `linesAndChars` with a negative charSpace, see FORMAT.md);
# by the same arithmetic Word and WPS also fit 28 characters.
CHAR_SPACING = -5  # twentieths of a point
BODY_SIZE = 16  # 3号
CHAR_TWIPS = 315  # one body character advance (15.75 pt)
FIRST_LINE_INDENT = 2 * CHAR_TWIPS

# 号 → points.
SIZES = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
}

# Font names as offices use them (East Asian slot); fonts.conf maps them to free faces.
FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_HEI = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_SONG = "宋体"
LATIN = "Times New Roman"
# Hints written into the font table, so Word/WPS substitute sensibly when a face is missing.
FONT_ALTERNATES = {
    FONT_BODY: "仿宋",
    FONT_TITLE: "华文中宋",
    FONT_KAI: "楷体",
    FONT_HEI: "SimHei",
    FONT_SONG: "SimSun",
}

RED = "FF0000"

# Style ids the renderer relies on (names are Chinese, so clerks find them in Word's list).
STYLE_MARK = "CascadeMark"
STYLE_SIGNER = "CascadeSigner"
STYLE_DATE = "CascadeDate"
STYLE_BREAK = "CascadeSectionBreak"
STYLE_ATTACHMENT_NOTE = "CascadeAttachmentNote"
# Character styles of heading runs: a paragraph holding nothing else keeps with the next one.
HEADING_RUN_STYLES = ("CascadeTaskTitle", "CascadeLeadKai")
# Centred titles broken into balanced lines (GB/T 9704 7.3.1).
TITLE_STYLES = ("CascadeNoticeTitle", "CascadePlanTitle", "CascadeAttachmentTitle")


# -- the template's styles (render/plan_template.py builds them) ---------------------

# (style id, Chinese name, East Asian font, size pt, alignment, extra) — paragraph styles.
# Every style but Normal resets the first-line indent it would otherwise inherit.
PARAGRAPH_STYLES = [
    (
        STYLE_MARK,
        "发文机关标志",
        FONT_TITLE,
        36,
        "center",
        {"color": RED, "line": (240, "auto"), "before": mm(33), "grid": False},
    ),
    (
        "CascadeDocNumber",
        "发文字号",
        FONT_BODY,
        16,
        "center",
        {"before": 2 * LINE_PITCH, "red_rule": True},
    ),
    (
        "CascadeNoticeTitle",
        "公文标题",
        FONT_TITLE,
        22,
        "center",
        {"before": 2 * LINE_PITCH, "after": LINE_PITCH, "grid": False},
    ),
    ("CascadeAddressees", "主送机关", FONT_BODY, 16, "both", {}),
    (STYLE_SIGNER, "发文机关署名", FONT_BODY, 16, "right", {"before": LINE_PITCH}),
    (STYLE_DATE, "成文日期", FONT_BODY, 16, "right", {}),
    (
        "CascadePlanTitle",
        "方案标题",
        FONT_TITLE,
        22,
        "center",
        {"after": LINE_PITCH, "grid": False},
    ),
    ("CascadeHeading1", "一级标题", FONT_HEI, 16, "both", {"indent": True, "keep": True}),
    ("CascadeHeading2", "二级标题", FONT_KAI, 16, "both", {"indent": True, "keep": True}),
    ("CascadeNote", "附注", FONT_BODY, 16, "both", {"indent": True}),
    (
        "CascadeAttachmentNote",
        "附件说明",
        FONT_BODY,
        16,
        "both",
        {"indent": True, "before": LINE_PITCH},
    ),
    ("CascadeAttachmentLabel", "附件标识", FONT_HEI, 16, "left", {}),
    (
        "CascadeAttachmentTitle",
        "附件标题",
        FONT_TITLE,
        22,
        "center",
        {"before": LINE_PITCH, "after": LINE_PITCH, "grid": False},
    ),
    (
        "CascadeTableText",
        "表格文字",
        FONT_BODY,
        12,
        "left",
        {"line": (300, "exact"), "grid": False},
    ),
    (
        "CascadeTableHead",
        "表格表头",
        FONT_HEI,
        12,
        "center",
        {"line": (300, "exact"), "grid": False},
    ),
    (
        "CascadeRecord",
        "版记",
        FONT_BODY,
        14,
        "left",
        {"line": (LINE_PITCH, "exact"), "grid": False},
    ),
    (STYLE_BREAK, "分节符", FONT_BODY, 1, "left", {"line": (20, "exact"), "grid": False}),
]
# Character styles: the lead-in of a （一） paragraph in 楷体, and a task title in bold.
CHARACTER_STYLES = [
    ("CascadeLeadKai", "二级标题字符", FONT_KAI, False),
    ("CascadeTaskTitle", "三级标题字符", FONT_BODY, True),
]
# Column widths in twips; they add up to the landscape text width (225 mm = 12756).
LEDGER_COLUMNS = [
    ("重点任务", 1600),
    ("具体任务", 1700),
    ("主要措施", 4900),
    ("责任单位", 2100),
    ("完成时限", 1756),
    ("进度情况", 700),
]
