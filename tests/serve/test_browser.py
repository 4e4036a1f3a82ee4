"""End to end in a real browser (Playwright driving Debian's chromium): a clerk's whole day.

Every page is photographed; with CASCADE_SHOTS=1 the PNGs replace those in docs/ that the README
shows (`CASCADE_SHOTS=1 .venv/bin/python -m pytest -n 0 tests/serve/test_browser.py`), otherwise
they go to a temporary folder so a test run leaves the checkout as it was.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest
from serve_setup import SOURCES

from cascade.ledger_layout import FIRST_ROW, HEADER_ROW

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=zh-CN"]
DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOTS = DOCS if os.environ.get("CASCADE_SHOTS") else Path(tempfile.gettempdir()) / "cascade-shots"
TYPED = {"完成状态": "已完成", "进度情况": "已召开专题会议部署", "备注": "区司法局牵头"}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() or not shutil.which("chromium"),
                                reason="Debian chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """uvicorn serving a fresh workspace on a free loopback port, in a thread."""
    import uvicorn

    from cascade.serve import make_app, start_url
    from cascade.serve.security import new_token

    root = tmp_path_factory.mktemp("serve") / "方案工作区"
    port, token = _free_port(), new_token()
    app = make_app(root, token=token, port=port)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield {"url": start_url("127.0.0.1", port, token), "base": f"http://127.0.0.1:{port}",
           "root": root}
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900},
                                      locale="zh-CN")
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(server["url"])
        yield pg
        browser.close()


def fetch(page, selector: str, path: Path) -> Path:
    """Click a download link and save what the browser received to `path`."""
    with page.expect_download() as info:
        page.click(selector)
    info.value.save_as(path)
    return path


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"serve-{name}.png"), full_page=False)
    assert (SHOTS / f"serve-{name}.png").stat().st_size > 10_000


def step_1_upload_the_bundled_plans_and_set_a_parent(page, server, tmp_path):
    assert "token=" not in page.url and page.url.endswith("/library")
    page.set_input_files("input[name=files]", [str(p) for p in sorted(SOURCES.glob("*.txt"))])
    page.click("text=上传并解析")
    page.wait_for_load_state()
    assert "已上传 4 份方案" in page.content(), page.locator(".error").all_inner_texts()
    assert page.locator("table tr").count() == 5
    row = page.locator("tr", has=page.locator("a", has_text="meizhou-2023.txt"))
    row.locator("select[name=parent]").select_option("guangdong-2023.txt")
    row.locator("button", has_text="设为上级").click()
    page.wait_for_load_state()
    tree = (server["root"] / "方案" / "tree.yaml").read_text("utf-8")
    assert '"meizhou-2023.txt": {parent: "guangdong-2023.txt"}' in tree
    assert page.locator("tr", has=page.locator("a", has_text="meizhou-2023.txt")).locator(
        "select[name=parent]").input_value() == "guangdong-2023.txt"
    shot(page, "library")
    page.click("a:has-text('meizhou-2023.txt')")
    assert page.locator("#tasks tr").count() > 16
    shot(page, "plan")


def step_2_the_diff_shows_its_findings(page, server, tmp_path):
    page.click("nav >> text=对照")
    page.select_option("select[name=child]", "meizhou-2023.txt")
    page.click("button:has-text('对照')")
    summary = page.locator("#summary pre").inner_text()
    # 4.10 is kept in part (its dropped phrases are findings), so three clauses are missing.
    assert "缺失条款（3）" in summary and "时限由「2023年底前」推后到「2024年5月底前」" in summary
    frame = page.frame_locator("iframe")
    frame.locator("text=只看问题").first.wait_for()
    import json

    data = json.loads(fetch(page, "#summary >> text=JSON", tmp_path / "d.json").read_text("utf-8"))
    assert data["summary"]["missing_clauses"] == 3
    assert data["summary"]["findings"]["scope_narrowed"] >= 1
    from cascade.serve.diff_pages import redline_keyword

    if redline_keyword():  # the Word redline, once `api.diff` writes one
        import zipfile

        redline = fetch(page, "#summary >> text=Word 修订稿", tmp_path / "修订.docx")
        with zipfile.ZipFile(redline) as zf:
            body = zf.read("word/document.xml").decode("utf-8")
        assert "<w:del " in body or "<w:ins " in body
    shot(page, "diff")


def step_3_draft_a_county_plan_and_download_its_docx(page, server, tmp_path):
    from cascade import api

    page.click("nav >> text=起草")
    page.select_option("select[name=parent]", "meizhou-2023.txt")
    page.select_option("select[name=level]", "county")
    page.fill("input[name=region]", "梅县区")
    page.click("text=下一步")
    page.fill("input[name=name]", "梅县区-2024")
    page.fill("input[name=date]", "2024-03-15")
    page.select_option("select[name='keep-1.1']", "drop")
    shot(page, "draft")
    page.click("text=保存并生成")
    assert "没有写明理由" in page.locator("#task-1\\.1 .error").inner_text()
    page.fill("input[name='reason-1.1']", "本级已在年度培训计划中安排")
    page.fill("input[name='deadline-2.4-0']", "2024年3月底前")
    page.click("text=保存并生成")
    assert "本级方案共 15 项任务" in page.locator("#result").inner_text()
    plan = api.parse(fetch(page, "#download-docx", tmp_path / "梅县区.docx"))
    titles = [t.title for t in plan.tasks()]
    assert len(titles) == 15 and "着力提高政治能力" not in titles
    assert plan.title.startswith("梅县区")
    moved = next(t for t in plan.tasks() if t.title == "落实行政执法领域突出问题清单制度")
    assert [d.text for d in moved.deadlines] == ["2024年3月底前"]
    overrides = (server["root"] / "方案" / "梅县区-2024.overrides.yaml").read_text("utf-8")
    assert overrides.startswith("# 下级方案覆盖文件（由 cascade init 生成）")
    assert 'reason: "本级已在年度培训计划中安排"' in overrides
    shot(page, "draft-done")


def step_4_render_fill_in_and_update_a_ledger(page, server, tmp_path):
    import openpyxl

    page.click("nav >> text=台账")
    page.select_option("form[action='/ledger/render'] select[name=plan]", "meizhou-2023.txt")
    page.click("text=生成台账 .xlsx")
    ledger = fetch(page, "#download-ledger", tmp_path / "梅州台账.xlsx")
    wb = openpyxl.load_workbook(ledger)
    ws = wb["任务台账"]
    header = [c.value for c in ws[HEADER_ROW]]
    rows = list(range(FIRST_ROW, ws.max_row + 1))[::5]
    typed = {}
    for r in rows:
        for col, value in TYPED.items():
            text = f"{value}（第{r}行）" if col != "完成状态" else value
            ws.cell(r, header.index(col) + 1, text)
            typed[(ws.cell(r, header.index("措施编号") + 1).value, col)] = text
    wb.save(ledger)
    page.set_input_files("input[name=ledger]", str(ledger))
    page.select_option("form[action='/ledger/update'] select[name=plan]", "meizhou-2023.txt")
    page.click("text=更新台账")
    assert page.locator("#updated").count() == 1, page.locator(".error").all_inner_texts()
    assert "已更新" in page.locator("#updated").inner_text()
    out = fetch(page, "#download-updated", tmp_path / "updated.xlsx")
    ws = openpyxl.load_workbook(out)["任务台账"]
    header = [c.value for c in ws[HEADER_ROW]]
    found = {(ws.cell(r, header.index("措施编号") + 1).value, col): ws.cell(r, header.index(col) + 1).value
             for r in range(FIRST_ROW, ws.max_row + 1) for col in TYPED}
    assert all(found.get(k) == v for k, v in typed.items()), typed
    backups = [n for n in (server["root"] / "台账").iterdir() if n.name != "梅州台账.xlsx"
               and n.name.startswith("梅州台账")]
    assert backups, list((server["root"] / "台账").iterdir())
    shot(page, "ledger")


def step_5_audit_runs_in_the_background_with_progress(page, server, tmp_path):
    page.click("nav >> text=审计")
    shot(page, "audit")
    page.click("text=开始审计")
    page.wait_for_selector("#job[data-finished=yes]", timeout=120_000)
    text = page.locator("#job pre").inner_text()
    assert "梅州市 ← 广东省" in text and "梅县区 ← 梅州市" in text
    page.frame_locator("iframe").locator("table").first.wait_for()
    shot(page, "audit-done")


def test_a_clerks_day_in_the_browser(page, server, tmp_path):
    """The steps share one browser and one workspace, so they run in order in one test."""
    for step in (step_1_upload_the_bundled_plans_and_set_a_parent, step_2_the_diff_shows_its_findings,
                 step_3_draft_a_county_plan_and_download_its_docx,
                 step_4_render_fill_in_and_update_a_ledger,
                 step_5_audit_runs_in_the_background_with_progress):
        step(page, server, tmp_path)
