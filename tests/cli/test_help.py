"""The CLI speaks Chinese: help, usage and click's own errors, and `cascade` alone gives an overview."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cascade.cli import main

ENGLISH = re.compile(r"Usage:|Options:|Commands:|Show this message|\[required\]|is not one of|"
                     r"Error:|Try '|Missing (argument|option)|No such (command|option)|does not exist")
HELP_PATHS = [[], ["parse"], ["check"], ["init"], ["derive"], ["render"], ["diff"], ["audit"],
              ["ledger"], ["ledger", "update"]]


@pytest.mark.parametrize("path", HELP_PATHS, ids=lambda p: " ".join(p) or "cascade")
def test_help_is_chinese(path):
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="cascade")
    assert result.exit_code == 0
    assert result.output.startswith("用法：cascade")
    assert not ENGLISH.search(result.output), result.output
    assert "选项：" in result.output and "显示本说明并退出。" in result.output


def test_cascade_alone_prints_an_overview_of_the_commands():
    result = CliRunner().invoke(main, [], prog_name="cascade")
    assert result.exit_code == 0
    for name in ("parse", "init", "derive", "render", "ledger", "diff", "audit", "check"):
        assert f"cascade {name}" in result.output
    assert "--help" in result.output and not ENGLISH.search(result.output)
    assert "错误" not in result.output


@pytest.mark.parametrize("args,expected", [
    (["diff", "--fail-on", "x", "a", "b"], "不是可选的值"),
    (["init", "--level", "city"], "缺少"),
    (["render", "a.txt", "--docx"], "后面需要一个值"),
    (["derive"], "缺少参数"),
    (["parsee"], "没有这个命令"),
    (["audit", "--jobs", "0", "."], "不在"),
], ids=["choice", "missing-option", "option-value", "missing-argument", "no-command", "range"])
def test_click_errors_are_chinese_with_exit_2(args, expected):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert expected in result.output
    assert not ENGLISH.search(result.output), result.output
    assert "错误：" in result.output


def test_library_errors_exit_2_with_one_sentence(tmp_path):
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "无.txt")])
    assert result.exit_code == 2
    assert result.output.strip() == f"错误：{tmp_path / '无.txt'}：文件不存在。"


def test_os_errors_name_the_file(tmp_path, seed_paths):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "x.plan.yaml"
    target.mkdir()  # a folder where the file should go
    result = CliRunner().invoke(main, ["parse", str(seed_paths["suizhou"]), "-o", str(target)])
    assert result.exit_code == 2 and "错误：" in result.output and "x.plan.yaml" in result.output


def test_a_bug_is_one_line_with_exit_70(monkeypatch, seed_paths):
    from cascade import api

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(api, "check", broken)
    result = CliRunner().invoke(main, ["check", str(seed_paths["suizhou"])])
    assert result.exit_code == 70
    assert result.output.startswith("内部错误：ZeroDivisionError: boom")


def test_findings_exit_1_through_ctx_exit(seed_paths):
    result = CliRunner().invoke(main, ["diff", str(seed_paths["meizhou"]), str(seed_paths["guangdong"]),
                                       "--fail-on", "missing"])
    assert result.exit_code == 1 and "错误" not in result.output
