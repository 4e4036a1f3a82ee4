"""plan-cascade: parse, cascade, render and audit implementation plans."""

__version__ = "0.1.0"
