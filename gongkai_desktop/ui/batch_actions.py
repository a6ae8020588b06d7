"""Editing many items at once: 批量修改 (Ctrl+B), 向下填充 (Ctrl+D), 查找替换 (Ctrl+H).

Rows are selected with Shift/Ctrl+click or Ctrl+A (every row the filter shows); a bar above the
table says how many are selected and offers the three actions. Each action is one core operation
(`catalogs.set_fields`, `catalogs.replace_text`), so one 撤销 takes the whole of it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QSizePolicy

from .. import vocab
from ..errors import DomainError
from ..records import ItemRecord
from ..unit import catalogs
from .batch_edit import BatchEditDialog
from .item_table import COLUMNS
from .replace_dialog import ReplaceDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

FILLABLE = ("level1", "content", "basis", "time_limit", "publisher", "channels", "audience", "mode", "levels",
            "attribute", "remarks", "five_disclosures")
GOES_WITH = {"channels": ("channel_other",), "attribute": ("legal_ground",)}  # filled down together


def selected_items(window: MainWindow) -> list[ItemRecord]:
    """The selected rows' items in the order the table shows them."""
    model = window.table.item_model()
    rows = sorted({i.row() for i in window.table.selectionModel().selectedRows()})
    return [item for item in (model.item_at(r) for r in rows) if item is not None]


def install(window: MainWindow) -> None:
    window._action("batch_edit", "批量修改所选事项…", lambda: batch_edit(window), "Ctrl+B", menu="编辑")
    window._action("fill_down", "向下填充", lambda: fill_down(window), "Ctrl+D", menu="编辑")
    window._action("replace", "查找替换…", lambda: replace(window), "Ctrl+H", menu="编辑")
    bar = QFrame()
    bar.setObjectName("selection_bar")
    bar.setStyleSheet("QFrame#selection_bar { background: #eef4fb; border: 1px solid #b8cce4; border-radius: 4px; }")
    row = QHBoxLayout(bar)
    row.setContentsMargins(8, 2, 8, 2)
    window.selection_label = QLabel()
    window.selection_label.setToolTip("批量修改：一次设置所选事项的公开层级、对象、方式、渠道、主体、时限；"
                                      "向下填充：把第一个所选事项的当前列复制到其余所选事项")
    window.selection_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the centre
    row.addWidget(window.selection_label, 1)
    for key, text in (("batch_edit", "批量修改…"), ("fill_down", "向下填充"), ("replace", "查找替换…")):
        button = QPushButton(text)
        button.setToolTip(window.actions_[key].text() + f"（{window.actions_[key].shortcut().toString()}）")
        button.clicked.connect(window.actions_[key].trigger)
        row.addWidget(button)
    centre = window.table.parentWidget().layout()
    centre.insertWidget(centre.indexOf(window.table), bar)
    window.selection_bar = bar
    window.table.selectionModel().selectionChanged.connect(lambda *_: refresh(window))
    window.doc.catalog_loaded.connect(lambda _code: refresh(window))
    window.undo.changed.connect(lambda _changes: refresh(window))
    refresh(window)


def refresh(window: MainWindow) -> None:
    count = len(window.table.selectionModel().selectedRows())
    editable = window.doc.editable
    window.selection_bar.setVisible(editable and count > 1)
    window.selection_label.setText(f"已选择 {count} 项")
    window.actions_["batch_edit"].setEnabled(editable and count > 0)
    window.actions_["fill_down"].setEnabled(editable and count > 1)
    window.actions_["replace"].setEnabled(editable)


def batch_edit(window: MainWindow, changes: dict[str, Any] | None = None) -> bool:
    """Ask for the values (unless ``changes`` is given) and set them on every selected item."""
    items = selected_items(window)
    if window.doc.catalog is None or not items:
        return False
    window.form.flush()
    if changes is None:
        dialog = BatchEditDialog(len(items), window.doc.items, window)
        if dialog.exec() != BatchEditDialog.DialogCode.Accepted:
            return False
        changes = dialog.changes()
    if not changes:
        window.show_error(DomainError("nothing_chosen", "没有勾选要修改的要素，未作任何修改。"))
        return False
    ids = [i.id for i in items]
    done = window.run(lambda: catalogs.set_fields(window.ws, ids, changes))
    if done is not None:
        changed = len(done.old)
        window.statusBar().showMessage(f"已批量修改 {changed} 个事项（所选 {len(ids)} 项）。可用 Ctrl+Z 一次撤销。", 8000)
    return done is not None


def _fill_field(window: MainWindow) -> str | None:
    """The element of the table's current column, or (序号, 标记) the one the user picks."""
    column = window.table.currentIndex().column()
    field = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
    if field in FILLABLE:
        return field
    labels = [vocab.FIELD_LABELS[f] for f in FILLABLE]
    label, ok = QInputDialog.getItem(window, "向下填充", "把第一个所选事项的哪个要素复制到其余所选事项：", labels, 0, False)
    return FILLABLE[labels.index(label)] if ok else None


def fill_down(window: MainWindow, field: str | None = None) -> bool:
    """Copy ``field`` of the first selected row to the other selected rows: one undo entry."""
    items = selected_items(window)
    if window.doc.catalog is None:
        return False
    if len(items) < 2:
        window.show_error(DomainError("select_more", "请先选择至少两个事项（按住 Shift 或 Ctrl 单击），"
                                                     "第一个事项的要素将复制到其余事项。"))
        return False
    window.form.flush()
    field = field or _fill_field(window)
    if field is None:
        return False
    first = items[0]
    changes = {f: getattr(first, f) for f in (field, *GOES_WITH.get(field, ()))}
    others = [i.id for i in items[1:]]
    label = vocab.FIELD_LABELS[field]
    done = window.run(lambda: catalogs.set_fields(window.ws, others, changes,
                                                  name=f"向下填充{label}（{len(others)} 项）"))
    if done is not None:
        window.statusBar().showMessage(f"已把第 {first.position + 1} 项的{label}填充到其余 {len(others)} 项。", 8000)
    return done is not None


def replace(window: MainWindow) -> bool:
    cat = window.doc.catalog
    if cat is None or not window.doc.editable:
        return False
    window.form.flush()
    dialog = ReplaceDialog(window.doc.items, selected_items(window), window)
    if dialog.exec() != ReplaceDialog.DialogCode.Accepted:
        return False
    return run_replace(window, dialog)


def run_replace(window: MainWindow, dialog: ReplaceDialog) -> bool:
    find, repl, fields = dialog.find.text(), dialog.replace.text(), list(dialog.fields())
    ids = [i.id for i in dialog.items()] if dialog.scope.currentData() == "selection" else None
    catalog_id = window.doc.catalog.id
    done = window.run(lambda: catalogs.replace_text(window.ws, catalog_id, find, repl, fields, ids))
    if done is None:
        return False
    if not done.items:
        QMessageBox.information(window, "查找替换", f"没有找到“{find}”，未作任何修改。")
    else:
        window.statusBar().showMessage(f"已在 {len(done.items)} 个事项中把“{find}”替换为“{repl}”。可用 Ctrl+Z 撤销。", 8000)
    return True
