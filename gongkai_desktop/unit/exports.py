"""The unit's documents: its catalogs in Excel/Word, its negative list and its 一周一进度.

These gather plain data from the workspace and hand it to the builders in `documents/`
(xlsx_export, docx_export), which never see the database. The review office's documents (the
county aggregate) are `office/reports.py`; the caller picks by role.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from .. import problem_summary, reference, vocab
from ..documents import layout
from ..documents.docx_export import NegativeRow, WeeklyReport, WeeklyRow
from ..documents.layout import ExportOptions, ExportResult, SheetData
from ..errors import DomainError
from ..records import CatalogInfo
from ..workspace import Workspace
from . import catalogs

FORMATS = ("xlsx", "docx")


def export_catalogs(ws: Workspace, fmt: str, area_codes: Sequence[str] | None, out_path: str | Path,
                    options: ExportOptions | None = None, progress: layout.Progress | None = None,
                    cancelled: layout.Cancelled | None = None, unit_code: str | None = None) -> ExportResult:
    """Export the unit's catalogs to .xlsx or .docx (an ``out_path`` ending in .pdf: that document
    printed to PDF by LibreOffice).

    ``area_codes`` None means every area that has a catalog; one sheet (Excel) or one titled table
    (Word) per area.
    """
    if fmt not in FORMATS:
        raise DomainError("bad_format", "导出格式应为 xlsx 或 docx。")
    options = options or ExportOptions()
    options.check()
    codes = _area_codes(ws, area_codes)
    sheets = unit_sheets(ws, codes, unit_code)
    if progress:
        progress(0.0, "正在读取目录")
    from ..documents.pdf_export import write_document
    from ..documents.print_layout import note_for

    path = write_document(sheets, fmt, out_path, options, progress, cancelled)
    return ExportResult(path, len(sheets), sum(len(layout.visible_items(s.items, options)) for s in sheets),
                        note_for(fmt, options))


def _area_codes(ws: Workspace, area_codes: Sequence[str] | None) -> list[str] | None:
    if not area_codes:
        return None
    return [reference.get_area(ws, a).code for a in area_codes]


def unit_sheets(ws: Workspace, area_codes: Sequence[str] | None, unit_code: str | None = None) -> list[SheetData]:
    """One `SheetData` per catalog of the unit, in area order."""
    infos = catalogs.list_catalogs(ws, unit_code)
    if area_codes is not None:
        missing = [c for c in area_codes if c not in {i.area_code for i in infos}]
        if missing:
            names = "、".join(reference.get_area(ws, c).name for c in missing)
            raise DomainError("catalog_not_started", f"本单位尚未开始编制“{names}”的目录，无法导出。")
        infos = [i for i in infos if i.area_code in area_codes]
    if not infos:
        raise DomainError("nothing_to_export", "本单位还没有任何目录可以导出。")
    return [SheetData(f"{i.unit_name}{i.area_name}领域基层政务公开标准目录", i.area_name, i.unit_name,
                      catalogs.load_items(ws, i.id), i.area_code) for i in infos]


# 负面清单 -----------------------------------------------------------------------------------------

def negative_rows(ws: Workspace, area_codes: Sequence[str] | None = None,
                  unit_code: str | None = None) -> list[NegativeRow]:
    """Every item marked 不予公开 (and applicable), with its legal ground, in area order."""
    sheets = unit_sheets(ws, area_codes, unit_code)
    return [NegativeRow(s.area_name, i.level1, i.level2, i.content, i.legal_ground, i.publisher, i.remarks)
            for s in sheets for i in s.items
            if i.attribute == vocab.ATTRIBUTE_NOT_DISCLOSED and not i.not_applicable]


def export_negative_list(ws: Workspace, out_path: str | Path, area_codes: Sequence[str] | None = None,
                         paper: str = "A4", unit_code: str | None = None) -> ExportResult:
    from ..documents.docx_export import write_negative_list_docx

    codes = _area_codes(ws, area_codes)
    rows = negative_rows(ws, codes, unit_code)
    who = _who(ws, unit_code)
    path = write_negative_list_docx(rows, out_path, f"{who}政务公开负面清单", who, paper=paper)
    return ExportResult(path, len({r.area_name for r in rows}), len(rows))


def _who(ws: Workspace, unit_code: str | None) -> str:
    code = catalogs.current_unit(ws, unit_code)
    return next((u.name for u in reference.list_units(ws) if u.code == code), code)


# 一周一进度 ---------------------------------------------------------------------------------------

def weekly_report(ws: Workspace, day: date | None = None, unit_code: str | None = None) -> WeeklyReport:
    """This week's progress of the unit, per catalog."""
    day = day or date.today()
    thursday = day + timedelta(days=(3 - day.weekday()) % 7)
    start = thursday - timedelta(days=6)
    year, week, _ = thursday.isocalendar()
    period = f"{start.year}年{start.month}月{start.day}日至{thursday.month}月{thursday.day}日"
    infos = catalogs.list_catalogs(ws, unit_code)
    rows = [_catalog_row(i) for i in infos]
    return WeeklyReport(_who(ws, unit_code), f"{year}年第{week}周", period, rows, problems_text=_problems_text(ws, infos),
                        day=day, row_header="试点领域")


def _problems_text(ws: Workspace, infos: list) -> str:
    """存在的问题: per catalog with problems, the counts by kind and the worst items — from the same
    validation the window's problems panel and the table's 待完善问题 column show."""
    lines = []
    for info in infos:
        if not info.problem_count:
            continue
        found = catalogs.check_catalog(ws, info.id)
        lines.append(f"{info.area_name}：{problem_summary.summary_text(found, 3)}")
    return "\n".join(lines)


def _catalog_row(i: CatalogInfo) -> WeeklyRow:
    return WeeklyRow(i.area_name, str(vocab.CATALOG_STATUSES.get(i.status, i.status)),
                     i.item_count, i.complete_count, i.problem_count, i.not_applicable_count)


def export_weekly_report(ws: Workspace, out_path: str | Path, day: date | None = None, paper: str = "A4",
                         unit_code: str | None = None) -> ExportResult:
    from ..documents.docx_export import write_weekly_report_docx

    report = weekly_report(ws, day, unit_code)
    path = write_weekly_report_docx(report, out_path, paper)
    return ExportResult(path, len(report.rows), sum(r.item_count for r in report.rows))
