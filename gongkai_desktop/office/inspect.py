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

from sqlalchemy import bindparam, select

from .. import laws, reference, versions, vocab
from ..itemrows import read_items
from ..models import Unit
from ..models.review import Submission, SubmissionItem
from ..records import ItemRecord, Problem
from ..revisions import ItemChange, diff_catalogs
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
    # 动态调整: the version published as the baseline of the current round, and what changed since it
    baseline: SubmissionInfo | None = None
    baseline_round: str = ""
    since_baseline: dict[str, ItemChange] = field(default_factory=dict)  # item id → added / changed / moved
    removed_since_baseline: list[ItemChange] = field(default_factory=list)
    warnings: dict[str, list[Problem]] = field(default_factory=dict)  # repealed laws cited (提醒, not errors)
    latest_template: str = ""  # the newest template version of the area the office holds

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

    A submission's items never change once received and it follows one template version, so its
    count is computed once (the items of those not yet counted and the required channels of their
    template versions: three queries whatever the number) and kept on the submission; the queue of
    the whole county then reads ~500 integers instead of validating 60,000 items each time.
    """
    with ws.session() as s:
        q = select(Submission.id, Submission.area_code, Submission.template_version, Submission.problem_count)
        q = q.where(Submission.superseded_by.is_(None)) if submission_ids is None \
            else q.where(Submission.id.in_(list(submission_ids)))
        subs = s.execute(q).all()
        out = {sid: n for sid, _, _, n in subs if n is not None}
        todo = [(sid, a, v) for sid, a, v, n in subs if n is None]
        if not todo:
            return out
        table = SubmissionItem.__table__
        items = read_items(s, table, "submission_id", table.c.submission_id.in_([sid for sid, _, _ in todo]))
        required = reference.required_channels_by_version(s, [(a, v or "") for _, a, v in todo])
        by_sub: dict[int, list[ItemRecord]] = {sid: [] for sid, _, _ in todo}
        for item in items:
            by_sub[item.catalog_id].append(item)
        gathered = set(s.scalars(select(Submission.id).join(Unit, Unit.code == Submission.unit_code).where(
            Submission.id.in_([sid for sid, _, _ in todo]), Unit.kind.in_(list(vocab.UPPER_KINDS)))))
        counted = {sid: len(validate_items(by_sub[sid], required[(a, v or "")], names_unique=sid not in gathered))
                   for sid, a, v in todo}
        t = Submission.__table__
        s.execute(t.update().where(t.c.id == bindparam("sid")).values(problem_count=bindparam("n")),
                  [{"sid": sid, "n": n} for sid, n in counted.items()])
    return out | counted


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
    template = reference.template_items(ws, info.area_code, info.template_version or None)
    for dev in diff.diff_template(items, template):
        if dev.item_id:
            data.template[dev.item_id] = dev
        else:
            data.dropped.append(dev)
    problems = submission_problems(ws, info, items)
    data.problem_count = len(problems)
    for p in problems:
        data.problems.setdefault(p.item_id or "", []).append(p)
    _since_baseline(ws, data)
    with ws.session() as s:
        for w in laws.warnings(items, laws.load_index(s)):
            data.warnings.setdefault(w.item_id or "", []).append(w)
    latest = reference.latest_template(ws, info.area_code)
    data.latest_template = latest[1] if latest else ""
    refresh_review(ws, data)
    return data


def _since_baseline(ws: Workspace, data: SubmissionData) -> None:
    """Units submit changes against the published version: what changed since it (rounds after the first)."""
    info = data.info
    with ws.session() as s:
        found = versions.published_baselines(s, info.area_code, info.unit_code).get((info.unit_code, info.area_code))
    if found is None or found[0] >= info.id:
        return
    data.baseline, data.baseline_round = submissions.get_submission(ws, found[0]), found[1]
    for c in diff_catalogs(submissions.submission_items(ws, found[0]), data.items).changes:
        if c.kind == "removed":
            data.removed_since_baseline.append(c)
        else:
            data.since_baseline[c.item_id] = c


def refresh_review(ws: Workspace, data: SubmissionData) -> None:
    """Only what the reviewer changes (verdicts, comments, status): cheap, after every command."""
    data.info = submissions.get_submission(ws, data.info.id)
    data.verdicts = decisions.verdicts(ws, data.info.id)
    data.comments = decisions.comments(ws, data.info.id)
    data.decisions = decisions.decisions(ws, data.info.id)
