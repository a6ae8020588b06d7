"""SQLAlchemy 2 ORM: the data as stored. Only the core imports this package."""

from .base import Base, utcnow
from .catalog import Catalog, CatalogItem, ChangeLog, Setting
from .keys import AcceptedPackage, UnitKey
from .provenance import ItemProvenance
from .reference import Area, Template, TemplateItem, Unit, UnitArea
from .review import Decision, ItemVerdict, ReceivedComment, ReviewComment, Submission, SubmissionItem
from .undo import UndoEntry

__all__ = [
    "AcceptedPackage",
    "Area",
    "Base",
    "Catalog",
    "CatalogItem",
    "ChangeLog",
    "Decision",
    "ItemProvenance",
    "ItemVerdict",
    "ReceivedComment",
    "ReviewComment",
    "Setting",
    "Submission",
    "SubmissionItem",
    "Template",
    "TemplateItem",
    "Unit",
    "UnitArea",
    "UndoEntry",
    "UnitKey",
    "utcnow",
]
