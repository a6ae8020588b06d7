"""The catalog's life through the command line, each party in its own data dir, with the command names
the issue gives: catalog versions / diff / history / restore, template changes / apply, review round
open, area add, unit add (and law list / add / use)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from gongkai_desktop import keys
from gongkai_desktop.cli import main
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import Workspace
from tests.conftest import copy_workspace
from tests.life_helpers import make_template_v2


class Party:
    """One data dir and the `gongkai` command run on it."""

    def __init__(self, capsys, path: Path) -> None:
        self.capsys, self.dir = capsys, str(path)

    def __call__(self, *args: str, ok: bool = True) -> str:
        code = main(["--data-dir", self.dir, *args])
        out = self.capsys.readouterr()
        if ok:
            assert code == 0, out.out + out.err
        return out.out + out.err

    def code(self, *args: str) -> tuple[int, str]:
        code = main(["--data-dir", self.dir, *args])
        out = self.capsys.readouterr()
        return code, out.out + out.err

    def open(self) -> Workspace:
        return Workspace.open(self.dir)


@pytest.fixture
def parties(capsys, base_workspace, tmp_path):
    office = Party(capsys, copy_workspace(base_workspace, tmp_path / "office"))
    police = Party(capsys, copy_workspace(base_workspace, tmp_path / "police"))
    office("init", "--review-office")
    office("package", "distribute", "-o", str(tmp_path / "d1.gkpkg"))
    with office.open() as ws:  # the digits the plan's notice prints; the clerk types them on first contact
        office_digits = keys.own_key_info(ws, keys.OFFICE_OWNER).digits
    police("init", "--unit", "市公安局")
    police("package", "import-distribution", str(tmp_path / "d1.gkpkg"), "--office-fingerprint", office_digits)
    police("keys", "export-enrolment", "-o", str(tmp_path / "enrol.json"))
    office("keys", "import-enrolment", str(tmp_path / "enrol.json"))
    digits = re.search(r"(\d{5}(?: \d{5}){7})", police("keys", "show")).group(1)
    office("keys", "confirm", "市公安局", *digits.split())
    police("catalog", "start", "04")
    return office, police


def hand_in(office: Party, police: Party, tmp: Path, name: str) -> int:
    box = tmp / name
    box.mkdir()
    police("package", "export", "04", "-o", str(box))
    office("review", "import", str(box))
    listed = office("review", "list")
    return int(re.search(r"^(\d+)\s+市公安局", listed, re.M).group(1))


def test_versions_diff_history_restore_and_laws(parties, tmp_path) -> None:
    office, police = parties
    out = police("catalog", "check", "04", ok=False)
    assert "[提醒]" in out and "《收养法》已于2021年1月1日废止，由《中华人民共和国民法典》取代" in out
    assert "不影响报送" in out
    with police.open() as ws:
        items = catalogs.load_items(ws, catalogs.find_catalog(ws, "04").id)
    row = next(n for n, i in enumerate(items, 1) if "《收养法》" in i.basis)
    assert "《中华人民共和国民法典》" in police("law", "use", "04", str(row))
    assert "[提醒]" not in police("catalog", "check", "04", ok=False)

    sid = hand_in(office, police, tmp_path, "in1")
    office("review", "decide", str(sid), "--approve", "--accept-problems")
    office("review", "result", str(sid), "-o", str(tmp_path / "r1.gkpkg"))
    police("result", "import", str(tmp_path / "r1.gkpkg"))
    police("catalog", "revise", "04")  # 开始修订: the approved v1 stays as it is, v2 is the draft
    with police.open() as ws:
        catalogs.edit_item(ws, items[2].id, {"time_limit": "实时"})
        catalogs.edit_item(ws, items[2].id, {"time_limit": "3个工作日内"})
    versions = police("catalog", "versions", "04")
    assert re.search(r"v1\s+已通过（第一轮梳理）", versions) and re.search(r"v2\s+编制中（当前）", versions)
    assert "v1" in office("catalog", "versions", "04", "--unit", "市公安局")

    diff = police("catalog", "diff", "04", "-o", str(tmp_path / "对照表.docx"))
    assert "第 1 版 · 已通过（第一轮梳理） → 第 2 版（当前草稿）" in diff and "修改 1 项" in diff
    assert "[修改] 第 3 项 注销登记 / 死亡注销：公开时限、适用情况" in diff
    table = Document(str(tmp_path / "对照表.docx")).tables[0]
    assert table.rows[1].cells[4].text.startswith("公开时限：3个工作日内")
    police("catalog", "diff", "04", "1", "草稿", "-o", str(tmp_path / "对照表.xlsx"))
    assert (tmp_path / "对照表.xlsx").stat().st_size > 4000

    hist = police("catalog", "history", "04", "3")
    assert re.search(r"^2\s.*修改\s+公开时限.*→ 实时\s+修改公开时限", hist, re.M)
    assert "恢复公开时限：3个工作日内 → 实时" in police("catalog", "restore", "04", "3", "--change", "4")
    assert "撤销 恢复公开时限" in police("undo")
    code, err = police.code("catalog", "restore", "04", "3", "--change", "1")
    assert code != 0 and "没有可恢复的内容值" in err
    code, err = office.code("catalog", "diff", "04")
    assert code != 0 and "--unit" in err

    # the office adds a repealed law; the unit learns it from the next distribution
    office("law", "add", "某某县城市管理办法", "--successor", "某某县城市管理条例", "--date", "2023-01-01",
           "--source", "《某某县城市管理条例》第六十条：本条例自2023年1月1日起施行，原办法同时废止。")
    code, err = police.code("law", "add", "某法", "--date", "2023-01-01", "--source", "x")
    assert code != 0 and "只有审核端" in err
    office("package", "distribute", "-o", str(tmp_path / "d2.gkpkg"))
    police("package", "import-distribution", str(tmp_path / "d2.gkpkg"))
    assert "《某某县城市管理办法》" in police("law", "list")


def test_template_upgrade_rounds_and_new_areas_and_units(parties, new_workspace, tmp_path) -> None:
    office, police = parties
    sid = hand_in(office, police, tmp_path, "in1")
    office("review", "decide", str(sid), "--approve", "--accept-problems")
    spec = make_template_v2(new_workspace, tmp_path / "v2.xlsx")
    office("import", "template", str(spec.path), "--area", "04", "--version", "2021.1")
    office("package", "distribute", "-o", str(tmp_path / "d2.gkpkg"), "--template", "04")
    assert re.search(r"市公安局.*户籍管理 2019\.1", office("review", "progress"))
    police("package", "import-distribution", str(tmp_path / "d2.gkpkg"))

    changes = police("template", "changes", "04")
    assert "依据国家标准指引 2019.1 版，最新为 2021.1 版：共 5 处变化，待处理 5 处" in changes
    assert set(re.findall(r"^(04-\d\d-\d\d)", changes, re.M)) == spec.changed
    code, err = police.code("template", "apply", "04", "04-04-01")  # handed in: locked until 开始修订
    assert code != 0 and "开始修订" in err
    police("catalog", "revise", "04")
    assert "采用模板更新 04-04-01" in police("template", "apply", "04", "04-04-01")
    code, err = police.code("template", "apply", "04")
    assert code != 0 and "--all" in err
    assert "保留本单位内容" in police("template", "keep", "04", spec.content_code)
    police("undo")
    assert "还有" not in police("template", "apply", "04", "--all")
    assert "已依据最新版" in police("template", "changes", "04")

    # a new round: the approved catalog is its baseline; the review shows only what changed since
    office("review", "round", "open", "2021年度动态调整", "--deadline", "2021-06-30")
    rounds = office("review", "round", "list")
    assert re.search(r"2021年度动态调整\s+2021-06-30\s+\S+\s+1$", rounds, re.M)
    code, err = office.code("review", "round", "open", "2021年度动态调整", "--deadline", "2021-06-30")
    assert code != 0 and "已有名为" in err
    sid2 = hand_in(office, police, tmp_path, "in2")
    shown = office("review", "show", str(sid2))
    assert "依据国家标准指引：2021.1 版" in shown
    assert "自2021年度动态调整基线（第 1 版）以来：" in shown and "新增 出生登记 / 出生医学证明补发" in shown
    office("review", "decide", str(sid2), "--approve", "--accept-problems", "--round", "2021年度动态调整")
    agg = office("review", "aggregate", "04")
    assert "自上次发布（2021年度动态调整基线）以来：新增 1 项，修改 3 项，删除 1 项" in agg  # all five taken
    assert "[删除] 注销登记 / 服现役注销（市公安局）" in agg

    # further areas and units, distributed and compiled like the 26
    office("area", "add", "政务服务", "--level1", "办事指南", "办理结果", "--units", "市公安局")
    assert re.search(r"^27\s+政务服务\s+办事指南、办理结果\s+市公安局", office("area", "list"), re.M)
    assert "（E01）" in office("unit", "add", "江山市水务集团", "--kind", "enterprise", "--areas", "27", "08")
    out = office("unit", "add", "城北社区", "--kind", "village", "--parent", "双塔街道", "--areas", "04")
    assert "属于双塔街道" in out
    code, err = office.code("unit", "add", "某村", "--kind", "village")
    assert code != 0 and "所属乡镇" in err
    code, err = police.code("area", "add", "某领域", "--level1", "一")
    assert code != 0 and "只有审核端" in err
    office("package", "distribute", "-o", str(tmp_path / "d3.gkpkg"))
    police("package", "import-distribution", str(tmp_path / "d3.gkpkg"))
    assert "政务服务" in police("templates")
    units = police("units")
    assert "江山市水务集团" in units and "公共企事业单位" in units and "村（社区）" in units
    assert "已开始编制“政务服务”目录：0 个事项" in police("catalog", "start", "27")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_revision_tables(parties, tmp_path) -> None:
    office, police = parties
    sid = hand_in(office, police, tmp_path, "in1")
    assert sid
    with police.open() as ws:
        cid = catalogs.find_catalog(ws, "04").id
        catalogs.start_revision(ws, cid)
        items = catalogs.load_items(ws, cid)
        for i in items[:6]:
            catalogs.edit_item(ws, i.id, {"remarks": "动态调整\n第二行", "time_limit": "=实时"})
    profile = tmp_path / "lo-profile"
    for name in ("t.docx", "t.xlsx"):
        police("catalog", "diff", "04", "-o", str(tmp_path / name))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path / name.replace(".", "-")), str(tmp_path / name)],
                       check=True, capture_output=True, timeout=180)
        pdf = tmp_path / name.replace(".", "-") / "t.pdf"
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
