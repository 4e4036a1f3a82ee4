"""CLI commands: diff (being built)."""

COMMANDS = []
