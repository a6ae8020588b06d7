"""`gongkai review …` and `gongkai result …` end to end through the command line."""

from __future__ import annotations

import re

from gongkai_desktop.cli import main
from tests.conftest import copy_workspace
from tests.pg_support import office_engine  # noqa: F401 - the office's commands run on SQLite and on PostgreSQL


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_review_office_commands(capsys, base_workspace, tmp_path, office_url) -> None:
    folder = str(copy_workspace(base_workspace, tmp_path / "office") if office_url is None else tmp_path / "office")
    office = ("--data-dir", folder, *(("--db", office_url) if office_url else ()))
    unit = str(copy_workspace(base_workspace, tmp_path / "unit"))
    assert run(capsys, *office, "init", "--review-office", "--deadline", "2020-07-31")[0] == 0
    code, out, _ = run(capsys, *office, "package", "distribute", "-o", str(tmp_path / "dist.gkpkg"))
    office_digits = re.search(r"(\d{5}(?: \d{5}){7})", out).group(1)  # what the office prints in its notice
    assert code == 0
    assert run(capsys, "--data-dir", unit, "init", "--unit", "双塔街道")[0] == 0
    assert run(capsys, "--data-dir", unit, "package", "import-distribution", str(tmp_path / "dist.gkpkg"),
               "--office-fingerprint", office_digits)[0] == 0
    assert run(capsys, "--data-dir", unit, "catalog", "start", "04")[0] == 0
    assert run(capsys, "--data-dir", unit, "keys", "export-enrolment", "-o", str(tmp_path / "enrol.json"))[0] == 0
    code, out, _ = run(capsys, *office, "keys", "import-enrolment", str(tmp_path / "enrol.json"))
    assert code == 0
    _, shown, _ = run(capsys, "--data-dir", unit, "keys", "show")
    digits = re.search(r"(\d{5}(?: \d{5}){7})", shown).group(1)
    assert run(capsys, *office, "keys", "confirm", "双塔街道", *digits.split())[0] == 0
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert run(capsys, "--data-dir", unit, "package", "export", "04", "-o", str(inbox))[0] == 0

    code, out, _ = run(capsys, *office, "review", "import", str(inbox), "--dry-run")
    assert code == 0 and "新报送" in out and "双塔街道" in out
    code, out, _ = run(capsys, *office, "review", "import", str(inbox))
    assert code == 0 and "已导入 1 个文件包" in out
    code, out, _ = run(capsys, *office, "review", "list")
    assert code == 0 and "户籍管理" in out and "待审核" in out
    sub_id = re.search(r"^(\d+)\s+双塔街道", out, re.M).group(1)
    code, out, _ = run(capsys, *office, "review", "show", sub_id)
    assert re.search(r"^ +1  \S+ / \S+", out, re.M)  # the 序号 the reviewer types
    assert run(capsys, *office, "review", "comment", sub_id, "请补充公开依据", "--item", "1",
               "--field", "公开依据")[0] == 0
    code, out, _ = run(capsys, *office, "review", "decide", sub_id, "--return", "--comment", "请修改")
    assert code == 0 and "退回修改" in out
    code, out, _ = run(capsys, *office, "review", "result", sub_id, "-o", str(tmp_path / "r.gkpkg"))
    assert code == 0
    code, out, _ = run(capsys, "--data-dir", unit, "result", "import", str(tmp_path / "r.gkpkg"))
    assert code == 0 and "退回修改" in out and "审核意见 2 条" in out
    code, out, _ = run(capsys, "--data-dir", unit, "result", "comments")
    assert "请补充公开依据" in out and "【公开依据】" in out and "[未处理]" in out

    code, out, _ = run(capsys, *office, "review", "progress", "--today", "2020-08-15")
    assert code == 0 and "逾期" in out and "虎山街道" in out  # 虎山街道 has submitted nothing
    code, out, _ = run(capsys, *office, "review", "decide", sub_id, "--approve", "--round", "总结验收")
    assert code == 0 and "通过" in out
    code, _, err = run(capsys, *office, "review", "decide", sub_id, "--return", "--comment", "x")
    assert code == 2 and "锁定" in err
    code, out, _ = run(capsys, *office, "review", "aggregate", "04")
    assert code == 0 and "户籍管理" in out and "来自 1 个单位" in out
    code, out, _ = run(capsys, *office, "review", "aggregate", "-o", str(tmp_path / "county.xlsx"))
    assert code == 0 and (tmp_path / "county.xlsx").stat().st_size > 0
    code, out, _ = run(capsys, *office, "review", "aggregate", "--negative-list", "-o", str(tmp_path / "neg.docx"))
    assert code == 0 and (tmp_path / "neg.docx").exists()
    code, out, _ = run(capsys, *office, "review", "weekly", "-o", str(tmp_path / "week.docx"))
    assert code == 0 and (tmp_path / "week.docx").exists()
    code, _, err = run(capsys, *office, "review", "decide", "999", "--approve")
    assert code == 2 and "没有编号为 999" in err


def test_review_commands_refuse_in_a_unit_workspace(capsys, base_workspace, tmp_path) -> None:
    unit = str(copy_workspace(base_workspace, tmp_path / "unit"))
    run(capsys, "--data-dir", unit, "init", "--unit", "双塔街道")
    code, _, err = run(capsys, "--data-dir", unit, "review", "import", str(tmp_path))
    assert code == 2 and "只有审核端" in err
