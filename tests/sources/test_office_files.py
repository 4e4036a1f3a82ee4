"""Office files that are not what they claim: each refused with its own Chinese sentence, exit 2."""

from __future__ import annotations

import shutil
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from cascade.cli import main
from cascade.errors import InputError, LedgerError
from cascade.ledger import update_ledger
from cascade.render.docx import render_docx
from cascade.render.xlsx import render_ledger
from cascade.sources import read_source
from cascade.sources.office import MAX_UNZIPPED, OLE_MAGIC

OLE_PADDING = b"\0" * 1024


@pytest.fixture(scope="module")
def files(seed_plans, tmp_path_factory):
    """A real .docx and .xlsx of the Kaiping plan, and every kind of bad office file."""
    root = tmp_path_factory.mktemp("office")
    plan = seed_plans["kaiping"]
    good_docx = render_docx(plan, root / "plan.docx")
    render_ledger(plan, root / "ledger.xlsx")
    shutil.copy(good_docx, root / "word-renamed.xlsx")
    (root / "old.xls").write_bytes(OLE_MAGIC + OLE_PADDING)
    (root / "old.doc").write_bytes(OLE_MAGIC + OLE_PADDING)
    name = "EncryptionInfo".encode("utf-16-le")
    (root / "locked.xlsx").write_bytes(OLE_MAGIC + OLE_PADDING + name + OLE_PADDING)
    (root / "locked.docx").write_bytes(OLE_MAGIC + OLE_PADDING + name + OLE_PADDING)
    (root / "empty.xlsx").write_bytes(b"")
    openpyxl.Workbook().save(root / "blank.xlsx")
    (root / "fake.xlsx").write_bytes(b"PK\x03\x04 not a zip at all")
    for bomb, part in (("bomb.docx", "word/document.xml"), ("bomb.xlsx", "xl/workbook.xml")):
        with zipfile.ZipFile(root / bomb, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(part, b"\0" * (MAX_UNZIPPED + 1))
    with zipfile.ZipFile(root / "other.zip.docx", "w") as zf:
        zf.writestr("readme.txt", "hello")
    return root


CASES = [  # file, what the message must say (as PLAN and as LEDGER)
    ("word-renamed.xlsx", "改了扩展名的 Word 文档"),
    ("old.xls", "旧版二进制格式"),
    ("locked.xlsx", "设置了打开密码"),
    ("locked.docx", "设置了打开密码"),
    ("old.doc", "另存为 .docx"),
    ("empty.xlsx", "文件是空的"),
    ("fake.xlsx", "文件已损坏或不是 Excel 表格"),
    ("bomb.docx", "解压后超过"),
    ("bomb.xlsx", "解压后超过"),
    ("other.zip.docx", "这不是 Word 文档"),
]


@pytest.mark.parametrize(("name", "words"), CASES)
def test_bad_office_file_as_plan_is_one_chinese_sentence(files, name, words):
    result = CliRunner().invoke(main, ["render", str(files / name), "--docx",
                                       str(files / "out.docx")])
    assert result.exit_code == 2, result.output
    assert words in result.output and name in result.output
    assert "Traceback" not in result.output and not (files / "out.docx").exists()


@pytest.mark.parametrize(("name", "words"), [c for c in CASES if c[0].endswith("xlsx")])
def test_bad_office_file_as_ledger_is_refused_untouched(files, seed_plans, name, words, tmp_path):
    target = tmp_path / name
    shutil.copy(files / name, target)
    before = target.read_bytes()
    with pytest.raises((LedgerError, InputError), match=words):
        update_ledger(seed_plans["kaiping"], target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_empty_workbook_is_not_a_ledger(files, seed_plans):
    with pytest.raises(LedgerError, match="不是任务台账"):
        update_ledger(seed_plans["kaiping"], files / "blank.xlsx")


def test_a_workbook_named_docx_is_read_by_its_content(files, tmp_path):
    renamed = tmp_path / "ledger.docx"
    shutil.copy(files / "ledger.xlsx", renamed)
    source = read_source(renamed)
    assert source.kind == "xlsx" and any("主要措施" in line for line in source.lines)


def test_a_zip_lying_about_its_sizes_is_refused_without_inflating(files, seed_plans, tmp_path):
    import struct

    part = "xl/worksheets/sheet1.xml"
    out = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(files / "ledger.xlsx") as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (50 << 20), 1)
            dst.writestr(info.filename, data)
    raw = bytearray(out.read_bytes())
    name = part.encode()
    at = raw.find(name)
    while at >= 0:  # declare 5,000 bytes in the local and the central header
        if raw[at - 30:at - 26] == b"PK\x03\x04":
            struct.pack_into("<I", raw, at - 30 + 22, 5000)
        if raw[at - 46:at - 42] == b"PK\x01\x02":
            struct.pack_into("<I", raw, at - 46 + 24, 5000)
        at = raw.find(name, at + 1)
    out.write_bytes(bytes(raw))
    before = out.read_bytes()
    with pytest.raises(LedgerError, match="解压后超过"):
        update_ledger(seed_plans["kaiping"], out)
    assert out.read_bytes() == before
    with pytest.raises(InputError, match="解压后超过"):
        read_source(out)
