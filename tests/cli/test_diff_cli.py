"""`cascade diff` through click: the Chinese table, JSON/HTML files, --fail-on, bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cascade.cli import main
from cascade.model import save


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_diff_sources_writes_json_and_html(runner, seed_paths, tmp_path):
    out_json, out_html = tmp_path / "d.json", tmp_path / "d.html"
    result = runner.invoke(main, ["diff", str(seed_paths["meizhou"]), str(seed_paths["guangdong"]),
                                  "--json", str(out_json), "--html", str(out_html)])
    assert result.exit_code == 0, result.output
    assert "上级任务 16 项：已对应" in result.output
    assert "缺失 0，有意删减 0" in result.output  # no provincial task missing
    assert "时限推后（1）：\n  2.4  时限由「2023年底前」推后到「2024年5月底前」" in result.output
    assert "时限删除（1）：\n  2.5  删去了时限「2023年底前」" in result.output
    assert "要求弱化（1）：\n  2.5  「确保」被删去，要求弱化" in result.output
    assert "范围缩小" in result.output and "发现问题" in result.output
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["schema"] == "plan-cascade/diff@2" and data["summary"]["missing"] == 0
    assert data["summary"]["findings"]["deadline_later"] == 1
    assert out_html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("fail_on,code", [("missing", 1), ("later", 1), ("any", 1)])
def test_fail_on_findings_exits_1(runner, seed_paths, fail_on, code):
    result = runner.invoke(main, ["diff", str(seed_paths["meizhou"]), str(seed_paths["guangdong"]),
                                  "--fail-on", fail_on])
    assert result.exit_code == code


def test_a_plan_against_itself_has_no_findings(runner, seed_plans, tmp_path):
    plan_file = save(seed_plans["guangdong"], tmp_path / "guangdong.plan.yaml")
    result = runner.invoke(main, ["diff", str(plan_file), str(plan_file), "--fail-on", "any"])
    assert result.exit_code == 0, result.output
    assert "缺失 0，有意删减 0；下级新增任务 0 项" in result.output
    assert "缺失条款（" not in result.output


def test_county_extra_tasks_are_listed(runner, seed_paths):
    result = runner.invoke(main, ["diff", str(seed_paths["kaiping"]), str(seed_paths["guangdong"])])
    assert result.exit_code == 0
    assert "下级新增任务（3）" in result.output
    assert "3.12  创新行政执法方式" in result.output


def test_bad_input_exits_2_and_writes_nothing(runner, seed_paths, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out_json = tmp_path / "d.json"
    result = runner.invoke(main, ["diff", str(empty), str(seed_paths["guangdong"]),
                                  "--json", str(out_json)])
    assert result.exit_code == 2
    assert "empty.txt" in result.output and "错误" in result.output
    assert not out_json.exists()
    nope = str(tmp_path / "nope.txt")
    missing = runner.invoke(main, ["diff", nope, str(seed_paths["guangdong"])])
    assert missing.exit_code == 2 and "不存在" in missing.output
    bad = runner.invoke(main, ["diff", str(seed_paths["meizhou"]), str(seed_paths["guangdong"]),
                               "--fail-on", "sometimes"])
    assert bad.exit_code == 2
