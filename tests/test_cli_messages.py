"""Messages and the command line (issue 16), each through the `gongkai` entry point: the wrong file
said for what it is, missing files in Chinese, fingerprints asked in their format, closed pipes,
output folders, the names reviewers type, failed inits, identical re-imports, dry runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gongkai_desktop import keys
from gongkai_desktop.cli import main
from gongkai_desktop.office import decisions, importing, submissions
from gongkai_desktop.office import results as office_results
from gongkai_desktop.unit import results as unit_results
from gongkai_desktop.unit.submit import export_submission
from tests.conftest import copy_workspace

DATA = Path(__file__).parent / "data" / "catalogs"


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _not_packages(tmp_path: Path, office) -> dict[str, tuple[Path, str]]:  # noqa: ANN001
    """Files people pick by mistake, built the way they come: file → the words that must name it."""
    xlsx = tmp_path / "目录.xlsx"
    shutil.copy(next(DATA.glob("*.xlsx")), xlsx)
    docx = tmp_path / "报告.docx"
    shutil.copy(next(DATA.glob("*.docx")), docx)
    pdf = tmp_path / "报告.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    backup = tmp_path / "备份.sqlite3"
    shutil.copy(office.path, backup)
    plain_zip = tmp_path / "文件包.zip"
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    renamed = tmp_path / "其实是表格.gkpkg"  # the name does not decide: the content does
    shutil.copy(xlsx, renamed)
    return {"xlsx": (xlsx, "Excel 文件"), "docx": (docx, "Word 文件"), "pdf": (pdf, "PDF 文件"),
            "backup": (backup, "备份文件"), "zip": (plain_zip, "ZIP 压缩包"), "renamed": (renamed, "Excel 文件")}


def test_a_file_that_is_not_a_package_is_named_for_what_it_is_by_every_reading_command(county, tmp_path, capsys) -> None:
    office, units = county
    police = str(units["市公安局"].data_dir)
    for key, (path, words) in _not_packages(tmp_path, office).items():
        for data_dir, cmd in ((office.data_dir, ["package", "verify"]), (office.data_dir, ["review", "import"]),
                              (police, ["result", "import"]), (police, ["package", "import-distribution"])):
            code, out, err = run(capsys, "--data-dir", data_dir, *cmd, path)
            said = out + err
            assert code != 0, (key, cmd)
            assert words in said and "不是文件包" in said, (key, cmd, said)
            assert "不安全" not in said and "人为构造" not in said, (key, cmd, said)
    code, out, err = run(capsys, "--data-dir", office.data_dir, "package", "verify", tmp_path / "目录.xlsx")
    assert "gongkai import catalog" in out  # and says what to do with it


def test_a_missing_file_is_said_in_chinese_by_every_command_taking_a_path(county, tmp_path, capsys) -> None:
    office, units = county
    police = units["市公安局"].data_dir
    gone = tmp_path / "没有这个文件"
    cases = [
        (office.data_dir, ["package", "verify", f"{gone}.gkpkg"]),
        (office.data_dir, ["review", "import", f"{gone}.gkpkg"]),
        (office.data_dir, ["keys", "import-enrolment", f"{gone}.json"]),
        (office.data_dir, ["import", "template", f"{gone}.xlsx"]),
        (office.data_dir, ["restore", f"{gone}.sqlite3"]),
        (police, ["result", "import", f"{gone}.gkpkg"]),
        (police, ["package", "import-distribution", f"{gone}.gkpkg"]),
        (police, ["import", "catalog", f"{gone}.xlsx"]),
        (police, ["package", "export", "04", "--attach", f"{gone}.pdf"]),
        (police, ["init", "--unit", "市公安局", "--registry", f"{gone}.json"]),
    ]
    for data_dir, cmd in cases:
        code, out, err = run(capsys, "--data-dir", data_dir, *cmd)
        said = out + err
        assert code != 0, cmd
        assert "找不到" in said and "No such file" not in said and "Errno" not in said, (cmd, said)


def test_keys_confirm_asks_for_the_fingerprint_format_and_knows_a_confirmed_key(county, tmp_path, capsys) -> None:
    office, units = county
    d = office.data_dir
    digits = keys.own_key_info(units["市公安局"]).digits
    for wrong in (["市公安局", "wrong"], ["市公安局", "12345"], digits.split()):  # the last: the unit's name left out
        code, _, err = run(capsys, "--data-dir", d, "keys", "confirm", *wrong)
        assert code == 2 and "8 组、每组 5 位" in err and "请勿使用" not in err, wrong
    code, _, err = run(capsys, "--data-dir", d, "keys", "confirm", "市公安局", *digits.split())  # confirmed in the fixture
    assert code == 2 and "已于" in err and "确认过" in err and "登记册中没有" not in err


@pytest.mark.parametrize("args", [["-h"], ["review", "-h"], ["units"], ["templates", "04"], ["review", "progress"],
                                  ["catalog", "list"], ["bogus"]])
def test_output_into_a_closed_pipe_ends_without_a_traceback(base_workspace, tmp_path, args) -> None:
    data = copy_workspace(base_workspace, tmp_path / "ws")
    main(["--data-dir", str(data), "init", "--review-office"])
    read, write = os.pipe()
    os.close(read)  # `… | head` that has already gone
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "--data-dir", str(data), *args],
                          stdout=write, stderr=subprocess.PIPE, env=env, timeout=120)
    os.close(write)
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err


def test_package_and_result_output_to_a_folder(county, tmp_path, capsys, monkeypatch) -> None:
    office, units = county
    monkeypatch.chdir(tmp_path)
    police = units["市公安局"].data_dir
    code, out, _ = run(capsys, "--data-dir", police, "package", "export", "04", "-o", "inbox/")  # not there yet
    assert code == 0 and Path("inbox").is_dir()
    (made,) = Path("inbox").iterdir()
    assert made.suffix == ".gkpkg" and "市公安局" in made.name and made.name in out
    Path("existing").mkdir()
    assert run(capsys, "--data-dir", police, "package", "export", "04", "-o", "existing")[0] == 0
    assert [p.suffix for p in Path("existing").iterdir()] == [".gkpkg"]
    importing.import_files(office, [made])
    sub = submissions.list_submissions(office)[0]
    decisions.decide(office, sub.id, "approved", "第一轮梳理", accept_problems=True)
    assert run(capsys, "--data-dir", office.data_dir, "review", "result", sub.id, "-o", "results/")[0] == 0
    assert [p.suffix for p in Path("results").iterdir()] == [".gkpkg"]
    assert run(capsys, "--data-dir", office.data_dir, "package", "distribute", "-o", "dist/")[0] == 0
    assert [p.suffix for p in Path("dist").iterdir()] == [".gkpkg"]
    assert run(capsys, "--data-dir", police, "package", "export", "04", "-o", "named.gkpkg")[0] == 0
    assert Path("named.gkpkg").is_file()  # a file name stays a file name


def test_review_commands_take_numbers_chinese_names_and_short_comment_numbers(county, tmp_path, capsys) -> None:
    office, units = county
    police = units["市公安局"]
    (tmp_path / "in").mkdir()
    importing.import_files(office, [export_submission(police, ["04"], tmp_path / "in").path])
    sub = submissions.list_submissions(office)[0]
    items = submissions.submission_items(office, sub.id)
    d = office.data_dir
    code, out, _ = run(capsys, "--data-dir", d, "review", "show", sub.id)
    assert re.search(rf"^ +4  {re.escape(items[3].level1)} / {re.escape(items[3].level2)}", out, re.M)
    assert run(capsys, "--data-dir", d, "review", "comment", sub.id, "请写明天数", "--item", "4", "--field", "公开时限")[0] == 0
    assert run(capsys, "--data-dir", d, "review", "comment", sub.id, "依据请写全称", "--item", items[0].id,
               "--field", "basis")[0] == 0  # full ids and field names still work
    assert run(capsys, "--data-dir", d, "review", "comment", sub.id, "整体意见")[0] == 0
    got = [(c.item_id, c.field, c.text) for c in decisions.comments(office, sub.id)]
    assert got == [(items[3].id, "time_limit", "请写明天数"), (items[0].id, "basis", "依据请写全称"), (None, None, "整体意见")]
    code, out, _ = run(capsys, "--data-dir", d, "review", "show", sub.id)
    assert "意见 #1 [第 4 项【公开时限】] 请写明天数" in out and "意见 #3 [总体] 整体意见" in out
    code, _, err = run(capsys, "--data-dir", d, "review", "comment", sub.id, "x", "--field", "公开时限")
    assert code == 2 and "--item" in err
    code, _, err = run(capsys, "--data-dir", d, "review", "comment", sub.id, "x", "--item", "999")
    assert code == 2 and "超出范围" in err
    assert run(capsys, "--data-dir", d, "review", "delete-comment", sub.id, "#2")[0] == 0
    assert [c.text for c in decisions.comments(office, sub.id)] == ["请写明天数", "整体意见"]
    decisions.decide(office, sub.id, "returned", "第一轮梳理")
    unit_results.import_result(police, office_results.export_result(office, sub.id, tmp_path / "r.gkpkg").path)
    code, out, _ = run(capsys, "--data-dir", police.data_dir, "result", "comments")
    assert re.search(r"^#1 \[未处理\]", out, re.M)
    assert run(capsys, "--data-dir", police.data_dir, "result", "addressed", "1")[0] == 0
    code, out, _ = run(capsys, "--data-dir", police.data_dir, "result", "comments")
    assert re.search(r"^#1 \[已处理\]", out, re.M)


def test_a_failed_init_removes_only_the_folder_it_made(tmp_path, capsys) -> None:
    fresh = tmp_path / "new" / "ws"
    code, _, err = run(capsys, "--data-dir", fresh, "init", "--unit", "市民正局")
    assert code == 2 and "市民政局" in err  # a suggestion
    assert not (tmp_path / "new").exists()
    there = tmp_path / "there"
    there.mkdir()
    (there / "mine.txt").write_text("keep")
    assert run(capsys, "--data-dir", there, "init", "--unit", "市民正局")[0] == 2
    assert (there / "mine.txt").read_text() == "keep"


def test_identical_reimports_are_no_failure_and_a_dry_run_says_so(county, tmp_path, capsys) -> None:
    office, units = county
    (tmp_path / "one").mkdir()
    path = export_submission(units["市公安局"], ["04"], tmp_path / "one").path
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(6):
        shutil.copy(path, inbox / f"copy{n}.gkpkg")
    code, out, _ = run(capsys, "--data-dir", office.data_dir, "review", "import", inbox, "--dry-run")
    assert code == 0 and "预览，未导入" in out and out.count("新报送") == 1  # copies within the batch are the same
    code, out, _ = run(capsys, "--data-dir", office.data_dir, "review", "import", inbox)
    assert code == 0 and "已导入 1 个文件包" in out and "5 个与已导入的相同（无需重复导入）" in out and "未导入" not in out
    code, out, _ = run(capsys, "--data-dir", office.data_dir, "review", "import", inbox)
    assert code == 0 and "6 个与已导入的相同（无需重复导入）" in out and "未导入" not in out
