"""``acupress new-pack NAME``: a complete pack distribution to start from.

What it writes validates (with no warning), installs with pip and passes its own tests, so an
author changes a working pack instead of assembling one from the docs:

    NAME/
    ├── pyproject.toml            the entry point in ``acupress.packs``, named NAME
    ├── README.md
    ├── src/acupress_pack_NAME/
    │   ├── __init__.py
    │   ├── pack.toml             one reference, condition, indication, dosing, routine, red flag
    │   └── py.typed
    └── tests/test_pack.py        with ``acupress.testing`` (its pytest plugin needs no conftest)

The example content is deliberately plain (LI4 for the condition, by tradition) and every part
says what to replace.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .__about__ import __version__

__all__ = ["PACK_NAME", "new_pack", "pack_name_problem"]

PACK_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_MAX_NAME = 40


def pack_name_problem(name: str) -> str | None:
    """What is wrong with ``name`` as a new pack's id, or None when nothing is."""
    if not PACK_NAME.fullmatch(name):
        return (
            f"{name!r} is not a pack id: use lower-case letters, digits and single hyphens, "
            "starting with a letter (like neck-pain)"
        )
    if len(name) > _MAX_NAME:
        return f"{name!r} is longer than {_MAX_NAME} characters"
    if name in ("acupress", "core", "tradition", "consensus"):
        return f"{name!r} is a word acupress itself uses: choose another pack id"
    return None


def _supported() -> str:
    """The range of acupress versions a new pack declares: this one up to the next major."""
    major, minor = (int(part) for part in __version__.split(".")[:2])
    return f">={major}.{minor},<{major + 1}"


def new_pack(
    name: str,
    directory: str | os.PathLike[str] = ".",
    *,
    author: str | None = None,
) -> Path:
    """Write a new pack distribution ``directory/name`` and return its folder.

    Raises ValueError for a name that is not a pack id and FileExistsError when the folder
    exists (nothing is ever overwritten); the message says which.
    """
    problem = pack_name_problem(name)
    if problem is not None:
        raise ValueError(problem)
    parent = Path(directory)
    if not parent.is_dir():
        raise FileNotFoundError(f"{str(parent)!r} is not a folder")
    root = parent / name
    if root.exists():
        raise FileExistsError(f"{str(root)!r} already exists: choose another name or --dir")
    module = "acupress_pack_" + name.replace("-", "_")
    who = author or f"The {name} pack authors"
    files = {
        "pyproject.toml": _PYPROJECT,
        "README.md": _README,
        f"src/{module}/__init__.py": '"""The {name} content pack for acupress: see pack.toml."""\n',
        f"src/{module}/pack.toml": _PACK,
        f"src/{module}/py.typed": "",
        "tests/test_pack.py": _TESTS,
    }
    values = {
        "name": name,
        "module": module,
        "title": name.replace("-", " ").capitalize(),
        "author": who.replace("\\", "\\\\").replace('"', '\\"'),
        "supported": _supported(),
        "condition": name,
    }
    root.mkdir()
    for relative, template in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
    return root


_PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
name = "acupress-pack-{name}"
version = "0.1.0"
description = "The {name} content pack for acupress."
readme = "README.md"
license = "CC-BY-4.0"
requires-python = ">=3.11"
authors = [{{ name = "{author}" }}]
dependencies = ["acupress{supported}"]

[project.optional-dependencies]
test = ["pytest>=8"]

# acupress finds the pack through this entry point: its name must be the pack's id.
[project.entry-points."acupress.packs"]
{name} = "{module}"

[tool.hatch.build.targets.wheel]
packages = ["src/{module}"]

[tool.pytest.ini_options]
pythonpath = ["src"]
testpaths = ["tests"]
"""

_README = """\
# acupress-pack-{name}

