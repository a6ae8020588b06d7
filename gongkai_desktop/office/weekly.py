"""一周一进度: what was received, returned and approved in the week, who is late, totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..models import Area
from ..models.review import Decision, Submission
from ..workspace import Workspace
from .progress import CELL_LABELS, dashboard


@dataclass(slots=True)
class WeeklyLine:
    unit_name: str
    area_name: str
    when: datetime
    note: str = ""


@dataclass(slots=True)
class WeeklyReport:
    start: date
    end: date  # the Thursday the report is due
    received: list[WeeklyLine]
    returned: list[WeeklyLine]
    approved: list[WeeklyLine]
    late: list[tuple[str, str, str]]  # unit, area, state label
    totals: dict[str, int]


def report_week(today: date) -> tuple[date, date]:
    """The week that ends on the Thursday on or after ``today`` (Friday to Thursday)."""
    end = today + timedelta(days=(3 - today.weekday()) % 7)
    return end - timedelta(days=6), end


def weekly_report(ws: Workspace, today: date | None = None) -> WeeklyReport:
    today = today or date.today()
    start, end = report_week(today)
    lo, hi = datetime.combine(start, time.min), datetime.combine(end, time.max)
    with ws.session() as s:
        areas = dict(s.execute(select(Area.code, Area.name)).all())
        received = [WeeklyLine(u, areas.get(a, a), t, f"第 {seq} 号报送，{n} 个事项")
                    for u, a, t, seq, n in s.execute(
                        select(Submission.unit_name, Submission.area_code, Submission.received_at, Submission.sequence,
                               Submission.item_count).where(Submission.received_at.between(lo, hi)).order_by(Submission.received_at))]
        decided = s.execute(
            select(Decision.decision, Decision.round, Decision.at, Submission.unit_name, Submission.area_code)
            .join(Submission, Submission.id == Decision.submission_id)
            .where(Decision.at.between(lo, hi)).order_by(Decision.at)).all()
    returned = [WeeklyLine(u, areas.get(a, a), t, r) for d, r, t, u, a in decided if d == "returned"]
    approved = [WeeklyLine(u, areas.get(a, a), t, r) for d, r, t, u, a in decided if d == "approved"]
    board = dashboard(ws, end)
    units = dict(board.units)
    late = sorted((units[c.unit_code], areas.get(c.area_code, c.area_code), CELL_LABELS[c.state]) for c in board.late)
    totals = {label: sum(1 for c in board.cells.values() if c.state == key) for key, label in CELL_LABELS.items()}
    totals["逾期"] = len(late)
    totals["应报送"] = len(board.cells)
    return WeeklyReport(start, end, received, returned, approved, late, totals)
