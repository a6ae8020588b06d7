"""Every setting the program keeps, declared once: its key, type, default and where it lives.

Three scopes (Picard's split): **workspace** data travels with the workspace (its role and unit,
the county's registry, deadlines, sequences…) and is stored in its `setting` table; **user**
preferences (data folder, font size) and **window** state (geometry, splitters, the reviewer's
name) belong to the computer and live in QSettings (`ui/settings.py`). Code reads and writes a
setting through its `Setting` here, never through a bare string, so a typo cannot create a new
setting and a wrong type is caught where it is read.

Settings are upgraded between versions by `upgrade`: each step renames or converts what an older
release stored (`SETTINGS_VERSION` records how far a workspace is).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import select

from .models import Setting as SettingRow

T = TypeVar("T")


class Scope(StrEnum):
    WORKSPACE = "workspace"
    USER = "user"
    WINDOW = "window"
    LOCAL = "local"  # this computer's data folder (local_settings.py): never in a shared database


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One declared setting. ``types`` are the Python types a stored value may have."""

    key: str
    types: tuple[type, ...]
    default: Any
    scope: Scope
    doc: str
    check: Callable[[Any], bool] | None = field(default=None, compare=False)

    def parse(self, value: Any) -> T:
        """The stored value if it has the declared type (and passes ``check``), else the default."""
        if value is None or not isinstance(value, self.types) or (self.check is not None and not self.check(value)):
            return self.default
        return value  # type: ignore[return-value]


@dataclass(frozen=True)
class SettingFamily(Generic[T]):
    """Settings keyed by an owner (a unit code, the office): ``own_key.D06``, ``package_sequence.R00``."""

    prefix: str
    types: tuple[type, ...]
    default: Any
    doc: str
    scope: Scope = Scope.WORKSPACE
    sep: str = "."

    def of(self, owner: str) -> Setting[T]:
        return Setting(f"{self.prefix}{self.sep}{owner}", self.types, self.default, self.scope, self.doc)


W, U, WIN = Scope.WORKSPACE, Scope.USER, Scope.WINDOW

# Workspace data ---------------------------------------------------------------------------------------
ROLE: Setting[str | None] = Setting("role", (str,), None, W, "whose workspace: unit / review_office",
                                    check=lambda v: v in ("unit", "review_office"))
UNIT_CODE: Setting[str | None] = Setting("unit_code", (str,), None, W, "the unit this workspace belongs to")
COUNTY: Setting[str] = Setting("county", (str,), "", W, "the county's name (江山市), from the registry")
REVIEW_OFFICE: Setting[dict] = Setting("review_office", (dict,), {}, W, "the review office's code and name")
REGISTRY: Setting[dict | None] = Setting("registry", (dict,), None, W,
                                         "a unit registry loaded from a file or distributed by the office")
REFERENCE_DIGEST: Setting[str | None] = Setting("reference_digest", (str,), None, W,
                                                "digest of the shipped reference data last loaded")
DEADLINES: Setting[dict] = Setting("deadlines", (dict,), {}, W, "round → deadline (ISO date), set by the office")
OPENED_ROUNDS: Setting[list] = Setting("rounds_opened", (list,), [], W,
                                       "rounds after the first four (2021年度动态调整 …): name, deadline, opened_at",
                                       check=lambda v: all(isinstance(r, dict) and isinstance(r.get("name"), str)
                                                           for r in v))
LEVEL: Setting[str] = Setting("review_level", (str,), "county", W,
                              "a review office's level: county (reviews units) / prefecture / province (reviews the level below)",
                              check=lambda v: v in ("county", "prefecture", "province"))
REGION: Setting[str] = Setting("region_code", (str,), "", W, "a prefecture's (province's) own code in resources/hierarchy.json")
UPSTREAM_KEY: Setting[dict | None] = Setting("upstream_key", (dict,), None, W,
                                             "on a county office: the prefecture's trusted public key")
SIGNATURE_ALGORITHM: Setting[str | None] = Setting("signature_algorithm", (str,), None, W,
                                                   "the algorithm new keys are made with (ed25519 / sm2)")
OFFICE_KEY: Setting[dict | None] = Setting("review_office_key", (dict,), None, W,
                                           "on a unit: the review office's trusted public key")
