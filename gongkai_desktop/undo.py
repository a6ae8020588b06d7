"""Undo and redo in the core: every user action is one named entry that can be taken back exactly.

An operation runs inside `Workspace.operation(name)`, which hands it an `Operation`: before it
changes a row it says so (`track`, `track_where`, `created`), and when it ends the rows' images
before and after are stored in one `UndoEntry`, in the same transaction as the change itself.
Undo writes the before-images back, redo the after-images: the same ids, the same times, the same
change-log rows — a comment deleted and brought back is the same comment, not a copy.

The log lives in the workspace, so `gongkai undo` undoes what the window did and the other way
round; entries belong to an actor (a reviewer on a shared database undoes only their own work).
An entry is refused (and dropped) when the rows it would restore were changed since by something
that kept no entry, so an undo never overwrites later work. Operations that cannot be undone
(importing a package, handing one in) call `barrier`, which forgets the log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Table, and_, bindparam, delete, insert, or_, select, update

from .changes import CatalogState, Changes, UndoStatus
from .errors import DomainError
from .models import Catalog, CatalogItem, ChangeLog, UndoEntry, utcnow
from .records import ITEM_DATA_FIELDS, ItemRecord

KEEP_ENTRIES = 200  # per actor; older entries are forgotten
_CHUNK = 400

DONE, UNDONE = "done", "undone"
# built once: an edit is the hot path (the window commits one per field)
_DELETE_TAIL = delete(UndoEntry).where(UndoEntry.actor == bindparam("actor"), UndoEntry.state == UNDONE)
_INSERT_ENTRY = UndoEntry.__table__.insert()
_INSERT_LOG = ChangeLog.__table__.insert()


def _pk_cols(table: Table) -> list[Any]:
    return list(table.primary_key.columns)


def _encode(table: Table, row: Any, cols: Sequence[str] | None) -> dict[str, Any]:
    names = cols or [c.name for c in table.columns]
    out: dict[str, Any] = {}
    for name in names:
        value = row[name]
        if isinstance(value, datetime | date):
            value = value.isoformat()
        out[name] = value
    return out


def _decode(table: Table, image: dict[str, Any]) -> dict[str, Any]:
    out = dict(image)
    for name, value in image.items():
        col_type = table.c[name].type
        if isinstance(value, str) and isinstance(col_type, DateTime):
            out[name] = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(col_type, Date):
            out[name] = date.fromisoformat(value)
    return out


def _key(table: Table, pk: Any) -> tuple[Any, ...]:
    return tuple(pk) if isinstance(pk, tuple | list) else (pk,)


def _where_pk(table: Table, keys: Sequence[tuple[Any, ...]]) -> Any:
    cols = _pk_cols(table)
    if len(cols) == 1:
        return cols[0].in_([k[0] for k in keys])
    return or_(*(and_(*(c == v for c, v in zip(cols, k, strict=True))) for k in keys))


def _read(s: Any, table: Table, keys: Sequence[tuple[Any, ...]], cols: Sequence[str] | None) -> dict[tuple, dict]:
    """Current images of the rows with ``keys`` (missing rows are absent from the result)."""
    out: dict[tuple, dict] = {}
    pk_names = [c.name for c in _pk_cols(table)]
    wanted = [table.c[n] for n in dict.fromkeys([*pk_names, *(cols or [c.name for c in table.columns])])]
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i:i + _CHUNK]
        for row in s.execute(select(*wanted).where(_where_pk(table, chunk))).mappings():
            out[tuple(row[n] for n in pk_names)] = _encode(table, row, cols)
    return out


@dataclass(slots=True)
class _Tracked:
    table: Table
    key: tuple[Any, ...]
    cols: tuple[str, ...] | None
    before: dict[str, Any] | None
    live: Any = None  # an ORM object whose attributes give the after-image without a query
    after: dict[str, Any] | None = None  # an after-image the operation computed itself


def _image_of(obj: Any, cols: tuple[str, ...] | None) -> dict[str, Any]:
    table = obj.__table__
    return _encode(table, {c.name: getattr(obj, c.name) for c in table.columns}, cols)


class Operation:
    """The undo recorder of one operation; `Workspace.operation` makes it and finishes it."""

    def __init__(self, session: Any, name: str, actor: str = "", merge_key: str | None = None) -> None:
        self.session = session
        self.name = name
        self.actor = actor
        self.merge_key = merge_key
        self.changes = Changes(name=name)
        self._rows: dict[tuple[str, tuple, tuple | None], _Tracked] = {}
        self.undoable = True
        self._forget_actor: str | None = None

    # What an operation says before it changes rows -------------------------------------------------
    def track(self, table: Table, pk: Any, cols: Sequence[str] | None = None) -> None:
        """Record the row's image now (once): call before changing it."""
        self.track_many(table, [pk], cols)

    def track_many(self, table: Table, pks: Iterable[Any], cols: Sequence[str] | None = None) -> None:
        colkey = tuple(cols) if cols else None
        keys = [k for k in (_key(table, pk) for pk in pks) if (table.name, k, colkey) not in self._rows]
        if not keys:
            return
        self.session.flush()
        found = _read(self.session, table, keys, colkey)
        for k in keys:
            self._rows[(table.name, k, colkey)] = _Tracked(table, k, colkey, found.get(k))

    def track_where(self, table: Table, where: Any, cols: Sequence[str] | None = None) -> None:
        """Record every row matching ``where`` (e.g. the items whose positions an insert shifts)."""
        self.session.flush()
        pk = _pk_cols(table)
        keys = [tuple(r) for r in self.session.execute(select(*pk).where(where)).all()]
        self.track_many(table, keys, cols)

    def track_obj(self, obj: Any, cols: Sequence[str] | None = None) -> None:
        """Record a loaded ORM object's row as it is now, without a query (the edit hot path).

        Its after-image is read from the object too, so only use it for an object the operation
        changes through its attributes (not through Core UPDATEs) and does not delete.
        """
        table = obj.__table__
        key = tuple(getattr(obj, c.name) for c in _pk_cols(table))
        colkey = tuple(cols) if cols else None
        if (table.name, key, colkey) not in self._rows:
            self._rows[(table.name, key, colkey)] = _Tracked(table, key, colkey, _image_of(obj, colkey), obj)

    def record(self, table: Table, key: tuple[Any, ...], before: dict[str, Any] | None,
               after: dict[str, Any] | None) -> None:
        """Both images of a row the operation changed itself with Core statements (no query).

        A row already tracked keeps its first before-image; the after-image is the latest."""
        slot = (table.name, key, None)
        first = self._rows.get(slot)
        b = first.before if first is not None else (None if before is None else _encode(table, before, None))
        self._rows[slot] = _Tracked(table, key, None, b, None, None if after is None else _encode(table, after, None))

    def created(self, table: Table, pks: Iterable[Any]) -> None:
        """Rows this operation inserted (they did not exist before)."""
        for pk in pks:
            k = _key(table, pk)
            self._rows.setdefault((table.name, k, None), _Tracked(table, k, None, None))

    def log(self, rows: list[dict[str, Any]]) -> None:
        """Write change-log rows (an undo later adds its own rows, so the log keeps the whole story);
        each says which operation made it (its name, e.g. 修改公开时限), unless it says so itself."""
        if rows:
            self.session.flush()
            self.session.connection().execute(_INSERT_LOG, [r if r.get("origin") else {**r, "origin": self.name[:64]}
                                                            for r in rows])

    def forget(self) -> None:
        """This operation cannot be undone, and nothing before it either (a barrier for everyone)."""
        self.undoable = False
        self._forget_actor = None

    def forget_own(self) -> None:
        """This operation cannot be undone, nor this actor's earlier ones (other people's stay)."""
        self.undoable = False
        self._forget_actor = self.actor

    # Finishing ----------------------------------------------------------------------------------------
    def finish(self) -> Changes:
        """Store the entry (merged into the previous one for the same ``merge_key``) in this transaction."""
        s = self.session
        if not self.undoable:
            barrier(s, self._forget_actor)
            self.changes.undo = status_in(s, self.actor)
            return self.changes
        images = self._after_images()
        if not images:
            self.changes.undo = status_in(s, self.actor)
            return self.changes
        conn = s.connection()
        conn.execute(_DELETE_TAIL, {"actor": self.actor})
        top = _top(s, self.actor, DONE) if self.merge_key else None
        if top is not None and top.merge_key == self.merge_key and top.name == self.name:
            top.rows = _merge_images(top.rows, images)
            top.at = utcnow()
            s.flush()
        else:
            done = conn.execute(_INSERT_ENTRY, {"actor": self.actor, "name": self.name, "merge_key": self.merge_key,
                                                "state": DONE, "at": utcnow(), "rows": images})
            new_id = done.inserted_primary_key[0] if done.inserted_primary_key else None
            if new_id and new_id % 20 == 0:  # now and then is enough
                _prune(s, self.actor)
        self.changes.undo = UndoStatus(undo=self.name, redo=None)
        return self.changes

    def _after_images(self) -> list[dict[str, Any]]:
        s = self.session
        s.flush()
        groups: dict[tuple[str, tuple | None], list[_Tracked]] = {}
        out: list[dict[str, Any]] = []
        for t in self._rows.values():
            if t.live is not None or t.after is not None:
                after = _image_of(t.live, t.cols) if t.live is not None else t.after
                if after != t.before:
                    out.append({"t": t.table.name, "k": list(t.key), "c": list(t.cols) if t.cols else None,
                                "b": t.before, "a": after})
            else:
                groups.setdefault((t.table.name, t.cols), []).append(t)
        for tracked in groups.values():
            table, cols = tracked[0].table, tracked[0].cols
            now = _read(s, table, [t.key for t in tracked], cols)
            for t in tracked:
                after = now.get(t.key)
                if after != t.before:
                    out.append({"t": table.name, "k": list(t.key), "c": list(cols) if cols else None,
                                "b": t.before, "a": after})
        order = {key: n for n, key in enumerate(self._rows)}
        out.sort(key=lambda r: order.get((r["t"], tuple(r["k"]), tuple(r["c"]) if r["c"] else None), 0))
        return out


