"""The rules of one catalog item, in one place: how a value is cleaned, what an edit changes, when
a catalog starts its next version.

Pure functions over plain values (no database, no Qt), used by every path that changes items:
editing in the window or the CLI, the Excel/Word import, restoring an earlier value, template
upgrades. Before this module each path had its own copy and the copies disagreed (a returned
catalog became a draft v2 after an edit but stayed 退回修改 v1 after the same change by import;
"adopted → adapted" was decided three times with three field lists).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import vocab
from .errors import DomainError

MAX_TEXT = 20000

# Changing one of these on an adopted template item makes it 调整采用 (adapted): the wording of the
# national guidance is the level-1/level-2 name and the eight elements' text.
WORDING_FIELDS: tuple[str, ...] = ("level1", "level2", "content", "basis", "time_limit", "publisher")

# The text fields a template item carries, compared to tell 采用 from 调整采用 when an item comes
# back from 不适用 or is matched to its template on import.
TEMPLATE_TEXT_FIELDS: tuple[str, ...] = WORDING_FIELDS

# Choices an item may leave empty, as shipped templates do where the guidance is not known.
NOT_CHOSEN_ALLOWED: tuple[str, ...] = ("mode", "attribute")

SET_VOCAB: dict[str, tuple[str, ...]] = {
    "channels": vocab.CHANNELS, "audience": vocab.AUDIENCES, "levels": vocab.LEVELS,
    "five_disclosures": vocab.FIVE_DISCLOSURES,
}

# A catalog that was handed in (submitted, returned, approved) has a version the office holds: a
# change makes the next version. A returned one is meant to be changed (the office asked), so its
# first change starts the next version at once; a submitted or approved one is locked until the
# unit deliberately starts a revision (开始修订), so one stray keystroke cannot reopen it.
HANDED_IN: tuple[str, ...] = (vocab.Status.SUBMITTED, vocab.Status.RETURNED, vocab.Status.APPROVED)
LOCKED: tuple[str, ...] = (vocab.Status.SUBMITTED, vocab.Status.APPROVED)

# What a 不予公开 item does not have: it is not published, so no audience, mode or level; its legal
# ground says why (validation asks for that instead).
NOT_DISCLOSED_CLEARS: dict[str, Any] = {"audience": [], "mode": "", "levels": []}

# Invisible characters that reorder text (bidi overrides and isolates) and characters XML 1.0
# cannot carry: pasted or crafted text must never break an export or mislead a reader.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
_XML_INVALID = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}
_STRIP = {**_BIDI, **_XML_INVALID}


def canonical(values: Iterable[str], order: tuple[str, ...]) -> list[str]:
    """The chosen options in the national table's order, each once."""
    chosen = set(values)
    return [v for v in order if v in chosen]


def clean_text(value: str) -> str:
    """NFC, Windows line ends made plain, bidi controls and XML-invalid characters removed, trimmed."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return text.translate(_STRIP).strip()


def normalise(field: str, value: Any) -> Any:
    """Check one field's new value against its vocabulary; a Chinese error when it does not fit."""
    label = vocab.FIELD_LABELS.get(field, field)
    if field in vocab.TEXT_FIELDS:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise DomainError("bad_value", f"{label}应为文字。")
        if len(value) > MAX_TEXT:
            raise DomainError("text_too_long", f"{label}过长（超过 {MAX_TEXT} 字），请精简。")
        return clean_text(value)
    if field in SET_VOCAB:
        if isinstance(value, str) or not all(isinstance(v, str) for v in value or []):
            raise DomainError("bad_value", f"{label}应为若干选项。")
        unknown = [v for v in value or [] if v not in SET_VOCAB[field]]
        if unknown:
            raise DomainError("bad_value", f"{label}中的“{'、'.join(unknown)}”不是可选项。")
        return canonical(value or [], SET_VOCAB[field])
    if field in vocab.CHOICE_FIELDS:
        if value == "" and field in NOT_CHOSEN_ALLOWED:
            return ""  # not chosen yet (a template or an imported row left it empty): validation shows it
        if value not in vocab.CHOICE_FIELDS[field]:
            raise DomainError("bad_value", f"{label}的取值“{value}”不是可选项。")
        return value
    raise DomainError("bad_field", f"“{label}”不能直接修改。")