LAST_AREA: Setting[str | None] = Setting("ui_last_area", (str,), None, W, "the area the window opened last")
SETTINGS_VERSION: Setting[int] = Setting("settings_version", (int,), 0, W, "how far `upgrade` has brought them")
OWN_KEY: SettingFamily[dict | None] = SettingFamily("own_key", (dict,), None, "this workspace's key pair (public part)")
SEQUENCE: SettingFamily[int] = SettingFamily("package_sequence", (int,), 0, "the last package number a sender used")
SENT_PACKAGE: SettingFamily[dict | None] = SettingFamily("sent_package", (dict,), None,
                                                         "on a unit: a package it sent (area, sequence, version)")
ISSUED_RESULT: SettingFamily[dict | None] = SettingFamily("issued_result", (dict,), None,
                                                          "on the office: a review result it sent")
RECEIVED_RESULT: SettingFamily[dict | None] = SettingFamily("received_result", (dict,), None,
                                                            "on a unit: the last review result per area (sequence, decision)")
FORWARDED: SettingFamily[dict | None] = SettingFamily("forwarded_area", (dict,), None,
                                                      "on a county office: the version and digest of an area it forwarded")
UPSTREAM_RESULT: SettingFamily[dict | None] = SettingFamily("upstream_result", (dict,), None,
                                                            "on a county office: a review result from its prefecture")
ATTACHMENTS: SettingFamily[dict | None] = SettingFamily("attachments", (dict,), None,
                                                        "on the office: where a package's attachments are kept")

# Kept in the data folder of this computer (local_settings.py), never in the shared office database ----
L = Scope.LOCAL
REVIEWER_NAME: Setting[str] = Setting("reviewer_name", (str,), "", L,
                                      "the reviewer who works in this data folder (shown on comments, decisions)")
DATABASE_URL: Setting[str] = Setting("database_url", (str,), "", L,
                                     "the shared office database this data folder opens (PostgreSQL URL), or SQLite")

# User preferences and window state (QSettings, see ui/settings.py) -------------------------------------
DATA_DIR: Setting[str] = Setting("data_dir", (str,), "", U, "the workspace folder the window opens")
FONT_POINT_SIZE: Setting[int] = Setting("font_point_size", (int,), 10, U, "the window's font size")
RECENT_WORKSPACES: Setting[str] = Setting("recent_workspaces", (str,), "", U,
                                          "文件 → 最近的工作区: JSON list of {path, label}, newest first")
REVIEWER: Setting[str] = Setting("review/reviewer", (str,), "", WIN, "the reviewer's name last used")
ROUND: Setting[str] = Setting("review/round", (str,), "", WIN, "the review round last chosen")
REVIEW_FOLDER: Setting[str] = Setting("review/last_dir", (str,), "", WIN, "the folder packages were last imported from")
LAST_FOLDER: SettingFamily[str] = SettingFamily("dirs", (str,), "", "the folder last used, per kind of file", WIN, "/")
WINDOW_STATE: SettingFamily[Any] = SettingFamily("window", (object,), None, "geometry, splitters, columns", WIN, "/")

ALL: tuple[Setting[Any], ...] = tuple(v for v in dict(globals()).values() if isinstance(v, Setting))
FAMILIES: tuple[SettingFamily[Any], ...] = tuple(v for v in dict(globals()).values() if isinstance(v, SettingFamily))


def declared(key: str) -> bool:
    """Is ``key`` a setting this program knows (directly or as a family member)?"""
    return any(s.key == key for s in ALL) or any(key.startswith(f.prefix + f.sep) for f in FAMILIES)


# Reading and writing inside a transaction -------------------------------------------------------------
def read(s: Any, setting: Setting[T]) -> T:
    row = s.get(SettingRow, setting.key)
    return setting.parse(None if row is None else row.value)


def write(s: Any, setting: Setting[T], value: T) -> None:
    if setting.scope is not Scope.WORKSPACE:
        raise ValueError(f"{setting.key} is not kept in the workspace")
    s.merge(SettingRow(key=setting.key, value=value))


# Upgrades between versions ----------------------------------------------------------------------------
def _v1_sequences_as_ints(s: Any) -> None:
    """Release 0.1 could store a sequence as a string."""
    for row in s.scalars(select(SettingRow).where(SettingRow.key.like(f"{SEQUENCE.prefix}.%"))):
        if isinstance(row.value, str) and row.value.isdigit():
            row.value = int(row.value)


UPGRADES: tuple[Callable[[Any], None], ...] = (_v1_sequences_as_ints,)


def upgrade(s: Any) -> None:
    """Bring a workspace's settings up to this release (each step once, in order)."""
    done = read(s, SETTINGS_VERSION)
    for step in UPGRADES[done:]:
        step(s)
    if done != len(UPGRADES):
        write(s, SETTINGS_VERSION, len(UPGRADES))
