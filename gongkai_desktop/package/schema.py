"""The one strict schema of each package kind, shared by the writer (`build.build_package` checks
what it is about to sign) and the reader (`read.read_package` checks what it has verified).

Checked here, without the workspace: the manifest field by field (types, ranges that fit the
database, closed vocabularies, lengths), the payload file names and their order (exactly the ones
the writer generates), each payload's content, and that counts, versions, areas and codes agree
between the manifest and the payloads. Text is cleaned on the way in (`textclean`). What needs the
workspace — the unit registry, the areas a unit is responsible for, template codes, which packages
were sent — is checked by the importing side (`office.checks`, `unit.results`, `unit.distribution`),
and `gongkai package verify` runs those too.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Sequence
from itertools import chain, repeat
from typing import Any

from .. import vocab
from ..records import ITEM_DATA_FIELDS
from . import county
from . import payloads as P
from .errors import PackageError
from .rules import (
    MAX_INT,
    MAX_TEXT,
    SchemaError,
    choice,
    const,
    date_text,
    datetime_text,
    integer,
    label,
    list_of,
    mapping,
    nullable,
    pattern,
    record,
    text,
)
from .textclean import STRIP, clean_text

FORMAT = "gkpkg"
FORMAT_VERSION = 1
KINDS: dict[str, str] = {"submission": "单位报送", "review_result": "审核结果", "distribution": "审核端下发",
                         "county_submission": "县级报送"}
SUBMISSION_KINDS = ("submission", "county_submission")  # a unit's to its county, a county's to its prefecture

# Bounds: far above any real county (a township's biggest area has ~1,500 items), low enough that a
# hostile package is refused before it costs much time or memory.
MAX_AREAS = 99             # area codes 01–99: the plan's 26 and the office's 其他领域 (27–99)
MAX_OFFICE_AREAS = 73
MAX_LAWS = 500             # repealed laws the office added to the shipped list
MAX_ROUNDS = 64            # the plan's four and the rounds the office opened since (动态调整)
MAX_ITEMS = 20000          # per catalog
MAX_COUNTY_ITEMS = county.MAX_COUNTY_ITEMS  # per area of a county's aggregate (its townships' items merged)
MAX_COMMENTS = 5000        # per review result, and addressed ids per area
MAX_UNITS = 2000
MAX_TEMPLATE_ITEMS = 5000
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT = 50 * 1024 * 1024
MAX_JSON = 64 * 1024 * 1024  # one JSON payload file, uncompressed
ATTACHMENT_TYPES = (".docx", ".pdf", ".doc", ".xlsx", ".wps", ".ofd")
# What each attachment type starts with; anything else (an executable, a script) is refused.
_MAGIC = {".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".ofd": b"PK\x03\x04", ".pdf": b"%PDF-",
          ".doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"}
# Payloads the writer stores uncompressed (already compressed formats); every other payload is deflated.
STORED_SUFFIXES = (".docx", ".xlsx", ".pdf", ".ofd")


def stored(name: str) -> bool:
    """Whether the writer stores an entry uncompressed: the type marker, the signature, compressed formats."""
    return name in ("mimetype", "manifest.sig") or name.endswith(STORED_SUFFIXES)


CODE = r"[A-Za-z0-9_-]{1,32}"
AREA_CODE = r"[0-9]{2}"
ITEM_ID = r"[A-Za-z0-9-]{1,36}"
COMMENT_ID = r"[A-Za-z0-9-]{1,64}"
TEMPLATE_CODE = r"[0-9]{2}-[0-9]{2}-[0-9]{2,10}"
OFFICE_AREA_CODE = r"2[7-9]|[3-9][0-9]"
_ATTACHMENT_NAME = re.compile(r"payload/attachment-([1-9][0-9]?)(\.[a-z]{3,4})")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)

_unit = record({"code": ("单位编号", pattern(CODE, "单位编号")), "name": ("单位名称", label(128))})
_common = {
    "format": ("格式", const(FORMAT)),
    "format_version": ("格式版本", const(FORMAT_VERSION)),
    "kind": ("类型", choice(KINDS)),
    "package_id": ("文件包编号", pattern(r"[0-9a-f]{32}", "32 位十六进制编号")),
    "unit": ("单位", _unit),
    "sequence": ("序号", integer(1)),
    "app": ("软件", record({"name": ("名称", label(64)), "version": ("版本", label(32))})),
    "created_at": ("创建时间", datetime_text(aware=True)),
}
_file = {"name": ("文件名", pattern(r"payload/[a-z0-9.-]{1,60}", "payload/ 下生成的文件名")),
         "size": ("大小", integer(0, max(MAX_JSON, MAX_ATTACHMENT))),
         "sha256": ("SHA-256", pattern(r"[0-9a-f]{64}", "64 位十六进制")),
         "role": ("用途", choice(("catalog", "attachment", "responses", "result", "registry", "office_key",
                                  "deadlines", "template", "areas", "laws", "provenance", "negative_list")))}
_area_file = record({**_file, "area_code": ("领域编号", pattern(AREA_CODE, "两位数字的领域编号"))})
_attachment_file = record({**_file, "original_name": ("原文件名", label(128))})
_plain_file = record(_file)
_area = record({
    "code": ("领域编号", pattern(AREA_CODE, "两位数字的领域编号")),
    "name": ("领域名称", label(64)),
    "catalog_version": ("目录版本", integer(1)),
    "template_version": ("模板版本", text(32)),
    "item_count": ("事项数", integer(0, MAX_ITEMS)),
    "problem_count": ("问题数", integer(0)),
    "file": ("目录文件", pattern(r"payload/catalog-[0-9]{2}\.json", "生成的目录文件名")),
}, {  # issue 18: a resubmission after 退回修改 names the review result (its sequence number) it answers
    "answers_result": ("所答复的审核结果", integer(1)),
})
# A distribution's trailing files, each present only when the office has any, in this order.
OPTIONAL_DISTRIBUTION: tuple[tuple[str, str], ...] = ((P.AREAS_FILE, "areas"), (P.LAWS_FILE, "laws"))
_county_area = record({"code": ("领域编号", pattern(AREA_CODE, "两位数字的领域编号")),
                       "name": ("领域名称", label(64)),
                       "catalog_version": ("目录版本", integer(1)),
                       "template_version": ("模板版本", text(32)),
                       "item_count": ("事项数", integer(0, MAX_COUNTY_ITEMS)),
                       "problem_count": ("问题数", integer(0)),
                       "unit_count": ("单位数", integer(0, MAX_UNITS)),
                       "file": ("目录文件", pattern(r"payload/catalog-[0-9]{2}\.json", "生成的目录文件名"))},
                      {"answers_result": ("所答复的审核结果", integer(1))})  # as a unit's: after 退回修改
_MANIFESTS = {
    "submission": record({**_common, "areas": ("领域列表", list_of(_area, MAX_AREAS, min_len=1)),
                          "template_versions": ("模板版本", mapping(pattern(AREA_CODE, "领域编号"), text(32), MAX_AREAS)),
                          "item_count": ("事项总数", integer(0, MAX_AREAS * MAX_ITEMS)),
                          "problem_count": ("问题总数", integer(0)),
                          "files": ("文件列表", list_of(lambda v, w: v, 1 + MAX_AREAS + MAX_ATTACHMENTS, min_len=1))}),
    "review_result": record({**_common, "recipient": ("收件单位", _unit),
                             "result": ("审核结论", record({"area_code": ("领域编号", pattern(AREA_CODE, "领域编号")),
                                                        "decision": ("审核决定", choice(vocab.DECISIONS))})),
                             "files": ("文件列表", list_of(lambda v, w: v, 1, min_len=1))}),
    "county_submission": record({**_common, "recipient": ("上级审核端", _unit),
                                 "areas": ("领域列表", list_of(_county_area, MAX_AREAS, min_len=1)),
                                 "template_versions": ("模板版本", mapping(pattern(AREA_CODE, "领域编号"), text(32), MAX_AREAS)),
                                 "item_count": ("事项总数", integer(0, MAX_AREAS * MAX_COUNTY_ITEMS)),
                                 "problem_count": ("问题总数", integer(0)),
                                 "negative_count": ("负面清单事项数", integer(0, MAX_AREAS * MAX_COUNTY_ITEMS)),
                                 "files": ("文件列表", list_of(lambda v, w: v, 2 + 2 * MAX_AREAS, min_len=3))}),
    "distribution": record({**_common, "templates": ("下发模板", list_of(pattern(AREA_CODE, "领域编号"), MAX_AREAS, unique=True)),
                            "unit_count": ("单位数", integer(0, MAX_UNITS)),
                            "files": ("文件列表", list_of(lambda v, w: v, 3 + MAX_AREAS + len(OPTIONAL_DISTRIBUTION), min_len=3))}),
}


def fail(exc: SchemaError, what: str, code: str | None = None) -> PackageError:
    """A `SchemaError` as the Chinese refusal of a package."""
    return PackageError(code or _CODES.get(exc.code, exc.code), f"文件包中的{what}不合格：“{exc.where}”{exc.what}。"
                        "文件可能被篡改或由不兼容的软件生成，已拒绝。")


_CODES = {"bad_type": "bad_schema", "unknown_field": "bad_schema", "bad_value": "bad_schema"}


# Manifest -----------------------------------------------------------------------------------------

def check_manifest(m: Any) -> dict[str, Any]:
    """The whole manifest, strictly, by kind; returns it as it may be used (text cleaned)."""
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise PackageError("bad_manifest", "文件包的清单（manifest.json）不是公开目录文件包的清单，已拒绝。")
    if m.get("format_version") != FORMAT_VERSION:
        raise PackageError("unknown_version", f"文件包格式版本（{str(m.get('format_version'))[:10]}）不是本软件支持的版本 "
                           f"{FORMAT_VERSION}。请升级软件，或请对方用相同版本的软件导出。")
    kind = m.get("kind")
    if kind not in _MANIFESTS:
        raise PackageError("bad_manifest", f"文件包的清单（manifest.json）不合格：未知的文件包类型“{str(kind)[:20]}”，已拒绝。")
    try:
        out = _MANIFESTS[kind](m, "清单")
        out["files"] = _check_files(kind, out)
        if kind in SUBMISSION_KINDS:
            _submission_manifest(out)
    except SchemaError as exc:
        raise fail(exc, "清单（manifest.json）", "bad_manifest" if exc.code in _CODES else None) from None
    return out


def _mismatch(where: str, what: str) -> SchemaError:
    return SchemaError("manifest_mismatch", where, what)


def _submission_manifest(m: dict[str, Any]) -> None:
    areas = m["areas"]
    codes = [a["code"] for a in areas]
    if len(set(codes)) != len(codes):
        raise _mismatch("清单 › 领域列表", "同一领域出现了不止一次")
    for a in areas:
        if a["file"] != P.catalog_file(a["code"]):
            raise _mismatch("清单 › 领域列表", f"领域 {a['code']} 的目录文件名不是生成的名称")
    if m["template_versions"] != {a["code"]: a["template_version"] for a in areas}:
        raise _mismatch("清单 › 模板版本", "与领域列表中的模板版本不一致")
    if m["item_count"] != sum(a["item_count"] for a in areas):
        raise _mismatch("清单 › 事项总数", "与各领域事项数之和不一致")
    if m["problem_count"] != sum(a["problem_count"] for a in areas):
        raise _mismatch("清单 › 问题总数", "与各领域问题数之和不一致")


def expected_files(kind: str, m: dict[str, Any], attachments: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(name, role) of every payload file the writer makes for this manifest, in the writer's order."""
    if kind == "submission":
        files = [(a["file"], "catalog") for a in m["areas"]]
        files += [(name, "attachment") for name in attachments]
        return files
    if kind == "county_submission":
        pairs = (((a["file"], "catalog"), (P.provenance_file(a["code"]), "provenance")) for a in m["areas"])
        return [*(f for pair in pairs for f in pair), (P.NEGATIVE_FILE, "negative_list")]  # per area: catalog, provenance
    if kind == "review_result":
        return [(P.RESULT_FILE, "result")]
    return [(P.REGISTRY_FILE, "registry"), (P.OFFICE_KEY_FILE, "office_key"), (P.DEADLINES_FILE, "deadlines"),
            *((P.template_file(code), "template") for code in m["templates"])]


