"""Importing units' own Excel catalogs: header variants, marks, merges, spacer rows, several areas, bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from gongkai_desktop import reference, vocab
from gongkai_desktop.documents.layout import ExportOptions
from gongkai_desktop.documents.xlsx_import import read_xlsx
from gongkai_desktop.errors import DomainError
from gongkai_desktop.models import Catalog, CatalogItem, ChangeLog, Template
from gongkai_desktop.office.templates import import_template_xlsx
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.exports import export_catalogs
from gongkai_desktop.unit.imports import apply_import, read_catalog_xlsx

HEAD1 = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
         "公开对象", None, "公开方式", None, "公开层级", None, None]
HEAD2 = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开",
         "市级", "镇街乡", "村"]


def hand_made(path: Path, sheets: dict[str, list[list]], title_rows: int = 2, merges: dict | None = None) -> Path:
    """A workbook as a unit would make it: a title, blank rows, two header rows with merged groups."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append([f"江山市{name}领域基层政务公开标准目录"])
        for _ in range(title_rows - 1):
            ws.append([])
        ws.append(HEAD1)
        ws.append(HEAD2)
        top = title_rows + 1
        for a, b in (("A", "A"), ("D", "D"), ("E", "E"), ("F", "F"), ("G", "G"), ("H", "H")):
            ws.merge_cells(f"{a}{top}:{b}{top + 1}")
        for rng in ("B", "C"), ("I", "J"), ("K", "L"), ("M", "O"):
            ws.merge_cells(f"{rng[0]}{top}:{rng[1]}{top}")
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def row(n, l1, l2, ticks=("√", None, "√", None, "√", None, None), channels="■政府网站 □政府公报", **kw):
    return [n, l1, l2, kw.get("content", "内容"), "《条例》", "20个工作日内", kw.get("publisher", "市公安局"), channels,
            *ticks]


def test_variants_marks_merges_spacers_and_notes(tmp_path: Path) -> None:
    rows = [
        row(1, "出生登记", "出生登记", ("✓", None, "●", None, "●", None, None)),
        [],  # spacer row
        row(2, None, "收养登记", ("√", "√", None, "√", None, "√", None), channels="●政府网站 ○两微一端 ●其他:便民服务点"),
        row(3, None, "入籍登记", ("√", None, "√", "√", None, None, "√"), channels="政府网站、政务服务中心"),
        ["一、注销登记"] * 15,  # a section row spanning the table
        row(4, None, "死亡注销", publisher=None),
        ["注：■表示必选项，□表示可选项"],
    ]
    path = hand_made(tmp_path / "h.xlsx", {"户籍管理": rows}, merges={"户籍管理": ["B5:B8"]})
    preview = read_xlsx(path)
    sheet = preview.sheets[0]
    assert sheet.area_code == "04" and sheet.header_row == 3
    assert preview.refused == []
    got = [(r["level1"], r["level2"], r["audience"], r["mode"], r["levels"], r["channels"], r["channel_other"])
           for r in sheet.rows]
    assert got == [
        ("出生登记", "出生登记", ["全社会"], "主动", ["县级"], ["政府网站"], ""),
        ("出生登记", "收养登记", ["全社会", "特定群体"], "依申请", ["乡级"], ["政府网站", "其他"], "便民服务点"),
        ("出生登记", "入籍登记", ["全社会"], "主动", ["乡级"], ["政府网站", "政务服务中心"], ""),
        ("注销登记", "死亡注销", ["全社会"], "主动", ["县级"], ["政府网站"], ""),
    ]
    assert sheet.rows[1]["attribute"] == "依申请公开"
    assert sheet.rows[1]["channels_optional"] == ["两微一端"]
    assert [w.row for w in sheet.warnings] == [8]  # both 主动 and 依申请 ticked (村 counts as 乡级)
    assert sheet.rows[0]["row"] == 5


