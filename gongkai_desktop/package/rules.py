"""Small building blocks for strict schemas of data read from packages: exact keys, exact types,
ranges, lengths, closed vocabularies, real dates — each failure a `SchemaError` that says, in
Chinese, which field and what is wrong.

A spec is a function ``(value, where) -> value`` that returns the value as it may be stored (text
cleaned by `textclean.clean_text`) or raises. `schema` composes them into one schema per package kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from .textclean import clean_text

Spec = Callable[[Any, str], Any]

# Every integer a package carries is stored in a column declared `Integer`: 64-bit in SQLite but
# 32-bit (``integer``) in PostgreSQL, so the bound is the smaller of the two.
MAX_INT = 2**31 - 1
# The longest text a field may hold: the window's and the Excel import's limit (`unit.catalogs.normalise`).
MAX_TEXT = 20000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?$")


class SchemaError(Exception):
    """One field is wrong. ``code`` names the class (tests, logs); ``where`` and ``what`` say it in Chinese."""

    def __init__(self, code: str, where: str, what: str) -> None:
        super().__init__(f"{where}：{what}")
        self.code = code
        self.where = where
        self.what = what


def _at(where: str, label: str) -> str:
    return f"{where} › {label}" if where else label


def _type(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> None:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise SchemaError("bad_type", where, f"应为{what}")


def integer(lo: int = 0, hi: int = MAX_INT) -> Spec:
    def check(value: Any, where: str) -> int:
        _type(value, int, where, "整数")
        if not lo <= value <= hi:
            raise SchemaError("out_of_range", where, f"取值 {str(value)[:24]} 超出允许范围 {lo}–{hi}")
        return value
    return check


def text(max_len: int = MAX_TEXT, min_len: int = 0) -> Spec:
    """Free text: cleaned (NFC, no bidi or XML-invalid characters); the length is checked first."""
    def check(value: Any, where: str) -> str:
        _type(value, str, where, "文字")
        if len(value) > max_len:
            raise SchemaError("text_too_long", where, f"长度 {len(value)} 超过上限 {max_len} 字")
        value = clean_text(value)
        if len(value.strip()) < min_len:
            raise SchemaError("bad_value", where, "不能为空")
        return value
    return check


def label(max_len: int = 128, min_len: int = 1) -> Spec:
    """A name that is compared with the registry: refused, not cleaned, when it carries hidden characters."""
    def check(value: Any, where: str) -> str:
        _type(value, str, where, "文字")
        if not min_len <= len(value) <= max_len:
            raise SchemaError("text_too_long" if len(value) > max_len else "bad_value", where,
                              f"长度应为 {min_len}–{max_len} 字")
        if clean_text(value) != value or value != value.strip():
            raise SchemaError("hidden_characters", where, "含有不可见的控制字符（如从右到左改写符）、首尾空白或非规范的 Unicode 写法")
        return value
    return check


def pattern(regex: str, what: str) -> Spec:
    compiled = re.compile(regex)

    def check(value: Any, where: str) -> str:
        _type(value, str, where, "文字")
        if len(value) > 200 or not compiled.fullmatch(value):
            raise SchemaError("bad_value", where, f"应为{what}")
        return value
    return check


def choice(values: Iterable[Any]) -> Spec:
    allowed = tuple(values)

    def check(value: Any, where: str) -> Any:
        if type(value) not in (str, int) or value not in allowed:
            shown = "、".join(str(v) or "（空）" for v in allowed)
            raise SchemaError("not_in_vocabulary", where, f"取值“{str(value)[:40]}”不是可选项（{shown}）")
        return value
    return check


def const(expected: Any) -> Spec:
    def check(value: Any, where: str) -> Any:
        if type(value) is not type(expected) or value != expected:
            raise SchemaError("bad_value", where, f"应为“{expected}”")
        return value
    return check


def nullable(spec: Spec) -> Spec:
    def check(value: Any, where: str) -> Any:
        return None if value is None else spec(value, where)
    return check


def list_of(spec: Spec, max_len: int, *, min_len: int = 0, unique: bool = False) -> Spec:
    def check(value: Any, where: str) -> list[Any]:
        _type(value, list, where, "列表")
        if not min_len <= len(value) <= max_len:
            raise SchemaError("out_of_range", where, f"项数 {len(value)} 应为 {min_len}–{max_len}")
        out = [spec(v, _at(where, f"第 {n} 项")) for n, v in enumerate(value, 1)]
        if unique and len({repr(v) for v in out}) != len(out):
            raise SchemaError("bad_value", where, "有重复的项")
        return out
    return check


def record(fields: dict[str, tuple[str, Spec]], optional: dict[str, tuple[str, Spec]] | None = None) -> Spec:
    """A JSON object with exactly these keys (``optional`` ones may be absent), nothing else."""
    optional = optional or {}
    required = set(fields)
    known = required | set(optional)

    def check(value: Any, where: str) -> dict[str, Any]:
        _type(value, dict, where, "对象")
        keys = set(value)
        if not required <= keys:
            missing = sorted(required - keys)[0]
            raise SchemaError("bad_type", _at(where, fields[missing][0]), "缺少该字段")
        if not keys <= known:
            extra = sorted(keys - known)[0]
            raise SchemaError("unknown_field", where, f"含有未知字段“{str(extra)[:40]}”")
        out = {}
        for key, v in value.items():
            name, spec = fields.get(key) or optional[key]
            out[key] = spec(v, _at(where, name))
        return out
    return check


def mapping(key: Spec, value: Spec, max_len: int) -> Spec:
    def check(raw: Any, where: str) -> dict[Any, Any]:
        _type(raw, dict, where, "对象")
        if len(raw) > max_len:
            raise SchemaError("out_of_range", where, f"项数 {len(raw)} 超过上限 {max_len}")
        return {key(k, _at(where, "键")): value(v, _at(where, str(k)[:20])) for k, v in raw.items()}
    return check


def date_text() -> Spec:
    """A real calendar date written as 2020-07-31."""
    def check(value: Any, where: str) -> str:
        _type(value, str, where, "日期")
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            raise SchemaError("bad_date", where, f"“{value[:20]}”不是真实的日期（应写成 2020-07-31）") from None
        return value
    return check


def datetime_text(*, aware: bool) -> Spec:
    """A real time written in ISO 8601 to the second, with (``aware``) or without a UTC offset."""
    def check(value: Any, where: str) -> str:
        _type(value, str, where, "时间")
        m = _DATETIME.fullmatch(value) if len(value) <= 40 else None
        try:
            if m is None or bool(m.group(1)) != aware:
                raise ValueError
            datetime.fromisoformat(value)
        except ValueError:
            raise SchemaError("bad_date", where, f"“{value[:30]}”不是有效的时间") from None
        return value
    return check