A content pack for [acupress](https://github.com/acupress/acupress): which points may help with
{title}, on what evidence, how to press them, and which answers mean "see a clinician instead".
It is data, in `src/{module}/pack.toml`.

```sh
pip install -e '.[test]'          # acupress finds the pack once it is installed
acupress validate .               # every problem, with its line; --strict fails on warnings
pytest                            # the pack's own tests (tests/test_pack.py)
acupress routines {condition}     # the pack's ready-made routine
acupress guide --routine {name}-starter --speed 10
```

Before publishing, replace the example content: cite the studies and guidelines you rely on,
word each claim as its evidence allows, and ask the red-flag questions your guideline lists.
See "Writing a pack" in the acupress documentation.
"""

_PACK = """\
# The {name} pack for acupress (schema 1). Every part below is an example to replace: it is
# deliberately plain, and `acupress validate .` checks whatever you change.

schema = 1
id = "{name}"
name = "{title}"
version = "0.1.0"
summary = "Self-acupressure for {title}. Say honestly what the evidence is: here, tradition only."
license = "CC-BY-4.0"
authors = ["{author}"]
acupress = "{supported}"

# A source the pack cites. Give its kind honestly (review, guideline, trial, article, book) and
# a DOI, PMID or URL; `studied` says what it studied.
[[references]]
id = "umn-acupressure"
kind = "article"
title = "Acupressure for self-care"
authors = ["University of Minnesota, Earl E. Bakken Center for Spirituality & Healing"]
source = "Taking Charge of Your Health & Wellbeing (University of Minnesota)"
url = "https://takingcharge.csh.umn.edu/survivorship/acupressure-self-care"
note = "Cited for the dosing: short holds, firm but never painful. It tests no point."

[[references]]
id = "nhs-999"
kind = "article"
title = "When to call 999"
authors = ["NHS"]
source = "NHS website"
url = "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/"
note = "Cited for the red-flag question: which symptoms need emergency help."

[[conditions]]
id = "{condition}"
name = "{title}"
description = "Describe the condition in plain words: what it is, not what acupressure does for it."

# Why a point is used, on what basis: a reference id, or "tradition" for a claim with no study.
[[indications]]
point = "LI4"
condition = "{condition}"
why = "Traditionally pressed for pain in general; no study of it for this condition is cited."
references = ["tradition"]
priority = 3

# How to press it: seconds per side, technique, position.
[[dosing]]
point = "LI4"
technique = {{ method = "hold", contact = "thumb-and-finger", pressure = "moderate" }}
min_seconds = 30
max_seconds = 60
position = "sitting"
references = ["umn-acupressure"]
note = "Squeeze the web between thumb and index finger, firmly but never painfully."

# A ready-made routine: `acupress guide --routine {name}-starter` plays it, checked for the
# person like every routine. The position is a field of each step; the technique (here left
# out) defaults to a moderate hold with the thumb.
[[routines]]
id = "{name}-starter"
name = "{title}, one minute"
conditions = ["{condition}"]
description = "One point on both hands, sitting down. Stop if anything hurts."
steps = [
  {{ point = "LI4", seconds = 30, sides = "both", position = "sitting", note = "A steady hold." }},
]

# A red flag: asked before self-care; a "yes" here means seeing a clinician instead.
[[screening]]
id = "{name}-emergency"
condition = "{condition}"
text = "Do you have chest pain, trouble breathing, or sudden weakness on one side of the body?"
flag_on = "yes"
urgency = "emergency"
advice = "Call emergency services now. Do not use acupressure."
references = ["nhs-999"]
"""

_TESTS = '''\
"""Tests of the {name} pack, with the helpers of ``acupress.testing``.

acupress installs a pytest plugin, so the ``fake_pack`` and ``pack_library`` fixtures need no
conftest.py. Run ``pytest`` from the distribution's folder (``pythonpath = ["src"]`` in
pyproject.toml finds the package before it is installed, too).
"""

from importlib.resources import files

import acupress
from acupress.testing import assert_valid_pack

# Wherever the package keeps it (src layout, flat layout, installed): the package's own file.
PACK = files("{module}") / "pack.toml"


def test_the_pack_is_valid():
    assert_valid_pack(PACK, strict=True)  # every problem and warning, one per line


def test_the_routines_pass_the_safety_check(pack_library):
    library = pack_library(PACK)
    for _pack, template in library.routines():
        report = acupress.check(template, acupress.Profile(), library=library)
        assert report.routine.steps, template.id
        # The check applies the core rules to pack routines like any other: LI4, for one,
        # is left out in pregnancy.
        pregnant = acupress.check(template, acupress.Profile(pregnant=True), library=library)
        assert "LI4" not in pregnant.routine.points


def test_a_yes_to_the_red_flag_is_an_emergency(pack_library):
    library = pack_library(PACK)
    result = acupress.screen("{condition}", {{"{name}-emergency": "yes"}}, library=library)
    assert result.urgency.value == "emergency"


def test_the_pack_is_found_when_installed(fake_pack):
    fake_pack(PACK.read_text(encoding="utf-8"), name="{name}")
    library = acupress.load()
    assert "{condition}" in library.conditions
'''
