"""审计: the coverage matrix of the workspace tree, run in the background with a progress page."""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.routing import Route

from ..errors import InputError

OUTPUTS = {"html": "审计-覆盖矩阵.html", "xlsx": "审计-覆盖矩阵.xlsx", "json": "审计结果.json"}


def audit_work(site):
    """The job body: `api.audit` of 方案/, its three matrices written to 输出/."""
    from .. import api

    def work(job):
        out = site.ws.folder("out")
        result = api.audit(site.ws.folder("plans"), html_path=out / OUTPUTS["html"],
                           xlsx_path=out / OUTPUTS["xlsx"], json_path=out / OUTPUTS["json"],
                           jobs=1, progress=job.progress)
        return result.summary_lines(), dict(OUTPUTS)

    return work


def routes(site) -> list[Route]:
    """The audit routes, and the job page that long work of any page shares."""
    from .jobs import Jobs

    site.jobs = Jobs()

    async def page(request):
        return site.page(request, "audit.html.j2", plans=len(site.ws.plan_names()))

    async def start(request):
        await site.form(request)
        job = site.jobs.start("审计", audit_work(site))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def job_page(request):
        job = site.jobs.get(request.path_params["job"])
        if job is None:
            raise InputError("没有这项任务（服务重启后，请重新开始）。")
        status = 400 if job.error else 200
        return site.page(request, "job.html.j2", status=status, job=job)

    async def job_status(request):
        from starlette.responses import JSONResponse

        job = site.jobs.get(request.path_params["job"])
        if job is None:
            raise InputError("没有这项任务。")
        return JSONResponse({"finished": job.finished, "percent": job.percent,
                             "stage": job.stage_name, "done": job.done, "total": job.total})

    return [Route("/audit", page), Route("/audit/start", start, methods=["POST"]),
            Route("/jobs/{job}", job_page), Route("/jobs/{job}/status", job_status)]
