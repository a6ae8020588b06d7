"""The validation problems of a submission, judged as the unit's window judged them.

Kept apart from `inspect` (which re-exports it) so that `decisions` can refuse an unconfirmed
approval on exactly the problems the reviewer sees, without an import cycle.
"""

from __future__ import annotations

from .. import reference, vocab
from ..records import Problem
from ..validation import validate_items
from ..workspace import Workspace
from . import submissions
from .submissions import SubmissionInfo


def gathers_submitters(kind: str) -> bool:
    """Whether a submitter of this kind hands in a catalog gathered from several units (a county's
    to its prefecture): its item names need not be unique."""
    return kind in vocab.UPPER_KINDS


def submission_problems(ws: Workspace, info: SubmissionInfo, items: list) -> list[Problem]:
    """The problems of one submission, against the template version the unit compiled against."""
    from ..models import Unit

    with ws.session() as s:
        key = (info.area_code, info.template_version or "")
        required = reference.required_channels_by_version(s, [key])[key]
        unit = s.get(Unit, info.unit_code)
    return validate_items(items, required, names_unique=not gathers_submitters(unit.kind if unit else ""))


def problems_of(ws: Workspace, submission_id: int) -> list[Problem]:
    info = submissions.get_submission(ws, submission_id)
    return submission_problems(ws, info, submissions.submission_items(ws, submission_id))
