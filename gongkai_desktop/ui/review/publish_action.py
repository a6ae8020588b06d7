"""发布到网站: the review office writes the approved county catalog as a static website.

The reviewer chooses a folder; the site goes into a folder of its own inside it (named after the
county), or replaces the site when the chosen folder is an earlier one. The core's `publish_county`
runs as a job (progress, 取消) and builds the site beside the target before renaming it into place,
so a cancel leaves the earlier site as it was; at the end the window offers to open the index page
or the folder the web team copies.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ...documents.site import SiteResult
from ...documents.site.writer import MARKER
from ...office.publish import publish_county
from ...settings import COUNTY
from .. import jobs
from .common import ReviewContext

SITE_FOLDER = "政务公开事项标准目录网站"


def site_folder(chosen: Path, county: str) -> Path:
    """Where the site goes: the chosen folder when it already holds a published site, else a new folder in it."""
    return chosen if (chosen / MARKER).is_file() else chosen / f"{county}{SITE_FOLDER}"


class PublishAction:
    """The menu command and the 全县汇总 tab's button; ``parent`` owns the dialogs."""

    def __init__(self, ctx: ReviewContext, parent: QWidget) -> None:
        self.ctx = ctx
        self.parent = parent
        self.job: jobs.Job | None = None
        self.result: SiteResult | None = None

    def publish(self) -> None:
        chosen = self.ctx.chooser.folder(self.parent, "发布到网站：选择存放网站的文件夹")
        if chosen is None:
            return
        ws = self.ctx.ws
        target = site_folder(chosen, ws.get(COUNTY))
        self.job = jobs.run_job(self.parent, "正在发布到网站",
                                lambda progress, cancelled: publish_county(ws, target, progress, cancelled),
                                self._done, self.ctx.show_error, cancelling="正在取消，原有网站保持不变…")

    def _done(self, result: SiteResult) -> None:
        self.result = result
        self.ctx.chooser.offer_open(
            self.parent, result.index,
            f"已把审核通过的全县目录发布为网站：{result.areas} 个领域、{result.items} 个事项，负面清单 {result.negative} 项。\n"
            "请把整个文件夹交给网站管理人员，原样复制到政府信息公开专栏；“打开文件”在浏览器中预览首页。")
