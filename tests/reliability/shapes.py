"""The hostile and careless inputs of issue 13, each built small in a folder, as `cascade` argv.

Each shape writes its files under a work folder and returns the arguments of one `cascade`
command and the exit codes allowed (0 read, 2 refused with one sentence). Large inputs are
built here (a 100 MB zip entry compresses to ~100 KB), never stored. The stored, hand-written
ones live in `corpus/`. Used by the fuzz test and by `bench/soak.py`.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "plans" / "sources"
CORPUS = Path(__file__).resolve().parent / "corpus"
SEED = SOURCES / "kaiping-2024.txt"  # a county plan with a task table: text, units, deadlines
PARENT = SOURCES / "guangdong-2023.txt"
OK, REFUSED = frozenset({0}), frozenset({2})


@dataclass(frozen=True)
class Shape:
    """One input: `build(folder)` writes it and returns the cascade arguments."""

    name: str
    build: Callable[[Path], list[str]]
    codes: frozenset[int] = REFUSED


# -- shared files --------------------------------------------------------------------------------


def plan_yaml(folder: Path) -> Path:
    """The seed plan saved as .plan.yaml in `folder` (once)."""
    out = folder / "seed.plan.yaml"
    if not out.exists():
        from cascade import model
        from cascade.parse import parse_file

        model.save(parse_file(SEED), out)
    return out


def ledger(folder: Path) -> Path:
    """The seed plan's ledger .xlsx in `folder` (once)."""
    out = folder / "seed.xlsx"
    if not out.exists():
        from cascade import model
        from cascade.render.xlsx import render_ledger

        render_ledger(model.load(plan_yaml(folder)), out)
    return out


