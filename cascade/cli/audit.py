"""CLI commands: audit (being built)."""

COMMANDS = []
