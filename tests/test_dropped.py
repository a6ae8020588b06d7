"""What a file dropped on the unit's window is (`unit.dropped.classify`), without Qt."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from gongkai_desktop.errors import DomainError
from gongkai_desktop.unit import dropped
from gongkai_desktop.unit.submit import export_submission

CORPUS = Path(__file__).parent / "data" / "catalogs"


def test_catalog_files_go_to_the_import_preview() -> None:
    for name in ("社会保险_一格多值.xlsx", "户籍管理_公共文化服务.docx"):
        assert dropped.classify([CORPUS / name]).kind == dropped.CATALOG


def test_an_office_file_named_gkpkg_is_named_for_what_it_is(tmp_path: Path) -> None:
    excel = tmp_path / "结果.gkpkg"
    shutil.copy(CORPUS / "社会保险_一格多值.xlsx", excel)
    got = dropped.classify([excel])
    assert got.kind == dropped.REFUSED and "而是Excel 表格" in got.message and "导入目录" in got.message
    word = tmp_path / "通知.gkpkg"
    shutil.copy(CORPUS / "户籍管理_公共文化服务.docx", word)
    assert "而是Word 文档" in dropped.classify([word]).message


def test_other_drops_say_what_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "U盘"
    folder.mkdir()
    assert "是文件夹" in dropped.classify([folder]).message
    assert "找不到文件" in dropped.classify([tmp_path / "没有.gkpkg"]).message
    assert "一次拖入了 2 个文件" in dropped.classify([folder, folder]).message
    archive = tmp_path / "资料.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    assert "ZIP 压缩文件" in dropped.classify([archive]).message and "请先解压" in dropped.classify([archive]).message
    key = tmp_path / "市公安局_密钥登记.json"
    key.write_text("{}", encoding="utf-8")
    assert "交给市府办登记" in dropped.classify([key]).message


def test_packages_by_kind_and_a_damaged_one_raises_the_import_refusal(ws, tmp_path: Path) -> None:
    from gongkai_desktop.unit import catalogs

    catalogs.start_catalog(ws, "04")
    sent = export_submission(ws, ["04"], tmp_path / "s.gkpkg").path
    got = dropped.classify([sent])
    assert got.kind == dropped.REFUSED and "市公安局的报送文件包" in got.message
    renamed = tmp_path / "s.zip"  # a mail program renamed it: still recognised by its content
    shutil.copy(sent, renamed)
    assert "报送文件包" in dropped.classify([renamed]).message
    data = bytearray(sent.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "d.gkpkg"
    damaged.write_bytes(bytes(data))
    with pytest.raises(DomainError):
        dropped.classify([damaged])
