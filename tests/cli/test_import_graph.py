"""Each command imports only the heavy libraries it uses (the modules loaded by a real run)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parents[2] / "plans" / "sources"
HEAVY = {"scipy", "numpy", "openpyxl", "docx", "docxtpl", "jinja2"}
# Run one command in a fresh interpreter, then print the top-level packages it loaded.
RUN = """
import json, sys
from cascade.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
"""


def _loaded(*args: str, cwd: Path) -> set[str]:
    """Top-level packages in sys.modules after `cascade ARGS` ran to its end."""
    done = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True,
                          cwd=cwd, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """A folder with the 梅州/广东 sources, their .plan.yaml files and a rendered ledger."""
    folder = tmp_path_factory.mktemp("imports")
    for name in ("meizhou-2023.txt", "guangdong-2023.txt"):
        shutil.copyfile(SOURCES / name, folder / name)
    for name in ("meizhou-2023", "guangdong-2023"):
        subprocess.run([sys.executable, "-m", "cascade", "parse", f"{name}.txt", "-o",
                        f"{name}.plan.yaml"], cwd=folder, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "cascade", "render", "meizhou-2023.plan.yaml", "--xlsx",
                    "ledger.xlsx"], cwd=folder, check=True, capture_output=True)
    return folder


# (arguments, the heavy libraries the command may load)
COMMANDS = [
    (["--help"], set()),
    (["parse", "--help"], set()),
    (["parse", "guangdong-2023.txt", "-o", "out.plan.yaml"], set()),
    (["diff", "meizhou-2023.txt", "guangdong-2023.txt", "--json", "d.json"], set()),
    (["diff", "meizhou-2023.plan.yaml", "guangdong-2023.plan.yaml", "--json", "d.json"], set()),
    (["diff", "meizhou-2023.txt", "guangdong-2023.txt", "--html", "d.html"], {"jinja2"}),
    (["render", "meizhou-2023.plan.yaml", "--xlsx", "x.xlsx"], {"openpyxl"}),
    (["render", "meizhou-2023.plan.yaml", "--docx", "x.docx"], {"docx", "docxtpl", "jinja2"}),
    (["ledger", "update", "meizhou-2023.plan.yaml", "ledger.xlsx"], {"openpyxl"}),
]


@pytest.mark.parametrize(("args", "allowed"), COMMANDS, ids=[" ".join(a) for a, _ in COMMANDS])
def test_a_command_loads_no_heavy_library_it_does_not_use(work, args, allowed):
    loaded = _loaded(*args, cwd=work)
    assert "cascade" in loaded  # the command ran in this interpreter
    assert loaded & HEAVY <= allowed, sorted(loaded & HEAVY - allowed)


def test_numpy_installed_is_still_not_imported(work):
    """openpyxl imports numpy when it can; the ledger path hides it (see cascade.heavy)."""
    pytest.importorskip("numpy")
    loaded = _loaded("render", "meizhou-2023.plan.yaml", "--xlsx", "y.xlsx", cwd=work)
    assert "openpyxl" in loaded and "numpy" not in loaded
    assert (work / "y.xlsx").stat().st_size > 0
