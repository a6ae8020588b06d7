"""The catalog's life (issue 17): comparing two versions of the big area, and its 修订对照表.

The big-area unit hands its catalogs in (the version is kept), then makes 200 changes of every kind
— edits, moves, own items added and deleted — untimed. The timed parts are what `gongkai catalog
diff` and the window's version view call: reading both versions from the store and diffing them
(added, removed, moved, changed field by field, with each change's origin from the change log), and
writing the 修订对照表 of those changes as Word and as Excel.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from .one import Case
from .workload import Workload, copy_workspace

CHANGES = 200


def _revised(wl: Workload, tmp: Path) -> tuple[Any, str]:
    """The big-area unit's workspace with version 1 handed in and 200 changes since."""
    from gongkai_desktop.unit import catalogs
    from gongkai_desktop.unit.submit import export_submission
    from gongkai_desktop.workspace import Workspace

    ws = Workspace.open(copy_workspace(wl.path("unit"), tmp / "unit"))
    area = wl.info["big_area"]
    export_submission(ws, [area], tmp / "v1.gkpkg")
    cid = catalogs.find_catalog(ws, area).id
    catalogs.start_revision(ws, cid)  # 开始修订: version 2's draft
    items = catalogs.load_items(ws, cid)
    rng = random.Random(17)
    picked = rng.sample(items, CHANGES)
    for n, item in enumerate(picked[:150]):
        field = ("time_limit", "remarks", "basis")[n % 3]
        catalogs.edit_item(ws, item.id, {field: f"{getattr(item, field)}（2021年调整第{n}处）"})
    for item in picked[150:170]:
        catalogs.move_item(ws, item.id, rng.randrange(len(items)))
    for n in range(15):
        catalogs.add_item(ws, cid, "power_list", items[n * len(items) // 15].level1, f"2021年新增事项{n}",
                          fields={"content": "新增的公开内容", "time_limit": "20个工作日内"})
    for item in picked[170:185]:
        if item.template_code:
            catalogs.mark_not_applicable(ws, item.id, "2021年起本单位不再承担")
        else:
            catalogs.delete_item(ws, item.id)
    return ws, area


def case_diff_versions(wl: Workload, tmp: Path) -> Case:
    """Two versions of the 1,500-item area read from the store and compared (`catalog diff AREA 1 草稿`)."""
    from gongkai_desktop.unit.revision import compare_versions

    ws, area = _revised(wl, tmp)
    info: dict[str, Any] = {"items": wl.info["sizes"]["big_area"]}

    def after(comparison: Any) -> None:
        info["changes"] = len(comparison.diff.changes)
        assert info["changes"] >= CHANGES - 20, comparison.diff.summary()

    return Case(lambda: compare_versions(ws, area, "1", "草稿"), after=after, info=info)


def _table(wl: Workload, tmp: Path, suffix: str) -> Case:
    from gongkai_desktop.unit.revision import compare_versions, export_revision_table

    ws, area = _revised(wl, tmp)
    comparison = compare_versions(ws, area, "1", "草稿")
    info: dict[str, Any] = {"changes": len(comparison.diff.changes)}

    def after(path: Path) -> None:
        assert path.stat().st_size > 10000
        path.unlink()

    return Case(lambda: export_revision_table(comparison, tmp / f"对照表{suffix}"), after=after, info=info)


def case_revision_docx(wl: Workload, tmp: Path) -> Case:
    """The 修订对照表 of those ~200 changes as Word (landscape, header repeated, page numbers)."""
    return _table(wl, tmp, ".docx")


def case_revision_xlsx(wl: Workload, tmp: Path) -> Case:
    """The same table as Excel."""
    return _table(wl, tmp, ".xlsx")