def _merge_images(old: list[dict], new: list[dict]) -> list[dict]:
    """One typing session, one entry: keep the first before-image of each row, the last after-image."""
    index = {(r["t"], json.dumps(r["k"]), json.dumps(r["c"])): r for r in old}
    merged = [dict(r) for r in old]
    pos = {(r["t"], json.dumps(r["k"]), json.dumps(r["c"])): n for n, r in enumerate(merged)}
    for r in new:
        key = (r["t"], json.dumps(r["k"]), json.dumps(r["c"]))
        if key in index:
            merged[pos[key]]["a"] = r["a"]
        else:
            merged.append(r)
    return [r for r in merged if r["a"] != r["b"]]


def _top(s: Any, actor: str, state: str) -> UndoEntry | None:
    order = UndoEntry.id.desc() if state == DONE else UndoEntry.id.asc()
    return s.scalars(select(UndoEntry).where(UndoEntry.actor == actor, UndoEntry.state == state)
                     .order_by(order).limit(1)).first()


def _prune(s: Any, actor: str) -> None:
    keep_from = s.scalar(select(UndoEntry.id).where(UndoEntry.actor == actor).order_by(UndoEntry.id.desc())
                         .offset(KEEP_ENTRIES).limit(1))
    if keep_from is not None:
        s.execute(delete(UndoEntry).where(UndoEntry.actor == actor, UndoEntry.id <= keep_from))


