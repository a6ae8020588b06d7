"""Writing the site: every file into a fresh folder beside the target, then renamed into place.

A failure or a cancel at any point leaves the target as it was (no half site): the new site is
built in a temporary folder in the same parent directory, and only a complete one replaces the
target by two renames. A target folder is only replaced when it is empty or holds a site this
program published (its `MARKER` file), so pointing `-o` at a folder with other files is refused.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ...errors import DomainError
from ...records import ItemRecord
from ..layout import Cancelled, Column, Progress
from . import opendata, pages
from .data import SiteCatalog
from .table import column_css, site_columns, site_options, split_pages
from .xlsx_job import XlsxJob, XlsxWorker

MARKER = "publish.json"
CANCELLED = "已取消发布，网站文件夹保持原样。"
ASSETS = ("site.css", "site.js")


@dataclass(slots=True)
class SiteResult:
    """What was published: the folder, its index page and the counts."""

    path: Path
    areas: int
    items: int
    negative: int
    pages: int

    @property
    def index(self) -> Path:
        return self.path / "index.html"

    def message(self) -> str:
        return (f"已发布 {self.areas} 个领域、{self.items} 个事项（负面清单 {self.negative} 项，共 {self.pages} 个网页）"
                f"到 {self.path}，首页为 index.html。")


class _Steps:
    """Progress over the whole job and the cancel check between steps."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.progress, self.cancelled = progress, cancelled

    def check(self) -> None:
        if self.cancelled and self.cancelled():
            raise DomainError("cancelled", CANCELLED)

    def report(self, fraction: float, message: str) -> None:
        self.check()
        if self.progress:
            self.progress(fraction, message)

    def scaled(self, start: float, span: float) -> Progress:
        return lambda f, m: self.report(start + span * f, m)


def write_site(catalog: SiteCatalog, out_dir: str | Path, progress: Progress | None = None,
               cancelled: Cancelled | None = None, worker: XlsxWorker | None = None) -> SiteResult:
    """Publish ``catalog`` as a static site in ``out_dir`` (replacing an earlier site there).

    ``worker`` (`XlsxWorker.launch()`, started before the rows were read) writes the .xlsx download
    in a second process; without it the download is written here. The worker is ended either way."""
    try:
        return _write_site(catalog, Path(out_dir).absolute(), progress, cancelled, worker)
    finally:
        if worker is not None:
            worker.stop()


def _write_site(catalog: SiteCatalog, target: Path, progress: Progress | None, cancelled: Cancelled | None,
                worker: XlsxWorker | None) -> SiteResult:
    if not catalog.shown_areas:
        raise DomainError("nothing_to_publish", "没有可以发布的事项。")
    check_target(target)
    steps = _Steps(progress, cancelled)
    tmp = _temp_dir(target)
    try:
        result = _build(catalog, tmp, steps, worker)
        steps.check()
        _replace(tmp, target)
    except DomainError as exc:
        if exc.code == "cancelled":  # the Excel writer's own word for it speaks of a file, this is a site
            raise DomainError("cancelled", CANCELLED) from exc
        raise
    except PermissionError as exc:
        raise DomainError("write_failed", f"无法写入网站文件夹 {target}：{exc.strerror or exc}。如果该文件夹或其中的文件"
                          "正在被其他程序（资源管理器、浏览器、WPS）使用，请关闭后重试；原有网站保持不变。") from exc
    except OSError as exc:
        raise DomainError("write_failed", f"无法写入网站文件夹 {target}：{exc.strerror or exc}。原有网站保持不变。") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if progress:
        progress(1.0, "发布完成")
    result.path = target
    return result


def check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise DomainError("target_not_folder", f"{target} 是一个文件，不是文件夹。请指定用来存放网站的文件夹。")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise DomainError("target_not_empty", f"文件夹 {target} 里已有其他文件，不是本软件发布的网站。"
                          "为免覆盖这些文件，请指定一个空文件夹或新文件夹。")


def _temp_dir(target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise DomainError("write_failed", f"无法在 {target.parent} 中创建网站文件夹：{exc.strerror or exc}。") from exc


def _replace(new: Path, target: Path) -> None:
    """``new`` becomes ``target``; an earlier site there is moved aside first and removed after."""
    os.chmod(new, 0o777 & ~_umask())
    if not target.exists():
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=".old", dir=target.parent))
    os.rmdir(old)
    os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _build(catalog: SiteCatalog, root: Path, steps: _Steps, worker: XlsxWorker | None) -> SiteResult:
    areas = catalog.shown_areas
    units_text = {id(r.item): "、".join(r.units) for a in areas for r in a.rows}
    cols = site_columns(site_options(catalog.options, lambda i: units_text.get(id(i), "")))
    (root / "assets").mkdir()
    (root / "downloads").mkdir()
    steps.report(0.0, "正在写入 Excel 下载文件")
    xlsx = XlsxJob.start(catalog, root / "downloads" / opendata.XLSX_FILE, catalog.options, worker,
                         steps.scaled(0.0, 0.5), steps.cancelled)
    try:
        return _pages_and_data(catalog, root, cols, steps, xlsx)
    finally:
        xlsx.stop()


def _pages_and_data(catalog: SiteCatalog, root: Path, cols: list[Column], steps: _Steps, xlsx: XlsxJob) -> SiteResult:
    areas = catalog.shown_areas
    steps.report(0.5, "正在写入开放数据（CSV、JSON）")
    items = opendata.write_open_data(catalog, root / "downloads")
    count = 0
    starts = []
    for n, area in enumerate(areas):
        steps.report(0.6 + 0.3 * n / len(areas), f"正在生成“{area.name}”的网页")
        area_items: list[ItemRecord] = [r.item for r in area.rows]
        ranges = split_pages(area_items)
        starts.append([first + 1 for first, _end in ranges])
        for page in range(1, len(ranges) + 1):
            _write(root / pages.area_file(area.code, page), pages.area_page(catalog, area, area_items, page, ranges, cols))
            count += 1
    steps.report(0.9, "正在生成负面清单和搜索索引")
    _write(root / "negative-list.html", pages.negative_page(catalog))
    (root / "assets" / "search-index.js").write_bytes(opendata.search_index_js(catalog, starts))
    _copy_assets(root / "assets", column_css(cols))
    steps.report(0.95, "正在完成 Excel 下载文件")
    xlsx.wait(steps.cancelled)
    sizes = {p.name: p.stat().st_size for p in (root / "downloads").iterdir()}
    _write(root / "index.html", pages.index_page(catalog, sizes))
    _write(root / "open-data.html", pages.schema_page(catalog, sizes))
    negative = sum(len(a.negative) for a in areas)
    (root / MARKER).write_text(json.dumps({"generator": catalog.generator, "title": catalog.title,
                                           "published": catalog.published.isoformat(), "areas": len(areas),
                                           "items": items, "negative": negative}, ensure_ascii=False, indent=1),
                               encoding="utf-8")
    return SiteResult(root, len(areas), items, negative, count + 3)


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "replace"))


def _copy_assets(folder: Path, extra_css: str) -> None:
    """The shipped stylesheet and script; the stylesheet gets the column labels of the phone layout."""
    shipped = resources.files(__package__) / "assets"
    for name in ASSETS:
        data = (shipped / name).read_bytes()
        if name == "site.css":
            data += b"\n/* column labels of the phone layout, from the table's columns */\n" + extra_css.encode("utf-8")
        (folder / name).write_bytes(data)
