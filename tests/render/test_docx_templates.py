"""User templates an attacker or a careless edit produced: refused in Chinese, nothing written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cascade.cli import main
from cascade.errors import TemplateError
from cascade.render.docx import DEFAULT_TEMPLATE, render_docx


def _template(tmp_path: Path, old: bytes, new: bytes, drop: str | None = None) -> Path:
    """The default template with one piece of its body replaced, or one part left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename == drop:
                continue
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                assert old in data
                data = data.replace(old, new)
            dst.writestr(info, data)
    path = tmp_path / "user.docx"
    path.write_bytes(out.getvalue())
    return path


def _title_tag(tmp_path: Path, tag: str) -> Path:
    """The template with `{{ title }}` followed by `tag`."""
    return _template(tmp_path, b"{{ title }}", ("{{ title }}" + tag).encode())


HOSTILE = [
    ("{{ self.__init__.__globals__ }}", "不安全"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "不安全"),
    ("{{ lipsum.__globals__['os'] }}", "不安全"),
    ("{% for x in range(10**9) %}x{% endfor %}", "参数过大"),
    ("{% for x in range(10**6) %}x{% endfor %}", "循环次数过大"),
    ("{{ range(999999)|list|length }}", "循环次数过大"),
    ("{% include '/etc/passwd' %}", "不能引用其他文件"),
    ("{% import 'os' as os %}", "不能引用其他文件"),
    ("{{ 1 / 0 }}", "模板渲染失败"),
]


@pytest.mark.parametrize(("tag", "words"), HOSTILE, ids=[t for t, _ in HOSTILE])
def test_hostile_tags_are_refused_with_exit_2(seed_paths, tmp_path, tag, words):
    template = _title_tag(tmp_path, tag)
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", str(seed_paths["suizhou"]), "--docx", str(out),
                                       "--template", str(template)])
    assert result.exit_code == 2, result.output
    assert words in result.output and "user.docx" in result.output
    assert "Traceback" not in result.output and "root:" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["user.docx"]


def test_a_template_without_the_title_or_body_tags_is_refused(seed_plans, tmp_path):
    plan = seed_plans["kaiping"]
    no_title = _template(tmp_path, b"{{ title }}", b"\xe6\x96\xb9\xe6\xa1\x88")  # 方案
    with pytest.raises(TemplateError, match=r"缺少必需的标签 \{\{ title \}\}"):
        render_docx(plan, tmp_path / "o.docx", template=no_title)
    no_body = _template(tmp_path, b"for b in blocks", b"for b in []")
    with pytest.raises(TemplateError, match=r"\{\{ blocks \}\}"):
        render_docx(plan, tmp_path / "o.docx", template=no_body)
    assert not (tmp_path / "o.docx").exists()


@pytest.mark.parametrize("part", ["word/styles.xml", "word/document.xml", "[Content_Types].xml"])
def test_a_broken_template_is_refused_in_chinese(seed_plans, tmp_path, part):
    broken = _template(tmp_path, b"{{ title }}", b"{{ title }}", drop=part)
    with pytest.raises(TemplateError) as info:
        render_docx(seed_plans["suizhou"], tmp_path / "o.docx", template=broken)
    assert "Word 模板" in str(info.value) and "There is no" not in str(info.value)


def test_a_workbook_given_as_template_is_named_for_what_it_is(seed_plans, tmp_path):
    from cascade.render.xlsx import render_ledger

    book = render_ledger(seed_plans["suizhou"], tmp_path / "t.xlsx")
    renamed = book.rename(tmp_path / "t.docx")
    with pytest.raises(TemplateError, match="Excel 表格"):
        render_docx(seed_plans["suizhou"], tmp_path / "o.docx", template=renamed)


def test_a_template_with_macros_is_refused(seed_plans, tmp_path):
    template = _template(tmp_path, b"{{ title }}", b"{{ title }}")
    with zipfile.ZipFile(template, "a") as zf:
        zf.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    with pytest.raises(TemplateError, match="含有宏"):
        render_docx(seed_plans["suizhou"], tmp_path / "o.docx", template=template)
