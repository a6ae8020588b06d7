"""What the site is made from: the county's catalog per area as plain rows (no ORM, no roles)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ...records import ItemRecord
from ..layout import ExportOptions


@dataclass(slots=True)
class SiteRow:
    """One row of an area's table: the item as approved and the units that disclose it."""

    item: ItemRecord
    units: Sequence[str]
    scope: str = "county"  # county (a department's row) / township (merged across townships)


@dataclass(slots=True)
class SiteNegative:
    """One 不予公开 item of the negative list, with the unit that holds it."""

    unit_name: str
    item: ItemRecord


@dataclass(slots=True)
class SiteArea:
    """One pilot area of the county catalog."""

    code: str
    name: str
    rows: Sequence[SiteRow]
    negative: Sequence[SiteNegative] = ()
    units: Sequence[str] = ()
    _by_attribute: dict[str, int] | None = field(default=None, repr=False, compare=False)

    def by_attribute(self) -> dict[str, int]:
        """Rows per 公开属性, counted on the rows shown (a merged township row counts once)."""
        if self._by_attribute is None:
            self._by_attribute = dict(Counter(r.item.attribute for r in self.rows))
        return self._by_attribute

    def by_mode(self) -> dict[str, int]:
        return dict(Counter(r.item.mode or "未填" for r in self.rows))


@dataclass(slots=True)
class SiteCatalog:
    """The whole county catalog to publish; ``areas`` without rows are left out of the site."""

    county: str
    office: str
    areas: Sequence[SiteArea]
    published: date = field(default_factory=date.today)
    options: ExportOptions = field(default_factory=lambda: ExportOptions(channels="chosen_only"))
    generator: str = ""

    @property
    def title(self) -> str:
        return f"{self.county}政务公开事项标准目录"

    @property
    def shown_areas(self) -> list[SiteArea]:
        return [a for a in self.areas if a.rows]
