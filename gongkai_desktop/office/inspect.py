"""Everything the submission view shows about one submission, gathered from the review core at once.

Plain Python (no Qt): the items, the differences against the unit's previous submission and the
national template, validation problems, the reviewer's verdicts and comments, and the previous
round's comments with which of them the unit marked addressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import reference
from ..records import ItemRecord, Problem
from ..validation import validate_items
from ..workspace import Workspace
from . import decisions, diff, submissions
from .decisions import CommentInfo, DecisionInfo
from .diff import ItemDiff, TemplateDeviation
from .submissions import SubmissionInfo


@dataclass(slots=True)
class SubmissionData:
    info: SubmissionInfo
    items: list[ItemRecord]
    previous: SubmissionInfo | None = None
    changes: dict[str, ItemDiff] = field(default_factory=dict)  # item id → added / changed
    removed: list[ItemDiff] = field(default_factory=list)
    removed_items: dict[str, ItemRecord] = field(default_factory=dict)
    template: dict[str, TemplateDeviation] = field(default_factory=dict)  # item id → deviation
    dropped: list[TemplateDeviation] = field(default_factory=list)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    problem_count: int = 0
    verdicts: dict[str, str] = field(default_factory=dict)
    comments: list[CommentInfo] = field(default_factory=list)
    previous_comments: list[CommentInfo] = field(default_factory=list)
    decisions: list[DecisionInfo] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        """Approved and superseded submissions are locked (the core refuses edits to them)."""
        return self.info.status in ("submitted", "returned")

    def item_comments(self, item_id: str | None) -> list[CommentInfo]:
        return [c for c in self.comments if c.item_id == item_id]

    def addressed(self, comment_id: str) -> bool:
        return comment_id in self.info.addressed_comments


def required_channels(ws: Workspace, area_code: str) -> dict[str, list[str]]:
    return {t.code: list(t.channels_required) for t in reference.template_items(ws, area_code)}


def load(ws: Workspace, submission_id: int) -> SubmissionData:
    info = submissions.get_submission(ws, submission_id)
    items = submissions.submission_items(ws, submission_id)
    data = SubmissionData(info, items)
    if info.previous_id is not None:
        data.previous = submissions.get_submission(ws, info.previous_id)
        old = submissions.submission_items(ws, info.previous_id)
        for d in diff.diff_items(old, items):
            if d.kind == "removed":
                data.removed.append(d)
            else:
                data.changes[d.item_id] = d
        removed_ids = {d.item_id for d in data.removed}
        data.removed_items = {i.id: i for i in old if i.id in removed_ids}
        data.previous_comments = decisions.comments(ws, info.previous_id)
    template = reference.template_items(ws, info.area_code)
    for dev in diff.diff_template(items, template):
        if dev.item_id:
            data.template[dev.item_id] = dev
        else:
            data.dropped.append(dev)
    problems = validate_items(items, {t.code: list(t.channels_required) for t in template})
    data.problem_count = len(problems)
    for p in problems:
        data.problems.setdefault(p.item_id or "", []).append(p)
    refresh_review(ws, data)
    return data


def refresh_review(ws: Workspace, data: SubmissionData) -> None:
    """Only what the reviewer changes (verdicts, comments, status): cheap, after every command."""
    data.info = submissions.get_submission(ws, data.info.id)
    data.verdicts = decisions.verdicts(ws, data.info.id)
    data.comments = decisions.comments(ws, data.info.id)
    data.decisions = decisions.decisions(ws, data.info.id)
