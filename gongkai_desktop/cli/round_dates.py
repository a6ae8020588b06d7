"""The review office's round dates on the command line: `init --review-office --deadline …` and
`gongkai review deadlines [2027-01-15 | 轮次=日期 …]`."""

from __future__ import annotations

import argparse
from datetime import date

from ..office import round_dates
from ..workspace import Workspace
from .common import open_workspace

DEADLINE_HELP = ("各轮截止日期：一个日期 = 第一轮梳理的截止日期（其余各轮按行动计划的间隔顺延），"
                 "或 轮次=日期（如 总结验收=2027-10-31），可多次使用；不写时用建议日期（行动计划的日程移到今年或明年）")


def add_deadline_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--deadline", action="append", default=[], metavar="日期|轮次=日期", help=DEADLINE_HELP)


def register_review(rv: argparse._SubParsersAction) -> None:
    p = rv.add_parser("deadlines", help="查看或修改各轮截止日期，如 2027-01-15 或 第一轮梳理=2027-01-15 总结验收=2027-03-31")
    p.add_argument("specs", nargs="*", metavar="日期|轮次=日期",
                   help="不写则只显示；一个日期 = 第一轮梳理（其余按计划间隔顺延）；轮次=日期 只改该轮")
    p.set_defaults(func=cmd_deadlines)


def set_at_start(ws: Workspace, specs: list[str], today: date | None = None) -> None:
    """At `init --review-office`: the given dates, or (when none are set yet) the suggestion; then say them."""
    today = today or date.today()
    if specs or not round_dates.are_set(ws):
        base = round_dates.suggest(today) if not round_dates.are_set(ws) else _current(ws)
        round_dates.set_dates(ws, round_dates.parse_specs(specs, base))
    print_dates(ws, today)


def _current(ws: Workspace) -> dict[str, date]:
    from ..office.progress import get_deadlines

    return get_deadlines(ws)


def print_dates(ws: Workspace, today: date | None = None) -> None:
    today = today or date.today()
    dates = _current(ws)
    print(f"各轮截止日期：{round_dates.text(dates)}。")
    passed = [r for r, d in dates.items() if d < today]
    if passed:
        print(f"  注意：{'、'.join(passed)}的截止日期已过（今天是 {today.isoformat()}），未按期完成的单位会显示为逾期。")
    print("  修改：gongkai review deadlines 2027-07-31（第一轮梳理，其余顺延）或 gongkai review deadlines 总结验收=2027-10-31")


def cmd_deadlines(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        _require_office(ws)
        if args.specs:
            round_dates.set_dates(ws, round_dates.parse_specs(args.specs, _current(ws)))
            print("已修改截止日期。")
        elif not round_dates.are_set(ws):
            print(f"尚未设置截止日期（建议：{round_dates.text(round_dates.suggest(date.today()))}）。")
            print("  设置：gongkai review deadlines 2027-07-31，或逐轮写 第一轮梳理=… 第二轮梳理=… 总结验收=… 发布实施=…")
            return 0
        print_dates(ws)
    return 0


def _require_office(ws: Workspace) -> None:
    from ..errors import DomainError
    from ..workspace import ROLE_REVIEW

    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "截止日期由审核端（市府办政务公开办）设置，单位端随下发文件包收到。")
