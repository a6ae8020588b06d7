"""The workspace: one database file holding a unit's (or the review office's) data.

A `Workspace` owns the engine and hands out sessions to core operations; nothing above the core
ever sees a session. Opening a workspace first recognises the file without touching it (a foreign,
damaged or newer-release file is refused and left as it is: `workspace_file`), removes temporary
files a killed export left behind (`durable`), backs the file up before a migration and once a day
(`backups`), migrates its schema and loads the shipped reference data (areas, templates, the unit
registry) when it changed since the last start.

Sessions: each `session` is one transaction that takes SQLite's write lock when it begins (unless it
says ``write=False``), so two windows or commands writing the same workspace run one after the other
and never lose each other's changes; a session opened inside another one on the same thread joins
it (a savepoint) instead of waiting for a lock its own caller holds.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from . import (
    APP_NAME,
    db,
    durable,
    faults,
    local_settings,
    resources,
    server,
    settings,
    undo,
    userfiles,
    workspace_file,
)
from .changes import Changes, UndoStatus
from .errors import DomainError
from .models import Area, LawChange, Submission, Template, TemplateItem, Unit, UnitArea
from .undo import Operation

DB_FILE = "workspace.sqlite3"
T = TypeVar("T")
CACHED = frozenset({settings.ROLE.key, settings.UNIT_CODE.key})  # read at ~40 places: once is enough
ROLE_UNIT = "unit"
ROLE_REVIEW = "review_office"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


class Workspace:
    """An open workspace. Use `Workspace.open`; close it when done (or use it as a context manager)."""

    def __init__(self, data_dir: Path, url: str) -> None:
        self.data_dir = data_dir
        self.url = url
        self.path = db.sqlite_path(url)  # the workspace file (None on PostgreSQL)
        self.engine = db.make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._cache: dict[str, Any] = {}
        self._local = threading.local()

    @classmethod
    def open(cls, data_dir: Path | str | None = None, url: str | None = None, registry: Path | None = None,
             daily_backup: bool = True) -> Workspace:
        """Recognise, check, back up, migrate and open; ``daily_backup=False`` leaves the day's backup to
        the caller (the window makes it after its first frame, `backups.automatic`)."""
        data_dir = Path(data_dir) if data_dir else default_data_dir()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise faults.os_error(exc, data_dir, "创建数据目录") from exc
        url = url or local_settings.read(data_dir, settings.DATABASE_URL) or db.sqlite_url(data_dir / DB_FILE)
        url = server.normalise(url)  # a malformed URL or another database is refused here, in Chinese
        path = db.sqlite_path(url)
        try:
            state = workspace_file.recognise(path, integrity=None) if path is not None else None
        except DomainError as exc:
            raise _with_backup(exc, data_dir) from None
        if path is not None:
            _check_writable(path)
        ws = cls(data_dir, url)
        try:
            ws._prepare(state, registry, daily_backup)
        except BaseException as exc:
            ws.close()
            said = server.describe(exc, url) if path is None and not isinstance(exc, DomainError) else None
            if said is not None:  # the shared server is unreachable, or the credentials are wrong
                raise said from None
            raise
        return ws

    def _prepare(self, state: workspace_file.FileState | None, registry: Path | None, daily_backup: bool) -> None:
        from . import backups

        durable.use_journal(self.data_dir)
        durable.clean_leftovers(self.data_dir)
        if state is not None and state.new:
            db.create(self.engine)
        else:
            if state is not None and state.revision != db.SCHEMA_HEAD:
                backups.automatic(self, backups.BEFORE_MIGRATION)
            db.upgrade(self.engine)
            if state is not None and not state.stamped:
                db.stamp_application_id(self.engine)
        if self.get(settings.SETTINGS_VERSION) != len(settings.UPGRADES):  # a write only when there is work
            with self.session() as s:
                settings.upgrade(s)
        self.sync_reference_data(registry)
        if state is not None and daily_backup:
            backups.automatic(self, backups.DAILY)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self, write: bool | None = None) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception.

        ``write=None`` (the default) may write: on SQLite it takes the write lock when it begins, so
        what it reads cannot change under it before it writes. ``write=True`` is for a
        read-modify-write that must be serialised on every database (package sequences, the key,
        counters): on PostgreSQL it also takes the workspace's advisory lock. ``write=False`` only
        reads and never waits for a writer. Inside another session on the same thread, the session
        is that one (a savepoint): its changes commit with the outer transaction.
        """
        outer: Session | None = getattr(self._local, "session", None)
        if outer is not None:
            with outer.begin_nested():
                yield outer
            return
        with self._sessions.begin() as s:
            db.begin(s, write)
            self._local.session = s
            try:
                yield s
            finally:
                self._local.session = None

    @contextmanager
    def operation(self, name: str, merge_key: str | None = None) -> Iterator[Operation]:
        """One user action: one transaction and one named undo entry (see `undo`).

        The operation tracks the rows it changes on the `Operation` it is given and fills in
        ``op.changes``; the entry is written in the same transaction as the change.
        """
        with self.session() as s:
            op = Operation(s, name, self.actor, merge_key)
            yield op
            op.finish()

    @property
    def actor(self) -> str:
        """Whose undo entries these are (one person per SQLite workspace; a reviewer on a shared one)."""
        return "" if self.path is not None else self.reviewer

    @property
    def shared(self) -> bool:
        """Is this workspace a shared database (PostgreSQL) that several reviewers use at once?"""
        return self.path is None

    @property
    def reviewer(self) -> str:
        """Who works in this data folder (the name on comments and decisions; empty until chosen)."""
        return self.get(settings.REVIEWER_NAME)

    def undo(self) -> Changes:
        """Take back the newest action (a `DomainError` when there is none or it went stale)."""
        return self._step(backwards=True)

    def redo(self) -> Changes:
        return self._step(backwards=False)

    def _step(self, backwards: bool) -> Changes:
        try:
            reviewer = self.reviewer if self.role == ROLE_REVIEW else ""
            with self.session() as s:
                return undo.step(s, self.actor, backwards, reviewer)
        except DomainError as exc:
            if exc.code == "undo_stale":  # the stale entry is dropped, so the next undo can go on
                with self.session() as s:
                    undo.drop_stale(s, self.actor, backwards)
            raise

    def undo_status(self) -> UndoStatus:
        """What 撤销 / 重做 would take back or bring back now (names for the 编辑 menu)."""
        with self.session(write=False) as s:
            return undo.status_in(s, self.actor)

    # Settings (declared in `settings`) ---------------------------------------------------------
    def get(self, setting: settings.Setting[T]) -> T:
        """A workspace setting, typed as declared (the default when missing or malformed)."""
        if setting.key in self._cache:
            return self._cache[setting.key]
        if setting.scope is settings.Scope.LOCAL:
            return local_settings.read(self.data_dir, setting)
        with self.session(write=False) as s:
            value = settings.read(s, setting)
        if setting.key in CACHED:
            self._cache[setting.key] = value
        return value

    def put(self, setting: settings.Setting[T], value: T) -> None:
        if setting.scope is settings.Scope.LOCAL:
            local_settings.write(self.data_dir, setting, value)
            return
        with self.session() as s:
            settings.write(s, setting, value)
        self._cache.pop(setting.key, None)

    def get_setting(self, key: str | settings.Setting[Any], default: Any = None) -> Any:
        """Older spelling of `get`; a bare key must be a declared one."""
        spec = key if isinstance(key, settings.Setting) else _declared(key)
        value = self.get(spec)
        return default if value is None else value

    def set_setting(self, key: str | settings.Setting[Any], value: Any) -> None:
        self.put(key if isinstance(key, settings.Setting) else _declared(key), value)

    @property
    def role(self) -> str | None:
        """Read once per open workspace (it changes only through `identity`, which goes through `put`)."""
        return self.get(settings.ROLE)

    @property
    def unit_code(self) -> str | None:
        return self.get(settings.UNIT_CODE)

    # Reference data -------------------------------------------------------------------------
    def sync_reference_data(self, registry: Path | None = None) -> None:
        """Load areas, templates and units when the shipped files changed (cheap digest check).

        The unit registry is the shipped one unless the workspace holds its own (a county's file
        loaded with `load_registry_file`, or the one the review office distributed).
        """
        if registry is not None:
            self.load_registry_file(registry)
            return
        own = self.get(settings.REGISTRY)
        files = [resources.RESOURCES / "areas.json", *sorted((resources.RESOURCES / "templates").glob("*.json")),
                 resources.RESOURCES / "laws.json"]
        if own is None:
            files.append(resources.RESOURCES / "units" / "jiangshan.json")
        digest = _digest(files)
        if self.get(settings.REFERENCE_DIGEST) == digest:
            return
        areas = resources.load_areas()
        templates = resources.load_templates(areas)
        with self.session() as s:  # the areas the review office defined are the registry's too
            office_areas = [resources.office_area_spec(a.code, a.number, a.name, a.level1)
                            for a in s.scalars(select(Area).where(Area.origin != "shipped"))]
        reg = (resources.parse_registry(own, Path("registry"), areas + office_areas) if own is not None
               else resources.load_registry(None, areas))
        with self.session(write=True) as s:  # two reviewers starting at once on a shared database: one loads
            if settings.read(s, settings.REFERENCE_DIGEST) == digest:
                return
            _sync_areas(s, areas)
            _sync_templates(s, templates)
            s.execute(update(Submission).values(problem_count=None))  # templates changed: count problems afresh
            _sync_units(s, reg)
            _sync_laws(s, resources.load_laws())
            settings.write(s, settings.REFERENCE_DIGEST, digest)
            settings.write(s, settings.COUNTY, reg.county)
            if not settings.read(s, settings.REVIEW_OFFICE) or own is None:
                settings.write(s, settings.REVIEW_OFFICE, reg.review_office)

    def load_registry_file(self, path: Path | str) -> resources.RegistrySpec:
        """Use another county's unit registry (same format as resources/units/jiangshan.json)."""
        path = userfiles.require_file(path, "单位名册文件")
        return self.use_registry(resources._read_json(path), path)

    def use_registry(self, data: dict[str, Any], source: Path) -> resources.RegistrySpec:
        """Use a registry given as data (a file's, or a prefecture's counties from the hierarchy)."""
        reg = resources.parse_registry(data, source)
        with self.session() as s:
            _sync_units(s, reg)
            settings.write(s, settings.REGISTRY, data)
            settings.write(s, settings.COUNTY, reg.county)
            settings.write(s, settings.REVIEW_OFFICE, reg.review_office)
        return reg


