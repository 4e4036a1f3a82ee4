"""方案库: upload plan documents, see each one's parsed summary and tasks, set its parent."""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse
from starlette.routing import Route

from ..errors import CascadeError
from ..fsutil import atomic_write_bytes
from .forms import save_upload, say
from .workspace import clean_upload_name


def summaries(site) -> list[dict]:
    """One row per plan in 方案/: its parsed summary, or the sentence why it does not parse."""
    parents = site.ws.parents()
    rows = []
    for name in site.ws.plan_names():
        row = {"name": name, "parent": parents.get(name), "error": "", "plan": None}
        try:
            row["plan"] = site.ws.plan(name)
        except CascadeError as exc:
            row["error"] = say(exc, name)
        rows.append(row)
    return rows


def routes(site) -> list[Route]:
    """The library's routes."""

    async def library(request, errors=None, status=200, notice=""):
        try:
            tree_error = ""
            rows = await run_in_threadpool(summaries, site)
        except CascadeError as exc:
            rows, tree_error = [], str(exc)
        return site.page(request, "library.html.j2", status=status, rows=rows,
                         errors=errors or ({"tree": tree_error} if tree_error else {}),
                         notice=notice, names=site.ws.plan_names())

    async def upload(request):
        form = await site.form(request)
        files = [f for f in form.getlist("files") if hasattr(f, "filename")]
        if not files:
            return await library(request, {"files": "没有选择文件。"}, 400)
        staged = []
        with tempfile.TemporaryDirectory(prefix="cascade-serve-") as tmp:
            for upload_file in files:
                try:
                    name = clean_upload_name(upload_file.filename)
                    path = await save_upload(upload_file, Path(tmp), name)
                    await run_in_threadpool(_parse, path)
                except CascadeError as exc:
                    shown = getattr(upload_file, "filename", None) or None
                    message = say(exc, shown) if exc.path else str(exc)
                    return await library(request, {"files": message}, 400)
                staged.append((name, path.read_bytes()))
            with site.ws.lock:
                for name, data in staged:
                    atomic_write_bytes(site.ws.folder("plans") / name, data)
        names = "、".join(n for n, _ in staged)
        return RedirectResponse(f"/library?added={len(staged)}#{names}", status_code=303)

    async def set_parent(request):
        form = await site.form(request)
        child = str(form.get("child", ""))
        parent = str(form.get("parent", "")) or None
        try:
            await run_in_threadpool(site.ws.set_parent, child, parent)
        except CascadeError as exc:
            key = f"parent:{child}" if child in site.ws.plan_names() else "tree"
            return await library(request, {key: str(exc)}, 400)
        return RedirectResponse("/library", status_code=303)

    async def show(request):
        name = request.query_params.get("name", "")
        plan = await run_in_threadpool(site.ws.plan, name)
        return site.page(request, "plan.html.j2", name=name, plan=plan)

    async def index(request):
        added = request.query_params.get("added")
        return await library(request, notice=f"已上传 {added} 份方案。" if added else "")

    return [Route("/library", index), Route("/library/upload", upload, methods=["POST"]),
            Route("/library/parent", set_parent, methods=["POST"]), Route("/library/plan", show)]


def _parse(path: Path) -> None:
    """Parse an uploaded file with the CLI's reader (raises its CascadeError)."""
    from .. import api

    api.parse(path)
