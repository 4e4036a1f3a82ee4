"""Steps 4–5: the 印发通知 wrapper (机关, 文号, title, 主送, body, date), plan title, and 版记."""

from __future__ import annotations

import datetime as _dt
import re

from ..chinese import DIGITS, FULL_DIGITS, cn_number, display_width
from ..levels import NOT_LEVEL_WORD
from ..model import Notice
from .catalogue import KEY as CATALOGUE
from .markers import match_marker
from .state import Para, ParseState
from .titles import (
    ISSUED,
    TITLE_WORDS,
    is_title_piece,
    merge_title,
    title_in_notice,
    title_start,
)
from .units import looks_like_unit, split_units

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[【(（]\s*(\d{4})\s*[〕\]】)）]\s*(\d{1,4})\s*号")
_DATE = re.compile(r"^(?P<y>[\d〇零一二三四五六七八九]{4})年(?P<m>[\d一二三四五六七八九十]{1,3})月(?P<d>[\d一二三四五六七八九十]{1,3})日$")
_PRINTED = re.compile(r"^(?P<who>.*?)(?P<date>[\d〇零一二三四五六七八九]{4}年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日)印发$")
_REGION = re.compile(
    r"^(?P<r>[\u4e00-\u9fff]{2,9}?(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|县|区|旗|镇|乡|街道))"
)
# A one-character name (X县, X市) only when no longer name fits, and never 全市/本县/各区.
_SHORT_REGION = re.compile(r"^(?![全本我各该])(?P<r>[\u4e00-\u9fff](?:省|市|县|区|旗))")
_SUB_REGION = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:自治县|县|区|旗|市)(?=[\u4e00-\u9fff])")



def parse_cn_date(text: str) -> _dt.date | None:
    """`2024年1月2日` or `二〇二四年一月二日` → a date, or None."""
    m = _DATE.match(text.replace(" ", "").replace("\u3000", "").translate(FULL_DIGITS))
    if not m:
        return None
    year = "".join(str(DIGITS.get(ch, ch)) for ch in m.group("y"))
    month, day = cn_number(m.group("m")), cn_number(m.group("d"))
    try:
        return _dt.date(int(year), month or 0, day or 0)
    except (ValueError, TypeError):
        return None


def _front(state: ParseState) -> int:
    for i, para in enumerate(state.body):
        marker = match_marker(para.text)
        if marker and marker.level == "part":
            return i
    return len(state.body)


# What a notice title says after its issuer: 关于印发…, or the older 印发/转发… without 关于.
_NOTICE_VERB = re.compile(r"关于|(?:印发|转发|下发)(?=.{2,})")


def _notice_issuer(title: str) -> str:
    """The issuer a notice title starts with (the text before 关于 / 印发)."""
    m = _NOTICE_VERB.search(title)
    return title[: m.start()] if m else ""


def _is_notice_title(text: str) -> bool:
    """The first line of a 关于印发…的通知 title (titles carry no full stop and no 文号)."""
    return (_NOTICE_VERB.search(text) is not None and not text.startswith("《") and "。" not in text
            and display_width(text) <= 80 and not DOC_NUMBER.search(text) and not _METADATA.match(text))


_ATTACHMENT_NOTE = re.compile(r"^附件\s*\d*\s*[:：]\s*")
_METADATA = CATALOGUE
_ANNOTATION = re.compile(r"^[（(]此件.{1,12}[）)]$")
_ATTACHMENT_MARK = re.compile(r"^附\s*件\s*\d*$")


def _masthead(state: ParseState, front: list[Para], limit: int | None) -> int:
    """发文机关标志 and 文号 (also from catalogue lines) before the notice; returns where it ends.

    With a notice, everything before its title is masthead. Without one, only a leading run of
    masthead lines is: a 文号 printed under the plan's own title is not the masthead.
    """
    plan, start = state.plan, 0
    for k, para in enumerate(front[:limit] if limit is not None else front):
        text = para.text
        m = DOC_NUMBER.search(text)
        if _METADATA.match(text):
            _catalogue_line(state, text)
        elif m and display_width(text) <= 30:
            plan.doc_number = _doc_number(text)
        elif text.endswith("文件") and display_width(text) <= 30 and not plan.issuer:
            plan.issuer = text[: -len("文件")]
        elif limit is None and para.kind != "table":
            break
        start = k + 1
    return start if limit is None else limit


_ISSUER_KEYS = re.compile(r"(?:发文机关|发文单位|发文机构|发布机构|制发机构)[:：](?P<who>\S+)")


