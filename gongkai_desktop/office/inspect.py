"""One reading of a submission for everyone: the window, `gongkai review show`, the queue, reports.

`inspect_submission` gathers the items, the differences against the unit's previous submission
and the national template, the validation problems (against the template version the unit
compiled against, as the unit's own window and its manifest count them), the reviewer's verdicts
and comments, and the previous round's comments with which of them the unit marked addressed.
`problem_counts` counts the problems of many submissions in three queries, for the queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from .. import reference
from ..itemrows import read_items
from ..models.review import Submission, SubmissionItem
from ..records import ItemRecord, Problem
from ..validation import validate_items
from ..workspace import Workspace
from . import decisions, diff, submissions
from .decisions import CommentInfo, DecisionInfo
from .diff import ItemDiff, TemplateDeviation
from .problems import submission_problems  # the one reading (kept here under its old name too)
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


def problem_counts(ws: Workspace, submission_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Submission id → its number of validation problems (all current submissions when None).

    Three queries whatever the number: the submissions, all their items, the required channels of
    every template version they follow.
    """
    with ws.session() as s:
        q = select(Submission.id, Submission.area_code, Submission.template_version)
        q = q.where(Submission.superseded_by.is_(None)) if submission_ids is None \
            else q.where(Submission.id.in_(list(submission_ids)))
        subs = s.execute(q).all()
        if not subs:
            return {}
        table = SubmissionItem.__table__
        items = read_items(s, table, "submission_id", table.c.submission_id.in_([sid for sid, _, _ in subs]))
        required = reference.required_channels_by_version(s, [(a, v or "") for _, a, v in subs])
    by_sub: dict[int, list[ItemRecord]] = {sid: [] for sid, _, _ in subs}
    for item in items:
        by_sub[item.catalog_id].append(item)
    return {sid: len(validate_items(by_sub[sid], required[(a, v or "")])) for sid, a, v in subs}


def inspect_submission(ws: Workspace, submission_id: int) -> SubmissionData:
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
    problems = submission_problems(ws, info, items)
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
