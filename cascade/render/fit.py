"""Fit the 印发通知 on its page: tighten its line spacing when the 成文日期 would spill over.

GB/T 9704-2012 7.3.5.4 (特殊情况说明): 「当公文排版后所剩空白处不能容下印章或签发人签名章、
成文日期时，可以采取调整行距、字距的措施解决」. The notice page is estimated from its text (conservatively:
auto-spaced lines count 1.5 × their size, mixed Latin/CJK runs get autospace room); when it
overflows by less than what a slightly tighter pitch recovers, the addressees, body, 署名 and
成文日期 get that pitch. Otherwise the spacing stays and the keep-with-next chain set on the
signature (layout._place_signature) carries the last body line over with it.
"""

from __future__ import annotations

import math

from ..chinese import is_wide
from . import gbt9704 as G
from . import ooxml as X
from . import ooxml_read as R

# The tightest pitch allowed, as a share of the grid pitch (3号 on 24.6 pt lines still reads).
MIN_PITCH_SHARE = 0.85
# Room kept free below the date for estimation error (a quarter of a line).
SAFETY = G.LINE_PITCH // 4
AUTO_LINE_SHARE = 1.5  # an auto-spaced line's height as a multiple of its font size


def estimate_width(text: str) -> float:
    """Width in body characters, with a quarter character where CJK and Latin text meet."""
    width, last_wide = 0.0, None
    for ch in text:
        wide = is_wide(ch)
        width += 1 if wide else 0.5
        if last_wide is not None and wide != last_wide:
            width += 0.25
        last_wide = wide
    return width


def _style_chain(document, p) -> list:
    """pPr/rPr holders from the paragraph outwards: the paragraph, its styles, the defaults."""
    chain = [p]
    wanted = R.style_id(p)
    style = next(
        (s for s in document.styles if wanted and s.style_id == wanted),
        document.styles.default(_paragraph_type()),
    )
    while style is not None:
        chain.append(style.element)
        style = style.base_style
    return chain + R.doc_defaults(document.styles.element)


def _paragraph_type():
    """python-docx's paragraph style type (imported late: heavy)."""
    from docx.enum.style import WD_STYLE_TYPE

    return WD_STYLE_TYPE.PARAGRAPH


def _num(value: str | None, default: float = 0.0) -> float:
    """A numeric attribute value or `default`."""
    return float(value) if value is not None else default


def paragraph_height(document, p, text_width_twips: int) -> tuple[float, int]:
    """(estimated height in twips, number of lines) of one paragraph."""
    chain = _style_chain(document, p)
    size = _num(R.inherited(chain, "w:rPr/w:sz", "val"), G.BODY_SIZE * 2) / 2
    spacing = _num(R.inherited(chain, "w:rPr/w:spacing", "val")) / 20
    pitch = size + spacing
    before = _num(R.inherited(chain, "w:pPr/w:spacing", "before"))
    after = _num(R.inherited(chain, "w:pPr/w:spacing", "after"))
    line = _num(R.inherited(chain, "w:pPr/w:spacing", "line"), 240)
    rule = R.inherited(chain, "w:pPr/w:spacing", "lineRule") or "auto"
    height = line if rule in ("exact", "atLeast") else size * 20 * AUTO_LINE_SHARE * line / 240
    if rule == "atLeast":
        height = max(height, size * 20 * AUTO_LINE_SHARE)
    indent = sum(_num(R.inherited(chain, "w:pPr/w:ind", a)) for a in ("firstLine", "left", "right"))
    text = R.text_of(p)
    breaks = R.line_breaks(p)
    per_line = max(1, int(text_width_twips / (pitch * 20)))
    if breaks:
        lines = len(breaks) + 1
    else:
        lines = max(1, math.ceil((estimate_width(text) + indent / (pitch * 20)) / per_line))
    border = R.bottom_border(chain)
    extra = 0.0
    if border is not None:
        extra = _num(R.attr(border, "space")) * 20 + _num(R.attr(border, "sz")) / 8 * 20
    return before + after + lines * height + extra, lines


def fit_notice(document) -> float | None:
    """Tighten the notice's text lines so its 成文日期 stays on the page; the new pitch or None."""
    body = document.element.body
    paragraphs = R.paragraphs(body, nested=False)
    dates = [i for i, p in enumerate(paragraphs) if R.style_id(p) == G.STYLE_DATE]
    sectpr = next(iter(R.sections(body)), None)
    if not dates or sectpr is None:
        return None
    notice = paragraphs[: dates[0] + 1]
    if not any(R.style_id(p) == "CascadeNoticeTitle" for p in notice):
        return None  # no 印发通知: the first date closes the plan itself
    width, page = R.text_area(sectpr)
    measured = [(p, *paragraph_height(document, p, width)) for p in notice]
    overflow = sum(h for _, h, _ in measured) + SAFETY - page
    if overflow <= 0:
        return None
    titles = [i for i, p in enumerate(notice) if R.style_id(p) in G.TITLE_STYLES]
    tight = [(p, n) for p, _, n in measured[titles[-1] + 1 if titles else 0 :]]
    units = sum(n for _, n in tight) + 1  # the blank line above the 署名
    pitch = G.LINE_PITCH - math.ceil(overflow / units)
    if pitch < G.LINE_PITCH * MIN_PITCH_SHARE:
        return None
    for p, _ in tight:
        ppr = X.paragraph_properties(p)
        before = pitch if R.style_id(p) == G.STYLE_SIGNER else 0
        X.set_line(ppr, pitch, before=before)
        X.set_attrs(X.child(ppr, "w:snapToGrid"), val=0)
    return pitch / 20
