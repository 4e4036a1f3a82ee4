"""`cascade audit DIR`: the three outputs, the summary, --fail-on, and bad input → exit 2."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from cascade.cli import main

TREE = """\
plans:
  meizhou-2023.txt: {parent: guangdong-2023.txt}
  kaiping-2024.txt: {parent: guangdong-2023.txt}  # 其上级江门市方案未收录
  suizhou-2024.txt: {parent: null}
"""


@pytest.fixture
def folder(tmp_path, seed_paths):
    """The four bundled sources and a tree.yaml naming their parents."""
    for path in seed_paths.values():
        shutil.copyfile(path, tmp_path / path.name)
    (tmp_path / "tree.yaml").write_text(TREE, encoding="utf-8")
    return tmp_path


def _run(*args):
    return CliRunner().invoke(main, ["audit", *map(str, args)])


def test_audit_writes_json_html_and_xlsx(folder, tmp_path, seed_plans):
    out = tmp_path / "out"
    result = _run(folder, "--json", out / "a.json", "--html", out / "a.html",
                  "--xlsx", out / "a.xlsx", "--jobs", 2)
    assert result.exit_code == 0, result.output
    assert "共找到方案 4 份，比对 2 对" in result.stdout
    assert "梅州市 ← 广东省" in result.stdout and "开平市 ← 广东省" in result.stdout
    data = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert data["schema"] == "plan-cascade/audit@1"
    (matrix,) = data["matrices"]
    assert matrix["parent"] == "guangdong-2023.txt"
    assert [r["task"] for r in matrix["rows"]] == [t.id for t in seed_plans["guangdong"].tasks()]
    assert [c["child"] for c in matrix["columns"]] == ["kaiping-2024.txt", "meizhou-2023.txt"]
    assert all(len(r["cells"]) == 2 for r in matrix["rows"])
    assert {p["child"] for p in data["pairs"]} == {"kaiping-2024.txt", "meizhou-2023.txt"}
    assert data["pairs"][1]["summary"]["parent_tasks"] == 16
    assert (out / "a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    from openpyxl import load_workbook

    wb = load_workbook(out / "a.xlsx")
    assert wb.sheetnames == ["汇总", "广东省", "缺失条款"]
    assert wb["广东省"]["C2"].value == "开平市"


def test_fail_on_missing_exits_1_when_a_clause_is_missing(folder):
    result = _run(folder, "--fail-on", "missing", "--jobs", 1)
    assert result.exit_code == 1
    assert "缺失条款" in result.stdout


def test_fail_on_passes_when_nothing_is_compared(tmp_path, seed_paths):
    shutil.copyfile(seed_paths["suizhou"], tmp_path / "suizhou-2024.txt")
    result = _run(tmp_path, "--fail-on", "any")
    assert result.exit_code == 0
    assert "比对 0 对" in result.stdout


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        ("plans:\n  meizhou-2023.txt: guangdong-2023.txt\n  guangdong-2023.txt: meizhou-2023.txt\n",
         "tree.yaml 第2行：上级关系成环"),
        ("plans:\n  meizhou-2023.txt: guangdong-2032.txt\n",
         "tree.yaml 第2行：目录中找不到上级方案“guangdong-2032.txt”。是不是“guangdong-2023.txt”？"),
    ],
)
def test_bad_tree_yaml_exits_2_with_file_and_line(folder, tmp_path, tree, message):
    (folder / "tree.yaml").write_text(tree, encoding="utf-8")
    out = tmp_path / "never.json"
    result = _run(folder, "--json", out)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_missing_folder_exits_2(tmp_path):
    result = _run(tmp_path / "nope")
    assert result.exit_code == 2
    assert "不是一个存在的文件夹" in result.stderr


def test_long_runs_show_a_progress_bar_on_stderr(tmp_path, seed_paths, seed_plans):
    import copy

    from cascade.model import save

    shutil.copyfile(seed_paths["guangdong"], tmp_path / "guangdong-2023.txt")
    for i in range(10):
        city = copy.deepcopy(seed_plans["meizhou"])
        city.id, city.parent = f"city-{i}", "guangdong-2023"
        save(city, tmp_path / f"city-{i}.plan.json")
    result = _run(tmp_path, "--jobs", 2)
    assert result.exit_code == 0, result.output
    assert "读取方案" in result.stderr and "逐对比对" in result.stderr
    assert "读取方案" not in result.stdout
    assert "比对 10 对（与上级 10 对，跨级 0 对）" in result.stdout
