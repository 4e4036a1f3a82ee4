"""Each resource limit: a real file passes it, a hostile one is stopped by it with one sentence."""

from __future__ import annotations

import errno
import os
import random
import zipfile
from pathlib import Path

import pytest
import yaml

from cascade import model
from cascade.errors import CascadeError, InputError, OverridesError
from cascade.sources import zipcheck
from cascade.sources.office import check_office
from cascade.yamlio import MAX_ALIASES, YamlLimitError, safe_dump, safe_load

from .shapes import PARENT, SEED, SOURCES, _docx


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("limits")


def _with_part(src: Path, out: Path, name: str, data: bytes, method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return out


# -- zip entries -----------------------------------------------------------------------------------


def test_a_real_ten_megabyte_plan_with_photos_passes(folder):
    """Photos and seals do not compress; a long body's XML compresses ~10×: all within the caps."""
    rng = random.Random(13)
    out = folder / "photos.docx"
    with zipfile.ZipFile(_docx(folder)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":  # the body of four plans, twice over
                data = data.replace(b"</w:body>", data[data.index(b"<w:body>") + 8:data.index(b"</w:body>")] * 8
                                    + b"</w:body>")
            zout.writestr(info.filename, data)
        for i in range(5):
            zout.writestr(f"word/media/image{i + 1}.jpeg", rng.randbytes(2 * 1024 * 1024))
    assert 9 * 1024 * 1024 < out.stat().st_size < 12 * 1024 * 1024
    assert "word/document.xml" in check_office(out, "docx")


def test_an_entry_is_judged_by_what_it_inflates_to_not_what_it_declares(folder):
    from .shapes import _lying_zip

    liar = Path(_lying_zip(folder)[1])
    with zipfile.ZipFile(liar) as zf:
        assert zf.getinfo("word/document.xml").file_size == 1000
    with pytest.raises(InputError, match="XML.*解压后超过"):
        check_office(liar, "docx")


def test_a_media_entry_of_zeros_is_stopped_by_the_ratio_cap(folder):
    bomb = _with_part(_docx(folder), folder / "zeros.docx", "word/media/image9.png", bytes(60 << 20))
    with pytest.raises(InputError, match="压缩比异常"):
        check_office(bomb, "docx")


def test_the_total_cap_counts_every_entry(folder, monkeypatch):
    monkeypatch.setattr(zipcheck, "MAX_UNZIPPED", 3 * 1024 * 1024)
    rng = random.Random(1)
    many = _with_part(_docx(folder), folder / "many.docx", "word/media/a.bin", rng.randbytes(4 << 20))
    with pytest.raises(InputError, match="解压后超过 3 MB"):
        zipcheck.check_inflated(many, zipfile.ZipFile(many).infolist())


def test_a_stored_entry_is_counted_without_inflating(folder):
    stored = _with_part(_docx(folder), folder / "stored.docx", "word/media/b.bin", b"abc" * 1000,
                        zipfile.ZIP_STORED)
    assert zipcheck.check_inflated(stored, zipfile.ZipFile(stored).infolist()).total > 3000


# -- YAML ------------------------------------------------------------------------------------------


def test_a_few_plain_aliases_load_and_nested_ones_are_refused():
    assert safe_load("a: &x [县司法局]\nb: *x\nc: *x\n") == {"a": ["县司法局"], "b": ["县司法局"], "c": ["县司法局"]}
    with pytest.raises(YamlLimitError, match="层层嵌套的引用") as err:
        safe_load("a: &x [甲, 乙]\nb: &y [*x, *x]\nc: [*y, *y]\n")
    assert err.value.line == 3
    many = "a: &x 甲\nb: [" + ", ".join(["*x"] * (MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(YamlLimitError, match="过多"):
        safe_load(many)


def test_deep_nesting_is_one_sentence_not_a_recursion_error():
    for text in ("a: " + "[" * 2000 + "]" * 2000, "a: " + "{b: " * 500 + "1" + "}" * 500,
                 "".join(f"{'  ' * i}k{i}:\n" for i in range(300)) + "  " * 300 + "v"):
        with pytest.raises(YamlLimitError, match="嵌套层数过深"):
            safe_load(text)
        with pytest.raises(YamlLimitError):
            model.loads(text)
    with pytest.raises(YamlLimitError, match="JSON 嵌套层数过深"):
        model.loads("[" * 100_000 + "]" * 100_000, fmt="json")


@pytest.mark.parametrize("source", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.stem)
def test_libyaml_writes_the_same_bytes_as_pure_pyyaml(source):
    from cascade.parse import parse_file

    data = parse_file(source).to_dict()
    options = dict(allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    class PureTree(yaml.SafeDumper):
        def ignore_aliases(self, data) -> bool:
            return True

    assert safe_dump(data, **options) == yaml.dump(data, Dumper=PureTree, **options)


def test_a_plan_file_names_the_line_of_a_bad_byte_or_a_bad_date(tmp_path, folder):
    from .shapes import plan_yaml

    good = plan_yaml(folder).read_bytes()
    lines = good.split(b"\n")
    lines[9] = lines[9] + b"\xff"
    bad = tmp_path / "bad.plan.yaml"
    bad.write_bytes(b"\n".join(lines))
    with pytest.raises(InputError) as err:
        model.load(bad)
    assert err.value.line == 10 and "UTF-8" in err.value.message


def test_an_explicit_bad_timestamp_in_overrides_is_refused_at_its_line(tmp_path):
    from cascade.derive.overrides import read_overrides

    path = tmp_path / "x.overrides.yaml"
    path.write_text(f'parent: "{PARENT}"\nmetadata:\n  level: county\n  region: 某某县\n'
                    "  date: !!timestamp 2024-02-30\n", encoding="utf-8")
    with pytest.raises(OverridesError) as err:
        read_overrides(path)
    assert err.value.line == 5 and "2024-02-30" in err.value.message


# -- OS errors -------------------------------------------------------------------------------------


def test_disk_full_names_the_file_in_chinese(tmp_path, monkeypatch, seed_plan):
    from cascade.render.xlsx import render_ledger

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    target = tmp_path / "台账.xlsx"
    with pytest.raises(InputError) as err:
        render_ledger(seed_plan, target)
    assert "台账.xlsx" in str(err.value) and "磁盘空间不足" in str(err.value)
    assert "No space" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_no_read_permission_is_said_in_chinese(tmp_path, monkeypatch):
    import cascade.sources as sources

    path = tmp_path / "plan.txt"
    path.write_bytes(SEED.read_bytes())

    def denied(file, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(file))

    monkeypatch.setattr(sources, "open", denied, raising=False)
    with pytest.raises(InputError, match="没有读取权限"):
        sources.read_source(path)


def test_a_read_only_file_is_not_replaced_even_by_root(tmp_path):
    from cascade.fsutil import atomic_write_text

    path = tmp_path / "plan.yaml"
    path.write_text("旧内容", encoding="utf-8")
    os.chmod(path, 0o444)
    with pytest.raises(InputError, match="只读"):
        atomic_write_text(path, "新内容")
    assert path.read_text(encoding="utf-8") == "旧内容"


def test_a_few_bad_bytes_are_read_with_a_warning_on_their_line(tmp_path):
    from cascade.parse import parse_file

    data = bytearray(SEED.read_bytes())
    line_starts = [0] + [i + 1 for i, b in enumerate(data) if b == 10]
    at = data.index("工作".encode(), line_starts[30])
    data[at + 1] ^= 0x40
    path = tmp_path / "flipped.txt"
    path.write_bytes(bytes(data))
    plan = parse_file(path)
    flagged = [w.line for w in plan.warnings if "UTF-8" in w.message]
    assert flagged == [data[:at].count(b"\n") + 1]
    assert len(plan.tasks()) == len(parse_file(SEED).tasks())


def test_many_bad_bytes_refuse_the_file_naming_the_first_line(tmp_path):
    data = SEED.read_bytes()
    cut = data.index(b"\n", 3000) + 1
    path = tmp_path / "mixed.txt"
    path.write_bytes(data[:cut] + "某某县司法局\n".encode("gb18030") * 40 + data[cut:])
    from cascade.sources import read_source

    with pytest.raises(CascadeError) as err:
        read_source(path)
    assert err.value.line == data[:cut].count(b"\n") + 1


@pytest.fixture(scope="module")
def seed_plan():
    from cascade.parse import parse_file

    return parse_file(SEED)


def test_corpus_files_stay_small():
    corpus = Path(__file__).parent / "corpus"
    assert all(p.stat().st_size < 4096 for p in corpus.iterdir())
