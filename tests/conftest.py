"""Shared fixtures: the bundled source documents."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "plans" / "sources"
SEEDS = {
    "guangdong": SOURCES / "guangdong-2023.txt",
    "meizhou": SOURCES / "meizhou-2023.txt",
    "kaiping": SOURCES / "kaiping-2024.txt",
    "suizhou": SOURCES / "suizhou-2024.txt",
}


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    """Paths of the four bundled source texts, by short name."""
    return dict(SEEDS)


@pytest.fixture(scope="session")
def seed_plans():
    """The four bundled sources parsed once per test session, by short name."""
    from cascade.parse import parse_file

    return {name: parse_file(path) for name, path in SEEDS.items()}
