"""`cascade.api`: one function per command, called directly as a Python user would."""

from __future__ import annotations

import inspect
import json

import pytest
import yaml

from cascade import api
from cascade.cli import main
from cascade.errors import CascadeError, InputError

COMMANDS = {"parse": "parse", "check": "check", "init": "init", "derive": "derive",
            "render": "render", "diff": "diff", "audit": "audit", "ledger update": "ledger_update",
            "ledger collect": "ledger_collect"}


def _command(path: str):
    command = main
    for word in path.split():
        command = command.commands[word]
    return command


@pytest.mark.parametrize("path,function", COMMANDS.items())
def test_every_command_has_a_same_named_api_function_with_its_docstring(path, function):
    command = _command(path)
    doc = inspect.getdoc(getattr(api, function))
    assert doc.splitlines()[0] == inspect.getdoc(command.callback).splitlines()[0]


def test_every_registered_command_is_listed():
    leaves = []
    for name, command in main.commands.items():
        subs = getattr(command, "commands", None)
        leaves += [f"{name} {s}" for s in subs] if subs else [name]
    # `serve` starts the web app, which calls these same functions; it is no library action.
    assert sorted(set(leaves) - {"serve"}) == sorted(COMMANDS)


def test_parse_writes_the_plan_and_returns_it(seed_paths, tmp_path):
    out = tmp_path / "k.plan.yaml"
    plan = api.parse(seed_paths["kaiping"], out)
    assert plan.has_ledger() and len(plan.ledger_measures()) == 64
    assert api.load_plan(out) == plan


def test_a_plan_without_ledger_is_parsed_with_split_measures_stored(seed_paths, tmp_path):
    out = tmp_path / "g.plan.json"
    plan = api.parse(seed_paths["guangdong"], out)
    stored = json.loads(out.read_text("utf-8"))
    leaves = {t.id for t in plan.leaf_tasks()}
    measures = [m for s in stored["sections"] for t in s["tasks"] for m in t["measures"]]
    assert measures and all(m["split"] for m in measures)
    assert {m["id"].rsplit(".m", 1)[0] for m in measures} == leaves


def test_check_returns_a_report_with_its_summary(seed_paths):
    report = api.check(seed_paths["kaiping"])
    assert isinstance(report, list) and report.summary().startswith("共 ")
    assert report.fails("any") == bool(report)


def test_init_then_derive(seed_paths, tmp_path):
    overrides = api.init(seed_paths["meizhou"], level="county", region="某某县",
                         output=tmp_path / "x.overrides.yaml")
    data = yaml.safe_load(overrides.read_text("utf-8"))
    assert data["metadata"]["region"] == "某某县"
    child = api.derive(overrides, tmp_path / "x.plan.yaml")
    parent = api.load_plan(seed_paths["meizhou"])
    assert [t.derived_from for t in child.tasks()] == [t.id for t in parent.tasks()]
    assert all(m.split for m in child.measures())
    assert "全县" in " ".join(t.text for t in child.tasks())
    assert api.default_derive_output(overrides).name == "x.plan.yaml"


def test_render_writes_docx_and_xlsx_and_refuses_overwriting_the_source(seed_paths, tmp_path):
    written = api.render(seed_paths["suizhou"], docx=tmp_path / "s.docx", xlsx=tmp_path / "s.xlsx")
    assert [p.name for p in written] == ["s.docx", "s.xlsx"]
    copy = tmp_path / "s.txt"
    copy.write_bytes(seed_paths["suizhou"].read_bytes())
    with pytest.raises(InputError):
        api.render(copy, docx=copy)


def test_render_pdf_without_libreoffice_says_how_to_get_it(seed_paths, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice here
    with pytest.raises(CascadeError, match="LibreOffice") as exc:
        api.render(seed_paths["suizhou"], pdf=tmp_path / "s.pdf")
    assert "apt-get install" in str(exc.value)
    assert not (tmp_path / "s.pdf").exists()


def test_render_pdf_through_libreoffice(seed_paths, tmp_path, soffice):
    (pdf,) = api.render(seed_paths["kaiping"], pdf=tmp_path / "k.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_diff_writes_its_reports(seed_paths, tmp_path):
    result = api.diff(seed_paths["meizhou"], seed_paths["guangdong"],
                      json_path=tmp_path / "d.json", html_path=tmp_path / "d.html")
    data = json.loads((tmp_path / "d.json").read_text("utf-8"))
    assert data["summary"]["parent_tasks"] == len(api.load_plan(seed_paths["guangdong"]).tasks())
    assert result.to_dict()["summary"] == data["summary"]
    assert "<html" in (tmp_path / "d.html").read_text("utf-8")
    lines = api.diff_summary(result)
    assert lines[0].startswith("下级方案：")


def test_audit_writes_the_matrices(seed_paths, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("guangdong", "meizhou"):
        (folder / seed_paths[name].name).write_bytes(seed_paths[name].read_bytes())
    (folder / "tree.yaml").write_text(
        "plans:\n  meizhou-2023.txt: {parent: guangdong-2023.txt}\n  guangdong-2023.txt: {parent: null}\n",
        encoding="utf-8")
    result = api.audit(folder, json_path=tmp_path / "a.json", html_path=tmp_path / "a.html", jobs=1)
    assert len(result.pairs) == 1
    assert json.loads((tmp_path / "a.json").read_text("utf-8"))["schema"].startswith("plan-cascade/audit")


def test_ledger_update_keeps_typed_values(seed_paths, tmp_path):
    import openpyxl

    path = tmp_path / "l.xlsx"
    api.render(seed_paths["kaiping"], xlsx=path)
    wb = openpyxl.load_workbook(path)
    wb["任务台账"]["I4"] = "已召开部署会"  # the first measure row, under the 统计截至 row
    wb.save(path)
    result = api.ledger_update(seed_paths["kaiping"], path)
    assert result.typed_values >= 1
    assert "已召开部署会" in [c.value for row in openpyxl.load_workbook(path)["任务台账"].iter_rows()
                               for c in row]