_TITLE_KEYS = re.compile(r"(?:^|\t)(?:标题|名称)[:：](?P<t>[^\t]+)")
_WRITTEN_KEYS = re.compile(r"(?:成文日期|发文日期)[:：](?P<d>\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?)")


def _iso_date(text: str) -> _dt.date | None:
    """`2024-04-12` / `2024.4.12` / `2024/04/12` → a date, or None."""
    m = re.fullmatch(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})", text)
    try:
        return _dt.date(*map(int, m.groups())) if m else None
    except ValueError:
        return None


# A catalogue's 文号 cell may print the number without 号 (`文号：川发改经贸〔2022〕535`).
_NUMBER_KEYS = re.compile(
    r"(?:发文字号|文号|字号)[:：]\s*(?P<n>[\u4e00-\u9fff]{1,12}\s*[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d{1,4})(?!\d)\s*号?"
)


def _catalogue_line(state: ParseState, text: str) -> None:
    """Take the 文号, 成文日期 and (as a fallback) the 发文机关 from a catalogue or 文号 line."""
    plan = state.plan
    m = DOC_NUMBER.search(text)
    if m and not plan.doc_number:
        plan.doc_number = _doc_number(m.group(0))
    keyed = _NUMBER_KEYS.search(text)
    if keyed and not plan.doc_number:
        plan.doc_number = _doc_number(keyed.group("n") + "号")
    written = _WRITTEN_KEYS.search(text)
    if written and plan.date is None:
        plan.date = parse_cn_date(written.group("d")) or _iso_date(written.group("d"))
    named = _TITLE_KEYS.search(text)
    if named and not state.catalogue_title and _is_notice_title(named.group("t")):
        state.catalogue_title = named.group("t")
    who = _ISSUER_KEYS.search(text)
    if who and not state.fallback_issuer and looks_like_unit(who.group("who")):
        state.fallback_issuer = who.group("who")


def _join_addressees(front: list[Para]) -> list[Para]:
    """An addressee list wrapped over lines (`…各人民团体，` / `驻县各单位：`) as one line."""
    out: list[Para] = []
    for para in front:
        if out and out[-1].text.endswith(("，", "、", ",")) and _is_addressee_line(out[-1].text + para.text):
            out[-1] = Para(out[-1].text + para.text, out[-1].line, out[-1].kind)
        else:
            out.append(para)
    return out


def _unquote_title(text: str) -> str:
    """`《某市人民政府办公厅关于印发〈…〉的通知》` (a web page quoting the title) → the title."""
    if text.startswith("《") and text.endswith("》") and _is_notice_title(text[1:-1]):
        return text[1:-1]
    return text


def _unglue_numbers(front: list[Para]) -> list[Para]:
    """`某政发〔2023〕2号某县人民政府关于印发…的通知` (a web page title) → 文号 and title apart."""
    out = []
    for para in front:
        para = Para(_unquote_title(para.text), para.line, para.kind)
        m = DOC_NUMBER.match(para.text)
        rest = _unquote_title(para.text[m.end():].strip()) if m else ""
        if m and _is_notice_title(rest):
            out += [Para(para.text[: m.end()], para.line, para.kind), Para(rest, para.line, para.kind)]
        else:
            out.append(para)
    return out


def _find_notice_title(front: list[Para]) -> int | None:
    """Where a 关于印发…的通知 title starts among the first paragraphs, if there is one.

    The issuing office is often printed on a line of its own above `关于印发…`: it starts the title.
    """
    for k, para in enumerate(front[:12]):
        if _is_notice_title(para.text) and merge_title(front, k, ("通知",))[0].endswith("通知"):
            above = front[k - 1].text if k else ""
            if (not _notice_issuer(para.text) and is_title_piece(above)
                    and looks_like_unit(above) and not above.endswith("文件")):
                return k - 1
            return k
    return None


def _doc_number(text: str) -> str:
    """某府办[2023]21号 / 〔2023〕 / 【2023】 → 某府办〔2023〕21号."""
    m = DOC_NUMBER.search(text)
    prefix = text[: m.start()] + re.sub(r"[\[【(（]", "〔", m.group(0))
    return re.sub(r"[\]】)）]", "〕", prefix).replace(" ", "")


def _is_addressee_line(text: str) -> bool:
    """`各县（市、区）人民政府，市政府各部门：` — the 主送机关 line, read by its words."""
    if not text.endswith(("：", ":")) or display_width(text) > 150 or _METADATA.match(text):
        return False
    if match_marker(text) is not None:
        return False
    names = [n for n in re.split(r"[，,；;]", text.rstrip("：:")) if n]
    return bool(names) and all(n.startswith("各") or looks_like_unit(n) for n in names)