def _declared(key: str) -> settings.Setting[Any]:
    for spec in settings.ALL:
        if spec.key == key:
            return spec
    for family in settings.FAMILIES:
        if key.startswith(family.prefix + "."):
            return family.of(key[len(family.prefix) + 1:])
    raise ValueError(f"undeclared workspace setting {key!r}: declare it in gongkai_desktop/settings.py")


def _check_writable(path: Path) -> None:
    """Every edit is saved at once, so a workspace that cannot be written is refused up front, unchanged."""
    import os

    if not os.access(path.parent, os.W_OK):  # SQLite keeps its WAL beside the file
        raise faults.read_only(path.parent)
    if path.exists() and not os.access(path, os.W_OK):
        raise faults.read_only_workspace(path)


def _with_backup(refusal: DomainError, data_dir: Path) -> DomainError:
    """A refused workspace file: name the last good backup, the way out the message offers."""
    from . import backups

    if refusal.code not in ("workspace_damaged", "not_a_workspace", "workspace_newer"):
        return refusal
    good = backups.latest_good(data_dir)
    if good is None:
        return refusal
    return DomainError(refusal.code, f"{refusal.message}最近一次完好的备份是 {good.label}：{good.path}"
                                     f"（命令行：gongkai restore {good.path.name}）。")


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()


