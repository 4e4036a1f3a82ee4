"""Text reader: every seed in every supported encoding reads to the same lines; bad files refused."""

from __future__ import annotations

import os

import pytest

from cascade.errors import InputError
from cascade.sources import read_source

ENCODINGS = [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("gb18030", b"", "gb18030"),
    ("gbk", b"", "gb18030"),  # GBK is a subset of GB18030: read as the superset
    ("utf-16-le", b"\xff\xfe", "utf-16-le"),
    ("utf-16-be", b"\xfe\xff", "utf-16-be"),
    ("utf-16-le", b"", "utf-16-le"),  # no BOM: told by where the NUL bytes sit
    ("utf-16-be", b"", "utf-16-be"),
]
SEED_NAMES = ("guangdong", "meizhou", "kaiping", "suizhou")


@pytest.fixture(scope="module")
def utf8_lines(seed_paths):
    """Each seed's lines as read from the bundled UTF-8 file."""
    return {name: read_source(path).lines for name, path in seed_paths.items()}


@pytest.mark.parametrize("seed", SEED_NAMES)
@pytest.mark.parametrize(("codec", "bom", "detected"), ENCODINGS,
                         ids=[f"{c}{'-bom' if b else ''}" for c, b, _ in ENCODINGS])
def test_seed_reads_identically_in_every_encoding(seed, codec, bom, detected, seed_paths,
                                                  utf8_lines, tmp_path):
    text = seed_paths[seed].read_text(encoding="utf-8")
    path = tmp_path / f"{seed}.txt"
    path.write_bytes(bom + text.encode(codec))
    source = read_source(path)
    assert source.encoding == detected
    assert source.lines == utf8_lines[seed]
    assert not source.lines[0].startswith("\ufeff")


def test_crlf_line_ends_read_like_lf(seed_paths, utf8_lines, tmp_path):
    text = seed_paths["kaiping"].read_text(encoding="utf-8")
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    assert read_source(path).lines == utf8_lines["kaiping"]


def _refused(path, *words):
    with pytest.raises(InputError) as info:
        read_source(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message
    return message


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(bytes(range(256)) * 8)
    _refused(path, "二进制")


def test_random_bytes_are_refused(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(os.urandom(4096))
    _refused(path)


def test_empty_and_blank_files_are_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _refused(empty, "空")
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\n\u3000\n", encoding="utf-8")
    _refused(blank, "没有任何文字")


@pytest.mark.parametrize(
    ("codec", "text"),
    [("cp1252", "Le café où j’ai mangé était très élégant, déjà.\n" * 5),
     ("koi8_r", "Съешь же ещё этих мягких французских булок, да выпей чаю.\n" * 5)],
)
def test_unknown_encoding_is_refused(tmp_path, codec, text):
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(text.encode(codec))
    _refused(path, "编码")


def test_missing_file_and_folder_are_refused(tmp_path):
    _refused(tmp_path / "nope.txt", "不存在")
    _refused(tmp_path, "文件夹")


def test_utf8_bom_with_broken_bytes_is_refused(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "实施方案".encode() + b"\xff\xfe\xfd")
    _refused(path, "utf-8-sig")
