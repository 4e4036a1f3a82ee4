"""The seed diffs the compare tests share: 梅州 and 开平 against 广东, computed once."""

from __future__ import annotations

import pytest

from cascade.compare import diff_plans


@pytest.fixture(scope="session")
def meizhou(seed_plans):
    """梅州 (city) against 广东 (province)."""
    return diff_plans(seed_plans["meizhou"], seed_plans["guangdong"])


@pytest.fixture(scope="session")
def kaiping(seed_plans):
    """开平 (county-level city) against 广东."""
    return diff_plans(seed_plans["kaiping"], seed_plans["guangdong"])
