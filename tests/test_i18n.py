"""A second language: every message through acupress's own gettext catalog, German complete.

The catalogs are checked against the code (every message extracted by Babel has a German
translation with the same placeholders), the shipped .mo against its .po, and the switch itself:
``LANGUAGE``, ``set_language`` and ``use_language`` change what acupress says, in-process and in
a subprocess, without touching gettext's global state, and English stays the default.
"""

from __future__ import annotations

import builtins
import gettext
import importlib.util
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, strategies as st

import acupress
from acupress import _i18n

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("acupress_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _tool()


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No language asked for anywhere: what a person with no locale gets."""
    for variable in ENVIRONMENT:
        monkeypatch.delenv(variable, raising=False)
    acupress.set_language(None)
    yield
    acupress.set_language(None)


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LANGUAGE", "de")
    acupress.set_language(None)
    yield
    acupress.set_language(None)


# -- the catalogs -------------------------------------------------------------------------------

_BRACES = re.compile(r"\{[^{}]*\}")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")


def placeholders(text: str) -> tuple[list[str], list[str]]:
    return sorted(_BRACES.findall(text)), sorted(_PERCENT.findall(text))


def test_placeholders_are_found() -> None:
    # The check below sees what it compares.
    assert placeholders("{a} and %s, %(n)d%%") == (["{a}"], ["%%", "%(n)d", "%s"])


def test_every_message_of_the_code_has_a_german_translation() -> None:
    template = TOOL.extract()
    wanted = {m.id for m in template if m.id}
    assert len(wanted) > 50, "Babel found few messages: are the keywords still tr, ntr, mark?"
    catalog = TOOL.read("de")
    have = {m.id: m for m in catalog if m.id}
    missing = sorted(str(w) for w in wanted - set(have))
    assert missing == []
    problems = []
    for msgid, message in have.items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for text in strings:
            if placeholders(text) != placeholders(ids[-1]) and placeholders(text) != placeholders(
                ids[0]
            ):
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert problems == []


def test_the_template_and_the_compiled_catalogs_are_current() -> None:
    assert TOOL.problems() == []
    for language in TOOL.languages():
        po = TOOL.po_path(language)
        assert po.with_suffix(".mo").read_bytes() == TOOL.mo_bytes(TOOL.read(language))


def test_the_compiled_catalog_is_in_the_package() -> None:
    # The wheel takes every file under src/acupress; nothing may ignore the .mo files.
    mo = Path(_i18n.LOCALE_DIR) / "de" / "LC_MESSAGES" / "acupress.mo"
    assert mo.is_file()
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(mo)], cwd=ROOT, check=False, capture_output=True
    )
    assert ignored.returncode == 1, "the .mo is git-ignored: it would not be committed or built"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["src/acupress"]' in pyproject


def test_the_check_finds_an_untranslated_message_and_a_stale_mo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    locale = tmp_path / "src" / "acupress" / "locale"
    shutil.copytree(TOOL.LOCALE, locale)
    monkeypatch.setattr(TOOL, "ROOT", tmp_path)
    monkeypatch.setattr(TOOL, "LOCALE", locale)
    monkeypatch.setattr(TOOL, "POT", locale / "acupress.pot")
    assert TOOL.problems() == []
    catalog = TOOL.read("de")
    first = next(m for m in catalog if m.id)
    first.string = ""
    TOOL.po_path("de").write_bytes(TOOL._po_text(catalog))
    found = TOOL.problems()
    assert f"src/acupress/locale/de/LC_MESSAGES/acupress.po: untranslated {first.id!r}" in found
    assert "src/acupress/locale/de/LC_MESSAGES/acupress.mo: out of date" in " ".join(found)


# -- switching ----------------------------------------------------------------------------------


def test_english_is_the_default_and_byte_for_byte(english: None) -> None:
    assert acupress.current_language() == "en"
    for message in TOOL.extract():
        if message.id:
            singular = message.id[0] if isinstance(message.id, tuple) else message.id
            assert _i18n.tr(singular) == singular


def test_language_switches_with_the_environment(german: None) -> None:
    assert acupress.current_language() == "de"
    with pytest.raises(acupress.UnknownPointError) as caught:
        acupress.load().point("XX99")
    assert str(caught.value).startswith("kein Punkt passt zu 'XX99'")


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LC_MESSAGES": "de_AT"}, "de"),
        ({"LANGUAGE": "fr:de", "LANG": "en_US.UTF-8"}, "de"),  # the first with a catalog
        ({"LANGUAGE": "en:de"}, "en"),  # English first: no catalog needed, English it is
        ({"LC_ALL": "C", "LANG": "de_DE"}, "en"),  # gettext takes the first variable set
        ({"LANGUAGE": "", "LANG": "de_DE"}, "de"),  # an empty variable counts as unset
        ({"LC_ALL": "C.UTF-8", "LANG": "de_DE"}, "en"),  # the plain locale, with a codeset
        ({"LANGUAGE": "C.UTF-8:de"}, "en"),
        ({"LANGUAGE": "POSIX@euro:de"}, "en"),
    ],
)
def test_the_environment_is_read_in_gettexts_order(
    english: None, monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert acupress.current_language() == expected


def test_set_language_overrides_the_environment_until_unset(german: None) -> None:
    acupress.set_language("en")
    assert acupress.current_language() == "en"
    assert "no point matches" in _message_of(lambda: acupress.load().point("XX99"))
    acupress.set_language(None)
    assert acupress.current_language() == "de"


def test_use_language_is_scoped_to_the_block(english: None) -> None:
    with acupress.use_language("de") as used:
        assert used == "de"
        assert "kein Punkt" in _message_of(lambda: acupress.load().point("XX99"))
        with acupress.use_language("en"):
            assert acupress.current_language() == "en"
        assert acupress.current_language() == "de"
    assert acupress.current_language() == "en"
    with acupress.use_language(None) as used:  # None: as it is
        assert used == "en"


def test_a_language_without_a_catalog_is_english(english: None) -> None:
    with acupress.use_language("fr") as used:
        assert used == "en"
        assert "no point matches" in _message_of(lambda: acupress.load().point("XX99"))


@pytest.mark.parametrize("bad", ["", "deutsch!", "de DE", "../../etc", ":"])
def test_a_bad_language_code_is_one_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a language code"):
        acupress.set_language(bad)
    with pytest.raises(ValueError, match="is not a language code"), acupress.use_language(bad):
        pass


def test_a_language_that_is_not_text_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="expected a language code"):
        acupress.set_language(3)  # type: ignore[arg-type]


@given(st.text(max_size=12))
def test_any_text_is_a_language_or_a_clear_error(text: str) -> None:
    # Whatever is asked for, acupress speaks English or German, or refuses the code with a
    # ValueError: never a path outside its own catalogs, never a crash.
    try:
        context = acupress.use_language(text)
        used = context.__enter__()
    except ValueError as exc:
        refused = str(exc)
    else:
        refused = ""
        assert used in ("en", "de")
        assert acupress.current_language() == used
        context.__exit__(None, None, None)
    assert not refused or "is not a language code" in refused


def test_threads_keep_their_own_language(english: None) -> None:
    results: dict[str, set[str]] = {"de": set(), "en": set()}
    lock = threading.Lock()

    def speak(language: str) -> None:
        with acupress.use_language(language):
            for _ in range(200):
                text = _message_of(lambda: acupress.load().point("XX99"))
                with lock:
                    results[language].add(text.split(" ")[0])

    threads = [threading.Thread(target=speak, args=(lang,)) for lang in ("de", "en") * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {"de": {"kein"}, "en": {"no"}}
    assert acupress.current_language() == "en"


def test_no_global_gettext_state_is_changed(german: None) -> None:
    had_underscore = hasattr(builtins, "_")
    before = builtins.__dict__.get("_")
    domain = gettext.textdomain()
    acupress.load().resolve("hegu")
    _message_of(lambda: acupress.load().point("XX99"))
    with acupress.use_language("de"):
        _i18n.tr("Release slowly.")
    assert hasattr(builtins, "_") is had_underscore
    assert builtins.__dict__.get("_") is before
    assert gettext.textdomain() == domain
    assert "acupress" not in getattr(gettext, "_localedirs", {})


def _message_of(action: object) -> str:
    assert callable(action)
    try:
        action()
    except acupress.AcupressError as exc:
        return str(exc)
    raise AssertionError("no error")


# -- the command line and the cost of importing -------------------------------------------------


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    env.update(extra, ACUPRESS_NO_PACKS="1")
    return env


def test_the_command_line_speaks_german_in_a_subprocess() -> None:
    def run(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "acupress", "show", "XX99"],
            capture_output=True,
            text=True,
            env=_clean_env(**env),
            check=False,
        )

    german, english = run(LANGUAGE="de"), run()
    assert german.returncode == english.returncode != 0
    assert "kein Punkt passt zu 'XX99'" in german.stderr
    assert "no point matches 'XX99'" in english.stderr
    assert "Traceback" not in german.stderr + english.stderr


def test_the_command_line_speaks_german_in_process(cli: object, german: None) -> None:
    code, _out, err = cli.run("show", "XX99")  # type: ignore[attr-defined]
    assert code != 0
    assert "kein Punkt passt zu 'XX99'" in err


def test_gettext_loads_only_when_a_message_is_shown() -> None:
    def loaded(code: str) -> set[str]:
        out = subprocess.run(
            [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
            check=True,
            capture_output=True,
            text=True,
            env=_clean_env(LANGUAGE="de"),
        ).stdout
        return set(out.split())

    assert "gettext" not in loaded("import acupress")
    assert "gettext" not in loaded("import acupress\nacupress.load().point('LI4')")
    shown = (
        "import acupress\ntry:\n    acupress.load().point('XX99')\nexcept LookupError:\n    pass"
    )
    assert "gettext" in loaded(shown)


# -- texts of packs and of the core safety data -------------------------------------------------


def _translated_pack(**translations: dict[str, str]) -> dict[str, object]:
    from acupress.testing import minimal_pack

    return minimal_pack(
        id="mini",
        language="en",
        rules=[
            {
                "id": "no-li4-when-pregnant",
                "applies": {"points": ["LI4"]},
                "when": {"pregnant": True},
                "severity": "avoid",
                "message": "Leave LI4 out.",
                "basis": "consensus",
                "sources": [],
            }
        ],
        translations=translations,
    )


def _library_of(document: dict[str, object], tmp_path: Path) -> acupress.Library:
    from acupress.testing import to_toml

    folder = tmp_path / "mini"
    folder.mkdir(exist_ok=True)
    (folder / "pack.toml").write_text(to_toml(document), encoding="utf-8")
    return acupress.Library.build([folder], discover=False, strict=True)


GERMAN_MINI = {
    "name": "Mini",
    "conditions.mini-pain.name": "Schmerz",
    "rules.no-li4-when-pregnant.message": "Lassen Sie LI4 weg.",
}


def test_a_pack_carries_translations_of_its_texts(tmp_path: Path, english: None) -> None:
    library = _library_of(_translated_pack(de=GERMAN_MINI), tmp_path)
    pregnant = acupress.Profile(pregnant=True)
    assert library.condition_text("mini-pain") == ("Pain", "en")
    report = acupress.check(["LI4"], pregnant, library=library)
    mine = [f for f in report.findings if f.rule == "mini:no-li4-when-pregnant"]
    assert [f.message for f in mine] == ["Leave LI4 out."]
    with acupress.use_language("de"):
        assert library.condition_text("mini-pain") == ("Schmerz", "de")
        assert library.condition_text("mini-pain", "description") == ("A pain, for tests.", "en")
        german = acupress.check(["LI4"], pregnant, library=library)
        assert library.safety.text("rules.mini:no-li4-when-pregnant.message", "") == (
            "Lassen Sie LI4 weg.",
            "de",
        )
    mine = [f for f in german.findings if f.rule == "mini:no-li4-when-pregnant"]
    assert [f.message for f in mine] == ["Lassen Sie LI4 weg."]


@pytest.mark.parametrize(
    ("translations", "expected"),
    [
        ({"de": {"conditions.no-such.name": "X"}}, "'conditions.no-such.name' names no text"),
        ({"de": {"conditions.mini-pain.colour": "X"}}, "names no text of this document"),
        ({"de": {"name": "  "}}, "translations.de.'name': must be a text"),
        ({"German": {"name": "X"}}, "translations.German: not a language code"),
        ({"en": {"name": "X"}}, "translations.en: the texts are written in en already"),
        ({"de": {"name": 3}}, "$.translations['de']['name']: expected text, got 3"),
    ],
)
def test_a_bad_translation_is_one_clear_error(
    tmp_path: Path, translations: dict[str, dict[str, object]], expected: str
) -> None:
    document = _translated_pack()
    document["translations"] = translations
    with pytest.raises(acupress.DataError) as caught:
        _library_of(document, tmp_path)
    assert expected in str(caught.value)
    assert "mini" in str(caught.value)  # where: the pack's file


def test_a_pack_language_that_is_not_a_code_is_refused(tmp_path: Path) -> None:
    document = _translated_pack()
    document["language"] = "English"
    with pytest.raises(acupress.DataError, match="language: 'English' is not a language code"):
        _library_of(document, tmp_path)


def test_the_core_safety_texts_are_all_in_german() -> None:
    from acupress._safety.rules import core_safety

    core = core_safety()
    assert core.language == "en"
    assert set(core.translations["de"]) == core.translatable()


@given(st.sampled_from(["LI4", "SP6", "ST36", "BL60", "LR3", "BL40", "CV6"]), st.data())
def test_a_translation_never_changes_what_the_check_decides(code: str, data: st.DataObject) -> None:
    # The same findings (point, rule, severity, cap), the same safe routine, whatever the
    # language: translations change words only, never a rule.
    profile = acupress.Profile(
        pregnant=data.draw(st.booleans()),
        has=tuple(data.draw(st.sets(st.sampled_from(["anticoagulants", "dvt", "osteoporosis"])))),
        age=data.draw(st.sampled_from([None, 8, 40, 80])),
    )

    def decided() -> tuple[object, ...]:
        report = acupress.check([code], profile)
        found = sorted(
            (f.point, f.rule, f.severity.value, str(f.pressure_cap)) for f in report.findings
        )
        return report.verdict, report.routine, report.removed, found, len(report.advice)

    with acupress.use_language("en"):
        english = decided()
    with acupress.use_language("de"):
        german = decided()
    assert german == english


def test_the_german_safety_texts_follow_the_english() -> None:
    # A rule's English changed (a new case, a stronger word) leaves its German stale: the test
    # holds the English each German text was made from, so a change is seen and translated.
    import tomllib

    from acupress._safety.rules import core_safety

    core = core_safety()
    now = {f"advice.{i}": a for i, a in enumerate(core.advice)}
    now.update(
        (f"pressure_advice.{kind}", text)
        for kind, text in (
            ("firm", core.pressure_advice.firm),
            ("moderate", core.pressure_advice.moderate),
            ("light", core.pressure_advice.light),
            ("capped", core.pressure_advice.capped),
        )
    )
    now.update((f"rules.{r.id}.message", r.message) for r in core.rules)
    recorded_path = ROOT / "tests" / "data" / "safety-translated-from.toml"
    recorded = tomllib.loads(recorded_path.read_text(encoding="utf-8"))
    changed = sorted(key for key in now if recorded.get(key) != now[key])
    assert changed == [], f"translate these again, then update {recorded_path.name}: {changed}"


def test_german_compose_in_process_and_in_a_subprocess(cli: object, german: None) -> None:
    code, out, _err = cli.run(  # type: ignore[attr-defined]
        "compose", "sciatica", "--minutes", "5", "--format", "markdown"
    )
    assert code == 0
    assert out.startswith("# Ischias: 5 Minuten\n")
    assert "## Sicherheit" in out
    assert "## Denken Sie daran" in out
    assert "Selbst-Akupressur ersetzt keine ärztliche Behandlung" in out
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "acupress",
            "compose",
            "sciatica",
            "--minutes",
            "5",
            "--format",
            "markdown",
        ],
        capture_output=True,
        text=True,
        env={**_clean_env(LANGUAGE="de"), "ACUPRESS_NO_PACKS": ""},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == out


def test_german_help_and_usage_errors(cli: object, german: None) -> None:
    code, out, _err = cli.run("compose", "--help")  # type: ignore[attr-defined]
    assert code == 0
    assert out.startswith("Aufruf: acupress compose")
    assert "Optionen:" in out
    assert "diese Hilfe zeigen und beenden" in out
    code, _out, err = cli.run("compose", "sciatica", "--minutes", "abc")  # type: ignore[attr-defined]
    assert code == 2
    assert err == (
        "acupress: Fehler: Argument --minutes: 'abc' ist keine Zahl von Minuten "
        "(siehe 'acupress compose --help')\n"
    )


def test_babel_extracts_every_message_the_code_marks() -> None:
    # Babel does not look inside f-strings: a tr("...") written in one would never reach the
    # catalog, so German would show English there. Every marked literal must be extracted.
    import ast

    keywords = set(TOOL.KEYWORDS)
    marked = set()
    for path in sorted(Path(_i18n.LOCALE_DIR).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in keywords
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                marked.add((node.args[0].value, f"{path.name}:{node.lineno}"))
    assert len(marked) > 300
    extracted = {m.id[0] if isinstance(m.id, tuple) else m.id for m in TOOL.extract() if m.id}
    assert sorted(where for text, where in marked if text not in extracted) == []


def _card(language: str, library: acupress.Library) -> str:
    with acupress.use_language(language):
        comp = acupress.compose(
            "low-back-pain",
            minutes=10,
            profile=acupress.Profile(pregnant=True, has=("anticoagulants",)),
            library=library,
        )
        return acupress.render_card(comp, library=library)


def test_the_card_says_its_language_and_marks_text_in_another(
    back_pain_library: acupress.Library,
) -> None:
    import re as regex

    english = _card("en", back_pain_library)
    assert english.startswith('<!doctype html>\n<html lang="en">')
    assert ' lang="de"' not in english
    german = _card("de", back_pain_library)
    assert '<html lang="de">' in german
    assert "<h2>Bevor Sie beginnen</h2>" in german
    # The core safety texts and the back-pain pack are German; the catalog's locations are
    # English still, and say so.
    assert "Selbst-Akupressur ersetzt keine ärztliche Behandlung" in german
    assert regex.search(r'<strong>Wo:</strong> <span lang="en">', german)
    assert '<span class="sign">Haben Sie neu Taubheit' in german
    assert '<div class="why">Warum: <span' not in german  # its reasons are German too
    # Nothing German is marked as English.
    for marked in regex.findall(r'<span lang="en">([^<]*)</span>', german):
        assert not {"ä", "ö", "ü", "ß"} & set(marked), marked


def test_an_untranslated_pack_shows_in_english_marked_so(packed_library: acupress.Library) -> None:
    with acupress.use_language("de"):
        comp = acupress.compose("headache", minutes=5, library=packed_library)
        card = acupress.render_card(comp, library=packed_library)
    assert '<html lang="de">' in card
    assert '<span class="sign"><span lang="en">' in card
    assert '<div class="why">Warum: <span lang="en">' in card


def test_a_german_card_is_still_the_checked_routine(back_pain_library: acupress.Library) -> None:
    # The language changes words only: the same steps, in the same order, as in English.
    import re as regex

    def steps(card: str) -> list[str]:
        return regex.findall(r'data-step="\d+" data-point="([^"]+)"', card)

    assert steps(_card("de", back_pain_library)) == steps(_card("en", back_pain_library))


def test_validate_speaks_english_whatever_the_language(tmp_path: Path) -> None:
    # `acupress validate` reads the loader's English ("unknown point 'LI44'") to suggest the
    # closest ids; in German it still finds them.
    from acupress._packs.validate import check_pack_text
    from acupress.testing import minimal_pack, to_toml

    document = minimal_pack(id="mini")
    document["indications"][0]["point"] = "LI44"
    text = to_toml(document)
    with acupress.use_language("en"):
        english = [str(p) for p in check_pack_text(text, "pack.toml")]
    with acupress.use_language("de"):
        german = [str(p) for p in check_pack_text(text, "pack.toml")]
        assert acupress.current_language() == "de"  # the block's language, after the check
    assert german == english
    assert any("unknown point 'LI44'" in line for line in english)


def test_validate_warns_of_a_cure_promised_in_a_translation() -> None:
    # A translation is prose like any other: "heilt garantiert" is a promise acupressure
    # cannot keep, in German as in English; "keine Heilung" says what it is not.
    from acupress._packs.validate import check_pack_text
    from acupress.testing import to_toml

    document = _translated_pack(
        de={
            "conditions.mini-pain.description": "Akupressur heilt garantiert jeden Schmerz.",
            "conditions.mini-pain.name": "Schmerz, keine Heilung versprochen",
        }
    )
    warnings = [str(p) for p in check_pack_text(to_toml(document), "pack.toml")]
    promised = [w for w in warnings if "cannot promise a cure" in w]
    assert len(promised) == 1, warnings
    assert "translations.de.conditions.mini-pain.description" in promised[0]
    assert "'heilt', 'garantiert'" in promised[0]


def test_a_condition_is_found_by_its_translated_name(back_pain_library: acupress.Library) -> None:
    # In any language: a German speaker may type "Ischias" whatever LANGUAGE says.
    assert back_pain_library.condition("Ischias").id == "sciatica"
    assert back_pain_library.condition("kreuzschmerzen").id == "low-back-pain"
    with acupress.use_language("de"):
        assert back_pain_library.condition("Ischias").id == "sciatica"


def test_a_shared_question_id_keeps_its_translation(tmp_path: Path) -> None:
    # Two packs asking a question of the same id: the library qualifies both ids
    # ("back-pain:lbp-fever"), and each pack's translation still finds its own question.
    from acupress.testing import minimal_pack, to_toml

    question = {
        "id": "lbp-fever",
        "condition": "other-pain",
        "text": "Do you have a fever?",
        "references": ["nice"],
        "urgency": "urgent",
        "advice": "See a doctor today.",
    }
    reference = {
        "id": "nice",
        "kind": "guideline",
        "title": "A guideline",
        "year": 2020,
        "url": "https://example.org/guideline",
    }
    document = minimal_pack(
        id="other",
        references=[reference],
        screening=[question],
        translations={"de": {"screening.lbp-fever.text": "Haben Sie Fieber?"}},
    )
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "pack.toml").write_text(to_toml(document), encoding="utf-8")
    library = acupress.Library.build(
        [ROOT / "packs" / "back-pain", folder], discover=False, strict=True
    )
    with acupress.use_language("de"):
        asked = {q.id: q for _p, q in acupress.questions("other-pain", library=library)}
        assert "other:lbp-fever" in asked
        result = acupress.screen("other-pain", {"other:lbp-fever": "yes"}, library=library)
    assert [f.text for f in result.flags] == ["Haben Sie Fieber?"]


def test_the_back_pain_pack_is_german_throughout(back_pain_library: acupress.Library) -> None:
    # A text added to the pack in English needs its German, as the core's does.
    pack = back_pain_library.pack("back-pain")
    assert pack.language == "en"
    assert set(pack.translations["de"]) == pack.translatable()


@pytest.mark.parametrize("plain", ["C", "C.UTF-8", "POSIX", "en_GB.UTF-8"])
def test_the_plain_locale_looks_for_no_catalog(
    english: None, monkeypatch: pytest.MonkeyPatch, plain: str
) -> None:
    import gettext

    def looked(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("a catalog was looked for")

    monkeypatch.setattr(gettext, "translation", looked)
    monkeypatch.setenv("LC_ALL", plain)
    assert acupress.current_language() == "en"
    assert "no point matches" in _message_of(lambda: acupress.load().point("XX99"))
