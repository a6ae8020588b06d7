"""Hostile catalog files, crafted the way an attacker (or a confused user) would make them.

Real files, not byte strings that only look right to a naive check: a workbook really encrypted
with a password (msoffcrypto-tool) whose OLE directory is moved to the end of the file, a
macro-enabled workbook renamed .xlsx, a web page saved as .xls, sheets whose XML describes a
cell at GR100000, a merge A1:XFD1048576 or millions of empty cells, an XML entity bomb.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import openpyxl

FREE, END = 0xFFFFFFFF, 0xFFFFFFFE


def plain_catalog(path: Path, rows: int = 3) -> Path:
    """A small valid catalog workbook (the base the hostile ones are made from)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "户籍管理"
    ws.append(["户籍管理领域基层政务公开标准目录"])
    ws.append(["一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体"])
    for n in range(rows):
        ws.append(["出生登记", f"出生登记{n}", "受理部门", "《户口登记条例》", "20个工作日内", "公安机关", "■政府网站"])
    wb.save(path)
    return path


def replace_part(src: Path, dest: Path, name: str, data: bytes, extra: dict[str, bytes] | None = None) -> Path:
    """A copy of the package with one part replaced (or added), and more parts added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == name else zin.read(info))
        if name not in zin.namelist():
            zout.writestr(name, data)
        for n, d in (extra or {}).items():
            zout.writestr(n, d)
    return dest


def sheet_xml(cells: str, merges: str = "", dimension: str = "A1") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData>{merges}</worksheet>').encode()


def far_cell(tmp: Path) -> Path:
    """One cell at GR100000 (a dense reader builds 20 million cells), plus a real header and row."""
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>一级事项</t></is></c><c r="B1" t="inlineStr"><is><t>二级事项</t>'
             '</is></c><c r="C1" t="inlineStr"><is><t>公开内容</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>出生登记</t></is></c><c r="B2" t="inlineStr"><is><t>出生登记</t>'
             '</is></c></row><row r="100000"><c r="GR100000" t="inlineStr"><is><t>x</t></is></c></row>')
    return replace_part(plain_catalog(tmp / "base.xlsx"), tmp / "far.xlsx", "xl/worksheets/sheet1.xml",
                        sheet_xml(cells, dimension="A1:GR100000"))


def huge_merge(tmp: Path) -> Path:
    """A single merged range A1:XFD1048576 over a real table."""
    cells = ('<row r="1"><c r="A1" t="inlineStr"><is><t>一级事项</t></is></c><c r="B1" t="inlineStr"><is><t>二级事项</t>'
             '</is></c><c r="C1" t="inlineStr"><is><t>公开内容</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>出生登记</t></is></c></row>')
    merges = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    return replace_part(plain_catalog(tmp / "base.xlsx"), tmp / "merge.xlsx", "xl/worksheets/sheet1.xml",
                        sheet_xml(cells, merges, "A1:XFD1048576"))


def many_merges(tmp: Path, n: int = 60_000) -> Path:
    merges = "".join(f'<mergeCell ref="A{2 * i + 1}:B{2 * i + 2}"/>' for i in range(n))
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>一级事项</t></is></c></row>'
    return replace_part(plain_catalog(tmp / "base.xlsx"), tmp / "merges.xlsx", "xl/worksheets/sheet1.xml",
                        sheet_xml(cells, f'<mergeCells count="{n}">{merges}</mergeCells>'))


def many_cells(tmp: Path, rows: int = 1_100, cols: int = 1_000) -> Path:
    """Millions of empty cells: small once zipped, a long parse for a reader that does not count."""
    row = "".join(f'<c r="{_col(c)}{{r}}"/>' for c in range(cols))
    cells = "".join(f'<row r="{r}">{row.format(r=r)}</row>' for r in range(1, rows + 1))
    return replace_part(plain_catalog(tmp / "base.xlsx"), tmp / "cells.xlsx", "xl/worksheets/sheet1.xml",
                        sheet_xml(cells))


def _col(c: int) -> str:
    out = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        out = chr(65 + r) + out
    return out


def shared_strings_claim(tmp: Path, count: int = 50_000_000) -> Path:
    sst = (f'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           f'count="{count}" uniqueCount="{count}"><si><t>x</t></si></sst>').encode()
    return replace_part(plain_catalog(tmp / "base.xlsx"), tmp / "sst.xlsx", "xl/sharedStrings.xml", sst)


def entity_bomb(tmp: Path, part: str = "xl/sharedStrings.xml") -> Path:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    return replace_part(plain_catalog(tmp / "base.xlsx"), tmp / "bomb.xlsx", part, bomb)


def macro_renamed(tmp: Path) -> Path:
    """An .xlsm (content type macroEnabled, a vbaProject.bin) renamed .xlsx."""
    base = plain_catalog(tmp / "base.xlsx")
    with zipfile.ZipFile(base) as z:
        types = z.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    return replace_part(base, tmp / "macro.xlsx", "[Content_Types].xml", types,
                        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2000)})


def html_as_xls(tmp: Path) -> Path:
    """What many web systems call an .xls: an HTML table."""
    path = tmp / "export.xls"
    path.write_text("<html><head><meta charset='utf-8'></head><body><table><tr><td>一级事项</td><td>二级事项</td>"
                    "</tr></table></body></html>", encoding="utf-8")
    return path


def password_protected(tmp: Path, directory_late: bool = True) -> Path:
    """A workbook really encrypted with a password (Agile encryption, msoffcrypto-tool), over 4 MB,
    with the OLE directory moved to the end of the file when ``directory_late``."""
    from msoffcrypto.format.ooxml import OOXMLFile

    base = plain_catalog(tmp / "base.xlsx")
    big = replace_part(base, tmp / "big.xlsx", "xl/media/filler.bin", os.urandom(5 * 1024 * 1024))
    out = io.BytesIO()
    with big.open("rb") as f:
        OOXMLFile(f).encrypt("口令123", out)
    data = out.getvalue()
    if directory_late:
        data = move_directory_to_end(data)
    path = tmp / "protected.xlsx"
    path.write_bytes(data)
    return path


def move_directory_to_end(data: bytes) -> bytes:
    """Rewrite a compound file so that its directory and its mini stream (which holds the small
    streams naming EncryptedPackage) are the last sectors of the file: legal CFB, since the header,
    the FAT and the root entry say where they are."""
    cfb = _Cfb(bytearray(data))
    root_start = struct.unpack_from("<I", cfb.buf, (cfb.first_dir + 1) * cfb.size + 0x74)[0]
    new_root = cfb.move(root_start)
    new_dir = cfb.move(cfb.first_dir)
    struct.pack_into("<I", cfb.buf, 0x30, new_dir)
    struct.pack_into("<I", cfb.buf, (new_dir + 1) * cfb.size + 0x74, new_root)
    cfb.write_fat()
    return bytes(cfb.buf)


class _Cfb:
    def __init__(self, buf: bytearray) -> None:
        self.buf = buf
        self.size = 1 << struct.unpack_from("<H", buf, 0x1E)[0]
        n_fat = struct.unpack_from("<I", buf, 0x2C)[0]
        self.first_dir = struct.unpack_from("<I", buf, 0x30)[0]
        self.fat_sids = list(struct.unpack_from("<109I", buf, 0x4C)[:n_fat])
        self.per = self.size // 4
        self.fat = [v for sid in self.fat_sids for v in struct.unpack_from(f"<{self.per}I", buf, (sid + 1) * self.size)]

    def move(self, first: int) -> int:
        """Copy a sector chain to the end of the file, free the old sectors; the new first sector."""
        chain, sid = [], first
        while sid not in (END, FREE) and len(chain) < len(self.fat):
            chain.append(sid)
            sid = self.fat[sid]
        used = (len(self.buf) - self.size) // self.size
        new = list(range(used, used + len(chain)))
        if not new or new[-1] >= len(self.fat):
            raise ValueError("no room in the FAT to move the chain")
        size = self.size
        for old_sid in chain:
            self.buf += self.buf[(old_sid + 1) * size:(old_sid + 2) * size]
            self.buf[(old_sid + 1) * size:(old_sid + 2) * size] = bytes(size)
            self.fat[old_sid] = FREE
        for a, b in zip(new, [*new[1:], END]):
            self.fat[a] = b
        return new[0]

    def write_fat(self) -> None:
        for i, sid in enumerate(self.fat_sids):
            struct.pack_into(f"<{self.per}I", self.buf, (sid + 1) * self.size, *self.fat[i * self.per:(i + 1) * self.per])