def test_unreadable_text_is_kept_in_remarks_and_rows_without_names_are_refused(tmp_path: Path) -> None:
    rows = [row(1, "出生登记", "出生登记"),
            row(2, "出生登记", "收养登记", ("好", None, "√", None, "√", None, None)),
            [3, None, None, "只有内容没有名称"]]
    path = hand_made(tmp_path / "bad.xlsx", {"户籍管理": rows}, title_rows=1)
    preview = read_xlsx(path)
    sheet = preview.sheets[0]
    assert [r["level2"] for r in sheet.rows] == ["出生登记", "收养登记"]  # harmless text never drops a row
    kept = sheet.rows[1]
    assert kept["audience"] == [] and kept["remarks"] == "公开对象/全社会：好"
    assert [(w.row, w.reason) for w in sheet.warnings] == [(5, "“公开对象/全社会”一栏的“好”不是勾选标记，已记入备注")]
    problems = [(p.row, p.reason) for p in preview.refused]
    assert problems == [(6, "缺少一级事项和二级事项名称")]
    assert not preview.ok
    assert any("第 6 行无法读取" in line for line in preview.lines())


def test_several_areas_in_several_sheets_and_a_sheet_without_header(tmp_path: Path) -> None:
    path = hand_made(tmp_path / "two.xlsx", {"户籍管理": [row(1, "出生登记", "出生登记")],
                                             "财政预决算": [row(1, "预算", "部门预算")]})
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("说明").append(["本表由某局填报"])
    wb.save(path)
    preview = read_xlsx(path)
    assert [(s.name, s.area_code) for s in preview.sheets] == [("户籍管理", "04"), ("财政预决算", "08"), ("说明", None)]
    assert preview.sheets[2].skipped and preview.rows_read == 2


def test_tick_column_per_channel_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["户籍管理领域公开目录"])
    ws.append(["一级事项", "二级事项", "公开渠道和载体", None, None, "公开对象", None])
    ws.append([None, None, "政府网站", "两微一端", "其他", "全社会", "特定群体"])
    ws.append(["出生登记", "出生登记", "√", None, "√乡镇服务大厅", "√", None])
    wb.save(tmp_path / "t.xlsx")
    sheet = read_xlsx(tmp_path / "t.xlsx").sheets[0]
    assert sheet.area_code == "04"  # from the title text
    assert sheet.rows[0]["channels"] == ["政府网站", "其他"] and sheet.rows[0]["channel_other"] == "乡镇服务大厅"


