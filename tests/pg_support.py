"""The test suite's PostgreSQL: a real server named by ``GONGKAI_TEST_PG`` (``.ci/run`` sets it).

``GONGKAI_TEST_PG=postgresql://user:password@host/dbname`` names a server and a database the tests
may connect to; the role needs CREATEDB. A run makes one template database (migrated, reference
data loaded) and copies it for every test that asks for `pg_database` (CREATE DATABASE … TEMPLATE),
so each test starts from a fresh office database in a fraction of a second and leaves nothing behind.
Without the variable, or with a server that does not answer, those tests skip and say how to enable them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

ENV = "GONGKAI_TEST_PG"
HOW = (f"PostgreSQL tests skipped: set {ENV}=postgresql://user:password@host/dbname (a role with CREATEDB), "
       "e.g. after `apt-get install postgresql` — .ci/run does this")
ENGINES = ("sqlite", "postgresql")
_RUN = uuid.uuid4().hex[:8]
_counter = iter(range(1, 1_000_000))


def server_url() -> str | None:
    return os.environ.get(ENV) or None


def _admin():  # noqa: ANN202 - an autocommit engine on the maintenance database (CREATE DATABASE)
    from sqlalchemy import create_engine

    from gongkai_desktop import server

    url = server.parse(server_url() or "")
    return create_engine(url.set(database=url.database), isolation_level="AUTOCOMMIT",
                         connect_args={"connect_timeout": 3})


def url_of(database: str) -> str:
    from gongkai_desktop import server

    return server.parse(server_url() or "").set(database=database).render_as_string(hide_password=False)


def _exec(sql: str) -> None:
    from sqlalchemy import text

    engine = _admin()
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def drop_database(name: str) -> None:
    """Drop a test database even while something is still connected to it.

    ``WITH (FORCE)`` terminates the other sessions, but PostgreSQL refuses it for a role without
    pg_signal_backend when an autovacuum worker happens to be on the database (its role is none).
    Then end our own sessions and drop plainly, which cancels autovacuum by itself.
    """
    import time

    from sqlalchemy.exc import DBAPIError

    try:
        _exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    except DBAPIError:
        pass
    for attempt in range(20):
        try:
            _exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  f"WHERE datname = '{name}' AND usename = current_user AND pid <> pg_backend_pid()")
            _exec(f'DROP DATABASE IF EXISTS "{name}"')
            return
        except DBAPIError:
            if attempt == 19:
                raise
            time.sleep(0.25)


def template_database() -> Iterator[str]:
    """Make the run's template database; skip (with how to enable) when no server is reachable."""
    if not server_url():
        pytest.skip(HOW)
    name = f"gk_test_tpl_{_RUN}"
    try:
        _exec(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server is a skip with its reason
        pytest.skip(f"{HOW} ({ENV} is set but the server did not answer: {str(exc).splitlines()[0][:120]})")
    import tempfile

    from gongkai_desktop.workspace import Workspace

    with tempfile.TemporaryDirectory() as d:
        Workspace.open(d, url=url_of(name)).close()
    yield name
    drop_database(name)


def fresh_database(template: str) -> Iterator[str]:
    """A new database copied from the template, for one test; dropped after it."""
    name = f"gk_test_{_RUN}_{next(_counter)}"
    _exec(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield url_of(name)
    finally:
        drop_database(name)


@pytest.fixture(params=ENGINES)
def office_engine(request: pytest.FixtureRequest) -> str:
    """Import into a test module to run its office tests on SQLite and on PostgreSQL."""
    return request.param
