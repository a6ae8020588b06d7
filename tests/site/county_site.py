"""A county office with approved catalogs in two areas, built the way counties build them (no tests here).

Three units compile (市公安局 in both its areas, two townships in 户籍管理), one township writes a
different time limit (a review hint the public must not see) and adds a 不予公开 item and an item
whose every text is hostile; each unit exports its signed package, the office imports and approves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gongkai_desktop import keys
from gongkai_desktop.identity import choose_review_office, choose_unit
from gongkai_desktop.office import decisions, importing, submissions
from gongkai_desktop.office.distribute import export_distribution
from gongkai_desktop.reference import find_unit
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.distribution import import_distribution
from gongkai_desktop.unit.submit import export_submission
from gongkai_desktop.workspace import Workspace
from tests.pkg_helpers import enrol_and_confirm

AREA = "04"
GROUND = "《中华人民共和国政府信息公开条例》第十四条"
SECRET_LEVEL2 = "涉密户籍事项"
HOSTILE_LEVEL2 = '<script>window.__pwned=1</script>"引号"\'单引号\'&amp;'
HOSTILE_CONTENT = ('<img src=x onerror="window.__pwned=2">\u202e倒序文字\u202c </tbody></table><b>粗</b> '
                   "\u2028行分隔\u2029 控制\x07字符 =HYPERLINK(\"http://x\") 末尾")
HOSTILE_BASIS = "=1+1"
HOSTILE_PUBLISHER = "@SUM(A1)"
ODD_TIME_LIMIT = "信息形成之日起5个工作日内"

Make = Callable[[str], Workspace]


def approved_county(make: Make, tmp: Path) -> tuple[Workspace, str]:
    """The office workspace and the second area's code (市公安局's other area)."""
    office = make("office")
    choose_review_office(office)
    digits = keys.ensure_own_key(office, keys.OFFICE_OWNER).digits  # as the plan's notice prints them
    dist = export_distribution(office, tmp / "dist.gkpkg")
    second = ""
    for name in ("市公安局", "双塔街道", "虎山街道"):
        ws = make(name)
        choose_unit(ws, name)
        import_distribution(ws, dist.path, office_fingerprint=digits)
        enrol_and_confirm(ws, office)
        areas = [AREA]
        if name == "市公安局":
            second = next(a for a in find_unit(ws, name).areas if a != AREA)
            areas.append(second)
        for area in areas:
            catalogs.start_catalog(ws, area)
        if name == "虎山街道":
            _odd_township(ws)
        path = export_submission(ws, areas, tmp / f"{name}.gkpkg").path
        importing.import_files(office, [path])
    for sub in submissions.list_submissions(office):
        decisions.decide(office, sub.id, "approved", "发布实施", "王审核", accept_problems=True)
    return office, second


def _odd_township(ws: Workspace) -> None:
    cat = catalogs.find_catalog(ws, AREA)
    items = catalogs.load_items(ws, cat.id)
    catalogs.edit_item(ws, items[0].id, {"time_limit": ODD_TIME_LIMIT})
    catalogs.add_item(ws, cat.id, "other", items[0].level1, SECRET_LEVEL2,
                      fields={"attribute": "不予公开", "legal_ground": GROUND, "content": "户籍档案中的涉密信息"})
    catalogs.add_item(ws, cat.id, "other", items[-1].level1, HOSTILE_LEVEL2,
                      fields={"content": HOSTILE_CONTENT, "basis": HOSTILE_BASIS, "publisher": HOSTILE_PUBLISHER,
                              "time_limit": "即时", "mode": "主动", "audience": ["全社会"], "levels": ["县级"],
                              "channels": ["政府网站"]})
