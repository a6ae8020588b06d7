"""The undo plumbing both windows share (ui/undo.py): perform first, push only what succeeded."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from gongkai_desktop.errors import DomainError
from gongkai_desktop.ui.undo import PerformedCommand, push_performed


class Counter(PerformedCommand):
    """Adds ``step`` to ``state["value"]``; refuses while ``state["locked"]`` is set."""

    def __init__(self, state: dict, step: int, errors: list) -> None:
        super().__init__(f"加 {step}", errors.append)
        self.state, self.step = state, step
        self.refreshed = 0

    def _check(self) -> None:
        if self.state.get("locked"):
            raise DomainError("locked", "已锁定")

    def perform(self) -> None:
        self._check()
        self.state["value"] += self.step
        self.changed = self.step != 0

    def revert(self) -> None:
        self._check()
        self.state["value"] -= self.step

    def refresh(self) -> None:
        self.refreshed += 1


def test_first_run_performs_once_and_undo_redo_follow(qapp) -> None:
    stack, state, errors = QUndoStack(), {"value": 0}, []
    cmd = Counter(state, 5, errors)
    assert push_performed(stack, cmd)
    assert state["value"] == 5 and stack.count() == 1 and stack.undoText() == "加 5"  # push did not redo again
    stack.undo()
    assert state["value"] == 0
    stack.redo()
    assert state["value"] == 5 and cmd.refreshed == 3 and errors == []


def test_refused_and_no_op_operations_leave_no_entry(qapp) -> None:
    stack, state, errors = QUndoStack(), {"value": 0, "locked": True}, []
    sink: list = []
    assert not push_performed(stack, Counter(state, 5, errors), sink.append)
    assert [e.code for e in sink] == ["locked"] and errors == [] and stack.count() == 0
    state["locked"] = False
    assert push_performed(stack, Counter(state, 0, errors))
    assert stack.count() == 0 and state["value"] == 0


def test_an_undo_that_fails_is_reported_and_the_entry_dropped(qapp) -> None:
    stack, state, errors = QUndoStack(), {"value": 0}, []
    cmd = Counter(state, 2, errors)
    push_performed(stack, cmd)
    state["locked"] = True
    stack.undo()
    assert [e.code for e in errors] == ["locked"] and state["value"] == 2
    assert stack.count() == 0 and not stack.canUndo() and not stack.canRedo()  # dropped (and deleted) as obsolete
