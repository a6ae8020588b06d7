"""Build the migration fixtures: one workspace database per released schema, written by that release.

    python tests/data/build_fixtures.py            # all releases below
    python tests/data/build_fixtures.py 0003       # one

For each release the script checks its commit out in a temporary ``git worktree``, runs the
scenario below *with that release's code* (a unit compiles two areas, hands them in; the review
office enrols the unit's key, imports, approves one area, returns the other; the unit takes the
results and edits again), and keeps the databases gzip-compressed as
``schema-NNNN-unit.sqlite3.gz`` / ``schema-NNNN-office.sqlite3.gz``, with ``schema-NNNN.json``: the
facts read back from them with plain SQL at that moment, which `tests/test_migration_fixtures.py`
expects to find intact after today's code has upgraded a copy. Releases before the review office
(schemas 0001, 0002) have only the unit's database.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# schema → the commit of the release that wrote it
# (0004: the last main before the catalog's life — trust, durability, inputs, publish, 开始修订;
#  0005: main with the catalog's life, before the shared office database)
RELEASES = {"0001": "6a807f6", "0002": "015b741", "0003": "2d74be3", "0004": "f1098ed", "0005": "a62f3ca", "0006": "b0930de"}

SCENARIO = r'''
import re, sys
from pathlib import Path
out = Path(sys.argv[1])
from gongkai_desktop.workspace import Workspace
from gongkai_desktop.identity import choose_unit, choose_review_office
# (a module this release does not have would be found in the installed, newer code: ask the tree)
if (Path(sys.argv[3]) / "gongkai_desktop" / "unit").is_dir():
    from gongkai_desktop.unit import catalogs
else:
    from gongkai_desktop import catalogs
import gongkai_desktop
assert Path(gongkai_desktop.__file__).resolve().is_relative_to(Path(sys.argv[3]).resolve()), gongkai_desktop.__file__

def started(area, ws):
    from gongkai_desktop.errors import DomainError
    try:
        r = catalogs.start_catalog(ws, area)
    except DomainError:  # the first release had no template for every area: an own catalog then
        from gongkai_desktop.models import Catalog
        with ws.session() as s:
            cat = Catalog(unit_code=ws.get_setting("unit_code"), area_code=area, status="draft", version=1,
                          template_version="")
            s.add(cat)
            s.flush()
            cid = cat.id
        catalogs.add_item(ws, cid, "sanding", "部门预决算", "部门预算公开", fields={"content": "部门预算报表及说明"})
        return cid
    return (r.catalog if hasattr(r, "catalog") else r).id

unit = Workspace.open(out / "unit")
choose_unit(unit, "市公安局")
c04, c08 = started("04", unit), started("08", unit)
items = catalogs.load_items(unit, c04)
catalogs.edit_item(unit, items[0].id, {"time_limit": "信息形成之日起10个工作日内"})
catalogs.mark_not_applicable(unit, items[-1].id, "本单位无此职能")
catalogs.add_item(unit, c04, "sanding", items[0].level1, "本单位自有事项", fields={"content": "自有内容"})
catalogs.edit_item(unit, catalogs.load_items(unit, c08)[0].id, {"remarks": "预决算备注"})
unit.close()
if len(sys.argv) > 2 and sys.argv[2] == "with-office":
    from gongkai_desktop.cli import main
    def run(d, *a):
        code = main(["--data-dir", str(out / d), *a])
        assert code == 0, (d, a, code)
    run("office", "init", "--review-office")
    run("office", "package", "distribute", "-o", str(out / "dist.gkpkg"))
    first_contact = []  # releases with trust by fingerprint (issue 13): the clerk types the office's digits
    if (Path(sys.argv[3]) / "gongkai_desktop" / "office_key.py").is_file():
        from gongkai_desktop import keys
        office = Workspace.open(out / "office")
        first_contact = ["--office-fingerprint", keys.own_key_info(office, keys.OFFICE_OWNER).digits]
        office.close()
    run("unit", "package", "import-distribution", str(out / "dist.gkpkg"), *first_contact)
    run("unit", "keys", "export-enrolment", "-o", str(out / "enrol.json"))
    run("office", "keys", "import-enrolment", str(out / "enrol.json"))
    import io, contextlib
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        run("unit", "keys", "show")
    digits = re.search(r"(\d{5}(?: \d{5}){7})", buf.getvalue()).group(1).split()
    run("office", "keys", "confirm", "市公安局", *digits)
    (out / "box").mkdir()
    run("unit", "package", "export", "-o", str(out / "box"))
    run("office", "review", "import", str(out / "box"))
    run("office", "review", "comment", "2", "请补充公开依据")
    review_cli = Path(sys.argv[3]) / "gongkai_desktop" / "cli" / "review.py"  # approving with problems (issue 16)
    accept = ["--accept-problems"] if review_cli.is_file() and "accept-problems" in review_cli.read_text("utf-8") else []
    run("office", "review", "decide", "1", "--approve", "--round", "第一轮梳理", "--reviewer", "王审核", *accept)
    run("office", "review", "decide", "2", "--return", "--round", "第一轮梳理", "--reviewer", "王审核")
    for n in ("1", "2"):
        run("office", "review", "result", n, "-o", str(out / f"r{n}.gkpkg"))
        run("unit", "result", "import", str(out / f"r{n}.gkpkg"))
    unit = Workspace.open(out / "unit")
    if hasattr(catalogs, "start_revision"):  # releases that lock an approved catalog (开始修订, issue 16)
        catalogs.start_revision(unit, c04)
    catalogs.edit_item(unit, catalogs.load_items(unit, c04)[1].id, {"remarks": "通过后的第一次修改"})
    unit.close()
'''

UNIT_FACTS = {
    "role": "SELECT value FROM setting WHERE key IN ('role', 'unit_code') ORDER BY key",
    "catalogs": "SELECT area_code, status, version, template_version FROM catalog ORDER BY area_code",
    "items": "SELECT id, catalog_id, position, revision, template_code, level2, time_limit, applicability, "
             "applicability_reason, remarks, channels FROM catalog_item ORDER BY catalog_id, position",
    "change_log": "SELECT count(*) FROM change_log",
    "received_comments": "SELECT text, decision, addressed FROM received_comment ORDER BY text",
}
OFFICE_FACTS = {
    "submissions": "SELECT id, unit_code, area_code, status, catalog_version, item_count, template_version "
                   "FROM submission ORDER BY id",
    "submission_items": "SELECT submission_id, id, position, time_limit, remarks FROM submission_item "
                        "ORDER BY submission_id, position",
    "decisions": "SELECT submission_id, decision, round, reviewer FROM decision ORDER BY id",
    "comments": "SELECT submission_id, text FROM review_comment ORDER BY text",
    "keys": "SELECT unit_code, status FROM unit_key ORDER BY unit_code",
    "accepted": "SELECT count(*) FROM accepted_package",
}


def facts(db: Path, queries: dict[str, str]) -> dict[str, list]:
    """What a fixture holds, as plain SQL reads it (the same queries run on the upgraded copy)."""
    con = sqlite3.connect(db)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        out = {}
        for name, sql in queries.items():
            table = sql.split(" FROM ")[1].split()[0]
            if table in tables:
                out[name] = [list(r) for r in con.execute(sql)]
        return out
    finally:
        con.close()


def _keep(src: Path, dest: Path) -> None:
    con = sqlite3.connect(src)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("VACUUM")
    con.close()
    dest.write_bytes(gzip.compress(src.read_bytes(), mtime=0))


def build(schema: str, commit: str) -> None:
    with tempfile.TemporaryDirectory(prefix=f"gk-fixture-{schema}-") as tmp:
        tree, out = Path(tmp) / "tree", Path(tmp) / "out"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True,
                       capture_output=True)
        try:
            out.mkdir()
            with_office = (tree / "gongkai_desktop" / "review").is_dir() or (tree / "gongkai_desktop" / "office").is_dir()
            subprocess.run([sys.executable, "-c", SCENARIO, str(out), "with-office" if with_office else "unit-only",
                            str(tree)],
                           cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "HOME": tmp}, check=True)
            found = {"schema": schema, "commit": commit}
            for role, queries in (("unit", UNIT_FACTS), ("office", OFFICE_FACTS)):
                db = out / role / "workspace.sqlite3"
                if db.exists():
                    _keep(db, HERE / f"schema-{schema}-{role}.sqlite3.gz")
                    found[role] = facts(db, queries)
            (HERE / f"schema-{schema}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n",
                                                         encoding="utf-8")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
            shutil.rmtree(tree, ignore_errors=True)


if __name__ == "__main__":
    for schema in sys.argv[1:] or list(RELEASES):
        build(schema, RELEASES[schema])
        print(f"schema {schema}: written from {RELEASES[schema]}")
