"""The unit's kept versions of its catalogs, comparing them, and the 修订对照表 of a comparison."""

from __future__ import annotations

from pathlib import Path

from .. import versions
from ..documents.revision_table import RevisionDocument, write_revision_table
from ..models.versions import SIDE_UNIT
from ..revisions import revision_rows
from ..versions import Comparison, VersionInfo
from ..workspace import Workspace
from .catalogs import current_unit


def list_versions(ws: Workspace, area_code: str) -> list[VersionInfo]:
    """Every version of the unit's catalog of the area it handed in, and its draft."""
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        return versions.list_versions(s, SIDE_UNIT, current_unit(ws), area_code)


def version_items(ws: Workspace, version: VersionInfo) -> list:
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        return versions.version_items(s, version.ref)


def compare_versions(ws: Workspace, area_code: str, first: str | None = None, second: str | None = None) -> Comparison:
    with ws.session(write=False) as s:  # reads only: never waits for, nor holds, the write lock
        return versions.compare(s, SIDE_UNIT, current_unit(ws), area_code, first, second)


def export_revision_table(comparison: Comparison, path: Path | str, paper: str = "A4") -> Path:
    """The comparison as a 修订对照表 (.docx or .xlsx by the file's extension)."""
    return write_revision_table(RevisionDocument(comparison.title, comparison.subtitle,
                                                 revision_rows(comparison.diff, comparison.notes), paper), path)
