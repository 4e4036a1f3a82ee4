"""起草: a form over the parent's tasks that writes the CLI's overrides file, then derives.

The form becomes the `edits` of `api.init` (the commented file `cascade init` writes, filled in),
which is checked by `api.derive` in a temporary folder first: a drop without a reason, a later
date without one, a bad date or an unknown task id is the library's sentence next to its field,
and the workspace stays untouched. Only then are the overrides, the plan, the .docx and the
ledger written into the workspace.
"""

from __future__ import annotations

import datetime as _dt
import re
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from ..errors import CascadeError
from .workspace import clean_stem

UNIT_SPLIT = re.compile(r"[、,，;；\n]+")
TASK_KEY = re.compile(r'^  "([^"]+)":')
# Lines of the overrides file an error can point at, and the form field each belongs to.
META_FIELDS = {"  date:": "date", "  issuer:": "issuer", "  doc_number:": "doc_number",
               "  title:": "title", "add:": "add", "protect:": "protect"}


def _units(text: str) -> list[str]:
    return [u.strip() for u in UNIT_SPLIT.split(text or "") if u.strip()]


def task_edits(task, form) -> dict:
    """The overrides fields of one parent task from its form row (empty: inherited as is)."""
    tid = task.id
    if form.get(f"keep-{tid}") == "drop":
        reason = str(form.get(f"reason-{tid}", "")).strip()
        return {"drop": True, **({"reason": reason} if reason else {})}
    fields: dict = {}
    moves = {}
    for i, deadline in enumerate(task.deadlines):
        new = str(form.get(f"deadline-{tid}-{i}", deadline.text)).strip()
        if new and new != deadline.text:
            moves[deadline.text] = new
    if moves:
        fields["deadlines"] = moves
    later = str(form.get(f"later-{tid}", "")).strip()
    if later:
        fields["allow_later"] = later
    units = _units(str(form.get(f"units-{tid}", "、".join(task.units))))
    if units != list(task.units):
        fields["units"] = units
    text = str(form.get(f"text-{tid}", task.text)).strip()
    if text and text != task.text.strip():
        fields["text"] = text
    return fields


def form_edits(parent, form) -> dict:
    """The `edits` of `api.init` for the whole form."""
    tasks = {t.id: e for t in parent.tasks() if (e := task_edits(t, form))}
    edits: dict = {"tasks": tasks, "metadata": {}}
    for key in ("date", "issuer", "doc_number"):
        value = str(form.get(key, "")).strip()
        if value:
            edits["metadata"][key] = value
    protect = [w.strip() for w in str(form.get("protect", "")).splitlines() if w.strip()]
    if protect:
        edits["protect"] = protect
    title = str(form.get("add-title", "")).strip()
    if title:
        new = {"after": str(form.get("add-after", "")), "title": title,
               "text": str(form.get("add-text", "")).strip() or title}
        units = _units(str(form.get("add-units", "")))
        if units:
            new["units"] = units
        edits["add"] = [new]
    return edits


def error_field(text: str, line: int | None) -> str:
    """The form field an error at `line` of the overrides file belongs to."""
    lines = text.splitlines()
    for i in range(min(line or 0, len(lines)) - 1, -1, -1):
        if m := TASK_KEY.match(lines[i]):
            return f"task:{m.group(1)}"
        for start, name in META_FIELDS.items():
            if lines[i].startswith(start):
                return name
        if lines[i].startswith(("tasks:", "metadata:")):
            break
    return "form"


def _day(text: str) -> _dt.date | None:
    """The form's date for the 文号 year when it is a valid ISO date (derive checks it)."""
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def save(site, form) -> dict:
    """Check the form in a temporary folder, then write overrides, plan, .docx and ledger."""
    from .. import api

    parent_name = str(form.get("parent", ""))
    parent_path = site.ws.find("plans", parent_name)
    parent = site.ws.plan(parent_name)
    name = clean_stem(str(form.get("name", "")))
    options = {"level": str(form.get("level", "")), "region": str(form.get("region", "")),
               "date": _day(str(form.get("date", ""))), "edits": form_edits(parent, form)}
    with tempfile.TemporaryDirectory(prefix="cascade-serve-") as tmp:
        trial = Path(tmp) / f"{name}.overrides.yaml"
        try:
            api.init(parent_path, output=trial, force=True, **options)
            api.derive(trial, Path(tmp) / f"{name}.plan.yaml")
        except CascadeError as exc:
            field = error_field(trial.read_text("utf-8"), exc.line) if trial.exists() else "form"
            raise DraftError(field, exc) from exc
    with site.ws.lock:
        overrides = site.ws.folder("plans") / f"{name}.overrides.yaml"
        api.init(parent_path, output=overrides, force=True, **options)
        out = api.default_derive_output(overrides)
        plan = api.derive(overrides, out)
        docx = site.ws.folder("out") / f"{name}.docx"
        xlsx = site.ws.folder("ledgers") / f"{name}-任务台账.xlsx"
        api.render(plan, docx=docx, xlsx=xlsx)
    tasks = plan.tasks()
    return {"plan": plan, "tasks": len(tasks), "added": sum(1 for t in tasks if not t.derived_from),
            "omitted": len(plan.omitted), "files": {"overrides": overrides.name, "plan": out.name,
                                                     "docx": docx.name, "xlsx": xlsx.name}}


class DraftError(Exception):
    """A library error tied to the form field it concerns."""

    def __init__(self, field: str, exc: CascadeError):
        super().__init__(exc.message)
        self.field, self.message = field, exc.message


def routes(site) -> list[Route]:
    """The drafting page's routes."""
    from .. import api

    def context(values) -> dict:
        parent = None
        name = values.get("parent", "")
        if name:
            parent = site.ws.plan(name)
        region = values.get("region", "")
        return {"names": site.ws.plan_names(), "levels": [(lv, api.LEVEL_NAMES.get(lv, lv))
                                                         for lv in api.LEVELS],
                "parent": parent, "v": values, "result": None,
                "default_name": f"{region}-{_dt.date.today().year}" if region else ""}

    async def page(request):
        values = dict(request.query_params)
        try:
            ctx = await run_in_threadpool(context, values)
        except CascadeError as exc:
            ctx = await run_in_threadpool(context, {})
            return site.page(request, "draft.html.j2", status=400, errors={"parent": str(exc)},
                             **ctx)
        return site.page(request, "draft.html.j2", **ctx)

    async def submit(request):
        form = await site.form(request)
        values = {k: str(v) for k, v in form.multi_items()}
        try:
            result = await run_in_threadpool(save, site, form)
        except DraftError as exc:
            ctx = await run_in_threadpool(context, values)
            return site.page(request, "draft.html.j2", status=400,
                             errors={exc.field: exc.message, "form": exc.message}, **ctx)
        except CascadeError as exc:
            ctx = await run_in_threadpool(context, values)
            return site.page(request, "draft.html.j2", status=400, errors={"form": str(exc)},
                             **ctx)
        ctx = await run_in_threadpool(context, values)
        ctx["result"] = result
        return site.page(request, "draft.html.j2", **ctx)

    return [Route("/draft", page), Route("/draft/save", submit, methods=["POST"])]
