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
from . import rounds

# The action plan's dates (四、进度安排), only the seed of the suggestion a new office starts from (`rounds`).
DEFAULT_DEADLINES = {r: d.isoformat() for r, d in rounds.PLAN_DEADLINES.items()}
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
    deadlines_set: bool = True  # False: the office has not set its round dates, so nobody is overdue

    @property
    def late(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.overdue]


def get_deadlines(ws: Workspace, today: date | None = None) -> dict[str, date]:
    """The office's round dates; before it set them, the suggestion for ``today`` (`rounds.suggest`)."""
    if not rounds.are_set(ws):
        return rounds.suggest(today or date.today())
    raw = ws.get(settings.DEADLINES)
    return {r: date.fromisoformat(raw[r]) for r in vocab.REVIEW_ROUNDS}


def set_deadline(ws: Workspace, round_name: str, day: str) -> date:
    if round_name not in vocab.REVIEW_ROUNDS:
        raise DomainError("bad_round", f"审核轮次应为：{'、'.join(vocab.REVIEW_ROUNDS)}。")
    d = rounds.parse_day(day)
    rounds.set_dates(ws, get_deadlines(ws) | {round_name: d})
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
    deadlines = get_deadlines(ws, today)
    dates_set = rounds.are_set(ws)
    expected = expected_state(today, deadlines) if dates_set else None
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
    return Dashboard(today, deadlines, [tuple(u) for u in units], [tuple(a) for a in areas], cells, per_area, per_unit,
                     dates_set)
