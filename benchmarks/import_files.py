"""The files the import figures read: a 1,500-row catalog as a county builds it, in Excel and in Word.

Rows are real rows (the national 户籍管理 wording the shipped template confirms) numbered apart, in
the Zhejiang layout: a title, two header rows with merged groups, 江山市级 / 镇（街道） / 村（社区）
ticks, merged 一级事项 cells, ■/□ channel lists, 五公开 as ■结果, a notes row at the bottom. The
Word file has the same rows in one table with the header rows marked to repeat on every page.
"""

from __future__ import annotations

from pathlib import Path

HEAD1 = ["序号", "公开事项", None, "公开内容\n（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", None,
         "公开方式", None, "公开层级", None, None, "五公开", "备注"]
HEAD2 = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开", "江山市级",
         "镇（街道）", "村（社区）", None, None]
GROUP = 6  # rows per level-1 item (merged cells)


def rows(n: int) -> list[list[str]]:
    out = []
    for i in range(n):
        g = i // GROUP
        out.append([str(i + 1), f"户口登记第{g + 1}类", f"出生登记（第{i + 1}项）",
                    "受理部门、办理条件、办理流程、所需材料、办理时限、收费依据及标准", "《户口登记条例》、《政府信息公开条例》",
                    "形成或者变更之日起20个工作日内予以公开", "江山市公安局", "■政府网站 ■入户/现场 □两微一端 □政府服务中心",
                    "√", "", "√", "", "√", "√" if i % 2 else "", "", "■服务公开" if i % 3 else "■结果", ""])
    return out


def write_xlsx(path: Path, n: int) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "户籍管理"
    ws.append(["江山市户籍管理领域基层政务公开标准目录"])
    ws.merge_cells("A1:Q1")
    ws.append(HEAD1)
    ws.append(HEAD2)
    for col in "ADEFGHPQ":
        ws.merge_cells(f"{col}2:{col}3")
    for a, b in (("B", "C"), ("I", "J"), ("K", "L"), ("M", "O")):
        ws.merge_cells(f"{a}2:{b}2")
    for r in rows(n):
        ws.append([v or None for v in r])
    for g in range(0, n, GROUP):
        ws.merge_cells(start_row=4 + g, start_column=2, end_row=min(3 + n, 3 + g + GROUP), end_column=2)
    ws.append(["注：“■”表示必选项，“□”表示可选项。"])
    wb.save(path)
    return path


def write_docx(path: Path, n: int) -> Path:
    """The same rows in one Word table; rows are made by copying a row's XML (python-docx's add_row per
    row is slow for the data a benchmark needs, and what is read is the same XML)."""
    import copy

    import docx
    from docx.oxml.ns import qn

    doc = docx.Document()
    doc.add_paragraph("（四）户籍管理领域基层政务公开标准目录")
    body = rows(n)
    table = doc.add_table(rows=3, cols=17)
    for c, v in enumerate(HEAD1):
        table.cell(0, c).text = v or ""
    for c, v in enumerate(HEAD2):
        table.cell(1, c).text = v or ""
    for tr in table._tbl.tr_lst[:2]:
        pr = tr.get_or_add_trPr()
        pr.append(pr.makeelement(qn("w:tblHeader"), {}))
    template = table._tbl.tr_lst[2]
    for c in range(17):
        table.cell(2, c).text = "X"
    tbl = table._tbl
    tbl.remove(template)
    for r in body:
        tr = copy.deepcopy(template)
        for tc, value in zip(tr.findall(qn("w:tc")), r):
            tc.find(qn("w:p")).find(qn("w:r")).find(qn("w:t")).text = value
        tbl.append(tr)
    doc.add_paragraph("注：“■”表示必选项，“□”表示可选项。")
    doc.save(str(path))
    return path
