"""The pages over the api: what they write is what the CLI writes, long work shows progress."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from serve_setup import SOURCES


def test_cascade_help_does_not_import_the_web_stack():
    code = ("import sys, runpy; sys.argv = ['cascade', '--help']\n"
            "try:\n    runpy.run_module('cascade', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('starlette', 'uvicorn', 'multipart', 'python_multipart', 'jinja2', 'cascade.serve')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "serve" in out.stdout and out.stdout.strip().splitlines()[-1] == "[]"


def test_a_docx_upload_is_parsed_and_listed(client, csrf, tmp_path):
    from cascade import api

    docx = tmp_path / "开平.docx"
    api.render(SOURCES / "kaiping-2024.txt", docx=docx)
    r = client.post("/library/upload", data={"csrf": csrf},
                    files=[("files", ("开平.docx", docx.read_bytes(), "application/octet-stream"))])
    assert r.status_code == 200 and "已上传 1 份方案" in r.text
    assert (client.workspace.folder("plans") / "开平.docx").read_bytes() == docx.read_bytes()
    assert "开平市提升行政执法质量三年行动工作方案" in r.text


def test_a_pdf_upload_is_parsed_like_its_text(client, csrf, tmp_path, soffice):
    from cascade import api

    (pdf,) = api.render(SOURCES / "suizhou-2024.txt", pdf=tmp_path / "随州.pdf")
    r = client.post("/library/upload", data={"csrf": csrf},
                    files=[("files", ("随州.pdf", pdf.read_bytes(), "application/pdf"))])
    assert r.status_code == 200 and "已上传 1 份方案" in r.text
    assert "随州市提升行政执法质量实施方案" in r.text
    text_ids = [t.id for t in api.load_plan(SOURCES / "suizhou-2024.txt").tasks()]
    pdf_ids = [t.id for t in api.load_plan(client.workspace.folder("plans") / "随州.pdf").tasks()]
    assert pdf_ids == text_ids


def test_tree_yaml_written_by_the_page_is_read_by_audit(client, csrf):
    from cascade.audit.tree import read_tree

    (client.workspace.folder("plans") / "kaiping-2024.txt").write_bytes(
        (SOURCES / "kaiping-2024.txt").read_bytes())
    r = client.post("/library/parent", data={"csrf": csrf, "child": "kaiping-2024.txt",
                                             "parent": "guangdong-2023.txt"})
    assert r.status_code == 200
    entries = {e.name: e.parent for e in read_tree(client.workspace.folder("plans") / "tree.yaml")}
    assert entries == {"meizhou-2023.txt": "guangdong-2023.txt",
                       "kaiping-2024.txt": "guangdong-2023.txt"}
    r = client.post("/library/parent", data={"csrf": csrf, "child": "kaiping-2024.txt", "parent": ""})
    entries = {e.name: e.parent for e in read_tree(client.workspace.folder("plans") / "tree.yaml")}
    assert entries["kaiping-2024.txt"] is None


def test_the_saved_overrides_derive_the_same_plan_from_the_cli(client, csrf, tmp_path):
    from click.testing import CliRunner

    from cascade import api
    from cascade.cli import main

    r = client.post("/draft/save", data={
        "csrf": csrf, "parent": "meizhou-2023.txt", "level": "county", "region": "梅县区",
        "name": "梅县区-2024", "date": "2024-03-15", "keep-1.3": "drop", "reason-1.3": "本级不涉及",
        "units-2.6": "区司法局、区财政局", "protect": "市政府公告收回",
        "add-after": "2.4", "add-title": "开展镇街执法能力提升行动",
        "add-text": "组织镇街综合行政执法队伍集中轮训，2024年9月底前完成。"})
    assert r.status_code == 200
    overrides = client.workspace.folder("plans") / "梅县区-2024.overrides.yaml"
    out = tmp_path / "cli.plan.yaml"
    result = CliRunner().invoke(main, ["derive", str(overrides), "-o", str(out)])
    assert result.exit_code == 0, result.output
    web = client.workspace.plan("梅县区-2024.plan.yaml")
    cli = api.load_plan(out)
    assert [(t.title, t.units) for t in web.tasks()] == [(t.title, t.units) for t in cli.tasks()]
    by_parent = {t.derived_from: t for t in web.tasks()}
    assert "1.3" not in by_parent and by_parent["2.6"].units == ["区司法局", "区财政局"]
    added = [t for t in web.tasks() if not t.derived_from]
    assert [t.title for t in added] == ["开展镇街执法能力提升行动"]
    assert [d.text for d in added[0].deadlines] == ["2024年9月底前"]
    assert (client.workspace.folder("out") / "梅县区-2024.docx").stat().st_size > 10_000
    assert (client.workspace.folder("ledgers") / "梅县区-2024-任务台账.xlsx").exists()


def test_long_work_shows_progress_and_refreshes_without_javascript(client):
    site = client.app.app.state.site
    release = threading.Event()

    def work(job):
        job.progress("diff", 1, 4)
        release.wait(10)
        return ["完成"], {}

    job = site.jobs.start("审计", work)
    try:
        r = client.get(f"/jobs/{job.id}")
        assert r.status_code == 200
        assert '<meta http-equiv="refresh"' in r.text and "逐对比对 1/4" in r.text
        status = client.get(f"/jobs/{job.id}/status").json()
        assert status == {"finished": False, "percent": 25, "stage": "逐对比对", "done": 1,
                          "total": 4}
    finally:
        release.set()
    for _ in range(100):
        if job.finished:
            break
        threading.Event().wait(0.05)
    r = client.get(f"/jobs/{job.id}")
    assert "http-equiv" not in r.text and "完成" in r.text


def test_a_bug_is_a_chinese_500_without_a_traceback(client, monkeypatch):
    from cascade import api

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(api, "diff", broken)
    r = client.get("/diff", params={"child": "meizhou-2023.txt", "parent": "guangdong-2023.txt"})
    assert r.status_code == 500 and "内部错误" in r.text
    assert "Traceback" not in r.text and "secret internal detail" not in r.text


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "{{ 7*7 }}"])
def test_document_text_is_escaped(client, csrf, text):
    body = (SOURCES / "meizhou-2023.txt").read_text("utf-8").replace(
        "着力提高政治能力", f"着力提高政治能力{text}", 1)
    r = client.post("/library/upload", data={"csrf": csrf},
                    files=[("files", ("x.txt", body.encode(), "text/plain"))])
    assert r.status_code == 200
    page = client.get("/library/plan", params={"name": "x.txt"}).text
    assert "<script>alert(1)</script>" not in page and "着力提高政治能力" in page
    if "{{" in text:
        assert "{{ 7*7 }}" in page and "着力提高政治能力49" not in page


def test_serve_warns_when_bound_beyond_loopback(monkeypatch, tmp_path):
    from click.testing import CliRunner

    import cascade.serve as web
    from cascade.cli import main

    calls = []
    monkeypatch.setattr(web, "run", lambda directory, **kw: calls.append((directory, kw)))
    quiet = CliRunner().invoke(main, ["serve", "--dir", str(tmp_path), "--no-browser"])
    loud = CliRunner().invoke(main, ["serve", "--dir", str(tmp_path), "--host", "0.0.0.0"])
    assert quiet.exit_code == loud.exit_code == 0
    assert "警告" not in quiet.output and "警告：监听地址为 0.0.0.0" in loud.output
    assert calls[0][1]["host"] == "127.0.0.1" and calls[0][1]["open_browser"] is False
    assert calls[1][1]["host"] == "0.0.0.0" and calls[1][1]["open_browser"] is True


def test_collect_plugs_in_when_the_api_has_it(client, csrf, monkeypatch):
    from cascade import api

    r = client.get("/ledger")
    if not hasattr(api, "ledger_collect"):
        assert "此版本尚不支持台账汇总" in r.text
    seen = []

    def fake(parent, ledgers, *, output=None, json_path=None, as_of=None):
        seen.append((parent.name, [p.name for p in ledgers], output.name))
        output.write_bytes(b"PK")

        class Rollup:
            children, tasks = [1, 2], list(range(16))

        return Rollup()

    monkeypatch.setattr(api, "ledger_collect", fake, raising=False)
    for plan in ("meizhou-2023.txt", "guangdong-2023.txt"):
        assert client.post("/ledger/render", data={"csrf": csrf, "plan": plan}).status_code == 200
    page = client.get("/ledger").text
    assert 'action="/ledger/collect"' in page and 'value="meizhou-2023-任务台账.xlsx"' in page
    before = client.workspace.snapshot()
    r = client.post("/ledger/collect", data={"csrf": csrf, "plan": "guangdong-2023.txt"})
    assert r.status_code == 400 and "至少选择一份" in r.text
    r = client.post("/ledger/collect", data={"csrf": csrf, "plan": "guangdong-2023.txt",
                                             "ledgers": ["../台账/x.xlsx"]})
    assert r.status_code == 400 and "没有文件" in r.text
    assert client.workspace.snapshot() == before
    page = _collect_meizhou_under_guangdong(client, csrf)
    assert "已汇总 2 份下级台账，上级任务 16 项。" in page and "guangdong-2023-台账汇总.xlsx" in page
    assert seen == [("guangdong-2023.txt", ["meizhou-2023-任务台账.xlsx"],
                     "guangdong-2023-台账汇总.xlsx")]


def test_collect_rolls_up_real_ledgers_through_the_api(client, csrf):
    """The 台账 page's 汇总 with the library's own `ledger_collect`: a workbook in 输出/."""
    import openpyxl

    for plan in ("meizhou-2023.txt", "guangdong-2023.txt"):
        assert client.post("/ledger/render", data={"csrf": csrf, "plan": plan}).status_code == 200
    assert 'action="/ledger/collect"' in client.get("/ledger").text
    page = _collect_meizhou_under_guangdong(client, csrf)
    assert "guangdong-2023-台账汇总.xlsx" in page and "错误" not in page
    out = client.workspace.root / "输出" / "guangdong-2023-台账汇总.xlsx"
    assert "汇总" in openpyxl.load_workbook(out).sheetnames


def _collect_meizhou_under_guangdong(client, csrf) -> str:
    """Start the roll-up of 梅州's ledger under 广东 and return the finished job's page."""
    r = client.post("/ledger/collect", data={"csrf": csrf, "plan": "guangdong-2023.txt",
                                             "ledgers": ["meizhou-2023-任务台账.xlsx"]},
                    follow_redirects=False)
    assert r.status_code == 303
    job = r.headers["location"]
    for _ in range(400):
        if client.get(f"{job}/status").json()["finished"]:
            break
        threading.Event().wait(0.05)
    return client.get(job).text