def barrier(s: Any, actor: str | None = None) -> None:
    """Forget every entry (of ``actor``, or everyone's): what happened cannot be taken back (a
    package went out or came in, a decision was made)."""
    q = delete(UndoEntry)
    s.execute(q if actor is None else q.where(UndoEntry.actor == actor))


def status_in(s: Any, actor: str = "") -> UndoStatus:
    done = _top(s, actor, DONE)
    undone = _top(s, actor, UNDONE)
    return UndoStatus(done.name if done else None, undone.name if undone else None)


# Undo and redo ----------------------------------------------------------------------------------------
_TABLES: dict[str, Table] = {}


def _table(name: str) -> Table:
    if not _TABLES:
        from .models import Base

        _TABLES.update(Base.metadata.tables)
    return _TABLES[name]


def step(s: Any, actor: str, backwards: bool, reviewer: str = "") -> Changes:
    """Undo (``backwards``) the newest done entry, or redo the oldest undone one, in session ``s``;
    ``reviewer`` names who did it in the review's audit log when it touches a review."""
    entry = _top(s, actor, DONE if backwards else UNDONE)
    if entry is None:
        raise DomainError("nothing_to_undo" if backwards else "nothing_to_redo",
                          "没有可以撤销的操作。" if backwards else "没有可以重做的操作。")
    rows = entry.rows
    expect, target = ("a", "b") if backwards else ("b", "a")
    if not _unchanged(s, rows, expect):
        raise DomainError("undo_stale", f"“{entry.name}”之后这些内容又被其他操作修改过，无法{'撤销' if backwards else '重做'}。"
                                        "该记录已移除。")
    _apply(s, rows, target)
    _log_step(s, rows, expect, target, "undo" if backwards else "redo",
              f"{'撤销' if backwards else '重做'} {entry.name}"[:64])
    entry.state = UNDONE if backwards else DONE
    s.flush()
    changes = _changes_of(s, rows, f"{'撤销' if backwards else '重做'} {entry.name}")
    if changes.submissions:
        _reviews_moved(s, changes.submissions, reviewer, changes.name)
    changes.undo = status_in(s, actor)
    return changes


