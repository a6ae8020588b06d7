"""The site's file names, in one place for the pages, the search index and the writer."""

from __future__ import annotations

import re


def slug(code: str) -> str:
    """An area code as a file name part: only letters, digits, - and _ (codes are data, never paths)."""
    return re.sub(r"[^0-9A-Za-z_-]", "_", code) or "_"


def area_file(code: str, page: int = 1) -> str:
    """The page of an area: area-04.html, then area-04-2.html … for a long area's further pages."""
    return f"area-{slug(code)}.html" if page == 1 else f"area-{slug(code)}-{page}.html"
