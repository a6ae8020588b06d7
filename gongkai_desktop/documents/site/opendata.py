"""The open data: one record per row of the published tables, as CSV and JSON, with its schema.

`FIELDS` is the schema, written once: the CSV header, the JSON keys, the JSON Schema file, the
site's 开放数据 page and the README all come from it. The CSV is UTF-8 with a byte-order mark (so
Excel and WPS open it as UTF-8), lists joined with “、”, and text that Excel would run as a formula
(starting with = + - @ or a tab / carriage return) prefixed with ' — the JSON keeps the text as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import vocab
from .data import SiteArea, SiteCatalog
from .names import slug

FORMAT = "gongkai-catalog"
FORMAT_VERSION = 1
LIST_SEPARATOR = "、"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SCOPES = vocab.AGGREGATE_SCOPES
CSV_FILE, JSON_FILE, SCHEMA_FILE, XLSX_FILE = "catalog.csv", "catalog.json", "catalog.schema.json", "catalog.xlsx"


@dataclass(frozen=True, slots=True)
class Field:
    key: str  # JSON key
    header: str  # CSV column (Chinese)
    kind: str  # string / integer / list / code
    text: str  # what it means (Chinese)
    values: tuple[str, ...] = ()  # the closed vocabulary, when there is one


FIELDS: tuple[Field, ...] = (
    Field("area_code", "领域编号", "string", "试点领域的两位编号（01–26），与网页地址 area-编号.html 一致"),
    Field("area_name", "领域", "string", "试点领域的名称"),
    Field("row", "序号", "integer", "该事项在本领域目录中的序号，与网页、Excel 中的序号一致"),
    Field("level1", "一级事项", "string", "公开事项的一级事项（类别）"),
    Field("level2", "二级事项", "string", "公开事项的二级事项（事项名称）"),
    Field("content", "公开内容（要素）", "string", "公开的内容或要素"),
    Field("basis", "公开依据", "string", "公开所依据的法律、法规、文件"),
    Field("time_limit", "公开时限", "string", "公开的时限"),
    Field("publisher", "公开主体", "string", "负责公开的机关或单位"),
    Field("channels", "公开渠道和载体", "list", "所选的公开渠道和载体", vocab.CHANNELS),
    Field("channel_other", "其他渠道", "string", "选“其他”时写明的渠道，没有则为空"),
    Field("audience", "公开对象", "list", "公开对象", vocab.AUDIENCES),
    Field("mode", "公开方式", "string", "公开方式，未填时为空", vocab.MODES),
    Field("levels", "公开层级", "list", "公开的行政层级", vocab.LEVELS),
    Field("attribute", "公开属性", "string", "公开属性；“不予公开”的事项同时列入负面清单", vocab.ATTRIBUTES),
    Field("legal_ground", "不予公开依据", "string", "不予公开的法律依据，仅“不予公开”事项填写"),
    Field("units", "责任单位", "list", "公开该事项的单位；各乡镇（街道）相同的事项合并为一行，列出各乡镇"),
    Field("scope", "范围", "string", "该行来自县级部门，还是合并自各乡镇（街道）、村（社区）或各县（市、区）", tuple(SCOPES.values())),
    Field("five_disclosures", "五公开", "list", "“五公开”分类（决策、执行、管理、服务、结果），未填时为空"),
    Field("remarks", "备注", "string", "备注"),
    Field("item_id", "事项编号", "string", "该事项在（第一个）责任单位目录中的唯一编号（UUID），可用来比较不同时间发布的数据"),
    Field("template_code", "模板编号", "string", "采用国家标准指引的事项所对应的指引事项编号；单位自行增加的事项为空"),
)


def records(catalog: SiteCatalog) -> Iterator[dict[str, Any]]:
    """Every published row as a JSON-ready record, area by area, in table order."""
    for area in catalog.shown_areas:
        for n, row in enumerate(area.rows, start=1):
            i = row.item
            yield {"area_code": area.code, "area_name": area.name, "row": n, "level1": i.level1, "level2": i.level2,
                   "content": i.content, "basis": i.basis, "time_limit": i.time_limit, "publisher": i.publisher,
                   "channels": list(i.channels), "channel_other": i.channel_other, "audience": list(i.audience),
                   "mode": i.mode, "levels": list(i.levels), "attribute": i.attribute, "legal_ground": i.legal_ground,
                   "units": list(row.units), "scope": SCOPES.get(row.scope, row.scope),
                   "five_disclosures": list(i.five_disclosures), "remarks": i.remarks, "item_id": i.id,
                   "template_code": i.template_code or ""}


def area_summary(area: SiteArea) -> dict[str, Any]:
    return {"code": area.code, "name": area.name, "items": len(area.rows), "by_attribute": area.by_attribute(),
            "by_mode": area.by_mode(), "negative": len(area.negative), "units": list(area.units)}


def write_open_data(catalog: SiteCatalog, folder: Path) -> int:
    """catalog.json, catalog.csv and catalog.schema.json from one pass over the rows; the row count."""
    recs = list(records(catalog))
    write_json(catalog, recs, folder / JSON_FILE)
    write_csv(recs, folder / CSV_FILE)
    write_schema(folder / SCHEMA_FILE)
    return len(recs)


def write_json(catalog: SiteCatalog, items: list[dict[str, Any]], path: Path) -> None:
    """The whole catalog as one JSON document (`FIELDS` per item)."""
    doc = {"$schema": SCHEMA_FILE, "format": FORMAT, "format_version": FORMAT_VERSION, "title": catalog.title,
           "county": catalog.county, "office": catalog.office, "published": catalog.published.isoformat(),
           "generator": catalog.generator, "areas": [area_summary(a) for a in catalog.shown_areas], "items": items}
    path.write_bytes(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace"))


def csv_cell(value: Any) -> str:
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(items: list[dict[str, Any]], path: Path) -> None:
    """The same records as CSV (UTF-8 with BOM, CRLF rows as Excel writes them)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow([f.header for f in FIELDS])
    lists = [f.kind == "list" for f in FIELDS]
    keys = [f.key for f in FIELDS]
    starts = frozenset(FORMULA_START)
    for rec in items:
        row = [LIST_SEPARATOR.join(rec[k]) if is_list else str(rec[k]) for k, is_list in zip(keys, lists)]
        out.writerow(["'" + t if t[:1] in starts else t for t in row])  # what csv_cell does, inlined
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8", "replace"))


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of `write_json`'s document."""
    props: dict[str, Any] = {}
    for f in FIELDS:
        if f.kind == "integer":
            prop: dict[str, Any] = {"type": "integer", "minimum": 1}
        elif f.kind == "list":
            prop = {"type": "array", "items": {"type": "string", **({"enum": list(f.values)} if f.values else {})}}
        else:
            prop = {"type": "string", **({"enum": [*f.values, ""] if f.key == "mode" else list(f.values)}
                                         if f.values else {})}
        props[f.key] = {"title": f.header, "description": f.text, **prop}
    counts = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    area = {"type": "object", "required": ["code", "name", "items", "by_attribute", "by_mode", "negative", "units"],
            "additionalProperties": False,
            "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                           "items": {"type": "integer", "minimum": 0}, "by_attribute": counts, "by_mode": counts,
                           "negative": {"type": "integer", "minimum": 0},
                           "units": {"type": "array", "items": {"type": "string"}}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_FILE,
        "title": "政务公开事项标准目录（开放数据）",
        "description": "全县政务公开事项标准目录：每个事项一条记录，与网页和 Excel 的各行一一对应。",
        "type": "object",
        "required": ["format", "format_version", "title", "county", "office", "published", "areas", "items"],
        "properties": {
            "$schema": {"type": "string"}, "format": {"const": FORMAT}, "format_version": {"const": FORMAT_VERSION},
            "title": {"type": "string"}, "county": {"type": "string"}, "office": {"type": "string"},
            "published": {"type": "string", "format": "date"}, "generator": {"type": "string"},
            "areas": {"type": "array", "items": area},
            "items": {"type": "array", "items": {"type": "object", "required": [f.key for f in FIELDS],
                                                 "additionalProperties": False, "properties": props}},
        },
    }


def write_schema(path: Path) -> None:
    path.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def search_index_js(catalog: SiteCatalog, page_starts: Sequence[Sequence[int]]) -> bytes:
    """The search box's index, as a script that assigns it (a ``<script src>`` works from file://,
    ``fetch`` does not): per area its code, name, first row of each page and page-name part; per row
    its area, 序号, 二级事项, 一级事项, content, publisher and units."""
    areas = [[a.code, a.name, list(starts), slug(a.code)] for a, starts in zip(catalog.shown_areas, page_starts)]
    rows = [[k, n, r.item.level2, r.item.level1, r.item.content, r.item.publisher, LIST_SEPARATOR.join(r.units)]
            for k, a in enumerate(catalog.shown_areas) for n, r in enumerate(a.rows, start=1)]
    text = json.dumps({"v": FORMAT_VERSION, "areas": areas, "rows": rows}, ensure_ascii=False, separators=(",", ":"))
    # U+2028/2029 end a line in older script engines; escaped, they stay characters of the string.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return ("window.GONGKAI_SEARCH_INDEX=" + text + ";\n").encode("utf-8", "replace")