def _reviews_moved(s: Any, submission_ids: set[int], reviewer: str, what: str) -> None:
    """An undo or redo of a review edit changes that review too: its next version (so another
    reviewer's open view refuses a stale edit and reloads, as after any edit) and a line in the
    audit log, which is history and keeps both the edit and its undo."""
    from .models import AuditEntry, Submission

    for sub in s.scalars(select(Submission).where(Submission.id.in_(sorted(submission_ids)))):
        sub.review_version = (sub.review_version or 0) + 1
        sub.review_by = reviewer
        s.add(AuditEntry(at=utcnow(), reviewer=reviewer, action="undo", submission_id=sub.id, detail=what[:2000]))


def drop_stale(s: Any, actor: str, backwards: bool) -> None:
    """Remove the entry `step` refused as stale (and, for undo, the redo tail it would leave)."""
    entry = _top(s, actor, DONE if backwards else UNDONE)
    if entry is not None:
        s.delete(entry)


def _unchanged(s: Any, rows: list[dict], side: str) -> bool:
    """The rows are still as the entry left them (undo) or found them (redo)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        groups.setdefault((r["t"], json.dumps(r["c"])), []).append(r)
    for (name, cols_json), group in groups.items():
        table = _table(name)
        cols = json.loads(cols_json)
        now = _read(s, table, [tuple(r["k"]) for r in group], cols)
        for r in group:
            if now.get(tuple(r["k"])) != r[side]:
                return False
    return True


def _apply(s: Any, rows: list[dict], side: str) -> None:
    """Write one side's images: deletions last-tracked first, then inserts and updates in order."""
    for r in reversed(rows):
        if r[side] is None and r["c"] is None:
            table = _table(r["t"])
            s.execute(delete(table).where(_where_pk(table, [tuple(r["k"])])))
    for r in rows:
        image = r[side]
        if image is None:
            continue
        table = _table(r["t"])
        values = _decode(table, image)
        other = r["a" if side == "b" else "b"]
        if other is None and r["c"] is None:
            s.execute(insert(table).values(**values))
        else:
            s.execute(update(table).where(_where_pk(table, [tuple(r["k"])])).values(**values))


