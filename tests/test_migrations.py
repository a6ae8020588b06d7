"""Schema migrations: a database written at the first revision upgrades to head with its data."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from gongkai_desktop import db
from gongkai_desktop.models import Base
from gongkai_desktop.workspace import Workspace


def test_schema_head_constant_matches_alembic_head() -> None:
    script = ScriptDirectory.from_config(db.alembic_config())
    assert script.get_current_head() == db.SCHEMA_HEAD


def test_first_revision_upgrades_to_head_keeping_data(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = db.make_engine(url)
    db.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('role', '\"unit\"')"))
    assert db.current_revision(engine) == "0001"
    db.upgrade(engine)
    assert db.current_revision(engine) == db.SCHEMA_HEAD
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM setting WHERE key='role'")).scalar() == '"unit"'
    engine.dispose()


def test_migrated_schema_matches_the_models(tmp_path) -> None:
    """No model change without a migration: autogenerate finds nothing to do at head."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    db.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()


def test_workspace_uses_wal_and_foreign_keys(tmp_path) -> None:
    ws = Workspace.open(tmp_path)
    with ws.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    ws.close()


def test_reopening_a_workspace_skips_reloading_unchanged_reference_data(tmp_path) -> None:
    ws = Workspace.open(tmp_path)
    digest = ws.get_setting("reference_digest")
    ws.close()
    ws = Workspace.open(tmp_path)
    assert ws.get_setting("reference_digest") == digest
    ws.close()
