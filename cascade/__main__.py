"""`python -m cascade`: the same as the `cascade` command."""

from .cli import main

main(prog_name="cascade")
