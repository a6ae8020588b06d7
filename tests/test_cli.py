"""The `gongkai` command: the foundation's operations headless, Chinese errors, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gongkai_desktop.cli import main
from tests.conftest import copy_workspace


@pytest.fixture
def data_dir(base_workspace, tmp_path):
    return str(copy_workspace(base_workspace, tmp_path / "cli"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_init_start_list_check(capsys, data_dir) -> None:
    code, out, _ = run(capsys, "--data-dir", data_dir, "init", "--unit", "市公安局")
    assert code == 0 and "市公安局" in out and "户籍管理" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "catalog", "start", "户籍管理")
    assert code == 0 and "已开始编制" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "catalog", "list")
    assert code == 0 and "户籍管理" in out and "编制中" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "catalog", "check", "04")
    assert "户籍管理" in out
    assert code == (1 if "合计" in out else 0)


def test_check_exits_1_when_problems_remain(capsys, data_dir) -> None:
    from gongkai_desktop.unit import catalogs
    from gongkai_desktop.workspace import Workspace

    run(capsys, "--data-dir", data_dir, "init", "--unit", "D06")
    run(capsys, "--data-dir", data_dir, "catalog", "start", "04")
    with Workspace.open(data_dir) as ws:
        cat = catalogs.list_catalogs(ws)[0]
        item = catalogs.load_items(ws, cat.id)[0]
        catalogs.edit_item(ws, item.id, {"basis": ""})
    code, out, _ = run(capsys, "--data-dir", data_dir, "catalog", "check")
    assert code == 1 and "缺少公开依据" in out


def test_templates_lists_26_areas(capsys, data_dir) -> None:
    code, out, _ = run(capsys, "--data-dir", data_dir, "templates")
    assert code == 0 and "共 26 个领域" in out and "扶贫" in out and "（无模板）" not in out


def test_units_lists_registry(capsys, data_dir) -> None:
    code, out, _ = run(capsys, "--data-dir", data_dir, "units")
    assert code == 0 and "塘源口乡" in out and "市人力社保局" in out


def test_user_errors_are_chinese_without_traceback(data_dir) -> None:
    proc = subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "--data-dir", data_dir, "init", "--unit", "不存在的局"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "单位名册中没有" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "--data-dir", data_dir, "catalog", "list"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "尚未选择本单位" in proc.stderr


def test_demo_fills_a_workspace(capsys, data_dir) -> None:
    code, out, _ = run(capsys, "--data-dir", data_dir, "demo", "--county-size", "3", "--big-area", "50")
    assert code == 0 and "已生成 3 个单位" in out


def test_help_and_argument_errors_are_chinese(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["catalog", "check", "-h"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：gongkai catalog check") and "选项" in out and "显示本帮助并退出" in out
    assert "usage" not in out and "options" not in out
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--county-size", "x"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "应为整数" in err and "invalid" not in err


def test_another_county_loads_its_own_registry(capsys, data_dir, tmp_path) -> None:
    import json

    reg = {"format": "gongkai-unit-registry", "version": 1, "county": "常山县",
           "review_office": {"code": "R00", "name": "县府办政务公开办"},
           "units": [{"code": "C01", "name": "县公安局", "kind": "department", "aliases": [], "areas": ["04"]},
                     {"code": "C02", "name": "天马街道", "kind": "township", "aliases": [], "areas": ["04", "05"]}]}
    path = tmp_path / "changshan.json"
    path.write_text(json.dumps(reg, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "--data-dir", data_dir, "init", "--registry", str(path), "--unit", "天马街道")
    assert code == 0 and "常山县单位名册：2 个单位" in out and "户籍管理、社会救助" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "units")
    assert "天马街道" in out
    from gongkai_desktop.workspace import Workspace

    with Workspace.open(data_dir) as ws:  # reopening keeps the county's own registry
        assert ws.get_setting("county") == "常山县"
        assert ws.get_setting("review_office")["name"] == "县府办政务公开办"
    path.write_text("{broken", encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", data_dir, "init", "--registry", str(path), "--unit", "天马街道")
    assert code == 2 and "格式错误" in err
