"""The plumbing every undo entry shares (style.md #3): perform first, push only what succeeded.

A command performs its core operation once *before* it is pushed (`push_performed`), so a refused
operation (a `DomainError`) is shown to the user and never lands on the stack; QUndoStack.push's own
immediate ``redo()`` is then skipped. Later undo/redo call the operation or its inverse; if that fails
(the item vanished, the submission was approved meanwhile), the user is told and the entry is
dropped as obsolete. The unit's item edits (ui/commands.py) and the review's verdicts and comments
(ui/review/review_commands.py) both build on this, so the two stacks behave the same.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..errors import DomainError
from .fault_boundary import as_message

ErrorSink = Callable[[DomainError], None]


class PerformedCommand(QUndoCommand):
    """Base: `perform` does the operation, `revert` its inverse; errors go to ``on_error``.

    ``changed`` False after `perform` means the operation was a no-op: no entry is pushed.
    `refresh` runs after every undo/redo (even a failed one) and after a successful first run.
    """

    def __init__(self, text: str, on_error: ErrorSink) -> None:
        super().__init__(text)
        self.on_error = on_error
        self.changed = True
        self._skip_redo = False

    # Every command class defines both: the core operation and its inverse.
    perform: Callable[[], None]
    revert: Callable[[], None]

    def refresh(self) -> None:
        """Hook for views that show what the command touched; nothing by default."""

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._guard(self.perform)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:
            err = as_message(exc)  # a refusal, or a fault such as a full disk; a bug goes on up
            if err is None:
                raise
            self.setObsolete(True)
            self.on_error(err)
        self.refresh()


def push_performed(stack: QUndoStack, cmd: PerformedCommand, on_error: ErrorSink | None = None) -> bool:
    """Do the operation; show a refusal (to ``on_error``, else the command's own sink) or push the entry.

    Returns False only when the operation was refused (nothing changed, nothing pushed).
    """
    try:
        cmd.perform()
    except Exception as exc:
        err = as_message(exc)  # a refusal, or a fault such as a full disk: nothing changed, nothing pushed
        if err is None:
            raise
        (on_error or cmd.on_error)(err)
        return False
    cmd.refresh()
    if cmd.changed:
        cmd._skip_redo = True
        stack.push(cmd)
    return True
