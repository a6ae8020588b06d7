"""The administrative hierarchy (province → prefecture → county → units), as shipped data.

A county's review office reports to its prefecture, a prefecture to its province, with the same
package kinds a unit uses towards its county: to the level above, a county is what a unit is to the
county. `resources/hierarchy.json` lists the regions with their codes (the national administrative
division codes), their level, their parent and their review office; `submitters_registry` turns a
region's children into the unit registry a prefecture (or province) workspace reviews.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import DomainError
from .resources import RESOURCES

HIERARCHY_FILE = RESOURCES / "hierarchy.json"  # beside the registry, wherever the shipped data is installed
LEVELS: dict[str, str] = {"province": "省级", "prefecture": "市级", "county": "县级"}
CHILD_KIND = {"province": "prefecture", "prefecture": "county"}  # the Unit kind a region's children get


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: str
    parent: str | None
    office: str

    def identity(self) -> dict[str, str]:
        """How the region signs towards the level above: the sender of its packages."""
        return {"code": self.code, "name": self.name}


@lru_cache(maxsize=4)
def _load(path: Path = HIERARCHY_FILE) -> tuple[Region, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != "gongkai-hierarchy":
        raise DomainError("bad_hierarchy", f"行政区划文件 {path.name} 格式不对。")
    regions = tuple(Region(str(r["code"]), str(r["name"]), str(r["level"]), r.get("parent"), str(r.get("office", "")))
                    for r in data["regions"])
    codes = {r.code for r in regions}
    for r in regions:
        if r.level not in LEVELS or (r.parent is not None and r.parent not in codes):
            raise DomainError("bad_hierarchy", f"行政区划文件中 {r.name} 的层级或上级不对。")
    return regions


def regions() -> tuple[Region, ...]:
    return _load()


def get(code: str) -> Region:
    for r in regions():
        if r.code == code:
            return r
    raise DomainError("region_not_found", f"行政区划中没有编号为 {code} 的地区。")


def find(name_or_code: str, level: str | None = None) -> Region:
    """A region by its name (衢州市, or 衢州 without the suffix) or code, optionally of one level."""
    text = (name_or_code or "").strip()
    found = [r for r in regions() if (level is None or r.level == level)
             and (text in (r.code, r.name) or (len(text) >= 2 and r.name[:-1] == text))]
    if len(found) != 1:
        what = LEVELS.get(level or "", "")
        known = "、".join(r.name for r in regions() if level is None or r.level == level)
        raise DomainError("region_not_found", f"行政区划中没有{what}地区“{text[:20]}”。可选：{known}。")
    return found[0]


def parent(region: Region) -> Region | None:
    return get(region.parent) if region.parent else None


def children(region: Region) -> list[Region]:
    return [r for r in regions() if r.parent == region.code]


def county_region(county_name: str) -> Region:
    """The county a county review office belongs to (its registry's ``county``, e.g. 江山市)."""
    if not county_name:
        raise DomainError("no_county", "本审核端的单位名册没有写明所属县（市、区），无法向上级报送。")
    return find(county_name, "county")


def submitters_registry(region: Region, area_codes: list[str]) -> dict[str, Any]:
    """The unit registry of a prefecture (province): its counties (prefectures), each responsible for
    every area — in the same format as a county's, so the review code reads it unchanged."""
    kind = CHILD_KIND.get(region.level)
    if kind is None:
        raise DomainError("no_submitters", f"{region.name}是县级地区，没有下级审核端。")
    return {"format": "gongkai-unit-registry", "version": 1, "county": region.name,
            "review_office": region.identity(), "level": region.level,
            "units": [{"code": c.code, "name": c.name, "kind": kind, "aliases": [c.office] if c.office else [],
                       "areas": list(area_codes)} for c in children(region)]}