def _check_files(kind: str, m: dict[str, Any]) -> list[dict[str, Any]]:
    """The file list: exactly the names the writer generates for this kind, in its order, no others."""
    raw = m["files"]
    if not all(isinstance(f, dict) for f in raw):
        raise SchemaError("bad_type", "清单 › 文件列表", "应为对象的列表")
    names = [f.get("name") for f in raw]
    attachments = [n for n in names if isinstance(n, str) and n.startswith(P.ATTACHMENT_PREFIX)]
    expected = expected_files(kind, m, attachments)
    if kind in SUBMISSION_KINDS and names and names[-1] == P.RESPONSES_FILE:
        expected.append((P.RESPONSES_FILE, "responses"))
    if kind == "distribution":
        expected += [(n, role) for n, role in OPTIONAL_DISTRIBUTION if n in names]
    if names != [n for n, _ in expected]:
        unknown = next((n for n in names if n not in {e for e, _ in expected}), None)
        if unknown is not None:
            raise SchemaError("unknown_file", "清单 › 文件列表", f"含有本类文件包不应有的文件“{str(unknown)[:60]}”")
        raise SchemaError("unknown_file", "清单 › 文件列表", "文件缺失、重复或顺序与生成的不同")
    out = []
    for n, (f, (name, role)) in enumerate(zip(raw, expected), 1):
        where = f"清单 › 文件列表 › 第 {n} 项"
        spec = {"catalog": _area_file, "template": _area_file, "provenance": _area_file,
                "attachment": _attachment_file}.get(role, _plain_file)
        f = spec(f, where)
        if f["role"] != role:
            raise SchemaError("bad_value", where, f"用途应为“{role}”")
        if role == "attachment":
            _check_attachment_name(name, f["original_name"], where)
        elif role in _AREA_FILES and name != _AREA_FILES[role](f["area_code"]):
            raise SchemaError("bad_value", where, "领域编号与文件名不符")
        if f["size"] > (MAX_ATTACHMENT if role == "attachment" else MAX_JSON):
            raise SchemaError("out_of_range", where, f"文件大小 {f['size']} 超过上限")
        out.append(f)
    for n, name in enumerate(attachments, 1):
        m_ = _ATTACHMENT_NAME.fullmatch(name)
        if m_ is None or int(m_.group(1)) != n:
            raise SchemaError("unknown_file", "清单 › 文件列表", f"附件文件名“{name[:60]}”不是生成的名称")
    return out


