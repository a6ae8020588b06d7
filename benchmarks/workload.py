"""The benchmark's data, built once per code version and kept in a cache folder.

A synthetic county made by `gongkai demo` (every unit of the registry, catalogs started from the
templates and edited like real ones, 权责清单 items added, one unit with a big area), exported as
one signed package and one Excel file per unit; the review office's workspace with those units'
keys enrolled and confirmed (before the import) and with every catalog imported and approved
(after it); the big-area unit's own workspace; a unit with a 2,000-item area for the Word export;
a province-scale office database (~2 M approved items) for the streaming aggregation; and a
prefecture with ten counties' forwarded catalogs approved (`prefecture`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Sizes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"
DB_FILE = "workspace.sqlite3"
FORMAT = 1  # bump when the layout below changes


def log(msg: str) -> None:
    print(f"[benchmarks] {msg}", file=sys.stderr, flush=True)


@dataclass(slots=True)
class Workload:
    """Where everything is, and what it holds (written to ``workload.json``)."""

    dir: Path
    info: dict[str, Any]

    def path(self, name: str) -> Path:
        return self.dir / name

    @classmethod
    def load(cls, d: Path) -> Workload:
        return cls(d, json.loads((d / "workload.json").read_text(encoding="utf-8")))


def code_digest(sizes: Sizes) -> str:
    """The cache key: the sizes, the core's code and the shipped data the workload depends on."""
    h = hashlib.sha256(json.dumps([FORMAT, sizes.as_dict()]).encode())
    core = ROOT / "gongkai_desktop"
    files = [p for p in sorted(core.rglob("*.py")) if "ui" not in p.relative_to(core).parts]
    files += sorted((ROOT / "resources").rglob("*.json"))
    files += [Path(__file__)]
    for p in files:
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def ensure_workload(sizes: Sizes, cache: Path = DEFAULT_CACHE, rebuild: bool = False) -> Workload:
    """The cached workload for these sizes and this code, built when missing (progress on stderr)."""
    d = cache / f"{'full' if sizes.units >= 66 else 'small'}-{code_digest(sizes)}"
    if not rebuild and (d / "workload.json").exists():
        log(f"using the cached workload in {d}")
        return Workload.load(d)
    if d.exists():
        shutil.rmtree(d)
    for old in cache.glob("*-*"):  # an older code version's workload is of no use any more
        if old.is_dir() and old.name.split("-")[0] == d.name.split("-")[0]:
            shutil.rmtree(old, ignore_errors=True)
    d.mkdir(parents=True)
    t0 = time.perf_counter()
    info = build(d, sizes)
    info["build_seconds"] = round(time.perf_counter() - t0, 1)
    (d / "workload.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    log(f"workload built in {info['build_seconds']} s")
    return Workload(d, info)


def build(d: Path, sizes: Sizes) -> dict[str, Any]:
    from gongkai_desktop.demo import make_demo
    from gongkai_desktop.workspace import Workspace

    log(f"building the county: {sizes.units} units, {sizes.own_items} own items each, a {sizes.big_area}-item area")
    with Workspace.open(d / "demo") as demo:
        make_demo(demo, county_size=sizes.units, big_area=sizes.big_area, own_items=sizes.own_items)
        units = _units_with_catalogs(demo)
        big = _big_catalog(demo, sizes.big_area)
        info: dict[str, Any] = {"sizes": sizes.as_dict(), "units": len(units), "catalogs": _count(demo, "catalog"),
                                "items": _count(demo, "catalog_item"), "big_unit": big[0], "big_area": big[1]}
        _export_packages(demo, units, d / "packages")
        _export_excel(demo, units, d / "xlsx")
        _office_with_keys(demo, units, d / "office-keys")
    info.update(_office_approved(d / "office-keys", d / "packages", d / "office-approved"))
    info.update(_unit_workspace(d / "demo", d / "unit", big[0], big[1]))
    info.update(_docx_workspace(d / "docx", sizes.docx_rows))
    info.update(_province(d / "office-approved", d / "province", sizes))
    from .prefecture import build_prefecture

    info.update(build_prefecture(d / "office-approved", d / "prefecture", sizes))
    return info


def _count(ws: Any, table: str) -> int:
    from sqlalchemy import text

    with ws.session() as s:
        return int(s.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


def _units_with_catalogs(ws: Any) -> list[str]:
    from sqlalchemy import select

    from gongkai_desktop.models import Catalog

    with ws.session() as s:
        return list(s.scalars(select(Catalog.unit_code).distinct().order_by(Catalog.unit_code)))


def _big_catalog(ws: Any, n: int) -> tuple[str, str]:
    """(unit code, area code) of the catalog with the big area's item count."""
    from sqlalchemy import func, select

    from gongkai_desktop.models import Catalog, CatalogItem

    with ws.session() as s:
        row = s.execute(select(Catalog.unit_code, Catalog.area_code, func.count(CatalogItem.id).label("n"))
                        .join(CatalogItem, CatalogItem.catalog_id == Catalog.id).group_by(Catalog.id)
                        .order_by(func.count(CatalogItem.id).desc()).limit(1)).one()
    if row.n != n:
        raise RuntimeError(f"expected a {n}-item catalog, the largest has {row.n}")
    return row.unit_code, row.area_code


def _export_packages(demo: Any, units: list[str], out: Path) -> None:
    from gongkai_desktop.unit.submit import export_submission

    log(f"exporting {len(units)} signed packages")
    out.mkdir()
    for code in units:
        export_submission(demo, out_path=out, unit_code=code)


def _export_excel(demo: Any, units: list[str], out: Path) -> None:
    """The same catalogs as Excel files (the project's own exporter), for the pandas baseline."""
    from gongkai_desktop.unit.exports import export_catalogs

    log(f"exporting {len(units)} Excel files for the pandas baseline")
    out.mkdir()
    for code in units:
        export_catalogs(demo, "xlsx", None, out / f"{code}.xlsx", unit_code=code)


def _office_with_keys(demo: Any, units: list[str], out: Path) -> None:
    """The review office before the import: every unit's key enrolled and confirmed by phone."""
    from gongkai_desktop import keys
    from gongkai_desktop.identity import choose_review_office
    from gongkai_desktop.workspace import Workspace

    log("enrolling the units' keys at the review office")
    with Workspace.open(out) as office:
        choose_review_office(office)
        keys.ensure_own_key(office, keys.OFFICE_OWNER)
        for code in units:
            keys.import_enrolment(office, keys.export_enrolment(demo, {"name": "联络员"}, owner=code))
            keys.confirm_key(office, code, keys.own_key_info(demo, code).digits)


def copy_workspace(src: Path, dest: Path) -> Path:
    """A fresh copy of a workspace folder (database and key files)."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    return dest


def _office_approved(keys_dir: Path, packages: Path, out: Path) -> dict[str, Any]:
    """The review office after importing every package and approving every catalog."""
    from gongkai_desktop.office import decisions, importing, submissions
    from gongkai_desktop.workspace import Workspace

    log("importing and approving the county at the review office")
    copy_workspace(keys_dir, out)
    with Workspace.open(out) as office:
        verdicts, summary = importing.import_files(office, [packages])
        if len(summary.imported) != len(verdicts):
            raise RuntimeError(f"only {len(summary.imported)} of {len(verdicts)} packages imported: "
                               + "; ".join(f"{v.path.name}: {v.message}" for v in summary.skipped))
        subs = submissions.list_submissions(office)
        for sub in subs:
            decisions.decide(office, sub.id, "approved", "第一轮梳理", reviewer="基准测试", accept_problems=True)
        return {"packages": len(verdicts), "submissions": len(subs), "submitted_items": sum(s.item_count for s in subs)}


def _unit_workspace(demo_dir: Path, out: Path, unit_code: str, area_code: str) -> dict[str, Any]:
    """The big-area unit's own workspace: only its catalogs (drafts again), its key, its identity."""
    from gongkai_desktop.identity import choose_unit
    from gongkai_desktop.workspace import Workspace

    log(f"making {unit_code}'s own workspace")
    copy_workspace(demo_dir, out)
    con = sqlite3.connect(out / DB_FILE)
    with con:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("DELETE FROM catalog_item WHERE catalog_id IN (SELECT id FROM catalog WHERE unit_code != ?)", (unit_code,))
        con.execute("DELETE FROM change_log WHERE catalog_id IN (SELECT id FROM catalog WHERE unit_code != ?)", (unit_code,))
        con.execute("DELETE FROM catalog WHERE unit_code != ?", (unit_code,))
        con.execute("DELETE FROM catalog_version WHERE unit_code != ?", (unit_code,))  # their kept versions
        con.execute("UPDATE catalog SET status = 'draft'")
        con.execute("DELETE FROM setting WHERE key LIKE 'own_key.%' AND key != ?", (f"own_key.{unit_code}",))
    con.execute("VACUUM")
    con.close()
    with Workspace.open(out) as ws:
        choose_unit(ws, unit_code)
        other = _other_area(ws, area_code)
        return {"unit_items": _count(ws, "catalog_item"), "unit_catalogs": _count(ws, "catalog"), "other_area": other}


def _other_area(ws: Any, big_area: str) -> str:
    """A normal started area of the unit (the window opens it first, then switches to the big one);
    started from its template when the unit has none (the quick workload's township)."""
    from gongkai_desktop.reference import find_unit
    from gongkai_desktop.unit.catalogs import list_catalogs, start_catalog

    started = [c.area_code for c in list_catalogs(ws) if c.area_code != big_area]
    if started:
        return started[0]
    area = next(a for a in find_unit(ws, ws.unit_code).areas if a != big_area)
    return start_catalog(ws, area).catalog.area_code


def _docx_workspace(out: Path, rows: int) -> dict[str, Any]:
    from gongkai_desktop.demo import make_demo
    from gongkai_desktop.identity import choose_unit
    from gongkai_desktop.workspace import Workspace

    log(f"making a unit with a {rows}-item area for the Word export")
    with Workspace.open(out) as ws:
        make_demo(ws, county_size=0, big_area=rows)
        unit, area = _big_catalog(ws, rows)
        choose_unit(ws, unit)
        return {"docx_area": area, "docx_rows": rows}


def _province(office_dir: Path, out: Path, sizes: Sizes) -> dict[str, Any]:
    """``province_counties`` copies of the county's approved catalogs, sampled to ``province_items``.

    Written with raw sqlite3 executemany (performance.md: 0.4 s per 100k rows): each county gets its
    own unit codes, submissions and item ids, so the aggregation sees them as distinct catalogs.
    """
    log(f"building the province: {sizes.province_counties} counties, ~{sizes.province_items:,} items")
    copy_workspace(office_dir, out)
    con = sqlite3.connect(out / DB_FILE)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    unit_cols = [r[1] for r in con.execute("PRAGMA table_info(unit)")]
    units = con.execute(f"SELECT {', '.join(unit_cols)} FROM unit").fetchall()
    u_code, u_name = unit_cols.index("code"), unit_cols.index("name")
    sub_cols = [r[1] for r in con.execute("PRAGMA table_info(submission)")]
    item_cols = [r[1] for r in con.execute("PRAGMA table_info(submission_item)")]
    subs = con.execute(f"SELECT {', '.join(sub_cols)} FROM submission WHERE status = 'approved' ORDER BY id").fetchall()
    items: dict[int, list[tuple]] = {}
    for row in con.execute(f"SELECT {', '.join(item_cols)} FROM submission_item ORDER BY submission_id, position"):
        items.setdefault(row[0], []).append(row)
    county_items = sum(len(v) for v in items.values())
    per_county = sizes.province_items / sizes.province_counties
    ratio = per_county / max(1, county_items)
    next_id = (con.execute("SELECT max(id) FROM submission").fetchone()[0] or 0) + 1
    i_sid, i_unit, i_pkg = sub_cols.index("id"), sub_cols.index("unit_code"), sub_cols.index("package_id")
    i_item = item_cols.index("id")
    total = 0
    with con:
        for table in ("decision", "item_verdict", "review_comment", "submission_item", "submission"):
            con.execute(f"DELETE FROM {table}")
        for k in range(sizes.province_counties):
            suffix = f"-P{k:02d}"
            copies = []
            for u in units:
                u = list(u)
                u[u_code], u[u_name] = u[u_code] + suffix, f"第{k + 1}县{u[u_name]}"
                copies.append(u)
            con.executemany(f"INSERT INTO unit ({', '.join(unit_cols)}) VALUES ({', '.join('?' * len(unit_cols))})", copies)
            sub_rows, item_rows = [], []
            carry = 0.0
            for sub in subs:
                source = items.get(sub[i_sid], [])
                carry += len(source) * ratio
                n, carry = int(carry), carry - int(carry)
                sid = next_id
                next_id += 1
                s = list(sub)
                s[i_sid], s[i_unit], s[i_pkg] = sid, sub[i_unit] + suffix, f"{sub[i_pkg]}{suffix}"
                sub_rows.append(s)
                for j in range(n):
                    it = list(source[(j * 7 + k) % len(source)]) if source else None
                    if it is None:
                        break
                    it[0], it[i_item] = sid, f"{it[i_item][:24]}{k:02d}{j:08d}"
                    item_rows.append(it)
            con.executemany(f"INSERT INTO submission ({', '.join(sub_cols)}) VALUES ({', '.join('?' * len(sub_cols))})", sub_rows)
            con.executemany(f"INSERT INTO submission_item ({', '.join(item_cols)}) VALUES ({', '.join('?' * len(item_cols))})", item_rows)
            total += len(item_rows)
    con.execute("ANALYZE")
    con.close()
    return {"province_items": total, "province_counties": sizes.province_counties,
            "province_submissions": len(subs) * sizes.province_counties}
