"""Where rendered files may go: never over the source, a template or a file of another kind."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from cascade.cli import main
from cascade.errors import InputError
from cascade.render.docx import render_docx
from cascade.render.xlsx import render_ledger


def _run(*args):
    """The CLI's result for `cascade ARGS`."""
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_source_is_never_overwritten(seed_paths, tmp_path):
    source = tmp_path / "plan.txt"
    shutil.copy(seed_paths["kaiping"], source)
    before = source.read_bytes()
    for option in ("--xlsx", "--docx"):
        result = _run("render", source, option, source)
        assert result.exit_code == 2 and "plan.txt" in result.output
    assert source.read_bytes() == before


def test_a_word_source_or_template_is_not_the_output(seed_paths, seed_plans, tmp_path):
    word = render_docx(seed_plans["suizhou"], tmp_path / "suizhou.docx")
    before = word.read_bytes()
    result = _run("render", word, "--docx", word)
    assert result.exit_code == 2 and "同一个文件" in result.output
    result = _run("render", seed_paths["suizhou"], "--docx", word, "--template", word)
    assert result.exit_code == 2 and "同一个文件" in result.output
    assert word.read_bytes() == before


def test_wrong_extension_folder_and_foreign_file_are_refused(seed_plans, tmp_path):
    plan = seed_plans["suizhou"]
    with pytest.raises(InputError, match=r"应以 \.xlsx 结尾"):
        render_ledger(plan, tmp_path / "ledger.docx")
    with pytest.raises(InputError, match=r"应以 \.docx 结尾"):
        render_docx(plan, tmp_path / "plan.pdf")
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(InputError, match="文件夹"):
        render_ledger(plan, tmp_path / "dir.xlsx")
    notes = tmp_path / "notes.xlsx"
    notes.write_text("我的笔记", encoding="utf-8")
    with pytest.raises(InputError, match="不是 Excel 表格"):
        render_ledger(plan, notes)
    assert notes.read_text(encoding="utf-8") == "我的笔记"
    old = render_ledger(plan, tmp_path / "ok.xlsx")  # our own earlier output may be replaced
    assert render_ledger(plan, old) == old