_AREA_FILES = {"catalog": P.catalog_file, "template": P.template_file, "provenance": P.provenance_file}


def _check_attachment_name(name: str, original: str, where: str) -> None:
    """The original name is only shown: no path, no hidden characters, one of the allowed types."""
    m = _ATTACHMENT_NAME.fullmatch(name)
    suffix = "." + original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if m is None or m.group(2) not in ATTACHMENT_TYPES:
        raise SchemaError("bad_attachment", where, f"附件类型“{name[-6:]}”不受支持（可附 Word、PDF、Excel、WPS 或 OFD 文件）")
    if _UNSAFE_NAME.search(original) or original.startswith(".") or original.endswith((".", " ")) \
            or _RESERVED.match(original) or ".." in original:
        raise SchemaError("bad_attachment", where, f"附件原文件名“{original[:60]}”含有路径、保留名或不允许的字符")
    if suffix != m.group(2):
        raise SchemaError("bad_attachment", where, f"附件原文件名“{original[:60]}”的类型与文件不符")


def check_attachment(original: str, content: bytes) -> None:
    """An attachment's content is what its type says (never an executable), and OOXML has no macros."""
    suffix = "." + original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if suffix not in ATTACHMENT_TYPES:
        raise PackageError("bad_attachment", f"附件“{original[:60]}”的类型不受支持；可附 Word、PDF、Excel、WPS 或 OFD 文件。")
    if len(content) > MAX_ATTACHMENT:
        raise PackageError("bad_attachment", f"附件“{original[:60]}”超过 50 MB。")
    if not content.startswith(_MAGIC[suffix]):
        raise PackageError("bad_attachment", f"附件“{original[:60]}”的内容不是 {suffix[1:].upper()} 文件（可能是可执行程序或被改名的文件），已拒绝。")
    if _MAGIC[suffix] == b"PK\x03\x04":
        names = _container_names(content)
        if names is None:
            raise PackageError("bad_attachment", f"附件“{original[:60]}”不是完整的 {suffix[1:].upper()} 文件（已损坏），已拒绝。")
        if any(n.endswith(("vbaproject.bin", "vbadata.xml")) or "activex" in n for n in names):
            raise PackageError("bad_attachment", f"附件“{original[:60]}”含有宏或控件（VBA/ActiveX），已拒绝。请另存为不含宏的文件后再附。")


