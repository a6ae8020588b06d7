"""A workspace is recognised before it is touched: foreign, damaged and newer files are refused, unchanged."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from gongkai_desktop import backups, db
from gongkai_desktop.errors import DomainError
from gongkai_desktop.unit import catalogs
from gongkai_desktop.workspace import DB_FILE, Workspace
from tests.fault_helpers import assert_chinese_refusal, digest, folder_digest, gongkai


def header_app_id(path: Path) -> int:
    with open(path, "rb") as f:
        return int.from_bytes(f.read(100)[68:72], "big")


def refused(folder: Path, code: str, *words: str) -> DomainError:
    """Opening ``folder`` is refused with ``code``; the files in it are exactly as they were."""
    before = folder_digest(folder)
    with pytest.raises(DomainError) as exc:
        Workspace.open(folder)
    assert exc.value.code == code, exc.value.message
    for w in words:
        assert w in exc.value.message, exc.value.message
    assert folder_digest(folder) == before
    return exc.value


@pytest.fixture
def used(ws) -> Path:
    """A closed unit workspace with a started catalog: its data folder."""
    catalogs.start_catalog(ws, "04")
    ws.close()
    return ws.data_dir


def other_app_db(path: Path, wal: bool = True, alembic: str | None = None) -> None:
    """Another application's SQLite database, as such programs make them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, total REAL)")
    conn.executemany("INSERT INTO users (name) VALUES (?)", [("张三",), ("李四",)])
    if alembic:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (alembic,))
    conn.commit()
    conn.close()


def test_a_new_workspace_carries_the_application_id(tmp_path) -> None:
    Workspace.open(tmp_path / "new").close()
    assert header_app_id(tmp_path / "new" / DB_FILE) == db.APPLICATION_ID


def test_a_workspace_from_before_the_application_id_is_recognised_and_stamped(used) -> None:
    conn = sqlite3.connect(used / DB_FILE)
    conn.execute("PRAGMA application_id=0")
    conn.commit()
    conn.close()
    assert header_app_id(used / DB_FILE) == 0
    with Workspace.open(used) as ws:
        assert [c.area_code for c in catalogs.list_catalogs(ws)] == ["04"]
    assert header_app_id(used / DB_FILE) == db.APPLICATION_ID


@pytest.mark.parametrize("wal", [True, False])
def test_another_applications_database_is_refused_and_left_as_it_was(tmp_path, wal) -> None:
    other_app_db(tmp_path / "d" / DB_FILE, wal=wal)
    err = refused(tmp_path / "d", "not_a_workspace", "不是本软件的工作区", "没有改动", "新建工作区")
    assert "从备份恢复" in err.message
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [DB_FILE]  # nothing added beside it


def test_another_applications_database_with_its_own_alembic_version_is_refused(tmp_path) -> None:
    for revision in ("ae1027a6acf", "0001"):  # its own revision, or one that happens to look like ours
        folder = tmp_path / revision
        other_app_db(folder / DB_FILE, alembic=revision)
        refused(folder, "not_a_workspace", "不是本软件的工作区")


def test_a_database_with_its_own_application_id_is_refused(tmp_path) -> None:
    path = tmp_path / "d" / DB_FILE
    other_app_db(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id=1234")
    conn.commit()
    conn.close()
    refused(tmp_path / "d", "not_a_workspace", "属于其他程序")


def test_a_workspace_from_a_newer_release_is_refused_unchanged(used) -> None:
    conn = sqlite3.connect(used / DB_FILE)
    conn.execute("UPDATE alembic_version SET version_num='0099'")
    conn.commit()
    conn.close()
    refused(used, "workspace_newer", "由新版本软件创建", "0099", "安装最新版本")
    proc = gongkai(used, "catalog", "list")
    assert_chinese_refusal(proc, "由新版本软件创建")


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // 4096, 7):  # B-tree pages of several tables
        data[page * 4096: page * 4096 + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


def _garbage(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[0:16] = b"SQLite format 2\x00"
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _scribble, _garbage, _empty, _header])
def test_a_damaged_workspace_is_refused_unchanged_with_the_way_out(used, damage) -> None:
    damage(used / DB_FILE)
    err = refused(used, "workspace_damaged", "工作区文件已损坏", "没有改动", "从备份恢复", "新建工作区")
    assert not any(w in err.message for w in ("Error", "malformed", "not a database", "disk image"))


def test_the_refusal_names_the_last_good_backup(tmp_path, used) -> None:
    with Workspace.open(used) as ws:
        made = backups.make_backup(ws)
    _scribble(used / DB_FILE)
    err = refused(used, "workspace_damaged")
    assert "最近一次完好的备份" in err.message and made.path.name in err.message
    proc = gongkai(used, "catalog", "list")
    assert_chinese_refusal(proc, "工作区文件已损坏", f"gongkai restore {made.path.name}")


def test_text_that_is_not_utf8_is_a_damaged_workspace(used) -> None:
    conn = sqlite3.connect(used / DB_FILE)
    conn.execute("UPDATE setting SET value = CAST(x'22ff22' AS TEXT) WHERE key = 'unit_code'")
    conn.commit()
    conn.close()
    proc = gongkai(used, "catalog", "list")
    assert_chinese_refusal(proc, "工作区文件已损坏", "无法识别的文字编码")


def test_a_refused_file_can_be_replaced_by_a_new_workspace_elsewhere(tmp_path) -> None:
    other_app_db(tmp_path / "d" / DB_FILE)
    original = digest(tmp_path / "d" / DB_FILE)
    proc = gongkai(tmp_path / "d", "init", "--unit", "市公安局")
    assert_chinese_refusal(proc, "不是本软件的工作区", "--data-dir")
    assert digest(tmp_path / "d" / DB_FILE) == original
    proc = gongkai(tmp_path / "new", "init", "--unit", "市公安局")
    assert proc.returncode == 0, proc.stderr
    shutil.rmtree(tmp_path / "new")


def test_the_revisions_recognised_are_exactly_the_shipped_migrations() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config())
    assert db.known_revisions() == {r.revision for r in script.walk_revisions()}
