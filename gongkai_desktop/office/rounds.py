"""Rounds after the first (动态调整): the office opens a new round with its deadline.

The plan's four rounds (第一轮梳理 … 发布实施) are fixed; afterwards the review office opens one round
a year or as needed (“2021年度动态调整”). Opening a round publishes the approved catalogs as its
baseline: each unit × area's newest approved version is kept as *published* (`versions`), units
submit their changes against it, the review shows what changed since it, and the county aggregate
what changed since the last publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import settings, versions, vocab
from ..changes import Changes
from ..errors import DomainError
from ..models import CatalogVersion, Setting, utcnow
from ..workspace import ROLE_REVIEW, Workspace
from .aggregate import approved_submissions

MAX_NAME = 16  # a decision's round is stored in 16 characters


@dataclass(slots=True)
class RoundInfo:
    name: str
    deadline: date | None
    opened_at: str = ""  # ISO time; "" for the plan's four
    baselines: int = 0


def opened(s: object) -> list[dict]:
    rounds: list[dict] = settings.read(s, settings.OPENED_ROUNDS)
    return list(rounds)


def round_names(s: object) -> list[str]:
    """Every round a decision may name: the plan's four, then those the office opened, in order."""
    return [*vocab.REVIEW_ROUNDS, *(r["name"] for r in opened(s))]


def check_round(s: object, name: str) -> None:
    names = round_names(s)
    if name not in names:
        raise DomainError("bad_round", f"审核轮次应为：{'、'.join(names)}。新的一轮请先用 `gongkai review round open` 开启。")


def list_rounds(ws: Workspace) -> list[RoundInfo]:
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        deadlines = settings.read(s, settings.DEADLINES)
        rounds = opened(s)
    from .progress import DEFAULT_DEADLINES

    out = [RoundInfo(n, _day(deadlines.get(n, DEFAULT_DEADLINES[n]))) for n in vocab.REVIEW_ROUNDS]
    out += [RoundInfo(r["name"], _day(deadlines.get(r["name"]) or r.get("deadline")), str(r.get("opened_at", "")),
                      int(r.get("baselines", 0)))
            for r in rounds]
    return out


def current_round(ws: Workspace) -> RoundInfo | None:
    """The round opened last (None while the plan's first four are all there is)."""
    rounds = list_rounds(ws)
    return rounds[-1] if len(rounds) > len(vocab.REVIEW_ROUNDS) else None


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def parse_deadline(text: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError as exc:
        raise DomainError("bad_date", f"日期“{text}”格式不对，请写成 2021-06-30 这样的形式。") from exc


def open_round(ws: Workspace, name: str, deadline: str) -> Changes:
    """Open a new round; the approved catalogs become its baseline (one undoable entry).

    ``Changes.created`` lists the kept baseline versions (one per unit × area with an approved catalog).
    """
    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "只有审核端（市府办政务公开办）可以开启新一轮。")
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise DomainError("bad_round_name", f"请填写新一轮的名称（如“2021年度动态调整”），不超过 {MAX_NAME} 个字。")
    day = parse_deadline(deadline)
    with ws.operation(f"开启{name}") as op:
        s = op.session
        if name in round_names(s):
            raise DomainError("round_exists", f"已有名为“{name}”的轮次，请换一个名称。")
        for key in (settings.OPENED_ROUNDS.key, settings.DEADLINES.key):
            op.track(Setting.__table__, key)
        subs = approved_submissions(s)
        from ..models import Submission

        rows = [versions.keep_published(s, s.get(Submission, sid), name) for sid, *_ in subs]
        op.created(CatalogVersion.__table__, [r.id for r in rows])
        settings.write(s, settings.OPENED_ROUNDS, [*opened(s), {
            "name": name, "deadline": day.isoformat(), "opened_at": utcnow().isoformat(timespec="seconds"),
            "baselines": len(rows)}])
        deadlines: dict = settings.read(s, settings.DEADLINES)
        settings.write(s, settings.DEADLINES, {**deadlines, name: day.isoformat()})
        op.changes.created.extend(str(r.id) for r in rows)
        op.changes.reference = True
    return op.changes
