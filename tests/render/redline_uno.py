"""Drive LibreOffice through Python-UNO (run with the system python3 that has python3-uno).

    python3 redline_uno.py accept IN.docx OUT.txt   # accept all tracked changes, save as text
    python3 redline_uno.py reject IN.docx OUT.txt   # reject all, save as text
    python3 redline_uno.py pdf IN.docx OUT.pdf      # PDF with comments printed in the margin

A private soffice is started on a pipe with its own profile and stopped afterwards.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def prop(name, value):
    """A com.sun.star.beans.PropertyValue."""
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    """The desktop of the soffice listening on `pipe`, retried while it starts."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            time.sleep(0.25)
    raise RuntimeError("soffice did not start")


def main(action, src, out):
    pipe = f"redline{uuid.uuid4().hex[:8]}"
    profile = tempfile.mkdtemp(prefix="lo-uno-")
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        doc = None
        for _ in range(5):  # a fresh profile makes soffice restart once while it starts
            ctx, desktop = connect(pipe)
            try:
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)),
                                                   "_blank", 0, (prop("Hidden", True),))
            except Exception:
                time.sleep(1)
                continue
            if doc is not None:
                break
            time.sleep(1)
        if doc is None:
            raise RuntimeError(f"soffice could not open {src}")
        url = uno.systemPathToFileUrl(os.path.abspath(out))
        if action == "pdf":
            data = uno.Any("[]com.sun.star.beans.PropertyValue",
                           (prop("ExportNotesInMargin", True),))
            doc.storeToURL(url, (prop("FilterName", "writer_pdf_Export"), prop("FilterData", data)))
        else:
            helper = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", ctx)
            helper.executeDispatch(doc.getCurrentController().getFrame(), COMMANDS[action], "", 0, ())
            doc.storeToURL(url, (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(office.pid, 9)  # the wrapper and the soffice.bin it started
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
