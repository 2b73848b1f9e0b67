"""Extract, update and compile acupress's message catalogs with Babel.

    python tools/i18n.py            # extract the .pot, update every .po, compile every .mo
    python tools/i18n.py extract    # only src/acupress/locale/acupress.pot
    python tools/i18n.py compile    # only the .mo files, from the .po files as they are
    python tools/i18n.py check      # exit 1, listing why, if a catalog is incomplete or stale
    python tools/i18n.py init fr    # start a new language (then translate its .po and compile)

Messages are the string arguments of ``tr``, ``ntr`` (singular and plural) and ``mark`` in
``src/acupress`` (see ``acupress._i18n``); a comment starting ``i18n:`` just above a message
goes to the translators. The .po files carry no line numbers and no dates, so a change of code
that moves a message changes no catalog, and compiling the same .po always gives the same .mo
(tests/test_i18n.py compiles each .po again and compares).
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "acupress"
LOCALE = PACKAGE / "locale"
DOMAIN = "acupress"
POT = LOCALE / f"{DOMAIN}.pot"
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "tr": None,
    "ntr": (1, 2),
    "mark": None,
    "mark_message": None,  # mark, where a module has a "mark" of its own
}
COMMENT_TAGS = ("i18n:",)
# Fixed, so that the catalogs change only when their messages do.
STAMP = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _catalog(locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        project="acupress",
        version="",
        copyright_holder="The acupress developers",
        msgid_bugs_address="https://github.com/acupress/acupress/issues",
        creation_date=STAMP,
        revision_date=STAMP,
        fuzzy=False,
    )


def extract() -> Catalog:
    """Every message of the code, with where it comes from (file names, no line numbers)."""
    template = _catalog()
    found = extract_from_dir(
        PACKAGE,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        # Babel skips folders starting with "_" by default: acupress's private subpackages.
        directory_filter=lambda path: Path(path).name != "__pycache__",
    )
    for filename, lineno, message, comments, context in found:
        path = (Path("src") / "acupress" / filename).as_posix()
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def _po_text(catalog: Catalog, *, template: bool = False) -> bytes:
    catalog.creation_date = STAMP
    catalog.revision_date = STAMP
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=100,
        include_lineno=False,
        sort_by_file=True,
        ignore_obsolete=True,
        omit_header=False,
    )
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """The compiled catalog: what ``gettext`` reads."""
    catalog.creation_date = STAMP
    catalog.revision_date = STAMP
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def write_template() -> Catalog:
    template = extract()
    LOCALE.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(_po_text(template, template=True))
    return template


def update(template: Catalog) -> None:
    for language in languages():
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        po_path(language).write_bytes(_po_text(catalog))


def compile_all() -> None:
    for language in languages():
        po_path(language).with_suffix(".mo").write_bytes(mo_bytes(read(language)))


def init(language: str) -> None:
    path = po_path(language)
    if path.exists():
        sys.exit(f"{path} exists already: run `python tools/i18n.py` to update it")
    template = extract()
    catalog = _catalog(language)
    catalog.update(template, no_fuzzy_matching=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_po_text(catalog))


def problems() -> list[str]:
    """Why the catalogs are not ready: a message untranslated or fuzzy, a stale .pot or .mo."""
    found = []
    template = extract()
    if not POT.exists() or POT.read_bytes() != _po_text(template, template=True):
        found.append(f"{POT.relative_to(ROOT)}: out of date: run python tools/i18n.py")
    wanted = {m.id for m in template if m.id}
    for language in languages():
        catalog = read(language)
        where = po_path(language).relative_to(ROOT)
        have = {m.id for m in catalog if m.id}
        found.extend(f"{where}: missing {_show(m)}" for m in sorted(wanted - have, key=str))
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                found.append(f"{where}: untranslated {_show(message.id)}")
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{mo.relative_to(ROOT)}: out of date: run python tools/i18n.py compile")
    return found


def _show(msgid: object) -> str:
    return repr(msgid[0] if isinstance(msgid, tuple) else msgid)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command == "extract":
        write_template()
    elif command == "compile":
        compile_all()
    elif command == "init" and len(argv) == 2:
        init(argv[1])
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    elif command == "all":
        update(write_template())
        compile_all()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
