"""CLI commands: render (being built)."""

COMMANDS = []
