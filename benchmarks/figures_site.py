"""The published site's figures: publishing the county, and the site's search box in Chromium.

``publish_county`` times exactly what `gongkai publish -o DIR` and 发布到网站 call. ``site_search``
publishes the county once (untimed), opens its index page from disk in headless Chromium (Debian's
package, driven by Selenium), lets the search index load, then types a query key by key; the page
itself measures each keystroke (performance.now() around filter + render + layout, assets/site.js)
and the run's figure is its slowest keystroke, read back through Selenium. Without Chromium the
figure is skipped with the reason.
"""

from __future__ import annotations

import atexit
import contextlib
import resource
import shutil
import time
from pathlib import Path
from typing import Any

from .one import Case, SkipFigure, peak_rss_mib
from .workload import Workload, copy_workspace

SEARCH_TEXT = "处罚结果"  # four keystrokes: the first scans every row of every area, the others narrow


def _office(wl: Workload, tmp: Path) -> Any:
    from gongkai_desktop.workspace import Workspace

    return Workspace.open(copy_workspace(wl.path("office-approved"), tmp / "office"))


def case_publish_county(wl: Workload, tmp: Path) -> Case:
    """The approved county (every area) as a static site: pages, search index, .xlsx, CSV, JSON."""
    from gongkai_desktop.office.publish import publish_county

    ws = _office(wl, tmp)
    out = tmp / "site"
    info: dict[str, Any] = {"cpu_s": [], "worker_cpu_s": []}
    start: list[tuple[float, float]] = []

    def before() -> None:
        shutil.rmtree(out, ignore_errors=True)
        start[:] = [_cpu()]

    def after(result: Any) -> None:
        assert result.areas > 0 and result.items > 0, result
        own, children = _cpu()
        # CPU time of this process and of the Excel worker: on a loaded machine the wall time is the machine's
        info["cpu_s"].append(round(own - start[0][0], 2))
        info["worker_cpu_s"].append(round(children - start[0][1], 2))
        info.update(areas=result.areas, rows=result.items, pages=result.pages,
                    site_mib=round(sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20, 1))

    return Case(lambda: publish_county(ws, out), before, after, info)


def _cpu() -> tuple[float, float]:
    """(this process, its ended children) user + system seconds."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def case_site_search(wl: Workload, tmp: Path) -> Case:
    """One keystroke in the site's search box over every area, measured inside the page."""
    from tests.site import browser  # the same Chromium set-up as the browser tests

    reason = browser.missing()
    if reason:
        raise SkipFigure(f"Chromium is missing: {reason}")
    from gongkai_desktop.office.publish import publish_county

    site = tmp / "site"
    result = publish_county(_office(wl, tmp), site)
    stack = contextlib.ExitStack()
    atexit.register(stack.close)
    driver = stack.enter_context(browser.chromium())
    t0 = time.perf_counter()
    driver.get(browser.url(site / "index.html"))
    box = driver.find_element("id", "search-box")
    box.click()  # the first use loads the index
    _wait(driver, "return window.GongkaiSearch && window.GongkaiSearch.ready")
    info: dict[str, Any] = {"rows": result.items, "query": SEARCH_TEXT, "index_ready_s": round(time.perf_counter() - t0, 2),
                            "index_mib": round((site / "assets" / "search-index.js").stat().st_size / 2**20, 1)}

    def before() -> None:
        driver.execute_script("var b = document.getElementById('search-box'); b.value = ''; window.GongkaiSearch.run('');"
                              " window.GongkaiSearch.timings = [];")

    def run() -> tuple[float, float]:
        for ch in SEARCH_TEXT:
            box.send_keys(ch)
        timings = _wait(driver, f"var t = window.GongkaiSearch.timings; return t.length >= {len(SEARCH_TEXT)} && t")
        info.setdefault("keystrokes_ms", []).append([round(t, 1) for t in timings])
        info["hits"] = driver.execute_script("return window.GongkaiSearch.count")
        return max(timings) / 1000, peak_rss_mib()

    return Case(run, before, info=info, self_timed=True)


def _wait(driver: Any, script: str, timeout: float = 120.0) -> Any:
    end = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)
        if value:
            return value
        if time.monotonic() > end:
            raise TimeoutError(script)
        time.sleep(0.02)
