"""The CLI starts fast: heavy libraries are imported only by the commands that need them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("docx", "docxtpl", "openpyxl", "scipy", "rapidfuzz", "jinja2", "yaml", "diff_match_patch")


def test_importing_the_cli_loads_no_heavy_library():
    code = "import sys, cascade.cli; print(' '.join(sorted(m for m in sys.modules if '.' not in m)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                text=True).stdout.split())
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
