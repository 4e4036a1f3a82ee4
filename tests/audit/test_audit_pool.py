"""audit() on a pool: one pool for both stages, the same result as in-process, small runs serial."""

from __future__ import annotations

import copy
import shutil

import pytest

import cascade.audit as audit_module
from cascade.audit import audit
from cascade.model import save


class _CountingPool(audit_module.ProcessPoolExecutor):
    """The real pool, counting how often one is started."""

    started = 0

    def __init__(self, *args, **kwargs):
        type(self).started += 1
        super().__init__(*args, **kwargs)


@pytest.fixture
def tree(tmp_path, seed_paths, seed_plans):
    """广东 with 梅州 below it and three counties under 梅州, each dropping another task."""
    for name in ("guangdong", "meizhou"):
        shutil.copyfile(seed_paths[name], tmp_path / seed_paths[name].name)
    (tmp_path / "tree.yaml").write_text("plans:\n  meizhou-2023.txt: guangdong-2023.txt\n", "utf-8")
    city = seed_plans["meizhou"]
    for n, drop in enumerate(("1.1", "2.3", "3.8")):
        county = copy.deepcopy(city)
        county.id, county.level, county.region = f"county-{n}", "county", f"某{n}县"
        county.parent = "meizhou-2023.txt"
        for section in county.sections:
            section.tasks = [t for t in section.tasks if t.id != drop]
        save(county, tmp_path / f"county-{n}.plan.json")
    return tmp_path


def _shape(result):
    """Plans and pair results (dataclasses: compared field by field)."""
    return [p.key for p in result.plans], result.pairs, result.warnings


def test_the_pool_starts_once_and_gives_the_serial_result(tree, monkeypatch):
    serial = audit(tree, jobs=1)
    monkeypatch.setattr(audit_module, "POOL_MIN_WORK", 0)
    monkeypatch.setattr(audit_module, "idle_cpus", lambda: 2)
    monkeypatch.setattr(audit_module, "ProcessPoolExecutor", _CountingPool)
    _CountingPool.started = 0
    stages = []
    pooled = audit(tree, jobs=2, progress=lambda stage, done, total: stages.append(stage))
    assert _CountingPool.started == 1
    assert {"load", "diff"} <= set(stages)
    assert len(pooled.pairs) == 7  # 梅州 → 广东, and each county → 梅州 and → 广东 through it
    assert _shape(pooled) == _shape(serial)


def test_a_small_folder_runs_in_this_process(tree, monkeypatch):
    monkeypatch.setattr(audit_module, "idle_cpus", lambda: 2)
    monkeypatch.setattr(audit_module, "ProcessPoolExecutor", _CountingPool)
    _CountingPool.started = 0
    result = audit(tree, jobs=2)
    assert _CountingPool.started == 0
    assert sum(p.view == "direct" for p in result.pairs) == 4


def test_a_busy_machine_gets_no_more_workers_than_it_has_idle_cpus(tree, monkeypatch):
    monkeypatch.setattr(audit_module, "POOL_MIN_WORK", 0)
    monkeypatch.setattr(audit_module, "idle_cpus", lambda: 1)
    monkeypatch.setattr(audit_module, "ProcessPoolExecutor", _CountingPool)
    _CountingPool.started = 0
    result = audit(tree, jobs=4)
    assert _CountingPool.started == 0 and len(result.pairs) == 7


def test_idle_cpus_reads_the_load_average(monkeypatch):
    monkeypatch.setattr(audit_module, "_cpus", lambda: 4)
    for load, idle in ((0.2, 4), (1.0, 4), (2.0, 3), (3.6, 1), (9.0, 1)):
        monkeypatch.setattr(audit_module.os, "getloadavg", lambda load=load: (load, 0.0, 0.0))
        assert audit_module.idle_cpus() == idle
