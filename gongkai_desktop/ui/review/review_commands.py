"""Undo entries of the review: per-item verdicts, comments, the general comment (QUndoCommands over the core).

Like the unit side's commands (ui/commands.py), each operation runs once before it is pushed, so a
refusal never lands on the stack (the shared plumbing is ui/undo.py); later undo/redo call the core
operation or its inverse and then ``notify(submission id)`` so the open view refreshes. The decision itself is not an entry: it is
confirmed in a dialog and cannot be undone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack

from ...office import decisions
from ...office.decisions import CommentInfo
from ...workspace import Workspace
from ..undo import ErrorSink, PerformedCommand, push_performed

Notify = Callable[[int], None]
VERDICT_TEXTS = {"ok": "标记合格", "change": "标记需修改", None: "清除审核结论"}


class ReviewCommand(PerformedCommand):
    """An entry over one submission; the open view re-reads it after every undo/redo (even a refused one:
    e.g. the submission was approved meanwhile and is locked)."""

    def __init__(self, ws: Workspace, submission_id: int, text: str, notify: Notify, on_error: ErrorSink) -> None:
        super().__init__(text, on_error)
        self.ws, self.submission_id = ws, submission_id
        self.notify = notify

    def refresh(self) -> None:
        self.notify(self.submission_id)


class VerdictCommand(ReviewCommand):
    """合格 / 需修改 / cleared, for one item."""

    def __init__(self, ws: Workspace, submission_id: int, item_id: str, verdict: str | None, notify: Notify,
                 on_error: ErrorSink) -> None:
        super().__init__(ws, submission_id, VERDICT_TEXTS[verdict], notify, on_error)
        self.item_id, self.new = item_id, verdict
        self.old: str | None = None

    def perform(self) -> None:
        self.old = decisions.set_verdict(self.ws, self.submission_id, self.item_id, self.new)
        self.changed = self.old != self.new

    def revert(self) -> None:
        decisions.set_verdict(self.ws, self.submission_id, self.item_id, self.old)


class AddCommentCommand(ReviewCommand):
    def __init__(self, ws: Workspace, submission_id: int, text: str, item_id: str | None, field: str | None,
                 author: str, notify: Notify, on_error: ErrorSink) -> None:
        super().__init__(ws, submission_id, "添加审核意见", notify, on_error)
        self.args = (text, item_id, field, author)
        self.comment_id: str | None = None

    def perform(self) -> None:
        text, item_id, field, author = self.args
        self.comment_id = decisions.add_comment(self.ws, self.submission_id, text, item_id, field, author).id

    def revert(self) -> None:
        assert self.comment_id is not None
        decisions.delete_comment(self.ws, self.comment_id)


class DeleteCommentCommand(ReviewCommand):
    def __init__(self, ws: Workspace, comment: CommentInfo, notify: Notify, on_error: ErrorSink) -> None:
        super().__init__(ws, comment.submission_id, "删除审核意见", notify, on_error)
        self.comment = comment
        self.comment_id = comment.id

    def perform(self) -> None:
        decisions.delete_comment(self.ws, self.comment_id)

    def revert(self) -> None:
        c = self.comment
        self.comment_id = decisions.add_comment(self.ws, self.submission_id, c.text, c.item_id, c.field, c.author).id


class GeneralCommentCommand(ReviewCommand):
    def __init__(self, ws: Workspace, submission_id: int, text: str, notify: Notify, on_error: ErrorSink) -> None:
        super().__init__(ws, submission_id, "修改总体意见", notify, on_error)
        self.new = text
        self.old = ""

    def perform(self) -> None:
        self.old = decisions.set_general_comment(self.ws, self.submission_id, self.new)

    def revert(self) -> None:
        decisions.set_general_comment(self.ws, self.submission_id, self.old)


def run(stack: QUndoStack, cmd: ReviewCommand) -> bool:
    """Do the operation; show a refusal (nothing pushed) or push the done entry."""
    return push_performed(stack, cmd)
