"""The strict JSON reader: what Python's json accepts but a hostile file must not get through."""

from __future__ import annotations

import json

import pytest

from gongkai_desktop.package import PackageError
from gongkai_desktop.package.jsonsafe import dumps, loads


def bad(data: bytes) -> str:
    with pytest.raises(PackageError) as exc:
        loads(data, "payload/catalog-04.json")
    assert exc.value.code == "bad_json"
    return exc.value.message


def test_ordinary_json_round_trips() -> None:
    value = {"事项": ["公开", "依申请"], "n": 3, "x": 1.5, "none": None, "t": True, "s": "a\tb\nc\\u0000d"}
    assert loads(dumps(value)) == value


def test_duplicate_keys_json_keeps_the_last_we_refuse() -> None:
    data = b'{"attribute": "\xe4\xb8\x8d\xe4\xba\x88\xe5\x85\xac\xe5\xbc\x80", "attribute": "\xe4\xb8\xbb\xe5\x8a\xa8\xe5\x85\xac\xe5\xbc\x80"}'
    assert json.loads(data)["attribute"] == "主动公开"
    assert "attribute" in bad(data)


def test_nested_duplicate_keys() -> None:
    bad(b'{"items": [{"id": "a", "b": 1, "id": "c"}]}')


@pytest.mark.parametrize("token", [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e999"])
def test_nan_and_infinity(token: bytes) -> None:
    bad(b'{"n": ' + token + b"}")


def test_extreme_nesting_beyond_the_interpreter_stack() -> None:
    bad(b"[" * 100_000 + b"]" * 100_000)


def test_nesting_beyond_the_depth_limit() -> None:
    assert loads(b"[" * 32 + b"]" * 32) is not None
    assert "嵌套" in bad(b"[" * 40 + b"]" * 40)
    assert "嵌套" in bad(b'{"a":' * 40 + b"1" + b"}" * 40)


def test_huge_integers() -> None:
    bad(b'{"n": ' + b"9" * 10_000 + b"}")


@pytest.mark.parametrize("text", [rb'"\ud800"', rb'"\udc00"', rb'"a\ud83d b"', rb'"\ud83d\ud83d"',
                                  rb'"\ude00\ud83d"'])
def test_lone_surrogates(text: bytes) -> None:
    assert "代理" in bad(text)


def test_valid_surrogate_pairs_are_fine() -> None:
    assert loads(rb'"\ud83d\ude00"') == "😀"


@pytest.mark.parametrize("esc", [rb"\u0000", rb"\u0007", rb"\u001b", rb"\u001F", rb"\u000B"])
def test_escaped_control_characters(esc: bytes) -> None:
    assert "控制字符" in bad(b'"a' + esc + b'b"')


def test_tab_newline_and_escaped_backslashes_are_fine() -> None:
    assert loads(rb'"a\u0009b\u000a\u000d"') == "a\tb\n\r"
    assert loads(rb'"\\u0000"') == "\\u0000"  # an escaped backslash then the text u0000


def test_raw_control_characters_and_invalid_utf8() -> None:
    bad(b'"a\x00b"')
    bad(b'"\xff\xfe"')
    bad(b'"\xed\xa0\x80"')  # a surrogate encoded in UTF-8
    bad(b"\xef\xbb\xbf{}")  # BOM


def test_not_json_at_all() -> None:
    bad(b"")
    bad(b"{'a': 1}")
    bad(b'{"a": 1} trailing')
