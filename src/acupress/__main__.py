"""``python -m acupress``: the command line."""

from ._cli.app import run

run()
