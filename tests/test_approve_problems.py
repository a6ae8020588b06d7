"""通过 on a submission with problems needs an explicit confirmation (core, then the command line)."""

from __future__ import annotations

import pytest

from gongkai_desktop.cli import main
from gongkai_desktop.office import decisions, importing, submissions
from gongkai_desktop.office.inspect import inspect_submission
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission


@pytest.fixture
def with_blanks(county, tmp_path):  # noqa: ANN001, ANN201
    """市公安局's 户籍管理 with 公开内容 emptied on three items and 公开层级 on one: four problems."""
    office, units = county
    police = units["市公安局"]
    items = catalogs.load_items(police, catalogs.find_catalog(police, "04").id)
    for item in items[:3]:
        catalogs.edit_item(police, item.id, {"content": ""})
    catalogs.edit_item(police, items[4].id, {"levels": []})
    (tmp_path / "in").mkdir()
    importing.import_files(office, [export_submission(police, ["04"], tmp_path / "in").path])
    (sub,) = submissions.list_submissions(office)
    return office, sub, items


def test_approval_with_problems_is_refused_with_the_problems_counted_and_listed(with_blanks) -> None:
    office, sub, items = with_blanks
    assert inspect_submission(office, sub.id).problem_count == 4  # the one reading the window shows
    with pytest.raises(decisions.ProblemsNotConfirmed) as exc:
        decisions.decide(office, sub.id, "approved", "第一轮梳理", "王审核")
    err = exc.value
    assert err.code == "approve_with_problems" and len(err.problems) == 4
    assert "还有 4 个问题" in err.message and "缺少公开内容 3 个" in err.message and "未选择公开层级 1 个" in err.message
    assert f"{items[0].level1} / {items[0].level2}" in err.message and "--accept-problems" in err.message
    assert submissions.get_submission(office, sub.id).status == "submitted" and decisions.decisions(office, sub.id) == []
    decisions.decide(office, sub.id, "approved", "第一轮梳理", "王审核", accept_problems=True)
    assert submissions.get_submission(office, sub.id).status == "approved"


def test_returning_needs_no_confirmation_of_problems(with_blanks) -> None:
    office, sub, _ = with_blanks
    decisions.decide(office, sub.id, "returned", "第一轮梳理", comment="请补充公开内容")
    assert submissions.get_submission(office, sub.id).status == "returned"


def test_cli_refuses_then_approves_with_accept_problems(with_blanks, capsys) -> None:
    office, sub, _ = with_blanks
    d = str(office.data_dir)
    code = main(["--data-dir", d, "review", "decide", str(sub.id), "--approve"])
    err = capsys.readouterr().err
    assert code == 2 and "还有 4 个问题" in err and "缺少公开内容 3 个" in err and "--accept-problems" in err
    assert submissions.get_submission(office, sub.id).status == "submitted"
    code = main(["--data-dir", d, "review", "decide", str(sub.id), "--approve", "--accept-problems"])
    out = capsys.readouterr().out
    assert code == 0 and "4 个问题" in out and "已通过" in out
    assert submissions.get_submission(office, sub.id).status == "approved"
