"""The site's pages: the index by area, one page (or a few) per area, the negative list, the schema.

Each function returns a page's HTML; `writer` writes them. Every catalog text goes through
`html.esc` / `html.bdi`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...records import ItemRecord
from ..layout import Column
from . import opendata
from .data import SiteArea, SiteCatalog
from .html import Page, esc, join_bdi, page_html
from .names import area_file, slug
from .table import table_html

ATTRIBUTE_COUNTS = ("主动公开", "依申请公开", "不予公开")
DOWNLOADS = ((opendata.XLSX_FILE, "Excel 表格（.xlsx，每个领域一个工作表）"),
             (opendata.CSV_FILE, "CSV（UTF-8，可用 Excel、WPS 打开）"),
             (opendata.JSON_FILE, "JSON（开放数据）"),
             (opendata.SCHEMA_FILE, "JSON Schema（字段说明）"))


def _frame(catalog: SiteCatalog, page: Page, heading: str, body: str) -> str:
    return page_html(page, catalog.title, catalog.office, _day(catalog), catalog.generator, heading, body)


def _day(catalog: SiteCatalog) -> str:
    d = catalog.published
    return f"{d.year}年{d.month}月{d.day}日"


def _count(area: SiteArea, attribute: str) -> int:
    return area.by_attribute().get(attribute, 0)


def downloads_list(sizes: dict[str, int]) -> str:
    items = []
    for name, label in DOWNLOADS:
        size = f"（{_size(sizes[name])}）" if name in sizes else ""
        items.append(f'<li><a href="downloads/{name}" download>{esc(label)}</a>{size}</li>')
    return f'<ul class="downloads">{"".join(items)}</ul>\n'


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


def index_page(catalog: SiteCatalog, sizes: dict[str, int]) -> str:
    areas = catalog.shown_areas
    total = sum(len(a.rows) for a in areas)
    by_attr = {k: sum(_count(a, k) for a in areas) for k in ATTRIBUTE_COUNTS}
    negative = sum(len(a.negative) for a in areas)
    lead = (f'<p class="lead">本目录汇总了{esc(catalog.county)} {len(areas)} 个试点领域经审核通过的政务公开事项标准目录，'
            f"共 {total} 个事项，其中主动公开 {by_attr['主动公开']} 个、依申请公开 {by_attr['依申请公开']} 个、"
            f"不予公开 {by_attr['不予公开']} 个；各单位不予公开的事项及其依据列入"
            f'<a href="negative-list.html">负面清单</a>（共 {negative} 项）。'
            "在上方搜索框中输入文字，可以同时查找全部领域的事项。</p>\n")
    rows = []
    for n, a in enumerate(areas, start=1):
        rows.append(f'<tr><td>{n}</td><th scope="row"><a href="{area_file(a.code)}">{esc(a.name)}</a></th>'
                    f"<td>{len(a.rows)}</td>" + "".join(f"<td>{_count(a, k)}</td>" for k in ATTRIBUTE_COUNTS)
                    + f"<td>{len(a.units)}</td></tr>")
    table = ('<div class="table-wrap" role="region" aria-labelledby="areas-caption" tabindex="0">\n'
             '<table class="areas">\n<caption id="areas-caption">各领域事项数</caption>\n'
             '<thead><tr><th scope="col">序号</th><th scope="col">领域</th><th scope="col">事项</th>'
             + "".join(f'<th scope="col">{k}</th>' for k in ATTRIBUTE_COUNTS)
             + '<th scope="col">责任单位</th></tr></thead>\n<tbody>' + "\n".join(rows) + "</tbody>\n"
             f'<tfoot><tr><th scope="row" colspan="2">合计</th><td>{total}</td>'
             + "".join(f"<td>{by_attr[k]}</td>" for k in ATTRIBUTE_COUNTS)
             + f"<td>{len({u for a in areas for u in a.units})}</td></tr></tfoot>\n</table>\n</div>\n")
    body = (lead + '<h2 id="areas">各领域目录</h2>\n' + table
            + '<h2 id="downloads">下载</h2>\n<p>与网页相同的数据：</p>\n' + downloads_list(sizes)
            + '<p>各字段的含义见<a href="open-data.html">开放数据说明</a>。</p>\n')
    return _frame(catalog, Page("index.html", catalog.title, "index"), catalog.title, body)


def pager(code: str, page: int, pages: Sequence[tuple[int, int]]) -> str:
    if len(pages) < 2:
        return ""
    links = []
    for k, (first, end) in enumerate(pages, start=1):
        label = f"{first + 1}–{end}"
        if k == page:
            links.append(f'<li><a href="{area_file(code, k)}" aria-current="page">第 {k} 页（{label}）</a></li>')
        else:
            links.append(f'<li><a href="{area_file(code, k)}">第 {k} 页（{label}）</a></li>')
    return f'<nav class="pager" aria-label="分页"><ul>{"".join(links)}</ul></nav>\n'


def area_page(catalog: SiteCatalog, area: SiteArea, items: Sequence[ItemRecord], page: int,
              pages: Sequence[tuple[int, int]], cols: Sequence[Column]) -> str:
    first, end = pages[page - 1]
    heading = f"{catalog.county}{area.name}领域政务公开事项标准目录"
    part = f"（第 {page} / {len(pages)} 页，第 {first + 1}–{end} 项）" if len(pages) > 1 else ""
    lead = (f'<p class="lead">共 {len(area.rows)} 个事项：主动公开 {_count(area, "主动公开")} 个、'
            f'依申请公开 {_count(area, "依申请公开")} 个、不予公开 {_count(area, "不予公开")} 个'
            f"（不予公开的事项及其依据见"
            f'<a href="negative-list.html#area-{slug(area.code)}">负面清单</a>）。</p>\n'
            f'<p class="units">责任单位（{len(area.units)} 个）：{join_bdi(area.units)}。</p>\n'
            '<p class="controls back"><a href="index.html">返回各领域目录</a>'
            f'　<a href="downloads/{opendata.XLSX_FILE}" download>下载 Excel</a>'
            '　<a href="open-data.html">开放数据</a></p>\n')
    nav = pager(area.code, page, pages)
    table = table_html(items, first, end, cols, catalog.options.channels, heading + part)
    title = heading + (f"（第 {page} 页）" if len(pages) > 1 else "")
    return _frame(catalog, Page(area_file(area.code, page), title), heading, lead + nav + table + nav)


NEGATIVE_HEADERS = ("序号", "一级事项", "二级事项", "公开内容（要素）", "不予公开依据", "责任单位", "备注")


def negative_page(catalog: SiteCatalog) -> str:
    areas = catalog.shown_areas
    total = sum(len(a.negative) for a in areas)
    parts = [f'<p class="lead">经审核，以下 {total} 个事项不予公开，每项列出不予公开的依据。</p>\n']
    for a in areas:
        parts.append(f'<h2 id="area-{slug(a.code)}">{esc(a.name)}（{len(a.negative)} 项）</h2>\n')
        if not a.negative:
            parts.append("<p>本领域没有不予公开的事项。</p>\n")
            continue
        head = "".join(f'<th scope="col">{h}</th>' for h in NEGATIVE_HEADERS)
        rows = []
        for n, e in enumerate(a.negative, start=1):
            i = e.item
            rows.append(f"<tr><td>{n}</td><td>{esc(i.level1)}</td><th scope=\"row\">{esc(i.level2)}</th>"
                        f"<td>{esc(i.content)}</td><td>{esc(i.legal_ground)}</td><td>{esc(e.unit_name)}</td>"
                        f"<td>{esc(i.remarks)}</td></tr>")
        parts.append(f'<div class="table-wrap" role="region" aria-labelledby="neg-{slug(a.code)}" tabindex="0">\n'
                     f'<table class="negative">\n<caption id="neg-{slug(a.code)}">{esc(a.name)}领域负面清单</caption>\n'
                     f"<thead><tr>{head}</tr></thead>\n<tbody>" + "\n".join(rows) + "</tbody>\n</table>\n</div>\n")
    title = f"{catalog.county}政务公开负面清单"
    return _frame(catalog, Page("negative-list.html", title, "negative"), title, "".join(parts))


def schema_page(catalog: SiteCatalog, sizes: dict[str, int]) -> str:
    rows = []
    for f in opendata.FIELDS:
        kind = {"string": "文本", "integer": "整数", "list": "列表（CSV 中以“、”分隔）"}[f.kind]
        values = f"<br>取值：{join_bdi(f.values)}" if f.values else ""
        rows.append(f"<tr><th scope=\"row\">{esc(f.header)}</th><td><code>{esc(f.key)}</code></td><td>{kind}</td>"
                    f"<td>{esc(f.text)}{values}</td></tr>")
    body = ("<p class=\"lead\">目录的全部事项可以下载为 Excel、CSV 和 JSON，内容与网页相同："
            "每个事项一行（一条记录），顺序与网页一致。</p>\n"
            '<h2 id="files">文件</h2>\n' + downloads_list(sizes)
            + '<h2 id="fields">字段</h2>\n'
            '<div class="table-wrap" role="region" aria-labelledby="fields-caption" tabindex="0">\n'
            '<table class="fields">\n<caption id="fields-caption">每个事项的字段（CSV 的列、JSON 的键）</caption>\n'
            '<thead><tr><th scope="col">CSV 列名</th><th scope="col">JSON 键</th><th scope="col">类型</th>'
            '<th scope="col">含义</th></tr></thead>\n<tbody>' + "\n".join(rows) + "</tbody>\n</table>\n</div>\n"
            '<h2 id="csv">CSV</h2>\n<ul>\n'
            "<li>编码为 UTF-8，文件开头带 BOM（Excel、WPS 可直接打开，不会乱码）；逗号分隔，文本按需加英文双引号。</li>\n"
            "<li>列表字段（公开渠道和载体、公开对象、公开层级、责任单位、五公开）的多个值以“、”分隔。</li>\n"
            "<li>以 = + - @ 开头的文本前加了一个英文单引号 '，防止表格软件把它当作公式执行；JSON 中为原文。</li>\n"
            "</ul>\n"
            '<h2 id="json">JSON</h2>\n'
            f"<p>一个对象：<code>format</code>（固定为 <code>{opendata.FORMAT}</code>）、"
            f"<code>format_version</code>（当前为 {opendata.FORMAT_VERSION}）、<code>title</code>、<code>county</code>、"
            "<code>office</code>、<code>published</code>（发布日期，YYYY-MM-DD）、<code>areas</code>"
            "（各领域的编号、名称、事项数、按公开属性和公开方式的统计、不予公开事项数、责任单位）和 "
            "<code>items</code>（每个事项一个对象，键见上表；列表字段为数组）。"
            f'完整的结构见 <a href="downloads/{opendata.SCHEMA_FILE}">JSON Schema</a>。</p>\n')
    title = "开放数据说明"
    return _frame(catalog, Page("open-data.html", title, "data"), title, body)
