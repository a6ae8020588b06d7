"""SQLAlchemy 2 ORM: the data as stored. Only the core imports this package."""

from .base import Base, utcnow
from .catalog import Catalog, CatalogItem, ChangeLog, Setting
from .keys import AcceptedPackage, UnitKey
from .provenance import ItemProvenance
from .reference import Area, Template, TemplateItem, Unit, UnitArea
from .review import AuditEntry, Decision, ItemVerdict, ReceivedComment, ReviewComment, Submission, SubmissionItem
from .undo import UndoEntry
from .versions import CatalogVersion, CatalogVersionItem, LawChange, TemplateChoice

__all__ = [
    "AcceptedPackage",
    "Area",
    "Base",
    "Catalog",
    "CatalogVersion",
    "CatalogVersionItem",
    "CatalogItem",
    "ChangeLog",
    "Decision",
    "ItemProvenance",
    "ItemVerdict",
    "AuditEntry",
    "LawChange",
    "ReceivedComment",
    "ReviewComment",
    "Setting",
    "Submission",
    "SubmissionItem",
    "Template",
    "TemplateChoice",
    "TemplateItem",
    "Unit",
    "UnitArea",
    "UndoEntry",
    "UnitKey",
    "utcnow",
]
