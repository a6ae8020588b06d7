"""Build the import corpus: catalog files laid out the way counties and townships build them.

    python -m tests.data.make_corpus        # rewrites tests/data/catalogs/ (committed)

Every file is made from the real rows of `corpus_rows` in one of the layouts seen in published
catalogs — titles over one or two rows, two header rows with merged group headers, merged 一级事项
cells, spacer rows, notes rows at the bottom, county headers (江山市级 / 镇（街道）/ 村（社区）,
县（市、区）级 / 乡（镇）, 区级 / 街道级), 五公开 printed as ■结果, 公开方式 printed as a form
(全文发布) beside a 公开属性 column, 咨询电话 / 监督举报电话 columns, one tick column per channel
in county spellings, several values in one cell, a 汇编 with many areas, Word tables with merged
cells and a header repeated on the next page, an old .xls, and (when LibreOffice is installed) the
Word file as .doc and .wps. ``expected.json`` holds, per file, every item the import must give
with every field.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tests.data.corpus_rows import AREAS, GUIHUA, HUANJING, HUJI, JIUZHU, SHEBAO, WEIJIAN, WENHUA, Row

OUT = Path(__file__).resolve().parent / "catalogs"
NOTE = "注：1.“■”表示必选项，“□”表示可选项；2.公开层级中“村（社区）”指村务公开栏。"
FIELDS = ("level1", "level2", "content", "basis", "time_limit", "publisher", "channels", "channel_other",
          "audience", "mode", "levels", "attribute", "remarks", "five_disclosures")
CHANNEL_ORDER = ("政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点", "政务服务中心",
                 "便民服务站", "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送", "其他")
FIVE = ("决策", "执行", "管理", "服务", "结果")


def expected(row: Row, area: str, **changes: Any) -> dict[str, Any]:
    """The item the import must give for ``row`` (what the printed row means), with layout changes."""
    item = {"area": area, "level1": row.level1, "level2": row.level2, "content": row.content, "basis": row.basis,
            "time_limit": row.time_limit, "publisher": row.publisher,
            "channels": [c for c in CHANNEL_ORDER if c in row.channels], "channel_other": row.channel_other,
            "audience": list(row.audience), "mode": row.mode,
            "levels": [v for v in ("县级", "乡级") if v in row.levels],
            "attribute": {"主动": "主动公开", "依申请": "依申请公开"}.get(row.mode, ""), "remarks": "",
            "five_disclosures": []}
    item.update(changes)
    return item


def tick(on: bool) -> str:
    return "√" if on else ""


# Excel layouts ---------------------------------------------------------------------------------------

def _merge_level1(ws: Any, placed: Sequence[tuple[int, str]], column: int) -> None:
    """Merge the 一级事项 cells of rows one under the other with the same level-1 item (as counties do)."""
    i = 0
    while i < len(placed):
        j = i
        while j + 1 < len(placed) and placed[j + 1][1] == placed[i][1] and placed[j + 1][0] == placed[j][0] + 1:
            j += 1
        if j > i:
            ws.merge_cells(start_row=placed[i][0], start_column=column, end_row=placed[j][0], end_column=column)
        i = j + 1


def jiangshan_township(path: Path) -> list[dict[str, Any]]:
    """A Zhejiang township's table: 江山市级 / 镇（街道） / 村（社区）, 五公开 as ■结果, merged 一级事项,
    a spacer row, a section of two areas in two sheets, a notes row at the bottom."""
    import openpyxl
    from openpyxl.styles import Alignment

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    out = []
    for code, name, rows in (("04", "户籍管理", HUJI), ("05", "社会救助", JIUZHU)):
        ws = wb.create_sheet(f"{name}领域")
        ws.append([f"江山市虎山街道{name}领域基层政务公开标准目录"])
        ws.merge_cells("A1:Q1")
        ws.append(["填报单位：虎山街道办事处", None, None, None, None, None, None, None, None, None, None, None, None,
                   None, "2020年9月"])
        ws.append(["序号", "公开事项", None, "公开内容\n（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                   "公开对象", None, "公开方式", None, "公开层级", None, None, "五公开", "备注"])
        ws.append([None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开",
                   "江山市级", "镇（街道）", "村（社区）", None, None])
        for col in "ADEFGHPQ":
            ws.merge_cells(f"{col}3:{col}4")
        for a, b in (("B", "C"), ("I", "J"), ("K", "L"), ("M", "O")):
            ws.merge_cells(f"{a}3:{b}3")
        ws["D3"].alignment = Alignment(wrap_text=True)
        placed = []
        for n, r in enumerate(rows, start=1):
            if n == 4:
                ws.append([])  # a spacer row inside the table
            five = " ".join(f"■{f}公开" if name == "户籍管理" and n % 2 else f"■{f}" for f in r.five)
            remark = "本街道自定" if n == 2 else None
            ws.append([n, r.level1, r.level2, r.content, r.basis, r.time_limit, r.publisher, r.printed_channels,
                       tick("全社会" in r.audience), tick("特定群体" in r.audience), tick(r.mode == "主动"),
                       tick(r.mode == "依申请"), tick("县级" in r.levels), tick("乡级" in r.levels),
                       tick("乡级" in r.levels), five or None, remark])
            placed.append((ws.max_row, r.level1))
            out.append(expected(r, code, five_disclosures=[f for f in FIVE if f in r.five],
                                remarks=remark or ""))
        _merge_level1(ws, placed, 2)
        last = ws.max_row + 1
        ws.cell(row=last, column=1, value=NOTE)
        ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=17)
    wb.save(path)
    return out


def county_variants(path: Path) -> list[dict[str, Any]]:
    """A county department's own order: 公开属性 beside 公开方式 printed as 全文发布, one text column each
    for 公开对象 and 公开层级 (县（市、区）级、乡（镇）), 咨询电话 and 监督举报电话, half-width brackets."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["附件2"])
    ws.append(["XX县民政局社会救助领域基层政务公开标准目录（2020年版）"])
    ws.append([])
    ws.append(["序号", "一级事项", "二级事项", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
               "公开对象", "公开属性", "公开方式", "公开层级", "咨询电话", "监督举报电话"])
    out = []
    for n, r in enumerate(JIUZHU, start=1):
        known = bool(r.mode)
        audience = "特定群众" if r.audience == ("特定群体",) else "、".join(r.audience)
        levels = "、".join({"县级": "县（市、区）级", "乡级": "乡（镇）"}[v] for v in r.levels)
        ws.append([n, r.level1, r.level2, r.content, r.basis, r.time_limit, r.publisher, r.printed_channels,
                   audience or None, "主动公开" if known else None, "全文发布" if known else None, levels or None,
                   "0570-4021234", "12345"])
        remarks = ("公开形式：全文发布；" if known else "") + "咨询电话：0570-4021234；监督举报电话：12345"
        out.append(expected(r, "05", remarks=remarks))
    wb.save(path)
    return out