def _find_addressees(front: list[Para]) -> int | None:
    """Where a notice printed without its title starts: an addressee line with a date below it."""
    for k, para in enumerate(front[:16]):
        if _is_addressee_line(para.text):
            return k if any(parse_cn_date(p.text) for p in front[k + 1 : k + 12]) else None
    return None


def _notice(state: ParseState, front: list[Para], i: int, *, titled: bool = True) -> int:
    """The 印发通知 from its title (or its addressees) to its date; returns the index after it."""
    plan, notice, end = state.plan, Notice(), len(front)
    if not titled:  # a web copy that printed the notice without its title: the catalogue's
        notice.title = state.catalogue_title
        plan.issuer = plan.issuer or _notice_issuer(notice.title)
        return _notice_body(state, front, i, notice)
    notice.title, i = merge_title(front, i, ("通知",))
    # 文号 printed under the title, or the catalogue lines of a web page printed there.
    # A web page's title line is followed by the document's own title: that one is the notice's.
    while i < end and (DOC_NUMBER.fullmatch(front[i].text) or _METADATA.match(front[i].text)
                       or _is_notice_title(front[i].text)):
        if _is_notice_title(front[i].text):
            title, j = merge_title(front, i, ("通知",))
            if not title.endswith("通知"):
                break
            notice.title, i = title, j
            continue
        _catalogue_line(state, front[i].text)
        i += 1
    plan.issuer = plan.issuer or _notice_issuer(notice.title)
    return _notice_body(state, front, i, notice)


def _notice_body(state: ParseState, front: list[Para], i: int, notice: Notice) -> int:
    """The notice from its addressees to its signature and date; returns the index after it."""
    plan, end = state.plan, len(front)
    if i < end and front[i].text.endswith(("：", ":")):
        notice.addressees = front[i].text.rstrip("：:")
        i += 1
    paras = []
    while i < end:
        text = front[i].text
        date = parse_cn_date(text)
        if date:
            notice.date = date
            i += 1
            break
        signed = _signature_at(front, i)
        if signed:
            notice.signer = "、".join(p.text for p in front[i:signed])
            i = signed
            continue
        if paras and is_title_piece(text) and not text.startswith("附件"):
            break  # no signature or date: the plan's own title starts here
        else:
            paras.append(text)
        i += 1
    notice.body = "\n".join(paras)
    plan.notice, plan.date = notice, notice.date or plan.date  # else the catalogue's 成文日期
    if notice.signer:  # the signature names the issuer (several offices for a joint notice)
        plan.issuer = notice.signer
    # A web page may repeat the date under the signature.
    while i < end and notice.date and parse_cn_date(front[i].text) == notice.date:
        i += 1
    return i


def _signature_at(front: list[Para], i: int) -> int:
    """Where the date is when front[i:] opens a signature (one office, or several for a joint
    notice, each on its own line, then the date); 0 when it does not."""
    k = i
    while k < len(front) and k - i < 4 and is_title_piece(front[k].text) and looks_like_unit(front[k].text):
        k += 1
    return k if k > i and k < len(front) and parse_cn_date(front[k].text) else 0


def read_notice(state: ParseState) -> None:
    """Read the notice and the plan title from the paragraphs before the first 一、 heading."""
    plan, body = state.plan, state.body
    end = _front(state)
    front = _join_addressees(_unglue_numbers(body[:end]))
    body = state.body = front + body[end:]
    end = len(front)
    title_at = _find_notice_title(front)
    i = _masthead(state, front, title_at)
    if title_at is not None:
        i = _notice(state, front, title_at)
    elif (addressed := _find_addressees(front[i:])) is not None:
        i = _notice(state, front, i + addressed, titled=False)
    # Between the notice and the plan: （此件公开发布） and the 附件 mark of the plan itself.
    while i < end and (_ANNOTATION.match(front[i].text) or _ATTACHMENT_MARK.match(front[i].text)):
        if _ANNOTATION.match(front[i].text):
            plan.disclosure = front[i].text.strip("（）()")
        i += 1
    skipped = title_start(front, i)
    if skipped > i:
        state.warn(f"标题前的 {skipped - i} 行（刊头、目录等）不是方案内容，已略去。", front[i].line)
        i = skipped
    if i < end and is_title_piece(front[i].text):
        plan.title, i = merge_title(front, i, TITLE_WORDS + ("）", ")"))
    elif plan.notice and title_in_notice(plan.notice.title):
        # A web copy that drops the plan's own title: the notice names the plan.
        plan.title = title_in_notice(plan.notice.title)
        state.warn("正文前没有方案标题，已按通知标题中的方案名称填写。", front[i].line if i < end else None)
    elif i < end:
        plan.title, i = merge_title(front, i, TITLE_WORDS + ("）", ")"))
    else:
        state.warn("没有找到方案标题。", body[0].line if body else None)
    issued = ISSUED.match(front[i].text) if i < end else None
    if issued:  # （2024年3月12日某市人民政府办公室印发）
        plan.issuer = plan.issuer or issued.group("who")
        plan.date = plan.date or parse_cn_date(issued.group("date"))
        i += 1
    plan.preamble = "\n".join(p.text for p in front[i:end] if not DOC_NUMBER.fullmatch(p.text))
    plan.region = region_of(plan.title) or region_of(plan.issuer or state.fallback_issuer)
    if plan.issuer and plan.region and plan.issuer[0] == plan.region[-1] and not plan.issuer.startswith(plan.region):
        plan.issuer = plan.region[:-1] + plan.issuer  # 市人民政府办公室 under a plan titled XX市…
    state.body = body[end:]
    state.ref_date = plan.date


