"""The 修订对照表: how an office documents a revision of its catalog, in Word and in Excel.

One row per changed item — 序号 · 事项 · 修改类型 · 原内容 · 修改后 · 修改说明 — under a title and a
line saying which versions are compared, in the same official look as the catalog exports (title in
小标宋, header in 黑体, body in 仿宋; Word landscape with the header row repeated on every page and
“— 1 —” page numbers; Excel with frozen header, print titles, landscape, fit to width). Plain rows in
(`revisions.RevisionRow`), a file out: no roles, no database.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DomainError
from ..revisions import RevisionRow
from . import docx_base as db
from . import layout

HEADERS: tuple[tuple[str, float], ...] = (("序号", 5), ("事项", 16), ("修改类型", 7), ("原内容", 32), ("修改后", 32),
                                          ("修改说明", 14))
NO_CHANGES = "（两个版本之间没有变化）"


@dataclass(slots=True)
class RevisionDocument:
    """What the table is about: “市公安局 户籍管理 目录修订对照表”, the versions compared, the date line."""

    title: str
    subtitle: str
    rows: Sequence[RevisionRow]
    paper: str = "A4"


def _texts(row: RevisionRow) -> list[str]:
    return [str(row.number), row.item, row.kind, row.original, row.revised, row.note]


def write_revision_docx(doc_spec: RevisionDocument, path: str | Path) -> Path:
    """The table in Word (the fast row-copying table of `docx_base`)."""
    doc = db.new_document(doc_spec.paper)
    db.add_title(doc, doc_spec.title, doc_spec.subtitle)
    cols = [db.TableColumn(h, h, w, center=h in ("序号", "修改类型")) for h, w in HEADERS]
    rows = [_texts(r) for r in doc_spec.rows] or [["", "", "", NO_CHANGES, "", ""]]
    db.add_table(doc, cols, rows)
    return db.save(doc, path)


def write_revision_xlsx(doc_spec: RevisionDocument, path: str | Path) -> Path:
    """The table in Excel: one sheet, text cells only (never a formula), written atomically."""
    import xlsxwriter

    path = Path(path)
    if not path.parent.is_dir():
        raise DomainError("write_failed", f"保存位置 {path.parent} 不存在。")
    fd, tmp = tempfile.mkstemp(prefix=".gongkai-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, {"strings_to_formulas": False, "strings_to_numbers": False,
                                       "strings_to_urls": False})
        _sheet(wb, doc_spec)
        wb.close()
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except PermissionError as exc:
        raise DomainError("file_in_use", f"无法写入 {path.name}：文件可能正在 Excel 或 WPS 中打开，请先关闭后重试。") from exc
    except OSError as exc:
        raise DomainError("write_failed", f"无法写入 {path}：{exc.strerror or exc}。") from exc
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path


def _sheet(wb: object, spec: RevisionDocument) -> None:
    base = {"font_name": layout.FONT_BODY, "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
    title = wb.add_format({"font_name": layout.FONT_TITLE, "font_size": 18, "align": "center", "valign": "vcenter"})  # type: ignore[attr-defined]
    subtitle = wb.add_format({"font_name": layout.FONT_BODY, "font_size": 11, "align": "center"})  # type: ignore[attr-defined]
    header = wb.add_format({**base, "font_name": layout.FONT_HEADER, "bold": True, "align": "center"})  # type: ignore[attr-defined]
    text = wb.add_format({**base, "align": "left"})  # type: ignore[attr-defined]
    center = wb.add_format({**base, "align": "center"})  # type: ignore[attr-defined]
    ws = wb.add_worksheet("修订对照表")  # type: ignore[attr-defined]
    last = len(HEADERS) - 1
    ws.set_row(0, 36)
    ws.merge_range(0, 0, 0, last, spec.title, title)
    ws.merge_range(1, 0, 1, last, spec.subtitle, subtitle)
    for c, (h, width) in enumerate(HEADERS):
        ws.write_string(2, c, h, header)
        ws.set_column(c, c, width * 1.6)
    rows = [_texts(r) for r in spec.rows] or [["", "", "", NO_CHANGES, "", ""]]
    for n, texts in enumerate(rows, 3):
        lines = max(t.count("\n") + 1 + len(t) // 30 for t in texts)
        ws.set_row(n, min(409, 14 * lines))
        for c, value in enumerate(texts):
            ws.write_string(n, c, db.clean(value)[:32767], center if HEADERS[c][0] in ("序号", "修改类型") else text)
    ws.freeze_panes(3, 0)
    ws.repeat_rows(2, 2)
    ws.set_landscape()
    ws.set_paper(9 if spec.paper == "A4" else 8)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_footer(f'&C&"{layout.FONT_BODY}"&10 第 &P 页  共 &N 页')


def write_revision_table(spec: RevisionDocument, path: str | Path) -> Path:
    """Word or Excel by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        return write_revision_docx(spec, path)
    if suffix == ".xlsx":
        return write_revision_xlsx(spec, path)
    raise DomainError("bad_format", "修订对照表可保存为 Word（.docx）或 Excel（.xlsx），请用其中一种扩展名。")
