"""`gongkai export …` and `gongkai import …`, and the exported files opened by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from gongkai_desktop.cli import main
from gongkai_desktop.unit import catalogs
from tests.documents_helpers import varied_catalog


def run(ws, *argv: str) -> int:
    return main(["--data-dir", str(ws.data_dir), *argv])


def test_export_and_import_commands(ws, new_workspace, tmp_path: Path, capsys) -> None:
    varied_catalog(ws)
    out = tmp_path / "c.xlsx"
    assert run(ws, "export", "xlsx", "04", "-o", str(out), "--channels", "tick_columns", "--levels", "zhejiang",
               "--paper", "A3") == 0
    assert "已导出 1 个领域" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).active.page_setup.paperSize == 8
    assert run(ws, "export", "docx", "-o", str(tmp_path / "c.docx")) == 0
    assert run(ws, "export", "negative-list", "-o", str(tmp_path / "n.docx")) == 0
    assert "1 个不予公开事项" in capsys.readouterr().out
    assert run(ws, "export", "weekly", "-o", str(tmp_path / "w.docx")) == 0

    other = new_workspace("other")
    run(other, "init", "--unit", "市公安局")
    capsys.readouterr()
    assert run(other, "import", "xlsx", str(out), "--dry-run") == 0
    printed = capsys.readouterr().out
    assert "（04）户籍管理" in printed and "（预览，未导入。" in printed
    assert catalogs.list_catalogs(other) == []
    assert run(other, "import", "xlsx", str(out)) == 0
    assert "新建目录：户籍管理" in capsys.readouterr().out
    assert len(catalogs.load_items(other, catalogs.list_catalogs(other)[0].id)) == \
        len(catalogs.load_items(ws, catalogs.list_catalogs(ws)[0].id))


def test_import_with_unreadable_rows_needs_yes(ws, tmp_path: Path, capsys) -> None:
    varied_catalog(ws)
    out = tmp_path / "c.xlsx"
    run(ws, "export", "xlsx", "-o", str(out))
    wb = openpyxl.load_workbook(out)
    sheet = wb.active
    sheet.cell(row=sheet.max_row + 1, column=4, value="只有内容，没有事项名称")  # refused: no names
    wb.save(out)
    before = len(catalogs.load_items(ws, catalogs.list_catalogs(ws)[0].id))
    capsys.readouterr()
    assert run(ws, "import", "xlsx", str(out)) == 1
    captured = capsys.readouterr()
    assert f"第 {sheet.max_row} 行无法读取" in captured.out and "--yes" in captured.err
    assert run(ws, "import", "xlsx", str(out), "--yes") == 0
    assert len(catalogs.load_items(ws, catalogs.list_catalogs(ws)[0].id)) == before


def test_bad_file_and_template_import_commands(ws, tmp_path: Path, capsys) -> None:
    from tests.hostile_files import password_protected

    bad = password_protected(tmp_path)
    assert run(ws, "import", "xlsx", str(bad)) == 2
    assert "文件有密码保护，请先在 Excel 中取消密码" in capsys.readouterr().err
    catalogs.start_catalog(ws, "04")
    out = tmp_path / "t.xlsx"
    run(ws, "export", "xlsx", "04", "-o", str(out))
    assert run(ws, "import", "template", str(out), "--area", "04", "--version", "2030.1") == 0
    assert "2030.1 版" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_exports(ws, tmp_path: Path) -> None:
    varied_catalog(ws)
    catalogs.start_catalog(ws, "08")
    files = [tmp_path / "c.xlsx", tmp_path / "c.docx", tmp_path / "t.xlsx", tmp_path / "n.docx", tmp_path / "w.docx"]
    run(ws, "export", "xlsx", "-o", str(files[0]))
    run(ws, "export", "docx", "-o", str(files[1]))
    run(ws, "export", "xlsx", "-o", str(files[2]), "--channels", "tick_columns", "--levels", "zhejiang")
    run(ws, "export", "negative-list", "-o", str(files[3]))
    run(ws, "export", "weekly", "-o", str(files[4]))
    profile = tmp_path / "lo-profile"
    for f in files:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path / f.stem / f.suffix[1:]), str(f)],
                       check=True, capture_output=True, timeout=180)
        pdf = tmp_path / f.stem / f.suffix[1:] / f"{f.stem}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 5000, f
        assert pdf.read_bytes().startswith(b"%PDF")


def test_office_libraries_are_imported_only_when_a_document_is_made() -> None:
    code = ("import sys, gongkai_desktop.cli, gongkai_desktop.unit.exports, gongkai_desktop.unit.imports, "
            "gongkai_desktop.office.templates; gongkai_desktop.cli.build_parser(); "
            "print(sorted(m for m in ('openpyxl', 'docx', 'xlsxwriter') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
