"""Golden structure of the exported workbook: merged ranges, header texts, tick columns, print setup."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from gongkai_desktop.documents.layout import ExportOptions, ExtraColumn, SheetData
from gongkai_desktop.documents.xlsx_export import write_xlsx
from gongkai_desktop.errors import DomainError
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.exports import export_catalogs
from tests.documents_helpers import make_item, varied_catalog

NATIONAL = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
            "公开对象", None, "公开方式", None, "公开层级", None]
SUBS = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群体", "主动", "依申请", "县级", "乡级"]


def header(ws: openpyxl.worksheet.worksheet.Worksheet, row: int) -> list:
    """A header row's texts as read (a header too long for its printed column is broken between words)."""
    return [c.value.replace("\n", "") if isinstance(c.value, str) else c.value for c in ws[row]]


def test_national_layout_headers_merges_and_ticks(tmp_path: Path) -> None:
    items = [make_item(0, level1="甲"), make_item(1, level1="甲", mode="依申请", levels=["县级", "乡级"]),
             make_item(2, level1="甲", audience=["特定群体"]), make_item(3, level1="乙")]
    out = write_xlsx([SheetData("户籍管理领域基层政务公开标准目录", "户籍管理", "市公安局", items)],
                     tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(out).active
    assert ws.title == "户籍管理"
    assert ws["A1"].value == "户籍管理领域基层政务公开标准目录"
    assert header(ws, 2)[:14] == NATIONAL
    assert header(ws, 3)[:14] == SUBS
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"B2:C2", "I2:J2", "K2:L2", "M2:N2", "A2:A3", "D2:D3", "H2:H3"} <= merged
    assert "B4:B6" in merged and not any(r.startswith("B7") for r in merged)  # 甲 spans three rows, 乙 one
    assert ws["B4"].value == "甲" and ws["B5"].value is None and ws["B7"].value == "乙"
    ticks = [[c.value for c in row[8:14]] for row in ws.iter_rows(min_row=4, max_row=7)]
    assert ticks == [["√", None, "√", None, "√", None], ["√", None, None, "√", "√", "√"],
                     [None, "√", "√", None, "√", None], ["√", None, "√", None, "√", None]]
    assert ws["H4"].value.startswith("■政府网站 □政府公报")
    assert ws["A4"].value == 1 and ws["A7"].value == 4 and ws["A4"].data_type == "n"


def test_print_setup_freeze_and_wrapping(tmp_path: Path) -> None:
    out = write_xlsx([SheetData("t", "户籍管理", "市公安局", [make_item(0, content="很长的内容" * 40)])],
                     tmp_path / "a.xlsx", ExportOptions(paper="A3"))
    ws = openpyxl.load_workbook(out).active
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$2:$3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 8
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # 1 is the default
    assert ws.page_setup.fitToHeight == 0
    assert ws["D4"].alignment.wrap_text and ws["D4"].border.left.style == "thin"
    assert ws.row_dimensions[4].height > 40  # a row tall enough to print 200 characters
    assert "市公安局" in ws.oddHeader.left.text and "&P" in ws.oddFooter.center.text
    assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width


def test_a_sheet_per_area_with_unique_excel_safe_names(tmp_path: Path) -> None:
    sheets = [SheetData("t", "户籍管理", "u", [make_item(0)]), SheetData("t", "户籍管理", "u", [make_item(1)]),
              SheetData("t", "a/b:c*d?[e]" + "长" * 40, "u", [make_item(2)])]
    wb = openpyxl.load_workbook(write_xlsx(sheets, tmp_path / "a.xlsx"))
    assert wb.sheetnames[:2] == ["户籍管理", "户籍管理(2)"]
    assert len(wb.sheetnames[2]) <= 31 and not set("/:*?[]") & set(wb.sheetnames[2])


