"""The benchmark runs end to end on a small county (`python -m benchmarks --quick`), and the demo
generator's 权责清单 option it relies on. Not a timed test: only that every figure is produced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.config import FIGURES
from gongkai_desktop.demo import make_demo
from gongkai_desktop.models import Catalog, CatalogItem
from tests.site.browser import missing as missing_browser

ROOT = Path(__file__).resolve().parent.parent
FROZEN = {"frozen_size", "frozen_cold_start"}  # measured when a frozen program is there, skipped otherwise
BROWSER_FIGURES = {"site_search"}  # skipped where Chromium is not installed
PG_FIGURES = {"import_county_pg", "aggregate_county_pg", "queue_list_pg"}  # skipped without a PostgreSQL server


def skipped_here(name: str, browser_missing: bool) -> str | None:
    """The reason a figure is skipped on this machine (None: it must be measured)."""
    if name in BROWSER_FIGURES and browser_missing:
        return "skipped: Chromium is missing"
    if name in PG_FIGURES and not (os.environ.get("GONGKAI_BENCH_PG") or os.environ.get("GONGKAI_TEST_PG")):
        return "skipped: no PostgreSQL server"
    return None


def test_quick_benchmark_prints_every_figure_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "quick.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--cache-dir", str(tmp_path / "cache"),
                           "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    browser_missing = missing_browser()
    for fig in FIGURES:
        line = next((x for x in lines if x.split(" ", 1)[0] == fig.name), None)
        assert line is not None, f"no line for {fig.name}:\n{proc.stdout}"
        assert "ERROR" not in line, line
        if fig.name in FROZEN and "skipped:" in line:
            assert "pyinstaller installer/gongkai_desktop.spec" in line, line  # says how to make one
            continue
        if (reason := skipped_here(fig.name, browser_missing)) is not None:  # skipped with the reason, not failed
            assert reason in line, line
            continue
        assert " MiB" in line if fig.name == "frozen_size" else (" ms" in line or " s" in line), line
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["mode"] == "quick"
    assert data["machine"]["cores"] and data["machine"]["versions"]["sqlite"]
    by_name = {e["name"]: e for e in data["figures"]}
    assert set(by_name) == {f.name for f in FIGURES}
    for fig in FIGURES:
        e = by_name[fig.name]
        if "skipped" in e:
            assert fig.name in FROZEN or skipped_here(fig.name, browser_missing) is not None, e
            continue
        if fig.name == "frozen_size":
            assert e["size_mib"] > 20 and e["files"] > 50 and e["info"]["version"].startswith("gongkai "), e
            continue
        assert e["median_s"] > 0 and len(e["times"]) == 1 and e["peak_rss_mib"] > 10, e
        if fig.baseline:  # measured, or skipped with the reason when pandas is missing
            assert e["baseline"].get("median_s", 0) > 0 or "skipped" in e["baseline"], e
    assert data["workload"]["packages"] == data["workload"]["units"] >= 5
    assert by_name["import_county"]["info"]["items"] == data["workload"]["items"]


def test_frozen_figures_are_skipped_with_the_way_to_build_when_there_is_no_frozen_program(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GONGKAI_FROZEN=str(tmp_path / "nothing-here"))
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--only", *sorted(FROZEN), "--cache-dir",
                           str(tmp_path / "cache"), "--out", str(tmp_path / "f.json")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    for name in FROZEN:
        line = next(x for x in proc.stdout.splitlines() if x.split(" ", 1)[0] == name)
        assert "skipped: no frozen program" in line and "pyinstaller installer/gongkai_desktop.spec" in line, line
    entries = {e["name"]: e for e in json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))["figures"]}
    assert all("skipped" in entries[n] and entries[n]["pass"] is None for n in FROZEN)


def test_demo_own_items_spread_over_each_units_catalogs(new_workspace) -> None:
    ws = new_workspace("demo")
    make_demo(ws, county_size=2, own_items=50)
    with ws.session() as s:
        per_unit = dict(s.execute(select(Catalog.unit_code, func.count(CatalogItem.id))
                                  .join(CatalogItem, CatalogItem.catalog_id == Catalog.id)
                                  .where(CatalogItem.source == "power_list", CatalogItem.template_code.is_(None),
                                         CatalogItem.level2.like("%（第%项）"))
                                  .group_by(Catalog.unit_code)).all())
        positions = s.execute(select(CatalogItem.catalog_id, CatalogItem.position)).all()
    assert len(per_unit) == 2 and all(n == 50 for n in per_unit.values()), per_unit
    by_catalog: dict[int, list[int]] = {}
    for cat, pos in positions:
        by_catalog.setdefault(cat, []).append(pos)
    assert all(sorted(p) == list(range(len(p))) for p in by_catalog.values())  # appended after, no gaps


def test_demo_defaults_are_unchanged_by_the_option(new_workspace) -> None:
    """Own items come from their own random stream: the rest of the county is the same."""
    plain, more = new_workspace("plain"), new_workspace("more")
    make_demo(plain, county_size=2)
    make_demo(more, county_size=2, own_items=10)

    def texts(ws) -> list[tuple]:  # noqa: ANN001
        with ws.session() as s:
            return s.execute(select(CatalogItem.level2, CatalogItem.content, CatalogItem.applicability)
                             .where(CatalogItem.level2.not_like("%（第%项）"))
                             .order_by(CatalogItem.catalog_id, CatalogItem.position)).all()

    assert texts(plain) == texts(more)
