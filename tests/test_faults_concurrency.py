"""Two processes at once on one workspace: no lost increments, one key, one import, a clear busy message."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gongkai_desktop import db, keys
from gongkai_desktop.cli import main
from gongkai_desktop.models import CatalogItem, ChangeLog, Submission
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission
from gongkai_desktop.workspace import DB_FILE, Workspace
from tests.fault_helpers import ROOT, assert_no_traceback, child_env

# Each child waits for the go file, so both really run at the same time.
EDITOR = """
import json, sys, time
from pathlib import Path
from gongkai_desktop import faults
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import Workspace
data, item, tag, n, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
ws = Workspace.open(data)
while not go.exists():
    time.sleep(0.005)
ok, failed = 0, []
for i in range(n):
    try:
        catalogs.edit_item(ws, item, {"remarks": f"{tag}{i}"})
        ok += 1
    except Exception as exc:
        failed.append(faults.describe(exc).message)
print(json.dumps({"ok": ok, "failed": failed}, ensure_ascii=False))
"""

CLI_AT_GO = """
import sys, time
from pathlib import Path
from gongkai_desktop.cli import main
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.005)
sys.exit(main(sys.argv[2:]))
"""


def start(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT)


def together(go: Path, children: list[subprocess.Popen], timeout: float = 240) -> list[tuple[int, str, str]]:
    time.sleep(1.5)  # every child has opened the workspace and waits
    go.write_text("go")
    out = []
    for c in children:
        stdout, stderr = c.communicate(timeout=timeout)
        out.append((c.returncode, stdout, stderr))
    return out


@pytest.mark.slow
def test_two_writers_on_one_catalog_lose_no_revision(ws, tmp_path) -> None:
    info = catalogs.start_catalog(ws, "04").catalog
    item = catalogs.load_items(ws, info.id)[0].id
    ws.close()
    go = tmp_path / "go"
    n = 150
    results = together(go, [start(EDITOR, ws.data_dir, item, tag, n, go) for tag in ("甲", "乙")])
    counts = []
    for code, out, err in results:
        assert code == 0, err
        assert_no_traceback(err)
        report = json.loads(out)
        counts.append(report["ok"])
        assert report["failed"] == [], report["failed"][:3]
    with Workspace.open(ws.data_dir) as again, again.session() as s:
        obj = s.get(CatalogItem, item)
        logged = s.query(ChangeLog).filter(ChangeLog.item_id == item, ChangeLog.action == "update").count()
        assert obj.revision == 1 + sum(counts) == 1 + 2 * n
        assert logged == sum(counts)


@pytest.mark.slow
def test_two_first_exports_at_once_make_one_key_and_two_numbers(ws, tmp_path) -> None:
    catalogs.start_catalog(ws, "04")
    ws.close()
    go = tmp_path / "go"
    outs = [tmp_path / "a", tmp_path / "b"]
    for o in outs:
        o.mkdir()
    children = [start(CLI_AT_GO, go, "--data-dir", ws.data_dir, "package", "export", "04", "-o", o) for o in outs]
    for code, out, err in together(go, children):
        assert code == 0, err
        assert_no_traceback(out + err)
    key_files = sorted(p.name for p in (ws.data_dir / keys.KEYS_DIR).iterdir())
    assert len(key_files) == 1 and ".old-" not in key_files[0], key_files
    with Workspace.open(ws.data_dir) as again:
        signer = keys.load_signer(again)  # the key on disk is the one the workspace records
        packages = [p for o in outs for p in o.iterdir()]
        assert sorted(p.name.split("_第")[1] for p in packages) == ["1号.gkpkg", "2号.gkpkg"]
        third = export_submission(again, out_path=tmp_path)
        assert third.sequence == 3 and third.fingerprint == signer.public.fingerprint


@pytest.mark.slow
def test_two_offices_importing_the_same_packages_at_once(county, tmp_path) -> None:
    office, units = county
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for unit in units.values():
        export_submission(unit, out_path=inbox)
    office.close()
    go = tmp_path / "go"
    children = [start(CLI_AT_GO, go, "--data-dir", office.data_dir, "review", "import", inbox) for _ in range(2)]
    for code, out, err in together(go, children):
        assert code == 0, (out, err)
        assert_no_traceback(out + err)
        assert "UNIQUE" not in err and "IntegrityError" not in err
    with Workspace.open(office.data_dir) as again, again.session() as s:
        assert s.query(Submission).count() == len(units)


def test_a_workspace_held_by_another_writer_says_so(ws, monkeypatch, capsys) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.3)
    ws.close()
    holder = sqlite3.connect(ws.data_dir / DB_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another window in the middle of a long import
    try:
        code = main(["--data-dir", str(ws.data_dir), "catalog", "start", "04"])
        err = capsys.readouterr().err
        assert code == 2 and "另一个窗口或命令正在使用该工作区" in err and "database is locked" not in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert main(["--data-dir", str(ws.data_dir), "catalog", "start", "04"]) == 0


def test_reading_goes_on_while_another_process_writes(ws, monkeypatch) -> None:
    """The window's lists and the county aggregate read a snapshot: a long import elsewhere never blocks them."""
    from gongkai_desktop import reference
    from gongkai_desktop.office import aggregate

    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.3)
    ws.close()
    holder = sqlite3.connect(ws.data_dir / DB_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE area SET name = name || '（改名中）'")  # not committed: invisible to readers
    try:
        with Workspace.open(ws.data_dir) as again:
            assert len(reference.list_areas(again)) == 26
            assert all("改名中" not in a.name for a in reference.list_areas(again))
            assert aggregate.county_summary(again).total is not None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
