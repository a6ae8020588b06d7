"""The validation problems of a submission, judged as the unit's window judged them.

Kept apart from `inspect` (which re-exports it) so that `decisions` can refuse an unconfirmed
approval on exactly the problems the reviewer sees, without an import cycle.
"""

from __future__ import annotations

from .. import reference
from ..records import Problem
from ..validation import validate_items
from ..workspace import Workspace
from . import submissions
from .submissions import SubmissionInfo


def submission_problems(ws: Workspace, info: SubmissionInfo, items: list) -> list[Problem]:
    """The problems of one submission, against the template version the unit compiled against."""
    with ws.session() as s:
        key = (info.area_code, info.template_version or "")
        required = reference.required_channels_by_version(s, [key])[key]
    return validate_items(items, required)


def problems_of(ws: Workspace, submission_id: int) -> list[Problem]:
    info = submissions.get_submission(ws, submission_id)
    return submission_problems(ws, info, submissions.submission_items(ws, submission_id))
