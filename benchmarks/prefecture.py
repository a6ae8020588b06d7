"""The prefecture's workload: ten counties' submissions imported and approved at 温州市.

The county of the benchmark (江山市's synthetic units, imported and approved at its office)
forwards its catalogs with `gongkai review forward`: one real ``county_submission`` package. Each
of ten 温州市 counties then sends that content under its own name, signed with its own key (enrolled
and confirmed at the prefecture), and the prefecture imports and approves them through the same
code as the window. The aggregate figure then merges the counties' identical rows area by area.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .config import Sizes


def log(msg: str) -> None:
    from .workload import log as _log

    _log(msg)


def build_prefecture(office_dir: Path, out: Path, sizes: Sizes) -> dict[str, Any]:
    from gongkai_desktop.office.forward import forward
    from gongkai_desktop.package.read import read_package
    from gongkai_desktop.workspace import Workspace

    from .workload import copy_workspace

    county_dir = out.parent / "prefecture-county"
    copy_workspace(office_dir, county_dir)
    log("forwarding the county's approved catalogs (gongkai review forward)")
    with Workspace.open(county_dir) as county:
        data = forward(county, None, county_dir / "forward.gkpkg").path.read_bytes()
    shutil.rmtree(county_dir)
    pkg = read_package(data)
    log(f"the prefecture: {sizes.prefecture_counties} counties × {pkg.manifest['item_count']:,} rows")
    return _import_counties(out, pkg, sizes.prefecture_counties)


def _import_counties(out: Path, pkg: Any, n: int) -> dict[str, Any]:
    from gongkai_desktop import hierarchy
    from gongkai_desktop.levels import choose_prefecture
    from gongkai_desktop.models import UnitKey, utcnow
    from gongkai_desktop.office import decisions, importing, submissions
    from gongkai_desktop.package.build import build_package
    from gongkai_desktop.package.jsonsafe import dumps
    from gongkai_desktop.package.signing import generate
    from gongkai_desktop.workspace import Workspace

    inbox = out.parent / "prefecture-inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    with Workspace.open(out) as pref:
        region = choose_prefecture(pref, "温州市")
        counties = hierarchy.children(region)[:n]
        m = pkg.manifest
        extra = {k: m[k] for k in ("areas", "template_versions", "item_count", "problem_count", "negative_count")}
        info = {f["name"]: {k: v for k, v in f.items() if k not in ("name", "size", "sha256")} for f in m["files"]}
        for c in counties:
            key = generate()
            payload = {name: dumps(dict(v, unit_code=c.code) if name in {a["file"] for a in m["areas"]} else v)
                       for name, v in pkg.payload.items()}
            built = build_package("county_submission", c.identity(), payload, dict(extra, recipient=region.identity()),
                                  key, sequence=1, file_info=info, check=False)
            (inbox / f"{c.code}.gkpkg").write_bytes(built.data)
            with pref.session() as s:  # enrolled and confirmed by fingerprint, as `gongkai keys confirm` does
                s.add(UnitKey(unit_code=c.code, fingerprint=key.public.fingerprint, algorithm=key.algorithm,
                              public_key=key.public.to_b64(), status="active", contact={}, source="enrolment",
                              confirmed_at=utcnow(), revoke_reason=""))
        verdicts, summary = importing.import_files(pref, [inbox])
        if len(summary.imported) != len(counties):
            raise RuntimeError("; ".join(f"{v.path.name}: {v.message}" for v in summary.skipped))
        subs = submissions.list_submissions(pref)
        for sub in subs:
            decisions.decide(pref, sub.id, "approved", "第一轮梳理", reviewer="基准测试", accept_problems=True)
    shutil.rmtree(inbox)
    return {"prefecture_counties": len(counties), "prefecture_items": sum(s.item_count for s in subs),
            "prefecture_submissions": len(subs), "county_rows": pkg.manifest["item_count"]}
