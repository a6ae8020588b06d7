"""HTML text and the frame every page shares: escaping, head, header with the search box, footer.

Every piece of catalog text goes through `esc` (or `bdi` inside running text): items are written
by many units and can carry anything — markup, quotes, ampersands, control characters, bidi
overrides. `esc` escapes markup and quotes and turns characters HTML cannot carry (C0 controls,
lone surrogates) into U+FFFD; `bdi` also isolates the text's direction so an override inside one
unit's name cannot reorder the words around it (table cells are isolated by the stylesheet).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_SPECIAL = re.compile(r"[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}

ASSET_VERSION = "1"  # bumped when assets/ change, so a browser does not keep an old copy


def esc(text: object) -> str:
    """Text (or an attribute value) safe to put between tags or inside double quotes."""
    s = "" if text is None else str(text)
    if not _SPECIAL.search(s):
        return s
    s = _BAD.sub("\ufffd", s)
    return re.sub(r"[&<>\"']", lambda m: _ENTITIES[m.group()], s)


def bdi(text: object) -> str:
    """Text inside running prose, its direction isolated from the words around it."""
    return f"<bdi>{esc(text)}</bdi>"


def join_bdi(parts: Sequence[str], sep: str = "、") -> str:
    return sep.join(bdi(p) for p in parts)


@dataclass(frozen=True, slots=True)
class Page:
    """What the frame needs to know about a page."""

    file: str
    title: str
    current: str = ""  # which entry of the navigation this page is: index / negative / data


NAV = (("index", "index.html", "首页"), ("negative", "negative-list.html", "负面清单"),
       ("data", "open-data.html", "开放数据"))


def head(page: Page, site_title: str, generator: str) -> str:
    title = page.title if page.title == site_title else f"{page.title} - {site_title}"
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta name=\"generator\" content=\"{esc(generator)}\">\n"
            f"<title>{esc(title)}</title>\n"
            f"<link rel=\"stylesheet\" href=\"assets/site.css?v={ASSET_VERSION}\">\n"
            f"<script src=\"assets/site.js?v={ASSET_VERSION}\" defer></script>\n"
            "</head>\n")


def header(page: Page, site_title: str, office: str) -> str:
    links = []
    for key, href, label in NAV:
        current = ' aria-current="page"' if key == page.current else ""
        links.append(f'<li><a href="{href}"{current}>{label}</a></li>')
    return ("<body>\n<a class=\"skip-link\" href=\"#main\">跳到正文</a>\n"
            "<header class=\"site-header\">\n<div class=\"wrap\">\n"
            f"<p class=\"site-title\"><a href=\"index.html\">{esc(site_title)}</a></p>\n"
            f"<p class=\"site-office\">{esc(office)}</p>\n"
            f"<nav class=\"site-nav\" aria-label=\"网站导航\"><ul>{''.join(links)}</ul></nav>\n"
            "<form class=\"search-form\" role=\"search\" action=\"index.html\" hidden>\n"
            "<label for=\"search-box\">搜索全部领域的公开事项</label>\n"
            "<input id=\"search-box\" name=\"q\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\""
            " placeholder=\"输入事项名称、内容或单位\" aria-describedby=\"search-hint\" aria-controls=\"search-results\">\n"
            "<p id=\"search-hint\" class=\"search-hint\">边输入边筛选；多个词用空格分开。</p>\n"
            "</form>\n</div>\n</header>\n")


def search_results() -> str:
    """The (hidden until used) results of the search box, at the top of the page's main part."""
    return ("<section id=\"search-results\" class=\"search-results\" aria-labelledby=\"search-title\" hidden>\n"
            "<h2 id=\"search-title\">搜索结果</h2>\n"
            "<p class=\"search-status\" role=\"status\" aria-live=\"polite\"></p>\n"
            "<ol class=\"search-list\"></ol>\n"
            "<button type=\"button\" class=\"search-more\" hidden>显示更多</button>\n"
            "</section>\n")


def footer(published: str, office: str) -> str:
    return ("<footer class=\"site-footer\">\n<div class=\"wrap\">\n"
            f"<p>{esc(office)}　发布日期：{esc(published)}</p>\n"
            "<p>本网站为静态页面，不收集任何信息；数据可从“开放数据”页下载。</p>\n"
            "</div>\n</footer>\n</body>\n</html>\n")


def page_html(page: Page, site_title: str, office: str, published: str, generator: str, heading: str, body: str) -> str:
    """A whole page: head, header (navigation and search box), main (its h1, the search results, the
    body), footer. ``heading`` is the page's text for its one h1 (escaped here)."""
    return (head(page, site_title, generator) + header(page, site_title, office)
            + f"<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n<h1>{esc(heading)}</h1>\n"
            + search_results() + body + "</main>\n" + footer(published, office))
