"""台账: render a plan's ledger, update an uploaded filled-in ledger, roll ledgers up (collect)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse
from starlette.routing import Route

from ..errors import CascadeError
from ..fsutil import atomic_write_bytes
from .diff_pages import stem
from .forms import save_upload, say
from .workspace import clean_upload_name

LEDGER_SUFFIXES = (".xlsx",)


def collect_function():
    """`api.ledger_collect` (ledger roll-up) once that work has landed, else None."""
    from .. import api

    return getattr(api, "ledger_collect", None) or getattr(api, "collect", None)


def render_ledger(site, plan_name: str) -> str:
    """`api.render` of a plan's ledger into 台账/; returns the file name."""
    from .. import api

    path = site.ws.find("plans", plan_name)
    name = f"{stem(plan_name)}-任务台账.xlsx"
    api.render(path, xlsx=site.ws.folder("ledgers") / name)
    return name


def update_ledger(site, plan_name: str, staged: Path):
    """`api.ledger_update` on a staged copy; then the new ledger and its backup move in."""
    from .. import api

    result = api.ledger_update(site.ws.find("plans", plan_name), staged)
    with site.ws.lock:
        atomic_write_bytes(site.ws.folder("ledgers") / result.backup.name,
                           result.backup.read_bytes())
        atomic_write_bytes(site.ws.folder("ledgers") / staged.name, staged.read_bytes())
    return result


def collect(site, plan_name: str, ledgers: list[str]):
    """`api.collect` of chosen workspace ledgers under a plan, the 汇总 workbook into 输出/."""
    run = collect_function()
    paths = [site.ws.find("ledgers", n) for n in ledgers]
    name = f"{stem(plan_name)}-台账汇总.xlsx"
    result = run(site.ws.find("plans", plan_name), paths,
                 output=site.ws.folder("out") / name)
    if hasattr(result, "summary_lines"):
        return result.summary_lines(), {"xlsx": name}
    children, tasks = getattr(result, "children", ()), getattr(result, "tasks", ())
    return [f"已汇总 {len(children)} 份下级台账，上级任务 {len(tasks)} 项。"], {"xlsx": name}


def routes(site) -> list[Route]:
    """The ledger page's routes."""

    async def page(request, status=200, errors=None, chosen="", **extra):
        return site.page(request, "ledger.html.j2", status=status, errors=errors or {},
                         chosen=chosen,
                         names=site.ws.plan_names(),
                         ledgers=site.ws.names("ledgers", LEDGER_SUFFIXES),
                         can_collect=collect_function() is not None, **extra)

    async def index(request):
        return await page(request)

    async def render(request):
        form = await site.form(request)
        try:
            name = await run_in_threadpool(render_ledger, site, str(form.get("plan", "")))
        except CascadeError as exc:
            return await page(request, 400, {"render": str(exc)})
        return await page(request, rendered=name, chosen=str(form.get("plan", "")))

    async def update(request):
        form = await site.form(request)
        upload = form.get("ledger")
        if not hasattr(upload, "filename"):
            return await page(request, 400, {"update": "没有选择台账文件。"})
        with tempfile.TemporaryDirectory(prefix="cascade-serve-") as tmp:
            try:
                name = clean_upload_name(upload.filename, LEDGER_SUFFIXES)
                staged = await save_upload(upload, Path(tmp), name)
                result = await run_in_threadpool(update_ledger, site, str(form.get("plan", "")),
                                                 staged)
            except CascadeError as exc:
                message = say(exc, upload.filename) if exc.path else str(exc)
                return await page(request, 400, {"update": message})
        return await page(request, chosen=str(form.get("plan", "")), updated={"name": name, "backup": result.backup.name,
                                            "measures": result.measures,
                                            "typed": result.typed_values,
                                            "kept": result.kept, "new": result.new,
                                            "moved": result.moved})

    async def start_collect(request):
        form = await site.form(request)
        if collect_function() is None:
            return await page(request, 400, {"collect": "此版本尚不支持台账汇总。"})
        plan_name = str(form.get("plan", ""))
        chosen = [str(n) for n in form.getlist("ledgers")]
        try:
            site.ws.find("plans", plan_name)
            for n in chosen:
                site.ws.find("ledgers", n)
            if not chosen:
                raise CascadeError("请至少选择一份下级台账。")
        except CascadeError as exc:
            return await page(request, 400, {"collect": str(exc)})
        job = site.jobs.start("台账汇总", lambda job: collect(site, plan_name, chosen))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    return [Route("/ledger", index), Route("/ledger/render", render, methods=["POST"]),
            Route("/ledger/update", update, methods=["POST"]),
            Route("/ledger/collect", start_collect, methods=["POST"])]
