"""Hostile catalog files stay refused (or are read within fixed limits), through the catalog import and
the template import alike, each in a few seconds and within bounded memory; the workspace is left as
it was."""

from __future__ import annotations

import random
import shutil
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from gongkai_desktop.cli import main
from gongkai_desktop.documents import read_limits
from gongkai_desktop.documents.catalog_files import read_catalog_file
from gongkai_desktop.errors import DomainError
from gongkai_desktop.models import Catalog, Template
from gongkai_desktop.office.templates import read_template_collection
from tests import hostile_files as h

CORPUS = Path(__file__).parent / "data" / "catalogs"
SECONDS = 5.0
PEAK_MIB = 150


def bounded(fn: Callable[[], object]) -> tuple[object, float, float]:
    """(result or the DomainError raised, CPU seconds, peak MiB of Python allocations). CPU time, not
    wall time: the limit is on the work a file causes, which a busy shared machine does not change."""
    tracemalloc.start()
    t0 = time.process_time()
    try:
        result: object = fn()
    except DomainError as exc:
        result = exc
    finally:
        seconds = time.process_time() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result, seconds, peak


REFUSED = [
    (h.password_protected, "password_protected", "文件有密码保护，请先在 Excel 中取消密码"),
    (h.macro_renamed, "macro_workbook", "含有宏的工作簿"),
    (h.html_as_xls, "not_real_xls", "是网页（HTML）文件"),
    (h.entity_bomb, "xml_entities", "XML 实体声明"),
    (h.shared_strings_claim, "too_many_strings", "共享字符串"),
    (h.many_cells, "too_many_cells", "超过 1000000 个单元格"),
    (h.many_merges, "too_many_merged", "合并单元格"),
]


@pytest.mark.parametrize(("make", "code", "words"), REFUSED, ids=[r[1] for r in REFUSED])
def test_hostile_files_are_refused_quickly(tmp_path: Path, make, code: str, words: str) -> None:
    path = make(tmp_path)
    result, seconds, peak = bounded(lambda: read_catalog_file(path))
    assert isinstance(result, DomainError) and result.code == code, result
    assert words in result.message
    assert seconds < SECONDS and peak < PEAK_MIB, (seconds, peak)


def test_the_password_file_has_its_directory_late_in_the_file(tmp_path: Path) -> None:
    """The case the first release called an old .xls: the stream names sit past the first 4 MB."""
    data = h.password_protected(tmp_path).read_bytes()
    assert data.find("EncryptedPackage".encode("utf-16-le")) > 4 * 1024 * 1024


@pytest.mark.parametrize("make", [h.far_cell, h.huge_merge], ids=["cell_at_GR100000", "merge_A1_XFD1048576"])
def test_a_huge_extent_costs_only_the_cells_that_exist(tmp_path: Path, make) -> None:
    path = make(tmp_path)
    result, seconds, peak = bounded(lambda: read_catalog_file(path))
    assert seconds < SECONDS and peak < 30, (seconds, peak)  # a dense reader: 20 million cells, gigabytes
    assert not isinstance(result, DomainError) or result.code.startswith("too_many"), result
    if make is h.far_cell:
        assert [r["level2"] for r in result.sheets[0].rows] == ["出生登记"]


def test_the_time_limit_stops_a_long_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(read_limits, "MAX_SECONDS", 0.0)
    with pytest.raises(DomainError) as err:
        read_catalog_file(CORPUS / "目录汇编_社会保险_生态环境_卫生健康.xlsx")
    assert err.value.code == "read_timeout"


