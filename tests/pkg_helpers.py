"""Helpers for the package tests: a signed-and-trusted setup, and tools to craft hostile archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from gongkai_desktop import keys
from gongkai_desktop.package.build import build_package
from gongkai_desktop.package.manifest import MIMETYPE
from gongkai_desktop.package.schema import stored
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission
from gongkai_desktop.workspace import Workspace


def fill_catalogs(ws: Workspace) -> list[int]:
    """Catalogs of 04 (from the template) and 08 (own items only, with every kind of field)."""
    c04 = catalogs.start_catalog(ws, "04").catalog
    from gongkai_desktop.models import Catalog

    with ws.session() as s:
        cat = Catalog(unit_code=ws.unit_code, area_code="08", status="draft", version=1, template_version="")
        s.add(cat)
        s.flush()
        c08 = cat.id
    first = catalogs.add_item(ws, c08, "sanding", "部门预决算", "部门预算公开", fields={
        "content": "部门预算报表及说明；“三公”经费\n第二行", "basis": "《中华人民共和国预算法》第十四条",
        "time_limit": "本级人大或其常委会批准后20日内", "publisher": "市公安局", "channels": ["政府网站", "其他"],
        "channel_other": "办税服务厅", "audience": ["全社会", "特定群体"], "mode": "依申请", "levels": ["县级", "乡级"],
        "remarks": "😀 emoji and ASCII", "five_disclosures": ["决策", "结果"]}).item
    catalogs.add_item(ws, c08, "power_list", "部门预决算", "涉密事项", fields={
        "attribute": "不予公开", "legal_ground": "《中华人民共和国政府信息公开条例》第十四条"})
    items = catalogs.load_items(ws, c04.id)
    catalogs.mark_not_applicable(ws, items[0].id, "本单位无此职能")
    catalogs.edit_item(ws, first.id, {"remarks": "改过一次"})
    return [c04.id, c08]


def enrol_and_confirm(unit_ws: Workspace, office_ws: Workspace) -> keys.RegisteredKey:
    result = keys.import_enrolment(office_ws, keys.export_enrolment(unit_ws, {"name": "张三"}))
    return keys.confirm_key(office_ws, result.key.unit_code, keys.own_key_info(unit_ws).digits)


def export_bytes(ws: Workspace, tmp: Path, **kw) -> bytes:
    return export_submission(ws, out_path=tmp, **kw).path.read_bytes()


def entries_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def make_zip(entries: list[tuple[str, bytes]], compress: bool = True) -> bytes:
    """An archive with exactly these entries (names as given, duplicates allowed), each compressed as
    the writer does (``compress=False``: all stored)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if compress and not stored(name) else zipfile.ZIP_STORED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            zf.writestr(info, data)
    return buf.getvalue()


def replace_entry(data: bytes, name: str, content: bytes | None) -> bytes:
    """The same archive with one entry's bytes replaced (or removed when ``content`` is None)."""
    out = [(n, content if n == name else d) for n, d in entries_of(data) if n != name or content is not None]
    return make_zip(out)


def signed(kind: str, unit: dict[str, str], payload: dict[str, bytes], signer, extra=None, sequence=1) -> bytes:
    """A validly signed package with arbitrary payload bytes (to test checks after the signature)."""
    return build_package(kind, unit, payload, extra or {}, signer, sequence=sequence, check=False).data


__all__ = ["MIMETYPE", "enrol_and_confirm", "entries_of", "export_bytes", "fill_catalogs", "make_zip",
           "replace_entry", "signed"]
