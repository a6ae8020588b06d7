"""The prefecture's catalog across its counties: each item with the counties that disclose it.

`aggregate.aggregate_area` merges counties' rows as it merges townships' (the same template item,
or the same own item name, is one row naming its counties, differences in content or time limit
flagged); here every area is aggregated in turn and only what the prefecture needs across areas is
kept — counts per county and area, the flagged rows, the negative list — so ten counties' 600,000
items never sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..workspace import Workspace
from .aggregate import AggregateRow, Counts, NegativeEntry, aggregate_area, ws_area_codes

Progress = Callable[[float, str], None]


@dataclass(slots=True)
class AreaSummary:
    area_code: str
    area_name: str
    rows: int
    merged_rows: int  # rows more than one county discloses
    flagged: list[AggregateRow]
    counts: Counts
    by_county: dict[str, Counts]
    missing: list[str]


@dataclass(slots=True)
class PrefectureSummary:
    areas: list[AreaSummary] = field(default_factory=list)
    by_county: dict[str, Counts] = field(default_factory=dict)
    total: Counts = field(default_factory=Counts)
    negative: list[NegativeEntry] = field(default_factory=list)

    @property
    def counties(self) -> list[str]:
        return list(self.by_county)


def aggregate_prefecture(ws: Workspace, progress: Progress | None = None) -> PrefectureSummary:
    """Every area's cross-county aggregate, summarised area by area (reads only, no write lock)."""
    progress = progress or (lambda f, m: None)
    out = PrefectureSummary()
    codes = ws_area_codes(ws)
    for n, code in enumerate(codes):
        progress(n / len(codes), f"汇总第 {n + 1} 个领域")
        agg = aggregate_area(ws, code)
        if not agg.units:
            continue
        out.areas.append(AreaSummary(code, agg.area_name, len(agg.rows), sum(1 for r in agg.rows if len(r.units) > 1),
                                     [r for r in agg.rows if r.flags], agg.counts, agg.by_unit, agg.missing_units))
        out.total.merge(agg.counts)
        for county, counts in agg.by_unit.items():
            out.by_county.setdefault(county, Counts()).merge(counts)
        out.negative.extend(agg.negative)
    progress(1.0, "")
    return out