def _sync_areas(s: Session, areas: list[resources.AreaSpec]) -> None:
    for a in areas:
        s.merge(Area(code=a.code, number=a.number, name=a.name, level1=a.level1))
    s.flush()


def _sync_templates(s: Session, templates: list[resources.TemplateSpec]) -> None:
    """Add template versions not yet stored; a stored version with the same number is refreshed."""
    for t in templates:
        row = s.scalar(select(Template).where(Template.area_code == t.area_code, Template.version == t.version))
        if row is None:
            row = Template(area_code=t.area_code, version=t.version)
            s.add(row)
        row.document, row.notes, row.level1 = t.document, t.notes, t.level1
        s.flush()
        s.execute(delete(TemplateItem).where(TemplateItem.template_id == row.id))
        s.execute(
            TemplateItem.__table__.insert(),
            [dict(item, template_id=row.id, position=i) for i, item in enumerate(t.items)],
        )


def _sync_laws(s: Session, laws: list[resources.LawSpec]) -> None:
    """The shipped repealed laws; those the review office added (origin office) stay."""
    for law in laws:
        s.merge(LawChange(name=law.name, successor=law.successor, effective=law.effective, kind=law.kind,
                          source=law.source, aliases=law.aliases, origin="shipped"))


def _sync_units(s: Session, reg: resources.RegistrySpec) -> None:
    for u in reg.units:
        s.merge(Unit(code=u.code, name=u.name, kind=u.kind, aliases=u.aliases, parent_code=u.parent))
    s.flush()
    s.execute(delete(UnitArea))
    rows = [{"unit_code": u.code, "area_code": a} for u in reg.units for a in u.areas]
    if rows:
        s.execute(UnitArea.__table__.insert(), rows)
