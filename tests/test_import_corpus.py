"""The import corpus (tests/data/catalogs): county-built tables in every layout and format import with
every item and every field right, and what the preview calls readable is exactly what is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gongkai_desktop import validation
from gongkai_desktop.documents.catalog_files import read_catalog_file
from gongkai_desktop.identity import choose_unit
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.imports import apply_import, plan_import, read_catalog
from tests.data.make_corpus import FIELDS

CORPUS = Path(__file__).parent / "data" / "catalogs"
EXPECTED: dict[str, list[dict]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
NEEDS_LIBREOFFICE = {n for n in EXPECTED if n.endswith((".doc", ".wps"))}
HAS_LIBREOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
FILES = [pytest.param(n, marks=[pytest.mark.slow, pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice missing")])
         if n in NEEDS_LIBREOFFICE else n for n in EXPECTED]


def read_items(preview) -> list[dict]:
    return [{"area": s.area_code, **{f: r[f] for f in FIELDS}} for s in preview.sheets for r in s.rows]


@pytest.mark.parametrize("name", FILES)
def test_every_item_and_every_field_of_the_corpus(name: str) -> None:
    preview = read_catalog_file(CORPUS / name)
    assert preview.refused == []
    assert read_items(preview) == EXPECTED[name]


def _importing_unit(new_workspace, name: str):
    """A township (responsible for every area a township has), so any area of the corpus can be written."""
    ws = new_workspace(name)
    choose_unit(ws, "虎山街道")
    return ws


@pytest.mark.parametrize("name", FILES)
def test_preview_and_write_are_one_path(new_workspace, name: str) -> None:
    """Every row the preview reads is written, with the values the preview showed; empty elements are
    kept and validation flags them."""
    ws = _importing_unit(new_workspace, "unit")
    preview = read_catalog(ws, CORPUS / name)
    summary = apply_import(ws, preview)
    assert summary.items_created == preview.rows_read == len(EXPECTED[name])
    written = []
    for cid in summary.catalog_ids:
        items = catalogs.load_items(ws, cid)
        area = next(c.area_code for c in catalogs.list_catalogs(ws) if c.id == cid)
        written += [{"area": area, **{f: getattr(i, f) for f in FIELDS}} for i in items]
    key = lambda d: (d["area"], d["level1"], d["level2"])  # noqa: E731 - areas are written catalog by catalog
    assert sorted(written, key=key) == sorted(EXPECTED[name], key=key)
    empty = [e for e in EXPECTED[name] if not e["mode"]]
    if empty:
        problems = {p.code for cid in summary.catalog_ids for p in validation.validate_items(catalogs.load_items(ws, cid))}
        assert "missing_mode" in problems


def test_a_row_with_empty_elements_is_kept_and_written(new_workspace) -> None:
    """The issue's case: names only, the source left the elements empty; the write used to fail on
    “公开方式的取值“”不是可选项” and import nothing."""
    ws = _importing_unit(new_workspace, "unit")
    preview = read_catalog(ws, CORPUS / "戌街乡_城乡规划_渠道勾选列.xlsx")
    assert preview.ok and all(r["mode"] == "" and r["audience"] == [] for r in preview.sheets[0].rows)
    summary = apply_import(ws, preview)
    items = catalogs.load_items(ws, summary.catalog_ids[0])
    assert len(items) == 4 and {i.mode for i in items} == {""}
    codes = {p.code for p in validation.validate_items(items)}
    assert {"missing_mode", "missing_audience", "missing_levels"} <= codes


def test_county_channel_spellings_are_the_national_channels() -> None:
    preview = read_catalog_file(CORPUS / "戌街乡_城乡规划_渠道勾选列.xlsx")
    last = preview.sheets[0].rows[-1]
    assert last["channels"] == ["政府网站", "政务服务中心", "社区/企事业单位/村公示栏（电子屏）"]
    assert last["channel_other"] == ""


def test_a_form_in_the_mode_column_is_a_note_not_a_refusal() -> None:
    preview = read_catalog_file(CORPUS / "XX县民政局_社会救助_全文发布.xlsx")
    sheet = preview.sheets[0]
    assert sheet.area_code == "05" and preview.refused == []
    first = sheet.rows[0]
    assert (first["mode"], first["attribute"]) == ("主动", "主动公开")
    assert first["remarks"].startswith("公开形式：全文发布")
    assert any("是公开形式，不是主动或依申请，已记入备注" in w.reason for w in sheet.warnings)
    assert any("“咨询电话”一列" in n for n in sheet.notes)
    assert any("说明：“监督举报电话”一列没有对应的栏目" in line for line in preview.lines())


def test_three_level_layout_and_old_excel() -> None:
    preview = read_catalog_file(CORPUS / "派出所_户籍管理_三级事项.xls")
    assert preview.kind == "xls" and preview.sheets[0].area_code == "04"
    assert preview.sheets[0].rows[0]["level1"] == "出生登记"  # 二级 is the national level-1 here
    assert any("（领域）" in c for c in preview.sheets[0].ignored_columns)
    assert read_catalog_file(CORPUS / "派出所_户籍管理_三级事项.et").kind == "et"


def test_word_tables_with_headings_repeated_headers_and_a_continued_table() -> None:
    preview = read_catalog_file(CORPUS / "户籍管理_公共文化服务.docx")
    tables = [(s.name, s.area_code, len(s.rows)) for s in preview.sheets]
    assert tables == [("表格1", "04", 4), ("表格2", "04", 3), ("表格3", "20", 2)]
    assert preview.lines()[0].startswith("表格“表格1”：（04）户籍管理")


def test_a_collection_sheet_is_read_area_by_area() -> None:
    preview = read_catalog_file(CORPUS / "目录汇编_社会保险_生态环境_卫生健康.xlsx")
    assert [(s.area_code, len(s.rows)) for s in preview.sheets] == [("10", 3), ("13", 1), ("21", 2)]


def test_the_preview_shows_matched_own_and_uncovered_template_items(ws, tmp_path: Path) -> None:
    """Names matched after normalising (收养、入籍等登记 = 收养和入籍等登记, brackets, spaces)."""
    preview = read_catalog(ws, CORPUS / "江山虎山街道_户籍管理_社会救助.xlsx", "04")
    plan = plan_import(ws, preview, "04")
    area = plan.areas[0]
    assert area.matched >= 5 and area.matched + area.own == preview.rows_read
    assert area.uncovered and all("/" in u for u in area.uncovered)
    text = "\n".join(preview.lines())
    assert f"对应国家标准指引事项 {area.matched} 个，本单位自有事项 {area.own} 个" in text
    assert "文件未包含的国家标准指引事项" in text
    assert area.own == 5 and "本单位自有事项（模板中没有同名事项）：综合业务/政策法规文件" in text  # the 社会救助 sheet, forced into 04
    summary = apply_import(ws, preview, "04")
    assert summary.template_matched == area.matched
    items = catalogs.load_items(ws, summary.catalog_ids[0])
    adopted = next(i for i in items if i.level2 == "收养登记")
    assert adopted.template_code is not None and adopted.source == "template"


def test_a_collection_sheet_whose_areas_have_different_layouts(tmp_path: Path) -> None:
    """A 汇编 pasted together from several sources: each area's block has its own header."""
    import openpyxl

    from tests.data.corpus_rows import HUJI, JIUZHU

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["（四）户籍管理领域基层政务公开标准目录"])
    ws.append(["一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体"])
    r = HUJI[0]
    ws.append([r.level1, r.level2, r.content, r.basis, r.time_limit, r.publisher, r.printed_channels])
    ws.append([])
    ws.append(["（五）社会救助领域基层政务公开标准目录"])
    ws.append(["序号", "公开主体", "二级事项", "一级事项", "公开渠道", "公开内容（要素）", "公开对象"])
    j = JIUZHU[1]
    ws.append([1, j.publisher, j.level2, j.level1, j.printed_channels, j.content, "全社会"])
    wb.save(tmp_path / "汇编.xlsx")
    preview = read_catalog_file(tmp_path / "汇编.xlsx")
    assert [(s.area_code, len(s.rows)) for s in preview.sheets] == [("04", 1), ("05", 1)]
    first, second = preview.sheets[0].rows[0], preview.sheets[1].rows[0]
    assert (first["level2"], first["publisher"], first["channels"]) == (r.level2, r.publisher, list(r.channels))
    assert (second["level1"], second["level2"], second["publisher"], second["content"]) == (
        j.level1, j.level2, j.publisher, j.content)
    assert second["channels"] == ["政府网站", "社区/企事业单位/村公示栏（电子屏）"] and second["audience"] == ["全社会"]
    assert preview.sheets[0].header_row == 2 and preview.sheets[1].header_row == 6
