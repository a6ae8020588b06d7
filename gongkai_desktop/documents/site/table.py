"""The national table as HTML: the Excel export's columns, two header rows, merged 一级事项 cells.

The columns come from `documents.layout` (the national columns, then 公开属性 and 责任单位, the
fields the Excel aggregate carries at the right), so the page, the .xlsx download and the printed
catalogs agree. Each run of rows sharing a level-1 item is a ``<tbody>`` whose first row carries the
level-1 name once as ``<th scope="rowgroup" rowspan>`` (Excel's merged cell); 二级事项 is each row's
header. Long areas are cut into pages of about `PAGE_ROWS` rows, at level-1 boundaries where a
level-1 item fits on one page, so a phone never loads a 30,000-row page; 序号 and the row anchors
(``#r123``) run on across an area's pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial

from ...records import ItemRecord
from .. import layout
from ..layout import Column, ExportOptions, ExtraColumn
from .data import SiteRow
from .html import esc

PAGE_ROWS = 1000
UNITS_HEADER = "责任单位"
ATTRIBUTE_HEADER = "公开属性"


def site_options(options: ExportOptions, units_of: Callable[[ItemRecord], str]) -> ExportOptions:
    """The options of the page tables and of the .xlsx download: national columns, 公开属性, 责任单位."""
    extra = [ExtraColumn(ATTRIBUTE_HEADER, lambda i: i.attribute, 10), ExtraColumn(UNITS_HEADER, units_of, 16)]
    return replace(options, extra_columns=extra, national_only=True)


def site_columns(options: ExportOptions) -> list[Column]:
    """The page tables' columns (``options`` from `site_options`)."""
    return layout.columns(options, national_only=True)


def split_pages(items: Sequence[ItemRecord], size: int = PAGE_ROWS) -> list[tuple[int, int]]:
    """(first, end) index ranges of an area's pages of at most ``size`` rows, cut between level-1
    runs; a run longer than a page is cut inside (its name is repeated at the top of the next page)."""
    pages: list[tuple[int, int]] = []
    start = 0
    for first, last in layout.level1_runs(items):
        end = last + 1
        if end - start > size and first > start:
            pages.append((start, first))
            start = first
        while end - start > size:
            pages.append((start, start + size))
            start += size
    if start < len(items) or not pages:
        pages.append((start, len(items)))
    return pages


def header_rows(cols: Sequence[Column]) -> str:
    """<colgroup>s and the two header rows, as the Excel's (group headers over their columns)."""
    groups, top, sub = [], [], []
    for first, last, text in layout.group_spans(cols):
        span = last - first + 1
        groups.append(f'<colgroup span="{span}"></colgroup>' if span > 1 else "<colgroup></colgroup>")
        if first == last and not cols[first].grouped:
            top.append(f'<th scope="col" rowspan="2" class="c{first}">{esc(text)}</th>')
            continue
        top.append(f'<th scope="colgroup" colspan="{span}">{esc(text)}</th>' if span > 1
                   else f'<th scope="col" class="c{first}">{esc(text)}</th>')
        for c in range(first, last + 1):
            sub.append(f'<th scope="col" class="c{c}">{esc(cols[c].header)}</th>')
    return "".join(groups) + f"<thead><tr>{''.join(top)}</tr><tr>{''.join(sub)}</tr></thead>\n"


def _cell_texts(cols: Sequence[Column], mode: str) -> list[Callable[[ItemRecord], str]]:
    """Per column, the escaped text of its cell (what `layout.cell_text` prints; 序号 is added per row)."""
    out: list[Callable[[ItemRecord], str]] = []
    for col in cols:
        if col.kind == "text":
            out.append(partial(_field_text, col.field))
        elif col.kind == "index":
            out.append(_no_text)
        else:
            out.append(partial(_layout_text, col, mode))
    return out


def _field_text(field: str, item: ItemRecord) -> str:
    return esc(getattr(item, field))


def _no_text(item: ItemRecord) -> str:
    return ""


def _layout_text(col: Column, mode: str, item: ItemRecord) -> str:
    return esc(layout.cell_text(item, col, 0, mode))


def body_rows(items: Sequence[ItemRecord], first: int, end: int, cols: Sequence[Column], mode: str) -> Iterator[str]:
    """The <tbody> groups of rows ``first``..``end`` (0-based indexes into the area's items)."""
    level1 = next(i for i, c in enumerate(cols) if c.field == "level1")
    level2 = next(i for i, c in enumerate(cols) if c.field == "level2")
    texts = _cell_texts(cols, mode)
    opens = [f'<th scope="row" class="c{c}">' if c == level2 else f'<td class="c{c}">' for c in range(len(cols))]
    closes = ["</th>" if c == level2 else "</td>" for c in range(len(cols))]
    rest = [c for c in range(len(cols)) if c not in (0, level1)]  # 0 is 序号
    page = items[first:end]
    for a, b in layout.level1_runs(page):
        parts = ["<tbody>"]
        for k in range(a, b + 1):
            n = first + k + 1
            item = page[k]
            cells = [f'<tr id="r{n}"><td class="c0">{n}</td>']
            if k == a:
                span = f' rowspan="{b - a + 1}"' if b > a else ""
                cells.append(f'<th scope="rowgroup"{span} class="c{level1}">{esc(item.level1)}</th>')
            cells += [opens[c] + texts[c](item) + closes[c] for c in rest]
            cells.append("</tr>")
            parts.append("".join(cells))
        parts.append("</tbody>\n")
        yield "".join(parts)


def table_html(items: Sequence[ItemRecord], first: int, end: int, cols: Sequence[Column], mode: str,
               caption: str) -> str:
    """One page's table, inside a keyboard-scrollable region (wide tables scroll on small screens)."""
    return ('<div class="table-wrap" role="region" aria-labelledby="table-caption" tabindex="0">\n'
            f'<table class="catalog">\n<caption id="table-caption">{esc(caption)}</caption>\n'
            + header_rows(cols) + "".join(body_rows(items, first, end, cols, mode)) + "</table>\n</div>\n")


def column_css(cols: Sequence[Column]) -> str:
    """Column widths as the Excel's (desktop), and the cell labels of the phone layout, where each
    row becomes a card: ``.cN::before`` says which column a cell is."""
    total = sum(c.width for c in cols)
    widths = "\n".join(f"table.catalog thead th.c{n} {{ width: {100 * c.width / total:.1f}%; }}" for n, c in enumerate(cols))
    ticks = ", ".join(f"table.catalog td.c{n}" for n, c in enumerate(cols) if c.kind == "tick")
    if ticks:
        widths += f"\n@media screen and (min-width: 721px), print {{ {ticks} {{ text-align: center; }} }}"
    rules = []
    for n, col in enumerate(cols):
        if col.kind == "index" or col.field in ("level1", "level2"):
            continue
        label = f"{col.group}·{col.header}" if col.grouped else col.header
        rules.append(f'.catalog td.c{n}::before {{ content: "{_css_string(label)}："; }}')
    return widths + "\n@media screen and (max-width: 720px) {\n" + "\n".join(rules) + "\n}\n"


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def rows_items(rows: Sequence[SiteRow]) -> list[ItemRecord]:
    return [r.item for r in rows]
