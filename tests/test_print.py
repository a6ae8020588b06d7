"""What people read on paper (issue 16): the exports printed to PDF by real LibreOffice, read back page
by page with pypdf — text size, the header on every page, each page starting with a whole row that
shows its 序号 and its 一级事项, header words never broken; and the Word table's row properties."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from gongkai_desktop.cli import main
from gongkai_desktop.documents import pdf_export
from gongkai_desktop.documents.docx_export import write_docx
from gongkai_desktop.documents.layout import ExportOptions, SheetData
from gongkai_desktop.documents.print_layout import text_em
from gongkai_desktop.documents.xlsx_export import write_xlsx
from gongkai_desktop.errors import DomainError
from tests.print_helpers import (
    HAS_SOFFICE,
    NO_SOFFICE,
    PdfPage,
    big_area_items,
    big_sheet,
    page_count,
    read_pdf,
    sample_pages,
)

slow_office = [pytest.mark.slow, pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)]
HEADERS = ("序号", "一级事项", "二级事项", "公开依据", "公开时限", "公开主体", "全社会", "特定群体", "主动", "依申请",
           "县级", "乡级", "公开对象", "公开方式", "公开层级")


def to_pdf(write, fmt: str, out: Path) -> tuple[list[PdfPage], int]:
    """The pages read back (runs of consecutive pages at the start, middle and end) and the page count."""
    path = pdf_export.export_pdf(write, fmt, out)
    count = page_count(path)
    return read_pdf(path, sample_pages(count)), count


def column_x(page: PdfPage, header: str) -> float:
    return next(p.x for p in page.pieces if p.text.strip() == header)


def centre(piece) -> float:
    return piece.x + text_em(piece.text.strip()) * piece.size / 2


def check_pages(pages: list[PdfPage], count: int, items, min_size: float) -> None:
    """Every page read: readable text, the header, its first row's 序号 and that row's 一级事项 text,
    and the row after the previous page's last."""
    assert count > 2
    previous: dict[int, int] = {}
    for page in pages:
        k = page.number
        small = [p for p in page.pieces if p.size < min_size - 0.05]
        assert not small, f"page {k + 1}: text at {small[0].size} pt: {small[0].text!r}"
        lines = page.lines()
        for h in HEADERS:  # on every page, never broken across lines (“一级事/项”)
            assert any(h in line for line in lines), f"page {k + 1}: header {h} missing or broken"
        x_index, x_level1 = (column_x(page, h) for h in ("序号", "一级事项"))
        level1_header = next(p for p in page.pieces if p.text.strip() == "一级事项")
        top_of_data = min(p.y for p in page.pieces if p.text.strip() == "一级事项")
        numbers = [int(p.text) for p in page.pieces if p.y < top_of_data and p.text.strip().isdigit()
                   and x_index - 15 < p.x < x_level1 - 15]
        assert numbers, f"page {k + 1} has no 序号"
        first = items[min(numbers) - 1]
        level1_text = "".join(p.text for p in sorted(page.pieces, key=lambda p: -p.y)  # centred in its column
                              if p.y < top_of_data and abs(centre(p) - centre(level1_header)) < 2 * p.size)
        assert first.level1 in level1_text, f"page {k + 1} starts with row {min(numbers)} without its 一级事项"
        if k - 1 in previous:  # a page starts with the row after the previous page's last (none lost or split)
            assert min(numbers) == previous[k - 1] + 1, f"page {k + 1}"
        previous[k] = max(numbers)
    assert previous[count - 1] == len(items)


@pytest.mark.parametrize("paper, min_size", [("A4", 9.0), pytest.param("A3", 10.0)])
@pytest.mark.usefixtures("ws")
@pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)
@pytest.mark.slow
def test_excel_prints_the_national_table_readably(ws, tmp_path: Path, paper: str, min_size: float) -> None:
    sheet = big_sheet(ws, 1500 if paper == "A4" else 400)
    pages, count = to_pdf(lambda p: write_xlsx([sheet], p, ExportOptions(paper=paper)), "xlsx", tmp_path / "x.pdf")
    text = "".join(p.text for p in pages)
    assert "公开属性" not in text and "模板编号" not in text  # the internal columns are not printed by default
    check_pages(pages, count, sheet.items, min_size)


@pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)
@pytest.mark.slow
def test_word_keeps_rows_whole_and_repeats_the_level1_on_each_page(ws, tmp_path: Path) -> None:
    items = big_area_items(ws, 1500)[:60] + big_area_items(ws, 1500)[-260:]  # short groups, then a long one
    for n, item in enumerate(items):
        item.position = n
    sheet = SheetData("江山市综合行政执法局城乡规划领域基层政务公开标准目录", "城乡规划", "江山市综合行政执法局", items)
    pages, count = to_pdf(lambda p: write_docx([sheet], p, ExportOptions()), "docx", tmp_path / "w.pdf")
    check_pages(pages, count, items, 9.0)
    assert "填报单位：江山市综合行政执法局" in pages[0].text


