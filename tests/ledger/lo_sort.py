"""Run by /usr/bin/python3 (Debian python3-uno): type into a ledger's 排序筛选 sheet and sort it
by 截止日期 in LibreOffice itself, then save as .xlsx — what a clerk does in Calc.

usage: lo_sort.py LEDGER.xlsx OUT.xlsx EDITS.json PROFILE_DIR
EDITS.json: {"measure key": {"column header": "text"}}
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(src, out, edits_path, profile):
    edits = json.load(open(edits_path, encoding="utf-8"))
    pipe = f"cascade-sort-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.2)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)),
                                           "_blank", 0, (prop("Hidden", True),))
        sheet = doc.Sheets.getByName("排序筛选")
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last_row, last_col = cursor.RangeAddress.EndRow, cursor.RangeAddress.EndColumn
        header = {sheet.getCellByPosition(c, 1).getString(): c for c in range(last_col + 1)}
        key_col = header["措施编号"]
        for r in range(2, last_row + 1):
            key = sheet.getCellByPosition(key_col, r).getString()
            for column, text in edits.get(key, {}).items():
                sheet.getCellByPosition(header[column], r).setString(text)
        area = sheet.getCellRangeByPosition(0, 2, last_col, last_row)
        field = uno.createUnoStruct("com.sun.star.table.TableSortField")
        field.Field = header["截止日期"]
        field.IsAscending = False
        descriptor = area.createSortDescriptor()
        for p in descriptor:
            if p.Name == "SortFields":
                p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        area.sort(descriptor)
        order = [sheet.getCellByPosition(key_col, r).getString() for r in range(2, last_row + 1)]
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                       (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        print(json.dumps(order, ensure_ascii=False))
    finally:
        office.terminate()
        office.wait(timeout=60)


if __name__ == "__main__":
    main(*sys.argv[1:5])
