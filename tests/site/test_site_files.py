"""The published site's files, read back as a web browser, Excel and an open-data user would read them.

The pages are parsed with html5lib (the HTML standard's parser, as browsers parse), the .xlsx with
openpyxl, the CSV with the csv module, the JSON against its own JSON Schema.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import html5lib
import jsonschema
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai_desktop.documents import layout
from gongkai_desktop.documents.site import opendata
from gongkai_desktop.documents.site.table import split_pages
from gongkai_desktop.office import aggregate
from gongkai_desktop.records import ItemRecord
from tests.site.county_site import (
    AREA,
    GROUND,
    HOSTILE_BASIS,
    HOSTILE_CONTENT,
    HOSTILE_LEVEL2,
    HOSTILE_PUBLISHER,
    ODD_TIME_LIMIT,
    SECRET_LEVEL2,
)

NS = {"h": "http://www.w3.org/1999/xhtml"}
XLSX_FIRST_DATA_ROW = 4  # title row, two header rows (documents/xlsx_export.py)


def parse(path: Path):  # noqa: ANN201
    return html5lib.parse(path.read_bytes(), treebuilder="lxml", namespaceHTMLElements=True)


def text(el) -> str:  # noqa: ANN001
    return "".join(el.itertext())


def html_pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def shown(s: str) -> str:
    """What a page shows for a stored text: C0 control characters become U+FFFD."""
    return "".join("\ufffd" if ord(c) < 32 and c not in "\t\n\r" else c for c in s)


def test_every_area_with_approved_rows_has_a_page_and_an_index_entry(county_site: Path, county_office) -> None:
    office, second = county_office
    doc = parse(county_site / "index.html")
    rows = doc.findall(".//h:table[@class='areas']/h:tbody/h:tr", NS)
    links = {r.find("h:th/h:a", NS).get("href"): [text(c) for c in r] for r in rows}
    assert set(links) == {f"area-{AREA}.html", f"area-{second}.html"}
    for code in (AREA, second):
        agg = aggregate.aggregate_area(office, code)
        cells = links[f"area-{code}.html"]
        assert cells[1] == agg.area_name and int(cells[2]) == len(agg.rows)
        assert int(cells[5]) == sum(r.item.attribute == "不予公开" for r in agg.rows)
        assert (county_site / f"area-{code}.html").is_file()
    assert [h.tag.split("}")[1] for h in doc.iter("{*}h1", "{*}h2")][:2] == ["h1", "h2"]


def _header_text(value: object) -> object:
    """A header cell as read (the printed Excel breaks a long header between its words)."""
    return value.replace("\n", "") if isinstance(value, str) else value


def _joined(runs: list[tuple[int, int]], text_at) -> list[tuple[int, int]]:
    """The Excel's merged 一级事项 pieces joined into runs: the printed sheet merges a run again on each
    page it continues onto (its first row there carries the text again), the page merges it once."""
    out: list[tuple[int, int]] = []
    for first, last in runs:
        if out and out[-1][1] + 1 == first and text_at(first) and text_at(first) == text_at(out[-1][0]):
            out[-1] = (out[-1][0], last)
        else:
            out.append((first, last))
    return out


def test_area_table_has_the_excel_columns_and_merged_level1_rows(county_site: Path) -> None:
    doc = parse(county_site / f"area-{AREA}.html")
    table = doc.find(".//h:table[@class='catalog']", NS)
    head = table.findall("h:thead/h:tr", NS)
    assert all(th.get("scope") in ("col", "colgroup") for tr in head for th in tr)
    wb = openpyxl.load_workbook(county_site / "downloads" / opendata.XLSX_FILE)
    sheet = wb.worksheets[0]
    # the Excel's two header rows, merged cells filled in, against the page's two header rows
    grid = [[_header_text(sheet.cell(r, c).value) for c in range(1, sheet.max_column + 1)] for r in (2, 3)]
    for rng in sheet.merged_cells.ranges:
        if rng.min_row in (2, 3) and rng.max_row <= 3:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    grid[r - 2][c - 1] = _header_text(sheet.cell(rng.min_row, rng.min_col).value)
    page_grid = _expand_header(head)
    assert page_grid == grid
    assert "责任单位" in grid[1] and "公开属性" in grid[1] and "审核提示" not in grid[1]
    # merged 一级事项: one <tbody> per run, the name once as a rowgroup header spanning it, as the Excel merges it
    level1_col = grid[1].index("一级事项") + 1
    merged = {r.min_row - XLSX_FIRST_DATA_ROW: r.max_row - XLSX_FIRST_DATA_ROW for r in sheet.merged_cells.ranges
              if r.min_col == level1_col == r.max_col and r.min_row >= XLSX_FIRST_DATA_ROW}
    pieces, n = [], 0
    while n <= sheet.max_row - XLSX_FIRST_DATA_ROW:
        pieces.append((n, merged.get(n, n)))
        n = pieces[-1][1] + 1
    excel_runs = [r for r in _joined(pieces, lambda n: sheet.cell(XLSX_FIRST_DATA_ROW + n, level1_col).value)
                  if r[1] > r[0]]
    page_runs, n = [], 0
    for body in table.findall("h:tbody", NS):
        trs = body.findall("h:tr", NS)
        group = trs[0].find("h:th[@scope='rowgroup']", NS)
        assert group is not None and int(group.get("rowspan", "1")) == len(trs)
        assert all(tr.find("h:th[@scope='row']", NS) is not None for tr in trs)  # 二级事项 heads each row
        if len(trs) > 1:
            page_runs.append((n, n + len(trs) - 1))
        n += len(trs)
    assert page_runs == excel_runs and excel_runs
    assert n == sheet.max_row - XLSX_FIRST_DATA_ROW + 1
    # the cells of a row are the Excel's cells of that row
    first = [text(c) for c in table.find("h:tbody/h:tr", NS)]
    assert first == [str(v) if v is not None else "" for v in (sheet.cell(XLSX_FIRST_DATA_ROW, c).value
                                                                   for c in range(1, sheet.max_column + 1))]


def _expand_header(rows) -> list[list[str]]:  # noqa: ANN001
    """The two header rows with colspan/rowspan cells repeated, as a 2 × n grid."""
    grid: list[list[str | None]] = [[], []]
    pending: list[int] = []
    for th in rows[0]:
        span, down = int(th.get("colspan", "1")), int(th.get("rowspan", "1"))
        for _ in range(span):
            grid[0].append(text(th))
            pending.append(len(grid[0]) - 1 if down == 1 else -1)
            grid[1].append(text(th) if down == 2 else None)
    subs = iter(rows[1])
    for n, cell in enumerate(grid[1]):
        if cell is None:
            grid[1][n] = text(next(subs))
    return grid  # type: ignore[return-value]


def test_hostile_text_stays_text_on_every_page_and_in_the_data(county_site: Path, county_office) -> None:
    stored = next(r.item for r in aggregate.aggregate_area(county_office[0], AREA).rows if r.item.level2 == HOSTILE_LEVEL2)
    # the core strips bidi controls on the way in (itemrules.clean_text); the markup stays as text
    assert stored.content.startswith(HOSTILE_CONTENT[:38]) and "\u202e" not in stored.content
    assert "\u2028" in stored.content
    for page in html_pages(county_site):
        doc = parse(page)
        scripts = [s.get("src") for s in doc.iter("{*}script")]
        assert scripts == ["assets/site.js?v=1"], page.name
        assert doc.find(".//h:img", NS) is None and doc.find(".//h:b", NS) is None, page.name
        assert not [a for el in doc.iter() for a in el.attrib if a.lower().startswith("on")], page.name
    doc = parse(county_site / f"area-{AREA}.html")
    row = next(tr for tr in doc.iterfind(".//h:tbody/h:tr", NS) if text(tr.find("h:th[@scope='row']", NS)) == HOSTILE_LEVEL2)
    cells = [text(c) for c in row]
    assert shown(stored.content) in cells and HOSTILE_BASIS in cells and HOSTILE_PUBLISHER in cells
    raw = (county_site / f"area-{AREA}.html").read_text(encoding="utf-8")
    assert "\x07" not in raw and "<script>window" not in raw
    # open data: JSON keeps every character, CSV guards formulas for Excel, the search index parses
    items = json.loads((county_site / "downloads" / opendata.JSON_FILE).read_bytes())["items"]
    hostile = next(i for i in items if i["level2"] == HOSTILE_LEVEL2)
    assert (hostile["content"], hostile["basis"], hostile["publisher"]) == (stored.content, HOSTILE_BASIS, HOSTILE_PUBLISHER)
    rows = list(csv.DictReader(io.StringIO((county_site / "downloads" / opendata.CSV_FILE).read_text(encoding="utf-8-sig"))))
    got = next(r for r in rows if r["二级事项"] == HOSTILE_LEVEL2)
    assert got["公开依据"] == "'" + HOSTILE_BASIS and got["公开主体"] == "'" + HOSTILE_PUBLISHER
    assert got["公开内容（要素）"] == stored.content
    index = search_index(county_site)
    assert any(r[2] == HOSTILE_LEVEL2 and r[4] == stored.content for r in index["rows"])


def search_index(site: Path) -> dict:
    js = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.GONGKAI_SEARCH_INDEX="
    assert js.startswith(prefix) and js.rstrip().endswith(";")
    return json.loads(js[len(prefix):].rstrip().rstrip(";"))


def test_open_data_follows_its_schema_and_matches_the_pages(county_site: Path, county_office) -> None:
    office, second = county_office
    raw = (county_site / "downloads" / opendata.CSV_FILE).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [f.header for f in opendata.FIELDS]
    doc = json.loads((county_site / "downloads" / opendata.JSON_FILE).read_bytes())
    schema = json.loads((county_site / "downloads" / opendata.SCHEMA_FILE).read_bytes())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    total = sum(len(aggregate.aggregate_area(office, c).rows) for c in (AREA, second))
    assert len(doc["items"]) == len(rows) - 1 == total == len(search_index(county_site)["rows"])
    assert [(a["code"], a["items"]) for a in doc["areas"]] == sorted(
        (c, len(aggregate.aggregate_area(office, c).rows)) for c in (AREA, second))
    merged = next(i for i in doc["items"] if i["time_limit"] == ODD_TIME_LIMIT or len(i["units"]) == 2)
    assert merged["scope"] == "乡镇" and set(merged["units"]) <= {"双塔街道", "虎山街道"}
    # every field of the schema page is explained on the site's 开放数据 page
    page = text(parse(county_site / "open-data.html").getroot())
    assert all(f.key in page and f.header in page for f in opendata.FIELDS)


def test_negative_list_and_no_review_hints_in_public(county_site: Path) -> None:
    doc = parse(county_site / "negative-list.html")
    cells = [[text(c) for c in tr] for tr in doc.iterfind(".//h:table/h:tbody/h:tr", NS)]
    assert [c for c in cells if c[2] == SECRET_LEVEL2][0][4:6] == [GROUND, "虎山街道"]
    for page in html_pages(county_site):
        assert "不一致" not in page.read_text(encoding="utf-8"), page.name  # 审核提示 stay in the office


def test_print_and_phone_rules_are_in_the_stylesheet(county_site: Path) -> None:
    css = (county_site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "@page { size: A4 landscape" in css and "thead { display: table-header-group; }" in css
    assert "@media screen and (max-width: 720px)" in css and "公开内容（要素）：" in css  # the phone layout's labels
    assert "url(" not in css and "@import" not in css  # no web fonts, no images from elsewhere
    for page in html_pages(county_site):
        doc = parse(page)
        refs = [el.get(a) for el in doc.iter() for a in ("href", "src") if el.get(a)]
        assert refs and all(":" not in r.split("#")[0] and not r.startswith("//") for r in refs), page.name  # all local
        for ref in refs:
            local = ref.split("#")[0].split("?")[0]
            assert not local or (county_site / local).is_file(), (page.name, ref)  # and every link resolves
        assert doc.find(".//h:meta[@name='viewport']", NS).get("content") == "width=device-width, initial-scale=1"


def item(n: int, level1: str) -> ItemRecord:
    return ItemRecord(id=f"i{n}", catalog_id=1, position=n, level1=level1, level2=f"事项{n}")


@given(st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=40), st.integers(min_value=1, max_value=25))
def test_long_areas_are_cut_into_pages_between_level1_runs(runs: list[int], size: int) -> None:
    items: list[ItemRecord] = []
    for r, n in enumerate(runs):
        items += [item(len(items) + k, f"类别{r}") for k in range(n)]
    pages = split_pages(items, size)
    assert pages[0][0] == 0 and pages[-1][1] == len(items)
    assert all(a[1] == b[0] for a, b in zip(pages, pages[1:]))
    assert all(0 < end - first <= size for first, end in pages)
    starts = {first for first, _ in layout.level1_runs(items)}
    long_runs = [(f, e) for f, e in layout.level1_runs(items) if e - f + 1 > size]
    for first, _end in pages:  # a page starts at a level-1 run, unless it continues a run longer than a page
        assert first in starts or any(f < first <= e for f, e in long_runs)


@pytest.mark.parametrize("bad", ["file", "foreign"])
def test_a_target_that_is_not_a_site_is_refused(county_office, tmp_path: Path, bad: str) -> None:
    from gongkai_desktop.errors import DomainError
    from gongkai_desktop.office.publish import publish_county

    target = tmp_path / "target"
    if bad == "file":
        target.write_text("a file", encoding="utf-8")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("someone's notes", encoding="utf-8")
    with pytest.raises(DomainError) as err:
        publish_county(county_office[0], target)
    assert err.value.code == ("target_not_folder" if bad == "file" else "target_not_empty")
    assert "文件" in err.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]  # nothing else written beside it


def test_readme_documents_the_open_data_schema_and_shows_the_site() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for f in opendata.FIELDS:
        assert f"| `{f.key}` | {f.header} |" in readme, f.key
    for shot in ("site-index.png", "site-area.png", "site-search.png", "site-phone.png"):
        assert f"(docs/{shot})" in readme and (Path(__file__).resolve().parents[2] / "docs" / shot).stat().st_size > 10_000


def test_the_writer_works_on_plain_rows_and_keeps_area_codes_out_of_paths(tmp_path: Path) -> None:
    from gongkai_desktop.documents.site import SiteArea, SiteCatalog, SiteRow, write_site

    rows = [SiteRow(ItemRecord(id=f"x{n}", catalog_id=1, position=n, level1="类别", level2=f"事项{n}", content="内容",
                               mode="主动", audience=["全社会"], levels=["县级"], channels=["政府网站"]), ["某单位"])
            for n in range(3)]
    catalog = SiteCatalog("某县", "某县政务公开办", [SiteArea("../../evil", "试验领域", rows, units=["某单位"]),
                                                SiteArea("02", "空领域", [])])
    result = write_site(catalog, tmp_path / "site")
    assert (result.areas, result.items, result.negative) == (1, 3, 0)
    pages = sorted(p.name for p in (tmp_path / "site").glob("area-*.html"))
    assert pages == ["area-______evil.html"] and sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    index = search_index(tmp_path / "site")
    assert index["areas"] == [["../../evil", "试验领域", [1], "______evil"]]
    doc = parse(tmp_path / "site" / "index.html")
    assert [a.get("href") for a in doc.iterfind(".//h:table[@class='areas']//h:a", NS)] == ["area-______evil.html"]
