"""Reading the tables of a Word document (.docx) as catalog tables, within fixed limits.

python-docx's package reader finds the main document part; its body is then flattened in one pass
by a fixed XSLT stylesheet (libxslt, through lxml, with every access denied): paragraphs, and per
table cell its gridSpan, whether it continues a vertical merge (vMerge), and its text (w:t only, a
line per paragraph). Walking 25,000 cells through lxml element objects costs seconds; the
stylesheet does it in C. Merged cells then come out as Word shows them: a cell spanning columns
gives its text to each column, a vertically merged cell to each row below it, without making a row
"have text" of its own. Every table is one `RawTable`, in order, with the paragraphs before it as
its context: a heading such as “（四）户籍管理领域基层政务公开标准目录” names its area, and a table
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

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTEXT_CHARS = 400
MAX_DOCUMENT_BYTES = 60 * 1024 * 1024  # word/document.xml is parsed whole; a 1,500-row table is ~5 MB
CELL_TAGS = (b"<w:tc>", b"<w:tc ")
BLOCK, ROW, CELL, FIELD = "\ue000", "\ue001", "\ue002", "\ue003"  # separators the text cannot hold
_STRIP = "&#xE000;&#xE001;&#xE002;&#xE003;"
RUN_TEXT = ".//w:t"  # a paragraph's text, also inside hyperlinks, insertions, fields, content controls
FLATTEN = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:w="{W_NS}">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/">
 <xsl:for-each select="/w:document/w:body/*">
  <xsl:choose>
   <xsl:when test="self::w:tbl">
    <xsl:text>&#xE000;T</xsl:text>
    <xsl:for-each select="w:tr">
     <xsl:text>&#xE001;</xsl:text><xsl:value-of select="w:trPr/w:gridBefore/@w:val"/>
     <xsl:for-each select="w:tc|w:sdt/w:sdtContent/w:tc">
      <xsl:text>&#xE002;</xsl:text><xsl:value-of select="w:tcPr/w:gridSpan/@w:val"/>
      <xsl:text>&#xE003;</xsl:text>
      <xsl:if test="w:tcPr/w:vMerge[not(@w:val) or @w:val!='restart']">c</xsl:if>
      <xsl:text>&#xE003;</xsl:text>
      <xsl:for-each select="w:p|w:sdt/w:sdtContent/w:p">
       <xsl:if test="position() &gt; 1"><xsl:text>&#10;</xsl:text></xsl:if>
       <xsl:for-each select="{RUN_TEXT}"><xsl:value-of select="translate(., '{_STRIP}', '')"/></xsl:for-each>
      </xsl:for-each>
     </xsl:for-each>
    </xsl:for-each>
   </xsl:when>
   <xsl:otherwise>
    <xsl:text>&#xE000;P</xsl:text>
    <xsl:for-each select=".//w:t"><xsl:value-of select="translate(., '{_STRIP}', '')"/></xsl:for-each>
   </xsl:otherwise>
  </xsl:choose>
 </xsl:for-each>
</xsl:template>
</xsl:stylesheet>"""
_TRANSFORM: Any = None


def docx_tables(path: Path) -> Iterator[RawTable]:
    """Each table of the document's body, in order."""
    budget = Budget(path.name)
    _prescan(path, budget)
    flat = _flatten(_main_document(path), path.name)
    context: list[str] = []
    n = 0
    for block in flat.split(BLOCK)[1:]:
        if block[:1] == "P":
            if block[1:].strip():
                context.append(block[1:].strip())
            continue
        n += 1
        budget.table()
        before = "\n".join(context)[-CONTEXT_CHARS:]
        yield RawTable(f"表格{n}", _rows(block[1:], budget), context=before, inherit_area=True)
        context = []


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


def _main_document(path: Path) -> bytes:
    """The main document part's XML, found by python-docx's package reader (content type, not name)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.exceptions import PackageNotFoundError
    from docx.opc.pkgreader import PackageReader

    try:
        for _name, content_type, _rel, blob in PackageReader.from_file(str(path)).iter_sparts():
            if content_type in (CT.WML_DOCUMENT_MAIN, "application/vnd.ms-word.document.macroEnabled.main+xml"):
                return blob
    except PackageNotFoundError as exc:
        raise DomainError("not_docx", f"{path.name} 不是 Word 文档（.docx）。") from exc
    except Exception as exc:  # noqa: BLE001 - any failure on a hostile package is one message
        raise DomainError("corrupt_docx", f"{path.name} 已损坏或格式不正确，无法读取（{type(exc).__name__}）。") from exc
    raise DomainError("not_docx", f"{path.name} 没有 Word 正文，不是 Word 文档（.docx）。")


def _flatten(xml: bytes, name: str) -> str:
    global _TRANSFORM
    from lxml import etree

    if _TRANSFORM is None:
        _TRANSFORM = etree.XSLT(etree.fromstring(FLATTEN.encode()), access_control=etree.XSLTAccessControl.DENY_ALL)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        return str(_TRANSFORM(etree.fromstring(xml, parser)))
    except (etree.XMLSyntaxError, etree.XSLTApplyError) as exc:
        raise DomainError("corrupt_docx", f"{name} 已损坏或格式不正确，无法读取（{exc}）。") from exc


def _span(text: str, default: int) -> int:
    try:
        return max(0, min(int(text), MAX_COLS)) if text else default
    except ValueError:
        return default


def _rows(table: str, budget: Budget) -> list[tuple[int, list[str]]]:
    """(row number in the table, texts) of the rows with text of their own, merges filled."""
    out: list[tuple[int, list[str]]] = []
    above: list[str] = []
    for number, tr in enumerate(table.split(ROW)[1:], start=1):
        row, own = _row(tr, above, budget)
        above = row
        if own:
            out.append((number, row))
            if len(out) > MAX_ROWS:
                raise DomainError("too_many_rows", f"{budget.name} 的表格超过 {MAX_ROWS} 行，过大，无法导入。")
    return out


def _row(tr: str, above: list[str], budget: Budget) -> tuple[list[str], bool]:
    before, *cells = tr.split(CELL)
    row: list[str] = [""] * _span(before, 0)
    own = False
    budget.cell(len(cells) or 1)
    for cell in cells:
        span_text, cont, text = cell.split(FIELD, 2)
        span = max(1, _span(span_text, 1))
        if cont:
            start = len(row)
            text = above[start] if start < len(above) else ""  # continues the cell above
        else:
            text = text.strip()
            own = own or bool(text)
        if span > 1:
            budget.fill(span)
            row += [text] * span
        else:
            row.append(text)
        if len(row) >= MAX_COLS:
            return row[:MAX_COLS], own
    return row, own
