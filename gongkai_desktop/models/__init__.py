"""SQLAlchemy 2 ORM: the data as stored. Only the core imports this package."""

from .base import Base, utcnow
from .catalog import Catalog, CatalogItem, ChangeLog, Setting
from .reference import Area, Template, TemplateItem, Unit, UnitArea

__all__ = [
    "Area",
    "Base",
    "Catalog",
    "CatalogItem",
    "ChangeLog",
    "Setting",
    "Template",
    "TemplateItem",
    "Unit",
    "UnitArea",
    "utcnow",
]
