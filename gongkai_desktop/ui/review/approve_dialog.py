"""通过 on a submission that still has problems: an explicit confirmation that lists them.

Without it the blanks (missing 公开内容, 时限, 层级 …) would go into the county catalog unseen.
The dialog shows the counts by kind (`problem_summary`, the same words as the CLI's refusal) and
every problem with its item; 取消 is the default button, so Enter does not approve.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from ... import problem_summary, vocab
from ...records import Problem


class ApproveWithProblemsDialog(QDialog):
    """Accepted only by 仍然通过; ``problem_list`` holds one line per problem."""

    def __init__(self, title: str, problems: Sequence[Problem], round_name: str, reviewer: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("通过有问题的报送")
        layout = QVBoxLayout(self)
        items = len({p.item_id for p in problems})
        self.summary = QLabel(
            f"<b>“{title}”还有 {len(problems)} 个问题</b>（涉及 {items} 个事项）："
            f"{problem_summary.kinds_text(problems)}。<br><br>"
            f"通过后该版本锁定，这些空白会原样进入全县目录和对外发布的目录。"
            f"一般应退回修改；确需通过时请点“仍然通过”。<br>轮次：{round_name}　审核人：{reviewer or '（未填写）'}"
            f"<br>此决定不能撤销。")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problem_list = QListWidget()
        for p in problems:
            field = vocab.FIELD_LABELS.get(p.field or "", "")
            self.problem_list.addItem(f"{p.item_label}{'【' + field + '】' if field else ''}：{p.message}")
        layout.addWidget(self.problem_list, 1)
        buttons = QDialogButtonBox()
        self.approve_button = buttons.addButton("仍然通过", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setDefault(True)
        self.approve_button.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 420)


def confirm_approval(title: str, problems: Sequence[Problem], round_name: str, reviewer: str,
                     parent: QWidget | None = None) -> bool:
    """True when the reviewer chose 仍然通过."""
    return ApproveWithProblemsDialog(title, problems, round_name, reviewer, parent).exec() == QDialog.DialogCode.Accepted
