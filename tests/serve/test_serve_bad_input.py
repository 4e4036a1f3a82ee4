"""Every route's bad input: HTTP 400, the library's Chinese sentence on the page, nothing written."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

DRAFT = {"parent": "meizhou-2023.txt", "level": "county", "region": "梅县区",
         "name": "梅县区-2024", "date": "2024-03-15"}


def errors(html: str) -> list[str]:
    """The texts of the page's error paragraphs."""
    return re.findall(r'class="error"[^>]*>([^<]*)<', html)


def unchanged(client, before):
    assert client.workspace.snapshot() == before


def upload(client, csrf, name, data, field="files", url="/library/upload", **form):
    return client.post(url, data={"csrf": csrf, **form}, files=[(field, (name, data, "text/plain"))])


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "a/b.txt", "..\\..\\x.txt",
                                  "/abs/x.txt", "..", ".hidden.txt", "~$lock.docx", "a:b.txt",
                                  "a|b.txt", "a?.txt"])
def test_path_like_upload_names_are_refused(client, csrf, name):
    before = client.workspace.snapshot()
    r = upload(client, csrf, name, "一、总体要求\n".encode())
    assert r.status_code == 400
    assert any("文件名" in e for e in errors(r.text)), errors(r.text)
    unchanged(client, before)


def test_an_unknown_file_type_is_refused(client, csrf):
    before = client.workspace.snapshot()
    r = upload(client, csrf, "setup.exe", b"MZ")
    assert r.status_code == 400 and "类型不对" in r.text
    unchanged(client, before)


def test_a_text_that_is_no_plan_shows_the_parsers_sentence(client, csrf):
    before = client.workspace.snapshot()
    r = upload(client, csrf, "通知.txt", "关于召开会议的通知\n请各单位准时参加。\n".encode())
    assert r.status_code == 400
    (message,) = [e for e in errors(r.text) if e.startswith("通知.txt")]
    assert "cascade-serve-" not in message and len(message) > 10
    unchanged(client, before)


def test_an_empty_or_binary_file_is_refused(client, csrf):
    before = client.workspace.snapshot()
    for name, data in (("空.txt", b""), ("乱码.txt", bytes(range(256)) * 40)):
        r = upload(client, csrf, name, data)
        assert r.status_code == 400 and any(e.startswith(name) for e in errors(r.text))
    unchanged(client, before)


def test_a_zip_bomb_is_refused_by_the_readers_size_check(client, csrf):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (210 * 1024 * 1024))
    assert len(buf.getvalue()) < 2 * 1024 * 1024
    before = client.workspace.snapshot()
    r = upload(client, csrf, "炸弹.docx", buf.getvalue())
    assert r.status_code == 400
    assert any(e.startswith("炸弹.docx") and "MB" in e for e in errors(r.text)), errors(r.text)
    unchanged(client, before)


def test_an_upload_over_the_readers_limit_is_refused(client, csrf):
    before = client.workspace.snapshot()
    r = upload(client, csrf, "大.txt", b"a" * (20 * 1024 * 1024 + 10))
    assert r.status_code == 400 and "超过 20 MB" in r.text
    unchanged(client, before)


def test_one_bad_file_in_a_batch_writes_none(client, csrf):
    from serve_setup import SOURCES

    before = client.workspace.snapshot()
    r = client.post("/library/upload", data={"csrf": csrf}, files=[
        ("files", ("kaiping-2024.txt", (SOURCES / "kaiping-2024.txt").read_bytes(), "text/plain")),
        ("files", ("x.txt", b"", "text/plain"))])
    assert r.status_code == 400
    unchanged(client, before)


@pytest.mark.parametrize("child,parent,expect", [
    ("meizhou-2023.txt", "meizhou-2023.txt", "自己"),
    ("meizhou-2023.txt", "nowhere.txt", "没有文件"),
    ("../tree.yaml", "", "没有文件"),
])
def test_bad_parent_links_are_refused(client, csrf, child, parent, expect):
    before = client.workspace.snapshot()
    r = client.post("/library/parent", data={"csrf": csrf, "child": child, "parent": parent})
    assert r.status_code == 400 and any(expect in e for e in errors(r.text)), errors(r.text)
    unchanged(client, before)


