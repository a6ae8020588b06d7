"""Engine creation, transactions and schema migrations: the one module that knows about SQLite specifics.

Durability and concurrency, as the workspace relies on them:

* WAL with ``synchronous=FULL``: a commit returns only after the WAL is on the disk, so an edit shown
  as saved survives a power cut (NORMAL could lose the last transactions). Measured: one edit
  committed this way stays well under 10 ms (``python -m benchmarks --only edit_commit``).
* Real transactions: the driver's own transaction handling is switched off (it began a transaction
  only at the first INSERT/UPDATE, so what a function read before writing was read outside it, and
  two writers lost each other's counter increments). `begin` emits ``BEGIN IMMEDIATE`` for a session
  that may write — SQLite's write lock taken up front, so two writers run one after the other and
  each reads what the other committed — and a plain ``BEGIN`` for a read-only one. Waiting for the
  lock ends after `BUSY_TIMEOUT_S` with "database is locked", which `faults` says as
  “另一个窗口或命令正在使用该工作区”.
* On PostgreSQL a session that asks for ``write=True`` takes a transaction-scoped advisory lock, the
  same one-writer rule for the read-modify-write operations (sequences, keys, counters).
* A workspace file carries `APPLICATION_ID` in its header (``PRAGMA application_id``), set when it is
  created and stamped on older workspaces, so `workspace_file` recognises it before touching it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event, make_url, text

# The newest migration; a test checks it equals Alembic's head so start-up can skip Alembic
# (a 100 ms import) when the schema is already current.
SCHEMA_HEAD = "0007"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
APPLICATION_ID = 0x474B5753  # "GKWS" in the SQLite header: this file is a gongkai_desktop workspace
SYNCHRONOUS = "FULL"
BUSY_TIMEOUT_S = 15
PG_WRITE_LOCK = 0x474B5753  # the advisory lock a writing session takes on PostgreSQL
PG_MIGRATE_LOCK = 0x474B4D47  # the one a migration takes, so two reviewers starting at once migrate once
_BEGIN_OPTION = "gongkai_begin"


def make_engine(url: str) -> Engine:
    """An engine with WAL, foreign keys, durable commits and a busy timeout for SQLite; on PostgreSQL
    psycopg 3 with a short connect timeout, READ COMMITTED and connections checked before use."""
    if not url.startswith("sqlite"):
        from . import server

        url = server.normalise(url)
        return create_engine(url, connect_args=server.connect_args(url), pool_pre_ping=True,
                             isolation_level="READ COMMITTED", pool_size=2, max_overflow=4)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            dbapi_conn.isolation_level = None  # transactions are ours (`_begin`), not the driver's
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:  # noqa: ANN001
            conn.exec_driver_sql("BEGIN " + conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE"))

    return engine


def begin(session: Any, write: bool | None) -> None:
    """Start ``session``'s transaction: None may write, True must hold the write lock, False only reads."""
    if session.bind.dialect.name == "sqlite":
        session.connection(execution_options={_BEGIN_OPTION: "DEFERRED" if write is False else "IMMEDIATE"})
    elif write and session.bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK})


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file; %, ? and # in its folder names are escaped (the URL reader decodes them)."""
    text = str(path).replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return f"sqlite:///{text}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or an in-memory one)."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def known_revisions() -> set[str]:
    """The migrations this release ships (their files are named after their revision: 0003_review.py)."""
    found = {m.group(1) for p in (MIGRATIONS_DIR / "versions").glob("*.py*")
             if (m := re.match(r"(\d{4})_", p.name))}
    return found | {SCHEMA_HEAD}


def create(engine: Engine) -> None:
    """A new workspace: the application id in its header, then the schema, in one transaction."""
    from alembic import command

    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(alembic_config(conn), "head")


def stamp_application_id(engine: Engine) -> None:
    """Mark a workspace written by an older release (recognised by its tables) as ours."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")


def alembic_config(connection=None):  # noqa: ANN001, ANN201
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect().execution_options(**{_BEGIN_OPTION: "DEFERRED"}) as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # noqa: BLE001 - no table yet means an empty database
            return None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a no-op without importing Alembic when already at head."""
    if revision == "head" and current_revision(engine) == SCHEMA_HEAD:
        return
    from alembic import command

    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # two reviewers starting at once: one migrates, the other waits
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATE_LOCK})
        command.upgrade(alembic_config(conn), revision)


def bulk_insert(session: Any, table: Table, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert many plain rows (tuples in ``columns`` order, values already in their stored form).

    On SQLite this hands the rows straight to the driver's ``executemany`` (about twice as fast as
    SQLAlchemy's per-row parameter processing for 60,000 items); any other database gets SQLAlchemy's
    own executemany. Values must need no type processing: JSON already encoded, dates as stored.
    """
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":  # COPY: one stream instead of a statement per batch
        cols = ", ".join(f'"{c}"' for c in columns)
        with conn.connection.driver_connection.cursor() as cur, cur.copy(
                f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
            for r in rows:
                copy.write_row(r)
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), [dict(zip(columns, r, strict=True)) for r in rows])
        return
    names = ", ".join(f'"{c}"' for c in columns)
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows)
