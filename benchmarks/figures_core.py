"""The figures that need no window: packages, the review office's import and aggregation, documents.

Each ``case_NAME(workload, tmp)`` returns a `Case`; the timed part calls exactly the core function
the window (or `gongkai`) calls, on a fresh copy of the workload's workspace.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from .one import Case
from .workload import Workload, copy_workspace


def _open(src: Path, dest: Path) -> Any:
    from gongkai_desktop.workspace import Workspace

    return Workspace.open(copy_workspace(src, dest))


def case_export_package(wl: Workload, tmp: Path) -> Case:
    """The big-area unit exports all its catalogs as one signed package (what 报送 does)."""
    from gongkai_desktop.unit.submit import export_submission

    ws = _open(wl.path("unit"), tmp / "unit")
    out = tmp / "out"
    out.mkdir()
    info: dict[str, Any] = {"unit": wl.info["big_unit"], "catalogs": wl.info["unit_catalogs"], "items": wl.info["unit_items"]}

    def after(result: Any) -> None:
        assert result.item_count == wl.info["unit_items"], result
        result.path.unlink()

    return Case(lambda: export_submission(ws, out_path=out), after=after, info=info)


def case_import_county(wl: Workload, tmp: Path) -> Case:
    """Dry run (verify every package: structure, signature, trust, sequence) + import, on a fresh office."""
    from gongkai_desktop.office import importing

    counter = itertools.count()
    state: dict[str, Any] = {}
    packages = wl.path("packages")

    def before() -> None:
        if "ws" in state:
            state["ws"].close()
        state["ws"] = _open(wl.path("office-keys"), tmp / f"office-{next(counter)}")

    def run() -> Any:
        ws = state["ws"]
        verdicts = importing.dry_run(ws, [packages])
        return importing.import_verdicts(ws, verdicts)

    def after(summary: Any) -> None:
        assert len(summary.imported) == wl.info["packages"] and not summary.skipped, summary.line()
        assert len(summary.submissions) == wl.info["submissions"], summary.line()

    return Case(run, before, after, {"packages": wl.info["packages"], "items": wl.info["submitted_items"]})


def case_aggregate_county(wl: Workload, tmp: Path) -> Case:
    """The county catalog of every area (merged township rows, flags, negative list) and the counts."""
    from gongkai_desktop.office.aggregate import aggregate_county
    from gongkai_desktop.reference import list_areas

    ws = _open(wl.path("office-approved"), tmp / "office")
    codes = [a.code for a in list_areas(ws)]

    def run() -> Any:
        return aggregate_county(ws)

    def after(result: Any) -> None:
        areas, summary = result
        assert summary.total.items == sum(a.counts.items for a in areas) > 0

    return Case(run, after=after, info={"areas": len(codes), "items": wl.info["submitted_items"]})


def case_export_county_xlsx(wl: Workload, tmp: Path) -> Case:
    """The county aggregate of every approved catalog to one .xlsx (one sheet per area)."""
    from gongkai_desktop.office.reports import export_aggregate

    ws = _open(wl.path("office-approved"), tmp / "office")
    info: dict[str, Any] = {}

    def after(result: Any) -> None:
        info["rows"], info["sheets"] = result.rows, result.sheets
        result.path.unlink()

    return Case(lambda: export_aggregate(ws, tmp / "county.xlsx"), after=after, info=info)


def case_export_docx(wl: Workload, tmp: Path) -> Case:
    """One area of ``docx_rows`` items to Word in the official layout (what 导出 Word does)."""
    from gongkai_desktop.unit.exports import export_catalogs

    ws = _open(wl.path("docx"), tmp / "docx")
    area = wl.info["docx_area"]

    def after(result: Any) -> None:
        assert result.rows == wl.info["docx_rows"], result
        result.path.unlink()

    return Case(lambda: export_catalogs(ws, "docx", [area], tmp / "area.docx"), after=after,
                info={"rows": wl.info["docx_rows"]})


def case_province_aggregate(wl: Workload, tmp: Path) -> Case:
    """`county_summary` over the province database (streamed; opened in place, it only reads)."""
    from gongkai_desktop.office.aggregate import county_summary
    from gongkai_desktop.workspace import Workspace

    ws = Workspace.open(wl.path("province"))

    def after(summary: Any) -> None:
        assert summary.total.items > 0.5 * wl.info["province_items"], summary.total.items

    return Case(lambda: county_summary(ws), after=after,
                info={"items": wl.info["province_items"], "counties": wl.info["province_counties"],
                      "submissions": wl.info["province_submissions"]})


def case_aggregate_prefecture(wl: Workload, tmp: Path) -> Case:
    """The prefecture's aggregate across its counties (opened in place: it only reads)."""
    from gongkai_desktop.office.prefecture import aggregate_prefecture
    from gongkai_desktop.workspace import Workspace

    ws = Workspace.open(wl.path("prefecture"))

    def after(summary: Any) -> None:
        assert len(summary.by_county) == wl.info["prefecture_counties"], summary.counties
        assert summary.total.items == wl.info["prefecture_items"], summary.total.items

    return Case(lambda: aggregate_prefecture(ws), after=after,
                info={"counties": wl.info["prefecture_counties"], "items": wl.info["prefecture_items"],
                      "county_rows": wl.info["county_rows"]})
