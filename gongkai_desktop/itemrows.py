"""Reading items fast: one Core query straight into `ItemRecord`s.

Every hot path (opening an area, validating, packaging, review, aggregation) reads thousands of
items. Through SQLAlchemy's JSON type each row costs four ``json.loads`` calls for tiny values such
as ``["县级"]`` that repeat across the whole county; here the JSON columns are read as text and
decoded once per distinct value (the cache keeps tuples, each record gets fresh lists it may
change), and records are built positionally.
"""

from __future__ import annotations

import json
from dataclasses import fields
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, Text, select, type_coerce

from .records import ItemRecord

RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ItemRecord))
JSON_FIELDS: frozenset[str] = frozenset({"channels", "audience", "levels", "five_disclosures"})
_JSON_AT: tuple[int, ...] = tuple(i for i, name in enumerate(RECORD_FIELDS) if name in JSON_FIELDS)


@lru_cache(maxsize=8192)
def decode_list(text: str | None) -> tuple[Any, ...]:
    """A stored JSON list, decoded once per distinct text."""
    return tuple(json.loads(text)) if text else ()


def item_columns(table: Table, owner_column: str) -> list[Any]:
    """The record's columns in `ItemRecord` order; ``owner_column`` (catalog or submission) becomes catalog_id."""
    cols: list[Any] = []
    for name in RECORD_FIELDS:
        if name == "catalog_id":
            cols.append(table.c[owner_column].label("catalog_id"))
        elif name in JSON_FIELDS:
            cols.append(type_coerce(table.c[name], Text).label(name))
        else:
            cols.append(table.c[name])
    return cols


def to_records(rows: Any) -> list[ItemRecord]:
    out: list[ItemRecord] = []
    append = out.append
    for row in rows:
        values = list(row)
        for i in _JSON_AT:
            values[i] = list(decode_list(values[i]))
        append(ItemRecord(*values))
    return out


def read_items(session: Any, table: Table, owner_column: str, *where: Any) -> list[ItemRecord]:
    """Items matching ``where``, in position order, as records."""
    q = select(*item_columns(table, owner_column)).where(*where).order_by(table.c[owner_column], table.c.position)
    return to_records(session.execute(q))