@pytest.mark.parametrize("query,expect", [
    ({"child": "meizhou-2023.txt", "parent": "meizhou-2023.txt"}, "同一份"),
    ({"child": "../../etc/passwd", "parent": "guangdong-2023.txt"}, "没有文件"),
])
def test_bad_diff_choices(client, query, expect):
    before = client.workspace.snapshot()
    r = client.get("/diff", params=query)
    assert r.status_code == 400 and any(expect in e for e in errors(r.text))
    unchanged(client, before)


@pytest.mark.parametrize("area,name", [("plans", "..%2Ftree.yaml"), ("plans", "nothing.txt"),
                                       ("secrets", "x"), ("out", "..%2F..%2Fetc%2Fpasswd")])
def test_downloads_only_name_workspace_files(client, area, name):
    r = client.get(f"/files/{area}/{name}")
    assert r.status_code in (400, 404) and "root:" not in r.text


# -- the drafting form -------------------------------------------------------------------------
FORM_ERRORS = [
    ({"keep-1.1": "drop"}, "task:1.1", "没有写明理由"),
    ({"deadline-2.4-0": "2024年8月底前"}, "task:2.4", "晚于上级"),
    ({"deadline-2.4-0": "2024年13月底前"}, "task:2.4", "月份 13 不存在"),
    ({"deadline-2.4-0": "下个月"}, "task:2.4", "不是可识别的日期"),
    ({"date": "2024-02-30"}, "date", "日期"),
    ({"add-after": "9.9", "add-title": "新任务"}, "add", "不存在"),
    ({"name": "../evil"}, "form", "只能由汉字"),
    ({"level": "galaxy"}, "form", "层级"),
    ({"region": " "}, "form", "地区"),
    ({"parent": "nowhere.txt"}, "form", "没有文件"),
]


@pytest.mark.parametrize("change,field,expect", FORM_ERRORS)
def test_each_form_error_is_shown_next_to_its_field(client, csrf, change, field, expect):
    before = client.workspace.snapshot()
    r = client.post("/draft/save", data={"csrf": csrf, **DRAFT, **change})
    assert r.status_code == 400
    found = [e for e in errors(r.text) if expect in e]
    assert found, errors(r.text)
    if field.startswith("task:"):
        row = r.text.split(f'id="task-{field[5:]}"', 1)[1].split("</tr>", 1)[0]
        assert 'class="row-error"' in r.text and expect in row
    unchanged(client, before)


def test_a_later_date_with_a_reason_and_a_drop_with_one_are_accepted(client, csrf):
    r = client.post("/draft/save", data={"csrf": csrf, **DRAFT, "keep-1.1": "drop",
                                         "reason-1.1": "本级不涉及", "deadline-2.4-0": "2024年8月底前",
                                         "later-2.4": "区级清单晚于市级公布"})
    assert r.status_code == 200, errors(r.text)
    plan = client.workspace.plan("梅县区-2024.plan.yaml")
    by_parent = {t.derived_from: t for t in plan.tasks()}
    assert "1.1" not in by_parent and len(plan.tasks()) == 15
    assert [d.text for d in by_parent["2.4"].deadlines] == ["2024年8月底前"]
    assert [x.reason for x in plan.allowed_later] == ["区级清单晚于市级公布"]


# -- ledgers ---------------------------------------------------------------------------------
def test_ledger_update_refuses_what_is_no_ledger(client, csrf):
    before = client.workspace.snapshot()
    r = upload(client, csrf, "台账.docx", b"PK", field="ledger", url="/ledger/update",
               plan="meizhou-2023.txt")
    assert r.status_code == 400 and "类型不对" in r.text
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    r = upload(client, csrf, "台账.xlsx", buf.getvalue(), field="ledger", url="/ledger/update",
               plan="meizhou-2023.txt")
    assert r.status_code == 400 and any(e.startswith("台账.xlsx") for e in errors(r.text))
    unchanged(client, before)


def test_ledger_render_of_an_unknown_plan(client, csrf):
    before = client.workspace.snapshot()
    r = client.post("/ledger/render", data={"csrf": csrf, "plan": "../方案/x.txt"})
    assert r.status_code == 400 and "没有文件" in r.text
    unchanged(client, before)


def test_an_unknown_job_is_a_chinese_400(client):
    r = client.get("/jobs/0000")
    assert r.status_code == 400 and "没有这项任务" in r.text
