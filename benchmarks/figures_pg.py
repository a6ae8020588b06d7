"""The review office on PostgreSQL (issue 18): the same figures as on SQLite, on a real server.

The server is named by ``GONGKAI_BENCH_PG`` (or the tests' ``GONGKAI_TEST_PG``), a URL whose role
may create databases; without one these figures are skipped with that message. Each workload
workspace (a SQLite file) is copied into a PostgreSQL database of its own, table by table with COPY,
and dropped when the figure's process ends. The office's key files stay in the copied data folder.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from .figures_core import _open, case_aggregate_county, case_import_county
from .one import Case, SkipFigure
from .workload import Workload

ENVS = ("GONGKAI_BENCH_PG", "GONGKAI_TEST_PG")
_RUN = uuid.uuid4().hex[:8]
_made: list[str] = []


def server_url() -> str:
    url = next((os.environ[e] for e in ENVS if os.environ.get(e)), None)
    if not url:
        raise SkipFigure("no PostgreSQL server: set GONGKAI_BENCH_PG=postgresql://user:password@host/db "
                         "(a role with CREATEDB; .ci/run sets GONGKAI_TEST_PG)")
    return url


def _admin(sql: str) -> None:
    from sqlalchemy import create_engine, text

    from gongkai_desktop import server

    engine = create_engine(server.normalise(server_url()), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _url(name: str) -> str:
    from gongkai_desktop import server

    return server.parse(server_url()).set(database=name).render_as_string(hide_password=False)


def new_database(template: str | None = None) -> str:
    """A database for this process (dropped at exit); returns its URL."""
    name = f"gk_bench_{_RUN}_{len(_made)}"
    try:
        _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    except Exception as exc:  # noqa: BLE001 - a server that does not answer is a skip, with why
        raise SkipFigure(f"PostgreSQL server did not answer: {str(exc).splitlines()[0][:120]}") from None
    _made.append(name)
    return _url(name)


@atexit.register
def _drop_all() -> None:
    for name in reversed(_made):
        with contextlib.suppress(Exception):  # cleaning up after a benchmark must not fail it
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_to_postgres(src: Path, dest: Path) -> tuple[Path, str]:
    """The workspace folder ``src`` as a data folder ``dest`` whose database is a new PostgreSQL one."""
    from sqlalchemy import text

    from gongkai_desktop.models import Base
    from gongkai_desktop.workspace import DB_FILE, Workspace

    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(f"{DB_FILE}*", "backups"))
    url = new_database()
    Workspace.open(dest, url=url).close()  # the schema, at head
    lite = sqlite3.connect(src / DB_FILE)
    ws = Workspace(dest, url)
    try:
        with ws.engine.begin() as conn:
            tables = Base.metadata.sorted_tables
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " CASCADE"))
            raw = conn.connection.driver_connection
            for t in tables:
                cols = [c.name for c in t.columns]
                names = ", ".join(f'"{c}"' for c in cols)
                with raw.cursor() as cur, cur.copy(f'COPY "{t.name}" ({names}) FROM STDIN') as copy:
                    for row in lite.execute(f'SELECT {names} FROM "{t.name}"'):
                        copy.write_row(row)
                if "id" in t.c and str(t.c.id.type) == "INTEGER":
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{t.name}\"', 'id'), "
                                      f"coalesce((SELECT max(id) FROM \"{t.name}\"), 0) + 1, false)"))
    finally:
        lite.close()
        ws.close()
    return dest, url


def case_import_county_pg(wl: Workload, tmp: Path) -> Case:
    """`import_county` on PostgreSQL: a fresh office database (copied from a template) per run."""
    from gongkai_desktop.office import importing
    from gongkai_desktop.workspace import Workspace

    folder, url = copy_to_postgres(wl.path("office-keys"), tmp / "office-template")
    template = url.rsplit("/", 1)[1]
    counter = itertools.count()
    state: dict[str, Any] = {}

    def before() -> None:
        if "ws" in state:
            state["ws"].close()
        d = tmp / f"office-{next(counter)}"
        shutil.copytree(folder, d)
        state["ws"] = Workspace.open(d, url=new_database(template))

    def run() -> Any:
        ws = state["ws"]
        return importing.import_verdicts(ws, importing.dry_run(ws, [wl.path("packages")]))

    def after(summary: Any) -> None:
        assert len(summary.imported) == wl.info["packages"] and not summary.skipped, summary.line()
        assert len(summary.submissions) == wl.info["submissions"], summary.line()

    return Case(run, before, after, {"packages": wl.info["packages"], "items": wl.info["submitted_items"]})


def case_aggregate_county_pg(wl: Workload, tmp: Path) -> Case:
    """`aggregate_county` on PostgreSQL, the approved county copied in."""
    from gongkai_desktop.office.aggregate import aggregate_county
    from gongkai_desktop.workspace import Workspace

    folder, url = copy_to_postgres(wl.path("office-approved"), tmp / "office")
    ws = Workspace.open(folder, url=url)

    def after(result: Any) -> None:
        areas, summary = result
        assert summary.total.items == sum(a.counts.items for a in areas) > 0

    return Case(lambda: aggregate_county(ws), after=after, info={"items": wl.info["submitted_items"]})


def _queue(ws: Any) -> tuple[list[Any], dict[int, int]]:
    """What `gongkai review list` and the window's queue show: every current submission, its problems."""
    from gongkai_desktop.office import inspect, submissions

    subs = submissions.list_submissions(ws)
    return subs, inspect.problem_counts(ws, [s.id for s in subs])


def _queue_case(ws: Any, wl: Workload) -> Case:
    def after(result: Any) -> None:
        subs, problems = result
        assert len(subs) == len(problems) == wl.info["submissions"], len(subs)

    return Case(lambda: _queue(ws), after=after, info={"submissions": wl.info["submissions"]})


def case_queue_list(wl: Workload, tmp: Path) -> Case:
    """The queue of the county's submissions with their problem counts, on SQLite."""
    return _queue_case(_open(wl.path("office-approved"), tmp / "office"), wl)


def case_queue_list_pg(wl: Workload, tmp: Path) -> Case:
    """The same queue on PostgreSQL."""
    from gongkai_desktop.workspace import Workspace

    folder, url = copy_to_postgres(wl.path("office-approved"), tmp / "office")
    return _queue_case(Workspace.open(folder, url=url), wl)


# the SQLite figures again, as the PostgreSQL figures' baselines (the ratio is the “within 2×” goal)
case_sqlite_import_county = case_import_county
case_sqlite_aggregate_county = case_aggregate_county