def _container_names(content: bytes) -> list[str] | None:
    """The part names of an OOXML/OFD container (its central directory only), or None when unreadable."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            return [n.lower() for n in zf.namelist()[:5000]]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError, IndexError, NotImplementedError):
        return None


# Payloads -----------------------------------------------------------------------------------------

_TEXT = vocab.TEXT_FIELDS
_CHOICES = {"mode": ("", *vocab.MODES), "attribute": ("", *vocab.ATTRIBUTES), "applicability": tuple(vocab.APPLICABILITY),
            "source": tuple(vocab.SOURCES)}
_LISTS = {"channels": vocab.CHANNELS, "audience": vocab.AUDIENCES, "levels": vocab.LEVELS,
          "five_disclosures": vocab.FIVE_DISCLOSURES}
_ITEM_KEYS = set(ITEM_DATA_FIELDS)
_CATALOG_KEYS = {"area_code", "area_name", "unit_code", "catalog_version", "template_version", "status", "items"}
_ID_RE = re.compile(ITEM_ID)
_TEMPLATE_CODE_RE = re.compile(TEMPLATE_CODE)
assert set(_TEXT) | set(_CHOICES) | set(_LISTS) | {"id", "position", "revision", "template_code"} == _ITEM_KEYS


def _bad_catalog(area: str, code: str, what: str) -> PackageError:
    return PackageError(code, f"文件包中领域 {area[:8]} 的目录数据不合格：{what}，已拒绝。")


def check_catalog(cat: Any, area: dict[str, Any], unit_code: str) -> dict[str, Any]:
    """A catalog payload against its manifest entry; every item exactly the known fields, typed,
    in range and in the vocabularies, so an import can insert them as they are; texts cleaned.

    Checked column by column with C-level ``map``/``itemgetter``/``set`` (60,000 items in a few tens
    of ms).
    """
    code = area["code"]
    if not isinstance(cat, dict) or cat.keys() != _CATALOG_KEYS:
        raise _bad_catalog(code, "bad_payload", "目录文件的字段不对")
    if cat["area_code"] != code or cat["unit_code"] != unit_code:
        raise _bad_catalog(code, "manifest_mismatch", "领域或单位与清单不符")
    if cat["status"] != "submitted" or cat["area_name"] != area["name"] or cat["template_version"] != area["template_version"]:
        raise _bad_catalog(code, "manifest_mismatch", "领域名称、模板版本或状态与清单不符")
    if type(cat["catalog_version"]) is not int or cat["catalog_version"] != area["catalog_version"]:
        raise _bad_catalog(code, "manifest_mismatch", "目录版本与清单不符")
    items = cat["items"]
    if type(items) is not list or len(items) != area["item_count"]:
        raise _bad_catalog(code, "manifest_mismatch", "事项数与清单不符")
    if items:
        _check_items(items, code)
    return cat


def _clean_column(items: list[dict[str, Any]], f: str, col: list[str]) -> None:
    """Clean one text field of every item when any value needs it; otherwise a few C-level passes.

    Over the column's values joined: every character `textclean.STRIP` removes is non-printable
    (tab, newline and carriage return, which stay, are the only other non-printables a field
    commonly has), and when the joined text is NFC every value is (a value's own decomposed or
    misordered sequence stays in the joined text; the joint can only add false alarms).
    """
    joined = "".join(col)
    dirty = False
    if not joined.isprintable():
        visible = joined.replace("\n", "").replace("\t", "").replace("\r", "")
        dirty = not visible.isprintable() and STRIP.search(visible) is not None
    if dirty or not (joined.isascii() or unicodedata.is_normalized("NFC", joined)):
        for it in items:
            it[f] = clean_text(it[f])


def _column(items: list[dict[str, Any]], name: str) -> list[Any]:
    return list(map(operator.itemgetter(name), items))


def _check_items(items: list[dict[str, Any]], code: str) -> None:
    if set(map(type, items)) != {dict} or not all(map(operator.eq, map(dict.keys, items), repeat(_ITEM_KEYS))):
        raise _bad_catalog(code, "bad_payload", "事项的字段不对")
    for f in _TEXT:
        col = _column(items, f)
        if not set(map(type, col)) <= {str}:
            raise _bad_catalog(code, "bad_payload", f"“{vocab.FIELD_LABELS[f]}”应为文字")
        if max(map(len, col)) > MAX_TEXT:
            raise _bad_catalog(code, "text_too_long", f"“{vocab.FIELD_LABELS[f]}”超过 {MAX_TEXT} 字")
        _clean_column(items, f, col)
    for f, allowed in _CHOICES.items():
        col = _column(items, f)
        if not set(map(type, col)) <= {str}:
            raise _bad_catalog(code, "bad_payload", f"“{vocab.FIELD_LABELS[f]}”应为文字")
        chosen = set(col)
        if not chosen <= set(allowed):
            bad = next(iter(chosen - set(allowed)))
            raise _bad_catalog(code, "not_in_vocabulary", f"“{vocab.FIELD_LABELS[f]}”的取值“{bad[:40]}”不是可选项")
    for f, allowed in _LISTS.items():
        col = _column(items, f)
        if not set(map(type, col)) <= {list}:
            raise _bad_catalog(code, "bad_payload", f"“{vocab.FIELD_LABELS[f]}”应为若干选项")
        values = set(map(type, chain.from_iterable(col)))
        if not values <= {str}:
            raise _bad_catalog(code, "bad_payload", f"“{vocab.FIELD_LABELS[f]}”应为若干选项")
        chosen = set(chain.from_iterable(col))
        if not chosen <= set(allowed):
            bad = next(iter(chosen - set(allowed)))
            raise _bad_catalog(code, "not_in_vocabulary", f"“{vocab.FIELD_LABELS[f]}”中的“{bad[:40]}”不是可选项")
        if sum(map(len, col)) != sum(map(len, map(set, col))):
            raise _bad_catalog(code, "bad_payload", f"“{vocab.FIELD_LABELS[f]}”有重复的选项")
    for f, lo in (("position", 0), ("revision", 1)):
        col = _column(items, f)
        if not set(map(type, col)) <= {int}:
            raise _bad_catalog(code, "bad_payload", "序号或修订号应为整数")
        if min(col) < lo or max(col) > MAX_INT:
            raise _bad_catalog(code, "out_of_range", f"序号或修订号超出允许范围 {lo}–{MAX_INT}")
    codes = _column(items, "template_code")
    present = [c for c in codes if c is not None]
    if not set(map(type, present)) <= {str} or not all(map(_TEMPLATE_CODE_RE.fullmatch, present)):
        raise _bad_catalog(code, "bad_payload", "模板事项编号格式不对")
    ids = _column(items, "id")
    if not set(map(type, ids)) <= {str} or not all(map(_ID_RE.fullmatch, ids)) or len(set(ids)) != len(ids):
        raise _bad_catalog(code, "bad_payload", "事项编号重复或无效")


_responses = record({"addressed": ("已处理的审核意见", mapping(
    pattern(AREA_CODE, "领域编号"), list_of(pattern(COMMENT_ID, "审核意见编号"), MAX_COMMENTS, unique=True), MAX_AREAS))},
    {"replies": ("对审核意见的答复", mapping(pattern(AREA_CODE, "领域编号"), mapping(
        pattern(COMMENT_ID, "审核意见编号"), text(MAX_TEXT, min_len=1), MAX_COMMENTS), MAX_AREAS))})

# A round: the plan's four, or one the office opened since (“2021年度动态调整”, at most 16 characters).
_round = label(16)
_comment = record({"id": ("意见编号", pattern(ITEM_ID, "审核意见编号")),
                   "item_id": ("事项编号", nullable(pattern(ITEM_ID, "事项编号"))),
                   "field": ("要素", nullable(choice(vocab.FIELD_LABELS))),
                   "text": ("意见", text(MAX_TEXT, min_len=1))})
_result = record({
    "area_code": ("领域编号", pattern(AREA_CODE, "领域编号")),
    "unit_code": ("单位编号", pattern(CODE, "单位编号")),
    "submission": ("所审报送", record({"package_id": ("文件包编号", pattern(r"[0-9a-f]{32}", "32 位十六进制编号")),
                                   "sequence": ("序号", integer(1)), "catalog_version": ("目录版本", integer(1))})),
    "decision": ("审核决定", choice(vocab.DECISIONS)),
    "round": ("审核轮次", _round),
    "reviewer": ("审核人", text(64)),
    "decided_at": ("决定时间", datetime_text(aware=False)),
    "general_comment": ("总体意见", text(MAX_TEXT)),
    "comments": ("审核意见", list_of(_comment, MAX_COMMENTS)),
    "verdicts": ("事项结论", mapping(pattern(ITEM_ID, "事项编号"), choice(("ok", "change")), MAX_ITEMS)),
})
_registry_unit = record({"code": ("单位编号", pattern(CODE, "单位编号")), "name": ("单位名称", label(128)),
                         "kind": ("单位类型", choice(vocab.SUBMITTER_KINDS)),
                         "aliases": ("别名", list_of(label(128), 32, unique=True)),
                         "areas": ("负责领域", list_of(pattern(AREA_CODE, "领域编号"), MAX_AREAS, unique=True))},
                        {"parent": ("所属乡镇（街道）", pattern(CODE, "单位编号"))})  # a village's township
_registry = record({"format": ("格式", const("gongkai-unit-registry")), "version": ("版本", const(1)),
                    "county": ("县（市、区）", text(64)), "review_office": ("审核端", _unit),
                    "units": ("单位", list_of(_registry_unit, MAX_UNITS))})
_key = {"algorithm": ("算法", choice(("ed25519", "sm2"))), "public_key": ("公钥", pattern(r"[A-Za-z0-9+/=]{40,100}", "base64 公钥"))}
_rotation = record({"old": ("旧密钥", record(_key)), "new": ("新密钥", record(_key)),
                    "signature": ("旧密钥的签名", pattern(r"[A-Za-z0-9+/=]{40,200}", "base64 签名"))})
_office_key = record({**_key, "fingerprint": ("指纹", pattern(r"[0-9a-f]{64}", "64 位十六进制"))},
                     {"rotations": ("密钥更换记录", list_of(_rotation, 16))})
_deadlines = mapping(_round, date_text(), MAX_ROUNDS)
_template_item = record({
    "code": ("事项编号", pattern(TEMPLATE_CODE, "模板事项编号")),
    **{k: (vocab.FIELD_LABELS.get(k, k), text(MAX_TEXT)) for k in
       ("level1", "level2", "content", "basis", "time_limit", "publisher", "channel_other", "evidence")},
    "channels_required": ("必选渠道", list_of(choice(vocab.CHANNELS), len(vocab.CHANNELS), unique=True)),
    "channels_optional": ("可选渠道", list_of(choice(vocab.CHANNELS), len(vocab.CHANNELS), unique=True)),
    "audience": ("公开对象", list_of(choice(vocab.AUDIENCES), len(vocab.AUDIENCES), unique=True)),
    "mode": ("公开方式", choice(("", *vocab.MODES))),
    "levels": ("公开层级", list_of(choice(vocab.LEVELS), len(vocab.LEVELS), unique=True)),
    "attribute": ("公开属性", choice(("", *vocab.ATTRIBUTES))),
    "wording": ("措辞来源", choice(("confirmed", "drafted"))),
})
_template = record({"format": ("格式", const("gongkai-template")), "area_code": ("领域编号", pattern(AREA_CODE, "领域编号")),
                    "area_name": ("领域名称", label(64)), "template_version": ("模板版本", label(32)),
                    "document": ("依据文件", text(MAX_TEXT)), "notes": ("说明", text(MAX_TEXT)),
                    "level1": ("一级事项", list_of(text(MAX_TEXT, min_len=1), 200, unique=True)),
                    "items": ("事项", list_of(_template_item, MAX_TEMPLATE_ITEMS))})
_office_area = record({"code": ("领域编号", pattern(OFFICE_AREA_CODE, "27–99 的两位数字（01–26 是试点领域）")),
                       "number": ("领域序号", text(16)), "name": ("领域名称", label(64)),
                       "level1": ("一级事项", list_of(text(MAX_TEXT, min_len=1), 200, min_len=1, unique=True))})
_areas = record({"format": ("格式", const("gongkai-areas")), "version": ("版本", const(1)),
                 "areas": ("领域", list_of(_office_area, MAX_OFFICE_AREAS, min_len=1))})
_law = record({"name": ("名称", label(128)), "successor": ("新法", text(128)), "effective": ("生效日期", date_text()),
               "kind": ("类型", choice(vocab.LAW_KINDS)), "source": ("出处", text(2000, min_len=1)),
               "aliases": ("别名", list_of(label(128), 32, unique=True))})
_laws = record({"format": ("格式", const("gongkai-law-changes")), "version": ("版本", const(1)),
                "laws": ("已废止的法律法规", list_of(_law, MAX_LAWS, min_len=1))})
_PAYLOADS = {"provenance": ("事项来源", county.check_provenance), "negative_list": ("负面清单", county.check_negative_list),
             "responses": ("已处理意见", _responses), "result": ("审核结果", _result), "registry": ("单位名册", _registry),
             "office_key": ("市府办公钥", _office_key), "deadlines": ("截止日期", _deadlines), "template": ("模板", _template),
             "areas": ("新增领域", _areas), "laws": ("已废止的法律法规", _laws)}


def check_payload(role: str, name: str, value: Any) -> Any:
    """A non-catalog JSON payload against its schema; returns it with text cleaned."""
    what, spec = _PAYLOADS[role]
    try:
        return spec(value, what)
    except SchemaError as exc:
        raise fail(exc, f"{what}（{name}）", "bad_payload" if exc.code in _CODES else None) from None


def check_consistency(m: dict[str, Any], payload: dict[str, Any]) -> None:
    """What a payload says must agree with what the signed manifest says."""
    kind = m["kind"]
    try:
        if kind == "county_submission":
            county.check_county_consistency(m, payload)
        if kind in SUBMISSION_KINDS:
            responses = payload.get(P.RESPONSES_FILE)
            if responses is not None and not (set(responses["addressed"]) | set(responses.get("replies", {}))) \
                    <= {a["code"] for a in m["areas"]}:
                raise _mismatch("已处理意见", "含有本文件包之外的领域")
        elif kind == "review_result":
            r = payload[P.RESULT_FILE]
            if (r["area_code"], r["decision"]) != (m["result"]["area_code"], m["result"]["decision"]) \
                    or r["unit_code"] != m["recipient"]["code"]:
                raise _mismatch("审核结果", "领域、审核决定或收件单位与清单不符")
        else:
            reg = payload[P.REGISTRY_FILE]
            if len(reg["units"]) != m["unit_count"]:
                raise _mismatch("单位名册", "单位数与清单不符")
            if reg["review_office"] != m["unit"]:
                raise _mismatch("单位名册", "审核端与清单中的签发单位不符")
            if len({u["code"] for u in reg["units"]}) != len(reg["units"]):
                raise _mismatch("单位名册", "单位编号重复")
            for code in m["templates"]:
                if payload[P.template_file(code)]["area_code"] != code:
                    raise _mismatch("模板", f"模板文件 {code} 的领域编号与清单不符")
            areas = payload.get(P.AREAS_FILE, {}).get("areas", [])
            if len({a["code"] for a in areas}) != len(areas) or len({a["name"] for a in areas}) != len(areas):
                raise _mismatch("新增领域", "领域编号或名称重复")
            laws = payload.get(P.LAWS_FILE, {}).get("laws", [])
            if len({x["name"] for x in laws}) != len(laws):
                raise _mismatch("已废止的法律法规", "名称重复")
    except SchemaError as exc:
        raise fail(exc, "内容") from None


__all__ = ["ATTACHMENT_TYPES", "FORMAT", "FORMAT_VERSION", "KINDS", "MAX_INT", "MAX_JSON", "MAX_TEXT", "STORED_SUFFIXES",
           "check_attachment", "check_catalog", "check_consistency", "check_manifest", "check_payload", "expected_files",
           "fail"]
