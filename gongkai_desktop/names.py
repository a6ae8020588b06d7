"""Item names compared the way people mean them, to match an imported row to a template item.

Counties retype the national names: full- or half-width brackets, spaces and line breaks, 和 / 及 /
、 between the parts (收养、入籍等登记 = 收养和入籍等登记), a numbering in front (6.1工伤认定申请).
`name_key` drops all of that; the stored names keep the unit's own text.
"""

from __future__ import annotations

import re
import unicodedata

_NUMBERING = re.compile(r"^\s*([一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+(\.[0-9]+)*[、.．]?)\s*")
_DROP = re.compile(r"[\s()\[\]{}（）【】〔〕《》<>“”\"'‘’、，,;；:：。.·和及与]+")


def name_key(text: str | None) -> str:
    t = unicodedata.normalize("NFKC", text or "")
    t = _NUMBERING.sub("", t)
    return _DROP.sub("", t)


def key(level1: str | None, level2: str | None) -> tuple[str, str]:
    """(level-1, level-2) as compared."""
    return name_key(level1), name_key(level2)
