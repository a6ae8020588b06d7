"""A 1,500-item area built the way counties' catalogs are: the national templates' own texts, short and
long level-1 groups (a 行政处罚 group of a few hundred 权责清单 items), and the PDF of a document read back
page by page (text and the printed size of every piece of text)."""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from gongkai_desktop import reference
from gongkai_desktop.documents.layout import SheetData
from gongkai_desktop.records import ItemRecord
from gongkai_desktop.workspace import Workspace

HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
NO_SOFFICE = "LibreOffice (soffice) is not installed: the printed documents cannot be checked"


def big_area_items(ws: Workspace, n: int = 1500) -> list[ItemRecord]:
    """``n`` items: every template item of every area (their real texts), then long 权责清单 groups."""
    items: list[ItemRecord] = []
    for area in reference.list_areas(ws):
        for t in reference.template_items(ws, area.code):
            items.append(ItemRecord(
                id=f"t{len(items)}", catalog_id=1, position=len(items), template_code=t.code, level1=t.level1,
                level2=t.level2, content=t.content, basis=t.basis, time_limit=t.time_limit,
                publisher=t.publisher or "江山市综合行政执法局", channels=t.channels_required or ["政府网站"],
                channel_other=t.channel_other, audience=t.audience or ["全社会"], mode=t.mode or "主动",
                levels=t.levels or ["县级"]))
            if len(items) >= n * 2 // 3:
                break
        if len(items) >= n * 2 // 3:
            break
    group, k = 0, 0
    while len(items) < n:
        level1 = ("行政处罚", "行政许可", "行政检查", "行政强制")[group % 4]
        size = (260, 90, 40, 120)[group % 4]
        for _ in range(min(size, n - len(items))):
            k += 1
            items.append(ItemRecord(
                id=f"p{k}", catalog_id=1, position=len(items), source="power_list", level1=level1,
                level2=f"对违反《浙江省城市市容和环境卫生管理条例》第{k}条规定行为的{level1}",
                content="执法主体、执法依据、违法事实、处罚种类和幅度、处罚决定书文号、作出决定日期",
                basis=f"《中华人民共和国行政处罚法》第{k % 80 + 1}条；《浙江省城市市容和环境卫生管理条例》",
                time_limit="作出决定之日起7个工作日内", publisher="江山市综合行政执法局",
                channels=["政府网站", "政务服务中心"], audience=["全社会"], mode="主动", levels=["县级"]))
        group += 1
    return items


def big_sheet(ws: Workspace, n: int = 1500, unit_name: str = "江山市综合行政执法局") -> SheetData:
    return SheetData(f"{unit_name}城乡规划领域基层政务公开标准目录", "城乡规划", unit_name, big_area_items(ws, n), "11")


@dataclass
class Piece:
    text: str
    size: float  # the printed size in points (font size × the text and page matrices)
    x: float
    y: float


@dataclass
class PdfPage:
    pieces: list[Piece] = field(default_factory=list)
    number: int = 0  # 0-based, in the PDF

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def lines(self) -> list[str]:
        """The page's text line by line (pieces on one baseline, left to right)."""
        rows: dict[int, list[Piece]] = {}
        for p in self.pieces:
            if p.text.strip():
                rows.setdefault(round(p.y), []).append(p)
        return ["".join(p.text for p in sorted(ps, key=lambda p: p.x)) for _y, ps in sorted(rows.items(), reverse=True)]


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def sample_pages(count: int) -> list[int]:
    """Runs of consecutive pages at the start, middle and end (reading every page of a 500-page PDF
    with pypdf takes minutes)."""
    wanted = {*range(min(count, 6)), *range(max(0, count // 2 - 2), min(count, count // 2 + 2)),
              *range(max(0, count - 3), count)}
    return sorted(wanted)


def read_pdf(path: Path, only: list[int] | None = None) -> list[PdfPage]:
    """The pages' pieces of text with their printed sizes (pypdf's text visitor); ``only``: these pages."""
    from pypdf import PdfReader

    pages = []
    all_pages = PdfReader(str(path)).pages
    for n in (only if only is not None else range(len(all_pages))):
        page = all_pages[n]
        out = PdfPage(number=n)

        def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float, out: PdfPage = out) -> None:
            if not text.strip():
                return
            a, b, c, d = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                          tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
            scale = math.sqrt(abs(a * d - b * c))
            x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.pieces.append(Piece(text, size * scale, x, y))

        page.extract_text(visitor_text=visit)
        pages.append(out)
    return pages
