"""Progress against the round deadlines: the dashboard of units × areas, and who is late."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from .. import settings, vocab
from ..errors import DomainError
from ..models import Area, Unit, UnitArea
from ..models.review import Submission
from ..workspace import Workspace

# Seeded from the action plan (四、进度安排); the office changes them in settings.
DEFAULT_DEADLINES = {"第一轮梳理": "2020-07-31", "第二轮梳理": "2020-08-31", "总结验收": "2020-09-30", "发布实施": "2020-12-31"}
CELL_LABELS = {"none": "未提交", "submitted": "已提交", "returned": "退回修改", "approved": "已通过"}


@dataclass(slots=True)
class Cell:
    unit_code: str
    area_code: str
    state: str  # none / submitted / returned / approved
    overdue: bool
    submission_id: int | None = None

    @property
    def label(self) -> str:
        return CELL_LABELS[self.state] + ("（逾期）" if self.overdue else "")


@dataclass(slots=True)
class Dashboard:
    today: date
    deadlines: dict[str, date]
    units: list[tuple[str, str]]  # (code, name)
    areas: list[tuple[str, str]]
    cells: dict[tuple[str, str], Cell]
    per_area: dict[str, dict[str, int]] = field(default_factory=dict)
    per_unit: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def late(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.overdue]


def get_deadlines(ws: Workspace) -> dict[str, date]:
    raw = ws.get(settings.DEADLINES) or DEFAULT_DEADLINES
    return {r: date.fromisoformat(raw.get(r, DEFAULT_DEADLINES[r])) for r in vocab.REVIEW_ROUNDS}


def set_deadline(ws: Workspace, round_name: str, day: str) -> date:
    if round_name not in vocab.REVIEW_ROUNDS:
        raise DomainError("bad_round", f"审核轮次应为：{'、'.join(vocab.REVIEW_ROUNDS)}。")
    try:
        d = date.fromisoformat(day)
    except ValueError as exc:
        raise DomainError("bad_date", f"日期“{day}”格式不对，请写成 2020-07-31 这样的形式。") from exc
    raw = {k: v.isoformat() for k, v in get_deadlines(ws).items()}
    raw[round_name] = d.isoformat()
    ws.put(settings.DEADLINES, raw)
    return d


def expected_state(today: date, deadlines: dict[str, date]) -> str | None:
    """What every cell should have reached by today: submitted after round 1, approved after 总结验收."""
    if today > deadlines["总结验收"]:
        return "approved"
    if today > deadlines["第一轮梳理"]:
        return "submitted"
    return None


def is_overdue(state: str, expected: str | None) -> bool:
    if expected is None:
        return False
    if expected == "submitted":
        return state == "none"
    return state != "approved"


def dashboard(ws: Workspace, today: date | None = None) -> Dashboard:
    today = today or date.today()
    deadlines = get_deadlines(ws)
    expected = expected_state(today, deadlines)
    with ws.session() as s:
        units = s.execute(select(Unit.code, Unit.name).order_by(Unit.kind, Unit.code)).all()
        areas = s.execute(select(Area.code, Area.name).order_by(Area.code)).all()
        pairs = s.execute(select(UnitArea.unit_code, UnitArea.area_code)).all()
        subs = {(u, a): (sid, st) for sid, u, a, st in s.execute(
            select(Submission.id, Submission.unit_code, Submission.area_code, Submission.status)
            .where(Submission.superseded_by.is_(None)).order_by(Submission.id))}
    cells: dict[tuple[str, str], Cell] = {}
    per_area: dict[str, dict[str, int]] = {a: dict.fromkeys((*CELL_LABELS, "overdue"), 0) for a, _ in areas}
    per_unit: dict[str, dict[str, int]] = {u: dict.fromkeys((*CELL_LABELS, "overdue"), 0) for u, _ in units}
    for unit_code, area_code in pairs:
        sid, status = subs.get((unit_code, area_code), (None, "none"))
        state = status if status in CELL_LABELS else "submitted"
        cell = Cell(unit_code, area_code, state, is_overdue(state, expected), sid)
        cells[(unit_code, area_code)] = cell
        for counts in (per_area[area_code], per_unit[unit_code]):
            counts[state] += 1
            counts["overdue"] += cell.overdue
    return Dashboard(today, deadlines, [(u[0], u[1]) for u in units], [(a[0], a[1]) for a in areas], cells, per_area, per_unit)
