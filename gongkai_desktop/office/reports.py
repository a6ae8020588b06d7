"""The review office's documents: the county aggregate, the negative list and 一周一进度.

The review core computes the data (aggregate, progress, weekly); the document builders print it
in the official layouts. This module only maps one onto the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from .. import settings
from ..documents import layout
from ..documents.docx_export import NegativeRow, WeeklyReport, WeeklyRow
from ..documents.layout import ExportOptions, ExportResult, ExtraColumn, SheetData
from ..errors import DomainError
from ..models.review import Submission, SubmissionItem
from ..reference import list_areas
from ..workspace import Workspace
from . import aggregate, inspect, progress, round_dates, submissions, weekly


def county_sheets(ws: Workspace, area_codes: Sequence[str] | None = None) -> tuple[list[SheetData], dict[str, str], dict[str, str]]:
    """One sheet per area of the county aggregate, plus item → units and item → flags for extra columns."""
    county = ws.get(settings.COUNTY)
    codes = list(area_codes) if area_codes else [a.code for a in list_areas(ws)]
    sheets: list[SheetData] = []
    units: dict[str, str] = {}
    flags: dict[str, str] = {}
    for code in codes:
        agg = aggregate.aggregate_area(ws, code)
        if not agg.rows:
            continue
        for row in agg.rows:
            units[row.item.id + str(row.item.catalog_id)] = "、".join(row.units)
            if row.flags:
                flags[row.item.id + str(row.item.catalog_id)] = "；".join(row.flags)
        sheets.append(SheetData(f"{county}{agg.area_name}领域基层政务公开标准目录", agg.area_name, compiler_name(ws),
                                [r.item for r in agg.rows], code, unit_label="编制单位"))
    if not sheets:
        raise DomainError("nothing_to_export", "还没有审核通过的目录可以汇总。请先审核并通过各单位的报送。")
    return sheets, units, flags


def compiler_name(ws: Workspace) -> str:
    """Who compiles the county catalog: the county government's office (市府办, e.g. 江山市人民政府办公室,
    which issued the plan and reviews and publishes the catalogs), else the review office's name."""
    county = ws.get(settings.COUNTY)
    if county:
        return f"{county}人民政府办公室"
    return str(ws.get(settings.REVIEW_OFFICE).get("name") or "")


def export_aggregate(ws: Workspace, out_path: str | Path, area_codes: Sequence[str] | None = None,
                     options: ExportOptions | None = None, progress: layout.Progress | None = None,
                     cancelled: layout.Cancelled | None = None, pdf_layout: str = "xlsx") -> ExportResult:
    """The county catalog (.xlsx or .docx by the file's suffix; .pdf: the ``pdf_layout`` document
    printed to PDF) with a 责任单位 column, and 审核提示 when every column is printed."""
    path = Path(out_path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "docx", "pdf"):
        raise DomainError("bad_format", "汇总目录只能导出为 .xlsx、.docx 或 .pdf 文件。")
    if progress:
        progress(0.0, "正在汇总已通过的目录")
    sheets, units, flags = county_sheets(ws, area_codes)
    options = options or ExportOptions()
    options.check()
    key = lambda item: item.id + str(item.catalog_id)  # noqa: E731 - the same item may come from several units
    options = replace(options, extra_columns=[ExtraColumn("责任单位", lambda i: units.get(key(i), ""), 14),
                                              ExtraColumn("审核提示", lambda i: flags.get(key(i), ""), 16,
                                                          internal=True),
                                              *options.extra_columns])
    from ..documents.pdf_export import write_document
    from ..documents.print_layout import note_for

    layout_fmt = pdf_layout if fmt == "pdf" else fmt
    written = write_document(sheets, layout_fmt, path, options, progress, cancelled)
    return ExportResult(written, len(sheets), sum(len(s.items) for s in sheets), note_for(layout_fmt, options))


