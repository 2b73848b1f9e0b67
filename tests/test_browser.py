"""The routine card in a real browser: markers inside their figures, nothing off the printed page.

Needs Debian's ``chromium`` and ``chromium-driver`` and the selenium package. Without them the test
is skipped with the reason, unless ``ACUPRESS_REQUIRE_BROWSER=1`` (set by .ci/run), when it fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import acupress
from acupress.render import render_card

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
  const r = el.getBoundingClientRect();
  if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
    wide.push(el.tagName + ' ' + (el.className.baseVal ?? el.className));
  }
}
return [document.documentElement.scrollWidth, width, wide.slice(0, 5)];
"""


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
