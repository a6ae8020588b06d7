"""A new review office sets its round dates at start: no 逾期 against the plan's 2020 dates, years shown."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office import progress, round_dates
from gongkai_desktop.workspace import Workspace
from tests.conftest import copy_workspace


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("today, first", [(date(2026, 12, 1), date(2027, 7, 31)), (date(2027, 3, 1), date(2027, 7, 31)),
                                          (date(2027, 7, 15), date(2028, 7, 31))])
def test_the_suggestion_is_the_plans_calendar_moved_ahead_of_today(today, first) -> None:
    got = round_dates.suggest(today)
    assert got["第一轮梳理"] == first and got["第一轮梳理"] - today >= timedelta(days=round_dates.LEAD_DAYS)
    assert [(d.month, d.day) for d in got.values()] == [(7, 31), (8, 31), (9, 30), (12, 31)]


def test_a_fresh_office_from_the_command_line_has_no_one_overdue_and_shows_years(capsys, base_workspace, tmp_path) -> None:
    office = str(copy_workspace(base_workspace, tmp_path / "office"))
    code, out, _ = run(capsys, "--data-dir", office, "init", "--review-office")
    suggested = round_dates.suggest(date.today())
    assert code == 0 and round_dates.text(suggested) in out
    code, out, _ = run(capsys, "--data-dir", office, "review", "progress")
    assert code == 0 and "逾期 0 项" in out and "2020-" not in out
    assert re.search(r"第一轮梳理 \d{4}-\d{2}-\d{2}", out)  # with the year


def test_init_takes_the_dates_and_review_deadlines_changes_them(capsys, base_workspace, tmp_path) -> None:
    office = str(copy_workspace(base_workspace, tmp_path / "office"))
    code, out, _ = run(capsys, "--data-dir", office, "init", "--review-office", "--deadline", "2027-01-15")
    assert code == 0 and "第一轮梳理 2027-01-15，第二轮梳理 2027-02-15，总结验收 2027-03-17，发布实施 2027-06-17" in out
    code, out, _ = run(capsys, "--data-dir", office, "review", "deadlines", "总结验收=2027-04-01")
    assert code == 0 and "总结验收 2027-04-01" in out
    code, _, err = run(capsys, "--data-dir", office, "review", "deadlines", "总结验收=2027-01-01")
    assert code == 2 and "早于" in err
    code, _, err = run(capsys, "--data-dir", office, "review", "deadlines", "终审=2027-01-01")
    assert code == 2 and "没有名为“终审”的轮次" in err
    code, _, err = run(capsys, "--data-dir", office, "review", "deadlines", "2027/01/01")
    assert code == 2 and "格式不对" in err
    ws = Workspace.open(office)
    try:
        assert progress.get_deadlines(ws)["总结验收"] == date(2027, 4, 1)
        board = progress.dashboard(ws, date(2027, 1, 20))  # after round 1: whoever has not submitted is late
        assert board.deadlines_set and board.late
    finally:
        ws.close()
    code, out, _ = run(capsys, "--data-dir", office, "review", "progress", "--today", "2027-01-20")
    assert code == 0 and "逾期 0 项" not in out


def test_an_office_without_dates_counts_nobody_overdue(office_ws) -> None:
    assert not round_dates.are_set(office_ws)
    board = progress.dashboard(office_ws, date(2099, 1, 1))
    assert not board.deadlines_set and board.late == []


def test_dates_out_of_order_are_refused_and_nothing_changes(office_ws) -> None:
    good = round_dates.set_dates(office_ws, round_dates.suggest(date(2026, 12, 1)))
    with pytest.raises(DomainError) as exc:
        progress.set_deadline(office_ws, "第二轮梳理", "2027-01-01")  # before round 1 (2027-07-31)
    assert exc.value.code == "deadlines_out_of_order"
    assert progress.get_deadlines(office_ws) == good
