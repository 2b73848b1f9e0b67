"""The routine card in a real browser: markers inside their figures, nothing off the printed page.

Needs Debian's ``chromium`` and ``chromium-driver`` and the selenium package. Without them the test
is skipped with the reason, unless ``ACUPRESS_REQUIRE_BROWSER=1`` (set by .ci/run), when it fails.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import acupress
from acupress.render import render_card

from .conftest import packed

REQUIRED = os.environ.get("ACUPRESS_REQUIRE_BROWSER") == "1"
A4_PRINTABLE_PX = 703  # 186 mm (A4 less 12 mm margins) at 96 px per inch


def _need(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"browser test required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        _need(
            "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _need("selenium is not installed (pip install selenium)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


MARKERS_INSIDE = """
const out = [];
for (const marker of document.querySelectorAll('.marker')) {
  const view = marker.dataset.view;
  const svg = marker.ownerSVGElement;
  const figure = svg.querySelector(`.figure[data-view="${view}"]`);
  const shape = marker.querySelector('circle') || marker;
  const box = shape.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  let inside = false;
  if (figure) {
    for (const outline of figure.querySelectorAll('polygon, path')) {
      const p = svg.createSVGPoint(); p.x = x; p.y = y;
      const local = p.matrixTransform(outline.getScreenCTM().inverse());
      if (outline.isPointInFill(local)) { inside = true; break; }
    }
  }
  out.push([marker.dataset.point, view, inside]);
}
return out;
"""

OVERFLOW = """
const width = document.documentElement.clientWidth;
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  let r = el.getBoundingClientRect();
  // an inline SVG clips what it holds: the figures' outlines run on past their crop
  const clip = el.parentElement && el.parentElement.closest('svg.map, svg.close-up');
  if (clip) {
    const c = clip.getBoundingClientRect();
    r = {width: r.width, left: Math.max(r.left, c.left), right: Math.min(r.right, c.right)};
  }
  if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
    wide.push(el.tagName + ' ' + (el.className.baseVal ?? el.className));
  }
}
return [document.documentElement.scrollWidth, width, wide.slice(0, 5)];
"""


# Every label's real text box (the browser's own font metrics) against every marker's disc and
# every other label, per figure: [view, what covers what] for each overlap.
LABELS_CLEAR = """
const out = [];
for (const figure of document.querySelectorAll('.figure')) {
  const discs = [...figure.querySelectorAll('.marker')].map(m => {
    const b = m.querySelector('circle').getBoundingClientRect();
    return [m, b.left + b.width / 2, b.top + b.height / 2, b.width / 2];
  });
  const labels = [...figure.querySelectorAll('.marker text, text.side')].map(t => {
    const b = t.getBoundingClientRect();
    return [t, b.left, b.top, b.right, b.bottom];
  });
  const name = el => (el.closest('.marker') || el).getAttribute('data-point') || 'side';
  for (const [t, l, tp, r, bt] of labels) {
    for (const [m, x, y, rad] of discs) {
      if (t.closest('.marker') === m && t.classList.contains('inside')) continue;
      const nx = Math.min(Math.max(x, l), r), ny = Math.min(Math.max(y, tp), bt);
      if ((nx - x) ** 2 + (ny - y) ** 2 < (rad - 0.05) ** 2) {
        out.push([figure.dataset.view, name(t) + ' covers marker ' + name(m)]);
      }
    }
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i], b = labels[j];
      if (a[1] < b[3] - 0.05 && b[1] < a[3] - 0.05 && a[2] < b[4] - 0.05 && b[2] < a[4] - 0.05) {
        out.push([figure.dataset.view, name(a[0]) + ' covers label ' + name(b[0])]);
      }
    }
  }
}
return [out, document.querySelectorAll('.marker text').length];
"""


def test_no_label_covers_a_marker_in_any_view_in_a_real_browser(
    packed_library: acupress.Library, browser: Any, tmp_path: Path
) -> None:
    from acupress.render import render_map, views
    from acupress.render._svg import map_view

    for view in views():
        codes = list(map_view(view).places)
        for numbered in (False, True):
            svg = render_map(codes, view=view, library=packed_library, numbered=numbered)
            page = tmp_path / f"{view}.svg"
            page.write_text(svg, encoding="utf-8")
            browser.get(page.as_uri())
            problems, labels = browser.execute_script(LABELS_CLEAR)
            assert labels == svg.count('class="marker"')
            assert problems == [], (view, numbered, problems[:5])
    # and the check sees a label moved onto its neighbour's marker
    svg = render_map(["BL23", "BL52"], view="back", library=packed_library, numbered=False)
    moved = re.sub(
        r'(<g class="marker" data-point="BL52"[^>]*>.*?<text class="label") x="[-\d.]+"',
        lambda m: m.group(1) + ' x="-20"',
        svg,
        count=1,
        flags=re.S,
    )
    page = tmp_path / "moved.svg"
    page.write_text(moved, encoding="utf-8")
    browser.get(page.as_uri())
    problems, _labels = browser.execute_script(LABELS_CLEAR)
    assert ["back", "BL52 covers marker BL23"] in problems


def _open(browser: Any, html: str, tmp_path: Path) -> None:
    page = tmp_path / "card.html"
    page.write_text(html, encoding="utf-8")
    browser.get(page.as_uri())


def test_card_markers_inside_figures_and_print_fits(
    packed_library: acupress.Library, browser: Any, tmp_path: Path
) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    _open(browser, render_card(comp, library=packed_library), tmp_path)
    markers = browser.execute_script(MARKERS_INSIDE)
    drawn = {point for point, _view, _inside in markers}
    assert drawn == {step.point for step in comp.routine.steps}
    assert all(inside for _p, _v, inside in markers), [m for m in markers if not m[2]]
    assert browser.execute_script("return document.scripts.length") == 0
    # The printed page: A4 with 12 mm margins, print styles on.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": A4_PRINTABLE_PX, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
    )
    scroll, width, wide = browser.execute_script(OVERFLOW)
    assert scroll <= width, wide
    assert not wide
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})
    assert len(pdf["data"]) > 1000


def test_card_shows_pack_text_as_text(browser: Any, tmp_path: Path) -> None:
    from acupress.testing import minimal_pack, to_toml

    hostile = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"
    doc = minimal_pack(id="hostile")
    doc["conditions"][0] |= {"name": hostile, "description": hostile}
    doc["indications"][0]["why"] = hostile
    doc["dosing"][0]["note"] = hostile
    path = tmp_path / "pack.toml"
    path.write_text(to_toml(doc), encoding="utf-8")
    library = acupress.Library.build([path], discover=False, strict=True)
    comp = acupress.compose("hostile-pain", minutes=2, library=library)
    _open(browser, render_card(comp, library=library), tmp_path)
    assert browser.title != "pwned"
    assert hostile in browser.execute_script("return document.body.innerText")
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0


PX_PER_MM = 96 / 25.4

SIZES = """
const out = [];
for (const svg of document.querySelectorAll('svg.map')) {
  for (const c of svg.querySelectorAll('.marker circle')) {
    out.push(['marker', c.getBoundingClientRect().width]);
  }
  for (const t of svg.querySelectorAll('.marker text')) {
    out.push(['digits', t.getScreenCTM().a * parseFloat(t.getAttribute('font-size'))]);
  }
}
return out;
"""


def _print(browser: Any) -> None:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": A4_PRINTABLE_PX, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
    )


def _pages(browser: Any) -> int:
    pdf = browser.execute_cdp_cmd(
        "Page.printToPDF",
        {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True},
    )
    return len(re.findall(rb"/Type\s*/Page[^s]", base64.b64decode(pdf["data"])))


# Every pack condition's ten-minute card, for no profile, a pregnancy and a person with many
# risks (the last two keep the most warnings, cautions and reasons for leaving points out).
TEN_MINUTES = [
    (condition, profile)
    for condition in sorted(packed().conditions)
    for profile in ("none", "pregnant", "much")
    # Period pain is refused in pregnancy (tests/test_not_in_pregnancy): no card to print.
    if profile == "none" or not packed().conditions[condition].not_in_pregnancy
]
PROFILES = {
    "none": None,
    "pregnant": acupress.Profile(pregnant=True, pregnancy_weeks=20),
    "much": acupress.Profile(
        pregnant=True, pregnancy_weeks=30, age=38, has=("anticoagulants", "varicose-veins")
    ),
}


@pytest.mark.parametrize(("condition", "who"), TEN_MINUTES)
def test_a_ten_minute_card_prints_on_two_pages_with_markers_and_digits_to_read(
    packed_library: acupress.Library, browser: Any, tmp_path: Path, condition: str, who: str
) -> None:
    comp = acupress.compose(condition, minutes=10, profile=PROFILES[who], library=packed_library)
    if who == "none":  # ten minutes, or all the pack holds for it (an hour gives no more)
        most = acupress.compose(condition, minutes=60, library=packed_library).total_seconds
        assert comp.total_seconds > 8 * 60 or comp.total_seconds == most
    _open(browser, render_card(comp, library=packed_library), tmp_path)
    _print(browser)
    sizes = browser.execute_script(SIZES)
    assert {kind for kind, _size in sizes} == {"marker", "digits"}
    small = [(kind, round(size / PX_PER_MM, 2)) for kind, size in sizes if kind == "marker"
             and size < 4 * PX_PER_MM]  # fmt: skip
    assert small == []
    tiny = [(kind, round(size * 0.75, 2)) for kind, size in sizes if kind == "digits"
            and size < 7 / 0.75]  # fmt: skip  # 7 pt in CSS pixels
    assert tiny == []
    problems, _labels = browser.execute_script(LABELS_CLEAR)
    assert problems == []
    assert 1 <= _pages(browser) <= 2


def test_the_page_count_sees_a_long_card(
    packed_library: acupress.Library, browser: Any, tmp_path: Path
) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    card = render_card(comp, library=packed_library)
    longer = card.replace('<ol class="steps">', '<ol class="steps">' + "<li>x</li>" * 400, 1)
    _open(browser, longer, tmp_path)
    _print(browser)
    assert _pages(browser) > 2


def test_the_card_fits_a_phone(
    packed_library: acupress.Library, browser: Any, tmp_path: Path
) -> None:
    comp = acupress.compose("insomnia", minutes=10, library=packed_library)
    _open(browser, render_card(comp, library=packed_library), tmp_path)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )
    scroll, width, wide = browser.execute_script(OVERFLOW)
    assert width == 360
    assert scroll <= width, wide
    assert not wide
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_card_has_a_dark_scheme(
    packed_library: acupress.Library, browser: Any, tmp_path: Path
) -> None:
    comp = acupress.compose("insomnia", minutes=5, library=packed_library)
    _open(browser, render_card(comp, library=packed_library), tmp_path)
    colours = "const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]"
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"media": "screen", "features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    dark_bg, dark_ink = browser.execute_script(colours)
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"media": "screen", "features": [{"name": "prefers-color-scheme", "value": "light"}]},
    )
    light_bg, light_ink = browser.execute_script(colours)
    assert light_bg == "rgb(255, 255, 255)"
    assert dark_bg != light_bg
    assert dark_ink != light_ink
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen", "features": []})
