"""Plain records that cross layer boundaries (window, CLI, packages, documents).

The ORM stays inside the core; everything above it sees these dataclasses, which can be turned
into JSON-safe dicts for packages and documents without touching SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(slots=True)
class ItemRecord:
    """One catalog item (公开事项) with its eight elements and its disclosure data."""

    id: str
    catalog_id: int
    position: int
    revision: int = 1
    template_code: str | None = None
    source: str = "template"
    level1: str = ""
    level2: str = ""
    content: str = ""
    basis: str = ""
    time_limit: str = ""
    publisher: str = ""
    channels: list[str] = field(default_factory=list)
    channel_other: str = ""
    audience: list[str] = field(default_factory=list)
    mode: str = ""
    levels: list[str] = field(default_factory=list)
    attribute: str = "主动公开"
    legal_ground: str = ""
    applicability: str = "adopted"
    applicability_reason: str = ""
    remarks: str = ""
    five_disclosures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemRecord:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    @property
    def not_applicable(self) -> bool:
        return self.applicability == "not_applicable"


# The fields a package or document carries for an item (everything but storage keys).
ITEM_DATA_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(ItemRecord) if f.name not in ("catalog_id",)
)


@dataclass(slots=True)
class CatalogInfo:
    """A catalog (one unit × one area) with its progress, as lists and the area tree show it."""

    id: int
    unit_code: str
    unit_name: str
    area_code: str
    area_name: str
    status: str
    version: int
    template_version: str
    item_count: int = 0
    complete_count: int = 0
    problem_count: int = 0
    not_applicable_count: int = 0


@dataclass(slots=True)
class Problem:
    """One validation problem: which item, which field, what is wrong (Chinese).

    ``severity`` "error" must be fixed before the catalog is complete; "warning" (提醒: an item cites
    a repealed law) is shown beside the errors but does not make an item incomplete.
    """

    item_id: str | None
    field: str | None
    code: str
    message: str
    item_label: str = ""
    severity: str = "error"


@dataclass(slots=True)
class AreaInfo:
    code: str
    number: str
    name: str
    level1: list[str]


@dataclass(slots=True)
class UnitInfo:
    code: str
    name: str
    kind: str
    areas: list[str]
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None  # a village or community: its township's code


@dataclass(slots=True)
class TemplateItemInfo:
    code: str
    level1: str
    level2: str
    content: str
    basis: str
    time_limit: str
    publisher: str
    channels_required: list[str]
    channels_optional: list[str]
    channel_other: str
    audience: list[str]
    mode: str
    levels: list[str]
    attribute: str
    wording: str
    evidence: str = ""
