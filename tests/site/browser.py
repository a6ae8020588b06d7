"""Headless Chromium from the system packages, driven by Selenium, for the published site's tests.

Chromium is started with the flags that keep it from reaching for the network (the machine has
none: without them start-up and every page wait for time-outs) and a fresh profile per session.
`chromium()` returns None with the reason when the browser or its driver is missing, so the
tests skip with a clear message instead of failing on a machine without them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVER_CANDIDATES = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=zh-CN")
INSTALL_HINT = "apt-get install -y chromium chromium-driver"


def _first(paths: tuple[str, ...], name: str) -> str | None:
    for p in (os.environ.get(name, ""), *paths):
        if p and Path(p).is_file() and os.access(p, os.X_OK):
            return p
    return shutil.which(Path(paths[0]).name)


def missing() -> str | None:
    """Why the browser tests cannot run here (None: they can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if _first(CHROMIUM_CANDIDATES, "GONGKAI_CHROMIUM") is None:
        return f"Chromium is not installed ({INSTALL_HINT})"
    if _first(DRIVER_CANDIDATES, "GONGKAI_CHROMEDRIVER") is None:
        return f"chromedriver is not installed ({INSTALL_HINT})"
    return None


@contextmanager
def chromium(width: int = 1366, height: int = 900) -> Iterator[Any]:
    """A headless Chromium session (a Selenium WebDriver) with a fresh profile, quit afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_AVOID_STATS", "true")  # Selenium Manager: no usage statistics over the network
    profile = tempfile.mkdtemp(prefix="gk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = _first(CHROMIUM_CANDIDATES, "GONGKAI_CHROMIUM") or ""
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    service = Service(executable_path=_first(DRIVER_CANDIDATES, "GONGKAI_CHROMEDRIVER"))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.set_page_load_timeout(120)
        driver.set_script_timeout(60)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def url(path: Path) -> str:
    return path.resolve().as_uri()


def set_viewport(driver: Any, width: int, height: int, mobile: bool = False) -> None:
    """The page's viewport as a phone or a desktop would have it (CDP device metrics)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})


def emulate_media(driver: Any, media: str) -> None:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
