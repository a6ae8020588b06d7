"""发布到网站: the review office publishes the approved county catalog as a static website.

The county's web team copies the folder into the 政府信息公开专栏 as it is. This module only maps
the county aggregate (`aggregate.aggregate_county`: approved catalogs, township rows merged) onto
the site writer's plain rows; `documents.site` writes the pages, the search index and the
downloads, into a temporary folder beside the target that is renamed into place when complete.
The reviewers' own hints (审核提示) stay in the office: the public site carries the catalog only.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from .. import __version__, settings
from ..documents.layout import ExportOptions
from ..documents.site import (
    PARALLEL_FROM_ROWS,
    SiteArea,
    SiteCatalog,
    SiteNegative,
    SiteResult,
    SiteRow,
    XlsxWorker,
    check_target,
    write_site,
)
from ..errors import DomainError
from ..models.review import Submission, SubmissionItem
from ..workspace import ROLE_REVIEW, Workspace
from . import aggregate

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]
AGGREGATE_SHARE = 0.25  # of the progress bar; the site writer reports the rest


def publish_county(ws: Workspace, out_dir: str | Path, progress: Progress | None = None,
                   cancelled: Cancelled | None = None, options: ExportOptions | None = None,
                   day: date | None = None) -> SiteResult:
    """Write the approved county catalog as a static website into ``out_dir`` (replacing an earlier one)."""
    if ws.role != ROLE_REVIEW:
        raise DomainError("role_conflict", "只有审核端（市府办政务公开办）可以把全县目录发布到网站。"
                          "这是单位的工作区：请在审核端的工作区中发布。")
    check_target(Path(out_dir).absolute())  # before the work: a folder that is not ours is refused at once
    with gc_paused():
        return _publish(ws, out_dir, progress, cancelled, options, day)


def _publish(ws: Workspace, out_dir: str | Path, progress: Progress | None, cancelled: Cancelled | None,
             options: ExportOptions | None, day: date | None) -> SiteResult:
    # a big county's Excel download is written by a second process, started now so that it boots
    # while the county is aggregated (documents/site/xlsx_job.py)
    worker = XlsxWorker.launch() if _approved_items(ws) >= PARALLEL_FROM_ROWS else None
    try:
        return _aggregate_and_write(ws, out_dir, progress, cancelled, options, day, worker)
    finally:
        if worker is not None:
            worker.stop()


def _approved_items(ws: Workspace) -> int:
    """About how many rows the site will have (every item of the approved submissions)."""
    with ws.session() as s:
        return int(s.scalar(select(func.count()).select_from(SubmissionItem)
                            .join(Submission, Submission.id == SubmissionItem.submission_id)
                            .where(Submission.status == "approved")) or 0)


def _aggregate_and_write(ws: Workspace, out_dir: str | Path, progress: Progress | None, cancelled: Cancelled | None,
                         options: ExportOptions | None, day: date | None, worker: XlsxWorker | None) -> SiteResult:
    report = progress or (lambda f, m: None)
    report(0.0, "正在汇总审核通过的目录")
    areas, _summary = aggregate.aggregate_county(ws, lambda f, m: report(AGGREGATE_SHARE * f, m or "汇总完成"))
    if cancelled and cancelled():
        raise DomainError("cancelled", "已取消发布，网站文件夹保持原样。")
    catalog = site_catalog(ws, areas, options, day)
    if not catalog.shown_areas:
        raise DomainError("nothing_to_publish", "还没有审核通过的目录可以发布。请先审核并通过各单位的报送，再发布到网站。")
    rest = (lambda f, m: report(AGGREGATE_SHARE + (1 - AGGREGATE_SHARE) * f, m)) if progress else None
    return write_site(catalog, out_dir, rest, cancelled, worker)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the county is read and written.

    Publishing makes millions of small objects that all stay alive until the end (items, rows,
    texts) and form no cycles, so every collection the allocations trigger scans them all and
    frees nothing: ~40 % of the aggregation's time. Reference counting still frees as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def site_catalog(ws: Workspace, areas: list[aggregate.AreaAggregate], options: ExportOptions | None = None,
                 day: date | None = None) -> SiteCatalog:
    """The aggregate as the site's plain rows (the review hints left out)."""
    county = ws.get(settings.COUNTY)
    office = ws.get(settings.REVIEW_OFFICE).get("name") or "市府办政务公开办"
    site_areas = [SiteArea(a.area_code, a.area_name, [SiteRow(r.item, r.units, r.scope) for r in a.rows],
                           [SiteNegative(e.unit_name, e.item) for e in a.negative], list(a.units)) for a in areas]
    return SiteCatalog(county, f"{county}{office}" if county and not office.startswith(county) else office,
                       site_areas, day or date.today(), options or ExportOptions(channels="chosen_only"),
                       f"gongkai-desktop {__version__}")
