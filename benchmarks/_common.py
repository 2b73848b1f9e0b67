"""Shared by the benchmark scripts."""

from __future__ import annotations

import compileall
import os


def compile_bytecode() -> None:
    """Write acupress's bytecode, as installing a wheel does.

    An editable install in an environment with PYTHONDONTWRITEBYTECODE set would otherwise
    compile every module from source in every measured process, which no installed copy does.
    """
    import acupress

    compileall.compile_dir(os.path.dirname(acupress.__file__), quiet=1)