def _log_step(s: Any, rows: list[dict], was: str, now: str, action: str, origin: str = "") -> None:
    """Change-log rows for what an undo or redo did to items, field by field (the item's history)."""
    out: list[dict[str, Any]] = []
    at = utcnow()
    for r in rows:
        if r["t"] != "catalog_item":
            continue
        old, new = r[was], r[now]
        ref = new or old or {}
        base = {"catalog_id": ref.get("catalog_id", 0), "item_id": r["k"][0], "at": at, "catalog_version": 0,
                "origin": origin or None}
        if old is None or new is None:
            if r["c"] is None:
                out.append({**base, "action": f"{action}_{'create' if old is None else 'delete'}", "field": None,
                            "old": None, "new": None})
            continue
        for f in ITEM_DATA_FIELDS:
            if f in new and f in old and new[f] != old[f] and f not in ("revision", "updated_at"):
                out.append({**base, "action": action, "field": f, "old": old[f], "new": new[f]})
    if out:
        versions = dict(s.execute(select(Catalog.id, Catalog.version).where(
            Catalog.id.in_({o["catalog_id"] for o in out}))).all())
        for o in out:
            o["catalog_version"] = versions.get(o["catalog_id"], 0)
        s.execute(ChangeLog.__table__.insert(), out)


def _changes_of(s: Any, rows: list[dict], name: str) -> Changes:
    """What an undo or redo touched, with the records as they are now (for the views)."""
    ch = Changes(name=name)
    item_ids: list[str] = []
    list_changed: set[str] = set()  # items added, removed or moved: their catalog's list changed
    catalog_ids: set[int] = set()
    for r in rows:
        image = r["a"] or r["b"] or {}
        if r["t"] == "catalog_item":
            item_ids.append(r["k"][0])
            if r["c"] is not None or r["a"] is None or r["b"] is None:
                list_changed.add(r["k"][0])
                if image.get("catalog_id"):
                    ch.reordered.add(image["catalog_id"])
        elif r["t"] == "catalog":
            catalog_ids.add(r["k"][0])
        elif r["t"] in ("review_comment", "item_verdict"):
            ch.submissions.add(image.get("submission_id") or 0)
            if r["t"] == "review_comment":
                ch.comments.add(r["k"][0])
        elif r["t"] == "submission":
            ch.submissions.add(r["k"][0])
        elif r["t"] == "received_comment":
            ch.received_comments.add(r["k"][0])
            catalog_ids.add(image.get("catalog_id") or 0)
    ch.submissions.discard(0)
    catalog_ids.discard(0)
    for rec in read_item_records(s, list(dict.fromkeys(item_ids))):
        ch.items[rec.id] = rec
        catalog_ids.add(rec.catalog_id)
        if rec.id in list_changed:
            ch.reordered.add(rec.catalog_id)
    for item_id in item_ids:
        ch.items.setdefault(item_id, None)
    areas = {r["k"][0]: (r["a"] or r["b"] or {}).get("area_code", "") for r in rows if r["t"] == "catalog"}
    for cid in catalog_ids | ch.reordered:
        ch.catalogs[cid] = catalog_state(s, cid) or CatalogState(cid, areas.get(cid, ""), "", 0, exists=False)
    return ch


def read_item_records(s: Any, item_ids: Sequence[str]) -> Iterator[ItemRecord]:
    table = CatalogItem.__table__
    cols = [table.c[n] for n in ("catalog_id", *ITEM_DATA_FIELDS)]
    for i in range(0, len(item_ids), _CHUNK):
        for row in s.execute(select(*cols).where(table.c.id.in_(item_ids[i:i + _CHUNK]))).mappings():
            yield ItemRecord(**row)


def catalog_state(s: Any, catalog_id: int) -> CatalogState | None:
    row = s.execute(select(Catalog.id, Catalog.area_code, Catalog.status, Catalog.version)
                    .where(Catalog.id == catalog_id)).first()
    return None if row is None else CatalogState(*row)
