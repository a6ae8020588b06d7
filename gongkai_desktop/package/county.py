"""The payloads only a county's submission (``county_submission``) carries, and what must agree in it.

A county review office forwards its aggregate to the prefecture: per area the county catalog (the
same catalog payload a unit sends, checked by `schema.check_catalog`), beside it the provenance of
every row (which units disclose it, under which of their own item ids, flagged differences), and one
negative list of the whole package. Everything here is checked as data: exact keys, types, closed
vocabularies, bounds; then the provenance must name exactly the catalog's rows in order, and the
negative list exactly its 不予公开 rows with their texts and units — one signed story, not three.
"""

from __future__ import annotations

import re
from typing import Any

from .. import vocab
from . import payloads as P
from .rules import MAX_TEXT, SchemaError, choice, integer, label, list_of, pattern, record, text

MAX_UNITS = 2000
MAX_COUNTY_ITEMS = 50000
MAX_FLAGS = 4
# A row of a county's aggregate: a department's item, townships' items merged, counties' items merged.
SCOPES = vocab.AGGREGATE_SCOPES
_ITEM_ID = re.compile(r"[A-Za-z0-9-]{1,36}")
_ROW_KEYS = {"id", "scope", "units", "item_ids", "flags"}

_unit = record({"code": ("单位编号", pattern(r"[A-Za-z0-9_-]{1,32}", "单位编号")), "name": ("单位名称", label(128)),
                "kind": ("单位类型", choice(vocab.SUBMITTER_KINDS)), "catalog_version": ("目录版本", integer(1))})
_units = list_of(_unit, MAX_UNITS, unique=True)
_flag = text(200, min_len=1)


def check_provenance(value: Any, where: str) -> dict[str, Any]:
    """``{"area_code", "units": [...], "rows": [{"id", "scope", "units", "item_ids", "flags"}]}``;
    a loop per row rather than the generic record (a county area has tens of thousands of rows)."""
    if not isinstance(value, dict) or value.keys() != {"area_code", "units", "rows"}:
        raise SchemaError("bad_type", where, "字段应为 area_code、units、rows")
    area = pattern(r"[0-9]{2}", "领域编号")(value["area_code"], f"{where} › 领域编号")
    units = _units(value["units"], f"{where} › 单位")
    codes = {u["code"] for u in units}
    if len(codes) != len(units):
        raise SchemaError("bad_value", f"{where} › 单位", "单位编号重复")
    rows = value["rows"]
    if type(rows) is not list or len(rows) > MAX_COUNTY_ITEMS:
        raise SchemaError("out_of_range", f"{where} › 事项来源", f"应为至多 {MAX_COUNTY_ITEMS} 项的列表")
    for n, row in enumerate(rows, 1):
        _check_row(row, codes, f"{where} › 第 {n} 项")
        row["flags"] = [_flag(f, f"{where} › 第 {n} 项 › 差异") for f in row["flags"]]
    return {"area_code": area, "units": units, "rows": rows}


def _check_row(row: Any, codes: set[str], where: str) -> None:
    if type(row) is not dict or row.keys() != _ROW_KEYS:
        raise SchemaError("bad_type", where, "字段应为 id、scope、units、item_ids、flags")
    if type(row["id"]) is not str or not _ITEM_ID.fullmatch(row["id"]):
        raise SchemaError("bad_value", where, "事项编号无效")
    if type(row["scope"]) is not str or row["scope"] not in SCOPES:
        raise SchemaError("not_in_vocabulary", where, f"范围应为 {'、'.join(SCOPES)} 之一")
    units, ids, flags = row["units"], row["item_ids"], row["flags"]
    if type(units) is not list or type(ids) is not list or type(flags) is not list:
        raise SchemaError("bad_type", where, "单位、单位事项编号、差异应为列表")
    if not 1 <= len(units) <= MAX_UNITS or len(ids) != len(units) or len(flags) > MAX_FLAGS:
        raise SchemaError("out_of_range", where, "单位与单位事项编号应一一对应（至少一个），差异至多 4 条")
    if not all(type(u) is str and u in codes for u in units) or len(set(units)) != len(units):
        raise SchemaError("bad_value", where, "单位不在本领域的单位列表中，或有重复")
    if not all(type(i) is str and _ITEM_ID.fullmatch(i) for i in ids):
        raise SchemaError("bad_value", where, "单位事项编号无效")


_entry = record({"area_code": ("领域编号", pattern(r"[0-9]{2}", "领域编号")),
                 "item_id": ("事项编号", pattern(r"[A-Za-z0-9-]{1,36}", "事项编号")),
                 "level1": ("一级事项", text(MAX_TEXT)), "level2": ("二级事项", text(MAX_TEXT)),
                 "legal_ground": ("不予公开依据", text(MAX_TEXT)),
                 "units": ("责任单位", list_of(label(128), MAX_UNITS, min_len=1))})
check_negative_list = record({"entries": ("负面清单", list_of(_entry, 26 * MAX_COUNTY_ITEMS))})


def _mismatch(where: str, what: str) -> SchemaError:
    return SchemaError("manifest_mismatch", where, what)


def check_county_consistency(m: dict[str, Any], payload: dict[str, Any]) -> None:
    """Provenance rows are the catalog's rows; the negative list is exactly its 不予公开 rows."""
    expected: list[dict[str, Any]] = []
    for a in m["areas"]:
        cat, prov = payload[a["file"]], payload[P.provenance_file(a["code"])]
        where = f"事项来源（领域 {a['code']}）"
        if prov["area_code"] != a["code"] or len(prov["units"]) != a["unit_count"]:
            raise _mismatch(where, "领域或单位数与清单不符")
        items, rows = cat["items"], prov["rows"]
        if len(rows) != len(items) or any(r["id"] != it["id"] for r, it in zip(rows, items)):
            raise _mismatch(where, "与目录的事项不一一对应")
        if any(it["applicability"] == "not_applicable" for it in items):
            raise _mismatch(f"目录（领域 {a['code']}）", "县级汇总目录不应含有不适用的事项")
        names = {u["code"]: u["name"] for u in prov["units"]}
        expected.extend({"area_code": a["code"], "item_id": it["id"], "level1": it["level1"], "level2": it["level2"],
                         "legal_ground": it["legal_ground"], "units": [names[u] for u in r["units"]]}
                        for it, r in zip(items, rows) if it["attribute"] == vocab.ATTRIBUTE_NOT_DISCLOSED)
    entries = payload[P.NEGATIVE_FILE]["entries"]
    if len(entries) != m["negative_count"] or entries != expected:
        raise _mismatch("负面清单", "与各领域目录中的不予公开事项不一致")