@pytest.mark.parametrize(("content", "code"), [
    (b"not an excel file at all", "not_xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000, "corrupt_file"),  # OLE magic, no OLE inside
    (b"PK\x03\x04 broken zip", "corrupt_xlsx"),
    (b"", "empty_file"),
])
def test_bad_files_get_a_clear_message(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(DomainError) as err:
        read_xlsx(path)
    assert err.value.code == code


def _valid_xlsx(tmp_path: Path) -> bytes:
    return hand_made(tmp_path / "ok.xlsx", {"户籍管理": [row(1, "出生登记", "出生登记")]}).read_bytes()


def _replace(data: bytes, name: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, new if info.filename == name else src.read(info))
        if name not in src.namelist():
            out.writestr(name, new)
    return buf.getvalue()


def test_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_replace(_valid_xlsx(tmp_path), "xl/sharedStrings.xml", bomb))
    with pytest.raises(DomainError) as err:
        read_xlsx(path)
    assert err.value.code == "xml_entities"


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "zipbomb.xlsx"
    path.write_bytes(_replace(_valid_xlsx(tmp_path), "xl/media/filler.bin", b"\0" * (20 * 1024 * 1024)))
    with pytest.raises(DomainError) as err:
        read_xlsx(path)
    assert err.value.code == "zip_bomb"


def test_word_document_given_as_excel(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    path = tmp_path / "doc.xlsx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(DomainError) as err:
        read_xlsx(path)
    assert err.value.code == "not_xlsx" and "Word" in err.value.message


def test_bad_file_changes_nothing_in_the_workspace(ws, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"garbage")
    with pytest.raises(DomainError):
        read_catalog_xlsx(ws, path)
    with ws.session() as s:
        assert s.scalars(select(Catalog.id)).all() == []


# Writing -----------------------------------------------------------------------------------------

def test_import_matches_template_items_by_name(ws, tmp_path: Path) -> None:
    tpl = reference.template_items(ws, "04")
    t0, t1 = tpl[0], tpl[1]
    rows = [row(1, t0.level1, t0.level2, content=t0.content), row(2, t1.level1, t1.level2, content="本地改写的内容"),
            row(3, "本单位自有事项", "办事指南")]
    rows[0][4:7] = [t0.basis, t0.time_limit, t0.publisher]
    path = hand_made(tmp_path / "unit.xlsx", {"户籍管理": rows})
    summary = apply_import(ws, read_catalog_xlsx(ws, path))
    assert summary.catalogs_created == ["户籍管理"] and summary.template_matched == 2
    items = catalogs.load_items(ws, summary.catalog_ids[0])
    assert [(i.template_code, i.source, i.applicability) for i in items] == [
        (t0.code, "template", "adopted"), (t1.code, "template", "adapted"), (None, "other", "adopted")]
    with ws.session() as s:
        logs = s.scalars(select(ChangeLog).where(ChangeLog.catalog_id == summary.catalog_ids[0])).all()
        assert {log.action for log in logs} == {"create"} and len(logs) == 3


def test_import_updates_an_existing_catalog_and_logs_each_change(ws, tmp_path: Path) -> None:
    info = catalogs.start_catalog(ws, "04").catalog
    items = catalogs.load_items(ws, info.id)
    with ws.session() as s:
        s.get(Catalog, info.id).status = "approved"
    out = tmp_path / "c.xlsx"
    export_catalogs(ws, "xlsx", ["04"], out, ExportOptions())
    wb = openpyxl.load_workbook(out)
    sheet = wb.active
    sheet["G4"] = "江山市公安局户政科"  # 公开主体 of the first item
    sheet.append([None, "新增一级", "新增二级", "内容", "依据", "实时", "市公安局", "■政府网站", "√", None, "√", None, "√",
                  None, "主动公开", None, "采用", None, "其他", None, None, None])
    wb.save(out)

    with pytest.raises(DomainError) as err:  # an approved catalog changes only after 开始修订, by import too
        apply_import(ws, read_catalog_xlsx(ws, out))
    assert err.value.code == "catalog_locked"
    catalogs.start_revision(ws, info.id)
    summary = apply_import(ws, read_catalog_xlsx(ws, out))

    assert (summary.items_updated, summary.items_created, summary.catalogs_updated) == (1, 1, ["户籍管理"])
    after = catalogs.load_items(ws, info.id)
    first = next(i for i in after if i.id == items[0].id)
    assert first.publisher == "江山市公安局户政科" and first.applicability == "adapted" and first.revision == 2
    assert after[-1].level1 == "新增一级" and after[-1].template_code is None
    with ws.session() as s:
        cat = s.get(Catalog, info.id)
        assert (cat.status, cat.version) == ("draft", 2)
        log = s.scalars(select(ChangeLog).where(ChangeLog.item_id == items[0].id, ChangeLog.field == "publisher")).one()
        assert (log.new, log.catalog_version) == ("江山市公安局户政科", 2)


def test_area_must_be_known(ws, tmp_path: Path) -> None:
    path = hand_made(tmp_path / "x.xlsx", {"Sheet1": [row(1, "出生登记", "出生登记")]})
    wb = openpyxl.load_workbook(path)
    wb.active["A1"] = "某某目录"
    wb.save(path)
    preview = read_catalog_xlsx(ws, path)
    with pytest.raises(DomainError) as err:
        apply_import(ws, preview)
    assert err.value.code == "area_unknown"
    summary = apply_import(ws, preview, area_code="户籍管理")
    assert summary.items_created == 1
    with ws.session() as s:
        assert s.scalar(select(Catalog.area_code)) == "04"
        assert len(s.scalars(select(CatalogItem.id)).all()) == 1


def test_import_template_keeps_codes_of_matching_items(ws, tmp_path: Path) -> None:
    old = reference.template_items(ws, "04")
    info = catalogs.start_catalog(ws, "04").catalog
    items = catalogs.load_items(ws, info.id)
    catalogs.edit_item(ws, items[0].id, {"level2": "改名后的二级事项"})
    catalogs.add_item(ws, info.id, "other", old[0].level1, "全新二级事项")
    catalogs.add_item(ws, info.id, "other", "全新一级事项", "另一个")
    out = tmp_path / "t.xlsx"
    export_catalogs(ws, "xlsx", ["04"], out, ExportOptions(national_only=True))

    summary = import_template_xlsx(ws, out, "04", "2021.1")

    new = reference.template_items(ws, "04")
    assert reference.latest_template(ws, "04")[1] == "2021.1"
    assert len(new) == len(old) + 2 and summary.item_count == len(new)
    new_codes = {(t.level1, t.level2): t.code for t in new}
    assert [new_codes[(t.level1, t.level2)] for t in old[1:]] == [t.code for t in old[1:]]
    same = next(t for t in new if t.code == old[1].code)
    assert same.channels_required == old[1].channels_required  # ■ channels are the template's required ones
    assert set(same.channels_optional) | set(same.channels_required) == set(vocab.CHANNELS)  # □ listed: optional
    fresh = {t.code for t in new} - {t.code for t in old}
    assert len(fresh) == 3 == summary.new_codes  # renamed, new in an old group, new group
    group = old[0].code.rsplit("-", 1)[0]
    assert any(c.startswith(group) for c in fresh)
    with pytest.raises(DomainError) as err:
        import_template_xlsx(ws, out, "04", "2021.1")
    assert err.value.code in ("template_version_exists", "template_version_old")
    with pytest.raises(DomainError) as err:
        import_template_xlsx(ws, out, "04", "2000.1")
    assert err.value.code == "template_version_old"
    with ws.session() as s:
        assert len(s.scalars(select(Template.id).where(Template.area_code == "04")).all()) == 2


def test_huge_sheet_is_not_read(tmp_path: Path, monkeypatch) -> None:
    from gongkai_desktop.documents import xlsx_import

    path = hand_made(tmp_path / "big.xlsx", {"户籍管理": [row(n, "出生登记", f"事项{n}") for n in range(30)]})
    monkeypatch.setattr(xlsx_import, "MAX_ROWS", 20)
    sheet = read_xlsx(path).sheets[0]
    assert sheet.rows == [] and "过大" in sheet.skipped


def test_tick_groups_for_five_disclosures_attribute_and_county_levels(tmp_path: Path) -> None:
    """五公开 and 公开属性 as tick groups, XX县级 / 乡（镇） / 村（居） level columns, ☑ ✔ 有 as ticks,
    headers with line breaks and half-width brackets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "财政预决算"
    ws.append(["一级\n事项", "二级事项", "公开内容(要素)", "公开层级", None, None, "五公开", None, None, None, None,
               "公开属性", None, None])
    ws.append([None, None, None, "常山县级", "乡（镇）", "村（居）", "决策公开", "执行公开", "管理公开", "服务公开", "结果公开",
               "主动公开", "依申请公开", "不予公开"])
    ws.merge_cells("D1:F1")
    ws.merge_cells("G1:K1")
    ws.merge_cells("L1:N1")
    ws.append(["预算", "部门预算", "预算报告", "☑", None, "有", None, "✔", None, None, "√", None, "√", None])
    ws.append(["预算", "部门决算", "决算报告", None, "✓", None, "●", None, None, None, None, "√", None, None])
    wb.save(tmp_path / "t.xlsx")
    sheet = read_xlsx(tmp_path / "t.xlsx").sheets[0]
    assert sheet.header_row == 1 and sheet.area_code == "08"
    got = [(r["level2"], r["levels"], r["five_disclosures"], r["attribute"], r["mode"]) for r in sheet.rows]
    assert got == [("部门预算", ["县级", "乡级"], ["执行", "结果"], "依申请公开", "依申请"),  # no 公开方式 column:
                   ("部门决算", ["乡级"], ["决策"], "主动公开", "主动")]  # 公开属性 says it
