"""Fixtures for the web app: a workspace holding the bundled plans and a client with the token."""

from __future__ import annotations

import shutil
import warnings

import pytest
from serve_setup import BASE, PORT, SOURCES, TOKEN


@pytest.fixture
def workspace(tmp_path):
    """A workspace with 广东 and 梅州 in 方案/ and 梅州's parent set in tree.yaml."""
    from cascade.serve.workspace import Workspace

    ws = Workspace(tmp_path / "方案工作区")
    for name in ("guangdong-2023.txt", "meizhou-2023.txt"):
        shutil.copy(SOURCES / name, ws.folder("plans") / name)
    ws.set_parent("meizhou-2023.txt", "guangdong-2023.txt")
    return ws


@pytest.fixture
def client(workspace):
    """A test client past the token step (the cookie set), bound to 127.0.0.1:8765."""
    from starlette.testclient import TestClient

    from cascade.serve import make_app

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    app = make_app(workspace.root, token=TOKEN, port=PORT)
    c = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    c.cookies.set("cascade_token", TOKEN)
    c.workspace = workspace
    return c


@pytest.fixture
def csrf():
    """The CSRF value pages of this run carry."""
    from cascade.serve.security import csrf_for

    return csrf_for(TOKEN)
