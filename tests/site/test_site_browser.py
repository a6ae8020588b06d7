"""The published site in a real browser: headless Chromium (Debian's package) driven by Selenium.

Pages are loaded from disk (file://) as a web team's preview or a reader's copy would be: the search
box is typed into and the rows it shows are checked against the data, print media is emulated and
printed to PDF (landscape, the header row on every page, no controls), the keyboard walks the page,
the colours are measured, and a phone's viewport is checked. The screenshots in docs/ come from
here: ``GONGKAI_SCREENSHOTS=docs python -m pytest tests/site/test_site_browser.py`` writes them.
"""

from __future__ import annotations

import base64
import io
import json
import os
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.site import browser
from tests.site.county_site import AREA, HOSTILE_LEVEL2

REASON = browser.missing()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"browser tests skipped: {REASON}")

PHONE = (390, 844)
SHOW = 50  # rows the search renders at first (assets/site.js)


@pytest.fixture(scope="module")
def driver():  # noqa: ANN201
    with browser.chromium() as d:
        yield d


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: docs/ when GONGKAI_SCREENSHOTS says so, else a temporary folder."""
    target = os.environ.get("GONGKAI_SCREENSHOTS")
    return Path(target) if target else tmp_path_factory.mktemp("shots")


def open_page(driver: Any, site: Path, page: str = "index.html") -> None:
    browser.set_viewport(driver, 1366, 900)
    browser.emulate_media(driver, "screen")
    driver.get(browser.url(site / page))
    wait(driver, "return document.readyState === 'complete' && !!window.GongkaiSearch")


def wait(driver: Any, script: str, timeout: float = 30.0) -> Any:
    end = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for: {script}")
        time.sleep(0.05)


def type_query(driver: Any, text: str) -> dict:
    """Type into the search box key by key, as a reader does; the page's state after the last key."""
    box = driver.find_element("id", "search-box")
    box.click()
    for ch in text:
        box.send_keys(ch)
    wait(driver, "return window.GongkaiSearch.ready")
    wait(driver, "var s = document.querySelector('.search-status').textContent; return s && s.indexOf('载入') < 0")
    return driver.execute_script(
        "var items = Array.from(document.querySelectorAll('.search-list > li'));"
        "return {status: document.querySelector('.search-status').textContent, count: window.GongkaiSearch.count,"
        " hidden: document.getElementById('search-results').hidden,"
        " rows: items.map(function (li) { return {title: li.querySelector('a').textContent,"
        "   href: li.querySelector('a').getAttribute('href'), meta: li.querySelector('.hit-meta').textContent}; })};")


def clear_query(driver: Any) -> None:
    box = driver.find_element("id", "search-box")
    box.send_keys("\ue00c")  # Escape clears the box
    wait(driver, "return document.getElementById('search-results').hidden")


def expected_hits(site: Path, query: str) -> list[dict]:
    """The items whose name, level-1 item, content, publisher or units contain every word."""
    items = json.loads((site / "downloads" / "catalog.json").read_bytes())["items"]
    words = query.lower().split()
    hay = lambda i: "\n".join([i["level2"], i["level1"], i["content"], i["publisher"], "、".join(i["units"])]).lower()  # noqa: E731
    return [i for i in items if all(w in hay(i) for w in words)]


def test_search_filters_every_area_as_you_type(driver, county_site: Path, county_office, shots: Path) -> None:
    office, second = county_office
    open_page(driver, county_site)
    assert driver.execute_script("return window.GONGKAI_SEARCH_INDEX === undefined")  # loaded on first use only
    assert driver.find_element("css selector", ".search-form").is_displayed()
    got = type_query(driver, "市公安局")
    want = expected_hits(county_site, "市公安局")
    assert {i["area_code"] for i in want} == {AREA, second}  # the query spans both areas
    assert got["count"] == len(want) and f"找到 {len(want)} 个事项" in got["status"] and not got["hidden"]
    assert [r["title"] for r in got["rows"]] == [i["level2"] for i in want][:SHOW]
    assert {r["meta"].split(" · ")[0] for r in got["rows"]} == {i["area_name"] for i in want}
    driver.save_screenshot(str(shots / "site-search.png"))
    narrowed = type_query(driver, " 预算")
    want = expected_hits(county_site, "市公安局 预算")
    assert narrowed["count"] == len(want) > 0 and all(i["area_code"] == second for i in want)
    assert [r["title"] for r in narrowed["rows"]] == [i["level2"] for i in want]
    # a result leads to its row on its area's page
    first = driver.find_element("css selector", ".search-list a")
    href = first.get_attribute("href")
    first.click()
    wait(driver, "return document.readyState === 'complete' && !!document.querySelector('tr:target')")
    assert driver.current_url == href and f"area-{second}.html#r{want[0]['row']}" in href
    target = driver.execute_script("return document.querySelector('tr:target th[scope=row]').textContent")
    assert target == want[0]["level2"]
    # nothing found, then an emptied box hides the results
    open_page(driver, county_site)
    none = type_query(driver, "没有这样的事项")
    assert none["count"] == 0 and none["rows"] == [] and "没有找到" in none["status"]
    clear_query(driver)


