"""Every request needs the start token, the bound Host and, for a POST, the CSRF field."""

from __future__ import annotations

import pytest
from serve_setup import BASE, PORT, TOKEN
from starlette.testclient import TestClient

from cascade.serve import make_app, start_url
from cascade.serve.security import MESSAGES, allowed_hosts


def fresh(client) -> TestClient:
    """A client of the same app without the cookie."""
    return TestClient(client.app, base_url=BASE, raise_server_exceptions=False)


def test_the_opened_url_sets_a_strict_cookie_and_drops_the_token(client):
    url = start_url("127.0.0.1", PORT, TOKEN)
    assert url.startswith("http://127.0.0.1:8765/") and TOKEN in url
    r = fresh(client).get(url, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/library"
    cookie = r.headers["set-cookie"]
    assert f"cascade_token={TOKEN}" in cookie and "SameSite=Strict" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("path", ["/library", "/diff", "/draft", "/ledger", "/audit",
                                  "/files/plans/meizhou-2023.txt"])
@pytest.mark.parametrize("cookie", [None, "wrong-token"])
def test_no_or_wrong_token_is_refused(client, path, cookie):
    c = fresh(client)
    if cookie:
        c.cookies.set("cascade_token", cookie)
    before = client.workspace.snapshot()
    r = c.get(path)
    assert r.status_code == 403 and MESSAGES["token"] in r.text
    r = c.get(f"{path}?token=not-{TOKEN}")
    assert r.status_code == 403
    assert client.workspace.snapshot() == before


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "attacker.test",
                                  "127.0.0.1.nip.io:8765"])
def test_a_foreign_host_is_refused_even_with_the_token(client, host):
    r = client.get(f"/library?token={TOKEN}", headers={"host": host})
    assert r.status_code == 403 and MESSAGES["host"] in r.text
    assert "set-cookie" not in r.headers


def test_loopback_names_are_the_hosts_answered():
    assert allowed_hosts("127.0.0.1", 8765) == {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"}
    assert allowed_hosts("192.168.1.5", 80) == {"192.168.1.5:80", "192.168.1.5"}


@pytest.mark.parametrize("path,data", [
    ("/library/parent", {"child": "meizhou-2023.txt", "parent": ""}),
    ("/ledger/render", {"plan": "meizhou-2023.txt"}),
    ("/audit/start", {}),
    ("/draft/save", {"parent": "meizhou-2023.txt", "level": "county", "region": "梅县区",
                     "name": "x"}),
])
@pytest.mark.parametrize("csrf_value", [None, "0" * 64])
def test_a_post_without_the_csrf_field_changes_nothing(client, path, data, csrf_value):
    before = client.workspace.snapshot()
    form = dict(data, **({"csrf": csrf_value} if csrf_value else {}))
    r = client.post(path, data=form)
    assert r.status_code == 403 and MESSAGES["csrf"] in r.text
    assert client.workspace.snapshot() == before


def test_a_post_from_another_origin_is_refused(client, csrf):
    before = client.workspace.snapshot()
    r = client.post("/library/parent", data={"csrf": csrf, "child": "meizhou-2023.txt",
                                             "parent": ""},
                    headers={"origin": "http://evil.example"})
    assert r.status_code == 403 and MESSAGES["origin"] in r.text
    assert client.workspace.snapshot() == before


def test_an_oversized_request_is_refused_before_it_is_read(client, csrf):
    before = client.workspace.snapshot()
    big = b"x" * (22 * 1024 * 1024)
    r = client.post("/library/upload", data={"csrf": csrf},
                    files=[("files", ("big.txt", big, "text/plain"))])
    assert r.status_code == 413 and MESSAGES["size"] in r.text
    assert client.workspace.snapshot() == before


def test_pages_carry_a_strict_content_policy(client):
    r = client.get("/library")
    assert r.status_code == 200
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "http://" not in r.text.replace(BASE, "") and "https://" not in r.text


def test_unknown_page_is_a_chinese_404(client):
    r = client.get("/nowhere")
    assert r.status_code == 404 and "没有这个页面" in r.text and "Traceback" not in r.text


def test_make_app_creates_the_three_folders(tmp_path):
    make_app(tmp_path / "ws", token=TOKEN)
    assert sorted(p.name for p in (tmp_path / "ws").iterdir()) == ["台账", "方案", "输出"]
