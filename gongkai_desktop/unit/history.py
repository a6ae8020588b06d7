"""An item's history: every change of its change log, numbered, and restoring an earlier value.

The change log has a row per changed field of every edit, import, template upgrade, undo and
redo, with the operation that made it (`ChangeLog.origin`). `history` numbers an item's rows from
1, oldest first, as `gongkai catalog history AREA 序号` prints them; `restore` puts back the value a
field had before change N, as one undoable edit (the same rules as typing it: `catalogs._edit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from .. import vocab
from ..changes import Changes
from ..errors import DomainError, NotFound
from ..itemrules import TEMPLATE_TEXT_FIELDS, WORDING_FIELDS, applicability_from_template, normalise
from ..models import Catalog, ChangeLog, Template, TemplateItem
from ..records import ItemRecord
from ..revisions import show_value
from ..workspace import Workspace
from . import catalogs

ACTIONS: dict[str, str] = {
    "create": "新建", "update": "修改", "delete": "删除", "move": "移动", "undo": "撤销", "redo": "重做",
    "undo_create": "撤销（事项恢复）", "undo_delete": "撤销（事项移除）",
    "redo_create": "重做（事项恢复）", "redo_delete": "重做（事项移除）",
}
# Fields whose earlier value can be put back with an edit (not the position, the ids or the counters).
RESTORABLE: frozenset[str] = frozenset(vocab.EDITABLE_FIELDS) | {"five_disclosures"}


@dataclass(slots=True)
class HistoryEntry:
    """One row of an item's history; ``number`` is what `restore` takes."""

    number: int
    at: datetime
    action: str
    field: str | None
    old: Any
    new: Any
    catalog_version: int
    origin: str

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def field_label(self) -> str:
        if self.field == "position":
            return "位置"
        return vocab.FIELD_LABELS.get(self.field or "", self.field or "")

    @property
    def restorable(self) -> bool:
        return self.field in RESTORABLE

    def value_text(self, value: Any) -> str:
        if self.field == "position" and isinstance(value, int):
            return f"第 {value + 1} 项"
        return show_value(self.field or "", value)

    @property
    def change_text(self) -> str:
        """“20个工作日内 → 实时”, or what a whole-item row did."""
        if self.field is None:
            return self.action_label + "事项"
        return f"{self.value_text(self.old)} → {self.value_text(self.new)}"

    @property
    def origin_text(self) -> str:
        return self.origin or {"create": "开始编制或新增", "update": "修改"}.get(self.action, "（未记录）")


def item_at(ws: Workspace, area_code: str, row: int) -> ItemRecord:
    """The item a person means by its row number (序号, 1-based, as `gongkai catalog list` and exports show)."""
    info = catalogs.find_catalog(ws, area_code)
    if info is None:
        raise DomainError("catalog_not_started", "本单位尚未开始编制该领域的目录。")
    items = catalogs.load_items(ws, info.id)
    if not 1 <= row <= len(items):
        raise NotFound("item_not_found", f"“{info.area_name}”目录共 {len(items)} 项，没有第 {row} 项。")
    return items[row - 1]


def history(ws: Workspace, item_id: str) -> list[HistoryEntry]:
    """The item's change log, oldest first, numbered from 1."""
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        rows = s.execute(select(ChangeLog.at, ChangeLog.action, ChangeLog.field, ChangeLog.old, ChangeLog.new,
                                ChangeLog.catalog_version, ChangeLog.origin)
                         .where(ChangeLog.item_id == item_id).order_by(ChangeLog.id)).all()
    return [HistoryEntry(n, at, action, field, old, new, version, origin or "")
            for n, (at, action, field, old, new, version, origin) in enumerate(rows, 1)]


def restore(ws: Workspace, item_id: str, number: int) -> Changes:
    """Put back the value the field of change ``number`` had before it: one undoable edit.

    Restoring a template item's wording to the template's text makes it 采用 again (as typing the
    template's text would not, since an edit never sets 适用情况 by itself, so it is decided here).
    """
    entries = history(ws, item_id)
    entry = next((e for e in entries if e.number == number), None)
    if entry is None:
        raise NotFound("change_not_found", f"该事项的修改记录共 {len(entries)} 条，没有第 {number} 条。"
                                           "请用 `gongkai catalog history` 查看编号。")
    field = entry.field
    if not entry.restorable or field is None:
        what = "移动位置" if entry.field == "position" else entry.action_label + "事项"
        raise DomainError("change_not_restorable", f"第 {number} 条记录是“{what}”，没有可恢复的内容值。"
                                                   "位置请用上移、下移调整；整个事项的增删请用撤销。")
    value = normalise(field, entry.old if entry.old is not None else ("" if field in vocab.TEXT_FIELDS else []))
    with ws.operation(f"恢复{entry.field_label}") as op:
        row = catalogs._item_row(op, item_id)
        clean = {field: value}
        if field in WORDING_FIELDS and row["template_code"] and row["applicability"] != "not_applicable":
            template = _template_text(op.session, row)
            if template is not None:
                clean["applicability"] = applicability_from_template({**row, **clean}, template)
        catalogs._edit(op, row, clean)
    return op.changes


def _template_text(s: Any, row: dict[str, Any]) -> dict[str, Any] | None:
    """The wording of the item's template item, in the template version its catalog follows."""
    cat = s.get(Catalog, row["catalog_id"])
    t = s.scalar(select(TemplateItem).join(Template, Template.id == TemplateItem.template_id).where(
        Template.area_code == cat.area_code, Template.version == cat.template_version,
        TemplateItem.code == row["template_code"]))
    return None if t is None else {f: getattr(t, f) for f in TEMPLATE_TEXT_FIELDS}
