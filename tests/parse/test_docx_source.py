"""A .docx holding a seed's text (one paragraph per line) parses like the text itself."""

from __future__ import annotations

import pytest

from cascade.check import check_plan
from cascade.parse import parse_file

SEED_NAMES = ("guangdong", "meizhou", "kaiping", "suizhou")


def _shape(plan):
    """What must survive the change of container: ids, units, implementers, deadlines, measures."""
    tasks = [
        (t.id, t.number, t.title, t.units, t.implementers,
         [(d.text, d.kind, d.date, d.dates) for d in t.deadlines])
        for t in plan.tasks()
    ]
    measures = [(m.id, m.label, m.units, [(d.kind, d.date) for d in m.deadlines])
                for m in plan.measures()]
    return plan.title, plan.doc_number, plan.level, tasks, measures


def _docx_from_lines(lines, path):
    """A Word file with one paragraph per non-blank line (tabs kept as Word tab characters)."""
    import docx

    document = docx.Document()
    for line in lines:
        if line.strip():
            document.add_paragraph(line)
    document.save(str(path))
    return path


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_docx_parses_like_the_text(seed, seed_paths, seed_plans, tmp_path):
    lines = seed_paths[seed].read_text(encoding="utf-8").splitlines()
    path = _docx_from_lines(lines, tmp_path / f"{seed}.docx")
    from_docx = parse_file(path)
    from_text = seed_plans[seed]
    assert [t.id for t in from_docx.tasks()] == [t.id for t in from_text.tasks()]
    assert _shape(from_docx) == _shape(from_text)
    # and `cascade check` finds the same things (lines differ: the .docx has no blank lines)
    found = [[(f.code, f.task_id, f.measure_label) for f in check_plan(p)]
             for p in (from_docx, from_text)]
    assert found[0] == found[1]


def test_docx_tabs_typed_are_kept_and_tab_stops_ignored(tmp_path):
    import docx
    from docx.shared import Cm

    from cascade.sources import read_source

    document = docx.Document()
    typed = document.add_paragraph("重点任务\t具体任务\t完成时限")
    typed.paragraph_format.tab_stops.add_tab_stop(Cm(4))
    stops_only = document.add_paragraph("（一）全面提升行政执法人员能力素质")
    stops_only.paragraph_format.tab_stops.add_tab_stop(Cm(2))
    path = tmp_path / "tabs.docx"
    document.save(str(path))
    assert read_source(path).lines[:2] == ["重点任务\t具体任务\t完成时限", "（一）全面提升行政执法人员能力素质"]
