"""Which level a review workspace works at, and who it is in the hierarchy.

A review office at county level reviews its units' submissions; one at prefecture (or province)
level reviews its counties' (prefectures') submissions with the same review code — its unit
registry holds its counties (`hierarchy.submitters_registry`), each responsible for every area, and
it imports packages of the kind ``county_submission`` instead of ``submission``. Both have the role
``review_office``; the level is the `settings.LEVEL` setting.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from . import hierarchy, settings
from .errors import DomainError
from .hierarchy import Region
from .workspace import ROLE_REVIEW, ROLE_UNIT, Workspace

SUBMISSION_KIND = {"county": "submission", "prefecture": "county_submission", "province": "county_submission"}
LEVEL_LABELS = {"county": "县级审核端（市府办政务公开办）", "prefecture": "市级审核", "province": "省级审核"}


def level(ws: Workspace) -> str:
    """county / prefecture / province (a unit's workspace: county)."""
    return ws.get(settings.LEVEL) if ws.role == ROLE_REVIEW else "county"


def whole_word(ws: Workspace) -> str:
    """How the window names the whole it aggregates: 全县 (a county office), 全市, 全省."""
    return {"county": "全县", "prefecture": "全市", "province": "全省"}[level(ws)]


def is_upper(ws: Workspace) -> bool:
    """A review office above the county: its submitters are review offices, not units."""
    return level(ws) != "county"


def submission_kind(ws: Workspace) -> str:
    """The package kind this review workspace receives from its submitters."""
    return SUBMISSION_KIND[level(ws)]


def own_region(ws: Workspace) -> Region:
    """The region this review workspace stands for: the prefecture's own code, or the county of
    the county office's registry (江山市)."""
    if is_upper(ws):
        return hierarchy.get(ws.get(settings.REGION))
    return hierarchy.county_region(ws.get(settings.COUNTY))


def choose_prefecture(ws: Workspace, name_or_code: str) -> Region:
    """Make this a prefecture's (or province's) review workspace; its registry is its counties.

    A workspace that already reviews (units, or another region's counties) is refused with the
    way out, as is a unit's: one workspace, one reviewer.
    """
    try:
        region = hierarchy.find(name_or_code)
    except DomainError as exc:  # name the choices a review office above the county can make, not every county
        if exc.code != "region_not_found":
            raise
        above = "、".join(r.name for r in hierarchy.regions() if r.level != "county")
        raise DomainError("region_not_found", f"行政区划中没有地区“{(name_or_code or '').strip()[:20]}”。"
                                              f"市级（省级）审核端可选：{above}。") from None
    if region.level == "county":
        raise DomainError("not_a_prefecture", f"{region.name}是县级地区：县级审核端请用 `gongkai init --review-office`。")
    if ws.role == ROLE_UNIT:
        raise DomainError("role_conflict", "此工作区已属于一个责任单位，不能改为市级审核端。请另选数据目录。")
    if ws.role == ROLE_REVIEW and (level(ws) == "county" or ws.get(settings.REGION) != region.code) and _has_reviews(ws):
        raise DomainError("role_conflict", f"此工作区已有审核记录，不能改为{region.name}的市级审核端。"
                                           f"请另建数据目录：gongkai --data-dir 新目录 init --prefecture {region.name}。")
    from .reference import list_areas

    registry = hierarchy.submitters_registry(region, [a.code for a in list_areas(ws)])
    ws.use_registry(registry, hierarchy.HIERARCHY_FILE)
    codes = {u["code"] for u in registry["units"]}
    _drop_other_units(ws, codes)
    ws.put(settings.ROLE, ROLE_REVIEW)
    ws.put(settings.LEVEL, region.level)
    ws.put(settings.REGION, region.code)
    return region


def _has_reviews(ws: Workspace) -> bool:
    from .models import Submission

    with ws.session(write=False) as s:
        return s.scalar(select(Submission.id).limit(1)) is not None


def _drop_other_units(ws: Workspace, keep: set[str]) -> None:
    """The county's shipped units are no submitters of a prefecture: its registry is its counties only."""
    from .models import Catalog, Unit

    with ws.session() as s:
        used = set(s.scalars(select(Catalog.unit_code)))
        s.execute(delete(Unit).where(Unit.code.not_in(keep | used)))
