"""Word documents for printing and sealing: catalogs, the negative list, the weekly progress report.

Each builder takes plain data (no database), so the review office's aggregate and the window's
export dialog can feed them whatever they have; each writes atomically and reports progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import docx_base as db
from . import layout, print_layout
from .layout import ExportOptions, SheetData
from .print_layout import PrintPlan

EMU_PER_PT = 12700
TITLE_PT = 22 * 1.25 * 1.2  # the 22 pt title line, with room for the fonts' own height
SUBTITLE_PT = 14 * 1.25 * 1.2 + 6


def catalog_columns(options: ExportOptions) -> tuple[list[layout.Column], list[db.TableColumn]]:
    """The printed columns (the national table unless every column is asked for)."""
    cols = layout.columns(options, national_only=options.national)
    table_cols = [db.TableColumn(c.group, c.header, _print_width(c),
                                 center=c.kind in ("index", "tick") or c.field in ("level1", "applicability"))
                  for c in cols]
    return cols, table_cols


def _print_width(col: layout.Column) -> float:
    """Wide enough that a tick column's header (全社会, 特定群体) stays on one line."""
    if col.kind == "tick" and col.field != "channels":
        return max(col.width, 1.9 * len(col.header) + 1.5)
    return col.width + (4 if col.kind == "channels" else 0)


def write_docx(sheets: Sequence[SheetData], path: str | Path, options: ExportOptions | None = None,
               progress: layout.Progress | None = None, cancelled: layout.Cancelled | None = None) -> Path:
    """One titled table per `SheetData` (each area starts on a new page), landscape, header repeated."""
    options = options or ExportOptions()
    options.check()
    doc = db.new_document(options.paper)
    cols, table_cols = catalog_columns(options)
    level1 = next(i for i, c in enumerate(cols) if c.field == "level1")
    total = max(1, sum(len(s.items) for s in sheets))
    bodies = [[layout.row_texts(item, cols, n + 1, options.channels)
               for n, item in enumerate(layout.visible_items(s.items, options))] for s in sheets]
    plan = print_plan(cols, options, bodies)
    db.table_fonts(doc, plan.body, plan.header, plan.line_height, print_layout.LINE_FACTOR["docx"] * plan.header)
    widths = [int(w * EMU_PER_PT) for w in plan.widths]
    header_texts = ["\n".join(plan.group_lines.get(i, [c.group])) for i, c in enumerate(cols)] + \
        ["\n".join(lines) for lines in plan.header_lines]
    done = 0
    for k, (sheet, rows) in enumerate(zip(sheets, bodies)):
        db.add_title(doc, sheet.title, _subtitle(sheet.unit_name, options.today, sheet.unit_label), page_break=k > 0)
        sub = _scaled(progress, done / total, len(rows) / total)
        db.add_table(doc, table_cols, rows, merge_col=level1, progress=sub, cancelled=cancelled, total=len(rows),
                     widths=widths, header_texts=header_texts, pages=_pages(rows, sheet, plan, level1))
        done += len(rows)
    if not sheets:
        db.add_title(doc, "政务公开事项标准目录", "（无事项）")
    if progress:
        progress(0.99, "正在保存 Word 文件")
    out = db.save(doc, path)
    if progress:
        progress(1.0, "导出完成")
    return out


def print_plan(cols: list[layout.Column], options: ExportOptions, bodies: Sequence[Sequence[Sequence[str]]]) -> PrintPlan:
    rows = [r for body in bodies for r in body]
    lengths = print_layout.typical_lengths(rows, len(cols)) if rows else None
    return print_layout.plan(cols, "docx", options.paper, lengths=lengths)


