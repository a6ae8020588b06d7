"""The round dates (截止日期) a review office works to: suggested from the plan, set at first start.

The action plan's dates (四、进度安排: 2020-07-31, 08-31, 09-30, 12-31) are history by now; used as
they are, a new office opens with every unit overdue. So a new office sets its own dates when it
starts: the plan's calendar moved to the first year in which round 1 is still ahead of today is the
suggestion (`suggest`); a single date for round 1 moves the whole calendar with the plan's spacing
(`from_first_round`); any round can be set on its own (`parse_specs`). Until dates are set nobody
is overdue (`progress.dashboard`). Dates are always shown with their year (`text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from .. import settings, vocab
from ..errors import DomainError
from ..workspace import Workspace

PLAN_DEADLINES: dict[str, date] = {"第一轮梳理": date(2020, 7, 31), "第二轮梳理": date(2020, 8, 31),
                                   "总结验收": date(2020, 9, 30), "发布实施": date(2020, 12, 31)}
LEAD_DAYS = 30  # the first round needs at least a month for the units to compile
DATE_HINT = "请写成 2027-07-31 这样的形式（年-月-日）"


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def suggest(today: date) -> dict[str, date]:
    """The plan's calendar in the first year whose round 1 is at least `LEAD_DAYS` after today."""
    first = PLAN_DEADLINES[vocab.REVIEW_ROUNDS[0]]
    years = today.year - first.year
    while _shift_years(first, years) < today + timedelta(days=LEAD_DAYS):
        years += 1
    return {r: _shift_years(PLAN_DEADLINES[r], years) for r in vocab.REVIEW_ROUNDS}


def from_first_round(first: date) -> dict[str, date]:
    """All four dates from round 1's, keeping the plan's spacing between the rounds."""
    start = PLAN_DEADLINES[vocab.REVIEW_ROUNDS[0]]
    return {r: first + (PLAN_DEADLINES[r] - start) for r in vocab.REVIEW_ROUNDS}


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise DomainError("bad_date", f"日期“{text}”格式不对，{DATE_HINT}。") from exc


def parse_specs(specs: Iterable[str], base: Mapping[str, date]) -> dict[str, date]:
    """``2027-01-15`` (round 1, the others at the plan's spacing) and/or ``总结验收=2027-03-01`` …"""
    out = dict(base)
    for spec in specs:
        name, sep, value = spec.partition("=")
        if not sep:
            out = from_first_round(parse_day(spec))
            continue
        name = name.strip()
        if name not in vocab.REVIEW_ROUNDS:
            raise DomainError("bad_round", f"没有名为“{name}”的轮次。轮次为：{'、'.join(vocab.REVIEW_ROUNDS)}。"
                                           f"例如：第一轮梳理=2027-07-31。")
        out[name] = parse_day(value)
    return out


def check_order(deadlines: Mapping[str, date]) -> None:
    """The rounds follow each other: a later round cannot end before an earlier one."""
    rounds = vocab.REVIEW_ROUNDS
    for a, b in zip(rounds, rounds[1:]):
        if deadlines[b] < deadlines[a]:
            raise DomainError("deadlines_out_of_order", f"{b}的截止日期（{deadlines[b]}）早于{a}的（{deadlines[a]}），"
                                                       f"请按 {'→'.join(rounds)} 的顺序设置。未修改截止日期。")


def are_set(ws: Workspace) -> bool:
    """Has this office set its round dates (at first start, or later)?"""
    raw = ws.get(settings.DEADLINES) or {}
    return all(isinstance(raw.get(r), str) for r in vocab.REVIEW_ROUNDS)


def set_dates(ws: Workspace, deadlines: Mapping[str, date]) -> dict[str, date]:
    """Store all four dates (checked for order) and any opened round's given with them; the deadlines of
    rounds opened since (动态调整, `office.rounds`) not given are kept. Returns the four."""
    full = {r: deadlines[r] for r in vocab.REVIEW_ROUNDS}
    check_order(full)
    kept: dict = ws.get(settings.DEADLINES)
    ws.put(settings.DEADLINES, kept | {r: d.isoformat() for r, d in deadlines.items()})
    return full


def text(deadlines: Mapping[str, date]) -> str:
    """第一轮梳理 2027-07-31，第二轮梳理 2027-08-31，… — always with the year."""
    return "，".join(f"{r} {deadlines[r].isoformat()}" for r in vocab.REVIEW_ROUNDS if r in deadlines)


def next_text(ws: Workspace, today: date | None = None) -> str:
    """For the queue: the next round date ahead (with the year), or that none is set."""
    today = today or date.today()
    if not are_set(ws):
        return "截止日期尚未设置"
    raw = ws.get(settings.DEADLINES)
    ahead = [(d, r) for r in vocab.REVIEW_ROUNDS if (d := date.fromisoformat(raw[r])) >= today]
    if not ahead:
        return "各轮截止日期均已过"
    day, name = min(ahead)
    return f"下一截止：{name} {day.isoformat()}（还有 {(day - today).days} 天）"
