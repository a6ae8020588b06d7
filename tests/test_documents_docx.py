"""Golden structure of the Word exports: landscape pages, repeated header, table size, merges, speed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from gongkai_desktop.documents.docx_export import (
    NegativeRow,
    WeeklyReport,
    WeeklyRow,
    write_docx,
    write_negative_list_docx,
    write_weekly_report_docx,
)
from gongkai_desktop.documents.layout import ExportOptions, SheetData
from gongkai_desktop.errors import DomainError
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.exports import export_catalogs, export_negative_list, export_weekly_report, weekly_report
from tests.documents_helpers import make_item, varied_catalog


def cell_texts(row) -> list[str]:
    return [tc.xpath("string(.)") for tc in row._tr.tc_lst]


def data_rows(d) -> list:
    """The data rows of every table (a catalog prints as one table per page, each with its header)."""
    return [r for t in d.tables for r in t.rows if r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None]


def test_catalog_document_structure(tmp_path: Path) -> None:
    items = [make_item(0, level1="甲"), make_item(1, level1="甲", remarks="x"), make_item(2, level1="乙",
                                                                                     content="第一行\n第二行")]
    out = write_docx([SheetData("户籍管理领域基层政务公开标准目录", "户籍管理", "市公安局", items)], tmp_path / "a.docx",
                     ExportOptions(day=date(2026, 7, 9)))
    d = docx.Document(str(out))
    sec = d.sections[0]
    assert sec.orientation == WD_ORIENT.LANDSCAPE and sec.page_width > sec.page_height
    assert abs(sec.page_width.mm - 297) < 1
    assert d.paragraphs[0].text == "户籍管理领域基层政务公开标准目录"
    assert d.paragraphs[0].style.name == "CatalogTitle"
    assert "市公安局" in d.paragraphs[1].text and "2026年7月9日" in d.paragraphs[1].text
    fonts = d.styles["CatalogTitle"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert d.styles["CatalogCell"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"

    table = d.tables[0]
    assert len(table.rows) == 2 + 3 and len(table.columns) == 14
    for header_row in table.rows[:2]:
        assert header_row._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)  # no row splits over pages
    top = cell_texts(table.rows[0])
    assert top[:4] == ["序号", "公开事项", "公开内容（要素）", "公开依据"]  # 公开事项 spans two grid columns
    assert cell_texts(table.rows[1])[:3] == ["", "一级事项", "二级事项"]  # 序号 merged down from the row above
    body = [cell_texts(r) for r in table.rows[2:]]
    assert [b[1] for b in body] == ["甲", "", "乙"]
    vmerge = [r._tr.tc_lst[1].tcPr.find(qn("w:vMerge")) for r in table.rows[2:]]
    assert vmerge[0].get(qn("w:val")) == "restart" and vmerge[1] is not None and vmerge[2] is None
    assert body[2][3] == "第一行第二行" and table.rows[4]._tr.xpath(".//w:br")  # a line break, not lost
    assert "√" in body[0]
    footer = sec.footer._element.xpath(".//w:fldSimple")
    assert footer and "PAGE" in footer[0].get(qn("w:instr"))


def test_a3_and_each_area_on_a_new_page(tmp_path: Path) -> None:
    sheets = [SheetData("一", "a", "u", [make_item(0)]), SheetData("二", "b", "u", [make_item(1)])]
    d = docx.Document(str(write_docx(sheets, tmp_path / "a.docx", ExportOptions(paper="A3"))))
    assert abs(d.sections[0].page_width.mm - 420) < 1
    titles = [p for p in d.paragraphs if p.style.name == "CatalogTitle"]
    assert [p.text for p in titles] == ["一", "二"]
    assert not titles[0].paragraph_format.page_break_before and titles[1].paragraph_format.page_break_before
    assert len(d.tables) == 2


def test_word_prints_national_columns_unless_asked(tmp_path: Path) -> None:
    d = docx.Document(str(write_docx([SheetData("t", "a", "u", [make_item(0)])], tmp_path / "a.docx",
                                     ExportOptions(national_only=False, channels="tick_columns"))))
    assert len(d.tables[0].columns) == 14 - 1 + 13 + 8


def test_two_thousand_rows_are_all_written(tmp_path: Path) -> None:
    """Every row of a big table (its speed is the benchmark's export_docx, not a test's)."""
    items = [make_item(n, content="受理部门、办理条件、办理流程、所需材料、办理时限" * 3) for n in range(2000)]
    out = write_docx([SheetData("t", "a", "u", items)], tmp_path / "big.docx")
    rows = data_rows(docx.Document(str(out)))
    assert len(rows) == 2000 and cell_texts(rows[-1])[2] == items[-1].level2


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as err:
        write_docx([SheetData("t", "a", "u", [make_item(0)])], tmp_path / "a.docx", cancelled=lambda: True)
    assert err.value.code == "cancelled" and list(tmp_path.iterdir()) == []


def test_negative_list_and_weekly_report_documents(tmp_path: Path) -> None:
    rows = [NegativeRow("户籍管理", "自有", "涉及个人隐私的信息", "身份证号码", "《条例》第十五条", "市公安局")]
    d = docx.Document(str(write_negative_list_docx(rows, tmp_path / "n.docx", "市公安局政务公开负面清单", "市公安局")))
    assert d.sections[0].orientation == WD_ORIENT.LANDSCAPE
    body = cell_texts(d.tables[0].rows[2])
    assert body[:7] == ["1", "户籍管理", "自有", "涉及个人隐私的信息", "身份证号码", "《条例》第十五条", "市公安局"]

    report = WeeklyReport("市公安局", "2026年第28周", "2026年7月3日至7月9日",
                          [WeeklyRow("户籍管理", "编制中", 12, 9, 3, 1), WeeklyRow("财政预决算", "已提交", 4, 4, 0, 0)],
                          problems_text="个别事项公开依据待确认。")
    d = docx.Document(str(write_weekly_report_docx(report, tmp_path / "w.docx")))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "市公安局政务公开事项标准目录编制工作进度周报"
    assert "个别事项公开依据待确认。" in texts and "二、存在的问题" in texts
    last = cell_texts(d.tables[0].rows[-1])
    assert last[1] == "合计" and last[3:8] == ["16", "13", "1", "3", "81%"]


def test_workspace_exports(ws, tmp_path: Path) -> None:
    varied_catalog(ws)
    result = export_catalogs(ws, "docx", ["户籍管理"], tmp_path / "c.docx")
    d = docx.Document(str(result.path))
    assert len(data_rows(d)) == result.rows == len(catalogs.load_items(ws, catalogs.list_catalogs(ws)[0].id))
    neg = export_negative_list(ws, tmp_path / "n.docx")
    assert neg.rows == 1
    assert "《中华人民共和国政府信息公开条例》第十五条" in docx.Document(str(neg.path)).tables[0].rows[2]._tr.xpath("string(.)")
    report = weekly_report(ws, date(2026, 7, 6))
    assert report.period == "2026年7月3日至7月9日" and [r.name for r in report.rows] == ["户籍管理"]
    assert export_weekly_report(ws, tmp_path / "w.docx").path.exists()