def _pages(rows: Sequence[Sequence[str]], sheet: SheetData, plan: PrintPlan, level1: int) -> print_layout.Pages:
    """The table's pages: rows kept whole, the 一级事项 merged only within a page."""
    heights = [plan.row_height(r, skip=level1) for r in rows]
    pad = print_layout.ROW_PADDING["docx"]
    need = [plan.lines(r[level1], level1) * plan.line_height + pad for r in rows]
    group, header = plan.header_heights()
    room = plan.page_height - group - header
    title_lines = max(1, -(-int(print_layout.text_em(sheet.title) * 22) // int(print_layout.PAGE[("docx", plan.paper)][0])))
    first = room - title_lines * TITLE_PT - SUBTITLE_PT
    runs = list(_runs(rows, level1))
    return print_layout.paginate_rows(heights, need, runs, first, room)


def _runs(rows: Sequence[Sequence[str]], col: int) -> list[tuple[int, int]]:
    """(first, last) of consecutive rows sharing a non-empty text in ``col``."""
    out: list[tuple[int, int]] = []
    for i, r in enumerate(rows):
        if out and r[col] and r[col] == rows[out[-1][0]][col]:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def _subtitle(unit_name: str, day: date, label: str = "填报单位") -> str:
    parts = [f"{label}：{unit_name}" if unit_name else "", f"{day.year}年{day.month}月{day.day}日"]
    return "　　　　".join(p for p in parts if p)


def _scaled(progress: layout.Progress | None, start: float, span: float) -> layout.Progress | None:
    if progress is None:
        return None
    return lambda f, m: progress(min(0.99, start + f * span), m)


# 负面清单 -----------------------------------------------------------------------------------------

@dataclass(slots=True)
class NegativeRow:
    """One item not disclosed (不予公开), with the legal ground that keeps it closed."""

    area_name: str
    level1: str
    level2: str
    content: str
    legal_ground: str
    publisher: str
    remarks: str = ""


NEGATIVE_COLUMNS = (
    db.TableColumn("序号", "序号", 6, True),
    db.TableColumn("试点领域", "试点领域", 10, True),
    db.TableColumn("事项名称", "一级事项", 12, True),
    db.TableColumn("事项名称", "二级事项", 14),
    db.TableColumn("不予公开的内容", "不予公开的内容", 26),
    db.TableColumn("不予公开依据", "不予公开依据", 30),
    db.TableColumn("责任单位", "责任单位", 12),
    db.TableColumn("备注", "备注", 10),
)


def write_negative_list_docx(rows: Sequence[NegativeRow], path: str | Path, title: str, unit_name: str = "",
                             day: date | None = None, paper: str = "A4", unit_label: str = "填报单位") -> Path:
    """The 负面清单: every item not disclosed with its legal ground, grouped by area."""
    doc = db.new_document(paper)
    db.add_title(doc, title, _subtitle(unit_name, day or date.today(), unit_label))
    data = [[str(n), r.area_name, r.level1, r.level2, r.content, r.legal_ground, r.publisher, r.remarks]
            for n, r in enumerate(rows, 1)]
    if not data:
        data = [["", "", "", "", "（无不予公开事项）", "", "", ""]]
    db.add_table(doc, NEGATIVE_COLUMNS, data, merge_col=1)
    return db.save(doc, path)


# 一周一进度 ---------------------------------------------------------------------------------------

@dataclass(slots=True)
class WeeklyRow:
    """One line of the weekly progress table: a catalog (unit report) or a unit (office report)."""

    name: str
    status: str
    item_count: int
    complete_count: int
    problem_count: int
    not_applicable_count: int
    progress: str = ""


@dataclass(slots=True)
class WeeklyReport:
    """一周一进度, due every Thursday: what was done, the table, problems, next week's plan."""

    unit_name: str
    week_label: str  # e.g. 第 3 周
    period: str  # e.g. 2020年7月9日至7月15日
    rows: list[WeeklyRow] = field(default_factory=list)
    done_text: str = ""
    problems_text: str = ""
    plan_text: str = ""
    contact: str = ""
    day: date | None = None
    row_header: str = "试点领域"


def weekly_columns(row_header: str) -> tuple[db.TableColumn, ...]:
    return (
        db.TableColumn("序号", "序号", 6, True),
        db.TableColumn(row_header, row_header, 16, True),
        db.TableColumn("目录状态", "目录状态", 10, True),
        db.TableColumn("事项情况", "事项总数", 8, True),
        db.TableColumn("事项情况", "已完善", 8, True),
        db.TableColumn("事项情况", "不适用", 8, True),
        db.TableColumn("待完善问题", "待完善问题", 9, True),
        db.TableColumn("完成率", "完成率", 8, True),
        db.TableColumn("本周进展", "本周进展", 30),
    )


def write_weekly_report_docx(report: WeeklyReport, path: str | Path, paper: str = "A4") -> Path:
    doc = db.new_document(paper)
    db.add_title(doc, f"{report.unit_name}政务公开事项标准目录编制工作进度周报",
                 f"（{report.week_label}　{report.period}）")
    _section(doc, "一、本周工作进展", report.done_text or "按计划推进目录梳理编制工作，各领域进度如下表。")
    data = [[str(n), r.name, r.status, str(r.item_count), str(r.complete_count), str(r.not_applicable_count),
             str(r.problem_count), _rate(r), r.progress] for n, r in enumerate(report.rows, 1)]
    total = WeeklyRow("合计", "", sum(r.item_count for r in report.rows), sum(r.complete_count for r in report.rows),
                      sum(r.problem_count for r in report.rows), sum(r.not_applicable_count for r in report.rows))
    data.append(["", "合计", "", str(total.item_count), str(total.complete_count), str(total.not_applicable_count),
                 str(total.problem_count), _rate(total), ""])
    db.add_table(doc, weekly_columns(report.row_header), data)
    _section(doc, "二、存在的问题", report.problems_text or "无。")
    _section(doc, "三、下周工作计划", report.plan_text or "继续完善目录，按时报送。")
    day = report.day or date.today()
    sign = f"{report.contact}　　　　" if report.contact else ""
    doc.add_paragraph(f"{sign}{report.unit_name}　{day.year}年{day.month}月{day.day}日").alignment = 2
    return db.save(doc, path)


def _section(doc: object, heading: str, text: str) -> None:
    from docx.shared import Pt

    doc.add_paragraph(heading, style="CatalogHeading").paragraph_format.space_before = Pt(8)  # type: ignore[attr-defined]
    for para in text.split("\n"):
        p = doc.add_paragraph(para)  # type: ignore[attr-defined]
        p.paragraph_format.first_line_indent = 2 * 12 * 12700  # two characters of 12 pt


def _rate(r: WeeklyRow) -> str:
    return f"{r.complete_count * 100 // r.item_count}%" if r.item_count else "—"
