"""Page furniture: navigation lines, page numbers and running headers never reach the plan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.parse import parse_source
from cascade.parse.furniture import cut_page_marks, is_navigation, is_page_number, running_headers
from cascade.sources import SourceText
from tests.conftest import SEEDS

NAVIGATION_LINES = ["首页 > 政务公开 > 政府文件", "当前位置：首页 > 政策文件", "您现在所在的位置: 网站首页> 市卫健委",
                    "字体：[ 大 中 小 ]　打印　关闭", "【打印本页】【关闭窗口】", "打印  关闭  分享", "浏览次数：1362",
                    "全文", "分享到：", "上一篇：关于做好春运工作的通知", "设为首页| 加入收藏|"]
TEXT_LINES = ["全文共分五个部分。", "首页面设计要简洁。", "（一）加强组织领导。", "打印机采购纳入预算。",
              "当前工作重点是推进执法规范化。", "2024年3月12日"]


def test_navigation_lines_are_told_from_text():
    assert all(is_navigation(line) for line in NAVIGATION_LINES)
    assert not any(is_navigation(line) for line in TEXT_LINES)


def test_page_numbers_on_a_line_and_inside_one():
    assert all(is_page_number(x) for x in ("— 3 —", "- 3 -", "第3页", "第 3 页 共 12 页", "3/12", "·12·"))
    assert not any(is_page_number(x) for x in ("2024年", "（3）", "3.加强监督"))
    assert cut_page_marks("（责任单位：市司法局、 — 3 — 市各行政执法部门）") == "（责任单位：市司法局、市各行政执法部门）"
    assert cut_page_marks("2023—2025年") == "2023—2025年"


def test_a_repeated_note_is_no_running_header():
    lines = ["页眉文字", "（责任单位：县司法局）", "— 1 —", "页眉文字", "（责任单位：县司法局）", "— 2 —", "页眉文字",
             "正文里的页眉文字", "页眉文字"]
    # the header's words at a page break go; the same words elsewhere (a signature) stay
    assert running_headers(lines, lambda t: t.startswith("（")) == {3, 6}


def _facts(plan):
    return [(t.id, t.units, [d.text for d in t.deadlines]) for t in plan.tasks()]


SEED_LINES = SEEDS["meizhou"].read_text(encoding="utf-8").splitlines()
BASE = _facts(parse_source(SourceText(path="meizhou.txt", lines=SEED_LINES)))


@settings(max_examples=8, deadline=None)
@given(every=st.integers(18, 40), header=st.sampled_from(["梅州市人民政府办公室", "行政规范性文件"]),
       mark=st.sampled_from(["— {n} —", "- {n} -", "第{n}页", "{n}/30"]))
def test_page_breaks_with_header_and_number_anywhere_change_nothing(every, header, mark):
    """Metamorphic: a page number and a running header every `every` lines, even mid-sentence."""
    lines, page = [], 1
    for k, line in enumerate(SEED_LINES):
        if k and k % every == 0:
            lines += [mark.format(n=page), "\f" + header]
            page += 1
        lines.append(line)
    plan = parse_source(SourceText(path="meizhou.txt", lines=lines))
    assert _facts(plan) == BASE
    assert not any(header in t.full_text or header in t.units_text for t in plan.tasks())
