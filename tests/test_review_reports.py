"""The review office's documents: county aggregate (xlsx/docx), negative list, weekly report."""

from __future__ import annotations

from datetime import date

import openpyxl
from docx import Document

from gongkai_desktop.office import decisions, importing, reports
from gongkai_desktop.unit import catalogs
from tests.test_review_loop import AREA, current, submit


def approve_two_townships(county, tmp_path):  # noqa: ANN001, ANN201
    office, units = county
    for name in ("双塔街道", "虎山街道"):
        ws = units[name]
        cat = catalogs.find_catalog(ws, AREA)
        items = catalogs.load_items(ws, cat.id)
        if name == "虎山街道":
            catalogs.edit_item(ws, items[0].id, {"content": "本镇自定的公开内容"})
            catalogs.add_item(ws, cat.id, "other", items[0].level1, "涉密事项", fields={
                "attribute": "不予公开", "legal_ground": "《中华人民共和国政府信息公开条例》第十四条"})
        importing.import_files(office, [submit(ws, tmp_path, name)])
        decisions.decide(office, current(office, name).id, "approved", "总结验收", accept_problems=True)
    return office, units


def test_county_aggregate_xlsx_has_unit_and_flag_columns(county, tmp_path) -> None:
    office, units = approve_two_townships(county, tmp_path)
    result = reports.export_aggregate(office, tmp_path / "county.xlsx")
    wb = openpyxl.load_workbook(result.path)
    ws = wb[wb.sheetnames[0]]
    texts = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(r for r in texts if "责任单位" in r)
    unit_col, flag_col = header.index("责任单位"), header.index("审核提示")
    body = [r for r in texts if r[unit_col] and r[unit_col] != "责任单位"]
    assert any(r[unit_col] == "双塔街道、虎山街道" for r in body)
    assert any(r[flag_col] and "公开内容不一致" in r[flag_col] for r in body)
    assert any(r[unit_col] == "虎山街道" for r in body)  # the own item only one township has
    assert "编制单位：江山市人民政府办公室" in ws.oddHeader.left.text  # compiled by the 市府办, not “填报单位：江山市”
    letter = openpyxl.utils.get_column_letter
    assert ws.column_dimensions[letter(flag_col + 1)].hidden  # the reviewers' hints are not printed by default
    assert not ws.column_dimensions[letter(unit_col + 1)].hidden


def test_negative_list_and_weekly_report(county, tmp_path) -> None:
    office, _ = approve_two_townships(county, tmp_path)
    neg = reports.export_negative_list(office, tmp_path / "neg.docx")
    assert neg.rows == 1
    text = "\n".join(c.text for t in Document(neg.path).tables for row in t.rows for c in row.cells)
    assert "涉密事项" in text and "第十四条" in text and "虎山街道" in text
    week = reports.weekly_document(office, date.today())
    assert "本周收到报送2项" in week.done_text and "本周审核通过2项" in week.done_text
    path = reports.export_weekly_report(office, tmp_path / "week.docx", date.today()).path
    doc = Document(path)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "进度周报" in body and "双塔街道" in body
    names = [row.cells[1].text for row in doc.tables[0].rows]
    assert "双塔街道" in names and "合计" in names
