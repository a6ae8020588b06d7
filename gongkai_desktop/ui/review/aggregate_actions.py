"""The review office's documents: the county aggregate (Excel / Word), the negative list, 一周一进度.

Each runs as a job (the aggregate can be large) and ends with the offer to open the file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget, QDialog, QLabel, QVBoxLayout, QWidget

from ...office import reports
from ...settings import COUNTY
from .. import jobs
from ..widgets import ok_cancel_buttons
from .common import ReviewContext


def _county(ctx: ReviewContext) -> str:
    return str(ctx.ws.get(COUNTY))


class WeekDialog(QDialog):
    """Which week: any day of it (the report covers the week ending on that Thursday)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("生成一周一进度")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("选择报告日期（一般为本周四）："))
        self.calendar = QCalendarWidget()
        self.calendar.setSelectedDate(QDate.currentDate())
        layout.addWidget(self.calendar)
        buttons, _ = ok_cancel_buttons(self)
        layout.addWidget(buttons)

    def day(self) -> date:
        d = self.calendar.selectedDate()
        return date(d.year(), d.month(), d.day())


class OutputActions:
    """Menu commands that write documents; ``parent`` is the widget dialogs belong to."""

    def __init__(self, ctx: ReviewContext, parent: QWidget) -> None:
        self.ctx = ctx
        self.parent = parent
        self.job: jobs.Job | None = None
        self.last_path: Path | None = None
        self.choose_week = self._choose_week

    def _run(self, title: str, fn: jobs.JobFn, done_text: str) -> None:
        def done(result: object) -> None:
            path = getattr(result, "path", result)
            self.last_path = Path(str(path))
            self.ctx.chooser.offer_open(self.parent, self.last_path, done_text)

        self.job = jobs.run_job(self.parent, title, fn, done, self.ctx.show_error)

    def export_aggregate(self, fmt: str) -> None:
        """导出全县汇总目录 (.xlsx, .docx, or .pdf: the Excel layout printed by LibreOffice, which the
        core looks for and names when it is missing)."""
        label = {"xlsx": "Excel", "docx": "Word", "pdf": "PDF"}[fmt]
        name = f"{_county(self.ctx)}政务公开事项标准目录（汇总）.{fmt}"
        path = self.ctx.chooser.save_file(self.parent, f"导出全县汇总目录（{label}）", name, f"{label} 文件 (*.{fmt})")
        if path is None:
            return
        path = path.with_suffix(f".{fmt}")
        ws = self.ctx.ws
        self._run("正在导出全县汇总目录",
                  lambda progress, cancelled: reports.export_aggregate(ws, path, None, None, progress, cancelled),
                  "已导出全县汇总目录（仅含审核通过的目录）。")

    def export_negative_list(self) -> None:
        name = f"{_county(self.ctx)}政务公开负面清单.docx"
        path = self.ctx.chooser.save_file(self.parent, "导出负面清单", name, "Word 文件 (*.docx)")
        if path is None:
            return
        path, ws = path.with_suffix(".docx"), self.ctx.ws
        self._run("正在导出负面清单", lambda progress, cancelled: reports.export_negative_list(ws, path),
                  "已导出负面清单（审核通过目录中不予公开的事项及其依据）。")

    def _choose_week(self) -> date | None:
        dialog = WeekDialog(self.parent)
        return dialog.day() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def export_weekly(self) -> None:
        """生成一周一进度 for the week of a chosen day."""
        day = self.choose_week()
        if day is None:
            return
        path = self.ctx.chooser.save_file(self.parent, "生成一周一进度", f"一周一进度（{day:%Y-%m-%d}）.docx", "Word 文件 (*.docx)")
        if path is None:
            return
        path, ws = path.with_suffix(".docx"), self.ctx.ws

        def make(progress: jobs.Progress, cancelled: jobs.Cancelled) -> Path:
            progress(0.1, "正在统计本周进度")
            return reports.export_weekly_report(ws, path, day).path

        self._run("正在生成一周一进度", make, f"已生成 {day:%Y-%m-%d} 所在周的一周一进度。")

