"""Hypothesis fuzzing of the readers, the YAML loaders and the template sandbox.

The promise under test: whatever the input, the library returns or raises a CascadeError (the
CLI's exit 2) — never another exception (the catch-all exit 70) — and does so quickly.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cascade.errors import CascadeError

from .shapes import SEED

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SEED_BYTES = SEED.read_bytes()
# Pieces a careless copy or a hostile sender puts into a plan: real phrases of the genre, runs
# of numerals and brackets, control bytes, other encodings, YAML syntax.
CHUNKS = [
    "（一）加强行政执法队伍建设。".encode(), "2024年6月底前".encode(), "一二三四五六七八九十".encode() * 50,
    "责任单位：市司法局、各县（市、区）人民政府".encode(), "（".encode() * 300, b"\x00\x01\x02",
    b"\xff\xfe", b"\xef\xbb\xbf", "某某县司法局".encode("gb18030"), b"\r\n" * 50, b"\t" * 100,
    b"&a [*a]", b"!!python/object:os.system", b"{{ 7*7 }}", b" " * 5000,
]


def _mutated(data: bytes, edits) -> bytes:
    out = bytearray(data)
    for kind, where, value in edits:
        at = where % (len(out) + 1)
        if kind == "flip" and out:
            out[at % len(out)] ^= 1 << (value % 8)
        elif kind == "cut":
            del out[at: at + value * 37]
        else:
            out[at:at] = CHUNKS[value % len(CHUNKS)] * (1 + value % 7)
    return bytes(out)


EDITS = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert"]), st.integers(0, 1 << 20),
                           st.integers(0, 200)), min_size=1, max_size=12)


def _reads_or_refuses(call) -> float:
    """Run `call`; only a CascadeError may escape. Returns the seconds it took."""
    start = time.perf_counter()
    try:
        call()
    except CascadeError as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip()
    return time.perf_counter() - start


@SETTINGS
@given(edits=EDITS)
def test_a_mutated_plan_text_is_parsed_or_refused(tmp_path, edits):
    from cascade.parse import parse_file

    path = tmp_path / "plan.txt"
    path.write_bytes(_mutated(SEED_BYTES, edits))
    assert _reads_or_refuses(lambda: parse_file(path)) < 10


@SETTINGS
@given(edits=EDITS)
def test_a_mutated_plan_file_is_loaded_or_refused(tmp_path, seed_yaml, edits):
    from cascade.api import load_plan

    path = tmp_path / "plan.plan.yaml"
    path.write_bytes(_mutated(seed_yaml, edits))
    assert _reads_or_refuses(lambda: load_plan(path)) < 10


YAML_TOKENS = st.sampled_from([
    "a: ", "- ", "[", "]", "{", "}", ", ", "\n", "  ", "&x ", "*x", "&y ", "*y", "<<: *x\n",
    "!!timestamp 2024-02-30", "!!int 0x", "!!float 1e999", "!!binary ===", "!!python/name:os.system",
    "? ", ": ", "'", '"', "parent: seed.plan.yaml\n", "metadata: {level: county, region: 某某县}\n",
    "vocabulary: ", "protect: ", "tasks: ", '"1.1": ', "drop: true", "reason: 本县未设此机构",
    "units: [县司法局, 各乡镇人民政府]", "deadlines: {2024年6月底前: 2024年3月底前}", "2024年6月底前", "\t",
])


@SETTINGS
@given(tokens=st.lists(YAML_TOKENS, max_size=80), depth=st.integers(0, 3000))
def test_random_overrides_are_read_or_refused(tmp_path, tokens, depth):
    from cascade.derive.overrides import read_overrides

    path = tmp_path / "x.overrides.yaml"
    path.write_text("".join(tokens) + "[" * depth, encoding="utf-8")
    assert _reads_or_refuses(lambda: read_overrides(path)) < 10


TEMPLATE_PIECES = st.sampled_from([
    "{% for i in range(N) %}", "{% endfor %}", "{{ 'x' * N }}", "{{ title|indent(N) }}",
    "{{ title|wordwrap(1) }}", "{{ title|center(N) }}", "{% set a = title ~ title %}{{ a }}",
    "{{ '%Ns' % title }}", "{{ '{:>N}'.format(title) }}", "{{ title.replace('', title) }}",
    "{{ title|replace('', title) }}", "{{ range(N)|list|length }}", "{{ title|length }}",
    "{{ [title] * N }}", "{{ title ~ title ~ title }}", "{% if title %}", "{% endif %}",
])


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(pieces=st.lists(TEMPLATE_PIECES, max_size=10), n=st.sampled_from([1, 99, 9999, 99999, 999999]))
def test_random_templates_render_within_budget(pieces, n):
    from jinja2 import TemplateError as JinjaError

    from cascade.render.sandbox import make_environment, template_error

    source = "".join(pieces).replace("N", str(n))
    env = make_environment()
    start = time.perf_counter()
    try:
        out = env.from_string(source).render(title="关于印发行政执法质量提升实施方案的通知" * 3)
        assert len(out) <= 30_000_000
    except (JinjaError, ArithmeticError, TypeError, ValueError, RecursionError) as exc:
        assert template_error(exc, "user.docx").message
    assert time.perf_counter() - start < 8


CELLS = st.lists(st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384),
                           st.sampled_from(["已完成", "2024年6月底前", "市司法局", "=1+1", "合计", "进度情况"])),
                 max_size=12)


@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cells=CELLS, merge=st.tuples(st.integers(1, 400), st.integers(1, 40)))
def test_a_ledger_with_cells_anywhere_reads_in_bounds(tmp_path, seed_xlsx, cells, merge):
    import openpyxl

    from cascade.sources import read_source

    wb = openpyxl.load_workbook(seed_xlsx)
    ws = wb.worksheets[0]
    for row, col, value in cells:
        ws.cell(row, col, value)
    rows, cols = merge
    ws.merge_cells(start_row=300, start_column=1, end_row=300 + rows, end_column=cols)
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    assert _reads_or_refuses(lambda: read_source(path)) < 10


@pytest.fixture(scope="module")
def seed_yaml(tmp_path_factory) -> bytes:
    from .shapes import plan_yaml

    return plan_yaml(tmp_path_factory.mktemp("seed")).read_bytes()


@pytest.fixture(scope="module")
def seed_xlsx(tmp_path_factory) -> Path:
    from .shapes import ledger

    return ledger(tmp_path_factory.mktemp("seed"))
