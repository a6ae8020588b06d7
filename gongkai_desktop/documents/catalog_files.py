"""One entry for every catalog file a unit or the review office brings: Excel, old Excel, Word, and
(with LibreOffice) .doc / .wps / .et / OpenDocument.

`read_catalog_file` decides by the file's content, not its name (a .xls that is really a .xlsx is
read as one; a web page saved as .xls is refused), refuses hostile files before any parser sees
them (`xlsx_safety`), and hands every table to the one table reader, so each format gives the same
preview.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import DomainError
from .import_preview import ImportPreview, SheetPreview
from .table_reader import RawTable
from .xlsx_safety import SAVE_AS_XLSX, sniff

# What the file dialog offers and drag and drop accepts.
CATALOG_SUFFIXES = (".xlsx", ".xls", ".docx", ".doc", ".wps", ".et", ".ods", ".odt")
NEEDS_LIBREOFFICE = (".doc", ".wps", ".ods", ".odt")


def read_catalog_file(path: str | Path, areas: Sequence[tuple[str, str]] | None = None,
                      area_code: str | None = None) -> ImportPreview:
    """The preview of any catalog file; a `DomainError` with a Chinese message for one that cannot be read."""
    from .xlsx_import import preview_from_tables

    path = Path(path)
    kind = sniff(path)
    if kind == "html":
        raise DomainError("not_real_xls", f"{path.name} 是网页（HTML）文件，只是扩展名为 {path.suffix or '（无）'}，"
                          f"不是真正的 Excel 或 Word 文件。{SAVE_AS_XLSX}")
    if kind == "unknown":
        raise DomainError("not_xlsx", f"{path.name} 不是 Excel 工作簿或 Word 文档。{SAVE_AS_XLSX}")
    shown = _shown_kind(path, kind)
    if kind in ("xlsx", "docx", "xls"):
        try:
            return preview_from_tables(path, _tables(path, kind), areas, area_code, shown)
        except DomainError as exc:
            if kind != "xls" or exc.code != "corrupt_xls":
                raise
            from .office_convert import soffice

            if soffice() is None:
                raise
    return _via_libreoffice(path, kind, areas, area_code, shown)


def _tables(path: Path, kind: str) -> Iterator[RawTable | SheetPreview]:
    if kind == "xlsx":
        from .xlsx_import import xlsx_tables

        return xlsx_tables(path)
    if kind == "docx":
        from .docx_import import docx_tables

        return docx_tables(path)
    from .xls_import import xls_tables

    return xls_tables(path)


def _via_libreoffice(path: Path, kind: str, areas: Sequence[tuple[str, str]] | None, area_code: str | None,
                     shown: str) -> ImportPreview:
    from .office_convert import converted
    from .xlsx_import import preview_from_tables

    target = "docx" if kind in ("doc", "odt") else "xlsx"
    with converted(path, kind, target) as out:
        if sniff(out) != target:
            raise DomainError("convert_failed", f"LibreOffice 转换 {path.name} 的结果无法读取。")
        preview = preview_from_tables(out, _tables(out, target), areas, area_code, shown)
    preview.path = str(path)
    return preview


def _shown_kind(path: Path, kind: str) -> str:
    """The format as the user knows it: .wps and .et are WPS's names for .doc and .xls."""
    suffix = path.suffix.lower().lstrip(".")
    if kind == "doc" and suffix == "wps":
        return "wps"
    if kind == "xls" and suffix == "et":
        return "et"
    return kind