def tick_channels(path: Path) -> list[dict[str, Any]]:
    """A township's table with a tick column per channel, headers in county spellings."""
    import openpyxl

    heads = ["政府网站", "政府服务中心", "公示公开栏", "乡镇便民服务中心", "浙里办", "江山发布", "其他"]
    meaning = {"政府网站": "政府网站", "政府服务中心": "政务服务中心", "公示公开栏": "社区/企事业单位/村公示栏（电子屏）"}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "城乡规划"
    ws.append(["戌街乡城乡规划领域基层政务公开标准目录"])
    ws.append(["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
               *[None] * (len(heads) - 1), "公开对象", None, "公开方式", None, "公开层级", None])
    ws.append([None, None, None, None, None, None, None, *heads, "全社会", "特定群体", "主动", "依申请", "乡级", "村级"])
    ws.merge_cells(start_row=2, start_column=8, end_row=2, end_column=7 + len(heads))
    out = []
    for n, r in enumerate(GUIHUA, start=1):
        printed = {h for h in heads if meaning.get(h, "") in r.channels}
        ws.append([n, r.level1, r.level2, r.content, r.basis, r.time_limit, r.publisher,
                   *[("√" if h in printed else None) for h in heads], *[None] * 6])
        out.append(expected(r, "11"))
    ws.append([])
    ws.append(["说明：本表由戌街乡人民政府编制。"])
    wb.save(path)
    return out


