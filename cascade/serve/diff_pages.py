"""对照: a child plan against its parent, the CLI's diff report with its downloads."""

from __future__ import annotations

import inspect

from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from ..errors import CascadeError, InputError


def stem(name: str) -> str:
    """A workspace file name without its plan suffix (`x.plan.yaml`, `x.txt` → `x`)."""
    for suffix in (".plan.yaml", ".plan.yml", ".plan.json"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name.rsplit(".", 1)[0]


def redline_keyword() -> str | None:
    """The keyword of `api.diff` that writes the Word redline, once that work has landed."""
    from .. import api

    params = inspect.signature(api.diff).parameters
    return next((k for k in ("docx_path", "docx") if k in params), None)


def run_diff(site, child: str, parent: str):
    """`api.diff` of two workspace plans, its JSON, HTML (and Word redline) written to 输出/."""
    from .. import api

    if child == parent:
        raise InputError("下级方案和上级方案是同一份，请选择两份不同的方案。")
    child_path, parent_path = site.ws.find("plans", child), site.ws.find("plans", parent)
    base = f"{stem(child)}-对照-{stem(parent)}"
    out = site.ws.folder("out")
    names = {"json": f"{base}.json", "html": f"{base}.html"}
    options = {"json_path": out / names["json"], "html_path": out / names["html"]}
    if keyword := redline_keyword():
        names["docx"] = f"{base}-修订.docx"
        options[keyword] = out / names["docx"]
    result = api.diff(child_path, parent_path, **options)
    return result, api.diff_summary(result), names


def routes(site) -> list[Route]:
    """The diff page's route."""

    async def page(request):
        q = request.query_params
        child, parent = q.get("child", ""), q.get("parent", "")
        names = site.ws.plan_names()
        if child and not parent:
            parent = site.ws.parents().get(child) or ""
        context = {"names": names, "child": child, "parent": parent, "lines": [],
                   "files": {}, "result": None, "redline": redline_keyword() is not None}
        if child and parent:
            try:
                result, lines, files = await run_in_threadpool(run_diff, site, child, parent)
            except CascadeError as exc:
                return site.page(request, "diff.html.j2", status=400,
                                 errors={"pair": str(exc)}, **context)
            context.update(result=result, lines=lines, files=files)
        return site.page(request, "diff.html.j2", **context)

    return [Route("/diff", page)]
