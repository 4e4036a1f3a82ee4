"""Zip-bomb check: inflate every entry of an office zip as a stream, counting real bytes, not declared ones."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

# A real plan of 10 MB (photos, seals, a long body) inflates to ~15–40 MB, its XML to a few MB.
MAX_UNZIPPED = 200 * 1024 * 1024  # all entries together, as really inflated
MAX_XML_BYTES = 16 * 1024 * 1024  # XML parts (.xml, .rels) together: what lxml and openpyxl parse
MAX_RATIO = 200  # inflated / compressed, checked once an entry passes RATIO_FLOOR
RATIO_FLOOR = 8 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_CELLS = 300_000  # cells written in all worksheets of an .xlsx (openpyxl holds each in memory)
MAX_MERGED_AREA = 1_000_000  # cells covered by merged ranges in all worksheets together
_CELL_TAGS = (b"<c ", b"<c>", b":c ", b":c>")
_MERGE = re.compile(rb'mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})"')
_CHUNK = 1 << 16
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_XML_SUFFIXES = (".xml", ".rels", ".vml")


@dataclass
class Inflated:
    """What a zip really holds once inflated."""

    total: int = 0
    xml: int = 0
    cells: int = 0
    merged: int = 0


def _refuse(path: Path, message: str) -> InputError:
    return InputError(message, path=path)


def _mb(n: int) -> int:
    return n // 1024 // 1024


def _data_offset(fh, info: zipfile.ZipInfo, path: Path) -> int:
    """Where an entry's compressed bytes start (after its local header)."""
    fh.seek(info.header_offset)
    head = fh.read(_LOCAL_HEADER.size)
    if len(head) < _LOCAL_HEADER.size or head[:4] != b"PK\x03\x04":
        raise _refuse(path, "文件已损坏（压缩包的条目头有误），无法打开。")
    fields = _LOCAL_HEADER.unpack(head)
    return info.header_offset + _LOCAL_HEADER.size + fields[9] + fields[10]


def _inflate(fh, info: zipfile.ZipInfo, path: Path, budget: int, scan: _SheetScan | None = None) -> int:
    """Inflate one entry in bounded chunks; return its real size, stopping past `budget` bytes."""
    fh.seek(_data_offset(fh, info, path))
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        if scan is not None:
            _scan_stored(fh, left, scan)
        return left
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise _refuse(path, f"文件使用了不支持的压缩方式（{info.compress_type}），请在 Word/Excel 或 WPS 中另存后再试。")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    while left > 0 and not inflater.eof:
        data = fh.read(min(_CHUNK, left))
        if not data:
            break
        left -= len(data)
        while data:
            out = inflater.decompress(data, _CHUNK)
            size += len(out)
            if size > budget:
                return size
            if scan is not None:
                scan.feed(out)
            data = inflater.unconsumed_tail
    try:
        size += len(inflater.flush())
    except zlib.error:
        pass
    return size


class _SheetScan:
    """Counts a worksheet's cells and merged area from its XML as it streams by, in whole tags.

    openpyxl creates an object for every cell of a merged range on load, so one
    `<mergeCell ref="A1:XFD1048576"/>` in a 1 KB file would cost billions of them.
    """

    def __init__(self):
        self.cells = 0
        self.merged = 0
        self._tail = b""

    def feed(self, data: bytes) -> None:
        data = self._tail + data
        cut = data.rfind(b">") + 1
        done, self._tail = data[:cut], data[cut:][-4096:]
        self.cells += sum(done.count(tag) for tag in _CELL_TAGS)
        for m in _MERGE.finditer(done):
            c1, r1, c2, r2 = m.groups()
            self.merged += (abs(int(r2) - int(r1)) + 1) * (abs(_column(c2) - _column(c1)) + 1)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _scan_stored(fh, left: int, scan: _SheetScan) -> None:
    while left > 0:
        data = fh.read(min(_CHUNK, left))
        if not data:
            return
        left -= len(data)
        scan.feed(data)


def check_inflated(path: str | Path, infos: list[zipfile.ZipInfo]) -> Inflated:
    """Inflate each entry as a stream and refuse, with a Chinese sentence, what passes the caps.

    A declared size is never trusted: an entry claiming 1,000 bytes that inflates to 1 GB is
    stopped as soon as the real count passes a cap, without holding more than one chunk.
    """
    path = Path(path)
    if len(infos) > MAX_ENTRIES:
        raise _refuse(path, f"压缩包内的条目过多（{len(infos)} 个，上限 {MAX_ENTRIES} 个），已拒绝读取。")
    seen = Inflated()
    try:
        with open(path, "rb") as fh:
            for info in infos:
                is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
                budget = min(MAX_UNZIPPED - seen.total, (MAX_XML_BYTES - seen.xml) if is_xml else MAX_UNZIPPED)
                scan = _SheetScan() if info.filename.lower().startswith("xl/worksheets/") else None
                real = _inflate(fh, info, path, budget, scan)
                seen.cells += scan.cells if scan else 0
                seen.merged += scan.merged if scan else 0
                if seen.merged > MAX_MERGED_AREA:
                    raise _refuse(path, f"表格中合并单元格覆盖的范围过大（超过 {MAX_MERGED_AREA:,} 格的上限），已拒绝读取；请取消整行整列的合并后再试。")
                if seen.cells > MAX_CELLS:
                    raise _refuse(path, f"表格的单元格过多（超过 {MAX_CELLS:,} 个的上限），已拒绝读取；请删去不用的行列后再试。")
                seen.total += real
                seen.xml += real if is_xml else 0
                if seen.xml > MAX_XML_BYTES:
                    raise _refuse(path, f"文件中的文字部分（XML）解压后超过 {_mb(MAX_XML_BYTES)} MB 的上限，已拒绝读取。")
                if seen.total > MAX_UNZIPPED:
                    raise _refuse(path, f"文件解压后超过 {_mb(MAX_UNZIPPED)} MB 的上限，已拒绝读取。")
                if real > RATIO_FLOOR and real > MAX_RATIO * max(info.compress_size, 1):
                    raise _refuse(path, f"文件中“{info.filename}”的压缩比异常（超过 {MAX_RATIO} 倍），疑似压缩炸弹，已拒绝读取。")
                if real != info.file_size:
                    raise _refuse(path, f"文件已损坏：压缩包中“{info.filename}”的实际大小与声明不符，无法打开。")
    except zlib.error as exc:
        raise _refuse(path, "文件已损坏（压缩数据有误），无法打开。") from exc
    return seen