def several_values(path: Path) -> list[dict[str, Any]]:
    """Several values in one cell: ■主动 □依申请, 县级+乡、村级, □决策 … ■服务 □结果, a plain channel list."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "社会保险"
    ws.append(["一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式",
               "公开层级", "五公开类别"])
    out = []
    for r in SHEBAO:
        mode = {"主动": "■主动 □依申请", "依申请": "□主动 ■依申请"}.get(r.mode, "□主动 □依申请")
        levels = {("县级", "乡级"): "县级+乡、村级", ("县级",): "■县级 □乡级"}.get(r.levels, "")
        ws.append([r.level1, r.level2, r.content or None, r.basis, r.time_limit, r.publisher, r.printed_channels,
                   "、".join(r.audience) or None, mode, levels or None, "□决策 □执行 □管理 ■服务 □结果"])
        out.append(expected(r, "10", five_disclosures=["服务"]))
    wb.save(path)
    return out


def collection_xlsx(path: Path) -> list[dict[str, Any]]:
    """A 汇编: one sheet holding several areas one after another (a title row, header rows each), and a
    sheet of its own for one more area."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目录汇编"
    ws.append(["全国26个试点领域基层政务公开标准目录汇编（节选）"])
    out = []
    header1 = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体（■必选 □可选）",
               "公开对象", None, "公开方式", None, "公开层级", None]
    header2 = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
    for number, code, rows in (("（十）", "10", SHEBAO), ("（十三）", "13", HUANJING)):
        ws.append([])
        ws.append([f"{number}{AREAS[code][0]}领域基层政务公开标准目录"] * 14)
        title = ws.max_row
        ws.merge_cells(start_row=title, start_column=1, end_row=title, end_column=14)
        ws.append(header1)
        ws.append(header2)
        for n, r in enumerate(rows, start=1):
            ws.append(_national_cells(n, r))
            out.append(expected(r, code))
    other = wb.create_sheet("卫生健康")
    other.append(header1)
    other.append(header2)
    for n, r in enumerate(WEIJIAN, start=1):
        other.append(_national_cells(n, r))
        out.append(expected(r, "21"))
    wb.save(path)
    return out


def _national_cells(n: int, r: Row) -> list[Any]:
    return [n, r.level1, r.level2, r.content or None, r.basis, r.time_limit, r.publisher, r.printed_channels,
            tick("全社会" in r.audience), tick("特定群体" in r.audience), tick(r.mode == "主动"),
            tick(r.mode == "依申请"), tick("县级" in r.levels), tick("乡级" in r.levels)]