def test_word_rows_never_split_and_the_header_repeats(ws, tmp_path: Path) -> None:
    sheet = big_sheet(ws, 300)
    d = docx.Document(str(write_docx([sheet], tmp_path / "w.docx", ExportOptions())))
    assert len(d.tables) > 10  # one table per page, each with its own header rows
    level1 = []
    for table in d.tables:
        header, body = table.rows[:2], table.rows[2:]
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is not None for r in header)
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in body)
        first = body[0]._tr.tc_lst[1]
        merge = first.tcPr.find(qn("w:vMerge"))
        assert merge is None or merge.get(qn("w:val")) == "restart"  # never continues a merge from the page before
        assert first.xpath("string(.)")  # so the page shows its 一级事项
        level1 += [r._tr.tc_lst[1].tcPr.find(qn("w:vAlign")).get(qn("w:val")) for r in body]
    assert set(level1) == {"center"}  # 一级事项 centred in every cell
    for name in ("CatalogCell", "CatalogHeader"):
        assert d.styles[name].paragraph_format.line_spacing_rule is not None  # exact: rows as tall as estimated


def test_header_words_fit_their_columns(ws, tmp_path: Path) -> None:
    """No “一级事/项”, “公开主/体”: a header is one line, or broken between its words."""
    sheet = big_sheet(ws, 50)
    d = docx.Document(str(write_docx([sheet], tmp_path / "w.docx", ExportOptions())))
    texts = {tc.xpath("string(.)") for r in d.tables[0].rows[:2] for tc in r._tr.tc_lst}
    for word in ("一级事项", "公开主体", "公开时限", "全社会", "特定群体", "依申请"):
        assert word in texts


def test_the_county_files_are_compiled_by_the_county_office(office_ws, tmp_path: Path) -> None:
    """The county's catalog and negative list say 编制单位：江山市人民政府办公室, not “填报单位：江山市”."""
    from gongkai_desktop.documents.xlsx_export import _header_text
    from gongkai_desktop.office import reports

    assert reports.compiler_name(office_ws) == "江山市人民政府办公室"
    neg = docx.Document(str(reports.export_negative_list(office_ws, tmp_path / "n.docx").path))
    assert "编制单位：江山市人民政府办公室" in neg.paragraphs[1].text
    assert _header_text("江山市人民政府办公室", "编制单位") == "编制单位：江山市人民政府办公室"


def test_all_columns_is_an_option_and_says_when_it_is_too_wide(ws, tmp_path: Path, capsys) -> None:
    from tests.documents_helpers import varied_catalog

    varied_catalog(ws)
    base = ["--data-dir", str(ws.data_dir), "export", "xlsx", "04"]
    assert main([*base, "-o", str(tmp_path / "a.xlsx"), "--national-only"]) == 0  # the old option still works
    assert "注意" not in capsys.readouterr().out
    assert main([*base, "-o", str(tmp_path / "b.xlsx"), "--all-columns"]) == 0
    out = capsys.readouterr().out
    assert "注意" in out and "A3" in out
    import openpyxl

    hidden = openpyxl.load_workbook(tmp_path / "a.xlsx").active.column_dimensions["O"].hidden
    shown = openpyxl.load_workbook(tmp_path / "b.xlsx").active.column_dimensions["O"].hidden
    assert hidden and not shown


def test_pdf_without_libreoffice_says_what_to_install(ws, tmp_path: Path, monkeypatch, capsys) -> None:
    from tests.documents_helpers import varied_catalog

    varied_catalog(ws)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(DomainError) as err:
        pdf_export.require_libreoffice()
    assert err.value.code == "libreoffice_missing" and "安装 LibreOffice" in err.value.message
    assert main(["--data-dir", str(ws.data_dir), "export", "xlsx", "-o", str(tmp_path / "c.pdf")]) != 0
    assert "安装 LibreOffice" in capsys.readouterr().err
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)
@pytest.mark.slow
def test_export_to_pdf_from_the_command_line(ws, tmp_path: Path, capsys) -> None:
    from tests.documents_helpers import varied_catalog

    varied_catalog(ws)
    assert main(["--data-dir", str(ws.data_dir), "export", "docx", "04", "-o", str(tmp_path / "c.pdf")]) == 0
    pages = read_pdf(tmp_path / "c.pdf")
    assert "户籍管理" in pages[0].text and "公开主体" in pages[0].text
