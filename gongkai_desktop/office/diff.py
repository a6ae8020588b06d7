"""What changed: a submission against the unit's previous one, and against the national template."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import vocab
from ..records import ItemRecord, TemplateItemInfo

COMPARED_FIELDS = ("level1", "level2", "content", "basis", "time_limit", "publisher", "channels", "channel_other",
                   "audience", "mode", "levels", "attribute", "legal_ground", "applicability",
                   "applicability_reason", "remarks")


@dataclass(slots=True)
class ItemDiff:
    item_id: str
    label: str
    kind: str  # added / removed / changed
    fields: dict[str, tuple[object, object]] = field(default_factory=dict)


def diff_items(old: list[ItemRecord], new: list[ItemRecord]) -> list[ItemDiff]:
    """Items matched by their UUID (kept by the unit's app across versions)."""
    before = {i.id: i for i in old}
    after = {i.id: i for i in new}
    out: list[ItemDiff] = []
    for item in new:
        prev = before.get(item.id)
        if prev is None:
            out.append(ItemDiff(item.id, _label(item), "added"))
            continue
        changed = {f: (getattr(prev, f), getattr(item, f)) for f in COMPARED_FIELDS if getattr(prev, f) != getattr(item, f)}
        if changed:
            out.append(ItemDiff(item.id, _label(item), "changed", changed))
    out.extend(ItemDiff(i.id, _label(i), "removed") for i in old if i.id not in after)
    return out


@dataclass(slots=True)
class TemplateDeviation:
    template_code: str
    label: str
    kind: str  # dropped / not_applicable / changed
    fields: dict[str, tuple[object, object]] = field(default_factory=dict)
    item_id: str | None = None


TEMPLATE_TEXT = ("level1", "level2", "content", "basis", "time_limit")


def diff_template(items: list[ItemRecord], template: list[TemplateItemInfo]) -> list[TemplateDeviation]:
    """Template items the unit dropped, marked not applicable, or whose texts it changed."""
    by_code = {i.template_code: i for i in items if i.template_code}
    out: list[TemplateDeviation] = []
    for t in template:
        label = f"{t.level1} / {t.level2}"
        item = by_code.get(t.code)
        if item is None:
            out.append(TemplateDeviation(t.code, label, "dropped"))
        elif item.applicability == "not_applicable":
            out.append(TemplateDeviation(t.code, label, "not_applicable", {"applicability_reason": ("", item.applicability_reason)}, item.id))
        else:
            changed = {f: (getattr(t, f), getattr(item, f)) for f in TEMPLATE_TEXT if getattr(t, f) != getattr(item, f)}
            if changed:
                out.append(TemplateDeviation(t.code, label, "changed", changed, item.id))
    return out


def describe_fields(fields: dict[str, tuple[object, object]]) -> str:
    return "、".join(vocab.FIELD_LABELS.get(f, f) for f in fields)


def _label(item: ItemRecord) -> str:
    return " / ".join(x for x in (item.level1, item.level2) if x) or "（未命名事项）"
