"""Laws change too: finding items whose legal basis cites a repealed or replaced law.

The list comes from resources/laws.json (shipped, each entry with its date and source) and from
the review office's distributions; it is kept in the `law_change` table. A citation is a title in
《》 in 公开依据 or 不予公开依据, compared the way people write it: with or without
“中华人民共和国”, spaces ignored, （） and () alike. A match is a warning (提醒), not an error: the
catalog is still complete, but the unit is shown the successor and can take it with one edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from .models import LawChange
from .records import ItemRecord, Problem
from .validation import item_label

BASIS_FIELDS: tuple[str, ...] = ("basis", "legal_ground")
PREFIX = "中华人民共和国"
TITLE_RE = re.compile(r"《([^《》]{1,120})》")
REPEALED_LAW = "repealed_law"
WARNING = "warning"


@lru_cache(maxsize=8192)
def title_key(title: str) -> str:
    """A law's title as compared: no 《》, no spaces, no 中华人民共和国 prefix, half-width brackets."""
    t = re.sub(r"\s+", "", title).strip("《》").replace("（", "(").replace("）", ")")
    return t[len(PREFIX):] if t.startswith(PREFIX) and len(t) > len(PREFIX) else t


@dataclass(slots=True, frozen=True)
class RepealedLaw:
    name: str
    successor: str
    effective: date
    kind: str
    source: str
    aliases: tuple[str, ...] = ()

    def describe(self, today: date | None = None) -> str:
        """“已于2021年1月1日废止，由《中华人民共和国民法典》取代”."""
        day = f"{self.effective.year}年{self.effective.month}月{self.effective.day}日"
        when = "将于" if today is not None and self.effective > today else "已于"
        if self.kind == "repealed" or not self.successor:
            return f"{when}{day}废止"
        verb = "更名为" if self.kind == "renamed" else "废止，由"
        tail = "" if self.kind == "renamed" else "取代"
        return f"{when}{day}{verb}《{self.successor}》{tail}"


@dataclass(slots=True, frozen=True)
class Citation:
    """One citation of a repealed law in one field of one item, as written there."""

    item_id: str
    field: str
    written: str  # the title as the item writes it, with its 《》
    law: RepealedLaw


class LawIndex:
    """Repealed laws by the keys of their titles (and aliases)."""

    def __init__(self, laws: Iterable[RepealedLaw]) -> None:
        self.laws = list(laws)
        self._found: dict[str, list[tuple[str, RepealedLaw]]] = {}
        self.by_key: dict[str, RepealedLaw] = {}
        for law in self.laws:
            for name in (law.name, *law.aliases):
                self.by_key.setdefault(title_key(name), law)

    def __bool__(self) -> bool:
        return bool(self.laws)

    def find(self, text: str) -> list[tuple[str, RepealedLaw]]:
        """(title as written, law) for every repealed law ``text`` cites, each once (a county repeats the
        same 公开依据 in many items: each distinct text is read once)."""
        if not text or "《" not in text:
            return []
        cached = self._found.get(text)
        if cached is not None:
            return cached
        out: list[tuple[str, RepealedLaw]] = []
        seen: set[str] = set()
        for m in TITLE_RE.finditer(text):
            law = self.by_key.get(title_key(m.group(1)))
            if law is not None and law.name not in seen:
                seen.add(law.name)
                out.append((m.group(0), law))
        if len(self._found) < 20000:
            self._found[text] = out
        return out

    def citations(self, item: ItemRecord) -> list[Citation]:
        return [Citation(item.id, f, written, law) for f in BASIS_FIELDS
                for written, law in self.find(getattr(item, f))]

    def like_patterns(self) -> list[str]:
        """Short pieces every citation contains, for a database pre-filter (``LIKE '%…%'``)."""
        return sorted({title_key(n) for law in self.laws for n in (law.name, *law.aliases)})


def load_index(s: Any) -> LawIndex:
    """The workspace's list of repealed laws (shipped, and those the review office added)."""
    rows = s.execute(select(LawChange.name, LawChange.successor, LawChange.effective, LawChange.kind,
                            LawChange.source, LawChange.aliases)).all()
    return LawIndex(RepealedLaw(n, succ, date.fromisoformat(eff), kind, src, tuple(al or ()))
                    for n, succ, eff, kind, src, al in rows)


def warnings(items: Sequence[ItemRecord], index: LawIndex, today: date | None = None) -> list[Problem]:
    """A warning per citation of a repealed law, with the successor to use (items not applicable skipped)."""
    if not index:
        return []
    today = today or date.today()
    out: list[Problem] = []
    for item in items:
        if item.not_applicable:
            continue
        for c in index.citations(item):
            out.append(Problem(item.id, c.field, REPEALED_LAW, message(c, today), item_label(item), WARNING))
    return out


def message(c: Citation, today: date | None = None) -> str:
    text = f"引用的{c.written}{c.law.describe(today)}"
    if c.law.successor:
        text += f"，可改为《{c.law.successor}》（条款序号请对照新法核对）"
    return text


def replace(text: str, index: LawIndex) -> str:
    """``text`` with every citation of a repealed law that has a successor replaced by the successor's title."""
    def swap(m: re.Match[str]) -> str:
        law = index.by_key.get(title_key(m.group(1)))
        return f"《{law.successor}》" if law is not None and law.successor else m.group(0)

    return TITLE_RE.sub(swap, text) if text and "《" in text else text
