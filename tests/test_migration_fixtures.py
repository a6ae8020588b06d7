"""Databases written by every earlier release (tests/data/schema-NNNN-*.sqlite3.gz, made by that release's
own code with tests/data/build_fixtures.py) open in this one, upgrade to the newest schema, keep all
their data, and have their handed-in versions kept as versions."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from gongkai_desktop import db
from gongkai_desktop.models.versions import SIDE_OFFICE, SIDE_UNIT
from gongkai_desktop.unit import catalogs
from gongkai_desktop.versions import list_versions, version_items
from gongkai_desktop.workspace import DB_FILE, Workspace
from tests.data.build_fixtures import OFFICE_FACTS, RELEASES, UNIT_FACTS, facts

DATA = Path(__file__).resolve().parent / "data"
SCHEMAS = sorted(p.name.split("-")[1].split(".")[0] for p in DATA.glob("schema-*.json"))


def test_there_is_a_fixture_for_every_released_schema() -> None:
    assert sorted(RELEASES) == SCHEMAS
    head = max(int(s) for s in SCHEMAS)
    assert head == int(db.SCHEMA_HEAD) - 1  # the release before this one is the newest fixture


def _opened(schema: str, role: str, tmp: Path) -> tuple[Workspace, Path]:
    d = tmp / role
    d.mkdir()
    (d / DB_FILE).write_bytes(gzip.decompress((DATA / f"schema-{schema}-{role}.sqlite3.gz").read_bytes()))
    assert db.current_revision(db.make_engine(f"sqlite:///{d / DB_FILE}")) == schema
    return Workspace.open(d), d / DB_FILE


@pytest.mark.parametrize("schema", SCHEMAS)
def test_an_earlier_release_opens_and_upgrades_with_its_data(schema: str, tmp_path: Path) -> None:
    recorded = json.loads((DATA / f"schema-{schema}.json").read_text(encoding="utf-8"))
    for role, queries in (("unit", UNIT_FACTS), ("office", OFFICE_FACTS)):
        if role not in recorded:
            continue
        ws, path = _opened(schema, role, tmp_path)
        try:
            assert db.current_revision(ws.engine) == db.SCHEMA_HEAD
            now = facts(path, queries)
            assert {k: now[k] for k in recorded[role]} == recorded[role]  # every row as the release left it
            if role == "unit":
                _unit_still_works(ws, recorded)
            else:
                _office_versions(ws, recorded)
        finally:
            ws.close()
    shutil.rmtree(tmp_path, ignore_errors=True)


def _unit_still_works(ws: Workspace, recorded: dict) -> None:
    cats = {c.area_code: c for c in catalogs.list_catalogs(ws)}
    assert sorted(cats) == ["04", "08"]
    items = catalogs.load_items(ws, cats["04"].id)
    versions = {(v.number, v.ref.kind): v for v in list_versions_for(ws, "04")}
    if "office" in recorded:  # 04 was handed in (v1, approved), then edited: v1 is rebuilt from the log
        assert cats["04"].version == 2 and (1, "kept") in versions and (2, "draft") in versions
        with ws.session() as s:
            v1 = version_items(s, versions[(1, "kept")].ref)
        assert [i.id for i in v1] == [i.id for i in items]
        edited = items[1]
        assert edited.remarks == "通过后的第一次修改" and next(i for i in v1 if i.id == edited.id).remarks == ""
        assert [(v.number, v.state) for v in list_versions_for(ws, "08")] == [(1, "returned")]  # kept as it went out
    else:
        assert [(n, k) for n, k in versions] == [(1, "draft")]
    changed = catalogs.edit_item(ws, items[0].id, {"remarks": "升级后的修改"}).item
    assert changed.remarks == "升级后的修改"
    ws.undo()
    assert catalogs.get_item(ws, items[0].id).remarks == items[0].remarks


def list_versions_for(ws: Workspace, area: str) -> list:
    with ws.session() as s:
        return list_versions(s, SIDE_UNIT, ws.unit_code, area)


def _office_versions(ws: Workspace, recorded: dict) -> None:
    unit = recorded["office"]["submissions"][0][1]
    with ws.session() as s:
        found = list_versions(s, SIDE_OFFICE, unit, "04")
    assert [(v.number, v.state, v.round) for v in found] == [(1, "approved", "第一轮梳理")]


def _migration():  # noqa: ANN202
    import importlib.util

    path = Path(db.MIGRATIONS_DIR) / "versions" / "0005_catalog_life.py"
    spec = importlib.util.spec_from_file_location("m0005", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rebuilding_a_version_from_the_log_gives_exactly_what_was_handed_in(county, tmp_path) -> None:
    """What the upgrade does for versions handed in before this release, checked against a version this
    release kept itself: every kind of change after the hand-in, undone from the log, gives the same items."""
    from sqlalchemy import text

    from gongkai_desktop.unit.submit import export_submission

    _office, units = county
    ws = units["市公安局"]
    cid = catalogs.find_catalog(ws, "04").id
    items = catalogs.load_items(ws, cid)
    catalogs.edit_item(ws, items[0].id, {"content": "第一版的内容"})
    export_submission(ws, ["04"], tmp_path / "v1.gkpkg")
    catalogs.start_revision(ws, cid)  # 开始修订: the draft of version 2
    catalogs.edit_item(ws, items[1].id, {"time_limit": "实时", "channels": ["政府网站"]})
    catalogs.move_item(ws, items[0].id, 6)
    own = catalogs.add_item(ws, cid, "other", items[2].level1, "第二版新增").created[0]
    catalogs.edit_item(ws, own, {"remarks": "新增后又改"})
    extra = catalogs.add_item(ws, cid, "other", "临时", "加了又删").created[0]
    catalogs.delete_item(ws, extra)
    catalogs.mark_not_applicable(ws, items[4].id, "不涉及")
    catalogs.edit_item(ws, items[5].id, {"remarks": "改了又撤销"})
    ws.undo()
    catalogs.move_item(ws, items[7].id, 1)
    with ws.session() as s:
        kept = next(v for v in list_versions(s, SIDE_UNIT, ws.unit_code, "04") if v.number == 1)
        expected = version_items(s, kept.ref)
        conn = s.connection()
        cols = ", ".join(_migration().ROW_COLUMNS)
        rows = [dict(r) for r in conn.execute(text(f"SELECT {cols} FROM catalog_item WHERE catalog_id = :c "
                                                   "ORDER BY position"), {"c": cid}).mappings()]
        for r in rows:
            for c in ("channels", "audience", "levels", "five_disclosures"):
                r[c] = json.loads(r[c])
        log = conn.execute(text("SELECT action, item_id, field, old, new, at, catalog_version FROM change_log "
                                "WHERE catalog_id = :c AND catalog_version = 2 ORDER BY id DESC"), {"c": cid}).all()
    rebuilt = _migration()._undo_version(log, rows)
    fields = ("id", "position", "template_code", "level2", "content", "time_limit", "channels", "applicability",
              "applicability_reason", "remarks")
    assert [[r[f] for f in fields] for r in rebuilt] == [[getattr(i, f) for f in fields] for i in expected]
