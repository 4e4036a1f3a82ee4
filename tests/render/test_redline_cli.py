"""`cascade diff --docx` and `cascade audit --docx-dir`: what they write, and bad input refused
with one Chinese sentence, exit code 2 and nothing written."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from click.testing import CliRunner

from cascade.cli import main

DATE = ["--date", "2024-03-01"]


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _one_sentence(result, word):
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "Traceback" not in result.output
    assert len(err.splitlines()) == 1, err
    assert err.startswith("错误：") and word in err, err


def test_diff_writes_the_review_document(seed_paths, tmp_path):
    out = tmp_path / "梅州-对照.docx"
    result = _run("diff", seed_paths["meizhou"], seed_paths["guangdong"], "--docx", out, *DATE)
    assert result.exit_code == 0, result.output
    assert f"已写出审阅稿（修订与批注）：{out}" in result.output
    names = zipfile.ZipFile(out).namelist()
    assert "word/comments.xml" in names
    again = tmp_path / "again.docx"
    _run("diff", seed_paths["meizhou"], seed_paths["guangdong"], "--docx", again, *DATE)
    assert again.read_bytes() == out.read_bytes()


def test_api_diff_takes_the_same_keyword(seed_paths, tmp_path):
    import datetime as dt

    from cascade import api

    out = tmp_path / "r.docx"
    d = api.diff(seed_paths["kaiping"], seed_paths["guangdong"], docx_path=out,
                 date=dt.date(2024, 3, 1))
    assert out.is_file() and len(d.extra_tasks) == 3


def test_a_plan_that_does_not_parse(seed_paths, tmp_path):
    bad = tmp_path / "通知.txt"
    bad.write_text("关于做好节日期间值班工作的通知\n\n各单位：\n请认真做好值班安排。\n", encoding="utf-8")
    out = tmp_path / "r.docx"
    result = _run("diff", bad, seed_paths["guangdong"], "--docx", out, *DATE)
    _one_sentence(result, str(bad))
    assert not out.exists()


def test_an_unwritable_output(seed_paths, tmp_path):
    locked = tmp_path / "只读"
    locked.mkdir()
    locked.chmod(0o500)
    out = locked / "r.docx"
    try:
        result = _run("diff", seed_paths["meizhou"], seed_paths["guangdong"], "--docx", out, *DATE)
        if result.exit_code == 0:  # running as a user who may write anywhere (root)
            pytest.skip("this user can write into a read-only folder")
        _one_sentence(result, "无法写入")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_an_output_in_a_folder_that_cannot_exist(seed_paths, tmp_path):
    blocker = tmp_path / "文件"
    blocker.write_text("x", encoding="utf-8")
    result = _run("diff", seed_paths["meizhou"], seed_paths["guangdong"], "--docx",
                  blocker / "r.docx", *DATE)
    _one_sentence(result, "无法写入")
    assert blocker.read_text(encoding="utf-8") == "x"


def test_an_output_equal_to_an_input(seed_paths, tmp_path):
    """The child given as a .docx and the review written over it: refused, the child intact."""
    child = tmp_path / "child.docx"
    assert _run("diff", seed_paths["meizhou"], seed_paths["guangdong"], "--docx", child,
                *DATE).exit_code == 0
    before = child.read_bytes()
    result = _run("diff", child, seed_paths["guangdong"], "--docx", child, *DATE)
    _one_sentence(result, "同一个文件")
    assert child.read_bytes() == before
    source = tmp_path / "meizhou.txt"
    shutil.copy(seed_paths["meizhou"], source)
    result = _run("diff", source, seed_paths["guangdong"], "--docx", source, *DATE)
    _one_sentence(result, ".docx")
    assert source.read_bytes() == seed_paths["meizhou"].read_bytes()


def test_audit_writes_one_review_per_pair(seed_paths, tmp_path):
    folder = tmp_path / "全省"
    folder.mkdir()
    for name in ("guangdong", "meizhou", "kaiping"):
        shutil.copy(seed_paths[name], folder / seed_paths[name].name)
    (folder / "tree.yaml").write_text(
        "plans:\n  meizhou-2023: {parent: guangdong-2023}\n  kaiping-2024: {parent: guangdong-2023}\n",
        encoding="utf-8")
    out = tmp_path / "审阅稿"
    result = _run("audit", folder, "--docx-dir", out, "--jobs", 1, *DATE)
    assert result.exit_code == 0, result.output
    assert f"已写出审阅稿 2 份：{out}" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "kaiping-2024-vs-guangdong-2023.docx", "meizhou-2023-vs-guangdong-2023.docx"]
    single = tmp_path / "single.docx"
    _run("diff", seed_paths["meizhou"], seed_paths["guangdong"], "--docx", single, *DATE)
    assert (out / "meizhou-2023-vs-guangdong-2023.docx").read_bytes() == single.read_bytes()


def test_audit_refuses_a_file_as_the_docx_folder(seed_paths, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("guangdong", "meizhou"):
        shutil.copy(seed_paths[name], folder / seed_paths[name].name)
    (folder / "tree.yaml").write_text("plans:\n  meizhou-2023: {parent: guangdong-2023}\n",
                                      encoding="utf-8")
    blocker = tmp_path / "out.docx"
    blocker.write_text("x", encoding="utf-8")
    result = _run("audit", folder, "--docx-dir", blocker, "--jobs", 1, *DATE)
    assert result.exit_code == 2, result.output
    assert blocker.read_text(encoding="utf-8") == "x"
