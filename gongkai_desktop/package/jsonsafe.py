"""A strict JSON reader for files that come from outside (packages, enrolment files).

Python's ``json`` accepts things a hostile file can use against a reader: duplicate keys (the last
one silently wins, so two readers may see different data), ``NaN``/``Infinity``, numbers with
100,000 digits, nesting deep enough to exhaust the stack, lone surrogates and escaped control
characters that break databases and documents later. This module refuses all of them.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .errors import PackageError

MAX_DEPTH = 32
# An escape for a control character other than tab, newline and carriage return (U+0000–U+001F),
# or for a surrogate; preceded by an even number of backslashes, i.e. a real escape.
_BAD_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u(00[01][0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2})")
_ALLOWED_CONTROL = {"0009", "000a", "000d"}


def _fail(what: str, name: str) -> PackageError:
    return PackageError("bad_json", f"文件包中的 {name} 不是合格的 JSON：{what}。文件可能已损坏或被篡改，请让对方重新导出。")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise ValueError(f"dup:{dup}")
    return d


def _constant(name: str) -> Any:
    raise ValueError(f"const:{name}")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"const:{text}")
    return value


def _check_escapes(data: bytes, text: str, name: str) -> None:
    """Escaped surrogates must come in valid pairs; escaped control characters are refused."""
    if b"\\u" not in data:  # searching the bytes is several times faster than the decoded text
        return
    pending_high = False
    last_end = -1
    for m in _BAD_ESCAPE.finditer(text):
        code = m.group(1).lower()
        start = m.end() - 6
        if code.startswith("00"):
            if code not in _ALLOWED_CONTROL:
                raise _fail("含有不可见的控制字符", name)
            continue
        high = code[1] in "89ab"
        if high:
            if pending_high:
                raise _fail("含有不成对的代理字符", name)
            pending_high, last_end = True, m.end()
        else:
            if not pending_high or start != last_end:
                raise _fail("含有不成对的代理字符", name)
            pending_high = False
    if pending_high:
        raise _fail("含有不成对的代理字符", name)


def _check_depth(value: Any, max_depth: int, name: str) -> None:
    """Iterative walk over containers only: no recursion a hostile file could exhaust."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise _fail(f"嵌套超过 {max_depth} 层", name)
        children = node.values() if type(node) is dict else node
        for child in children:
            t = type(child)
            if t is dict or t is list:
                stack.append((child, depth + 1))


def loads(data: bytes, name: str = "JSON", max_depth: int | None = MAX_DEPTH) -> Any:
    """Parse UTF-8 JSON bytes strictly; raise `PackageError` (code ``bad_json``) for anything doubtful.

    ``max_depth=None`` skips the depth walk for callers that check the structure themselves;
    nesting deep enough to threaten the interpreter's stack is refused either way.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        raise _fail("以字节顺序标记（BOM）开头", name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail("不是有效的 UTF-8 编码", name) from None
    _check_escapes(data, text, name)
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float)
    except RecursionError:
        raise _fail("嵌套层数过多", name) from None
    except ValueError as exc:  # JSONDecodeError is a ValueError; so are our hooks' refusals
        msg = str(exc)
        if msg.startswith("dup:"):
            raise _fail(f"键“{msg[4:]}”重复出现", name) from None
        if msg.startswith("const:"):
            raise _fail(f"含有非数值 {msg[6:]}", name) from None
        raise _fail("格式错误或数字过长", name) from None
    if max_depth is not None and type(value) in (dict, list):
        _check_depth(value, max_depth, name)
    return value


def dumps(value: Any) -> bytes:
    """The writer's counterpart: compact UTF-8, no NaN, keys in insertion order."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
