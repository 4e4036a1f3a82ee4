"""`cascade serve`: the local web app for clerks, a browser front end over `cascade.api`.

Every page calls the same `api` functions as the CLI and reads and writes the same plain files
in the workspace folder; the server binds 127.0.0.1 and guards every request (see `security`).
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_DIR = "方案工作区"
DEFAULT_PORT = 8765


def make_app(directory: str | Path, *, token: str, host: str = "127.0.0.1",
             port: int = DEFAULT_PORT):
    """The guarded ASGI app over the workspace `directory` (created if missing)."""
    from .app import build
    from .workspace import Workspace

    return build(Workspace(directory), token, host=host, port=port)


def start_url(host: str, port: int, token: str) -> str:
    """The URL the browser opens: it carries the token once, the cookie keeps it afterwards."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/library?token={token}"


def run(directory: str | Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
        open_browser: bool = True, announce=print) -> None:
    """Serve the workspace until interrupted; `announce` gets the lines to show the user."""
    import threading
    import webbrowser

    import uvicorn

    from .security import new_token

    token = new_token()
    app = make_app(directory, token=token, host=host, port=port)
    url = start_url(host, port, token)
    announce(f"方案工作台已启动，工作区：{Path(directory).resolve()}")
    announce(f"请在浏览器中打开：{url}")
    announce("按 Ctrl+C 停止。")
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                server_header=False)