def export_negative_list(ws: Workspace, out_path: str | Path, area_codes: Sequence[str] | None = None,
                         paper: str = "A4") -> ExportResult:
    from ..documents.docx_export import write_negative_list_docx

    county = ws.get(settings.COUNTY)
    codes: list[str | None] = list(area_codes) if area_codes else [None]
    entries = [e for code in codes for e in aggregate.negative_list(ws, code)]
    rows = [NegativeRow(e.area_name, e.item.level1, e.item.level2, e.item.content, e.item.legal_ground, e.unit_name,
                        e.item.remarks) for e in entries]
    path = write_negative_list_docx(rows, out_path, f"{county}政务公开负面清单", compiler_name(ws), paper=paper,
                                    unit_label="编制单位")
    return ExportResult(path, len({r.area_name for r in rows}), len(rows))


def weekly_document(ws: Workspace, today: date | None = None) -> WeeklyReport:
    """Map the week's data onto the weekly report's layout: a row per unit, the week's events as text."""
    rep = weekly.weekly_report(ws, today)
    board = progress.dashboard(ws, rep.end)
    current = submissions.list_submissions(ws)
    by_unit: dict[str, list] = {}
    for sub in current:
        by_unit.setdefault(sub.unit_code, []).append(sub)
    with ws.session() as s:
        na = dict(s.execute(select(Submission.unit_code, func.count()).join(SubmissionItem, SubmissionItem.submission_id == Submission.id)
                            .where(Submission.superseded_by.is_(None), SubmissionItem.applicability == "not_applicable")
                            .group_by(Submission.unit_code)).all())
    problem_counts = inspect.problem_counts(ws, [sub.id for sub in current])
    rows = []
    for code, name in board.units:
        counts = board.per_unit.get(code, {})
        if not any(counts.get(k) for k in progress.CELL_LABELS):
            continue
        subs = by_unit.get(code, [])
        items = sum(sub.item_count for sub in subs)
        n_problems = sum(problem_counts.get(sub.id, 0) for sub in subs)
        approved = sum(sub.item_count for sub in subs if sub.status == "approved")
        status = "，".join(f"{label}{counts[k]}" for k, label in progress.CELL_LABELS.items() if counts.get(k))
        overdue = f"逾期{counts['overdue']}" if counts.get("overdue") else ""
        rows.append(WeeklyRow(name, status, items, approved, n_problems, na.get(code, 0), overdue))
    def lines(title: str, entries: list[weekly.WeeklyLine]) -> str:
        body = "；".join(f"{e.unit_name}（{e.area_name}，{e.note}）" for e in entries) or "无"
        return f"{title}{len(entries)}项：{body}。"
    done = "\n".join([lines("本周收到报送", rep.received), lines("本周退回修改", rep.returned), lines("本周审核通过", rep.approved)])
    late = "；".join(f"{u}（{a}，{st}）" for u, a, st in rep.late[:80])
    problems = f"逾期未完成 {len(rep.late)} 项：{late}{'等' if len(rep.late) > 80 else ''}。" if rep.late else "无逾期单位。"
    totals = "，".join(f"{k}{v}" for k, v in rep.totals.items())
    plan = f"截至本周四，{totals}。请逾期单位尽快报送或按审核意见修改后重新报送。"
    plan += (f"\n各轮截止日期：{round_dates.text(board.deadlines)}。" if board.deadlines_set else "\n各轮截止日期尚未设置。")
    period = f"{rep.start.year}年{rep.start.month}月{rep.start.day}日至{rep.end.month}月{rep.end.day}日"
    year, week, _ = rep.end.isocalendar()
    office = ws.get(settings.REVIEW_OFFICE).get("name", "市府办政务公开办")
    return WeeklyReport(office, f"{year}年第{week}周", period, rows, done, problems, plan, day=rep.end, row_header="责任单位")


def export_weekly_report(ws: Workspace, out_path: str | Path, today: date | None = None, paper: str = "A4") -> ExportResult:
    from ..documents.docx_export import write_weekly_report_docx

    report = weekly_document(ws, today)
    path = write_weekly_report_docx(report, out_path, paper)
    return ExportResult(path, len(report.rows), sum(r.item_count for r in report.rows))
