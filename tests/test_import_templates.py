"""The review office imports a whole template collection (a 汇编 in Excel or Word) area by area, with a
preview first, as a new template version per area whose item codes stay stable; and the commands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from gongkai_desktop import reference
from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.models import Template
from gongkai_desktop.office.templates import import_template_collection, next_version, read_template_collection
from gongkai_desktop.unit import catalogs

CORPUS = Path(__file__).parent / "data" / "catalogs"
COLLECTION = CORPUS / "目录汇编_社会保险_生态环境_卫生健康.xlsx"
WORD = CORPUS / "户籍管理_公共文化服务.docx"


def run(ws, *argv: str) -> int:
    return main(["--data-dir", str(ws.data_dir), *argv])


def test_a_collection_is_previewed_area_by_area_and_writes_nothing(office_ws) -> None:
    before = {code: reference.latest_template(office_ws, code) for code in ("10", "13", "21")}
    preview = read_template_collection(office_ws, COLLECTION)
    assert [(a.area_code, len(a.items)) for a in preview.areas] == [("10", 3), ("13", 1), ("21", 2)]
    for a in preview.areas:
        assert a.previous_version == before[a.area_code][1] and a.version == next_version(a.previous_version)
        assert a.kept + a.new == len(a.items)
    text = "\n".join(preview.lines())
    assert "领域（10）社会保险：3 个事项" in text and "合计 3 个领域，6 个事项。" in text
    assert {code: reference.latest_template(office_ws, code) for code in before} == before


def test_each_area_becomes_a_new_version_keeping_the_codes_of_matching_items(office_ws) -> None:
    old = {t.level2: t.code for t in reference.template_items(office_ws, "10")}
    preview = read_template_collection(office_ws, COLLECTION, version="2031.1")
    summaries = import_template_collection(office_ws, preview)
    assert [(s.area_code, s.version, s.item_count) for s in summaries] == [("10", "2031.1", 3), ("13", "2031.1", 1),
                                                                            ("21", "2031.1", 2)]
    new = reference.template_items(office_ws, "10")
    assert [t.level2 for t in new] == ["6.1工伤认定申请", "社会保障卡申领", "企业社会保险登记"]
    card = next(t for t in new if t.level2 == "社会保障卡申领")
    assert card.code == old["社会保障卡申领"]  # the same item of the previous version: the same code
    assert card.channels_required == ["政府网站", "政务服务中心", "其他"] and card.channel_other == "基层公共服务平台"
    injury = next(t for t in new if t.level2 == "6.1工伤认定申请")
    assert injury.code == old["工伤认定申请"]  # names compared without the numbering: the same item, the same code
    assert injury.channels_optional == ["政府公报", "两微一端"]
    registration = next(t for t in new if t.level2 == "企业社会保险登记")
    assert registration.code not in old.values() and registration.code.startswith("10-01-")  # new, in its group
    with pytest.raises(DomainError) as err:
        import_template_collection(office_ws, read_template_collection(office_ws, COLLECTION, version="2031.1"))
    assert err.value.code in ("template_version_old", "template_version_exists")


def test_a_word_collection_one_area_at_a_time(office_ws) -> None:
    preview = read_template_collection(office_ws, WORD, area="20")
    assert [a.area_code for a in preview.areas] == ["20"]
    [summary] = import_template_collection(office_ws, preview)
    assert summary.item_count == 2 and reference.latest_template(office_ws, "20")[1] == summary.version
    assert reference.latest_template(office_ws, "04")[1] != summary.version  # the other area untouched


def test_commands_for_catalogs_in_every_format_and_for_a_collection(new_workspace, office_ws, capsys) -> None:
    unit = new_workspace("unit")
    assert run(unit, "init", "--unit", "虎山街道") == 0
    formats = ["江山虎山街道_户籍管理_社会救助.xlsx", "派出所_户籍管理_三级事项.xls", "户籍管理_公共文化服务.docx"]
    if shutil.which("soffice"):
        formats.append("户籍管理_公共文化服务.wps")
    for name in formats:
        capsys.readouterr()
        assert run(unit, "import", "catalog", str(CORPUS / name), "--dry-run") == 0, name
        out = capsys.readouterr().out
        assert "（预览，未导入。" in out and "对应国家标准指引事项" in out
    assert catalogs.list_catalogs(unit) == []
    assert run(unit, "import", "catalog", str(CORPUS / formats[0])) == 0
    assert "新建目录：户籍管理、社会救助" in capsys.readouterr().out
    assert run(unit, "import", "xlsx", str(CORPUS / formats[0])) == 0  # the old name still works
    assert "修改事项 0 个" in capsys.readouterr().out

    assert run(office_ws, "import", "template", str(COLLECTION), "--dry-run") == 0
    assert "合计 3 个领域，6 个事项。" in capsys.readouterr().out
    with office_ws.session() as s:
        before = len(s.scalars(select(Template.id)).all())
    assert run(office_ws, "import", "template", str(COLLECTION)) == 0
    out = capsys.readouterr().out
    assert out.count("已导入领域") == 3
    with office_ws.session() as s:
        assert len(s.scalars(select(Template.id)).all()) == before + 3


def test_a_file_whose_area_cannot_be_told_needs_area(new_workspace, tmp_path: Path, capsys) -> None:
    import openpyxl

    unit = new_workspace("unit")
    run(unit, "init", "--unit", "市公安局")
    wb = openpyxl.load_workbook(CORPUS / "XX县民政局_社会救助_全文发布.xlsx")
    wb.active["A2"] = "本局目录"
    wb.save(tmp_path / "x.xlsx")
    capsys.readouterr()
    assert run(unit, "import", "catalog", str(tmp_path / "x.xlsx"), "--dry-run") == 1
    assert "请指定领域（--area）" in capsys.readouterr().out
    assert run(unit, "import", "catalog", str(tmp_path / "x.xlsx")) == 2
    assert run(unit, "import", "catalog", str(tmp_path / "x.xlsx"), "--area", "社会救助") == 0
    assert catalogs.find_catalog(unit, "05") is not None
