"""`cascade init` / `cascade derive` through click: scaffolds, derived plans, and refused overrides."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cascade import levels
from cascade.cli import main
from cascade.derive.overrides import read_overrides
from cascade.model import load


@pytest.fixture()
def city_overrides(tmp_path, seed_paths):
    """A fresh `init` file deriving a city plan from the province plan, and its path."""
    path = tmp_path / "city-2024.overrides.yaml"
    result = CliRunner().invoke(main, ["init", "--from", str(seed_paths["guangdong"]), "--level", "city",
                                       "--region", "某某市", "--date", "2024-02-01", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _edit(path, block: str, *, after: str = "tasks:") -> int:
    """Insert `block` after the first line equal to `after`; return the line number of its first line."""
    lines = path.read_text("utf-8").split("\n")
    at = lines.index(after) + 1
    lines[at:at] = block.rstrip("\n").split("\n")
    path.write_text("\n".join(lines), "utf-8")
    return at + 1


def _derive(path, *extra):
    return CliRunner().invoke(main, ["derive", str(path), *extra])


def test_init_writes_a_commented_menu_of_every_parent_task(city_overrides, seed_plans, seed_paths):
    text = city_overrides.read_text("utf-8")
    parent = seed_plans["guangdong"]
    for task in parent.tasks():
        assert re.search(rf'^  # "{re.escape(task.id)}":\s+# {re.escape(task.title)}', text, re.M)
    ov = read_overrides(city_overrides)
    assert ov.parent.samefile(seed_paths["guangdong"])
    assert ov.region == "某某市" and ov.level == "city" and ov.issuer == "某某市人民政府办公室"
    assert ov.vocabulary["省司法厅"] == "市司法局"
    assert ov.vocabulary["各地级以上市政府"].startswith("各县（市、区）")
    assert ov.vocabulary["财政厅"] == "市财政局"
    assert ov.default_units == levels.default_units("city", "某某市")
    assert ov.tasks == {} and ov.added == [] and "〔2024〕" in ov.doc_number


def test_init_refuses_to_overwrite_an_edited_file(city_overrides, seed_paths):
    result = CliRunner().invoke(main, ["init", "--from", str(seed_paths["guangdong"]), "--level", "city",
                                       "--region", "某某市", "-o", str(city_overrides)])
    assert result.exit_code == 2 and "已存在" in result.stderr


def _outside_protected(text: str, word: str) -> bool:
    spans = levels.protected_spans(text)
    return any(not any(a <= m.start() < b for a, b in spans) for m in re.finditer(word, text))


def _all_texts(plan):
    yield plan.title
    yield plan.preamble
    yield from (s.title for s in plan.sections)
    for part in plan.general + plan.closing:
        yield part.title
        yield from part.paragraphs
    for task in plan.tasks():
        yield from (task.title, task.text, task.units_text, *task.units, *task.implementers)
    yield from (plan.notice.title, plan.notice.addressees, plan.notice.body)


def test_unedited_init_derives_a_city_plan_in_city_words(city_overrides, seed_plans):
    out = city_overrides.parent / "city.plan.yaml"
    result = _derive(city_overrides, "-o", str(out))
    assert result.exit_code == 0, result.output
    child, parent = load(out), seed_plans["guangdong"]
    assert [t.derived_from for t in child.tasks()] == [t.id for t in parent.tasks()]
    assert [t.id for t in child.tasks()] == [t.id for t in parent.tasks()]
    assert child.parent == parent.id and child.id == "city-2024" and child.omitted == []
    texts = list(_all_texts(child))
    for word in ("省司法厅", "各地级以上市政府", "全省", "我省"):
        assert not any(_outside_protected(t, word) for t in texts), word
    with_title = [t for t in parent.tasks() if "《广东省行政检查办法》" in t.text]
    assert with_title and all("《广东省行政检查办法》" in child.task(t.id).text for t in with_title)
    assert all(u.startswith(("市", "各县")) for t in child.tasks() for u in t.units + t.implementers)
    assert all(t.units_text.startswith("（责任单位：") and all(u in t.units_text for u in t.units + t.implementers)
               for t in child.tasks())
    assert child.notice.signer == child.issuer == "某某市人民政府办公室"
    assert child.notice.title == f"某某市人民政府办公室关于印发{child.title}的通知"
    assert child.title.startswith("某某市") and child.date.isoformat() == "2024-02-01"


def test_default_output_sits_beside_the_overrides(city_overrides):
    assert _derive(city_overrides).exit_code == 0
    assert (city_overrides.parent / "city-2024.plan.yaml").exists()


def test_dropped_task_and_clause_are_recorded_with_reasons(city_overrides, seed_plans):
    _edit(city_overrides, '  "2.4":\n    drop: true\n    reason: 本市已于上年完成专项整治\n'
          '  "1.2":\n    clauses:\n      - clause: 鼓励通过线上线下\n        drop: true\n'
          '        reason: 本市统一组织线下培训')
    out = city_overrides.parent / "c.plan.yaml"
    assert _derive(city_overrides, "-o", str(out)).exit_code == 0
    child, parent = load(out), seed_plans["guangdong"]
    omitted = {(o.task, o.clause): o.reason for o in child.omitted}
    assert omitted[("2.4", None)] == "本市已于上年完成专项整治"
    [(key, reason)] = [(k, r) for k, r in omitted.items() if k[0] == "1.2"]
    assert key[1].startswith("鼓励通过线上线下") and key[1] in parent.task("1.2").text
    assert reason == "本市统一组织线下培训"
    assert "鼓励通过线上线下" not in child.task("1.2").text
    assert "2.4" not in [t.derived_from for t in child.tasks()]
    assert len(child.tasks()) == len(parent.tasks()) - 1
    numbers = [int(t.id.split(".")[1]) for t in child.top_tasks()]
    assert numbers == list(range(1, len(numbers) + 1))  # numbered through, later ones shifted
    assert child.task("2.4").derived_from == "2.5"


def test_moved_deadline_rewrites_text_and_deadline(city_overrides):
    _edit(city_overrides, '  "1.2":\n    deadlines: {"2024年6月前": "2024年3月底前"}')
    out = city_overrides.parent / "c.plan.yaml"
    assert _derive(city_overrides, "-o", str(out)).exit_code == 0
    task = load(out).task("1.2")
    assert "于2024年3月底前完成" in task.text and "2024年6月前" not in task.text
    assert [(d.text, d.date.isoformat()) for d in task.deadlines] == [("2024年3月底前", "2024-03-31")]


def _refused(path, line: int, *words: str) -> str:
    result = _derive(path)
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert str(path) in message and f"第{line}行" in message, message
    for word in words:
        assert word in message, message
    assert not (path.parent / f"{path.name.split('.')[0]}.plan.yaml").exists()
    return message


def test_unknown_task_id_suggests_the_nearest(city_overrides):
    line = _edit(city_overrides, '  "2.40":\n    title: 新标题')
    message = _refused(city_overrides, line, "2.40", "不存在", "最接近")
    assert "2.4（落实行政执法领域突出问题清单制度）" in message


def test_drop_without_reason_is_refused(city_overrides):
    line = _edit(city_overrides, '  "3.8":\n    drop: true')
    _refused(city_overrides, line + 1, "3.8", "理由", "reason")


def test_clause_drop_without_reason_is_refused(city_overrides):
    line = _edit(city_overrides, '  "1.2":\n    clauses:\n      - clause: 鼓励通过\n        drop: true')
    _refused(city_overrides, line + 3, "理由")


def test_malformed_dates_are_refused(city_overrides):
    line = _edit(city_overrides, '  "1.2":\n    deadlines: {"2024年6月前": "2024年13月底前"}')
    _refused(city_overrides, line + 1, "1.2", "月份 13 不存在")


def test_malformed_metadata_date_is_refused(city_overrides):
    text = city_overrides.read_text("utf-8").replace("date: 2024-02-01", "date: 2024-02-30")
    city_overrides.write_text(text, "utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if "2024-02-30" in x)) + 1
    _refused(city_overrides, line, "日期", "不存在")


def test_later_deadline_needs_allow_later(city_overrides):
    line = _edit(city_overrides, '  "1.2":\n    deadlines: {"2024年6月前": "2024年9月底前"}')
    _refused(city_overrides, line + 1, "1.2", "晚于上级", "allow_later")
    text = city_overrides.read_text("utf-8").replace(
        '"2024年9月底前"}', '{to: "2024年9月底前", allow_later: 需等待省级系统上线}}')
    city_overrides.write_text(text, "utf-8")
    assert _derive(city_overrides).exit_code == 0


def test_later_deadline_in_a_replaced_clause_needs_allow_later(city_overrides):
    line = _edit(city_overrides, '  "3.7":\n    clauses:\n      - clause: 全省各级行政执法部门要在\n'
                 '        replace: 全市各级行政执法部门要在2025年6月底前完成事项认领并对外公布')
    _refused(city_overrides, line + 2, "3.7", "推后", "allow_later")


@pytest.mark.parametrize("block, offset, words", [
    ('  "1.2":\n    clauses:\n      - clause: 专项整改\n        drop: true\n        reason: x', 2,
     ["找不到", "可选"]),
    ('  "1.2":\n    deadlines: {"2099年底前": "2024年1月底前"}', 1, ["没有时限", "2024年6月前"]),
    ('  "1.2":\n    titel: 新标题', 1, ["titel", "title"]),
    ('  "1.2":\n    drop: true\n    reason: x\n    title: y', 3, ["已删除"]),
    ('  - title: 无位置的新任务', 0, ["after", "section"]),
    ('  - {after: "9.9", title: 新任务}', 0, ["9.9", "不存在"]),
])
def test_other_mistakes_name_their_line(city_overrides, block, offset, words):
    line = _edit(city_overrides, block, after="add:" if block.startswith("  -") else "tasks:")
    _refused(city_overrides, line + offset, *words)


def test_missing_parent_names_the_parent_line(city_overrides):
    text = city_overrides.read_text("utf-8")
    lines = text.split("\n")
    line = next(i for i, x in enumerate(lines, 1) if x.startswith("parent:"))
    city_overrides.write_text(text.replace(lines[line - 1], 'parent: "nowhere.txt"'), "utf-8")
    _refused(city_overrides, line, "nowhere.txt", "不存在")


def test_edited_vocabulary_protect_and_replaced_parts_are_used(city_overrides, seed_plans):
    text = city_overrides.read_text("utf-8").replace('"省司法厅": "市司法局"', '"省司法厅": "市司法行政局"')
    text = text.replace('protect:\n', 'protect:\n  - "按照省政府"\n')
    text = text.replace("# closing:", 'closing:\n  - {title: 保障措施, paragraphs: ["各单位要抓好落实。"]}\n# was:')
    city_overrides.write_text(text, "utf-8")
    out = city_overrides.parent / "c.plan.yaml"
    assert _derive(city_overrides, "-o", str(out)).exit_code == 0
    child, parent = load(out), seed_plans["guangdong"]
    kept = [t for t in parent.tasks() if "按照省政府" in t.text]
    assert kept and all("按照省政府" in child.task(t.id).text for t in kept)
    assert all("市司法行政局" in t.units for t in child.tasks() if "省司法厅" in parent.task(t.id).units)
    assert [(p.title, p.paragraphs) for p in child.closing] == [("保障措施", ["各单位要抓好落实。"])]
    assert child.preamble.startswith(parent.preamble[:4]) and "我市" in child.preamble
