"""CLI commands: ledger (being built)."""

COMMANDS = []