def _rezip(src: Path, out: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of the zip `src` with each part passed through `edit` (None drops it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return out


def _with_sheet_xml(folder: Path, name: str, edit: Callable[[bytes], bytes]) -> Path:
    sheet = "xl/worksheets/sheet1.xml"
    return _rezip(ledger(folder), folder / name, lambda n, d: edit(d) if n == sheet else d)


def _docx(folder: Path) -> Path:
    """The seed plan rendered as .docx (once)."""
    out = folder / "seed.docx"
    if not out.exists():
        from cascade import model
        from cascade.render.docx import render_docx

        render_docx(model.load(plan_yaml(folder)), out)
    return out


# -- spreadsheets ---------------------------------------------------------------------------------


def far_cell(folder: Path) -> Path:
    """The ledger with one note typed at XFD1048576 (22 KB; 17 billion cells as a rectangle)."""
    import openpyxl

    out = folder / "far.xlsx"
    wb = openpyxl.load_workbook(ledger(folder))
    wb.worksheets[0]["XFD1048576"] = "备注：已核实，按期推进"
    wb.save(out)
    return out


def _merge_bomb(folder: Path) -> list[str]:
    def edit(xml: bytes) -> bytes:
        at = xml.find(b"<mergeCells")
        merge = b'<mergeCell ref="A200:XFD1048576"/>'
        if at < 0:
            return xml.replace(b"</sheetData>", b"</sheetData><mergeCells count=\"1\">" + merge + b"</mergeCells>")
        end = xml.index(b">", at) + 1
        return xml[:end] + merge + xml[end:]

    return ["parse", str(_with_sheet_xml(folder, "merged.xlsx", edit))]


def _many_cells(folder: Path) -> list[str]:
    rows = b"".join(b'<row r="%d"><c r="A%d"/><c r="B%d"/></row>' % (i, i, i) for i in range(300, 200_300))
    return ["parse", str(_with_sheet_xml(folder, "cells.xlsx",
                                         lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>")))]


def _huge_dimension(folder: Path) -> list[str]:
    def edit(xml: bytes) -> bytes:
        start = xml.find(b"<dimension")
        end = xml.index(b">", start) + 1
        return xml[:start] + b'<dimension ref="A1:XFD1048576"/>' + xml[end:]

    return ["parse", str(_with_sheet_xml(folder, "dimension.xlsx", edit))]


# -- Word files -------------------------------------------------------------------------------------


def _lying_zip(folder: Path) -> list[str]:
    """A .docx whose document.xml declares 1,000 bytes and inflates to 100 MB."""
    body = zlib.compressobj(1, zlib.DEFLATED, -15)
    chunk = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 30000
    raw = b"".join(body.compress(chunk) for _ in range(100)) + body.flush()
    out = folder / "liar.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(_docx(folder)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("word/document.xml", b"x" * 1000)
    data = bytearray(buf.getvalue())
    local = data.rfind(b"PK\x03\x04", 0, data.find(b"PK\x01\x02"))
    name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
    start, old = local + 30 + name_len + extra_len, struct.unpack_from("<I", data, local + 18)[0]
    data[start:start + old] = raw
    struct.pack_into("<I", data, local + 18, len(raw))
    central = data.find(b"PK\x01\x02", start + len(raw))
    while central >= 0:  # the last central record is the one for document.xml
        last = central
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, last + 20, len(raw))
    eocd = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, eocd + 16, struct.unpack_from("<I", data, eocd + 16)[0] + len(raw) - old)
    out.write_bytes(bytes(data))
    return ["parse", str(out)]


def _big_xml(folder: Path) -> list[str]:
    """A valid .docx with 40 MB of paragraphs (under the old 200 MB cap)."""
    para = "<w:p><w:r><w:t>各地要建立健全行政执法工作体系，按期完成各项任务。</w:t></w:r></w:p>".encode()
    filler = para * (40 * 1024 * 1024 // len(para))
    out = _rezip(_docx(folder), folder / "big.docx",
                 lambda n, d: d.replace(b"</w:body>", filler + b"</w:body>") if n == "word/document.xml" else d)
    return ["parse", str(out)]


def _real_text() -> str:
    return "".join(p.read_text("utf-8") for p in sorted(SOURCES.glob("*.txt")))


def _long_docx(folder: Path) -> list[str]:
    """A valid .docx of 12 MB XML holding the four real plans forty times over (~100万字)."""
    from xml.sax.saxutils import escape

    block = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>"
                    for line in _real_text().splitlines() if line.strip()).encode()
    filler = block * (12 * 1024 * 1024 // len(block))
    out = _rezip(_docx(folder), folder / "long.docx",
                 lambda n, d: d.replace(b"</w:body>", filler + b"</w:body>") if n == "word/document.xml" else d)
    return ["parse", str(out)]


def _no_body(folder: Path) -> list[str]:
    def edit(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        start, end = data.index(b"<w:body>"), data.index(b"</w:body>") + len(b"</w:body>")
        return data[:start] + data[end:]

    return ["parse", str(_rezip(_docx(folder), folder / "nobody.docx", edit))]


# -- templates --------------------------------------------------------------------------------------


def _template_shape(tag: str) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        from xml.sax.saxutils import escape

        from cascade.render.docx import DEFAULT_TEMPLATE

        def edit(name: str, data: bytes) -> bytes:
            if name == "word/document.xml":
                data = data.replace(b"{{ title }}", ("{{ title }}" + escape(tag)).encode())
            return data

        template = _rezip(DEFAULT_TEMPLATE, folder / "user.docx", edit)
        return ["render", str(plan_yaml(folder)), "--docx", str(folder / "out.docx"),
                "--template", str(template)]

    return build


def template_tags() -> list[str]:
    """The hostile template tags of the stored corpus, one per line."""
    return [t for t in (CORPUS / "templates.txt").read_text("utf-8").splitlines()
            if t and not t.startswith("#")]


# -- plans and overrides ---------------------------------------------------------------------------


def _stored(name: str, command: str) -> Callable[[Path], list[str]]:
    """A stored corpus file, copied beside the seed plan it names as parent."""

    def build(folder: Path) -> list[str]:
        plan_yaml(folder)
        target = folder / name
        target.write_bytes((CORPUS / name).read_bytes())
        if command == "derive":
            return ["derive", str(target), "-o", str(folder / "derived.plan.yaml")]
        return [command, str(target)]

    return build


def _written(name: str, text: Callable[[Path], str | bytes], command: str = "check") -> Callable:
    def build(folder: Path) -> list[str]:
        data = text(folder)
        target = folder / name
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if command == "derive":
            return ["derive", str(target), "-o", str(folder / "derived.plan.yaml")]
        return [command, str(target)]

    return build


_OVERRIDES_HEAD = 'parent: "seed.plan.yaml"\nmetadata: {level: county, region: 某某县}\n'


def _plan_alias_bomb(folder: Path) -> str:
    bomb = "x0: &a0 [执法, 执法, 执法, 执法, 执法, 执法, 执法, 执法, 执法]\n" + "".join(
        f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))
    return plan_yaml(folder).read_text("utf-8").replace("preamble:", bomb + "preamble:", 1)


def _long_title(folder: Path) -> str:
    import re

    title = "关于印发《全面提升行政执法质量三年行动计划实施方案》的通知" * 10
    return re.sub(r"(?m)^title: .*$", f"title: {title}", plan_yaml(folder).read_text("utf-8"), count=1)


def _flipped(folder: Path) -> bytes:
    data = bytearray(SEED.read_bytes())
    at = data.index("行政执法".encode()) + 1
    data[at] ^= 0x40
    return bytes(data)


def _render(name: str, text: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        target = folder / name
        target.write_text(text(folder), encoding="utf-8")
        return ["render", str(target), "--docx", str(folder / "out.docx")]

    return build


# -- files the system refuses -------------------------------------------------------------------------


def _symlink_loop(folder: Path) -> list[str]:
    a, b = folder / "a.txt", folder / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    return ["parse", str(a)]


def _read_only_target(folder: Path) -> list[str]:
    out = folder / "read-only.xlsx"
    out.write_bytes(ledger(folder).read_bytes())
    os.chmod(out, 0o444)
    return ["render", str(plan_yaml(folder)), "--xlsx", str(out)]


def _audit_with_broken(folder: Path) -> list[str]:
    tree = folder / "tree"
    tree.mkdir()
    (tree / "parent.txt").write_bytes(PARENT.read_bytes())
    (tree / "child.txt").write_bytes(SOURCES.joinpath("meizhou-2023.txt").read_bytes())
    (tree / "bomb.plan.yaml").write_text(_plan_alias_bomb(folder), encoding="utf-8")
    (tree / "bad.plan.yaml").write_bytes(b"sections: [\xff\xfe\n")
    (tree / "tree.yaml").write_text("plans:\n  child.txt: parent.txt\n  bomb.plan.yaml: parent.txt\n", "utf-8")
    return ["audit", str(tree)]


SHAPES: list[Shape] = [
    Shape("xlsx-far-cell-parse", lambda f: ["parse", str(far_cell(f))], OK),
    Shape("xlsx-far-cell-ledger-update",
          lambda f: ["ledger", "update", str(plan_yaml(f)), str(far_cell(f))], OK),
    Shape("xlsx-merged-to-XFD1048576", _merge_bomb),
    Shape("xlsx-200k-cells", _many_cells),
    Shape("xlsx-declared-dimension-XFD1048576", _huge_dimension, OK),
    Shape("docx-lying-zip-entry", _lying_zip),
    Shape("docx-40MB-xml", _big_xml),
    Shape("docx-without-body", _no_body),
    Shape("docx-12MB-of-real-text", _long_docx),
    Shape("text-4MB-of-real-plans", _written("long.txt", lambda f: _real_text() * 40, "parse")),
    *(Shape(f"template-{i}", _template_shape(tag), OK | REFUSED) for i, tag in enumerate(template_tags(), 1)),
    Shape("render-title-300-chars", _render("long-title.plan.yaml", _long_title)),
    Shape("overrides-alias-key-bomb", _stored("alias-key-bomb.overrides.yaml", "derive")),
    Shape("overrides-bad-timestamp", _stored("timestamp.overrides.yaml", "derive")),
    Shape("overrides-2000-deep", _written("deep.overrides.yaml",
                                          lambda f: _OVERRIDES_HEAD + "vocabulary: " + "[" * 2000 + "]" * 2000,
                                          "derive")),
    Shape("overrides-3MB-vocabulary", _written("big.overrides.yaml",
                                               lambda f: _OVERRIDES_HEAD + "vocabulary: {全省: " + "全市" * 1_500_000 + "}",
                                               "derive")),
    Shape("overrides-100k-protect", _written("protect.overrides.yaml", lambda f: _OVERRIDES_HEAD + "protect: ["
                                             + ", ".join(f"词{i}" for i in range(100_000)) + "]", "derive")),
    Shape("plan-alias-bomb-check", _written("bomb.plan.yaml", _plan_alias_bomb)),
    Shape("plan-alias-bomb-diff", lambda f: ["diff", _written("bomb.plan.yaml", _plan_alias_bomb)(f)[1],
                                             str(PARENT)]),
    Shape("plan-2000-deep", _written("deep.plan.yaml", lambda f: "sections: " + "[" * 2000 + "]" * 2000)),
    Shape("plan-bad-timestamp", _written("ts.plan.yaml", lambda f: plan_yaml(f).read_text("utf-8").replace(
        "date: ", "date: !!timestamp 2024-02-30\nx_date: ", 1))),
    Shape("text-60000-numerals", _written("numerals.txt", lambda f: "一" * 60_000, "parse")),
    Shape("text-600KB-numerals-in-a-plan", _written(
        "numerals-plan.txt", lambda f: SEED.read_text("utf-8").replace("。", "。" + "一" * 200_000 + "年", 1),
        "parse"), OK),
    Shape("text-flipped-byte", _written("flipped.txt", _flipped, "parse"), OK),
    Shape("text-binary", _written("binary.txt", lambda f: bytes(range(256)) * 64, "parse")),
    Shape("text-empty", _written("empty.txt", lambda f: b"", "parse")),
    Shape("text-mixed-encodings", _written("mixed.txt", lambda f: SEED.read_bytes()[:4000] + "某某县司法局".encode(
        "gb18030") * 50 + SEED.read_bytes()[4000:], "parse")),
    Shape("source-symlink-loop", _symlink_loop),
    Shape("output-read-only-by-mode-bits", _read_only_target),
    Shape("audit-with-unreadable-plans", _audit_with_broken, OK),
]
