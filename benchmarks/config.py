"""What the benchmark measures: the workload sizes and the figures with their targets (issue 8).

Targets are medians on the development machine (2 vCPU Xeon, see shared/design/performance.md);
a township laptop is 2–3× slower, which is why they are tight.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Sizes:
    """The synthetic county and the province built from it."""

    units: int  # units taken from the registry (the registry has 66: 47 departments + 19 townships)
    own_items: int  # 权责清单 items added per unit, spread over its catalogs
    big_area: int  # the one unit's big area (the window figures open it)
    docx_rows: int  # the area exported to Word
    province_items: int  # items of the province-scale office database
    province_counties: int
    runs: int  # timed runs of a fast figure
    slow_runs: int  # timed runs of a figure that takes seconds
    prefecture_counties: int = 10  # counties whose forwarded catalogs the prefecture aggregates

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


# 66 units × 760 own items + the template-based catalogs + the 1,500-item area ≈ 60,000 items.
FULL = Sizes(units=66, own_items=760, big_area=1500, docx_rows=2000, province_items=2_000_000,
             province_counties=90, runs=7, slow_runs=3)
QUICK = Sizes(units=5, own_items=40, big_area=300, docx_rows=300, province_items=50_000,
              province_counties=90, runs=1, slow_runs=1)


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the output. ``baseline`` names what a user or a plain script would do instead."""

    name: str
    label: str
    target_s: float | None
    slow: bool = False  # seconds per run: fewer runs, no warm-up
    baseline: str | None = None
    ratio_target: float | None = None  # ours / theirs must be at most this
    memory_target_mib: float | None = None


@dataclass(frozen=True, slots=True)
class Baseline:
    name: str
    label: str
    slow: bool = True


FIGURES: tuple[Figure, ...] = (
    Figure("cold_start", "window cold start to the first painted frame (a started area)", 0.5),
    Figure("open_area", "open the big area (1,500 items)", 0.050),
    Figure("validate_area", "validate it (every rule, every item)", 0.020),
    Figure("filter_2", "filter it by a 2-character text (one keystroke)", 0.020, baseline="proxy_filter_2"),
    Figure("filter_4", "filter it by a 4-character text (one keystroke)", 0.020, baseline="proxy_filter_4"),
    Figure("edit_commit", "one edit committed durably (synchronous=FULL, with its change-log row)", 0.010,
           baseline="edit_commit_synchronous_normal"),
    Figure("export_package", "export a unit's signed package", 0.200),
    Figure("import_county", "verify + import the county's packages", 2.0, slow=True, baseline="pandas_read_xlsx", ratio_target=1 / 3),
    Figure("aggregate_county", "aggregate the county (26 areas + counts)", 1.0, slow=True, baseline="pandas_read_xlsx"),
    # issue 18: the review office on PostgreSQL beside SQLite (skipped without a server: benchmarks/figures_pg.py)
    Figure("import_county_pg", "import_county on PostgreSQL (psycopg 3, COPY)", 4.0, slow=True,
           baseline="sqlite_import_county", ratio_target=2.0),
    Figure("aggregate_county_pg", "aggregate_county on PostgreSQL", 2.0, slow=True,
           baseline="sqlite_aggregate_county", ratio_target=2.0),
    Figure("queue_list", "the review queue: every current submission with its problem count (SQLite)", 0.200),
    Figure("queue_list_pg", "the same queue on PostgreSQL", 0.200),
    Figure("export_county_xlsx", "county aggregate to xlsx", 7.0, slow=True, baseline="openpyxl_plain", ratio_target=1 / 2),
    Figure("export_docx", "a 2,000-row area to docx", 0.5, slow=True, baseline="python_docx_add_row", ratio_target=1 / 4),
    Figure("import_xlsx", "import a 1,500-row Excel catalog (preview + write)", 1.0, slow=True,
           baseline="pandas_read_excel", ratio_target=1 / 2),
    Figure("import_docx", "import a 1,500-row Word table (preview + write)", 1.0, slow=True,
           baseline="pandas_read_excel", ratio_target=1 / 2),
    Figure("province_aggregate", "province-scale aggregation (streamed counts)", 30.0, slow=True, memory_target_mib=1536),
    Figure("diff_versions", "diff two versions of the 1,500-item area (~200 changes)", 0.100),
    Figure("revision_docx", "修订对照表 of ~200 changes to docx", 1.0),
    Figure("revision_xlsx", "修订对照表 of ~200 changes to xlsx", 1.0),
    Figure("aggregate_prefecture", "the prefecture's aggregate of 10 counties (every area merged, counts per county, negative list)",
           10.0, slow=True, memory_target_mib=1024),
    Figure("publish_county", "publish the county as a static website (pages, index, xlsx, CSV, JSON)", 5.0, slow=True),
    Figure("site_search", "the site's search box over every area, slowest keystroke (Chromium, in the page)", 0.050),
    # the program as installed on a county's PC (PyInstaller build): skipped when there is none
    Figure("frozen_size", "the frozen program's size on disk (installed or dist/gongkai_desktop)", None),
    Figure("frozen_cold_start", "the frozen program's cold start to the first painted frame (a started area)", 1.0),
)

BASELINES: dict[str, Baseline] = {b.name: b for b in (
    Baseline("proxy_filter_2", "QSortFilterProxyModel over the same model, 2 characters", slow=False),
    Baseline("proxy_filter_4", "QSortFilterProxyModel over the same model, 4 characters", slow=False),
    Baseline("edit_commit_synchronous_normal", "the same edit with synchronous=NORMAL (before issue 14)", slow=False),
    Baseline("pandas_read_xlsx", "pandas: read the same catalogs from .xlsx and concatenate"),
    Baseline("sqlite_import_county", "import_county on SQLite (the same packages)"),
    Baseline("sqlite_aggregate_county", "aggregate_county on SQLite (the same county)"),
    Baseline("openpyxl_plain", "openpyxl plain API, the same rows"),
    Baseline("python_docx_add_row", "python-docx add_row, the same rows"),
    Baseline("pandas_read_excel", "pandas: read_excel of the same 1,500-row catalog (.xlsx, openpyxl)"),
)}

FIGURE_BY_NAME = {f.name: f for f in FIGURES}

# The search texts of the filter figures: they match some rows of the big area, not all.
FILTER_TEXTS = {"filter_2": "许可", "filter_4": "处罚结果", "proxy_filter_2": "许可", "proxy_filter_4": "处罚结果"}
