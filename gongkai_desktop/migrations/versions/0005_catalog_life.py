"""the catalog's life: kept versions (with their items), template upgrade choices, repealed laws,
the origin of each change-log row, areas the office defined, villages under their township

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10 10:00:00

Versions handed in or approved before this release are kept as well: on a unit, every catalog that
is handed in now (submitted, returned, approved) is exactly the version that went out, so it is
copied as that version; every earlier version is rebuilt from the change log (a version N started
with the first change after N − 1 was handed in, so undoing, newest first, the changes logged with
version N gives N − 1 as it went out) unless the log cannot tell (an undo that took an item away);
at the review office every approved submission becomes an approved version.
"""

import json
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

ITEM_COLUMNS = ("source", "level1", "level2", "content", "basis", "time_limit", "publisher", "channels",
                "channel_other", "audience", "mode", "levels", "attribute", "legal_ground", "applicability",
                "applicability_reason", "remarks", "five_disclosures")


def _item_columns() -> list:
    return [
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('level1', sa.Text(), nullable=False),
        sa.Column('level2', sa.Text(), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('basis', sa.Text(), nullable=False),
        sa.Column('time_limit', sa.Text(), nullable=False),
        sa.Column('publisher', sa.Text(), nullable=False),
        sa.Column('channels', sa.JSON(), nullable=False),
        sa.Column('channel_other', sa.Text(), nullable=False),
        sa.Column('audience', sa.JSON(), nullable=False),
        sa.Column('mode', sa.String(length=16), nullable=False),
        sa.Column('levels', sa.JSON(), nullable=False),
        sa.Column('attribute', sa.String(length=16), nullable=False),
        sa.Column('legal_ground', sa.Text(), nullable=False),
        sa.Column('applicability', sa.String(length=16), nullable=False),
        sa.Column('applicability_reason', sa.Text(), nullable=False),
        sa.Column('remarks', sa.Text(), nullable=False),
        sa.Column('five_disclosures', sa.JSON(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('catalog_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('area_code', sa.String(length=8), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('template_version', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('package_id', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('round', sa.String(length=32), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_version'))
    )
    with op.batch_alter_table('catalog_version', schema=None) as batch_op:
        batch_op.create_index('ix_catalog_version_unit_area', ['unit_code', 'area_code', 'version'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_version_submission_id'), ['submission_id'], unique=False)

    op.create_table('catalog_version_item',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('template_code', sa.String(length=16), nullable=True),
    *_item_columns(),
    sa.ForeignKeyConstraint(['version_id'], ['catalog_version.id'], name=op.f('fk_catalog_version_item_version_id_catalog_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version_id', 'id', name=op.f('pk_catalog_version_item'))
    )

    op.create_table('template_choice',
    sa.Column('catalog_id', sa.Integer(), nullable=False),
    sa.Column('template_version', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('choice', sa.String(length=8), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['catalog_id'], ['catalog.id'], name=op.f('fk_template_choice_catalog_id_catalog'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('catalog_id', 'template_version', 'code', name=op.f('pk_template_choice'))
    )

    op.create_table('law_change',
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('successor', sa.String(length=128), nullable=False),
    sa.Column('effective', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_law_change'))
    )

    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=64), nullable=True))
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=16), server_default='shipped', nullable=False))
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_code', sa.String(length=32), nullable=True))

    _keep_versions_handed_in_before()


def _keep_versions_handed_in_before() -> None:
    """The versions an earlier release handed in or approved are this release's first kept versions."""
    conn = op.get_bind()
    cats = conn.execute(sa.text(
        "SELECT id, unit_code, area_code, version, template_version, status, updated_at FROM catalog "
        "WHERE status IN ('submitted', 'returned', 'approved')")).all()
    cols = ", ".join(ITEM_COLUMNS)
    for cid, unit, area, version, tv, status, at in cats:
        n = conn.execute(sa.text("SELECT count(*) FROM catalog_item WHERE catalog_id = :c"), {"c": cid}).scalar()
        vid = conn.execute(sa.text(
            "INSERT INTO catalog_version (side, kind, unit_code, area_code, version, template_version, state, "
            "package_id, sequence, item_count, round, taken_at) VALUES ('unit', 'submitted', :u, :a, :v, :tv, :st, "
            "'', 0, :n, '', :at) RETURNING id"),
            {"u": unit, "a": area, "v": version, "tv": tv or "", "st": status, "n": n, "at": at}).scalar()
        conn.execute(sa.text(
            f"INSERT INTO catalog_version_item (version_id, id, position, revision, template_code, {cols}) "
            f"SELECT :vid, id, position, revision, template_code, {cols} FROM catalog_item WHERE catalog_id = :c"),
            {"vid": vid, "c": cid})
    for cid, unit, area, version, tv in conn.execute(sa.text(
            "SELECT id, unit_code, area_code, version, template_version FROM catalog WHERE version > 1")).all():
        _rebuild_earlier_versions(conn, cid, unit, area, version, tv or "")
    approved = conn.execute(sa.text(
        "SELECT s.id, s.unit_code, s.area_code, s.catalog_version, s.template_version, s.package_id, s.sequence, "
        "s.item_count, s.received_at FROM submission s WHERE s.status = 'approved'")).all()
    for sid, unit, area, version, tv, pkg, seq, n, received in approved:
        last = conn.execute(sa.text("SELECT round, at FROM decision WHERE submission_id = :s AND decision = 'approved' "
                                    "ORDER BY at DESC, id DESC LIMIT 1"), {"s": sid}).first()
        conn.execute(sa.text(
            "INSERT INTO catalog_version (side, kind, unit_code, area_code, version, template_version, state, "
            "submission_id, package_id, sequence, item_count, round, taken_at, decided_at) VALUES ('office', "
            "'approved', :u, :a, :v, :tv, 'approved', :sid, :p, :seq, :n, :r, :at, :d)"),
            {"u": unit, "a": area, "v": version, "tv": tv or "", "sid": sid, "p": pkg, "seq": seq, "n": n,
             "r": last[0] if last else "", "at": received, "d": last[1] if last else received})


JSON_COLUMNS = ("channels", "audience", "levels", "five_disclosures")
ROW_COLUMNS = ("id", "position", "revision", "template_code", *ITEM_COLUMNS)


class _CannotTell(Exception):
    """The change log does not say what an earlier version held."""


def _rebuild_earlier_versions(conn, cid: int, unit: str, area: str, version: int, tv: str) -> None:  # noqa: ANN001
    rows = conn.execute(sa.text(f"SELECT {', '.join(ROW_COLUMNS)} FROM catalog_item WHERE catalog_id = :c "
                                "ORDER BY position"), {"c": cid}).mappings().all()
    items = [{k: (json.loads(v) if k in JSON_COLUMNS and isinstance(v, str) else v) for k, v in r.items()} for r in rows]
    log = conn.execute(sa.text("SELECT action, item_id, field, old, new, at, catalog_version FROM change_log "
                               "WHERE catalog_id = :c ORDER BY id DESC"), {"c": cid}).all()
    for k in range(version, 1, -1):
        try:
            items = _undo_version([r for r in log if r[6] == k], items)
        except _CannotTell:
            return
        # handed in before its next version began (the first change logged with that next version)
        started = min((r[5] for r in log if r[6] == k), default=None) or datetime.now(timezone.utc).replace(tzinfo=None)
        _insert_rebuilt(conn, unit, area, k - 1, tv, items, started)


def _decode(value):  # noqa: ANN001, ANN202
    return json.loads(value) if isinstance(value, str) else value


def _undo_version(rows: list, items: list[dict]) -> list[dict]:
    """The items before the changes ``rows`` (newest first) were made."""
    items = [dict(i) for i in items]
    edits: dict[str, set] = {}
    for action, item_id, field, old, new, at, _v in rows:
        old, new = _decode(old), _decode(new)
        index = next((n for n, i in enumerate(items) if i["id"] == item_id), None)
        if action in ("create", "undo_create", "redo_create"):
            if index is not None:
                items.pop(index)
        elif action == "delete" and isinstance(old, dict):
            items.insert(min(int(old.get("position", len(items))), len(items)),
                         {c: old.get(c) for c in ROW_COLUMNS if c != "id"} | {"id": item_id})
        elif field == "position" and action == "move" and index is not None and isinstance(old, int):
            items.insert(min(old, len(items)), items.pop(index))
        elif field in ITEM_COLUMNS and index is not None and action in ("update", "undo", "redo"):
            items[index][field] = old
            edits.setdefault(item_id, set()).add(at)
        else:
            raise _CannotTell
    for n, item in enumerate(items):
        item["position"] = n
        item["revision"] = max(1, int(item.get("revision") or 1) - len(edits.get(item["id"], ())))
    return items


def _value(item: dict, column: str):  # noqa: ANN202
    value = item.get(column)
    if column in JSON_COLUMNS:
        return json.dumps(value or [], ensure_ascii=False)
    if value is None and column in ITEM_COLUMNS:  # a record logged by an older release may lack a field
        return {"source": "template", "attribute": "主动公开", "applicability": "adopted"}.get(column, "")
    return value


def _insert_rebuilt(conn, unit: str, area: str, version: int, tv: str, items: list[dict], at) -> None:  # noqa: ANN001
    vid = conn.execute(sa.text(
        "INSERT INTO catalog_version (side, kind, unit_code, area_code, version, template_version, state, package_id, "
        "sequence, item_count, round, taken_at) VALUES ('unit', 'submitted', :u, :a, :v, :tv, 'submitted', '', 0, :n, "
        "'', :at) RETURNING id"), {"u": unit, "a": area, "v": version, "tv": tv, "n": len(items), "at": at}).scalar()
    cols = ", ".join(ROW_COLUMNS)
    values = ", ".join(f":{c}" for c in ROW_COLUMNS)
    conn.execute(sa.text(f"INSERT INTO catalog_version_item (version_id, {cols}) VALUES (:vid, {values})"),
                 [{"vid": vid, **{c: _value(i, c) for c in ROW_COLUMNS}} for i in items])


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('parent_code')
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_column('origin')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_column('origin')
    op.drop_table('law_change')
    op.drop_table('template_choice')
    op.drop_table('catalog_version_item')
    with op.batch_alter_table('catalog_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_version_submission_id'))
        batch_op.drop_index('ix_catalog_version_unit_area')
    op.drop_table('catalog_version')
