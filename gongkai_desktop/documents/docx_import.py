"""Reading the tables of a Word document (.docx) as catalog tables, within fixed limits.

python-docx opens the package; the tables are walked on its XML tree (lxml) so that merged cells
come out as Word shows them: a cell spanning columns (gridSpan) gives its text to each column, a
vertically merged cell (vMerge) to each row below it, without making a row "have text" of its
own. Every table of the body is one `RawTable`, in order, with the paragraphs before it as its
context: a heading such as “（四）户籍管理领域基层政务公开标准目录” names its area, and a table
under no heading of its own continues the area of the one before (a table split across pages).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import DomainError
from .read_limits import MAX_CELLS, MAX_COLS, MAX_ROWS, Budget
from .table_reader import RawTable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, T, TC_PR, GRID_SPAN, V_MERGE, VAL = f"{W}p", f"{W}t", f"{W}tcPr", f"{W}gridSpan", f"{W}vMerge", f"{W}val"
CONTEXT_CHARS = 400


MAX_DOCUMENT_BYTES = 60 * 1024 * 1024  # word/document.xml is parsed whole; a 1,500-row table is ~5 MB
CELL_TAGS = (b"<w:tc>", b"<w:tc ")


def docx_tables(path: Path) -> Iterator[RawTable]:
    """Each table of the document's body, in order."""
    budget = Budget(path.name)
    _prescan(path, budget)
    body = _plain_body(path, _open(path))
    context: list[str] = []
    n = 0
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            text = _paragraph_text(child)
            if text:
                context.append(text)
        elif child.tag == f"{W}tbl":
            n += 1
            budget.table()
            before = "\n".join(context)[-CONTEXT_CHARS:]
            yield RawTable(f"表格{n}", _rows(child, budget), context=before, inherit_area=True)
            context = []
        elif child.tag == f"{W}sdt":  # a content control around paragraphs
            context += [t for p in child.iter(f"{W}p") if (t := _paragraph_text(p))]


def _prescan(path: Path, budget: Budget) -> None:
    """The document's real extent before python-docx parses it: its size and its table cells counted in
    the raw XML, so a document of millions of cells is refused at once."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
        if info.file_size > MAX_DOCUMENT_BYTES:
            raise DomainError("file_too_big", f"{path.name} 的正文解压后超过 {MAX_DOCUMENT_BYTES // 1024 // 1024} MB，"
                              "过大，无法导入。请只保留目录表格后再导入。")
        cells = 0
        with zf.open(info) as src:
            tail = b""
            while chunk := src.read(1 << 20):
                data = tail + chunk
                cells += sum(data.count(t) for t in CELL_TAGS)
                tail = data[-8:]
                cells -= sum(tail.count(t) for t in CELL_TAGS)
            cells += sum(tail.count(t) for t in CELL_TAGS)
    if cells > MAX_CELLS:
        budget.cell(cells)


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise DomainError("not_docx", f"{path.name} 不是 Word 文档（.docx）。") from exc
    except Exception as exc:  # noqa: BLE001 - any parser failure on a hostile file is one message
        name = type(exc).__name__
        if "Entit" in name or "DTD" in name:
            raise DomainError("xml_entities", f"{path.name} 含有不允许的 XML 实体声明，可能是恶意构造的文件，已拒绝。") from exc
        raise DomainError("corrupt_docx", f"{path.name} 已损坏或格式不正确，无法读取（{name}）。") from exc


def _plain_body(path: Path, document: Any) -> Any:
    """The body of the main document part python-docx found, parsed again by plain lxml: python-docx's
    element classes make every cell visit cost a Python object, 5× slower on a 1,500-row table. The
    parser resolves no entities and reads no network (the package was checked before)."""
    from lxml import etree

    name = str(document.part.partname).lstrip("/")
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise DomainError("corrupt_docx", f"{path.name} 已损坏或格式不正确，无法读取（{exc}）。") from exc
    body = root.find(f"{W}body")
    if body is None:
        raise DomainError("corrupt_docx", f"{path.name} 没有正文，无法读取。")
    return body


def _paragraph_text(p: Any) -> str:
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        parts.append(el.text or "" if el.tag == f"{W}t" else ("\t" if el.tag == f"{W}tab" else "\n"))
    return "".join(parts).strip()


def _cell_text(tc: Any) -> str:
    """The cell's paragraphs, one per line (only w:t text: no field codes, no deleted text); lxml's
    own iterators only (ElementPath's find costs ~8 µs a call, too much for 25,000 cells)."""
    paragraphs = list(tc.iterchildren(P))
    if len(paragraphs) == 1:
        return "".join(paragraphs[0].itertext(T)).strip()
    return "\n".join(t for p in paragraphs if (t := "".join(p.itertext(T)).strip()))


def _child(el: Any, tag: str) -> Any:
    return next(el.iterchildren(tag), None) if el is not None else None


def _int(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return max(1, min(int(el.get(VAL, default)), MAX_COLS))
    except ValueError:
        return default


def _rows(tbl: Any, budget: Budget) -> list[tuple[int, list[str]]]:
    """(row number in the table, texts) of the rows with text of their own, merges filled."""
    out: list[tuple[int, list[str]]] = []
    above: list[str] = []
    for number, tr in enumerate(tbl.iterchildren(f"{W}tr"), start=1):
        row, own = _row(tr, above, budget)
        above = row
        if own:
            out.append((number, row))
            if len(out) > MAX_ROWS:
                raise DomainError("too_many_rows", f"{budget.name} 的表格超过 {MAX_ROWS} 行，过大，无法导入。")
    return out


def _cells(tr: Any) -> Iterator[Any]:
    """The row's own cells (a content control may wrap some); a table nested in a cell stays in it."""
    for child in tr.iterchildren(f"{W}tc", f"{W}sdt"):
        if child.tag == f"{W}tc":
            yield child
        else:
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from content.iterchildren(f"{W}tc")


def _row(tr: Any, above: list[str], budget: Budget) -> tuple[list[str], bool]:
    row: list[str] = []
    own = False
    row += [""] * _int(_child(_child(tr, f"{W}trPr"), f"{W}gridBefore"), 0)
    for tc in _cells(tr):
        budget.cell()
        pr = _child(tc, TC_PR)
        span = _int(_child(pr, GRID_SPAN), 1) if pr is not None else 1
        vmerge = _child(pr, V_MERGE) if pr is not None else None
        start = len(row)
        if vmerge is not None and vmerge.get(VAL) != "restart":
            text = above[start] if start < len(above) else ""  # continues the cell above
        else:
            text = _cell_text(tc)
            own = own or bool(text)
        if span > 1:
            budget.fill(span)
            row += [text] * span
        else:
            row.append(text)
        if len(row) >= MAX_COLS:
            return row[:MAX_COLS], own
    return row, own