def normalise_all(changes: Mapping[str, Any]) -> dict[str, Any]:
    return {f: normalise(f, v) for f, v in changes.items()}


@dataclass(slots=True, frozen=True)
class FieldChanges:
    """What an edit does to an item: every field that changes (side effects included), old and new."""

    old: dict[str, Any]
    new: dict[str, Any]

    def __bool__(self) -> bool:
        return bool(self.new)

    @property
    def fields(self) -> list[str]:
        return list(self.new)


def apply_edit(current: Mapping[str, Any], changes: Mapping[str, Any], *, is_template_item: bool,
               already_clean: bool = False) -> FieldChanges:
    """The fields an edit changes on an item whose values are ``current``, side effects included.

    - values are normalised (unless ``already_clean``); a value equal to the current one is no change;
    - the source of a template item cannot become an own source, nor the reverse;
    - an adopted template item whose wording changes becomes adapted (调整采用), unless the edit
      sets ``applicability`` itself (an import whose file says so);
    - an item made 不予公开 loses its audience, mode and levels (it is not published).
    """
    clean = dict(changes) if already_clean else normalise_all(changes)
    if "source" in clean and is_template_item != (clean["source"] == vocab.SOURCE_TEMPLATE):
        raise DomainError("bad_source", "来自国家标准指引的事项不能改为自有事项来源，反之亦然。")
    new = {f: v for f, v in clean.items() if current.get(f) != v}
    if new.get("attribute") == vocab.ATTRIBUTE_NOT_DISCLOSED:
        for f, empty in NOT_DISCLOSED_CLEARS.items():
            if f not in clean and current.get(f) not in (None, empty):
                new[f] = empty
    if (is_template_item and current.get("applicability") == "adopted" and "applicability" not in clean
            and set(new) & set(WORDING_FIELDS)):
        new["applicability"] = "adapted"
    return FieldChanges({f: current.get(f) for f in new}, new)


def applicability_from_template(item: Mapping[str, Any], template: Mapping[str, Any] | None) -> str:
    """采用 when the item's wording is still its template's, 调整采用 otherwise (own items: 采用)."""
    if template is None:
        return "adopted"
    same = all((item.get(f) or "").strip() == (template.get(f) or "").strip() for f in TEMPLATE_TEXT_FIELDS)
    return "adopted" if same else "adapted"


def check_editable(status: str) -> None:
    """A submitted or approved catalog is changed only after 开始修订 (a Chinese refusal otherwise)."""
    if status in LOCKED:
        state = vocab.CATALOG_STATUSES.get(status, status)
        raise DomainError("catalog_locked", f"该目录{state}，不能直接修改。如需修改，请先“开始修订”"
                                            "（窗口：编辑 → 开始修订；命令行：gongkai catalog revise 领域），"
                                            "修订后的目录作为新版本重新报送。")


def next_catalog_state(status: str, version: int) -> tuple[str, int]:
    """The status and version a catalog has after a change: returned → the next version's draft;
    submitted or approved → refused (`check_editable`)."""
    check_editable(status)
    if status in HANDED_IN:
        return vocab.Status.DRAFT, version + 1
    return status, version


def revision_state(status: str, version: int) -> tuple[str, int]:
    """开始修订: a handed-in catalog becomes the draft of its next version; a draft stays as it is."""
    if status in HANDED_IN:
        return vocab.Status.DRAFT, version + 1
    return status, version


def starts_new_version(status: str) -> bool:
    return status in HANDED_IN
