"""``python -m acupress``: the same command line as ``acupress``."""

from ._cli import run

if __name__ == "__main__":
    run()
