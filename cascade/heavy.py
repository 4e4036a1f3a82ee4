"""Heavy third-party libraries imported on first use, without what they would drag in."""

from __future__ import annotations

import importlib
import sys


def openpyxl():
    """The openpyxl module, imported so that it does not import numpy.

    openpyxl imports numpy whenever it is installed, only to accept numpy scalars as cell values
    (this project writes none); that cost ~110 ms and started OpenBLAS's threads. numpy is
    hidden for the length of the import when nothing has loaded it yet, and left importable
    afterwards. Call this before any `from openpyxl… import`.
    """
    if "openpyxl" in sys.modules:
        return sys.modules["openpyxl"]
    if "numpy" in sys.modules:
        return importlib.import_module("openpyxl")
    sys.modules["numpy"] = None  # an import of numpy now raises ImportError
    try:
        return importlib.import_module("openpyxl")
    finally:
        if sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]
