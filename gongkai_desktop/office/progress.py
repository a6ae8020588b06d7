"""Progress against the round deadlines: the dashboard of units × areas, and who is late."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from .. import settings, vocab
from ..errors import DomainError
from ..laws import load_index
from ..models import Area, Template, Unit, UnitArea
from ..models.review import Submission, SubmissionItem
from ..workspace import Workspace
from . import round_dates

# The action plan's dates (四、进度安排), only the seed of the suggestion a new office starts from (`rounds`).
DEFAULT_DEADLINES = {r: d.isoformat() for r, d in round_dates.PLAN_DEADLINES.items()}
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
    # 动态调整: per unit, its current submissions that follow an older template than the newest
    # (area, version followed, newest), and how many of its items cite a repealed law
    old_templates: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    law_counts: dict[str, int] = field(default_factory=dict)
    deadlines_set: bool = True  # False: the office has not set its round dates, so nobody is overdue

    @property
    def late(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.overdue]


def get_deadlines(ws: Workspace, today: date | None = None) -> dict[str, date]:
    """The plan's four rounds (before the office set its dates, the suggestion for ``today``,
    `round_dates.suggest`), then the rounds the office opened since (动态调整), with their deadlines."""
    raw = ws.get(settings.DEADLINES) or {}
    if round_dates.are_set(ws):
        out = {r: date.fromisoformat(raw[r]) for r in vocab.REVIEW_ROUNDS}
    else:
        out = round_dates.suggest(today or date.today())
    for r in ws.get(settings.OPENED_ROUNDS):
        day = raw.get(r["name"]) or r.get("deadline")
        if isinstance(day, str):
            out[r["name"]] = date.fromisoformat(day)
    return out


def set_deadline(ws: Workspace, round_name: str, day: str) -> date:
    rounds = [*vocab.REVIEW_ROUNDS, *(r["name"] for r in ws.get(settings.OPENED_ROUNDS))]
    if round_name not in rounds:
        raise DomainError("bad_round", f"审核轮次应为：{'、'.join(rounds)}。")
    d = round_dates.parse_day(day)
    round_dates.set_dates(ws, get_deadlines(ws) | {round_name: d})
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
    dates_set = round_dates.are_set(ws)
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
    board = Dashboard(today, deadlines, [(u[0], u[1]) for u in units], [(a[0], a[1]) for a in areas], cells,
                      per_area, per_unit,
                      deadlines_set=dates_set)
    with ws.session() as s:
        board.old_templates = old_templates(s)
        board.law_counts = repealed_law_counts(s)
    return board


def old_templates(s: Any) -> dict[str, list[tuple[str, str, str]]]:
    """Unit → (area, template version its current submission follows, the newest version) where they differ."""
    from ..reference import _version_key

    newest: dict[str, str] = {}
    for area, version in s.execute(select(Template.area_code, Template.version)):
        if area not in newest or _version_key(version) > _version_key(newest[area]):
            newest[area] = version
    out: dict[str, list[tuple[str, str, str]]] = {}
    rows = s.execute(select(Submission.unit_code, Submission.area_code, Submission.template_version)
                     .where(Submission.superseded_by.is_(None)).order_by(Submission.unit_code, Submission.area_code))
    for unit, area, version in rows:
        if version and area in newest and version != newest[area]:
            out.setdefault(unit, []).append((area, version, newest[area]))
    return out


def repealed_law_counts(s: Any) -> dict[str, int]:
    """Unit → items of its current submissions whose legal basis cites a repealed law (one query,
    narrowed in SQL to the texts that mention one, then checked title by title)."""
    index = load_index(s)
    if not index:
        return {}
    c = SubmissionItem.__table__.c
    mention = or_(*(col.like(f"%{p}%") for p in index.like_patterns() for col in (c.basis, c.legal_ground)))
    rows = s.execute(select(Submission.unit_code, c.basis, c.legal_ground)
                     .join(Submission, Submission.id == c.submission_id)
                     .where(Submission.superseded_by.is_(None), c.applicability != "not_applicable", mention))
    out: dict[str, int] = {}
    for unit, basis, ground in rows:
        if index.find(basis) or index.find(ground):
            out[unit] = out.get(unit, 0) + 1
    return out
