"""Bad input through the CLI: exit code 2, one Chinese sentence naming the file, nothing written."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cascade.cli import main


def _empty(path):
    path.write_bytes(b"")


def _binary(path):
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16)


def _unknown_encoding(path):
    path.write_bytes(("Съешь же ещё этих мягких французских булок, да выпей чаю.\n" * 20)
                     .encode("koi8_r"))


def _no_outline(path):
    path.write_text("关于做好节日期间值班工作的通知\n\n各单位：\n请认真做好值班安排，确保联络畅通。\n"
                    "特此通知。\n\n某某局办公室\n2024年2月1日\n", encoding="utf-8")


def _broken_docx(path):
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)


BAD_INPUTS = {
    "empty.txt": (_empty, "空"),
    "binary.txt": (_binary, "二进制"),
    "koi8.txt": (_unknown_encoding, "编码"),
    "notice.txt": (_no_outline, "方案结构"),
    "broken.docx": (_broken_docx, "损坏"),
}


def _assert_one_sentence(result, path, word):
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "Traceback" not in result.output
    assert len(err.splitlines()) == 1, err
    assert str(path) in err
    assert word in err
    assert re.search(r"[\u4e00-\u9fff]", err)
    assert err.endswith("。")
    assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_parse_refuses_bad_input(tmp_path, name):
    make, word = BAD_INPUTS[name]
    src = tmp_path / name
    make(src)
    out = tmp_path / "out.plan.yaml"
    result = CliRunner().invoke(main, ["parse", str(src), "-o", str(out)])
    _assert_one_sentence(result, src, word)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temp file left behind


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_check_refuses_bad_input(tmp_path, name):
    make, word = BAD_INPUTS[name]
    src = tmp_path / name
    make(src)
    _assert_one_sentence(CliRunner().invoke(main, ["check", str(src)]), src, word)


@pytest.mark.parametrize("command", ["parse", "check"])
def test_missing_file(tmp_path, command):
    src = tmp_path / "nowhere.txt"
    out = tmp_path / "out.plan.yaml"
    args = [command, str(src)] + (["-o", str(out)] if command == "parse" else [])
    _assert_one_sentence(CliRunner().invoke(main, args), src, "不存在")
    assert not out.exists()


def test_folder_instead_of_file(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    _assert_one_sentence(CliRunner().invoke(main, ["check", str(folder)]), folder, "文件夹")
    result = CliRunner().invoke(main, ["parse", str(folder)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_bad_plan_file_names_its_line(tmp_path):
    plan = tmp_path / "bad.plan.yaml"
    plan.write_text("schema: plan-cascade/plan@1\nid: x\nsections: [\n  - oops: : :\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan)])
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert str(plan) in err and re.search(r"第\d+行", err)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, expected", [
    (["parse"], "缺少参数"),
    (["nosuch"], "没有这个命令"),
    (["parse", "--bogus", "x"], "没有 --bogus 这个选项"),
    (["parse", "a", "b"], "多了参数"),
])
def test_usage_errors_are_explained_in_chinese(args, expected):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert expected in result.stderr and "Error:" not in result.stderr
    assert "Traceback" not in result.output