def test_hostile_item_shows_as_text_and_runs_nothing(driver, county_site: Path) -> None:
    for page in sorted(county_site.glob("*.html")):
        open_page(driver, county_site, page.name)
        assert driver.execute_script("return typeof window.__pwned") == "undefined", page.name
    open_page(driver, county_site)
    got = type_query(driver, "倒序文字")
    assert [r["title"] for r in got["rows"]] == [HOSTILE_LEVEL2]
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    marks = driver.execute_script("return Array.from(document.querySelectorAll('.search-list mark')).map(m => m.textContent)")
    assert marks == ["倒序文字"]
    assert driver.execute_script("return document.querySelectorAll('.search-list img, .search-list script').length") == 0
    # a run of text with a right-to-left override cannot reorder the words around it
    isolated = driver.execute_script(
        "return Array.from(document.querySelectorAll('.search-list .hit-text span, td.c3'))"
        ".every(function (el) { return getComputedStyle(el).unicodeBidi === 'isolate'; })")
    assert isolated


def test_print_is_landscape_with_the_header_on_every_page_and_no_controls(driver, county_site: Path) -> None:
    open_page(driver, county_site, f"area-{AREA}.html")
    controls = [".skip-link", ".site-nav", ".search-form", ".search-results", ".controls", ".site-footer"]
    shown = driver.execute_script("return arguments[0].map(s => getComputedStyle(document.querySelector(s)).display)", controls)
    assert all(d != "none" for d in shown[1:3])  # on screen: navigation and search are there
    browser.emulate_media(driver, "print")
    displays = driver.execute_script("return arguments[0].map(s => getComputedStyle(document.querySelector(s)).display)", controls)
    assert displays == ["none"] * len(controls)
    assert driver.execute_script("return getComputedStyle(document.querySelector('table.catalog thead')).display") == "table-header-group"
    browser.emulate_media(driver, "")  # printing uses print media again
    from pypdf import PdfReader

    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    reader = PdfReader(io.BytesIO(base64.b64decode(pdf["data"])))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) > float(box.height)  # landscape
        # NFKC: the PDF's text layer names some glyphs by their Kangxi radicals (⼭ for 山)
        text = unicodedata.normalize("NFKC", page.extract_text()).replace(" ", "").replace("\n", "")
        assert unicodedata.normalize("NFKC", "公开内容（要素）") in text and "公开依据" in text  # the header row, repeated
        assert "搜索全部领域" not in text and "返回各领域目录" not in text and "跳到正文" not in text


def test_keyboard_focus_labels_and_headings(driver, county_site: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for page in sorted(county_site.glob("*.html")):
        open_page(driver, county_site, page.name)
        levels = driver.execute_script("return Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])")
        assert levels.count(1) == 1 and levels[0] == 1, page.name
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), page.name  # no level skipped
        assert driver.execute_script(
            "return Array.from(document.querySelectorAll('thead th')).every(th => th.scope === 'col' || th.scope === 'colgroup')"
            " && Array.from(document.querySelectorAll('tbody th')).every(th => th.scope === 'row' || th.scope === 'rowgroup')"
            " && Array.from(document.querySelectorAll('table')).every(t => t.caption && t.caption.textContent.trim())"
            " && Array.from(document.querySelectorAll('input')).every(i => i.labels.length === 1)"
            " && document.documentElement.lang === 'zh-CN'"), page.name
    open_page(driver, county_site, f"area-{AREA}.html")
    ActionChains(driver).send_keys(Keys.TAB).perform()
    skip = driver.switch_to.active_element
    assert skip.text == "跳到正文"
    ring = driver.execute_script(
        "var s = getComputedStyle(document.activeElement), r = document.activeElement.getBoundingClientRect();"
        "return [s.outlineStyle, parseFloat(s.outlineWidth), r.top >= 0 && r.height > 0]")
    assert ring[0] == "solid" and ring[1] >= 2 and ring[2]  # a visible focus ring, on screen
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.execute_script("return location.hash") == "#main"
    ActionChains(driver).send_keys(Keys.TAB).perform()  # past the header: the next stop is in the page's main part
    assert driver.execute_script("return document.getElementById('main').contains(document.activeElement)")
    open_page(driver, county_site, f"area-{AREA}.html")
    order = []
    for _ in range(8):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        el = driver.switch_to.active_element
        order.append(el.get_attribute("id") or el.text)
        if el.get_attribute("id") == "search-box":
            break
    assert order[-1] == "search-box", order
    assert driver.execute_script("return getComputedStyle(document.activeElement).outlineStyle") == "solid"
    for ch in "出生":
        driver.switch_to.active_element.send_keys(ch)
    wait(driver, "return window.GongkaiSearch.count > 0")
    ActionChains(driver).send_keys(Keys.TAB).perform()  # from the box straight into the results
    assert driver.switch_to.active_element.get_attribute("class") == "hit-title"
    # the wide table scrolls from the keyboard: its region takes focus
    assert driver.execute_script("return document.querySelector('.table-wrap').tabIndex") == 0


