"""The unit's 一周一进度 lists its problems — the same ones its table counts — never “无” beside 22."""

from __future__ import annotations

import docx

from gongkai_desktop.cli import main
from gongkai_desktop.unit import catalogs


def _paragraphs(path) -> list[str]:  # noqa: ANN001
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _table_problems(path) -> str:  # noqa: ANN001
    table = docx.Document(str(path)).tables[0]
    return table.rows[-1].cells[6].text  # 合计 · 待完善问题


def test_weekly_report_lists_the_problems_its_table_counts(ws, tmp_path, capsys) -> None:
    info = catalogs.start_catalog(ws, "04").catalog
    items = catalogs.load_items(ws, info.id)
    for item in items[:3]:
        catalogs.edit_item(ws, item.id, {"content": "", "levels": []})
    catalogs.edit_item(ws, items[5].id, {"time_limit": ""})
    expected = len(catalogs.check_catalog(ws, info.id))
    assert expected == 7
    out = tmp_path / "week.docx"
    assert main(["--data-dir", str(ws.data_dir), "export", "weekly", "-o", str(out)]) == 0
    text = "\n".join(_paragraphs(out))
    section = text.split("二、存在的问题")[1].split("三、")[0]
    assert _table_problems(out) == str(expected)
    assert "无。" not in section
    assert "户籍管理：共 7 个待完善问题" in section
    assert "缺少公开内容 3 个" in section and "未选择公开层级 3 个" in section and "缺少公开时限 1 个" in section
    assert f"“{items[0].level1} / {items[0].level2}”（2 个" in section  # a worst item, with its kinds


def test_weekly_report_without_problems_says_none(ws, tmp_path) -> None:
    catalogs.start_catalog(ws, "04")  # the shipped 户籍管理 template is complete
    out = tmp_path / "week.docx"
    assert main(["--data-dir", str(ws.data_dir), "export", "weekly", "-o", str(out)]) == 0
    assert _table_problems(out) == "0"
    section = "\n".join(_paragraphs(out)).split("二、存在的问题")[1].split("三、")[0]
    assert section.strip() == "无。"