def test_formula_like_text_is_stored_as_escaped_text(tmp_path: Path) -> None:
    items = [make_item(0, content="=HYPERLINK(\"http://x\")", basis="+1", time_limit="-2", publisher="@a",
                       remarks="'=already quoted")]
    out = write_xlsx([SheetData("t", "a", "u", items)], tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(out).active
    for ref in ("D4", "E4", "F4", "G4"):
        assert ws[ref].data_type == "s" and ws[ref].quotePrefix, ref
    assert ws["D4"].value == "=HYPERLINK(\"http://x\")"
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no cell became a formula


@pytest.mark.parametrize(("mode", "count"), [("checklist", 1), ("chosen_only", 1), ("tick_columns", 13)])
def test_channel_settings(tmp_path: Path, mode: str, count: int) -> None:
    item = make_item(0, channels=["政府网站", "其他"], channel_other="办税服务厅")
    ws = openpyxl.load_workbook(write_xlsx([SheetData("t", "a", "u", [item])], tmp_path / "a.xlsx",
                                           ExportOptions(channels=mode))).active
    row2 = header(ws, 2)
    assert row2.count("公开渠道和载体") == 1  # one group header (merged over its columns)
    start = row2.index("公开渠道和载体")
    cells = [c.value for c in ws[4][start:start + count]]
    if mode == "checklist":
        assert cells[0].count("□") == 11 and "■政府网站" in cells[0] and cells[0].endswith("■其他：办税服务厅")
    elif mode == "chosen_only":
        assert cells == ["■政府网站 ■其他：办税服务厅"]
    else:
        assert header(ws, 3)[start:start + count][0] == "政府网站"
        assert cells[0] == "√" and cells[-1] == "√办税服务厅" and cells[1] is None


def test_zhejiang_level_labels(tmp_path: Path) -> None:
    item = make_item(0, levels=["乡级"])
    ws = openpyxl.load_workbook(write_xlsx([SheetData("t", "a", "u", [item])], tmp_path / "a.xlsx",
                                           ExportOptions(levels="zhejiang"))).active
    subs = header(ws, 3)
    i = subs.index("市级")
    assert subs[i:i + 3] == ["市级", "镇街乡", "村"]
    assert [c.value for c in ws[4][i:i + 3]] == [None, "√", None]


def test_extra_columns_at_the_right_and_national_only_hides_them(tmp_path: Path) -> None:
    opts = ExportOptions(national_only=True, extra_columns=[ExtraColumn("责任单位", lambda i: "市公安局")])
    ws = openpyxl.load_workbook(write_xlsx([SheetData("t", "a", "u", [make_item(0)])], tmp_path / "a.xlsx",
                                           opts)).active
    row2 = header(ws, 2)
    assert row2[14:22] == ["公开属性", "不予公开依据", "适用情况", "不适用理由", "来源", "模板编号", "五公开", "备注"]
    assert row2[22] == "责任单位" and ws.cell(4, 23).value == "市公安局"
    assert ws.column_dimensions["O"].hidden and not ws.column_dimensions["W"].hidden
    assert not ws.column_dimensions["N"].hidden


def test_export_reports_progress_and_cancel_leaves_no_file(tmp_path: Path) -> None:
    items = [make_item(n) for n in range(1200)]
    seen: list[float] = []
    out = tmp_path / "a.xlsx"
    write_xlsx([SheetData("t", "a", "u", items)], out, progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and len(seen) >= 3 and seen == sorted(seen)
    out.unlink()
    with pytest.raises(DomainError) as err:
        write_xlsx([SheetData("t", "a", "u", items)], out, cancelled=lambda: len(seen) > 0)
    assert err.value.code == "cancelled"
    assert list(tmp_path.iterdir()) == []


def test_export_catalogs_of_the_unit(ws, tmp_path: Path) -> None:
    varied_catalog(ws)
    catalogs.start_catalog(ws, "08")
    result = export_catalogs(ws, "xlsx", None, tmp_path / "all.xlsx")
    wb = openpyxl.load_workbook(result.path)
    assert wb.sheetnames == ["户籍管理", "财政预决算"]
    assert wb["户籍管理"]["A1"].value == "市公安局户籍管理领域基层政务公开标准目录"
    with pytest.raises(DomainError) as err:
        export_catalogs(ws, "xlsx", ["重大建设项目"], tmp_path / "x.xlsx")
    assert err.value.code == "catalog_not_started"
