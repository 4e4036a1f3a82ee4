"""CLI commands: derive (being built)."""

COMMANDS = []
