"""The review office's audit log: who imported, commented, decided, exported, took or reopened what, and when.

Each entry is written in the same transaction as the action it records, so the log never claims an
action that did not commit and never misses one that did. Undo does not remove entries: the log is
history, not state; an undo or redo of a review edit is an entry of its own (written by `undo`). `gongkai review log` and the window's 审核日志 read it back, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AuditEntry, utcnow
from ..workspace import Workspace

ACTIONS = {
    "import": "导入报送", "comment": "写审核意见", "delete_comment": "删除审核意见", "verdict": "事项结论",
    "general_comment": "修改总体意见", "decide": "作出决定", "result": "生成审核结果", "take": "认领",
    "release": "放弃认领", "reopen": "重新打开意见", "clear": "清除审核意见",
    "forward": "报送上级", "upstream_result": "导入上级审核结果", "undo": "撤销或重做",
}


@dataclass(slots=True)
class AuditInfo:
    id: int
    at: datetime
    reviewer: str
    action: str
    submission_id: int | None
    detail: str

    @property
    def label(self) -> str:
        return ACTIONS.get(self.action, self.action)


def record(s: Session, reviewer: str, action: str, submission_id: int | None = None, detail: str = "") -> None:
    """One entry, inside the caller's transaction."""
    s.add(AuditEntry(at=utcnow(), reviewer=reviewer or "", action=action, submission_id=submission_id,
                     detail=detail[:2000]))


def entries(ws: Workspace, submission_id: int | None = None, limit: int = 500) -> list[AuditInfo]:
    """The newest entries first (of one submission, or of the whole office)."""
    with ws.session(write=False) as s:
        q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if submission_id is not None:
            q = q.where(AuditEntry.submission_id == submission_id)
        return [AuditInfo(e.id, e.at, e.reviewer, e.action, e.submission_id, e.detail) for e in s.scalars(q)]