def penglai_xls(path: Path) -> list[dict[str, Any]]:
    """An old .xls in the 一级/二级/三级 layout (the area in 一级), 区级 / 街道级, merged cells."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("户籍管理")
    ws.write_merge(0, 0, 0, 12, "派出所户籍管理领域基层政务公开标准目录")
    heads = ["序号", "一级事项", "二级事项", "三级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
             "公开对象", None, "公开层级", None]
    subs = [None] * 9 + ["全社会", "特定群体", "区级", "街道级"]
    for c in range(9):
        ws.write_merge(1, 2, c, c, heads[c])
    ws.write_merge(1, 1, 9, 10, "公开对象")
    ws.write_merge(1, 1, 11, 12, "公开层级")
    for c, h in enumerate(subs):
        if h:
            ws.write(2, c, h)
    out = []
    row = 3
    for n, r in enumerate(HUJI, start=1):
        cells = [n, None, r.level1, r.level2, r.content, r.basis, r.time_limit, r.publisher, r.printed_channels,
                 tick("全社会" in r.audience), tick("特定群体" in r.audience), tick("县级" in r.levels),
                 tick("乡级" in r.levels)]
        for c, v in enumerate(cells):
            if v not in (None, ""):
                ws.write(row, c, v)
        out.append(expected(r, "04", mode="", attribute=""))  # no 公开方式 column in this layout
        row += 1
    ws.write_merge(3, row - 1, 1, 1, "户籍管理")
    ws.write_merge(row + 1, row + 1, 0, 12, "备注：以上事项由派出所负责公开。")
    book.save(str(path))
    return out


# Word layouts ----------------------------------------------------------------------------------------

def word_catalog(path: Path) -> list[dict[str, Any]]:
    """A Word catalog of two areas: a heading per area, the national two header rows (公开事项 spanning
    一级/二级, 序号 spanning both rows), merged 一级事项 cells, the header repeated where a page broke,
    one table continued as a second table without a header, and a notes row."""
    import docx
    from docx.enum.section import WD_ORIENT

    doc = docx.Document()
    doc.sections[0].orientation = WD_ORIENT.LANDSCAPE
    doc.add_paragraph("附件")
    out = []
    for number, code, rows in (("（四）", "04", HUJI), ("（二十）", "20", WENHUA)):
        doc.add_heading(f"{number}{AREAS[code][0]}领域基层政务公开标准目录", level=2)
        if code == "04":
            first, rest = rows[:4], rows[4:]
            _word_table(doc, first, header=True, repeat_header_after=2)
            doc.add_paragraph("")  # the table continues after a page break, without its header
            _word_table(doc, rest, header=False, start=len(first) + 1, note=True)
        else:
            _word_table(doc, rows, header=True, note=True)
        out += [expected(r, code) for r in rows]
    doc.add_paragraph("")  # Word always ends a document with a paragraph after the last table
    doc.save(str(path))
    return out


def _word_table(doc: Any, rows: Sequence[Row], header: bool, start: int = 1, repeat_header_after: int | None = None,
                note: bool = False) -> None:
    head1 = ["序号", "公开事项", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象",
             "公开对象", "公开方式", "公开方式", "公开层级", "公开层级"]
    head2 = ["", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
    body = [[str(start + i), r.level1, r.level2, r.content, r.basis, r.time_limit, r.publisher, r.printed_channels,
             tick("全社会" in r.audience), tick("特定群体" in r.audience), tick(r.mode == "主动"), tick(r.mode == "依申请"),
             tick("县级" in r.levels), tick("乡级" in r.levels)] for i, r in enumerate(rows)]
    lines: list[list[str]] = []
    if header:
        lines += [head1, head2]
    for i, b in enumerate(body):
        if repeat_header_after is not None and i == repeat_header_after:
            lines += [head1, head2]
        lines.append(b)
    if note:
        lines.append([NOTE] * 14)
    table = doc.add_table(rows=len(lines), cols=14)
    table.style = "Table Grid"
    for r, values in enumerate(lines):
        for c, v in enumerate(values):
            table.cell(r, c).text = v
    _word_merges(table, lines, head1)


def _word_merges(table: Any, lines: list[list[str]], head1: list[str]) -> None:
    """Merge as a county's Word table does: header groups, 序号 and single headers over two rows, equal
    一级事项 cells one above the other, the notes row across."""
    def merge(r1: int, c1: int, r2: int, c2: int) -> None:
        keep = lines[r1][c1]
        cell = table.cell(r1, c1).merge(table.cell(r2, c2))
        cell.text = keep

    r = 0
    while r < len(lines):
        row = lines[r]
        if row == head1:
            for c1, c2 in ((1, 2), (8, 9), (10, 11), (12, 13)):
                merge(r, c1, r, c2)
            for c in (0, 3, 4, 5, 6, 7):
                merge(r, c, r + 1, c)
            r += 2
            continue
        if len(set(row)) == 1:
            merge(r, 0, r, 13)
            r += 1
            continue
        end = r
        while end + 1 < len(lines) and lines[end + 1][0].isdigit() and lines[end + 1][1] == row[1]:
            end += 1
        if end > r:
            merge(r, 1, end, 1)
        r = end + 1


# Old formats through LibreOffice ---------------------------------------------------------------------

def via_libreoffice(src: Path, target: Path, fmt: str) -> bool:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt, "--outdir",
                        tmp, str(src)], check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(tmp) / f"{src.stem}.{fmt.split(':')[0]}", target)
    return True


LAYOUTS: dict[str, Callable[[Path], list[dict[str, Any]]]] = {
    "江山虎山街道_户籍管理_社会救助.xlsx": jiangshan_township,
    "XX县民政局_社会救助_全文发布.xlsx": county_variants,
    "戌街乡_城乡规划_渠道勾选列.xlsx": tick_channels,
    "社会保险_一格多值.xlsx": several_values,
    "目录汇编_社会保险_生态环境_卫生健康.xlsx": collection_xlsx,
    "派出所_户籍管理_三级事项.xls": penglai_xls,
    "户籍管理_公共文化服务.docx": word_catalog,
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    expect: dict[str, list[dict[str, Any]]] = {}
    for name, build in LAYOUTS.items():
        expect[name] = build(OUT / name)
    shutil.copyfile(OUT / "派出所_户籍管理_三级事项.xls", OUT / "派出所_户籍管理_三级事项.et")  # WPS 表格: the same BIFF
    expect["派出所_户籍管理_三级事项.et"] = expect["派出所_户籍管理_三级事项.xls"]
    word = OUT / "户籍管理_公共文化服务.docx"
    if via_libreoffice(word, OUT / "户籍管理_公共文化服务.doc", "doc:MS Word 97"):
        shutil.copyfile(OUT / "户籍管理_公共文化服务.doc", OUT / "户籍管理_公共文化服务.wps")  # WPS 文字: Word 97 binary
        expect["户籍管理_公共文化服务.doc"] = expect["户籍管理_公共文化服务.wps"] = expect["户籍管理_公共文化服务.docx"]
    (OUT / "expected.json").write_text(json.dumps(expect, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(expect)} files in {OUT}")


if __name__ == "__main__":
    main()
