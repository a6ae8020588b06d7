"""The payload files of each package kind, by name: the one list writers and readers share.

A submission carries ``payload/catalog-AREA.json`` per area (and optional attachments and the
unit's responses to review comments); a review result one result file; a distribution the office
key, the unit registry, the deadlines, optional ``payload/template-AREA.json`` files and, when the
office has any, its own areas and repealed laws (``payload/areas.json``, ``payload/laws.json``).
"""

from __future__ import annotations

CATALOG_PREFIX = "payload/catalog-"
TEMPLATE_PREFIX = "payload/template-"
ATTACHMENT_PREFIX = "payload/attachment-"
RESPONSES_FILE = "payload/responses.json"
RESULT_FILE = "payload/result.json"
REGISTRY_FILE = "payload/registry.json"
OFFICE_KEY_FILE = "payload/office-key.json"
DEADLINES_FILE = "payload/deadlines.json"
AREAS_FILE = "payload/areas.json"  # distribution: the areas the office defined (其他领域), when it has any
LAWS_FILE = "payload/laws.json"  # distribution: repealed laws the office added to the shipped list
PROVENANCE_PREFIX = "payload/provenance-"
NEGATIVE_FILE = "payload/negative-list.json"


def catalog_file(area_code: str) -> str:
    return f"{CATALOG_PREFIX}{area_code}.json"


def provenance_file(area_code: str) -> str:
    """A county's submission: which units disclose each item of its aggregate of the area."""
    return f"{PROVENANCE_PREFIX}{area_code}.json"


def template_file(area_code: str) -> str:
    return f"{TEMPLATE_PREFIX}{area_code}.json"


def attachment_file(number: int, suffix: str) -> str:
    """The n-th attachment (from 1) keeps only its type from the original name: ``payload/attachment-1.docx``."""
    return f"{ATTACHMENT_PREFIX}{number}{suffix.lower()}"