# A title may start with words that end like a region without naming one (关于本市…, 全省…).
NOT_REGION = re.compile(r"^(?:关于|进一步|加快|推进|深化|全面)|[本全我各该此][省市县区州镇乡旗]$")


def region_of(text: str) -> str:
    m = _REGION.match(text or "") or _SHORT_REGION.match(text or "")
    if not m or NOT_REGION.search(m.group("r")):
        return ""
    region = m.group("r")
    sub = _SUB_REGION.match(text[len(region):])
    if sub and (len(sub.group(0)) < 2 or sub.group(0) in NOT_LEVEL_WORD):  # 某市城市更新…
        sub = None
    return sub.group(0) if sub else region


def _attachment_note(plan, body: list[Para]) -> None:
    """附件说明 (附件：…任务台账) below the last part names the attachment; it is not body text."""
    while body and _ATTACHMENT_NOTE.match(body[-1].text):
        name = _ATTACHMENT_NOTE.sub("", body.pop().text).strip()
        plan.attachment_title = plan.attachment_title or name


def read_tail(state: ParseState) -> None:
    """Read the 版记 (公开方式, 抄送, 印发机关 and 印发日期) and a closing signature."""
    plan = state.plan
    tail = [p.text for p in state.tail]
    last_key = ""
    for k, text in enumerate(tail):
        key, _, value = text.partition("：") if "：" in text else text.partition(":")
        next_printed = _PRINTED.match(tail[k + 1]) if k + 1 < len(tail) else None
        if key in ("公开方式", "公开属性"):
            plan.disclosure, last_key = value.strip(), key
        elif key in ("抄送", "抄报"):
            plan.cc, last_key = value.strip(), "抄送"
        elif last_key == "抄送" and not _PRINTED.match(text) and not (next_printed and not next_printed.group("who")):
            plan.cc += text.strip()  # a 抄送 list wrapped over several lines
        elif re.match(r"^[（(]此件.*[）)]$", text):
            plan.disclosure = plan.disclosure or text.strip("（）()")
        elif _PRINTED.match(text):
            m = _PRINTED.match(text)
            plan.printer = m.group("who").strip() or plan.printer
            plan.printed = parse_cn_date(m.group("date"))
        elif k + 1 < len(tail) and _PRINTED.match(tail[k + 1]) and not _PRINTED.match(tail[k + 1]).group("who"):
            plan.printer = text
    body = state.body
    _attachment_note(plan, body)
    # A signature closing the plan itself (plans issued without a notice).
    if len(body) >= 2 and parse_cn_date(body[-1].text) and is_title_piece(body[-2].text) and looks_like_unit(body[-2].text):
        plan.date = plan.date or parse_cn_date(body[-1].text)
        plan.issuer = plan.issuer or body[-2].text
        del body[-2:]
        _attachment_note(plan, body)  # 附件：… printed above the signature
    # The rest of a 抄送 line whose start was lost in extraction.
    if body and state.tail and body[-1].text.endswith("。") and match_marker(body[-1].text) is None:
        names = split_units(body[-1].text)
        if len(names) >= 2 and all(looks_like_unit(n) for n in names):
            plan.cc = (plan.cc + "，" if plan.cc else "") + body[-1].text.rstrip("。")
            state.warn("正文末尾的单位名单看似抄送的一部分，已移入抄送。", body[-1].line)
            del body[-1]
    plan.issuer = plan.issuer or state.fallback_issuer
    if plan.date is None:
        plan.date = plan.printed
    state.ref_date = plan.date
