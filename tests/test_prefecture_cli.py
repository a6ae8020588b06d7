"""The prefecture through the command line: the county's review commands on `init --prefecture`,
`review forward` and `review result import` on the county office."""

from __future__ import annotations

import re

from gongkai_desktop import keys
from gongkai_desktop.cli import main
from tests.conftest import copy_workspace
from tests.prefecture_helpers import build_county

DIGITS = r"(\d{5}(?: \d{5}){7})"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_prefecture_commands(capsys, new_workspace, base_workspace, tmp_path) -> None:
    county = build_county(new_workspace, tmp_path, "江山市")
    js = str(county["office"].data_dir)
    pref = str(copy_workspace(base_workspace, tmp_path / "quzhou"))
    code, out, _ = run(capsys, "--data-dir", pref, "init", "--prefecture", "衢州市")
    assert code == 0 and "衢州市" in out and "江山市" in out and "龙游县" in out
    code, out, _ = run(capsys, "--data-dir", pref, "units")
    assert "江山市" in out and "市公安局" not in out  # its submitters are its counties

    # the county office enrols its key with the prefecture, read aloud and confirmed
    assert run(capsys, "--data-dir", js, "keys", "export-enrolment", "-o", str(tmp_path / "js-key.json"))[0] == 0
    code, out, _ = run(capsys, "--data-dir", pref, "keys", "import-enrolment", str(tmp_path / "js-key.json"))
    assert code == 0 and "江山市（330881）" in out
    js_digits = keys.own_key_info(county["office"], keys.OFFICE_OWNER).digits
    assert run(capsys, "--data-dir", pref, "keys", "confirm", "江山市", *js_digits.split())[0] == 0

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    code, out, _ = run(capsys, "--data-dir", js, "review", "forward", "户籍管理", "-o", str(inbox))
    assert code == 0 and "第 " in out and "1 个领域" in out
    code, out, _ = run(capsys, "--data-dir", pref, "package", "verify", *map(str, inbox.iterdir()))
    assert code == 0 and "江山市（330881）第" in out and "已登记核对的单位密钥" in out
    code, out, _ = run(capsys, "--data-dir", pref, "review", "import", str(inbox), "--dry-run")
    assert code == 0 and "新报送" in out and "江山市" in out
    assert run(capsys, "--data-dir", pref, "review", "import", str(inbox))[0] == 0
    code, out, _ = run(capsys, "--data-dir", pref, "review", "list")
    sub_id = re.search(r"^(\d+)\s+江山市", out, re.M).group(1)
    code, out, _ = run(capsys, "--data-dir", pref, "review", "show", sub_id)
    assert code == 0 and "〔市公安局〕" in out and "〔双塔街道、虎山街道〕" in out
    number = re.search(r"^ +(\d+)  .*〔市公安局〕", out, re.M).group(1)  # the row's 序号, as the office's own
    assert run(capsys, "--data-dir", pref, "review", "comment", sub_id, "请写明公开时限", "--item", number,
               "--field", "公开时限")[0] == 0
    assert run(capsys, "--data-dir", pref, "review", "decide", sub_id, "--return", "--comment", "请修改后重报")[0] == 0
    assert run(capsys, "--data-dir", pref, "review", "result", sub_id, "-o", str(tmp_path / "r.gkpkg"))[0] == 0

    # the county office: refused without the prefecture's fingerprint, then imported with it
    code, _, err = run(capsys, "--data-dir", js, "review", "result", "import", str(tmp_path / "r.gkpkg"))
    assert code != 0 and "指纹" in err
    _, shown, _ = run(capsys, "--data-dir", pref, "keys", "show")
    pref_digits = re.search(DIGITS, shown).group(1)
    code, out, _ = run(capsys, "--data-dir", js, "package", "verify", str(tmp_path / "r.gkpkg"),
                       "--office-fingerprint", pref_digits)  # the import's verdict, nothing written
    assert code == 0 and "通过" in out and "上级审核端密钥（首次收到" in out
    code, out, _ = run(capsys, "--data-dir", js, "package", "verify", str(tmp_path / "r.gkpkg"))
    assert code == 1 and "指纹" in out
    code, out, _ = run(capsys, "--data-dir", js, "review", "result", "import", str(tmp_path / "r.gkpkg"),
                       "--fingerprint", pref_digits)
    assert code == 0 and "衢州市" in out and "退回修改" in out
    assert "（市公安局）【公开时限】：请写明公开时限" in out and "请修改后重报" in out
    code, out, _ = run(capsys, "--data-dir", js, "review", "upstream")
    assert code == 0 and "户籍管理：退回修改" in out and "请写明公开时限" in out

    code, out, _ = run(capsys, "--data-dir", pref, "review", "progress", "--today", "2020-08-15")
    assert code == 0 and "江山市" in out and "龙游县" in out
    assert run(capsys, "--data-dir", pref, "review", "decide", sub_id, "--approve", "--accept-problems")[0] == 0
    code, out, _ = run(capsys, "--data-dir", pref, "review", "aggregate", "04")
    assert code == 0 and "来自 1 个单位" in out and "· 江山市：" in out
    code, out, _ = run(capsys, "--data-dir", pref, "review", "aggregate")
    assert code == 0 and "多县共有" in out and "江山市" in out and "负面清单 1 项" in out
    assert "户籍管理尚未通过：柯城区、衢江区、常山县、开化县、龙游县" in out
    out_xlsx = tmp_path / "衢州市汇总.xlsx"
    assert run(capsys, "--data-dir", pref, "review", "aggregate", "04", "-o", str(out_xlsx))[0] == 0
    assert out_xlsx.stat().st_size > 0
    neg = tmp_path / "衢州市负面清单.docx"
    assert run(capsys, "--data-dir", pref, "review", "aggregate", "--negative-list", "-o", str(neg))[0] == 0
    from docx import Document

    text = "\n".join(c.text for t in Document(str(neg)).tables for r in t.rows for c in r.cells)
    assert "涉密户籍档案" in text and "江山市" in text and "第十四条" in text


def test_forward_refusals(capsys, new_workspace, base_workspace, tmp_path) -> None:
    office = str(copy_workspace(base_workspace, tmp_path / "office"))
    assert run(capsys, "--data-dir", office, "init", "--review-office")[0] == 0
    code, _, err = run(capsys, "--data-dir", office, "review", "forward", "-o", str(tmp_path / "x.gkpkg"))
    assert code != 0 and "已通过" in err and not (tmp_path / "x.gkpkg").exists()
    code, _, err = run(capsys, "--data-dir", office, "review", "result", "abc")
    assert code != 0 and "报送编号" in err
    code, _, err = run(capsys, "--data-dir", office, "init", "--prefecture", "江山市")
    assert code != 0 and "县级" in err


def test_an_unknown_prefecture_is_refused_naming_the_prefectures(tmp_path, capsys) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "x"), "init", "--prefecture", "不存在市")
    assert code == 2 and "衢州市" in err and "温州市" in err and "柯城区" not in err and "Traceback" not in err
