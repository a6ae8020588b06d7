"""Backups: automatic and by command, restoring one (also over a damaged file), and sequences after a restore."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gongkai_desktop import backups, keys, sequences
from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office import importing
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission
from gongkai_desktop.workspace import DB_FILE, Workspace
from tests.fault_helpers import digest, folder_digest


def run(capsys, data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def first_item(ws) -> str:
    return catalogs.load_items(ws, catalogs.list_catalogs(ws)[0].id)[0].id


def test_backup_list_check_and_restore_commands(ws, capsys, tmp_path) -> None:
    catalogs.start_catalog(ws, "04")
    item = first_item(ws)
    data = ws.data_dir
    code, out, _ = run(capsys, data, "backup")
    assert code == 0 and "已备份工作区" in out
    code, out, _ = run(capsys, data, "backup", "-o", str(tmp_path / "交接.sqlite3"))
    assert code == 0 and (tmp_path / "交接.sqlite3").exists()
    code, out, _ = run(capsys, data, "backup", "--list")
    assert code == 0 and "手动备份" in out
    code, out, _ = run(capsys, data, "check")
    assert code == 0 and "工作区完好" in out and "最近一次完好的备份" in out

    catalogs.edit_item(ws, item, {"remarks": "备份之后的修改"})
    code, out, err = run(capsys, data, "restore", str(tmp_path / "交接.sqlite3"))
    assert code == 0, err
    assert "已用备份" in out and "恢复前的工作区已另存为备份" in out
    assert catalogs.get_item(ws, item).remarks == ""  # the open workspace sees the restored data
    undo = next(b for b in backups.list_backups(data) if b.reason == backups.BEFORE_RESTORE)
    code, _, _ = run(capsys, data, "restore", undo.path.name)  # the restore itself can be undone
    assert code == 0 and catalogs.get_item(ws, item).remarks == "备份之后的修改"


def test_a_damaged_workspace_is_restored_and_the_damaged_file_kept_as_it_was(ws, capsys) -> None:
    catalogs.start_catalog(ws, "04")
    made = backups.make_backup(ws)
    ws.close()
    path = ws.data_dir / DB_FILE
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 2 + 512] = b"\xee" * 512
    path.write_bytes(bytes(data))
    damaged = digest(path)
    code, _, err = run(capsys, ws.data_dir, "check")
    assert code == 1
    code, out, err = run(capsys, ws.data_dir, "restore", made.path.name)
    assert code == 0, err and "原样移至" in out
    kept = next(p for p in backups.backup_dir(ws.data_dir).iterdir() if p.name.startswith("damaged-") and p.suffix == ".sqlite3")
    assert digest(kept) == damaged
    with Workspace.open(ws.data_dir) as again:
        assert [c.area_code for c in catalogs.list_catalogs(again)] == ["04"]


def test_a_file_that_is_not_a_good_backup_is_refused_and_nothing_changes(ws, tmp_path, capsys) -> None:
    catalogs.start_catalog(ws, "04")
    ws.close()
    foreign = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(ws.data_dir / DB_FILE, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num='0099'")
    conn.commit()
    conn.close()
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes((ws.data_dir / DB_FILE).read_bytes()[:9000])
    before = folder_digest(ws.data_dir)
    for bad, why in ((foreign, "不是本软件的工作区"), (newer, "由新版本软件创建"), (broken, "文件已损坏")):
        code, _, err = run(capsys, ws.data_dir, "restore", str(bad))
        assert code == 2 and why in err and "当前工作区没有改动" in err
    code, _, err = run(capsys, ws.data_dir, "restore", "no-such-backup.sqlite3")
    assert code == 2 and "找不到备份文件" in err
    after = folder_digest(ws.data_dir)
    assert {k: v for k, v in after.items() if not k.startswith("logs/")} == before


def test_after_a_restore_the_next_package_is_newer_than_any_the_office_has_seen(county, tmp_path) -> None:
    office, units = county
    police = units["市公安局"]
    before_exports = backups.make_backup(police)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first = export_submission(police, out_path=inbox)
    second = export_submission(police, out_path=inbox)
    assert (first.sequence, second.sequence) == (1, 2)
    importing.import_files(office, [inbox])
    backups.restore(police.data_dir, before_exports.path)
    catalogs.edit_item(police, first_item(police), {"remarks": "恢复备份后继续编制"})
    third = export_submission(police, out_path=tmp_path / "third.gkpkg")
    assert third.sequence == 3
    verdict = importing.dry_run(office, [third.path])[0]
    assert verdict.verdict not in ("stale", "refused", "identical"), verdict.message  # not 比已导入的旧
    assert len(importing.import_verdicts(office, [verdict]).imported) == 1


def test_the_high_water_mark_alone_keeps_sequences_growing(ws, tmp_path) -> None:
    catalogs.start_catalog(ws, "04")
    keys.ensure_own_key(ws)
    export_submission(ws, out_path=tmp_path)
    with ws.session() as s:
        s.merge(sequences.Setting(key=sequences.sequence_setting(ws.unit_code), value=0))  # as an old backup had it
    assert sequences.high_water(ws.data_dir)[ws.unit_code] == 1
    assert export_submission(ws, out_path=tmp_path).sequence == 2


def test_automatic_backups_daily_and_before_an_import(ws, tmp_path) -> None:
    catalogs.start_catalog(ws, "04")
    ws.close()
    with Workspace.open(ws.data_dir) as again:
        reasons = [b.reason for b in backups.list_backups(again.data_dir)]
        assert reasons == [backups.DAILY]
    with Workspace.open(ws.data_dir) as again:  # the same day: no second daily backup
        assert len(backups.list_backups(again.data_dir)) == 1
        catalogs.edit_item(again, first_item(again), {"remarks": "改过"})
        out = tmp_path / "c.xlsx"
        from gongkai_desktop.unit import exports, imports

        exports.export_catalogs(again, "xlsx", None, out)
        imports.apply_import(again, imports.read_catalog_xlsx(again, out))
        assert [b.reason for b in backups.list_backups(again.data_dir)] == [backups.BEFORE_IMPORT, backups.DAILY]
        imports.apply_import(again, imports.read_catalog_xlsx(again, out))  # unchanged since: no new backup
        assert len(backups.list_backups(again.data_dir)) in (2, 3)


def test_old_backups_are_pruned_keeping_the_newest(ws) -> None:
    catalogs.start_catalog(ws, "04")
    made = backups.make_backup(ws)
    folder = backups.backup_dir(ws.data_dir)
    for days in (20, 30, 40, 50):
        when = datetime.now() - timedelta(days=days)
        shutil.copy(made.path, folder / f"workspace-{when:%Y%m%d-%H%M%S-%f}-daily.sqlite3")
    removed = backups.prune(ws.data_dir, keep_days=14, keep_at_least=3)
    assert len(removed) == 2 and len(backups.list_backups(ws.data_dir)) == 3


def test_a_failed_automatic_backup_never_stops_the_work(ws, caplog) -> None:
    catalogs.start_catalog(ws, "04")
    backups.backup_dir(ws.data_dir).write_text("a file where the backups folder should be")
    assert backups.automatic(ws, backups.BEFORE_IMPORT) is None
    assert "automatic backup (import) failed" in caplog.text
    catalogs.edit_item(ws, first_item(ws), {"remarks": "照常保存"})


def test_a_postgresql_workspace_is_not_backed_up_by_copying_a_file(ws) -> None:
    ws.path = None  # what a workspace on a database server looks like to backups
    with pytest.raises(DomainError) as exc:
        backups.make_backup(ws)
    assert "pg_dump" in exc.value.message


def test_a_workspace_is_backed_up_before_its_schema_is_migrated(tmp_path) -> None:
    from gongkai_desktop import db

    data = tmp_path / "old"
    data.mkdir()
    engine = db.make_engine(f"sqlite:///{data / DB_FILE}")
    db.upgrade(engine, "0001")  # written by the first release
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('role', '\"unit\"')")
    engine.dispose()
    with Workspace.open(data) as ws:
        assert ws.role == "unit"
    made = backups.list_backups(data)
    assert backups.BEFORE_MIGRATION in [b.reason for b in made]
    conn = sqlite3.connect(next(b.path for b in made if b.reason == backups.BEFORE_MIGRATION))
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    conn.close()


def test_a_backup_restores_onto_a_new_computer(ws, tmp_path, capsys) -> None:
    catalogs.start_catalog(ws, "04")
    made = backups.make_backup(ws, out=tmp_path / "U盘" / "备份.sqlite3")
    fresh = tmp_path / "新电脑" / "gongkai_desktop"
    code, out, err = run(capsys, fresh, "restore", str(made.path))
    assert code == 0, err
    with Workspace.open(fresh) as again:
        assert again.unit_code == ws.unit_code and [c.area_code for c in catalogs.list_catalogs(again)] == ["04"]