CONTRAST_JS = """
function rgb(c) { var m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3); }
function background(el) {
  for (; el; el = el.parentElement) { var c = rgb(getComputedStyle(el).backgroundColor); if (c) { return c; } }
  return [255, 255, 255];
}
return arguments[0].map(function (sel) {
  var el = document.querySelector(sel);
  return el ? [sel, rgb(getComputedStyle(el).color), background(el)] : [sel, null, null];
});
"""


def luminance(c: list[float]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(x) for x in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_contrast_is_at_least_4_5_to_1(driver, county_site: Path) -> None:
    open_page(driver, county_site, f"area-{AREA}.html")
    type_query(driver, "出生")
    selectors = [".lead", ".units", ".site-title a", ".site-office", ".site-nav a", ".search-form label", ".search-hint",
                 "#search-box", ".search-status", ".search-list a", ".hit-meta", "mark", "caption", "thead th",
                 "th[scope=rowgroup]", "tbody td", ".controls a", ".site-footer p"]
    measured = driver.execute_script(CONTRAST_JS, selectors)
    missing = [sel for sel, fg, _bg in measured if fg is None]
    assert not missing, missing
    low = [(sel, round(contrast(fg, bg), 2)) for sel, fg, bg in measured if contrast(fg, bg) < 4.5]
    assert low == []
    # focus rings stand out (3:1) from what they sit on, in the header as in the page
    rings = driver.execute_script(
        "return ['.controls a', '#search-box'].map(function (s) { var el = document.querySelector(s); el.focus();"
        " return getComputedStyle(el).outlineColor; })")
    head_bg = driver.execute_script("return getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    rgbs = [[float(x) for x in c[c.index("(") + 1:c.index(")")].split(",")[:3]] for c in [*rings, head_bg]]
    assert contrast(rgbs[0], [255, 255, 255]) >= 3 and contrast(rgbs[1], rgbs[2]) >= 3


def test_phone_width_reads_as_cards_without_sideways_scrolling(driver, county_site: Path, shots: Path) -> None:
    open_page(driver, county_site)
    driver.save_screenshot(str(shots / "site-index.png"))
    open_page(driver, county_site, f"area-{AREA}.html")
    driver.save_screenshot(str(shots / "site-area.png"))
    browser.set_viewport(driver, *PHONE, mobile=True)
    driver.get(browser.url(county_site / f"area-{AREA}.html"))
    wait(driver, "return document.readyState === 'complete'")
    layout = driver.execute_script(
        "var tr = document.querySelector('table.catalog tbody tr'), group = tr.querySelector('th[scope=rowgroup]'),"
        " row = tr.querySelector('th[scope=row]'), cell = tr.querySelector('td.c3');"
        "return {width: document.documentElement.scrollWidth, view: window.innerWidth, display: getComputedStyle(tr).display,"
        " groupAbove: group.getBoundingClientRect().bottom <= row.getBoundingClientRect().top + 1,"
        " label: getComputedStyle(cell, '::before').content, head: getComputedStyle(document.querySelector('table.catalog thead')).position,"
        " font: parseFloat(getComputedStyle(cell).fontSize)}")
    assert layout["width"] <= layout["view"] == PHONE[0]  # nothing wider than the phone
    assert layout["display"] == "flex" and layout["groupAbove"] and layout["head"] == "absolute"
    assert layout["label"] == '"公开内容（要素）："' and layout["font"] >= 14
    driver.save_screenshot(str(shots / "site-phone.png"))
    for name in ("site-index.png", "site-area.png", "site-search.png", "site-phone.png"):
        assert (shots / name).stat().st_size > 10_000, name