def test_merged_ranges_fill_only_rows_with_text_within_a_fill_budget(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(read_limits, "MAX_FILL", 10)
    with pytest.raises(DomainError) as err:
        read_catalog_file(CORPUS / "江山虎山街道_户籍管理_社会救助.xlsx")
    assert err.value.code == "too_many_merged"


@pytest.mark.parametrize("content", [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, b"just text, named .xls\n"])
def test_an_xls_that_is_not_one(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "目录.xls"
    path.write_bytes(content)
    with pytest.raises(DomainError) as err:
        read_catalog_file(path)
    assert err.value.code in ("corrupt_file", "not_xlsx") and err.value.code != "old_xls"
    assert "目录.xls" in err.value.message


def test_a_word_document_with_a_cell_flood_is_refused(tmp_path: Path) -> None:
    src = CORPUS / "户籍管理_公共文化服务.docx"
    with zipfile.ZipFile(src) as z:
        xml = z.read("word/document.xml")
    rng = random.Random(15)
    flood = b"".join(b"<w:tr>" + b"".join(b"<w:tc><w:p>%d</w:p></w:tc>" % rng.randrange(10**6) for _ in range(1000))
                     + b"</w:tr>" for _ in range(1001))
    xml = xml.replace(b"</w:tbl>", flood + b"</w:tbl>", 1)
    path = h.replace_part(src, tmp_path / "flood.docx", "word/document.xml", xml)
    result, seconds, _peak = bounded(lambda: read_catalog_file(path))
    assert isinstance(result, DomainError) and result.code == "too_many_cells"
    assert seconds < SECONDS


def test_a_macro_word_document_renamed_docx_is_refused(tmp_path: Path) -> None:
    src = CORPUS / "户籍管理_公共文化服务.docx"
    path = h.replace_part(src, tmp_path / "m.docx", "word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(DomainError) as err:
        read_catalog_file(path)
    assert err.value.code == "macro_document"


@pytest.mark.parametrize("make", [h.password_protected, h.far_cell, h.huge_merge, h.many_cells, h.macro_renamed],
                         ids=["password", "far_cell", "merge", "cells", "macro"])
def test_the_template_import_has_the_same_limits(office_ws, tmp_path: Path, make) -> None:
    path = make(tmp_path)
    result, seconds, peak = bounded(lambda: read_template_collection(office_ws, path, "04", "2030.1"))
    assert seconds < SECONDS and peak < PEAK_MIB, (seconds, peak)
    if make is h.far_cell:  # a valid one-item template far from a stray cell: read, cheaply
        assert [i["level2"] for i in result.areas[0].items] == ["出生登记"]
    else:
        assert isinstance(result, DomainError), result
    with office_ws.session() as s:
        assert s.scalars(select(Template.version).where(Template.version == "2030.1")).all() == []


def test_refusals_exit_non_zero_and_leave_the_workspace_as_it_was(ws, tmp_path: Path, capsys) -> None:
    db = ws.data_dir / "workspace.sqlite3"
    before = db.read_bytes() if db.exists() else None
    for make in (h.password_protected, h.macro_renamed, h.html_as_xls, h.many_cells):
        path = make(tmp_path)
        assert main(["--data-dir", str(ws.data_dir), "import", "catalog", str(path)]) != 0
        assert "错误：" in capsys.readouterr().err
    with ws.session() as s:
        assert s.scalars(select(Catalog.id)).all() == []
    if before is not None:
        assert db.read_bytes() == before


@pytest.mark.skipif(shutil.which("soffice") is not None, reason="LibreOffice is installed here")
def test_without_libreoffice_a_doc_gets_a_clear_message() -> None:
    with pytest.raises(DomainError) as err:
        read_catalog_file(CORPUS / "户籍管理_公共文化服务.wps")
    assert err.value.code == "libreoffice_missing" and "安装 LibreOffice" in err.value.message


def test_without_libreoffice_a_doc_gets_a_clear_message_even_here(monkeypatch) -> None:
    from gongkai_desktop.documents import office_convert

    monkeypatch.setattr(office_convert, "soffice", lambda: None)
    with pytest.raises(DomainError) as err:
        read_catalog_file(CORPUS / "户籍管理_公共文化服务.doc")
    assert err.value.code == "libreoffice_missing" and "另存为”.docx" in err.value.message


def test_every_other_limit_refuses_with_its_message(tmp_path: Path, monkeypatch) -> None:
    """Tables per file, one part's size, the Word body's size, an old .xls's size, shared strings' size:
    each limit is checked before parsing (lowered here so the test files stay small)."""
    from gongkai_desktop.documents import docx_import, xls_import, xlsx_safety

    cases = []
    monkeypatch.setattr(read_limits, "MAX_TABLES", 2)
    cases.append(("目录汇编_社会保险_生态环境_卫生健康.xlsx", "too_many_tables"))  # 2 sheets: fine
    cases.append(("户籍管理_公共文化服务.docx", "too_many_tables"))  # 3 tables
    for name, code in cases:
        result, seconds, _ = bounded(lambda n=name: read_catalog_file(CORPUS / n))
        if name.endswith(".xlsx"):
            assert not isinstance(result, DomainError), result
        else:
            assert isinstance(result, DomainError) and result.code == code and seconds < SECONDS
    monkeypatch.undo()
    monkeypatch.setattr(xlsx_safety, "MAX_PART_BYTES", 1000)
    with pytest.raises(DomainError) as err:
        read_catalog_file(CORPUS / "江山虎山街道_户籍管理_社会救助.xlsx")
    assert err.value.code == "file_too_big" and "解压后超过" in err.value.message
    monkeypatch.undo()
    monkeypatch.setattr(xlsx_safety, "MAX_SST_BYTES", 100)
    with pytest.raises(DomainError) as err:
        read_catalog_file(h.shared_strings_claim(tmp_path, count=1))  # a 150-byte table over a 100-byte limit
    assert err.value.code == "too_many_strings" and "共享字符串表解压后超过" in err.value.message
    monkeypatch.undo()
    monkeypatch.setattr(docx_import, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(DomainError) as err:
        read_catalog_file(CORPUS / "户籍管理_公共文化服务.docx")
    assert err.value.code == "file_too_big"
    monkeypatch.undo()
    monkeypatch.setattr(xls_import, "MAX_XLS_BYTES", 1000)
    with pytest.raises(DomainError) as err:
        read_catalog_file(CORPUS / "派出所_户籍管理_三级事项.xls")
    assert err.value.code == "file_too_big" and "另存为 .xlsx" in err.value.message


def test_text_beyond_column_200_is_not_read(tmp_path: Path) -> None:
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>一级事项</t></is></c><c r="B1" t="inlineStr"><is><t>二级事项</t>'
             '</is></c><c r="C1" t="inlineStr"><is><t>公开内容</t></is></c><c r="ZZ1" t="inlineStr"><is><t>备注</t></is></c>'
             '</row><row r="2"><c r="A2" t="inlineStr"><is><t>出生登记</t></is></c><c r="B2" t="inlineStr"><is><t>出生登记'
             '</t></is></c><c r="ZZ2" t="inlineStr"><is><t>远处的文字</t></is></c></row>')
    path = h.replace_part(h.plain_catalog(tmp_path / "base.xlsx"), tmp_path / "wide.xlsx", "xl/worksheets/sheet1.xml",
                          h.sheet_xml(cells))
    sheet = read_catalog_file(path).sheets[0]
    assert [r["level2"] for r in sheet.rows] == ["出生登记"] and sheet.rows[0]["remarks"] == ""
