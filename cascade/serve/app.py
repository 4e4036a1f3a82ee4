"""The Starlette app: routes of every page, templates, the CSRF form check and error pages.

Pages render in the project's bounded Jinja sandbox (`render.sandbox.make_environment`, the one
the CLI's HTML reports use): autoescaped, strict about undefined names, size-bounded, so every
document text a page shows is escaped whatever a plan holds.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import CascadeError, InputError, describe_os_error
from . import security
from .workspace import AREAS, Workspace

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "serve"
MAX_FILES = 20
MAX_FIELDS = 2000
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; "
    "form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
NAV = [("/library", "方案库"), ("/diff", "对照"), ("/draft", "起草"), ("/ledger", "台账"),
       ("/audit", "审计")]


class Site:
    """What every page needs: the workspace, the token's CSRF value and the templates."""

    def __init__(self, workspace: Workspace, token: str):
        """Load the page templates into the bounded sandbox."""
        from jinja2 import FileSystemLoader

        from ..render.sandbox import make_environment

        self.ws = workspace
        self.token = token
        self.csrf = security.csrf_for(token)
        self.env = make_environment(loader=FileSystemLoader(str(TEMPLATES)), trim_blocks=True,
                                    lstrip_blocks=True)
        self.jobs: dict[str, object] = {}
        from .. import api

        self.level_names = dict(api.LEVEL_NAMES)

    def page(self, request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        """A page of `template` with the navigation, CSRF value and `errors` ({} by default)."""
        context.setdefault("errors", {})
        context.setdefault("notice", "")
        context.setdefault("level_names", self.level_names)
        html = self.env.get_template(template).render(
            nav=NAV, here=request.url.path, csrf=self.csrf, workspace=str(self.ws.root),
            **context)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    async def form(self, request: Request):
        """The submitted form, refused unless its CSRF field matches this run's."""
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS)
        if not security.csrf_ok(self.token, form.get("csrf")):
            raise Refused(403, security.MESSAGES["csrf"])
        return form


class Refused(Exception):
    """A request refused with a status and one sentence (CSRF, size)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def download(site: Site, area: str, name: str) -> Response:
    """A workspace file as an attachment (looked up by name in its area)."""
    from urllib.parse import quote

    path = site.ws.find(area, name)
    inline = path.suffix.lower() == ".html"
    disposition = "inline" if inline else "attachment"
    headers = {**HEADERS, "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name)}"}
    if inline:
        headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'unsafe-inline'; "
                                              "script-src 'unsafe-inline'; frame-ancestors 'self'")
    return FileResponse(path, headers=headers)


def build(workspace: Workspace, token: str, *, host: str = "127.0.0.1", port: int = 8765):
    """The ASGI app behind the guard."""
    from . import audit_pages, diff_pages, draft_pages, ledger_pages, library_pages

    site = Site(workspace, token)

    async def home(request):
        return RedirectResponse("/library", status_code=303)

    async def files(request):
        area = request.path_params["area"]
        if area not in AREAS:
            raise InputError("没有这个文件夹。")
        return download(site, area, request.path_params["name"])

    routes = [Route("/", home), Route("/files/{area}/{name}", files)]
    for module in (library_pages, diff_pages, draft_pages, ledger_pages, audit_pages):
        routes += module.routes(site)

    async def cascade_error(request, exc):
        return site.page(request, "error.html.j2", status=400, message=str(exc))

    async def refused(request, exc):
        return site.page(request, "error.html.j2", status=exc.status, message=exc.message)

    async def too_large(request, exc):
        return site.page(request, "error.html.j2", status=413, message=security.MESSAGES["size"])

    async def os_error(request, exc):
        return site.page(request, "error.html.j2", status=400, message=describe_os_error(exc))

    async def not_found(request, exc):
        status = getattr(exc, "status_code", 500)
        message = "没有这个页面。" if status == 404 else "请求有误。"
        if status >= 500:
            message = "内部错误，请把操作步骤告诉维护人员（工作区未被改动）。"
        return site.page(request, "error.html.j2", status=status, message=message)

    handlers = {CascadeError: cascade_error, Refused: refused, OSError: os_error,
                security.BodyTooLarge: too_large, 404: not_found, 405: not_found,
                500: not_found, Exception: not_found}
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.site = site
    return security.Guard(app, token=token, hosts=security.allowed_hosts(host, port))


